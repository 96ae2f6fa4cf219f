"""The entry point: run a command line and turn every error into one line.

``--debug`` anywhere on the line shows the traceback instead (see :mod:`sim.cli.errors`).
"""

from __future__ import annotations

import sys

import typer

from sim import StabsimError
from sim.cli import errors
from sim.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``stabsim`` console script; exits with the command's status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    state: dict = {"argv": args}
    try:
        status = app(args=args, prog_name="stabsim", obj=state, standalone_mode=False)
    except errors.click_exceptions.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        status = errors.USAGE_STATUS
    except errors.click_exceptions.UsageError as exc:
        typer.echo(errors.usage_error_line(exc), err=True)
        status = errors.USAGE_STATUS
    except typer.Abort:
        typer.echo(errors.error_line("aborted"), err=True)
        status = errors.INTERNAL_STATUS
    except StabsimError as exc:
        if debug:
            raise
        options = errors.option_names(state.get("command"))
        typer.echo(errors.user_error_line(exc, options, errors.input_file(args)), err=True)
        status = errors.USAGE_STATUS
    except OSError as exc:
        if debug:
            raise
        typer.echo(errors.os_error_line(exc), err=True)
        status = errors.USAGE_STATUS
    except Exception as exc:
        if debug:
            raise
        typer.echo(errors.internal_error_line(exc), err=True)
        status = errors.INTERNAL_STATUS
    if isinstance(status, int) and status != 0:
        sys.exit(status)
