"""Treaty states, their payoffs and the transitions between them, and the expanded chain.

A scenario's treaty states form a finite stochastic game (Shapley 1953): each state has its
own payoff matrices, and at the end of every round the state moves according to the action
profile, the rounds spent in the state, and chance. :func:`expand` turns the states into a
Markov chain on *expanded* states ``(treaty state, clock, cause)``: the clock counts the
rounds spent in a state with a timed transition (Article XV's notice period), and the cause
remembers whose move last set the treaty on its way out, so that the end of the treaty can
be attributed to a side exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

CAUSES = ("row", "col", "both", "other")
"""Who ended the treaty: the row side's move, the column side's, both at once, or neither
(chance, or a timed transition with no move behind it)."""
ROW, COL, BOTH, OTHER, NONE = 0, 1, 2, 3, -1


@dataclass(frozen=True, eq=False)
class TreatyTransition:
    """One transition between treaty states (indices into the dynamics' state names).

    Attributes
    ----------
    source, target
        Treaty state indices.
    row, col
        Row (column) actions that fire it; ``None``: any. Both given: both must hold.
    either
        ``(row actions, column actions)``: fires if either side plays one of its set.
    after
        Fires only once at least this many rounds were spent in ``source``.
    probability
        Probability it fires when its conditions hold; scalar or batch-shaped array.
    """

    source: int
    target: int
    row: frozenset[int] | None = None
    col: frozenset[int] | None = None
    either: tuple[frozenset[int], frozenset[int]] | None = None
    after: int | None = None
    probability: np.ndarray | float = 1.0

    @property
    def has_trigger(self) -> bool:
        return self.row is not None or self.col is not None or self.either is not None

    def cause(self, i: int, j: int) -> int | None:
        """The cause code if the profile ``(i, j)`` fires the trigger; ``None`` if it does not.

        A transition without an action trigger returns :data:`NONE` (no side caused it).
        """
        if self.either is not None:
            by_row, by_col = i in self.either[0], j in self.either[1]
            if by_row and by_col:
                return BOTH
            return ROW if by_row else COL if by_col else None
        if self.row is not None and i not in self.row:
            return None
        if self.col is not None and j not in self.col:
            return None
        if self.row is not None and self.col is not None:
            return BOTH
        return ROW if self.row is not None else COL if self.col is not None else NONE


@dataclass(frozen=True, eq=False)
class TreatyDynamics:
    """Treaty states with their payoffs and transitions.

    Attributes
    ----------
    names
        Treaty state names (``K`` of them).
    in_force
        Whether the treaty counts as in force in each state (survival, time to collapse).
    initial
        Index of the initial state.
    row_payoffs, col_payoffs
        Arrays ``batch + (K, m, n)``: the stage payoffs in each state.
    transitions
        In the order they are tried.
    """

    names: tuple[str, ...]
    in_force: tuple[bool, ...]
    initial: int
    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    transitions: tuple[TreatyTransition, ...] = ()

    @classmethod
    def plain(cls, row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> TreatyDynamics:
        """A plain repeated game: one state, ``repeated``, that never ends."""
        row = np.asarray(row_payoffs, dtype=float)[..., None, :, :]
        col = np.asarray(col_payoffs, dtype=float)[..., None, :, :]
        return cls(("repeated",), (True,), 0, row, col)

    @property
    def shape(self) -> tuple[int, int]:
        return self.row_payoffs.shape[-2], self.row_payoffs.shape[-1]

    @property
    def batch_shape(self) -> tuple[int, ...]:
        shapes = [self.row_payoffs.shape[:-3], self.col_payoffs.shape[:-3]]
        shapes += [np.shape(t.probability) for t in self.transitions]
        return np.broadcast_shapes(*shapes)

    def with_initial(self, initial: int) -> TreatyDynamics:
        return TreatyDynamics(
            self.names,
            self.in_force,
            initial,
            self.row_payoffs,
            self.col_payoffs,
            self.transitions,
        )

    @cached_property
    def chain(self) -> TreatyChain:
        """The expanded chain (computed once)."""
        return expand(self)


@dataclass(frozen=True, eq=False)
class TreatyChain:
    """The treaty dynamics as a Markov chain on expanded states, given the action profile.

    Each *treaty term* ``k`` says: from expanded state ``source[k]``, when the profile is
    ``(row_action[k], col_action[k])``, move to ``target[k]`` with ``probability[..., k]``;
    the terms of one ``(source, i, j)`` sum to 1. ``cause[k]`` is who ended the treaty if the
    term takes it out of force (else ignored).

    Attributes
    ----------
    labels
        Readable names of the expanded states, such as ``notice[3] (row)``.
    state
        Treaty state index of each expanded state, shape ``(E,)``.
    in_force
        Shape ``(E,)``.
    initial
        Expanded initial state.
    """

    labels: tuple[str, ...]
    state: np.ndarray
    in_force: np.ndarray
    initial: int
    source: np.ndarray
    row_action: np.ndarray
    col_action: np.ndarray
    target: np.ndarray
    cause: np.ndarray
    probability: np.ndarray
    moved: np.ndarray | None = None
    """``(terms,)``: the term fires a transition triggered by a move (it sets the cause)."""
    state_cause: np.ndarray | None = None
    """``(E,)``: the cause remembered in each expanded state (``NONE`` if none)."""

    @property
    def size(self) -> int:
        return len(self.labels)


def expand(dynamics: TreatyDynamics) -> TreatyChain:
    """Expand treaty states into ``(state, clock, cause)`` states reachable from the initial one.

    The clock of a state with a timed transition runs 1, 2, ... up to the largest ``after``
    of that state and then stays there; other states have no clock. The cause is the cause
    of the last transition fired by a move (a timed transition keeps it); it is dropped in
    states where the treaty is out of force.
    """
    m, n = dynamics.shape
    outgoing: dict[int, list[TreatyTransition]] = {}
    for transition in dynamics.transitions:
        outgoing.setdefault(transition.source, []).append(transition)
    max_clock = {
        k: max((t.after or 0) for t in ts) for k, ts in outgoing.items() if any(t.after for t in ts)
    }

    def entry(k: int, cause: int) -> tuple[int, int, int]:
        return (k, 1 if k in max_clock else 0, cause if dynamics.in_force[k] else NONE)

    start = entry(dynamics.initial, NONE)
    index = {start: 0}
    order = [start]
    terms: list[tuple[int, int, int, tuple[int, int, int], int, tuple]] = []
    cursor = 0
    while cursor < len(order):
        k, clock, cause = order[cursor]
        cursor += 1
        for i in range(m):
            for j in range(n):
                for target, end_cause, factors in _branches(
                    outgoing.get(k, []), k, clock, cause, i, j, max_clock, entry
                ):
                    if target not in index:
                        index[target] = len(order)
                        order.append(target)
                    moved = bool(factors) and factors[-1][1] and factors[-1][0].has_trigger
                    source = index[(k, clock, cause)]
                    terms.append((source, i, j, target, end_cause, factors, moved))
    transitions = dynamics.transitions
    position = {id(t): p for p, t in enumerate(transitions)}
    own = np.broadcast_shapes(*(np.shape(t.probability) for t in transitions))
    cache: dict[tuple, np.ndarray] = {}
    probability = np.empty((*own, len(terms)))
    for column, term in enumerate(terms):
        factors = tuple((position[id(t)], fired) for t, fired in term[5])
        if factors not in cache:
            value = np.ones(own)
            for p, fired in factors:
                q = np.asarray(transitions[p].probability, dtype=float)
                value = value * (q if fired else 1.0 - q)
            cache[factors] = value
        probability[..., column] = cache[factors]
    # the batch of the payoffs too, as a read-only view: the values vary only over the
    # transitions' own batch, and a sweep over payoffs alone need not fill (points, terms)
    probability = np.broadcast_to(probability, (*dynamics.batch_shape, len(terms)))
    as_int = lambda values: np.array(values, dtype=np.intp)  # noqa: E731
    return TreatyChain(
        labels=tuple(_label(dynamics, state, max_clock) for state in order),
        state=as_int([s[0] for s in order]),
        in_force=np.array([dynamics.in_force[s[0]] for s in order], dtype=bool),
        initial=0,
        source=as_int([t[0] for t in terms]),
        row_action=as_int([t[1] for t in terms]),
        col_action=as_int([t[2] for t in terms]),
        target=as_int([index[t[3]] for t in terms]),
        cause=as_int([t[4] for t in terms]),
        probability=probability,
        moved=np.array([t[6] for t in terms], dtype=bool),
        state_cause=as_int([s[2] for s in order]),
    )


def _branches(transitions, k, clock, cause, i, j, max_clock, entry):
    """The ways a round can end in state ``(k, clock, cause)`` with profile ``(i, j)``.

    Yields ``(next expanded state, end cause, factors)`` where ``factors`` lists
    ``(transition, fired)``: the branch's probability is the product of ``p`` for the one
    that fired and ``1 - p`` for each earlier one whose conditions held.
    """
    passed: list[tuple[TreatyTransition, bool]] = []
    for transition in transitions:
        edge = transition.cause(i, j)
        if edge is None or (transition.after is not None and clock < transition.after):
            continue
        if edge == NONE:
            edge = cause if (transition.after is not None and cause != NONE) else OTHER
        yield entry(transition.target, edge), edge, (*passed, (transition, True))
        if _is_one(transition.probability):
            return
        passed.append((transition, False))
    stay_clock = min(clock + 1, max_clock[k]) if k in max_clock else 0
    yield (k, stay_clock, cause), OTHER, tuple(passed)


def _is_one(value) -> bool:
    array = np.asarray(value)
    return array.ndim == 0 and float(array) == 1.0


def _label(dynamics: TreatyDynamics, state: tuple[int, int, int], max_clock) -> str:
    k, clock, cause = state
    text = dynamics.names[k]
    if k in max_clock:
        text += f"[{clock}]"
    if cause != NONE:
        text += f" ({CAUSES[cause]})"
    return text
