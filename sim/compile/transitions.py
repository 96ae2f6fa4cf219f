"""The transition table of an automaton from its rules, read on what the player saw.

Rules are tried in order; the first whose conditions all hold gives the next state, and
every (state, own action, signal, treaty state) must be covered by some rule. A rule may
stand for many: one per member of a numbered family (``from = "wait{i}"``) and one per own
action (``@action``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.compile.tokens import NUMBERED, braces, key_path, tokens
from sim.errors import ScenarioError
from sim.scenario.iterated import Rule


def transition_table(
    rules: list[Rule], context, index: Mapping[str, int], families: Mapping[str, range]
) -> np.ndarray:
    side = context.side
    shape = (len(index), len(side.actions), len(side.signals), len(side.treaty_states))
    table = np.full(shape, -1, dtype=np.intp)
    for r, rule in enumerate(rules):
        rule_key = key_path(context.spec_key, f"transitions[{r}]")
        for source, own, seen, treaty, target in _instances(
            rule, context, index, families, rule_key
        ):
            block = table[np.ix_(source, own, seen, treaty)]
            table[np.ix_(source, own, seen, treaty)] = np.where(block < 0, target, block)
    missing = np.argwhere(table < 0)
    if len(missing):
        q, a, s, k = missing[0]
        names = list(index)
        where = f" in treaty state {side.treaty_states[k]!r}" if len(side.treaty_states) > 1 else ""
        raise ScenarioError(
            f"incomplete: no rule for state {names[q]!r} after playing {side.actions[a]!r} and "
            f"seeing {side.signals[s]!r}{where}",
            key=key_path(context.spec_key, "transitions"),
        )
    return table


def _instances(rule: Rule, context, index, families, rule_key: str):
    """Each concrete instance of a rule: (states, own actions, signals, treaty states, target)."""
    side = context.side
    texts = [rule.to, *(rule.own or []), *(rule.seen or [])]
    texts += rule.source if isinstance(rule.source, list) else [rule.source or ""]
    numbered = [t for t in texts if NUMBERED.search(t)]
    family = None
    if numbered:
        if not isinstance(rule.source, str) or rule.source not in families:
            raise ScenarioError(
                "a rule using {i} must come from a numbered state such as 'wait{i}'",
                key=key_path(rule_key, "from"),
            )
        family = families[rule.source]
    uses_action = any("@action" in t for t in texts)
    for i in family if family is not None else [None]:
        for action in side.actions if uses_action else [None]:
            local = {"action": [action]} if action is not None else {}
            if action is not None and rule.seen and "@action" in rule.seen:
                if action not in side.signals:
                    continue
            yield _instance(rule, context, index, local, i, rule_key)


def _instance(rule: Rule, context, index, local, i, rule_key: str):
    side = context.side

    def names(field: str, texts, universe, what: str) -> list[int]:
        if texts is None:
            return list(range(len(universe)))
        out = []
        for text in texts if isinstance(texts, list) else [texts]:
            try:
                resolved = tokens(braces(text, context, i), context, local)
            except ScenarioError as exc:
                raise ScenarioError(exc.message, key=key_path(rule_key, field)) from None
            for name in resolved:
                if name not in universe:
                    raise ScenarioError(f"{name!r} is not {what}", key=key_path(rule_key, field))
                out.append(list(universe).index(name))
        return out

    source = names("from", rule.source, list(index), "a state of this automaton")
    own = names("own", rule.own, side.actions, "an action of this side")
    seen = names("seen", rule.seen, side.signals, "an action of the other side")
    treaty = names("treaty", rule.treaty, side.treaty_states, "a treaty state")
    (target,) = names("to", [rule.to], list(index), "a state of this automaton")
    return source, own, seen, treaty, target
