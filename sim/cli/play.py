"""Commands on iterated play of a strategy profile: play, check, strategies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import (
    JsonOption,
    ScenarioFile,
    SetOption,
    app,
    load_with_overrides,
    show,
)
from sim.errors import OptionError

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
    show(section.to_dict(), json_, play_markdown)


@app.command()
def check(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    row: StrategyOption = None,
    col: StrategyOption = None,
    monitoring: Annotated[
        str | None,
        typer.Option(
            "--monitoring",
            help="perfect, public or private (default: the scenario's monitoring.signals).",
        ),
    ] = None,
) -> None:
    """Equilibrium checks of a strategy profile under a stated monitoring assumption."""
    from sim.play.profile_check import profile_check
    from sim.report.play import check_markdown

    if monitoring not in (None, "perfect", "public", "private"):
        raise OptionError("must be perfect, public or private", "--monitoring")
    scenario = load_with_overrides(file, set_)
    section = _located(
        file, lambda: profile_check(scenario, row=row, col=col, monitoring=monitoring)
    )
    show(section.to_dict(), json_, check_markdown)


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
    show(section, json_, strategies_markdown)
