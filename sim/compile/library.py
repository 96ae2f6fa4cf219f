"""The built-in strategy library, read from the data file ``sim/strategies/library.toml``."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from sim.compile.automata import Side, build_automaton
from sim.errors import ScenarioError, did_you_mean
from sim.scenario.iterated import AutomatonSpec
from sim.strategies.automaton import Automaton

LIBRARY_FILE = "library.toml"
ACTION_FAMILY = "{action}"


@functools.cache
def library() -> dict[str, AutomatonSpec]:
    """Every library entry by its key (``always_{action}`` stands for a family)."""
    from sim.scenario.loader import validate_model

    text = resources.files("sim.strategies").joinpath(LIBRARY_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out = {}
    for key, entry in data.items():
        try:
            out[key] = validate_model(AutomatonSpec, entry, LIBRARY_FILE)
        except ScenarioError as exc:
            raise exc.located(key_prefix=key) from None
    return out


def strategy_names(actions: tuple[str, ...] | None = None) -> list[str]:
    """Library strategy names; with ``actions``, the ``always_`` family is spelled out."""
    names = []
    for key in library():
        if ACTION_FAMILY in key and actions is not None:
            names += [key.replace(ACTION_FAMILY, a) for a in actions]
        else:
            names.append(key)
    return names


def find(name: str, actions: tuple[str, ...]) -> tuple[AutomatonSpec, str | None] | None:
    """The library entry for ``name`` and the family action it binds, or None."""
    entries = library()
    if name in entries and ACTION_FAMILY not in name:
        return entries[name], None
    for key, spec in entries.items():
        if ACTION_FAMILY not in key:
            continue
        prefix, suffix = key.split(ACTION_FAMILY)
        if name.startswith(prefix) and name.endswith(suffix):
            action = name[len(prefix) : len(name) - len(suffix)]
            if action in actions:
                return spec, action
    return None


def side_of(model, side: int) -> Side:
    """The :class:`Side` of player ``side`` (0 row, 1 column) of an iterated model.

    Its terminal payoffs are those of the first treaty state out of force (the only state
    of a plain repeated game), own actions as rows.
    """
    dynamics = model.dynamics
    out = tuple(k for k, alive in zip(dynamics.names, dynamics.in_force, strict=True) if not alive)
    terminal = dynamics.names.index(out[0]) if out else 0
    payoffs = (dynamics.row_payoffs, dynamics.col_payoffs)[side][..., terminal, :, :]
    return Side(
        actions=tuple(model.actions[side]),
        signals=tuple(model.actions[1 - side]),
        treaty_states=tuple(model.treaty_states),
        roles=tuple(model.roles[side]),
        their_roles=tuple(model.roles[1 - side]),
        out_of_force=out,
        terminal_payoffs=payoffs if side == 0 else payoffs.swapaxes(-1, -2),
    )


def library_strategy(
    name: str,
    model,
    side: int,
    parameters: Mapping[str, Any] | None = None,
    scenario_parameters: Mapping[str, Any] | None = None,
    *,
    key: str = "",
) -> Automaton:
    """Build library strategy ``name`` for player ``side`` (0 row, 1 column) of ``model``.

    Parameters
    ----------
    name
        A library name such as ``tit_for_tat`` or ``always_defect``.
    model
        An :class:`~sim.dynamics.model.IteratedModel` (its actions, roles, treaty states).
    side
        0 for the row player, 1 for the column player.
    parameters
        Strategy parameter values (numbers, or expressions over ``scenario_parameters``).
    scenario_parameters
        Values of the scenario's parameters, scalars or batch arrays.
    key
        Key path of the choice, for error messages.
    """
    target = side_of(model, side)
    found = find(name, target.actions)
    if found is None:
        known = ", ".join(strategy_names(target.actions))
        hint = did_you_mean(name, strategy_names(target.actions))
        raise ScenarioError(f"unknown strategy {name!r}{hint} (library: {known})", key=key or None)
    spec, action = found
    return build_automaton(
        spec,
        name,
        target,
        parameters,
        scenario_parameters,
        spec_key=f"{LIBRARY_FILE}:{name}",
        choice_key=key,
        family_action=action,
    )
