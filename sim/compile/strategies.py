"""Compiling a strategy choice into an automaton: a scenario-defined one or a library one.

A choice is a strategy name, ``name(param=value, ...)``, or a ``StrategyChoice`` table; the
automaton is built for one side of an iterated model (its actions, roles, treaty states)
at the scenario's parameter values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.compile.automata import build_automaton
from sim.compile.library import find, library_strategy, side_of, strategy_names
from sim.compile.model import model_of
from sim.dynamics.model import IteratedModel
from sim.errors import ScenarioError, did_you_mean
from sim.scenario.iterated import StrategyChoice
from sim.strategies.automaton import Automaton


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
    model = model if model is not None else model_of(scenario.model, values)
    return strategy_of(scenario.model, choice, side, model, values, key)


def choice_name(choice) -> str:
    """The strategy name of a choice (a string, possibly with parameters, or a table)."""
    return choice.partition("(")[0].strip() if isinstance(choice, str) else choice.strategy


def strategy_of(spec, choice, side: int, model: IteratedModel, values, key: str) -> Automaton:
    """The automaton of ``choice`` for ``side`` of a parsed scenario ``spec``."""
    if isinstance(choice, str) and "(" in choice:
        choice = parse_choice(choice, key)
    name = choice_name(choice)
    given = {} if isinstance(choice, str) else dict(choice.parameters)
    if name.startswith("axelrod:"):
        from sim.compile.axelrod import axelrod_automaton

        return axelrod_automaton(name.removeprefix("axelrod:"), side_of(model, side), key=key)
    if name in spec.strategies:
        return build_automaton(
            spec.strategies[name], name, side_of(model, side), given, values,
            spec_key=f"strategies.{name}", choice_key=key,
        )  # fmt: skip
    if find(name, model.actions[side]) is None:
        known = sorted(spec.strategies)
        where = did_you_mean(name, [*known, *strategy_names(model.actions[side])])
        where += f" (scenario: {', '.join(known)})" if known else ""
        where += "; `stabsim strategies` lists the library"
        raise ScenarioError(f"unknown strategy {name!r}{where}", key=key)
    return library_strategy(name, model, side, given, values, key=key)


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
