"""Subgame perfection (perfect monitoring) and perfect public equilibrium (public monitoring).

Under public monitoring a profile of public strategies is a *perfect public equilibrium*
(PPE) iff no player gains from a one-shot deviation after any public history (Abreu, Pearce
and Stacchetti 1990; Fudenberg, Levine and Maskin 1994, Lemma 2; Mailath and Samuelson
2006, Prop. 7.1.1). With automata the public history matters only through the joint state
``s = (treaty state and clock, row state, column state)``, so the condition is, for each
player ``p``, every joint state ``s`` some public history reaches, and every intended
action ``x``::

    Q_p(s, x) = sum_i shake_p(x -> i) sum_{terms t from s with p's action i}
                w_t [u_p(t) + delta V_p(target_t)]   <=   V_p(s),
    V = (I - delta M)^-1 r,

where ``shake_p`` is ``p``'s tremble and ``w_t`` the term probability without ``p``'s
policy factor (:mod:`sim.repeated.terms`). Perfect monitoring is the special case with
signals equal to actions, where PPE is subgame perfection (Fudenberg and Tirole 1991,
Theorem 4.2).

Payoffs are normalised per player (:func:`sim.repeated.terms.normalising`), so adding a
constant or scaling changes nothing; gains within :func:`sim.repeated.exact.error_band` of
zero are decided in rational arithmetic.

Closed form (test): the prisoner's dilemma ``T > R > P > S`` with public signals of each
action, a defection seen as such with probability ``pi``, a cooperation seen as a defection
with probability ``eps``, no trembles, and grim trigger on any public defection signal.
With ``q_C = (1 - eps)^2`` (no defection signal under mutual cooperation) and
``q_D = (1 - eps)(1 - pi)`` (none after a defection), the value above the punishment value
``P / (1 - delta)`` is ``W = (R - P) / (1 - delta q_C)``, and defecting once does not pay iff
``R + delta q_C W >= T + delta q_D W``, i.e.::

    delta >= (T - R) / ((1 - eps) [(pi - eps)(R - P) + (1 - eps)(T - R)]),

which is Friedman's ``(T - R) / (T - P)`` at ``pi = 1, eps = 0`` (compare Mailath and
Samuelson 2006, sec. 7.2, eq. 7.2.4 for the one-signal version).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated import exact
from sim.repeated.resolvent import discounted_values
from sim.repeated.terms import (
    expected_rewards,
    normalising,
    reachable,
    round_terms,
    transition_matrix,
)
from sim.strategies.automaton import Automaton


@dataclass(frozen=True, eq=False)
class OneShotProblem:
    """The one-shot deviation conditions of a profile, for any discount factor.

    ``candidates`` lists ``(player, joint state, intended action)`` for every deviation whose
    gain is not zero by construction (the action a deterministic state prescribes is left
    out); :meth:`gains` gives their normalised gains for a vector of discount factors.
    """

    model: IteratedModel
    row: Automaton
    col: Automaton
    monitoring: str

    @cached_property
    def terms(self):
        return round_terms(self.model, self.row, self.col, self.monitoring)

    @cached_property
    def checked(self) -> np.ndarray:
        """Joint states some history reaches (any actions of either side, any signals)."""
        anything = round_terms(self.model, self.row, self.col, self.monitoring, free=(0, 1))
        return reachable(anything)

    @cached_property
    def scale(self) -> tuple[np.ndarray, np.ndarray]:
        return normalising(self.model)

    @cached_property
    def _deviation_parts(self):
        low, span = self.scale
        parts = []
        size = self.terms.size
        for player in (0, 1):
            terms = round_terms(self.model, self.row, self.col, self.monitoring, free=(player,))
            m = self.model.shape[player]
            key = terms.source * m + terms.action(player)
            utility = (terms.payoff(player) - low[player]) / span[player]
            reward = np.bincount(key, terms.probability * utility, size * m)
            step = np.zeros((size * m, size))
            np.add.at(step, (key, terms.target), terms.probability)
            shake = self.model.trembled(player, np.eye(m))
            parts.append((terms, reward.reshape(size, m), step.reshape(size, m, size), shake))
        return parts

    @cached_property
    def candidates(self) -> list[tuple[int, int, int]]:
        out = []
        for player, automaton in ((0, self.row), (1, self.col)):
            for s in np.flatnonzero(self.checked):
                rest = int(s) % (self.row.size * self.col.size)
                own = rest // self.col.size if player == 0 else rest % self.col.size
                prescribed = np.asarray(automaton.policy)[own]
                out.extend(
                    (player, int(s), x)
                    for x in range(self.model.shape[player])
                    if prescribed[x] != 1.0
                )
        return out

    @cached_property
    def _system(self):
        low, span = self.scale
        keep = np.flatnonzero(self.checked)
        matrix = transition_matrix(self.terms)[np.ix_(keep, keep)]
        reward = (expected_rewards(self.terms) - low) / span
        return keep, matrix, reward[keep]

    def values(self, deltas: np.ndarray) -> np.ndarray:
        """Normalised values ``(D, N, 2)`` on the checked states (0 elsewhere)."""
        keep, matrix, reward = self._system
        deltas = np.asarray(deltas, dtype=float).reshape(-1)
        out = np.zeros((len(deltas), self.terms.size, 2))
        out[:, keep, :] = discounted_values(matrix, reward, deltas)
        return out

    @cached_property
    def _candidate_arrays(self):
        if not self.candidates:
            return ()
        p, s, x = (np.array(c) for c in zip(*self.candidates, strict=True))
        out = []
        for player in (0, 1):
            _, reward, step, shake = self._deviation_parts[player]
            mine = np.flatnonzero(p == player)
            # Q(s, x) = sum_i shake[x, i] (reward[s, i] + delta step[s, i, :] . V)
            weights = shake[x[mine]]  # (K_p, m)
            rows_reward = np.einsum("ki,ki->k", weights, reward[s[mine]])
            rows_step = np.einsum("ki,kin->kn", weights, step[s[mine]])
            out.append((mine, s[mine], rows_reward, rows_step))
        return tuple(out)

    def gains(self, deltas: np.ndarray) -> np.ndarray:
        """Normalised gain of every candidate deviation, shape ``(D, K)``."""
        deltas = np.asarray(deltas, dtype=float).reshape(-1)
        out = np.zeros((len(deltas), len(self.candidates)))
        if not self.candidates:
            return out
        value = self.values(deltas)
        for player, (mine, states, reward, step) in enumerate(self._candidate_arrays):
            v = value[..., player]  # (D, N)
            q = reward[None, :] + deltas[:, None] * (v @ step.T)
            out[:, mine] = q - v[:, states]
        return out

    def band(self, delta: float) -> float:
        return float(exact.error_band(delta, int(self.checked.sum())))

    def exact_gain(self, delta: float, candidate: int):
        """The gain of one candidate in rational arithmetic (original payoffs), or ``None``
        if the system exceeds :data:`sim.repeated.exact.EXACT_STATES`."""
        player, s, x = self.candidates[candidate]
        value = self._exact_values(player, delta)
        if value is None:
            return None
        dev_terms, _, _, shake = self._deviation_parts[player]
        weights = self._exact_weights[player]
        d = exact.Fraction(float(delta))
        q = exact.Fraction(0)
        for t in np.flatnonzero(dev_terms.source == s):
            i = int(dev_terms.action(player)[t])
            weight = weights[t] * exact.Fraction(float(shake[x, i]))
            future = value[int(dev_terms.target[t])]
            q += weight * (exact.Fraction(float(dev_terms.payoff(player)[t])) + d * future)
        return q - value[s]

    @cached_property
    def _exact_cache(self) -> dict:
        return {}

    @cached_property
    def _exact_weights(self) -> tuple[list, list]:
        parts = self._deviation_parts
        return tuple(exact.term_weights(parts[p][0].factors) for p in (0, 1))

    def _exact_values(self, player: int, delta: float):
        """Exact values on the checked states (cached), ``None`` past the budget."""
        key = (player, float(delta))
        if key not in self._exact_cache:
            terms = self.terms
            keep = self.checked[terms.source]
            try:
                self._exact_cache[key] = exact.discounted_values(
                    terms.source[keep],
                    terms.target[keep],
                    exact.term_weights(terms.factors, keep),
                    terms.payoff(player)[keep],
                    self.checked,
                    delta,
                )
            except OverflowError:
                self._exact_cache[key] = None
        return self._exact_cache[key]

    def decided_gains(self, delta: float) -> tuple[np.ndarray, int]:
        """Gains at one discount factor with near-zero ones decided exactly.

        Returns the normalised gains (near-zero ones replaced by ``+band``/``0``/``-band``
        from the exact sign) and the number of near-zero gains left undecided (counted as
        ties) because the exact system was too large.
        """
        gains = self.gains(np.array([delta]))[0]
        band = self.band(delta)
        undecided = 0
        for k in np.flatnonzero(np.abs(gains) <= band):
            sign = self.exact_gain(delta, int(k))
            if sign is None:
                undecided += 1
                gains[k] = 0.0
            else:
                gains[k] = band * 2 if sign > 0 else (0.0 if sign == 0 else -band * 2)
        return gains, undecided

    def holds(self, delta: float) -> bool:
        """Whether no one-shot deviation gains at ``delta`` (ties count as no gain).

        A gain clearly above the band settles it at once; otherwise the near-zero gains are
        decided exactly, one by one, until one is positive.
        """
        gains = self.gains(np.array([delta]))[0]
        band = self.band(delta)
        if np.any(gains > band):
            return False
        for k in np.flatnonzero(np.abs(gains) <= band):
            sign = self.exact_gain(delta, int(k))
            if sign is not None and sign > 0:
                return False
        return True

    def labels(self) -> tuple[str, ...]:
        return self.terms.labels()

    def exact_start_value(self, player: int, delta: float):
        """The profile's value to ``player`` from the start, in rational arithmetic
        (``None`` past :data:`sim.repeated.exact.EXACT_STATES` reached states)."""
        terms = self.terms
        reached = reachable(terms)
        keep = reached[terms.source]
        try:
            value = exact.discounted_values(
                terms.source[keep],
                terms.target[keep],
                exact.term_weights(terms.factors, keep),
                terms.payoff(player)[keep],
                reached,
                delta,
            )
        except OverflowError:
            return None
        return value[terms.initial]
