"""Commands that write result folders and draw them: run, sweep, plot."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import (
    ScenarioFile,
    SetOption,
    app,
    command_line,
    load_with_overrides,
    print_markdown,
)


@app.command()
def run(
    ctx: typer.Context,
    file: ScenarioFile,
    set_: SetOption = None,
    out: Annotated[Path, typer.Option(help="Folder to hold the result folders.")] = Path("results"),
    quiet: Annotated[bool, typer.Option("--quiet", help="Print only the folder.")] = False,
) -> None:
    """Full report of a scenario, printed and written to a new result folder."""
    from sim.analysis.scenario import analyse_scenario
    from sim.output.manifest import utc_now
    from sim.report.run import report_markdown, write_result_folder

    started = utc_now()
    scenario = load_with_overrides(file, set_)
    report = analyse_scenario(scenario)
    markdown = report_markdown(report)
    folder = write_result_folder(scenario, report, markdown, out, started, command_line(ctx))
    if not quiet:
        print_markdown(markdown)
    typer.echo(f"result folder: {folder}")


@app.command()
def plot(
    folder: Annotated[
        Path, typer.Argument(help="Result folder (report.json) or sweep folder (results.parquet).")
    ],
    figure: Annotated[
        list[str] | None,
        typer.Option("--figure", help="Figure to draw, by name (repeatable; default: all)."),
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help="Comma-separated formats: pdf, png, svg.")
    ] = "pdf,png",
    list_: Annotated[bool, typer.Option("--list", help="List the figures available.")] = False,
) -> None:
    """Draw the figures of a result or sweep folder into its figures/ subfolder."""
    from sim.plots.defaults import folder_figures, write_figures

    if list_:
        for name in folder_figures(folder):
            typer.echo(name)
        return
    names = [n for item in figure or [] for n in item.split(",") if n]
    formats = [f.strip().lower() for f in format_.split(",") if f.strip()]
    paths = write_figures(folder, names or None, formats)
    for path in paths:
        typer.echo(str(path))
    if not paths:
        typer.echo(f"{folder}: no figures (a sweep needs a grid over two parameters)", err=True)


@app.command()
def sweep(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Sweep file (TOML).", show_default=False)],
    set_: SetOption = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Local worker processes (default: one per core; 1: serial)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler (tcp://HOST:PORT).")
    ] = None,
    dask_local: Annotated[
        int | None,
        typer.Option("--dask-local", help="Start a Dask LocalCluster of N workers on loopback."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Result folder (default: results/<sweep name>).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Resume the interrupted run in the result folder.")
    ] = False,
    csv: Annotated[bool, typer.Option("--csv", help="Also write results.csv.")] = False,
    chunk_size: Annotated[
        int | None, typer.Option(help="Points per chunk (default: the sweep file's).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Evaluate a sweep file's points and write the table (one row a point) and manifest."""
    from sim.scenario.loader import parse_overrides
    from sim.sweep.executors import ExecutorSpec
    from sim.sweep.loader import load_sweep
    from sim.sweep.run import run_sweep

    spec = ExecutorSpec(workers=workers, scheduler=scheduler, dask_local=dask_local)
    loaded = load_sweep(file, parse_overrides(set_ or []))
    result = run_sweep(
        loaded,
        out,
        spec,
        resume=resume,
        csv=csv,
        progress=False if quiet else None,
        chunk_size=chunk_size,
        argv=command_line(ctx),
    )
    done = "already complete" if result.computed == 0 else f"{result.computed} computed now"
    typer.echo(f"{result.points} points ({done})")
    typer.echo(f"result folder: {result.folder}")
