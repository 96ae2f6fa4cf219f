"""A strategy as a finite automaton (Moore machine) over what the player observes.

Rubinstein (1986) and Abreu and Rubinstein (1988) model repeated-game strategies as
automata: a set of states, an output (here an action or a distribution over actions) in
each state, and a transition on what the player saw in the last round. Here a transition
reads the player's own action, the signal of the other's action, and the treaty state the
next round is played in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True, eq=False)
class Automaton:
    """A strategy for one side of an iterated game.

    Attributes
    ----------
    name
        Strategy name, such as ``tit_for_tat``.
    actions
        The player's own actions (``m``).
    signals
        What it can see of the other: the other's action names (``s``).
    treaty_states
        Treaty states it can read (``K``).
    states
        Automaton state names (``Q``).
    initial
        Index of the initial state.
    policy
        ``batch + (Q, m)``: action probabilities in each state (before trembles).
    next_state
        Integer array ``(Q, m, s, K)``: the next state after playing ``own``, seeing
        ``signal`` and entering treaty state ``k``.
    description
        What it does, and its source.
    start, before, begin
        A dated start: at the beginning of round ``start``, an automaton still in state
        ``before`` moves to state ``begin`` (a one-off announcement on a date).
        ``start = 0``: no dated start.
    """

    name: str
    actions: tuple[str, ...]
    signals: tuple[str, ...]
    treaty_states: tuple[str, ...]
    states: tuple[str, ...]
    initial: int
    policy: np.ndarray
    next_state: np.ndarray
    description: str = ""
    start: int = 0
    before: int | None = None
    begin: int | None = None

    def __post_init__(self) -> None:
        policy = np.asarray(self.policy, dtype=float)
        table = np.asarray(self.next_state, dtype=np.intp)
        q = len(self.states)
        if policy.shape[-2:] != (q, len(self.actions)):
            raise ValueError(f"policy has shape {policy.shape}, expected (..., {q}, m)")
        expected = (q, len(self.actions), len(self.signals), len(self.treaty_states))
        if table.shape != expected:
            raise ValueError(f"next_state has shape {table.shape}, expected {expected}")
        if table.size and (table.min() < 0 or table.max() >= q):
            raise ValueError("next_state names a state that does not exist")
        if self.start < 0 or (self.start > 0 and (self.before is None or self.begin is None)):
            raise ValueError("a dated start needs a round >= 0 and its 'before' and 'begin' states")
        for array in (policy, table):
            array.setflags(write=False)
        object.__setattr__(self, "policy", policy)
        object.__setattr__(self, "next_state", table)

    @property
    def first_state(self) -> int:
        """The state of round 0."""
        return self.initial

    def start_map(self) -> np.ndarray:
        """``(Q,)``: each state's state after the dated start (``before`` -> ``begin``)."""
        mapping = np.arange(self.size)
        if self.start > 0 and self.before is not None and self.begin is not None:
            mapping[self.before] = self.begin
        return mapping

    def from_start(self) -> Automaton:
        """The same automaton started at once in its ``begin`` state (the subgame at its date)."""
        if self.start <= 0 or self.begin is None:
            return self
        return replace(self, initial=self.begin, start=0, before=None, begin=None)

    @property
    def size(self) -> int:
        """Number of states."""
        return len(self.states)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.policy.shape[:-2]

    @property
    def is_deterministic(self) -> bool:
        """Whether every state plays one action for sure (at every batch point)."""
        return bool(np.all((self.policy == 0.0) | (self.policy == 1.0)))

    def step(self, state: int, own: str, seen: str, treaty: str | None = None) -> int:
        """The next state after playing ``own`` and seeing ``seen`` (for tests and tracing)."""
        k = 0 if treaty is None else self.treaty_states.index(treaty)
        return int(self.next_state[state, self.actions.index(own), self.signals.index(seen), k])

    def describe_state(self, state: int) -> str:
        """``name: action`` or ``name: {a: p, ...}`` for a (non-batch) policy row."""
        row = self.policy[(0,) * len(self.batch_shape) + (state,)]
        if np.count_nonzero(row) == 1:
            return f"{self.states[state]}: {self.actions[int(np.argmax(row))]}"
        mix = ", ".join(f"{a} {p:.3g}" for a, p in zip(self.actions, row, strict=True) if p)
        return f"{self.states[state]}: {{{mix}}}"
