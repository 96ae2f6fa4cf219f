"""A scenario's iterated game ready to analyse: the model, both strategies and the horizon."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim import limits
from sim.compile import defaults
from sim.compile.horizon import rounds_of
from sim.compile.model import model_of
from sim.compile.strategies import strategy_of
from sim.dynamics.model import IteratedModel
from sim.errors import ScenarioError
from sim.scenario.iterated import StrategyChoice
from sim.strategies.automaton import Automaton


@dataclass(frozen=True, eq=False)
class PlaySetup:
    """A scenario's iterated game ready to analyse: model, both strategies, horizon.

    ``runs`` and ``seed`` are the Monte Carlo settings (``play.runs``, ``play.seed``, else
    :data:`sim.compile.defaults.MONTE_CARLO_RUNS` and :data:`~sim.compile.defaults.SEED`).
    """

    model: IteratedModel
    row: Automaton
    col: Automaton
    rounds: int
    runs: int
    seed: int
    parameters: dict[str, Any]


def play_setup(
    scenario,
    parameters: Mapping[str, Any] | None = None,
    *,
    row: str | StrategyChoice | None = None,
    col: str | StrategyChoice | None = None,
    rounds: int | None = None,
) -> PlaySetup:
    """Model, strategies (the ``play`` section's unless ``row``/``col`` are given) and horizon."""
    spec = scenario.model
    values = {**scenario.parameters, **(parameters or {})}
    model = model_of(spec, values)
    play = spec.play
    if (row is None or col is None) and play is None:
        raise ScenarioError("the scenario has no [play] section; give both strategies", key="play")
    row_strategy = strategy_of(
        spec, row or play.row, 0, model, values, "--row" if row else "play.row"
    )
    col_strategy = strategy_of(
        spec, col or play.col, 1, model, values, "--col" if col else "play.col"
    )
    rounds = rounds_of(play, values) if rounds is None else rounds
    runs, seed = monte_carlo_settings(play)
    limits.check("rounds", rounds, key="play.rounds" if play is not None else "rounds")
    return PlaySetup(model, row_strategy, col_strategy, int(rounds), runs, seed, values)


def monte_carlo_settings(section) -> tuple[int, int]:
    """``(runs, seed)`` of a ``[play]`` or ``[tournament]`` section, defaults filled in."""
    runs = getattr(section, "runs", None)
    seed = getattr(section, "seed", None)
    return (
        defaults.MONTE_CARLO_RUNS if runs is None else runs,
        defaults.SEED if seed is None else seed,
    )
