"""The strategy library (and a scenario's own strategies) as JSON-ready entries."""

from __future__ import annotations

from typing import Any


def strategy_listing(scenario=None) -> dict[str, Any]:
    """The strategy library (and a scenario's own strategies) as JSON-ready entries.

    With a scenario, ``always_{action}`` is spelled out for its actions and every strategy
    is built for the row player to show its states.
    """
    from sim.compile.library import find, library

    entries = []
    actions = tuple(scenario.model.actions.row) if scenario is not None else None
    for key, spec in library().items():
        names = [key]
        if actions is not None and "{action}" in key:
            names = [key.replace("{action}", a) for a in actions]
        for name in names:
            entry = _spec_entry(name, spec, "library")
            if scenario is not None and find(name, actions) is not None:
                entry["states"] = _built_states(scenario, name)
            entries.append(entry)
    if scenario is not None:
        for name, spec in scenario.model.strategies.items():
            entry = _spec_entry(name, spec, "scenario")
            entry["states"] = _built_states(scenario, name)
            entries.append(entry)
    return {"strategies": entries}


def _spec_entry(name: str, spec, origin: str) -> dict[str, Any]:
    return {
        "name": name,
        "origin": origin,
        "description": spec.description,
        "source": spec.source,
        "parameters": {
            p: {"kind": q.kind, "default": q.default, "description": q.description}
            for p, q in spec.parameters.items()
        },
    }


def _built_states(scenario, name: str) -> list[str]:
    from sim.compile.strategies import build_strategy

    automaton = build_strategy(scenario, name, 0, key=f"strategies.{name}")
    return [automaton.describe_state(q) for q in range(automaton.size)]
