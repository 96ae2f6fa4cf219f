"""Learning on a bimatrix game: fictitious play and logit best-response dynamics.

Fictitious play (Brown 1951; Robinson 1951): each round both players best respond to the
empirical frequencies of the other's past play. The frequencies converge to a Nash
equilibrium in zero-sum games, 2 x n games and potential games; they may cycle otherwise
(Shapley 1964).

Logit (smoothed) best-response dynamics (Fudenberg and Levine 1998, ch. 4; Hofbauer and
Sandholm 2002): with precision ``lambda``,

    dx/dt = L(A y) - x,    dy/dt = L(B'x) - y,    L(u)_i = exp(lambda u_i) / sum_k exp(lambda u_k),

whose rest points are the logit quantal response equilibria (McKelvey and Palfrey 1995).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.evolution.replicator import Trajectory
from sim.tolerance import INTEGRATION_ATOL, INTEGRATION_RTOL, payoff_tolerance


@dataclass(frozen=True)
class FictitiousPath:
    """The path of fictitious play.

    Attributes
    ----------
    row_counts, col_counts
        Shapes ``(T + 1, m)`` and ``(T + 1, n)``: how often each action has been played
        after each round (row 0 holds the initial counts).
    row_plays, col_plays
        Shape ``(T,)``: the action each player chose in each round.
    """

    row_counts: np.ndarray
    col_counts: np.ndarray
    row_plays: np.ndarray
    col_plays: np.ndarray

    @property
    def row_frequencies(self) -> np.ndarray:
        """Empirical frequencies of the row player's play after the last round."""
        return self.row_counts[-1] / self.row_counts[-1].sum()

    @property
    def col_frequencies(self) -> np.ndarray:
        """Empirical frequencies of the column player's play after the last round."""
        return self.col_counts[-1] / self.col_counts[-1].sum()


def _best_response(utilities: np.ndarray, tol: float, rng: np.random.Generator | None) -> int:
    best = np.flatnonzero(utilities >= utilities.max() - tol)
    if rng is None or best.size == 1:
        return int(best[0])
    return int(rng.choice(best))


def fictitious_play(
    A: np.ndarray,
    B: np.ndarray,
    rounds: int,
    initial_counts: tuple[np.ndarray, np.ndarray] | None = None,
    rng: np.random.Generator | None = None,
) -> FictitiousPath:
    """Play simultaneous fictitious play for ``rounds`` rounds.

    Parameters
    ----------
    A, B
        Payoffs of the row and the column player, shape ``(m, n)``.
    rounds
        Number of rounds.
    initial_counts
        Prior counts of each player's actions (default zeros: the first choice is a tie).
    rng
        Breaks ties between best responses at random when given; otherwise the first listed
        best response is taken (ties within the package tolerance).
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    if initial_counts is None:
        row_count, col_count = np.zeros(m), np.zeros(n)
    else:
        row_count = np.asarray(initial_counts[0], dtype=float).copy()
        col_count = np.asarray(initial_counts[1], dtype=float).copy()
    tol_a, tol_b = float(payoff_tolerance(A)), float(payoff_tolerance(B))
    row_utility = A @ col_count  # row's payoff of each action against the column counts
    col_utility = row_count @ B
    row_counts = np.empty((rounds + 1, m))
    col_counts = np.empty((rounds + 1, n))
    row_counts[0], col_counts[0] = row_count, col_count
    row_plays = np.empty(rounds, dtype=int)
    col_plays = np.empty(rounds, dtype=int)
    for t in range(rounds):
        i = _best_response(row_utility, tol_a * max(1.0, t), rng)
        j = _best_response(col_utility, tol_b * max(1.0, t), rng)
        row_plays[t], col_plays[t] = i, j
        row_count[i] += 1
        col_count[j] += 1
        row_utility += A[:, j]
        col_utility += B[i, :]
        row_counts[t + 1], col_counts[t + 1] = row_count, col_count
    return FictitiousPath(row_counts, col_counts, row_plays, col_plays)


def logit_response(utilities: np.ndarray, precision: float) -> np.ndarray:
    """``L(u)_i = exp(lambda u_i) / sum_k exp(lambda u_k)``, computed without overflow."""
    z = precision * np.asarray(utilities, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def logit_field(
    A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray, precision: float
) -> tuple[np.ndarray, np.ndarray]:
    """The velocity of the logit dynamics at ``(x, y)``."""
    return logit_response(A @ y, precision) - x, logit_response(x @ B, precision) - y


def logit_trajectory(
    A: np.ndarray,
    B: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    precision: float,
    t_max: float,
    points: int = 101,
    rtol: float = INTEGRATION_RTOL,
    atol: float = INTEGRATION_ATOL,
) -> Trajectory:
    """Integrate the logit dynamics from ``(x0, y0)`` over ``[0, t_max]`` with ``solve_ivp``.

    Time is in units of the adjustment rate (a deviation from the logit response decays
    like ``exp(-t)`` when the other side stands still).
    """
    from scipy.integrate import solve_ivp

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m = A.shape[0]

    def field(_t: float, z: np.ndarray) -> np.ndarray:
        return np.concatenate(logit_field(A, B, z[:m], z[m:], precision))

    start = np.concatenate([np.asarray(x0, dtype=float), np.asarray(y0, dtype=float)])
    times = np.linspace(0.0, float(t_max), points)
    solution = solve_ivp(
        field, (0.0, float(t_max)), start, method="LSODA", t_eval=times, rtol=rtol, atol=atol
    )
    if not solution.success:
        raise RuntimeError(f"logit integration failed: {solution.message}")
    z = np.clip(solution.y.T, 0.0, None)
    row = z[:, :m] / z[:, :m].sum(axis=1, keepdims=True)
    col = z[:, m:] / z[:, m:].sum(axis=1, keepdims=True)
    return Trajectory(solution.t, row, col)
