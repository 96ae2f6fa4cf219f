"""Commands that write result folders and draw them: run, sweep, plot."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import app, command_line, load_with_overrides, print_json, print_markdown
from sim.cli.options import (
    FigureFormatOption,
    JsonOption,
    OutOption,
    RoundsOption,
    RunsOption,
    ScenarioFile,
    SeedOption,
    SetOption,
)

RESULTS = Path("results")


@app.command()
def run(
    ctx: typer.Context,
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    out: OutOption = RESULTS,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print only the folder.")] = False,
    rounds: RoundsOption = None,
    runs: RunsOption = None,
    seed: SeedOption = None,
) -> None:
    """Full report of a scenario, printed and written to a new result folder.

    The folder is OUT/SCENARIO_NAME/STAMP, a new one each run. --rounds, --runs and --seed
    replace the scenario's horizon and Monte Carlo settings in play, its checks (the
    horizon) and the tournament.
    """
    from sim import (
        analyse_scenario,
        check_destination,
        report_markdown,
        utc_now,
        write_result_folder,
    )

    started = utc_now()
    scenario = load_with_overrides(file, overrides)
    check_destination(Path(out) / scenario.name)  # before the work, not after it
    report = analyse_scenario(scenario, rounds=rounds, runs=runs, seed=seed)
    markdown = report_markdown(report)
    folder = write_result_folder(scenario, report, markdown, out, started, command_line(ctx))
    if json_:
        print_json({"result_folder": str(folder), "report": report.to_dict()})
        return
    if not quiet:
        print_markdown(markdown)
    typer.echo(f"result folder: {folder}")


@app.command()
def plot(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Result folder (report.json), sweep folder (results.parquet), or a "
            "scenario's folder of runs (its newest run)."
        ),
    ],
    names: Annotated[
        list[str] | None,
        typer.Option("--figure", help="Figure to draw, by name (repeatable; default: all)."),
    ] = None,
    formats: FigureFormatOption = "pdf,png",
    list_: Annotated[bool, typer.Option("--list", help="List the figures available.")] = False,
) -> None:
    """Draw the figures of a result or sweep folder into its figures/ subfolder."""
    from sim import read_results, result_figures, result_folder, write_figures

    folder = result_folder(folder)
    results = read_results(folder)
    if list_:
        for name in result_figures(results, folder):
            typer.echo(name)
        return
    chosen = [n for item in names or [] for n in item.split(",") if n]
    formats_ = [f.strip().lower() for f in formats.split(",")]
    paths = write_figures(results, folder, chosen or None, formats_)
    for path in paths:
        typer.echo(str(path))
    if not paths:
        typer.echo(f"{folder}: no figures (a sweep needs a grid over two parameters)", err=True)


@app.command()
def sweep(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Sweep file (TOML).", show_default=False)],
    overrides: SetOption = None,
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
    out: OutOption = RESULTS,
    resume: Annotated[
        bool, typer.Option("--resume", help="Resume the interrupted run in the result folder.")
    ] = False,
    csv: Annotated[bool, typer.Option("--csv", help="Also write results.csv.")] = False,
    chunk_size: Annotated[
        int | None, typer.Option(help="Points per chunk (default: the sweep file's).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    json_: JsonOption = False,
    seed: SeedOption = None,
    runs: RunsOption = None,
    rounds: RoundsOption = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the point count, chunk plan and an estimate; run nothing."
        ),
    ] = False,
) -> None:
    """Evaluate a sweep file's points and write the table (one row a point) and manifest.

    The folder is OUT/SWEEP_NAME; running again completes it, or resumes it with --resume.
    --runs and --rounds replace the sweep file's play settings, --seed its seed.
    """
    from sim import ExecutorSpec, load_sweep, parse_overrides, run_sweep

    spec = ExecutorSpec(workers=workers, scheduler=scheduler, dask_local=dask_local)
    settings = {"seed": seed, "runs": runs, "rounds": rounds}
    loaded = load_sweep(file, parse_overrides(overrides or []), **settings)
    if dry_run:
        from sim import plan_text, sweep_plan

        typer.echo(plan_text(sweep_plan(loaded, workers=workers, chunk_size=chunk_size)), nl=False)
        return
    result = run_sweep(
        loaded,
        out / loaded.name,
        spec,
        resume=resume,
        csv=csv,
        progress=False if quiet or json_ else None,
        chunk_size=chunk_size,
        argv=command_line(ctx),
    )
    if json_:
        summary = {"points": result.points, "computed": result.computed}
        print_json({**summary, "result_folder": str(result.folder)})
        return
    done = "already complete" if result.computed == 0 else f"{result.computed} computed now"
    typer.echo(f"{result.points} points ({done})")
    typer.echo(f"result folder: {result.folder}")
