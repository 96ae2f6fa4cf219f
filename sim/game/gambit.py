"""Gambit's ``.nfg`` normal-form format (payoff version), to write and to read.

Format (Gambit documentation, "Game representation formats"): a header
``NFG 1 R "title" { "Player 1" "Player 2" } { { "a1" "a2" } { "b1" "b2" } }`` (or strategy
counts ``{ 2 2 }``), an optional comment string, then the payoffs of every pure profile,
player 1's strategy changing fastest, each profile giving player 1's then player 2's payoff
(the payoff version), or a list of outcomes ``{ { "name" u1, u2 } ... }`` followed by each
profile's outcome number, 1 for the first and 0 for none (the outcome version).
Numbers may be integers, decimals or rationals ``p/q``; they are kept exactly (as
:class:`fractions.Fraction`, in :attr:`Game.exact`) for exact mode. The header's third
token is ``R`` (rational) or the legacy ``D`` (double), which Gambit still reads.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

from sim import limits
from sim.errors import ScenarioError
from sim.game.stage import Game, default_action_names

_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<atom>[^\s{}"]+))')


def to_nfg(game: Game, title: str = "stabsim game") -> str:
    """The game as Gambit ``.nfg`` text (payoff version, with strategy names)."""
    if game.batch_shape:
        raise ValueError("only a single game can be written as .nfg")
    players = " ".join(_quote(p) for p in game.players)
    strategies = " ".join("{ " + " ".join(_quote(a) for a in acts) + " }" for acts in game.actions)
    m, n = game.shape
    row, col = game.exact or (game.row_payoffs, game.col_payoffs)
    numbers = []
    for j in range(n):  # player 1 (row) changes fastest
        for i in range(m):
            numbers += [_number(row[i][j]), _number(col[i][j])]
    header = f"NFG 1 R {_quote(title)} {{ {players} }} {{ {strategies} }}"
    return f'{header}\n""\n\n{" ".join(numbers)}\n'


def read_nfg(path) -> Game:
    """Read a two-player payoff-format ``.nfg`` file into a Game, its numbers kept exactly
    (a regular UTF-8 file of at most the ``file_bytes`` limit, as scenario files are)."""
    from sim.scenario.loader import read_text

    return from_nfg(read_text(path, "a .nfg game"), str(path))


def from_nfg(text: str, source: str = "<nfg>") -> Game:
    """Read a two-player ``.nfg`` (payoff version) into a Game."""
    tokens = _tokens(text, source)
    try:
        return _parse(tokens, source)
    except IndexError:
        raise ScenarioError(
            "not a two-player payoff-format .nfg file (it ends early)", source
        ) from None
    except (ValueError, ZeroDivisionError) as exc:
        raise ScenarioError(f"not a two-player payoff-format .nfg file ({exc})", source) from None


def _parse(tokens: list[tuple[str, str]], source: str) -> Game:
    position = 0

    def take(kind: str | None = None, value: str | None = None) -> str:
        nonlocal position
        token_kind, token = tokens[position]
        if (kind and token_kind != kind) or (value and token != value):
            raise ValueError(f"expected {value or kind} at token {position + 1}, got {token!r}")
        position += 1
        return token

    take("atom", "NFG")
    take("atom", "1")
    if tokens[position][1] not in ("R", "D"):
        raise ValueError(f"expected R or D after 'NFG 1', got {tokens[position][1]!r}")
    position += 1
    take("string")
    take("brace", "{")
    players = []
    while tokens[position][1] != "}":
        players.append(_unquote(take("string")))
    take("brace", "}")
    if len(players) != 2:
        raise ValueError(f"{len(players)} players, stabsim reads two")
    take("brace", "{")
    actions: list[tuple[str, ...]] = []
    counts: list[int] = []
    while tokens[position][1] != "}":
        if tokens[position][1] == "{":
            take("brace", "{")
            names = []
            while tokens[position][1] != "}":
                names.append(_unquote(take("string")))
            take("brace", "}")
            actions.append(tuple(names))
            counts.append(len(names))
        else:
            counts.append(int(take("atom")))
    take("brace", "}")
    if position < len(tokens) and tokens[position][0] == "string":
        take("string")  # comment
    if len(counts) != 2 or min(counts) < 1:
        raise ValueError(f"strategy counts {counts}: each of two players needs at least one")
    m, n = counts
    for count in counts:
        limits.check("actions", count, "strategies of one player")
    if position < len(tokens) and tokens[position][1] == "{":
        numbers = _outcome_payoffs(tokens[position:], m * n)
    else:
        numbers = [_payoff(token) for _, token in tokens[position:]]
    if len(numbers) != 2 * m * n:
        raise ValueError(f"{len(numbers)} payoffs, expected {2 * m * n}")
    exact = [[[numbers[2 * (j * m + i) + p] for j in range(n)] for i in range(m)] for p in (0, 1)]
    if not actions:
        actions = list(default_action_names((m, n)))
    return Game(
        (players[0], players[1]),
        (actions[0], actions[1]),
        np.array([[float(v) for v in row] for row in exact[0]]),
        np.array([[float(v) for v in row] for row in exact[1]]),
        exact=tuple(tuple(tuple(row) for row in matrix) for matrix in exact),
    )


def _outcome_payoffs(tokens: list[tuple[str, str]], profiles: int) -> list[Fraction]:
    """The outcome version's payoffs, profile by profile: a list of outcomes
    ``{ { "name" u1, u2 } ... }``, then for each profile the number of its outcome (1 for
    the first; 0 for the null outcome, which pays nothing)."""
    atoms = []
    for kind, token in tokens:  # payoffs may be separated by commas: "2, 0" or "2,0"
        parts = [p for p in token.split(",") if p] if kind == "atom" else [token]
        atoms += [(kind, part) for part in parts]
    if atoms[0][1] != "{":
        raise ValueError("expected { before the outcomes")
    outcomes, position = [], 1
    while atoms[position][1] != "}":
        if atoms[position][1] != "{" or atoms[position + 1][0] != "string":
            raise ValueError(f'expected an outcome {{ "name" payoffs }} at token {position}')
        position += 2
        payoffs = []
        while atoms[position][1] != "}":
            payoffs.append(_payoff(atoms[position][1]))
            position += 1
        if len(payoffs) != 2:
            raise ValueError(f"outcome {len(outcomes) + 1} has {len(payoffs)} payoffs, not 2")
        outcomes.append(payoffs)
        position += 1
    numbers = [token for _, token in atoms[position + 1 :]]
    if len(numbers) != profiles:
        raise ValueError(f"{len(numbers)} outcome numbers, expected {profiles}")
    payoffs = []
    for token in numbers:
        if not token.isdigit():
            raise ValueError(f"outcome number {token!r} is not a whole number from 0")
        index = int(token)
        if not 0 <= index <= len(outcomes):
            raise ValueError(f"outcome number {index}: there are {len(outcomes)} outcomes")
        payoffs += outcomes[index - 1] if index else [Fraction(0), Fraction(0)]
    return payoffs


def _payoff(token: str) -> Fraction:
    """One payoff as an exact fraction, which must be finite as a float too."""
    try:
        value = Fraction(token)
    except ValueError:
        raise ValueError(f"payoff {token!r} is not a number") from None
    except ZeroDivisionError:
        raise ValueError(f"payoff {token!r} divides by zero") from None
    try:
        float(value)
    except OverflowError:
        raise ValueError(f"payoff {token!r} is beyond the floating-point range") from None
    return value


def _tokens(text: str, source: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise ScenarioError(f"cannot read .nfg text at character {position}", source)
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def _number(value) -> str:
    if isinstance(value, Fraction):
        return str(value)
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
