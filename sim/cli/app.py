"""The ``stabsim`` application object, its global options and what the commands share.

The options the commands share are defined once, in :mod:`sim.cli.options`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="stabsim",
    help="Game-theoretic simulator of strategic stability between two states.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        import sim

        typer.echo(f"stabsim {sim.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Game-theoretic simulator of strategic stability between two states."""
    if isinstance(ctx.obj, dict) and ctx.invoked_subcommand:
        # remembered so that an error naming an argument can be shown with its option
        ctx.obj["command"] = ctx.command.get_command(ctx, ctx.invoked_subcommand)


def renamed(value, legacy, new: str):
    """``legacy`` (given with the old option ``--method``) if given, else ``value``."""
    if legacy is None:
        return value
    typer.echo(f"warning: --method is deprecated, use {new}", err=True)
    return legacy


def load_with_overrides(path: Path, overrides: list[str] | None):
    """Load a scenario with ``--set`` overrides applied and checked."""
    from sim import load, parse_overrides

    return load(path, parse_overrides(overrides or []))


def command_line(ctx: typer.Context) -> list[str]:
    """The arguments of this invocation, for manifests (``stabsim`` itself left out)."""
    obj = ctx.find_root().obj
    return list(obj["argv"]) if isinstance(obj, dict) else sys.argv[1:]


def print_json(data) -> None:
    """Print a JSON-ready object (numpy values allowed) to stdout."""
    from sim import json_ready

    typer.echo(json.dumps(json_ready(data), indent=2, allow_nan=False))


def show(section, as_json: bool, markdown) -> None:
    """Print ``section`` as JSON, or as the Markdown that ``markdown(section)`` renders."""
    if as_json:
        print_json(section)
    else:
        print_markdown(markdown(section))


def print_markdown(text: str) -> None:
    """Render Markdown on the terminal (plain text when output is not a terminal)."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console(soft_wrap=False).print(Markdown(text))
