"""Commands that write results for other tools and for papers: export, table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError
from sim.cli.app import app, load_with_overrides
from sim.cli.options import ExactOption, ScenarioFile, SetOption

FORMATS = ("nfg", "nashpy", "latex")


@app.command()
def export(
    file: ScenarioFile,
    format_: Annotated[
        str, typer.Option("--format", help="nfg (Gambit), nashpy (Python) or latex (booktabs).")
    ] = "nfg",
    overrides: SetOption = None,
    exact: ExactOption = False,
) -> None:
    """Print the stage game as a Gambit .nfg file, a nashpy program or a LaTeX table."""
    from sim import Game, build_game, exact_payoffs

    if format_ not in FORMATS:
        raise OptionError(f"unknown format {format_!r} ({', '.join(FORMATS)})", "--format")
    scenario = load_with_overrides(file, overrides)
    game = build_game(scenario)
    if exact:
        exact_game = exact_payoffs(scenario.model, scenario.parameters)
        game = Game(game.players, game.actions, game.row_payoffs, game.col_payoffs, exact_game)
    title = scenario.model.metadata.title or scenario.model.metadata.name
    typer.echo(render(game, format_, title), nl=False)


def render(game, format_: str, title: str) -> str:
    """The game in one of :data:`FORMATS`."""
    from sim import to_nfg

    if format_ == "nfg":
        return to_nfg(game, title)
    if format_ == "nashpy":
        return nashpy_program(game, title)
    from sim import bimatrix_latex, pure_equilibria

    row, col = game.exact or (game.row_payoffs, game.col_payoffs)
    marked = pure_equilibria(game)
    caption = f"{title}. Bold: pure Nash equilibria."
    return bimatrix_latex(game.players, game.actions, row, col, caption=caption, marked=marked)


def nashpy_program(game, title: str) -> str:
    """A Python program that builds the game in nashpy (exact payoffs as Fractions)."""
    row, col = game.exact or (game.row_payoffs.tolist(), game.col_payoffs.tolist())
    exact = game.exact is not None

    def literal(matrix) -> str:
        cells = ("[" + ", ".join(_literal(v, exact) for v in line) + "]" for line in matrix)
        return "[\n    " + ",\n    ".join(cells) + ",\n]"

    header = [f"# {line}" for line in title.splitlines()] + [
        f"# {game.players[0]} (rows): {', '.join(game.actions[0])}",
        f"# {game.players[1]} (columns): {', '.join(game.actions[1])}",
    ]
    if exact:
        matrices = [
            f"A_exact = {literal(row)}",
            f"B_exact = {literal(col)}",
            "# nashpy computes in floating point",
            "A = np.array(A_exact, dtype=float)",
            "B = np.array(B_exact, dtype=float)",
        ]
    else:
        matrices = [f"A = np.array({literal(row)})", f"B = np.array({literal(col)})"]
    imports = ["from fractions import Fraction", ""] if exact else []
    body = [
        *imports,
        "import nashpy",
        "import numpy as np",
        "",
        *matrices,
        "game = nashpy.Game(A, B)",
    ]
    return "\n".join([*header, *body]) + "\n"


def _literal(value, exact: bool) -> str:
    if exact:
        return f'Fraction("{value}")'
    return repr(float(value))


@app.command()
def table(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A result folder (report.json), sweep folder, or a scenario's folder of "
            "runs (its newest run).",
            show_default=False,
        ),
    ],
    which: Annotated[
        str, typer.Option("--table", help="stage, equilibria, play, tournament or sweep.")
    ] = "stage",
    format_: Annotated[str, typer.Option("--format", help="latex, markdown or csv.")] = "latex",
) -> None:
    """Print a table of a result folder for a paper (booktabs LaTeX, Markdown or CSV)."""
    from sim import TABLE_FORMATS, TABLES, folder_table, result_folder

    folder = result_folder(folder)
    if which not in TABLES:
        raise OptionError(f"unknown table {which!r} ({', '.join(TABLES)})", "--table")
    if format_ not in TABLE_FORMATS:
        raise OptionError(f"unknown format {format_!r} ({', '.join(TABLE_FORMATS)})", "--format")
    if which == "sweep":
        from sim import render_table, sweep_summary

        text = render_table(sweep_summary(folder), format_, caption=f"Sweep {folder.name}")
    else:
        text = folder_table(folder, which, format_)
    typer.echo(text, nl=False)
