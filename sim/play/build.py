"""Building the iterated model and the strategies from a scenario.

Every numeric field is evaluated on the scenario's parameters, which may be arrays (one value
per sweep point): the model then carries their broadcast shape as batch axes. Integer fields
(a notice period, a deadline, the horizon) must have one value for all points. Errors are
:class:`~sim.errors.ScenarioError` with the key path from the top of the file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import default_violation, short_form_matrix
from sim.dynamics.treaty import TreatyDynamics, TreatyTransition
from sim.errors import ScenarioError
from sim.scenario.expressions import evaluate_entry
from sim.scenario.iterated import Observer, StrategyChoice
from sim.scenario.payoffs import evaluate_matrix, evaluate_payoffs
from sim.strategies.automaton import Automaton
from sim.strategies.library import find, library_strategy, side_of
from sim.strategies.template import build_automaton

TRUNCATION = 1e-12
"""With a continuation probability q, the exact analysis stops after T rounds, q^T < this."""
MAX_ROUNDS = 100_000


@dataclass(frozen=True, eq=False)
class PlaySetup:
    """A scenario's iterated game ready to analyse: model, both strategies, horizon."""

    model: IteratedModel
    row: Automaton
    col: Automaton
    rounds: int
    runs: int
    seed: int
    parameters: dict[str, Any]


def build_model(scenario, parameters: Mapping[str, Any] | None = None) -> IteratedModel:
    """The iterated model of a scenario (a ``LoadedScenario``) at its parameters.

    ``parameters`` (scalars or arrays) are merged over the scenario's; arrays give a batch.
    """
    values = {**scenario.parameters, **(parameters or {})}
    return _model(scenario.model, values)


def build_strategy(
    scenario,
    choice: str | StrategyChoice,
    side: int,
    model: IteratedModel | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    key: str = "",
) -> Automaton:
    """One side's strategy: a scenario-defined automaton or a library one, by name or choice.

    ``choice`` may also be a string such as ``generous_tit_for_tat(forgiveness=0.2)``.
    """
    values = {**scenario.parameters, **(parameters or {})}
    model = model if model is not None else _model(scenario.model, values)
    return _strategy(scenario.model, choice, side, model, values, key)


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
    model = _model(spec, values)
    play = spec.play
    if (row is None or col is None) and play is None:
        raise ScenarioError("the scenario has no [play] section; give both strategies", key="play")
    row_strategy = _strategy(
        spec, row or play.row, 0, model, values, "--row" if row else "play.row"
    )
    col_strategy = _strategy(
        spec, col or play.col, 1, model, values, "--col" if col else "play.col"
    )
    if rounds is None:
        rounds = _rounds(play, values) if play is not None else 200
    runs, seed = (play.runs, play.seed) if play is not None else (10_000, 0)
    return PlaySetup(model, row_strategy, col_strategy, int(rounds), runs, seed, values)


def horizon(continuation) -> int:
    """Rounds ``T`` with ``q^T < TRUNCATION`` for continuation probability ``q`` (its largest)."""
    q = float(np.max(continuation))
    if q >= 1.0:
        raise ScenarioError("a continuation probability of 1 needs a fixed number of rounds")
    if q <= 0.0:
        return 1
    return min(MAX_ROUNDS, max(1, math.ceil(math.log(TRUNCATION) / math.log(q))))


def check_scenario_model(spec) -> None:
    """Build everything of the iterated sections at the default parameters (load-time check)."""
    values = spec.parameter_values()
    model = _model(spec, values)
    used = set()
    if spec.play is not None:
        for side, choice in enumerate((spec.play.row, spec.play.col)):
            _strategy(spec, choice, side, model, values, ("play.row", "play.col")[side])
            used.add((_choice_name(choice), side))
        _rounds(spec.play, values)
    for name in spec.strategies:
        if any((name, side) in used for side in (0, 1)):
            continue
        errors = []
        for side in (0, 1):
            try:
                _strategy(spec, name, side, model, values, f"strategies.{name}")
            except ScenarioError as exc:
                errors.append(exc)
        if len(errors) == 2:
            raise errors[0]


# ----------------------------------------------------------------------------- internals


def _number(value, values: Mapping[str, Any], key: str) -> np.ndarray:
    try:
        return evaluate_entry(value, values)
    except ScenarioError as exc:
        raise ScenarioError(exc.message, key=key) from None


def _probability(value, values, key: str, *, positive: bool = False) -> np.ndarray:
    number = _number(value, values, key)
    low = number <= 0 if positive else number < 0
    if np.any(low) or np.any(number > 1):
        bad = float(np.asarray(number)[np.asarray(low | (number > 1))].flat[0])
        interval = "(0, 1]" if positive else "[0, 1]"
        raise ScenarioError(f"probability {bad:g} is outside {interval}", key=key)
    return number


def _integer(value, values, key: str, minimum: int) -> int:
    distinct = np.unique(_number(value, values, key))
    if distinct.size != 1:
        raise ScenarioError("must have one value for all sweep points", key=key)
    number = float(distinct[0])
    if number != round(number) or number < minimum:
        raise ScenarioError(f"must be a whole number >= {minimum}, not {number:g}", key=key)
    return int(number)


def _rounds(play, values) -> int:
    if play.rounds is not None:
        return _integer(play.rounds, values, "play.rounds", 1)
    return horizon(_continuation(play, values))


def _continuation(play, values) -> np.ndarray:
    if play is None or play.continuation is None:
        return np.asarray(1.0)
    q = _probability(play.continuation, values, "play.continuation", positive=True)
    if np.any(q >= 1):
        raise ScenarioError(
            "must be below 1 (or give a fixed number of rounds)", key="play.continuation"
        )
    return q


def _model(spec, values: Mapping[str, Any]) -> IteratedModel:
    actions = (tuple(spec.actions.row), tuple(spec.actions.col))
    roles = tuple(
        (spec.actions.role("cooperative", p), spec.actions.role("punishing", p)) for p in (0, 1)
    )
    dynamics = _dynamics(spec, values, actions)
    row_observes, col_observes, noise = _monitoring(spec, values, actions, roles)
    trembles = _trembles(spec.monitoring, actions)
    play = spec.play
    discount = np.asarray(1.0)
    if play is not None:
        discount = _probability(play.discount, values, "play.discount")
    continuation = _continuation(play, values)
    return IteratedModel(
        players=(spec.players.row, spec.players.col),
        actions=actions,
        roles=roles,  # type: ignore[arg-type]
        dynamics=dynamics,
        row_observes=row_observes,
        col_observes=col_observes,
        noise=noise,
        discount=discount,
        continuation=continuation,
        trembles=trembles,
    )  # fmt: skip


def _dynamics(spec, values, actions) -> TreatyDynamics:
    row_base, col_base = evaluate_payoffs(spec, values)
    if spec.dynamics is None:
        dynamics = TreatyDynamics.plain(row_base, col_base)
        if spec.play is not None and spec.play.initial not in (None, "repeated"):
            raise ScenarioError("there is no [dynamics] section to name it", key="play.initial")
        return dynamics
    section = spec.dynamics
    names = tuple(section.states)
    shape = row_base.shape[-2:]
    batch = row_base.shape[:-2]
    rows, cols = [], []
    for name, state in section.states.items():
        if state.payoffs is None:
            rows.append(row_base)
            cols.append(col_base)
            continue
        for player, out in (("row", rows), ("col", cols)):
            try:
                matrix = getattr(state.payoffs, player)
                out.append(evaluate_matrix(matrix, shape, batch, values, player))
            except ScenarioError as exc:
                raise exc.located(key_prefix=f"dynamics.states.{name}") from None
    initial_name = section.initial_state
    if spec.play is not None and spec.play.initial is not None:
        initial_name = spec.play.initial
        if initial_name not in names:
            raise ScenarioError(f"{initial_name!r} is not a treaty state", key="play.initial")
    transitions = tuple(
        _transition(t, k, names, actions, values) for k, t in enumerate(section.transitions)
    )
    return TreatyDynamics(
        names=names,
        in_force=tuple(s.in_force for s in section.states.values()),
        initial=names.index(initial_name),
        row_payoffs=np.stack(np.broadcast_arrays(*rows), axis=-3),
        col_payoffs=np.stack(np.broadcast_arrays(*cols), axis=-3),
        transitions=transitions,
    )


def _transition(spec, k: int, names, actions, values) -> TreatyTransition:
    key = f"dynamics.transitions[{k}]"

    def indices(field: str, player: int, listed) -> frozenset[int] | None:
        if listed is None:
            return None
        out = set()
        for position, name in enumerate(listed):
            if name not in actions[player]:
                who = ("row", "column")[player]
                where = f"{key}.on.{field}[{position}]"
                raise ScenarioError(f"{name!r} is not an action of the {who} player", key=where)
            out.add(actions[player].index(name))
        return frozenset(out)

    on = spec.on
    row = col = either = None
    if on is not None:
        row, col = indices("row", 0, on.row), indices("col", 1, on.col)
        if on.either is not None:
            known = [n for n in on.either if n in actions[0] or n in actions[1]]
            if len(known) != len(on.either):
                bad = next(n for n in on.either if n not in known)
                position = on.either.index(bad)
                raise ScenarioError(
                    f"{bad!r} is not an action of either player", key=f"{key}.on.either[{position}]"
                )  # fmt: skip
            either = (
                frozenset(actions[0].index(n) for n in on.either if n in actions[0]),
                frozenset(actions[1].index(n) for n in on.either if n in actions[1]),
            )
    after = None if spec.after is None else _integer(spec.after, values, f"{key}.after", 1)
    return TreatyTransition(
        source=names.index(spec.source),
        target=names.index(spec.to),
        row=row,
        col=col,
        either=either,
        after=after,
        probability=_probability(spec.probability, values, f"{key}.probability"),
    )


def _monitoring(spec, values, actions, roles):
    m, n = len(actions[0]), len(actions[1])
    section = spec.monitoring
    if section is None:
        return np.eye(n), np.eye(m), np.zeros(2)
    matrices = []
    for observer in (0, 1):
        seen = 1 - observer
        override = getattr(section, ("row", "col")[observer])
        key = f"monitoring.{('row', 'col')[observer]}"
        if override is not None and override.matrix is not None:
            matrices.append(_matrix(override.matrix, actions[seen], values, f"{key}.matrix"))
            continue
        matrices.append(_short_form(section, override, actions[seen], roles[seen], values, key))
    noise = section.noise
    if isinstance(noise, str | int | float):
        both = _probability(noise, values, "monitoring.noise")
        noise_array = np.stack(np.broadcast_arrays(both, both), axis=-1)
    else:
        parts = [_probability(noise.row, values, "monitoring.noise.row")]
        parts.append(_probability(noise.col, values, "monitoring.noise.col"))
        noise_array = np.stack(np.broadcast_arrays(*parts), axis=-1)
    return matrices[0], matrices[1], noise_array


def _trembles(section, actions):
    """Per player ``None`` (uniform) or ``allowed[intended, actual]`` (``monitoring.trembles``)."""
    given = None if section is None else section.trembles
    if given is None:
        return (None, None)
    tables = (given.row, given.col) if hasattr(given, "row") else (given, given)
    out = []
    for player, table in enumerate(tables):
        if table is None:
            out.append(None)
            continue
        names = actions[player]
        allowed = np.zeros((len(names), len(names)), dtype=bool)
        for intended, replacements in table.items():
            key = "monitoring.trembles" + (
                "" if tables[0] is tables[1] else f".{'row col'.split()[player]}"
            )
            if intended not in names:
                if tables[0] is tables[1] and intended in actions[1 - player]:
                    continue
                raise ScenarioError(f"{intended!r} is not an action", key=f"{key}.{intended}")
            for position, name in enumerate(replacements):
                if name not in names or name == intended:
                    what = "itself" if name == intended else "not an action of this player"
                    raise ScenarioError(f"{name!r} is {what}", key=f"{key}.{intended}[{position}]")
                allowed[names.index(intended), names.index(name)] = True
        out.append(allowed)
    return tuple(out)


def _short_form(section, override: Observer | None, observed, roles, values, key):
    def pick(field: str):
        if override is not None and getattr(override, field) is not None:
            return getattr(override, field), f"{key}.{field}"
        return getattr(section, field), f"monitoring.{field}"

    detect, detect_key = pick("detect")
    false_alarm, false_key = pick("false_alarm")
    compliance, compliance_key = pick("compliance")
    violation, violation_key = pick("violation")
    compliance = compliance or roles[0]
    violation = violation or default_violation(observed, roles[1])
    for name, name_key in ((compliance, compliance_key), (violation, violation_key)):
        if name not in observed:
            raise ScenarioError(f"{name!r} is not an action of the observed player", key=name_key)
    return short_form_matrix(
        observed,
        _probability(detect, values, detect_key),
        _probability(false_alarm, values, false_key),
        compliance,
        violation,
    )


def _matrix(rows, observed, values, key) -> np.ndarray:
    size = len(observed)
    if len(rows) != size or any(len(r) != size for r in rows):
        raise ScenarioError(f"must be {size} x {size} (done x seen, in action order)", key=key)
    entries = [
        [_probability(v, values, f"{key}[{i}][{j}]") for j, v in enumerate(r)]
        for i, r in enumerate(rows)
    ]
    flat = np.broadcast_arrays(*(e for r in entries for e in r))
    matrix = np.stack(flat, axis=-1).reshape((*flat[0].shape, size, size))
    sums = matrix.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > 1e-9):
        row = int(np.argwhere(np.abs(sums - 1.0) > 1e-9)[0][-1])
        total = float(sums.flat[row])
        raise ScenarioError(f"probabilities sum to {total:g}, not 1", key=f"{key}[{row}]")
    return matrix


def _choice_name(choice) -> str:
    return choice.partition("(")[0].strip() if isinstance(choice, str) else choice.strategy


def _strategy(spec, choice, side: int, model: IteratedModel, values, key: str) -> Automaton:
    if isinstance(choice, str) and "(" in choice:
        choice = parse_choice(choice, key)
    name = _choice_name(choice)
    given = {} if isinstance(choice, str) else dict(choice.parameters)
    choice_key = key
    if name in spec.strategies:
        return build_automaton(
            spec.strategies[name], name, side_of(model, side), given, values,
            spec_key=f"strategies.{name}", choice_key=choice_key,
        )  # fmt: skip
    if find(name, model.actions[side]) is None:
        known = sorted(spec.strategies)
        where = f" (scenario: {', '.join(known)})" if known else ""
        where += "; `stabsim strategies` lists the library"
        raise ScenarioError(f"unknown strategy {name!r}{where}", key=key)
    return library_strategy(name, model, side, given, values, key=choice_key)


def parse_choice(text: str, key: str = "") -> StrategyChoice:
    """Parse ``name(param=value, ...)``: a value is a number, an expression, or a list
    ``[v, ...]`` of those (commas inside brackets or parentheses do not split)."""
    name, _, rest = text.partition("(")
    if not rest.endswith(")"):
        raise ScenarioError(f"expected NAME(PARAM=VALUE, ...), got {text!r}", key=key or None)
    parameters: dict[str, Any] = {}
    for item in split_arguments(rest[:-1], text, key):
        param, sep, value = item.partition("=")
        if not sep:
            raise ScenarioError(f"expected PARAM=VALUE, got {item!r}", key=key or None)
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            inner = split_arguments(value[1:-1], text, key)
            parameters[param.strip()] = [_scalar(v) for v in inner]
        else:
            parameters[param.strip()] = _scalar(value)
    try:
        return StrategyChoice(strategy=name.strip(), parameters=parameters)
    except Exception:
        raise ScenarioError(f"cannot read strategy {text!r}", key=key or None) from None


def split_arguments(text: str, whole: str = "", key: str = "") -> list[str]:
    """Split ``text`` on the commas outside brackets and parentheses (empty items dropped)."""
    items, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                break
        if char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise ScenarioError(f"unbalanced brackets in {whole or text!r}", key=key or None)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _scalar(value: str) -> int | float | str:
    """An integer, a float, or the text as an expression."""
    value = value.strip()
    if value.lstrip("-").isdigit():
        return int(value)
    try:
        return float(value)
    except ValueError:
        return value
