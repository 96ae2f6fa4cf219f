"""Every size bound of stabsim in one place, checked before memory is allocated.

A request beyond a bound is refused in one line that says how big it is and which bound it
passes, for example ``rounds: 1000000000000 is more than the limit of 1000000 (limit
'rounds'; raise it with STABSIM_LIMIT_ROUNDS)``. The bounds are generous for research use
and small enough that no single request can exhaust a workstation's memory or hang it.

The bounds and their defaults (see :class:`Limits` for each one's meaning):

==================  ===============  =================================================
name                default          what it bounds
==================  ===============  =================================================
actions             256              actions of one player in a stage game
states              5_000            states of one automaton or of the treaty dynamics
chain_states        2_000_000        states of a Markov chain (treaty x row x column)
rounds              100_000          rounds of iterated play (horizon or truncation)
runs                10_000_000       Monte Carlo runs of one profile
sweep_points        10_000_000       points of one sweep design
equilibria          1_000            equilibria listed for one game
enumeration_pairs   1_000_000        support pairs an equilibrium enumeration visits
expression_length   1_000            characters of one payoff expression
expression_depth    64               nesting depth of one expression's syntax tree
number_digits       100              digits of one numeric literal (TOML or expression)
file_bytes          16_777_216       bytes read from one input file (16 MiB)
memory_bytes        2_147_483_648    bytes one array allocation may need (2 GiB)
qre_actions         120              actions of both players for a traced QRE path
==================  ===============  =================================================

Overriding a bound
------------------
* From the shell: ``STABSIM_LIMIT_<NAME>=VALUE`` (``STABSIM_LIMIT_ROUNDS=10000000``);
  read when a check runs, never at import.
* From Python: ``with sim.limits.raised(rounds=10**7): ...`` (a context manager, local to
  the thread or task), or :func:`current` to read the bounds in force.

A check is :func:`check` (one count against one bound) or :func:`check_memory` (an estimate
of the bytes an allocation will need against ``memory_bytes``). Both raise
:class:`LimitError`, a :class:`~sim.errors.StabsimError`, so the command line prints it as
one line with exit status 2. Work that can stop part way and say so (the equilibria listed
for one game, the bases a search visits) stops at the bound instead, and its result is
labelled incomplete in the words of :func:`cut_short`.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import os
from collections.abc import Iterator

from sim.errors import StabsimError

ENV_PREFIX = "STABSIM_LIMIT_"


class LimitError(StabsimError):
    """A request larger than a size bound of :mod:`sim.limits`."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """The size bounds in force. Every field is a positive integer.

    Attributes
    ----------
    actions
        Actions of one player in a stage game.
    states
        States of one strategy automaton (an ultimatum's countdown has one state per round
        of its deadline) or of the treaty dynamics (a numbered state family). Building an
        automaton takes time quadratic in its states (about 3 s for 5,000).
    chain_states
        States of the Markov chain of iterated play, the product of the treaty states and
        the two automata's states.
    rounds
        Rounds of iterated play: a fixed horizon, or the truncation of a continuation
        probability.
    runs
        Monte Carlo runs of one strategy profile.
    sweep_points
        Points of one sweep design (grid, random, Latin hypercube or Sobol).
    equilibria
        Equilibria listed for one game; a longer list is cut at this bound and labelled
        incomplete (a 12x12 coordination game has 4,095).
    enumeration_pairs
        Support pairs an equilibrium enumeration may visit; the count for an m x n game is
        estimated before the enumeration starts.
    expression_length
        Characters of one payoff expression.
    expression_depth
        Nesting depth of one expression (``-(-(-x))`` has depth 4); bounds the recursion of
        the parser and the evaluator.
    number_digits
        Digits of one numeric literal, in a TOML value or an expression.
    file_bytes
        Bytes read from one input file (scenario, sweep, strategy or ``.nfg`` file).
    memory_bytes
        Bytes one array allocation may need, estimated before it is made.
    qre_actions
        Actions of both players together (``m + n``) of a stage game whose logit QRE path
        a stage analysis traces (each step solves an ``(m + n)``-square system: a 60x60
        game takes about 1.5 s, a 100x100 one about 25 s); a larger game's analysis says
        the path was not traced.
    """

    actions: int = 256
    states: int = 5_000
    chain_states: int = 2_000_000
    rounds: int = 100_000
    runs: int = 10_000_000
    sweep_points: int = 10_000_000
    equilibria: int = 1_000
    enumeration_pairs: int = 1_000_000
    expression_length: int = 1_000
    expression_depth: int = 64
    number_digits: int = 100
    file_bytes: int = 16 * 2**20
    memory_bytes: int = 2 * 2**30
    qre_actions: int = 120

    def replace(self, **bounds: int) -> Limits:
        """A copy with some bounds changed; each must name a bound and be a positive integer."""
        for name, value in bounds.items():
            _check_bound(name, value)
        return dataclasses.replace(self, **bounds)


DEFAULTS = Limits()
_OVERRIDES: contextvars.ContextVar[tuple[tuple[str, int], ...]] = contextvars.ContextVar(
    "stabsim_limits", default=()
)


@functools.cache
def names() -> tuple[str, ...]:
    """The names of the bounds, in the order of :class:`Limits`."""
    return tuple(f.name for f in dataclasses.fields(Limits))


def _check_bound(name: str, value: object) -> None:
    if name not in names():
        raise LimitError(f"unknown limit (known: {', '.join(names())})", key=name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise LimitError(f"a limit is a positive integer, got {value!r}", key=name)


def _from_environment(name: str) -> int | None:
    text = os.environ.get(ENV_PREFIX + name.upper())
    if text is None or not text.strip():
        return None
    digits = text.strip().replace("_", "")
    if not digits.isdigit() or len(digits) > 30 or int(digits) < 1:
        raise LimitError(
            f"{text.strip()!r} is not a positive integer", source=ENV_PREFIX + name.upper()
        )
    return int(digits)


def current() -> Limits:
    """The bounds in force: defaults, then environment variables, then :func:`raised`."""
    values = {}
    for name in names():
        from_env = _from_environment(name)
        if from_env is not None:
            values[name] = from_env
    values.update(dict(_OVERRIDES.get()))
    return DEFAULTS.replace(**values) if values else DEFAULTS


def bound(name: str) -> int:
    """The value of one bound in force: the innermost :func:`raised` of it, else its
    environment variable, else the default (the order of :func:`current`, which reads
    every bound; this reads only the one asked for)."""
    if name not in names():
        raise LimitError(f"unknown limit (known: {', '.join(names())})", key=name)
    for key, value in reversed(_OVERRIDES.get()):
        if key == name:
            return value
    from_env = _from_environment(name)
    return getattr(DEFAULTS, name) if from_env is None else from_env


@contextlib.contextmanager
def raised(**bounds: int) -> Iterator[Limits]:
    """Use other bounds inside a ``with`` block (local to the thread or task).

    >>> with raised(rounds=10**7):
    ...     bound("rounds")
    10000000
    """
    for name, value in bounds.items():
        _check_bound(name, value)
    token = _OVERRIDES.set(tuple({**dict(_OVERRIDES.get()), **bounds}.items()))
    try:
        yield current()
    finally:
        _OVERRIDES.reset(token)


def _how_to_raise(name: str) -> str:
    return f"limit {name!r}; raise it with {ENV_PREFIX}{name.upper()}"


def cut_short(name: str, what: str | None = None) -> str:
    """Words for a result cut short at the bound ``name`` (a list labelled incomplete):
    ``stopped at the limit of 1,000 equilibria (limit 'equilibria'; raise it with
    STABSIM_LIMIT_EQUILIBRIA)``."""
    return f"stopped at the limit of {bound(name):,} {what or name} ({_how_to_raise(name)})"


def check(name: str, count: int, what: str | None = None, key: str | None = None) -> int:
    """Refuse ``count`` if it is more than the bound ``name``; return it otherwise.

    Parameters
    ----------
    name
        The bound, a field of :class:`Limits`.
    count
        The size asked for (a Python integer of any size, or a float such as ``1e12``).
    what
        What is counted, for the message (default: the bound's name).
    key
        The scenario key or argument the count comes from, for the error's key path.
    """
    limit = bound(name)
    if count > limit:
        raise LimitError(
            f"{what or name} {_size(count)} is more than the limit of {limit:,} "
            f"({_how_to_raise(name)})",
            key=key,
        )
    return int(count)


def check_memory(nbytes: float, what: str, key: str | None = None) -> None:
    """Refuse an allocation estimated at ``nbytes`` if it is more than ``memory_bytes``."""
    limit = bound("memory_bytes")
    if nbytes > limit:
        raise LimitError(
            f"{what} needs about {format_bytes(nbytes)}, more than the limit of "
            f"{format_bytes(limit)} ({_how_to_raise('memory_bytes')})",
            key=key,
        )


def format_bytes(nbytes: float) -> str:
    """A byte count in binary units: ``7.3 TiB``."""
    value = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def shown(count: int | float) -> str:
    """A count for a message; a huge integer is shown by its digit count, not in full."""
    return _size(count)


def _size(count: int | float) -> str:
    """A count for a message; a huge integer is shown by its digit count, not in full."""
    if isinstance(count, float):
        return f"{count:.3g}"
    text = str(int(count))
    return f"{text[:6]}... ({len(text)} digits)" if len(text) > 30 else f"{int(count):,}"
