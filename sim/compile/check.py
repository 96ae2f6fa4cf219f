"""Compiling a whole scenario once at load time, so that every error is found up front.

:func:`load` is parse + compile: it reads the file (:func:`sim.scenario.loader.parse`),
then builds the stage game, the iterated model, every strategy of the ``[play]`` and
``[strategies]`` sections and every tournament pool entry, and reports the first problem
as one :class:`~sim.errors.ScenarioError` naming the file and the key path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sim.compile.horizon import rounds_of
from sim.compile.model import model_of
from sim.compile.payoffs import evaluate_payoffs
from sim.compile.strategies import choice_name, strategy_of
from sim.errors import ScenarioError, StabsimError
from sim.scenario.iterated import StrategyChoice
from sim.scenario.loader import LoadedScenario, parse


def load(path: str | Path, overrides: Mapping[str, float] | None = None) -> LoadedScenario:
    """Read, validate and compile a scenario file.

    Compiling builds the model at the parameters in force, so that an expression naming an
    unknown parameter or dividing by zero, an unknown strategy or a probability above 1 is
    found here, with its key path.
    """
    loaded = parse(path, overrides)
    try:
        check_scenario(loaded)
    except ScenarioError as exc:
        raise exc.located(str(path)) from None
    return loaded


def check_scenario(loaded: LoadedScenario) -> None:
    """Compile everything of a parsed scenario once; raise its first error (without file).

    The iterated sections and the tournament pools are built at the scenario's default
    parameter values, the stage game at the values in force (defaults and overrides).
    """
    spec = loaded.model
    try:
        check_iterated(spec)
        check_tournament(spec)
    except StabsimError as exc:
        raise ScenarioError(exc.message, key=exc.key or "(top level)") from None
    evaluate_payoffs(spec, loaded.parameters)


def check_iterated(spec) -> None:
    """Build the dynamics, monitoring and every strategy of a parsed scenario."""
    if spec.dynamics is None and spec.monitoring is None and spec.play is None:
        if not spec.strategies:
            return
    values = spec.parameter_values()
    model = model_of(spec, values)
    used = set()
    if spec.play is not None:
        for side, choice in enumerate((spec.play.row, spec.play.col)):
            strategy_of(spec, choice, side, model, values, ("play.row", "play.col")[side])
            used.add((choice_name(choice), side))
        rounds_of(spec.play, values)
    for name in spec.strategies:
        if any((name, side) in used for side in (0, 1)):
            continue
        errors = []
        for side in (0, 1):
            try:
                strategy_of(spec, name, side, model, values, f"strategies.{name}")
            except ScenarioError as exc:
                errors.append(exc)
        if len(errors) == 2:
            raise errors[0]


def check_tournament(spec) -> None:
    """Build every pool entry of the ``[tournament]`` section (``tournament.pool[2]...``)."""
    section = spec.tournament
    if section is None:
        return
    values = spec.parameter_values()
    try:
        model = model_of(spec, values)
    except StabsimError:
        return  # reported by the checks of the sections the model is built from
    for side, pool in enumerate(section.pools()):
        for index, entrant in enumerate(pool):
            key = f"{section.pool_key(side)}[{index}]"
            choice = StrategyChoice(strategy=entrant.strategy, parameters=dict(entrant.parameters))
            try:
                strategy_of(spec, choice, side, model, values, key)
            except StabsimError as exc:
                raise ScenarioError(exc.message, key=exc.key or key) from None
