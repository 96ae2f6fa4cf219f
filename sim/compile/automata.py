"""Building an :class:`~sim.strategies.automaton.Automaton` from its description as data.

The library (``library.toml``) and a scenario's ``[strategies]`` section describe automata
in the same format (:class:`~sim.scenario.iterated.AutomatonSpec`), which may use tokens so
that one description serves every action set:

``@cooperative``, ``@punishing``
    The player's cooperative and punishing actions (roles: by default the first and the
    last listed action; a scenario may rename them under ``actions.roles``).
``@their_cooperative``, ``@their_punishing``
    The same roles of the other side, for ``seen`` conditions.
``@NAME``
    The value of a parameter of kind ``action``, ``signals``, ``weights`` or ``response``.
``@noncooperative``, ``@their_noncooperative``
    Every own (other's) action except the cooperative one.
``@in_force``, ``@out_of_force``
    The treaty states in which the treaty is (is not) in force, for ``treaty`` conditions.
``best_response`` (a ``response`` value): see :mod:`sim.compile.responses`.
``@action``
    A family: a state keyed ``"@action"`` stands for one state per own action (named by
    it); a rule using ``@action`` is repeated for every own action (a ``seen`` condition
    ``@action`` only for actions the other side also has).
``{i}``, ``{i-1}``, ``{i+1}``, ``{NAME}``
    A numbered family: a state keyed ``"deadline{i}"`` with ``for = "deadline"`` stands for
    ``deadline1 ... deadlineK`` where ``K`` is the integer parameter ``deadline``; a rule
    from ``deadline{i}`` is repeated for each; ``{NAME}`` is an integer parameter's value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import limits
from sim.compile.responses import response_row, weights_row
from sim.compile.tokens import braces as _braces
from sim.compile.tokens import key_path
from sim.compile.tokens import tokens as _tokens
from sim.compile.transitions import transition_table as _transition_table
from sim.compile.values import number, probability, whole_number
from sim.errors import ScenarioError, did_you_mean
from sim.scenario.iterated import AutomatonSpec, ParameterSpec
from sim.strategies.automaton import Automaton
from sim.tolerance import PROBABILITY_SLACK

AUTOMATON_SIZE = "it sets the automaton's size"


@dataclass(frozen=True)
class Side:
    """What an automaton is built for: its actions, the other's, treaty states and roles."""

    actions: tuple[str, ...]
    signals: tuple[str, ...]
    treaty_states: tuple[str, ...]
    roles: tuple[str, str]
    their_roles: tuple[str, str]
    out_of_force: tuple[str, ...] = ()
    terminal_payoffs: np.ndarray | None = None
    """``batch + (m, n)``: own payoffs (rows: own actions) in the terminal treaty state."""


@dataclass
class _Context:
    side: Side
    tokens: dict[str, list[str]]
    integers: dict[str, int]
    weights: dict[str, np.ndarray]
    namespace: dict[str, Any]
    spec_key: str


def build_automaton(
    spec: AutomatonSpec,
    name: str,
    side: Side,
    given: Mapping[str, Any] | None = None,
    scenario_parameters: Mapping[str, Any] | None = None,
    *,
    spec_key: str = "",
    choice_key: str = "",
    family_action: str | None = None,
) -> Automaton:
    """Expand ``spec`` into an automaton for ``side``.

    Parameters
    ----------
    spec
        The automaton description.
    name
        The strategy's name (kept on the automaton).
    side
        Actions, signals, treaty states and roles of the player it is built for.
    given
        Parameter values chosen by the scenario or the caller (defaults from the spec).
    scenario_parameters
        Values of the scenario's parameters (scalars or batch arrays) for expressions.
    spec_key, choice_key
        Key paths of the description and of the chosen parameters, for error messages.
    family_action
        The action of an ``always_{action}`` family member.
    """
    given = dict(given or {})
    context = _Context(side, _role_tokens(side), {}, {}, dict(scenario_parameters or {}), spec_key)
    if family_action is not None:
        context.tokens["action"] = [family_action]
    _resolve_parameters(spec.parameters, given, context, choice_key)
    names, rows, families = _expand_states(spec, context)
    index = {state: q for q, state in enumerate(names)}
    initial = _one_state(spec.initial, context, index, _key(spec_key, "initial"))
    start, before, begin = 0, None, None
    if spec.start is not None:
        try:
            start = whole_number(spec.start.round, context.namespace, minimum=0)
        except ScenarioError as exc:
            raise ScenarioError(exc.message, key=_key(spec_key, "start.round")) from None
        before = _one_state(spec.start.source, context, index, _key(spec_key, "start.from"))
        begin = _one_state(spec.start.to, context, index, _key(spec_key, "start.to"))
    table = _transition_table(spec.transitions, context, index, families)
    batch = np.broadcast_shapes(*(np.shape(r)[:-1] for r in rows))
    policy = np.stack([np.broadcast_to(r, (*batch, len(side.actions))) for r in rows], axis=-2)
    description = spec.description + (f" Source: {spec.source}" if spec.source else "")
    return Automaton(
        name, side.actions, side.signals, side.treaty_states, tuple(names), initial, policy, table,
        description.strip(), start=start, before=before, begin=begin,
    )  # fmt: skip


def _key(prefix: str, key: str) -> str:
    return key_path(prefix, key)


def _role_tokens(side: Side) -> dict[str, list[str]]:
    return {
        "cooperative": [side.roles[0]],
        "punishing": [side.roles[1]],
        "their_cooperative": [side.their_roles[0]],
        "their_punishing": [side.their_roles[1]],
        "out_of_force": list(side.out_of_force),
        "in_force": [k for k in side.treaty_states if k not in side.out_of_force],
        "noncooperative": [a for a in side.actions if a != side.roles[0]],
        "their_noncooperative": [a for a in side.signals if a != side.their_roles[0]],
    }


# ----------------------------------------------------------------------------- parameters


def _resolve_parameters(
    specs: Mapping[str, ParameterSpec], given: dict[str, Any], context: _Context, choice_key: str
) -> None:
    for name in given:
        if name not in specs:
            known = ", ".join(sorted(specs)) or "none"
            raise ScenarioError(
                f"unknown parameter of this strategy{did_you_mean(name, specs)} (known: {known})",
                key=_key(choice_key, f"parameters.{name}"),
            )
    for name, spec in specs.items():
        key = _key(choice_key, f"parameters.{name}") if name in given else context.spec_key
        raw = given.get(name, spec.default)
        try:
            _resolve_one(name, spec, raw, context)
        except ScenarioError as exc:
            message = exc.message if name in given else f"parameter {name!r}: {exc.message}"
            raise ScenarioError(message, key=key) from None


def _resolve_one(name: str, spec: ParameterSpec, raw: Any, context: _Context) -> None:
    side = context.side
    if spec.kind in ("number", "probability"):
        if raw is None:
            raise ScenarioError("has no value")
        check = probability if spec.kind == "probability" else number
        context.namespace[name] = check(raw, context.namespace)
    elif spec.kind == "integer":
        context.integers[name] = whole_number(raw, context.namespace, minimum=0, why=AUTOMATON_SIZE)
        context.namespace[name] = float(context.integers[name])
    elif spec.kind == "action":
        candidates = raw if isinstance(raw, list) else [raw]
        found = [a for c in candidates for a in _tokens(str(c), context) if a in side.actions]
        if not found:
            hint = did_you_mean(candidates[0], side.actions) if len(candidates) == 1 else ""
            raise ScenarioError(f"none of {candidates} is an action of this side{hint}")
        context.tokens[name] = found[:1]
    elif spec.kind == "signals":
        if raw == []:
            context.tokens[name] = []
            return
        names = raw if isinstance(raw, list) else [raw]
        chosen = [a for c in names for a in _tokens(str(c), context) if a in side.signals]
        if not chosen and spec.fallback is not None:
            fallback = spec.fallback if isinstance(spec.fallback, list) else [spec.fallback]
            chosen = [a for c in fallback for a in _tokens(str(c), context) if a in side.signals]
        if not chosen and spec.fallback != []:
            raise ScenarioError(f"none of {names} is an action of the other side")
        context.tokens[name] = chosen
    elif spec.kind == "weights":
        context.weights[name] = weights_row(raw, side.actions, context.namespace)
    elif spec.kind == "response":
        resolve = lambda text: _tokens(text, context)  # noqa: E731
        context.weights[name] = response_row(raw, side.actions, side.terminal_payoffs, resolve)


# ----------------------------------------------------------------------------- states


def _expand_states(spec: AutomatonSpec, context: _Context):
    """State names, their policy rows (``batch + (m,)``) and the numbered families."""
    names: list[str] = []
    rows: list[np.ndarray] = []
    families: dict[str, range] = {}
    for key, state in spec.states.items():
        state_key = _key(context.spec_key, f"states.{key}")
        try:
            if key == "@action":
                members = [(a, {"action": [a]}) for a in context.side.actions]
            elif "{i}" in key:
                count = _family_size(state.range, context)
                families[key] = range(1, count + 1)
                members = [(key.replace("{i}", str(i)), {}) for i in families[key]]
            else:
                if state.range is not None:
                    raise ScenarioError("'for' needs a numbered state name such as 'wait{i}'")
                members = [(key, {})]
            for member, local in members:
                if member in names:
                    raise ScenarioError(f"state {member!r} is defined twice")
                names.append(member)
                rows.append(_policy_row(state, context, local, state_key))
        except ScenarioError as exc:
            raise ScenarioError(exc.message, key=exc.key or state_key) from None
    return names, rows, families


def _family_size(range_name: str | None, context: _Context) -> int:
    if range_name is None:
        raise ScenarioError("a numbered state needs 'for' naming an integer parameter")
    if range_name not in context.integers:
        raise ScenarioError(f"'for' = {range_name!r} is not an integer parameter")
    return limits.check(
        "states", context.integers[range_name], f"a family of {range_name!r} states"
    )


def _policy_row(state, context: _Context, local: Mapping[str, list[str]], key: str) -> np.ndarray:
    actions = context.side.actions
    if state.action is not None:
        names = _tokens(state.action, context, local)
        if len(names) != 1 or names[0] not in actions:
            hint = did_you_mean(state.action, actions)
            message = f"{state.action!r} is not an action of this side{hint}"
            raise ScenarioError(message, key=_key(key, "action"))
        return np.eye(len(actions))[actions.index(names[0])]
    play_key = _key(key, "play")
    if isinstance(state.play, str):
        token = state.play.removeprefix("@")
        if token not in context.weights:
            raise ScenarioError(f"{state.play!r} is not a weights parameter", key=play_key)
        return context.weights[token]
    entries = []
    for text, value in state.play.items():
        names = _tokens(text, context, local)
        if len(names) != 1 or names[0] not in actions:
            hint = did_you_mean(text, actions)
            raise ScenarioError(f"{text!r} is not an action of this side{hint}", key=play_key)
        try:
            weight = probability(value, context.namespace)
        except ScenarioError as exc:
            raise ScenarioError(exc.message, key=_key(play_key, text)) from None
        entries.append((actions.index(names[0]), weight))
    batch = np.broadcast_shapes(*(np.shape(p) for _, p in entries))
    row = np.zeros((*batch, len(actions)))
    for a, weight in entries:
        row[..., a] += weight
    total = row.sum(axis=-1)
    if np.any(np.abs(total - 1.0) > 2 * PROBABILITY_SLACK):
        bad = float(np.asarray(total).flat[int(np.argmax(np.abs(total - 1.0)))])
        raise ScenarioError(f"probabilities sum to {bad:g}, not 1", key=play_key)
    return row


def _one_state(text: str, context: _Context, index: Mapping[str, int], key: str) -> int:
    try:
        names = _tokens(_braces(text, context, None), context)
    except ScenarioError as exc:
        raise ScenarioError(exc.message, key=key) from None
    if len(names) != 1 or names[0] not in index:
        raise ScenarioError(f"{text!r} is not a state of this automaton", key=key)
    return index[names[0]]
