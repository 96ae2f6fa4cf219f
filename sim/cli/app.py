"""The ``stabsim`` application object, its global options and what the commands share.

The option types defined here carry the one vocabulary of the command line: ``--set``,
``--json``, ``--seed``, ``--runs``, ``--rounds`` and ``--out`` mean the same in every
command that has them. A command's parameter is named like the argument of the function
it is passed to, so that an error naming that argument is shown with the option.
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

ScenarioFile = Annotated[
    Path, typer.Argument(help="Scenario file (TOML).", show_default=False, metavar="FILE")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario parameter: NAME=VALUE (repeatable)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
OutOption = Annotated[
    Path,
    typer.Option(
        "--out", help="Folder in which the result folder is made (OUT/NAME/...).", metavar="OUT"
    ),
]
RoundsOption = Annotated[
    int | None,
    typer.Option("--rounds", min=1, help="Rounds to play (default: the scenario's horizon)."),
]
RunsOption = Annotated[
    int | None,
    typer.Option("--runs", min=1, help="Monte Carlo runs (default: the scenario's)."),
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", min=0, help="Seed of the random draws (default: the scenario's)."),
]
LegacyMethod = Annotated[str | None, typer.Option("--method", hidden=True)]
"""``--method``, the former name of ``--solver`` and ``--pairing``, still accepted."""


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
    from sim.compile.check import load
    from sim.scenario.loader import parse_overrides

    return load(path, parse_overrides(overrides or []))


def command_line(ctx: typer.Context) -> list[str]:
    """The arguments of this invocation, for manifests (``stabsim`` itself left out)."""
    obj = ctx.find_root().obj
    return list(obj["argv"]) if isinstance(obj, dict) else sys.argv[1:]


def print_json(data) -> None:
    """Print a JSON-ready object (numpy values allowed) to stdout."""
    from sim.output.folder import _plain

    typer.echo(json.dumps(_plain(data), indent=2, allow_nan=False))


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
