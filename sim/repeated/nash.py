"""Nash equilibrium of a profile of automata in the repeated game, at one or many discounts.

The profile is a Nash equilibrium iff neither side's best deviation from the start,
``V*_p(x_0)`` (:mod:`sim.repeated.deviation`), beats the profile's value ``V_p(s_0)``. The
normalised gain ``G_p(delta) = V*_p(x_0) - V_p(s_0)`` is never negative (the profile itself
is a deviation plan) and is zero exactly on the Nash set, so it has no sign changes to
isolate. Instead each stationary deviation policy ``pi`` found optimal somewhere gives a
rational gain function ``d_pi(delta) = V_pi(x_0) - V_p(s_0)`` that does change sign, and
the Nash set is ``{delta : d_pi(delta) <= 0 for every pi}``; policies optimal at a grid
point are the candidates, and a policy found optimal at a probe the candidates miss is added
until every piece's verdict agrees with the full check (:func:`nash_holds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sim.repeated.deviation import DeviationProblem
from sim.repeated.intervals import GRID, closed_intervals, isolate_roots
from sim.repeated.perfection import OneShotProblem

CANDIDATE_ROUNDS = 6
"""How often the candidate policies are extended by a probe's optimal policy at most."""


@dataclass(eq=False)
class NashProblem:
    """Both sides' deviation problems against a profile under one monitoring assumption."""

    profile: OneShotProblem
    policies: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)

    @cached_property
    def deviations(self) -> tuple[DeviationProblem, DeviationProblem]:
        p = self.profile
        return (
            DeviationProblem(p.model, p.col, 0, p.monitoring),
            DeviationProblem(p.model, p.row, 1, p.monitoring),
        )

    def profile_start(self, deltas: np.ndarray) -> np.ndarray:
        """Normalised profile values from the start, ``(D, 2)``."""
        return self.profile.values(deltas)[:, self.profile.terms.initial, :]

    def gain(self, delta: float) -> tuple[np.ndarray, list[np.ndarray], int]:
        """Normalised best-deviation gains ``(2,)`` at ``delta``, the optimal policies, and
        the number of near-zero gains left undecided (counted as ties)."""
        start = self.profile_start(np.array([delta]))[0]
        gains, policies, undecided = np.zeros(2), [], 0
        for side, problem in enumerate(self.deviations):
            policy, value = problem.solve(delta)
            policies.append(policy)
            gains[side] = value[problem.initial] - start[side]
            band = self.profile.band(delta)
            if abs(gains[side]) <= band:
                best = problem.exact_start_value(policy, delta)
                own = self.profile.exact_start_value(side, delta)
                if best is None or own is None:
                    undecided += 1
                    gains[side] = 0.0
                else:
                    sign = (best > own) - (best < own)
                    gains[side] = 2 * band * sign
        return gains, policies, undecided

    def holds(self, delta: float) -> bool:
        gains, _, _ = self.gain(delta)
        return bool(np.all(gains <= self.profile.band(delta)))

    def add_policies(self, deltas: np.ndarray) -> None:
        for delta in deltas:
            for side, problem in enumerate(self.deviations):
                key = (side, tuple(int(a) for a in problem.solve(float(delta))[0]))
                if key not in self.policies:
                    self.policies.append(key)

    def candidate_gains(self, deltas: np.ndarray) -> np.ndarray:
        """``d_pi(delta)`` for every candidate policy, ``(D, K)``."""
        deltas = np.asarray(deltas, dtype=float).reshape(-1)
        start = self.profile_start(deltas)
        out = np.zeros((len(deltas), len(self.policies)))
        for k, (side, policy) in enumerate(self.policies):
            problem = self.deviations[side]
            value = problem.policy_values(np.array(policy), deltas)[:, problem.initial]
            out[:, k] = value - start[:, side]
        return out


def nash_intervals(problem: NashProblem, grid: np.ndarray = GRID) -> list[tuple[float, float]]:
    """The Nash set of ``problem`` in ``delta = discount * continuation`` (see module doc)."""
    problem.add_policies(grid[::5])
    intervals: list[tuple[float, float]] = []
    for _ in range(CANDIDATE_ROUNDS):
        roots = isolate_roots(problem.candidate_gains, grid, lambda d: problem.profile.band(d))
        probes: list[float] = []

        def holds(delta: float, probes: list[float] = probes) -> bool:
            probes.append(delta)
            return problem.holds(delta)

        intervals = closed_intervals(roots, holds, grid)
        missed = [d for d in probes if holds_by_candidates(problem, d) != problem.holds(d)]
        if not missed:
            return intervals
        problem.add_policies(np.array(missed))
    return intervals


def holds_by_candidates(problem: NashProblem, delta: float) -> bool:
    """Whether no candidate policy gains at ``delta`` (beyond the rounding band)."""
    gains = problem.candidate_gains(np.array([delta]))
    return bool(np.all(gains <= problem.profile.band(delta)))
