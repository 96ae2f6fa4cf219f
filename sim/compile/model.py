"""Compiling the iterated model: treaty dynamics, monitoring, trembles, discounting.

Every numeric field is evaluated on the scenario's parameters, which may be arrays (one value
per sweep point): the model then carries their broadcast shape as batch axes. Integer fields
(a notice period) must have one value for all points. Errors are
:class:`~sim.errors.ScenarioError` with the key path from the top of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.compile.payoffs import evaluate_matrix, evaluate_payoffs
from sim.compile.values import probability, whole_number
from sim.dynamics.blame import BlameRules
from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import default_violation, short_form_matrix
from sim.dynamics.treaty import TreatyDynamics, TreatyTransition
from sim.errors import ScenarioError, did_you_mean
from sim.scenario.iterated import Observer
from sim.tolerance import PROBABILITY_SLACK


def build_model(scenario, parameters: Mapping[str, Any] | None = None) -> IteratedModel:
    """The iterated model of a scenario (a ``LoadedScenario``) at its parameters.

    ``parameters`` (scalars or arrays) are merged over the scenario's; arrays give a batch.
    """
    values = {**scenario.parameters, **(parameters or {})}
    return model_of(scenario.model, values)


def continuation_of(play, values) -> np.ndarray:
    """The continuation probability of ``play`` (1 without one), checked to be in (0, 1)."""
    if play is None or play.continuation is None:
        return np.asarray(1.0)
    q = probability(play.continuation, values, "play.continuation", positive=True)
    if np.any(q >= 1):
        raise ScenarioError(
            "must be below 1 (or give a fixed number of rounds)", key="play.continuation"
        )
    return q


def model_of(spec, values: Mapping[str, Any]) -> IteratedModel:
    """The iterated model of a parsed scenario (``Scenario``) at parameter ``values``."""
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
        discount = probability(play.discount, values, "play.discount")
    continuation = continuation_of(play, values)
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
        signals=spec.monitoring.signals if spec.monitoring is not None else "private",
        blame=blame_rules(spec.responsibility),
    )  # fmt: skip


def blame_rules(section) -> BlameRules:
    """The ``[responsibility]`` rules (:mod:`sim.scenario.responsibility`), defaults filled in."""
    return BlameRules.from_words(**(section.rules() if section is not None else {}))


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
                hint = did_you_mean(name, actions[player])
                raise ScenarioError(
                    f"{name!r} is not an action of the {who} player{hint}", key=where
                )
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
    after = None
    if spec.after is not None:
        after = whole_number(spec.after, values, f"{key}.after", minimum=1)
    return TreatyTransition(
        source=names.index(spec.source),
        target=names.index(spec.to),
        row=row,
        col=col,
        either=either,
        after=after,
        probability=probability(spec.probability, values, f"{key}.probability"),
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
        both = probability(noise, values, "monitoring.noise")
        noise_array = np.stack(np.broadcast_arrays(both, both), axis=-1)
    else:
        parts = [probability(noise.row, values, "monitoring.noise.row")]
        parts.append(probability(noise.col, values, "monitoring.noise.col"))
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
                hint = did_you_mean(intended, names)
                raise ScenarioError(f"{intended!r} is not an action{hint}", key=f"{key}.{intended}")
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
            hint = did_you_mean(name, observed)
            raise ScenarioError(
                f"{name!r} is not an action of the observed player{hint}", key=name_key
            )
    return short_form_matrix(
        observed,
        probability(detect, values, detect_key),
        probability(false_alarm, values, false_key),
        compliance,
        violation,
    )


def _matrix(rows, observed, values, key) -> np.ndarray:
    size = len(observed)
    if len(rows) != size or any(len(r) != size for r in rows):
        raise ScenarioError(f"must be {size} x {size} (done x seen, in action order)", key=key)
    entries = [
        [probability(v, values, f"{key}[{i}][{j}]") for j, v in enumerate(r)]
        for i, r in enumerate(rows)
    ]
    flat = np.broadcast_arrays(*(e for r in entries for e in r))
    matrix = np.stack(flat, axis=-1).reshape((*flat[0].shape, size, size))
    sums = matrix.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > PROBABILITY_SLACK):
        row = int(np.argwhere(np.abs(sums - 1.0) > PROBABILITY_SLACK)[0][-1])
        total = float(sums.flat[row])
        raise ScenarioError(f"probabilities sum to {total:g}, not 1", key=f"{key}[{row}]")
    return matrix
