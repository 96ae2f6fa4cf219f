"""Rest points of the two-population replicator dynamics and their linear stability.

A profile ``(x, y)`` with supports ``S`` and ``T`` is a rest point exactly when every row
strategy in ``S`` earns the same against ``y`` and every column strategy in ``T`` earns the
same against ``x``:

    A[S, T] y_T = v 1,  1'y_T = 1,        B[S, T]' x_S = w 1,  1'x_S = 1,

with ``x_S > 0`` and ``y_T > 0``. We solve both linear systems for every pair of supports
(batched by support sizes). Nash equilibria are the rest points that are also *saturated*
(no unused strategy earns more than the mean); every Nash equilibrium is a rest point,
every Lyapunov-stable rest point is a Nash equilibrium, and a rest point in the interior of
both simplices is a completely mixed Nash equilibrium (the folk theorem of evolutionary game
theory; Hofbauer and Sigmund 2003, Bull. AMS 40, 479-519; Weibull 1995, ch. 5).
Stability comes from the eigenvalues of the Jacobian on the simplices
(:func:`~sim.evolution.replicator.tangent_eigenvalues`). In two-population dynamics the
only asymptotically stable rest points are strict equilibria and interior rest points are
never asymptotically stable (Hofbauer and Sigmund 1998, ch. 10; the flow preserves
volume up to a factor).

In degenerate tables (two strategies that earn the same against everyone) the rest points
form continua; the enumeration represents each by its minimum-norm solution when that is
positive, flagged ``isolated=False``, and :func:`with_equilibria` adds the extreme Nash
equilibria of the equilibrium engine that such a continuum contains.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from sim.evolution.replicator import tangent_eigenvalues
from sim.tolerance import (
    RELATIVE_TOLERANCE,
    SINGULAR_VALUE_CUT,
    SUPPORT_CUT,
    payoff_tolerance,
)

MAX_POOL_FOR_REST_POINTS = 8
"""Largest pool whose rest points are enumerated (``(2^R - 1)(2^C - 1)`` support pairs)."""

EIGENVALUE_RELATIVE_TOLERANCE = float(np.sqrt(RELATIVE_TOLERANCE))
"""Eigenvalue real parts below this times the payoff range count as zero.

It is the square root of the package tolerance because eigenvalues of a defective matrix
are only accurate to the square root of the machine precision times its norm."""


@dataclass(frozen=True)
class RestPoint:
    """One rest point of the replicator dynamics.

    Attributes
    ----------
    row, col
        The shares of the two pools.
    isolated
        False when the point lies in a continuum of rest points (a degenerate table).
    nash
        Whether it is a Nash equilibrium of the meta-game (no unused strategy does better).
    eigenvalues
        Eigenvalues of the Jacobian on the product of simplices (``m + n - 2`` of them).
    stability
        ``"asymptotically stable"`` (all real parts negative), ``"unstable"`` (some positive)
        or ``"neutral"`` (the largest real part is zero: linearisation is inconclusive).
    """

    row: np.ndarray
    col: np.ndarray
    isolated: bool
    nash: bool
    eigenvalues: np.ndarray
    stability: str

    @property
    def interior(self) -> bool:
        """Whether every strategy of both pools has a positive share."""
        return bool(np.all(self.row > 0) and np.all(self.col > 0))

    @property
    def pure(self) -> bool:
        """Whether each pool is monomorphic."""
        return bool(np.count_nonzero(self.row) == 1 and np.count_nonzero(self.col) == 1)


def _indifference_systems(payoffs: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    """Solve ``P[S, T] z = v 1, 1'z = 1`` for a batch of supports.

    ``rows``: (K, s) row indices, ``cols``: (K, t) column indices. Returns the solutions
    ``z`` (K, t), the residual norms of the payoff equations and of the sum, and whether
    each system has a unique solution.
    """
    K, s = rows.shape
    t = cols.shape[1]
    matrix = np.zeros((K, s + 1, t + 1))
    matrix[:, :s, :t] = payoffs[rows[:, :, None], cols[:, None, :]]
    matrix[:, :s, t] = -1.0
    matrix[:, s, :t] = 1.0
    u, singular, vh = np.linalg.svd(matrix, full_matrices=False)
    cutoff = SINGULAR_VALUE_CUT * singular[:, :1] * max(s + 1, t + 1)
    kept = singular > cutoff
    inverse = np.where(kept, 1.0 / np.where(kept, singular, 1.0), 0.0)
    solution = np.einsum("kji,kj,kj->ki", vh, inverse, u[:, s, :])  # pinv(M) @ e_s
    residual = np.einsum("kij,kj->ki", matrix, solution)
    residual[:, s] -= 1.0
    payoff_residual = np.abs(residual[:, :s]).max(axis=1)
    sum_residual = np.abs(residual[:, s])
    unique = kept.sum(axis=1) == t + 1
    return solution[:, :t], payoff_residual, sum_residual, unique


def _supports(size: int, count: int) -> np.ndarray:
    return np.array(list(itertools.combinations(range(size), count)), dtype=int)


def rest_points(A: np.ndarray, B: np.ndarray) -> list[RestPoint]:
    """Every rest point of the two-population replicator dynamics of the table ``(A, B)``.

    Parameters
    ----------
    A, B
        The row and the column pool's payoffs, shape ``(m, n)`` with ``m, n`` at most
        :data:`MAX_POOL_FOR_REST_POINTS`.

    Returns
    -------
    list of RestPoint
        Ordered by support size (pure profiles first).
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    if max(m, n) > MAX_POOL_FOR_REST_POINTS:
        raise ValueError(
            f"rest points are enumerated for pools of at most {MAX_POOL_FOR_REST_POINTS}"
        )
    tol_a, tol_b = float(payoff_tolerance(A)), float(payoff_tolerance(B))
    found = []
    for s in range(1, m + 1):
        row_sets = _supports(m, s)
        for t in range(1, n + 1):
            col_sets = _supports(n, t)
            rows = np.repeat(row_sets, len(col_sets), axis=0)
            cols = np.tile(col_sets, (len(row_sets), 1))
            y, y_res, y_sum, y_unique = _indifference_systems(A, rows, cols)
            x, x_res, x_sum, x_unique = _indifference_systems(B.T, cols, rows)
            ok = (
                (y_res <= tol_a)
                & (x_res <= tol_b)
                & (np.maximum(y_sum, x_sum) <= RELATIVE_TOLERANCE)
                & np.all(y > RELATIVE_TOLERANCE, axis=1)
                & np.all(x > RELATIVE_TOLERANCE, axis=1)
            )
            for k in np.flatnonzero(ok):
                row = np.zeros(m)
                col = np.zeros(n)
                row[rows[k]] = x[k] / x[k].sum()
                col[cols[k]] = y[k] / y[k].sum()
                found.append(classify(A, B, row, col, bool(x_unique[k] and y_unique[k])))
    return found


def is_saturated(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray) -> bool:
    """Whether no strategy of either pool earns more than its pool's mean at ``(row, col)``."""
    row_fitness = A @ col
    col_fitness = row @ B
    return bool(
        np.all(row_fitness <= row @ row_fitness + payoff_tolerance(A))
        and np.all(col_fitness <= col_fitness @ col + payoff_tolerance(B))
    )


def stability_label(eigenvalues: np.ndarray, scale: float) -> str:
    """Classify a rest point from the real parts of its eigenvalues."""
    if eigenvalues.size == 0:
        return "asymptotically stable"
    tol = EIGENVALUE_RELATIVE_TOLERANCE * max(scale, np.finfo(float).tiny)
    largest = float(np.max(eigenvalues.real))
    if largest < -tol:
        return "asymptotically stable"
    if largest > tol:
        return "unstable"
    return "neutral"


def classify(A: np.ndarray, B: np.ndarray, row, col, isolated: bool) -> RestPoint:
    """A :class:`RestPoint` at ``(row, col)`` with its Nash flag and its stability."""
    eigenvalues = tangent_eigenvalues(A, B, row, col)
    # the payoff scale behind the package tolerance (range, or magnitude in a flat game)
    scale = max(float(payoff_tolerance(A)), float(payoff_tolerance(B))) / RELATIVE_TOLERANCE
    return RestPoint(
        row=row,
        col=col,
        isolated=isolated,
        nash=is_saturated(A, B, row, col),
        eigenvalues=eigenvalues,
        stability=stability_label(eigenvalues, scale),
    )


def with_equilibria(
    A: np.ndarray, B: np.ndarray, points: list[RestPoint], equilibria
) -> list[RestPoint]:
    """Add the Nash equilibria (every one is a rest point) that the enumeration represents
    only by another point of their continuum.

    ``equilibria`` is an :class:`~sim.equilibria.nash.EquilibriumSet`; an equilibrium in a
    Nash subset of more than one extreme point is flagged not isolated.
    """
    in_subset = {k for component in equilibria.components if len(component) > 1 for k in component}
    merged = list(points)
    for k, (row, col) in enumerate(zip(equilibria.row, equilibria.col, strict=True)):
        isolated = k not in in_subset and not equilibria.degenerate
        same = [
            index
            for index, p in enumerate(merged)
            if np.allclose(p.row, row, atol=SUPPORT_CUT)
            and np.allclose(p.col, col, atol=SUPPORT_CUT)
        ]
        if same:
            if k in in_subset:
                merged[same[0]] = replace(merged[same[0]], isolated=False)
            continue
        merged.append(classify(A, B, np.asarray(row, float), np.asarray(col, float), isolated))
    return merged
