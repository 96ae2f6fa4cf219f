"""Commands on a finished sweep's table: sensitivity, where."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import app, show
from sim.cli.options import FigureFormatOption, JsonOption, SeedOption

SweepFolder = Annotated[
    Path, typer.Argument(help="A finished sweep folder (results.parquet).", show_default=False)
]
FiguresOption = Annotated[
    Path | None,
    typer.Option("--figures", help="Folder for the figure (default: FOLDER/figures)."),
]
NoFigureOption = Annotated[bool, typer.Option("--no-figure", help="Draw no figure.")]


@app.command()
def sensitivity(
    folder: SweepFolder,
    outcome: Annotated[str, typer.Option(help="The numeric outcome column to analyse.")],
    resamples: Annotated[
        int, typer.Option(min=10, max=100_000, help="Bootstrap resamples.")
    ] = 1000,
    seed: SeedOption = None,
    json_: JsonOption = False,
    figures: FiguresOption = None,
    format_: FigureFormatOption = "pdf,png",
    no_figure: NoFigureOption = False,
) -> None:
    """Sobol (Saltelli design), Morris (morris design) or given-data indices of an outcome."""
    from sim import sensitivity_markdown, sweep_sensitivity

    seed = 0 if seed is None else seed  # the bootstrap's draws
    result = sweep_sensitivity(folder, outcome, resamples=resamples, seed=seed)
    show(result.to_dict() if json_ else result, json_, sensitivity_markdown)
    if not no_figure:
        from sim import sensitivity_figure

        _save(sensitivity_figure(result), folder, figures, f"sensitivity-{outcome}", format_, json_)


@app.command()
def where(
    folder: SweepFolder,
    condition: Annotated[
        str,
        typer.Argument(help="The outcome of interest: 'OUTCOME OP NUMBER'.", show_default=False),
    ],
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Density the box must reach.")
    ] = 0.8,
    peel_alpha: Annotated[
        float, typer.Option(min=0.001, max=0.5, help="Share of points peeled per step.")
    ] = 0.05,
    mass_min: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Smallest share of points a box holds.")
    ] = 0.05,
    json_: JsonOption = False,
    figures: FiguresOption = None,
    format_: FigureFormatOption = "pdf,png",
    no_figure: NoFigureOption = False,
) -> None:
    """Scenario discovery: the PRIM box of the parameters where CONDITION holds."""
    from sim import prim_markdown, sweep_prim, sweep_prim_points

    options = {"threshold": threshold, "peel_alpha": peel_alpha, "mass_min": mass_min}
    result = sweep_prim(folder, condition, **options)
    show(result.to_dict() if json_ else result, json_, prim_markdown)
    if not no_figure and len(result.names) >= 2:
        from sim import prim_figure

        figure = prim_figure(result, sweep_prim_points(folder, condition))
        _save(figure, folder, figures, "prim", format_, json_)


def _save(figure, folder: Path, figures: Path | None, stem: str, formats: str, quiet: bool) -> None:
    from sim import save_figure

    target = figures if figures is not None else folder / "figures"
    target.mkdir(parents=True, exist_ok=True)
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    for path in save_figure(figure, target / stem, chosen):
        if not quiet:
            typer.echo(str(path))
