"""The token language of automaton descriptions: ``@token`` names and ``{i}`` braces.

``@cooperative``, ``@NAME`` and the other tokens stand for lists of names, resolved against
a build context (its ``tokens`` and ``integers``); ``{i}``, ``{i-1}`` and ``{NAME}`` in a
state name are the position in a numbered family and integer parameters. See
:mod:`sim.compile.automata` for the tokens an automaton may use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sim.errors import ScenarioError, join_key

NUMBERED = re.compile(r"\{i([+-]\d+)?\}")
"""A ``{i}`` brace, with an optional offset: the member of a numbered family."""
BRACES = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}")
"""Any brace ``{NAME}`` or ``{NAME+k}``."""


def key_path(prefix: str, key: str) -> str:
    """``prefix.key`` (or ``prefix[k]``), or ``key`` alone without a prefix."""
    return join_key(prefix, key) if prefix else key


def tokens(text: str, context, local: Mapping[str, list[str]] | None = None):
    """Resolve ``@token`` to its list of names; other text is a name as it stands."""
    if not text.startswith("@"):
        return [text]
    token = text[1:]
    if local and token in local:
        return local[token]
    if token in context.tokens:
        return context.tokens[token]
    raise ScenarioError(f"unknown token {text!r}")


def braces(text: str, context, i: int | None) -> str:
    """``text`` with ``{i}`` (the family member ``i``) and ``{NAME}`` (an integer) filled in."""

    def replace(match: re.Match) -> str:
        name, offset = match.group(1), int(match.group(2) or 0)
        if name == "i":
            if i is None:
                raise ScenarioError(f"{text!r} uses {{i}} outside a numbered family")
            return str(i + offset)
        if name not in context.integers:
            raise ScenarioError(f"{{{name}}} in {text!r} is not an integer parameter")
        return str(context.integers[name] + offset)

    return BRACES.sub(replace, text)
