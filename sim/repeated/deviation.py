"""The best deviation of one side against the other's automaton, as a Markov decision problem.

The deviator's states are ``x = (expanded treaty state, other automaton state)``; it
chooses an intended action, trembles, and the other side's automaton moves on what *it*
reads under the monitoring assumption (:mod:`sim.repeated.terms`). Under perfect and public
monitoring the deviator knows ``x`` (the other's state is a function of the public
history), so the optimal value is the best any deviation earns and the profile is a Nash
equilibrium for the deviator iff ``V*(x_0) <= V_profile(s_0)`` (Mailath and Samuelson 2006,
sec. 2.4.1 for automata). Under private monitoring the deviator does not see the other's
state: the same problem with ``x`` revealed is an upper bound on what it can earn
(:mod:`sim.repeated.private` gives the lower bound).

Policy iteration (Howard 1960; Puterman 1994, sec. 6.4) solves the discounted problem; each
stationary policy ``pi`` has a value ``V_pi(delta)``, a rational function of ``delta``,
whose difference from the profile's value is one of the gain functions the discount-factor
sets are built from (:mod:`sim.repeated.intervals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated import exact
from sim.repeated.resolvent import discounted_values
from sim.repeated.terms import normalising, round_terms
from sim.strategies.automaton import Automaton


def placeholder(model: IteratedModel, side: int) -> Automaton:
    """A one-state automaton standing for the deviator (its policy is never used)."""
    own, other = model.side_actions(side)
    k = len(model.treaty_states)
    return Automaton(
        name="deviator",
        actions=own,
        signals=other,
        treaty_states=model.treaty_states,
        states=("any",),
        initial=0,
        policy=np.full((1, len(own)), 1.0 / len(own)),
        next_state=np.zeros((1, len(own), len(other), k), dtype=np.intp),
    )


@dataclass(frozen=True, eq=False)
class DeviationProblem:
    """Side ``side``'s decision problem against ``opponent`` under ``monitoring``.

    ``transition[x, intended, x']`` and ``reward[x, intended]`` (normalised payoffs of the
    deviator; ``raw_reward`` in the model's own units).
    """

    model: IteratedModel
    opponent: Automaton
    side: int
    monitoring: str

    @cached_property
    def _built(self):
        sides = [placeholder(self.model, self.side), self.opponent]
        row, col = sides if self.side == 0 else sides[::-1]
        terms = round_terms(self.model, row, col, self.monitoring, free=(self.side,))
        size, m = terms.size, self.model.shape[self.side]
        key = terms.source * m + terms.action(self.side)
        step = np.zeros((size * m, size))
        np.add.at(step, (key, terms.target), terms.probability)
        raw = np.bincount(key, terms.probability * terms.payoff(self.side), size * m)
        shake = self.model.trembled(self.side, np.eye(m))
        transition = np.einsum("xi,sik->sxk", shake, step.reshape(size, m, size))
        raw_reward = raw.reshape(size, m) @ shake.T
        low, span = normalising(self.model)
        # stage rewards are expectations of payoffs under probabilities summing to 1
        reward = (raw_reward - low[self.side]) / span[self.side]
        return terms, transition, reward, raw_reward

    @property
    def transition(self) -> np.ndarray:
        return self._built[1]

    @property
    def reward(self) -> np.ndarray:
        return self._built[2]

    @property
    def initial(self) -> int:
        return self._built[0].initial

    @cached_property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{t} | {b}" for t in self.model.chain.labels for b in self.opponent.states)

    def solve(self, delta: float) -> tuple[np.ndarray, np.ndarray]:
        """Optimal stationary policy and its normalised values at ``delta`` (policy iteration)."""
        size = len(self.labels)
        rows = np.arange(size)
        policy = np.argmax(self.reward, axis=1)
        for _ in range(10 * size + 10):
            value = self.policy_values(policy, np.array([delta]))[0]
            q = self.reward + delta * self.transition @ value
            best = np.argmax(q, axis=1)
            band = float(exact.error_band(delta, size))
            improve = q[rows, best] > q[rows, policy] + band
            if not np.any(improve):
                return policy, value
            policy = np.where(improve, best, policy)
        return policy, value

    def policy_values(self, policy: np.ndarray, deltas: np.ndarray) -> np.ndarray:
        """Normalised values ``(D, X)`` of a stationary policy for each discount factor."""
        rows = np.arange(len(policy))
        matrix = self.transition[rows, policy]
        return discounted_values(matrix, self.reward[rows, policy], deltas)

    def exact_start_value(self, policy: np.ndarray, delta: float):
        """``V_pi(x_0)`` in rational arithmetic and the model's own payoff units.

        ``None`` if the states ``pi`` reaches exceed :data:`sim.repeated.exact.EXACT_STATES`.
        """
        terms = self._built[0]
        m = self.model.shape[self.side]
        shake = self.model.trembled(self.side, np.eye(m))
        own = terms.action(self.side)
        weight_of_choice = shake[policy[terms.source], own]
        live = weight_of_choice > 0
        reached = np.zeros(terms.size, dtype=bool)
        reached[terms.initial] = True
        while True:
            grown = reached.copy()
            grown[terms.target[live & reached[terms.source]]] = True
            if np.array_equal(grown, reached):
                break
            reached = grown
        keep = live & reached[terms.source]
        try:
            values = exact.discounted_values(
                terms.source[keep],
                terms.target[keep],
                exact.term_weights((*terms.factors, weight_of_choice), keep),
                terms.payoff(self.side)[keep],
                reached,
                delta,
            )
        except OverflowError:
            return None
        return values[terms.initial]
