"""Commands that write result folders and draw them: run, sweep, plot."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError
from sim.cli.app import app, command_line, load_with_overrides, print_json, print_markdown
from sim.cli.options import (
    FigureFormatOption,
    JsonOption,
    OutOption,
    QuietOption,
    RoundsOption,
    RunsOption,
    ScenarioFile,
    SeedOption,
    SetOption,
)
from sim.cli.progress import progress_bars

RESULTS = Path("results")


@app.command()
def run(
    ctx: typer.Context,
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    out: OutOption = RESULTS,
    quiet: QuietOption = False,
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
    with progress_bars(json_, quiet):
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
    ctx: typer.Context,
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
    slices: Annotated[
        list[str] | None,
        typer.Option(
            "--slice",
            help="NAME=VALUE: the value at which a sweep's third (and further) parameter is "
            "held in its maps (repeatable; default: its first value).",
        ),
    ] = None,
    limits: Annotated[
        list[str] | None,
        typer.Option(
            "--limits",
            help="OUTCOME=LOW:HIGH: the colour limits of a sweep outcome's map (repeatable).",
        ),
    ] = None,
    contours: Annotated[
        list[str] | None,
        typer.Option(
            "--contours",
            help="OUTCOME=V1,V2,...: contour lines on a sweep outcome's map (repeatable).",
        ),
    ] = None,
) -> None:
    """Draw the figures of a result or sweep folder into its figures/ subfolder.

    A sweep over more than two parameters is mapped over the first two; the others are held
    at their first value unless --slice chooses another, and a note on stderr says which.
    """
    from sim import (
        amend_manifest,
        parse_overrides,
        read_results,
        refresh_hashes,
        result_figures,
        result_folder,
        result_notes,
        write_figures,
        write_folder_index,
    )

    chosen_slices = parse_overrides(slices or [], "slices")
    scales = map_scales(limits or [], contours or [])
    folder = result_folder(folder)
    results = read_results(folder)
    if list_:
        for name in result_figures(results, folder, chosen_slices, scales):
            typer.echo(name)
        return
    chosen = [n for item in names or [] for n in item.split(",") if n]
    formats_ = [f.strip().lower() for f in formats.split(",")]
    paths = write_figures(results, folder, chosen or None, formats_, chosen_slices, scales)
    for path in paths:
        typer.echo(str(path))
    for note in result_notes(results, chosen_slices):
        typer.echo(f"note: {note}", err=True)
    if paths:
        amend_manifest(folder, paths, command_line(ctx))
        # a run's page is among its manifest's files, a sweep's is not (it is written later)
        refresh_hashes(folder, [write_folder_index(folder)])
    if not paths:
        typer.echo(f"{folder}: no figures (a sweep needs a grid over two parameters)", err=True)


def map_scales(limits: list[str], contours: list[str]) -> dict[str, dict]:
    """``--limits OUTCOME=LOW:HIGH`` and ``--contours OUTCOME=V1,V2`` as the ``scales`` of
    :func:`sim.write_figures`."""
    scales: dict[str, dict] = {}
    for text in limits:
        name, values = _outcome_values(text, ":", "--limits", "OUTCOME=LOW:HIGH")
        if len(values) != 2 or not values[0] < values[1]:
            raise OptionError(f"{text!r}: give LOW:HIGH with LOW below HIGH", "--limits")
        scales.setdefault(name, {})["value_range"] = tuple(values)
    for text in contours:
        name, values = _outcome_values(text, ",", "--contours", "OUTCOME=V1,V2,...")
        scales.setdefault(name, {})["contour_levels"] = values
    return scales


def _outcome_values(text: str, separator: str, option: str, form: str):
    import math

    name, equals, rest = text.partition("=")
    try:
        values = [float(v) for v in rest.split(separator)]
    except ValueError:
        values = []
    if not equals or not name.strip() or not values or not all(map(math.isfinite, values)):
        raise OptionError(f"{text!r} is not {form} with finite numbers", option)
    return name.strip(), values


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
    quiet: QuietOption = False,
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
    from sim import write_folder_index

    write_folder_index(result.folder)
    if json_:
        summary = {"points": result.points, "computed": result.computed}
        print_json({**summary, "result_folder": str(result.folder)})
        return
    done = "already complete" if result.computed == 0 else f"{result.computed} computed now"
    if not quiet:
        typer.echo(f"{result.points} points ({done})")
    typer.echo(f"result folder: {result.folder}")
