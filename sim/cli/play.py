"""Commands on iterated play of a strategy profile: play, check, strategies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError
from sim.cli.app import app, load_with_overrides, show
from sim.cli.options import (
    JsonOption,
    RoundsOption,
    RunsOption,
    ScenarioFile,
    SeedOption,
    SetOption,
    StrategyOption,
)
from sim.cli.progress import progress_bars


def _located(file: Path, call):
    """Run ``call()``; a ScenarioError without a file gets ``file``."""
    from sim import ScenarioError

    try:
        return call()
    except ScenarioError as exc:
        raise exc.located(str(file)) from None


@app.command()
def play(
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    row: StrategyOption = None,
    col: StrategyOption = None,
    rounds: RoundsOption = None,
    runs: RunsOption = None,
    seed: SeedOption = None,
) -> None:
    """Iterated play: exact (Markov chain) outcomes and Monte Carlo runs, or one run's history.

    With --runs 1 the one run's history is printed, round by round.
    """
    from sim import play_analysis, play_markdown

    scenario = load_with_overrides(file, overrides)
    with progress_bars(json_):
        section = _located(
            file,
            lambda: play_analysis(scenario, row=row, col=col, rounds=rounds, runs=runs, seed=seed),
        )
    if section is None:
        raise OptionError("the scenario has no [play] section: give `row` and `col`", "row")
    show(section.to_dict(), json_, play_markdown)


@app.command()
def check(
    file: ScenarioFile,
    overrides: SetOption = None,
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
    rounds: RoundsOption = None,
) -> None:
    """Equilibrium checks of a strategy profile under a stated monitoring assumption.

    --rounds sets the horizon of the finitely repeated game (without discounting); the
    checks are exact and draw nothing at random, so there is no --runs or --seed.
    """
    from sim import check_markdown, profile_check

    if monitoring not in (None, "perfect", "public", "private"):
        raise OptionError("must be perfect, public or private", "monitoring")
    scenario = load_with_overrides(file, overrides)
    section = _located(
        file,
        lambda: profile_check(scenario, row=row, col=col, monitoring=monitoring, rounds=rounds),
    )
    show(section.to_dict(), json_, check_markdown)


@app.command()
def strategies(
    file: Annotated[
        Path | None, typer.Argument(help="Scenario whose actions and strategies to use.")
    ] = None,
    overrides: SetOption = None,
    json_: JsonOption = False,
) -> None:
    """List the strategy library (and a scenario's own strategies) with their sources."""
    from sim import strategies_markdown, strategy_listing

    scenario = load_with_overrides(file, overrides) if file is not None else None
    section = _located(file, lambda: strategy_listing(scenario)) if file else strategy_listing()
    show(section, json_, strategies_markdown)
