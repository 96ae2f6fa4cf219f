"""The ``stabsim`` command line: a thin layer over the public API.

User errors (bad scenario, bad option) print one line ``error: FILE: KEY.PATH: problem``
on stderr and exit with status 2; ``--debug`` (anywhere on the line) shows the traceback.
Heavy modules are imported inside the commands so that ``stabsim --help`` is fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sim.errors import OptionError, StabsimError

app = typer.Typer(
    name="stabsim",
    help="Game-theoretic simulator of strategic stability between two states.",
    no_args_is_help=True,
    add_completion=False,
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


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Game-theoretic simulator of strategic stability between two states."""


def load_with_overrides(path: Path, overrides: list[str] | None):
    """Load a scenario with ``--set`` overrides applied and checked."""
    from sim.scenario.loader import load, parse_overrides

    return load(path, parse_overrides(overrides or []))


def command_line(ctx: typer.Context) -> list[str]:
    """The arguments of this invocation, for manifests (``stabsim`` itself left out)."""
    obj = ctx.find_root().obj
    return list(obj["argv"]) if isinstance(obj, dict) else sys.argv[1:]


def print_json(data) -> None:
    """Print a JSON-ready object (numpy values allowed) to stdout."""
    from sim.report.folder import _plain

    typer.echo(json.dumps(_plain(data), indent=2, allow_nan=False))


def print_markdown(text: str) -> None:
    """Render Markdown on the terminal (plain text when output is not a terminal)."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console(soft_wrap=False).print(Markdown(text))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files to check.")],
    set_: SetOption = None,
) -> None:
    """Check scenario files; print one line per file, exit 2 if any is invalid."""
    from sim.scenario.loader import load, parse_overrides

    overrides = parse_overrides(set_ or [])
    failed = False
    for path in files:
        try:
            load(path, overrides)
            typer.echo(f"ok: {path}")
        except StabsimError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
    if failed:
        raise typer.Exit(2)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario file format."""
    from sim.scenario.schema import Scenario

    print_json(Scenario.model_json_schema())


@app.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    from sim.scenario.bundled import bundled_scenarios

    for path, title in bundled_scenarios():
        typer.echo(f"{path}\t{title}")


@app.command()
def solve(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    method: Annotated[
        str, typer.Option(help="Equilibrium method: stabsim (all equilibria) or nashpy.")
    ] = "stabsim",
    exact: Annotated[bool, typer.Option("--exact", help="Exact rational arithmetic.")] = False,
) -> None:
    """Analyse the stage game: equilibria, dominance, Pareto optimality, maxmin values."""
    from sim.equilibria.stage import scenario_stage_analysis
    from sim.report.stage import stage_markdown

    if method not in ("stabsim", "nashpy"):
        raise OptionError(f"unknown method {method!r} (stabsim or nashpy)", "--method")
    scenario = load_with_overrides(file, set_)
    analysis = scenario_stage_analysis(scenario, method=method, exact=exact)
    if json_:
        print_json(analysis.to_dict())
    else:
        print_markdown(stage_markdown(analysis))


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
    from sim.report.manifest import utc_now
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


PoolOption = Annotated[
    list[str] | None,
    typer.Option(help="Strategies of a pool, comma-separated or repeated (default: the file's)."),
]
TableMethod = Annotated[
    str | None, typer.Option("--method", help="Pairings: exact or monte_carlo (default: file's).")
]


@app.command()
def tournament(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: TableMethod = None,
) -> None:
    """Round robin of the row pool against the column pool, and its meta-game."""
    from sim.evolution.tournament import tournament as play_tournament
    from sim.report.tournament import split_pool, tournament_markdown

    scenario = load_with_overrides(file, set_)
    section = play_tournament(scenario, split_pool(row_pool), split_pool(col_pool), method)
    if json_:
        print_json(section.to_dict())
    else:
        print_markdown(tournament_markdown(section))


@app.command()
def evolve(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    dynamics: Annotated[
        str,
        typer.Option(
            help="replicator or moran (on the tournament table); fictitious or logit (on the "
            "stage game)."
        ),
    ] = "replicator",
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: TableMethod = None,
) -> None:
    """Evolutionary and learning dynamics: which strategies spread, where learning leads."""
    from sim.evolution.dynamics import evolve as run_dynamics
    from sim.report.tournament import evolve_markdown, split_pool

    scenario = load_with_overrides(file, set_)
    pools = split_pool(row_pool), split_pool(col_pool)
    section = run_dynamics(scenario, dynamics, *pools, method)
    if json_:
        print_json(section.to_dict())
    else:
        print_markdown(evolve_markdown(section))


StrategyOption = Annotated[
    str | None,
    typer.Option(help="Strategy: a library or scenario name, or NAME(PARAM=VALUE, ...)."),
]


def _located(file: Path, call):
    """Run ``call()``; a ScenarioError without a file gets ``file``."""
    from sim.errors import ScenarioError

    try:
        return call()
    except ScenarioError as exc:
        raise exc.located(str(file)) from None


@app.command()
def play(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    row: StrategyOption = None,
    col: StrategyOption = None,
    rounds: Annotated[int | None, typer.Option(help="Rounds to play (default: [play]).")] = None,
    runs: Annotated[
        int | None, typer.Option(help="Monte Carlo runs; 1 prints that run's history.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the Monte Carlo runs.")] = None,
) -> None:
    """Iterated play: exact (Markov chain) outcomes and Monte Carlo runs, or one run's history."""
    from sim.play.analysis import play_analysis
    from sim.report.play import play_markdown

    for option, value, low in (("--rounds", rounds, 1), ("--runs", runs, 1), ("--seed", seed, 0)):
        if value is not None and value < low:
            raise OptionError(f"must be at least {low}, not {value}", option)
    scenario = load_with_overrides(file, set_)
    section = _located(
        file,
        lambda: play_analysis(scenario, row=row, col=col, rounds=rounds, runs=runs, seed=seed),
    )
    if section is None:
        raise OptionError("the scenario has no [play] section: give --row and --col", "--row")
    if json_:
        print_json(section.to_dict())
    else:
        print_markdown(play_markdown(section))


@app.command()
def check(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    row: StrategyOption = None,
    col: StrategyOption = None,
) -> None:
    """Subgame perfection, critical discount factor and best responses of a strategy profile."""
    from sim.play.profile_check import profile_check
    from sim.report.play import check_markdown

    scenario = load_with_overrides(file, set_)
    section = _located(file, lambda: profile_check(scenario, row=row, col=col))
    if json_:
        print_json(section.to_dict())
    else:
        print_markdown(check_markdown(section))


@app.command()
def strategies(
    file: Annotated[
        Path | None, typer.Argument(help="Scenario whose actions and strategies to use.")
    ] = None,
    set_: SetOption = None,
    json_: JsonOption = False,
) -> None:
    """List the strategy library (and a scenario's own strategies) with their sources."""
    from sim.play.strategy_list import strategy_listing
    from sim.report.play import strategies_markdown

    scenario = load_with_overrides(file, set_) if file is not None else None
    section = _located(file, lambda: strategy_listing(scenario)) if file else strategy_listing()
    if json_:
        print_json(section)
    else:
        print_markdown(strategies_markdown(section))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``stabsim`` console script; exits with the command's status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        app(args=args, prog_name="stabsim", obj={"argv": args})
    except StabsimError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
