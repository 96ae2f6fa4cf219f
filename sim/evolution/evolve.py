"""Running each dynamics on a table with its settings, and collecting what a reader needs.

These functions combine the single-method modules (replicator, rest points, Moran,
learning) into results with a start, a path and an end, ready for the report layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.evolution.learning import FictitiousPath, fictitious_play, logit_trajectory
from sim.evolution.moran import (
    fixation_matrix,
    rare_mutation_distribution,
    simulate_fixations,
    wilson_interval,
)
from sim.evolution.replicator import Trajectory, replicator_trajectory
from sim.evolution.restpoints import (
    MAX_POOL_FOR_REST_POINTS,
    RestPoint,
    rest_points,
    with_equilibria,
)

MAX_SIMULATED_POPULATION = 500
"""Largest population whose Moran process is simulated as a cross-check."""


@dataclass(frozen=True)
class ReplicatorResult:
    """A replicator path from a start, and every rest point with its stability.

    ``rest`` is ``None`` when a pool is larger than
    :data:`~sim.evolution.restpoints.MAX_POOL_FOR_REST_POINTS`.
    """

    trajectory: Trajectory
    rest: list[RestPoint] | None


def uniform(size: int) -> np.ndarray:
    """Equal shares of ``size`` strategies."""
    return np.full(size, 1.0 / size)


def run_replicator(
    A: np.ndarray,
    B: np.ndarray,
    time: float,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    points: int = 101,
) -> ReplicatorResult:
    """Replicator dynamics from ``start`` (default: equal shares) over ``[0, time]``.

    The rest points are those enumerated by support, together with the extreme Nash
    equilibria from the equilibrium engine (in a degenerate table the enumeration shows a
    continuum of rest points by one point, which need not be one of its Nash points).
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    x0, y0 = start if start is not None else (uniform(m), uniform(n))
    path = replicator_trajectory(A, B, x0, y0, time, points)
    rest = None
    if max(m, n) <= MAX_POOL_FOR_REST_POINTS:
        from sim.equilibria.nash import nash_equilibria

        rest = with_equilibria(A, B, rest_points(A, B), nash_equilibria((A, B)))
    return ReplicatorResult(path, rest)


@dataclass(frozen=True)
class MoranResult:
    """Fixation probabilities within one pool, with the simulated cross-check.

    Attributes
    ----------
    payoffs
        ``(K, K)`` per-round payoffs within the pool (the matrix the process uses).
    rho
        ``rho[k, l]``: a single ``k`` mutant among ``l`` residents fixes (closed form).
    stationary
        Share of time each strategy is the resident when mutations are rare.
    simulated, low, high
        Simulated fixation frequencies and their 95% Wilson intervals (``None``: not run).
    """

    population: int
    intensity: float
    fitness: str
    payoffs: np.ndarray
    rho: np.ndarray
    stationary: np.ndarray
    simulated: np.ndarray | None = None
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    runs: int = 0

    @property
    def neutral(self) -> float:
        """The fixation probability of a neutral mutant, ``1 / N``."""
        return 1.0 / self.population

    def agreement(self) -> np.ndarray | None:
        """Boolean ``(K, K)``: the closed form lies in the simulated interval (off-diagonal)."""
        if self.simulated is None:
            return None
        inside = (self.low <= self.rho) & (self.rho <= self.high)
        np.fill_diagonal(inside, True)
        return inside


def run_moran(
    payoffs: np.ndarray,
    population: int,
    intensity: float,
    fitness: str = "linear",
    runs: int = 0,
    rng: np.random.Generator | None = None,
) -> MoranResult:
    """Closed-form fixation probabilities for every mutant-resident pair, and simulations.

    Parameters
    ----------
    payoffs
        ``(K, K)`` payoffs within one pool (row strategy against column strategy).
    runs
        Simulated runs per ordered pair (0: no simulation); needs ``rng``. Populations above
        :data:`MAX_SIMULATED_POPULATION` are not simulated (a run takes of the order of
        ``N^2`` steps).
    """
    payoffs = np.asarray(payoffs, dtype=float)
    count = payoffs.shape[0]
    rho = fixation_matrix(payoffs, population, intensity, fitness)
    result = MoranResult(
        population, float(intensity), fitness, payoffs, rho, rare_mutation_distribution(rho)
    )
    if runs <= 0 or count < 2 or population > MAX_SIMULATED_POPULATION:
        return result
    if rng is None:
        raise ValueError("simulating the Moran process needs a seeded random generator")
    pairs = [(k, r) for k in range(count) for r in range(count) if k != r]
    quads = [(payoffs[k, k], payoffs[k, r], payoffs[r, k], payoffs[r, r]) for k, r in pairs]
    fixed = simulate_fixations(np.array(quads), population, intensity, runs, rng, fitness)
    simulated, low, high = (np.full((count, count), 1.0 / population) for _ in range(3))
    for (k, r), hits in zip(pairs, fixed, strict=True):
        simulated[k, r] = hits / runs
        low[k, r], high[k, r] = wilson_interval(int(hits), runs)
    return MoranResult(
        population, float(intensity), fitness, payoffs, rho, result.stationary,
        simulated, low, high, runs,
    )  # fmt: skip


@dataclass(frozen=True)
class LearningResult:
    """A learning path on a game: fictitious play's counts, or a logit trajectory."""

    kind: str
    row: np.ndarray
    col: np.ndarray
    times: np.ndarray
    path: FictitiousPath | None = None


def run_fictitious(A: np.ndarray, B: np.ndarray, rounds: int) -> LearningResult:
    """Fictitious play from no prior; the empirical frequencies after every round."""
    path = fictitious_play(A, B, rounds)
    played = np.arange(1, rounds + 1, dtype=float)[:, None]
    row = path.row_counts[1:] / played
    col = path.col_counts[1:] / played
    return LearningResult("fictitious", row, col, played[:, 0], path)


def run_logit(A: np.ndarray, B: np.ndarray, precision: float, time: float) -> LearningResult:
    """Logit dynamics from equal shares; its end approximates a logit QRE."""
    m, n = np.shape(A)
    path = logit_trajectory(A, B, uniform(m), uniform(n), precision, time)
    return LearningResult("logit", path.row, path.col, path.times)
