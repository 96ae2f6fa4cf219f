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
    row_strategy = _side_strategy(spec, row, play, 0, model, values)
    col_strategy = _side_strategy(spec, col, play, 1, model, values)
    rounds = rounds_of(play, values) if rounds is None else rounds
    runs, seed = monte_carlo_settings(play)
    limits.check("rounds", rounds, key="play.rounds" if play is not None else "rounds")
    return PlaySetup(model, row_strategy, col_strategy, int(rounds), runs, seed, values)


def _side_strategy(spec, given, play, side: int, model, values) -> Automaton:
    """The strategy given as the argument ``row``/``col``, else the ``play`` section's."""
    name = ("row", "col")[side]
    if given is None:
        return strategy_of(spec, getattr(play, name), side, model, values, f"play.{name}")
    try:
        return strategy_of(spec, given, side, model, values, "")
    except ScenarioError as exc:
        raise exc.located(argument=name) from None


def monte_carlo_settings(section) -> tuple[int, int]:
    """``(runs, seed)`` of a ``[play]`` or ``[tournament]`` section, defaults filled in."""
    runs = getattr(section, "runs", None)
    seed = getattr(section, "seed", None)
    return (
        defaults.MONTE_CARLO_RUNS if runs is None else runs,
        defaults.SEED if seed is None else seed,
    )
