"""Vertices of best-response polytopes, for a batch of games at once.

For a player with ``d`` actions facing an opponent with ``e`` actions, and the opponent's
payoffs ``M`` (shape ``(d, e)``, all entries positive), the best-response polytope is

    P = { x in R^d : x >= 0,  M^T x <= 1 }

(von Stengel 2002, "Computing equilibria for two-person games", Handbook of Game Theory
vol. 3, ch. 45, section 3). A point of ``P`` carries the label ``i`` (``0 <= i < d``) when
``x_i = 0`` and the label ``d + j`` when ``(M^T x)_j = 1``, that is when the opponent's
action ``j`` is a best response to ``x / sum(x)``.

Every vertex of ``P`` other than 0 is the solution of ``M[S, T]^T x_S = 1``, ``x_i = 0`` for
``i`` outside ``S``, for some nonsingular square submatrix ``M[S, T]``: its ``d`` linearly
independent tight constraints are ``x_i = 0`` off ``S`` and the columns ``T``. Enumerating
all ``C(d + e, d) - 1`` such bases, keeping the feasible solutions and identifying a vertex by
its label set finds every vertex, also when ``P`` is not simple (degenerate games), where a
vertex has more than ``d`` labels and is reached from several bases.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import numpy as np

from sim.equilibria.linsolve import solve_ones
from sim.tolerance import RELATIVE_TOLERANCE


@cache
def basis_indices(d: int, e: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """For each support size ``k``, the row sets ``S`` and column sets ``T`` of every basis.

    Returns a tuple over ``k = 1 .. min(d, e)`` of ``(rows, cols)``, each of shape
    ``(C(d, k) C(e, k), k)``.
    """
    out = []
    for k in range(1, min(d, e) + 1):
        rows = np.array(list(combinations(range(d), k)), dtype=np.intp)
        cols = np.array(list(combinations(range(e), k)), dtype=np.intp)
        out.append((np.repeat(rows, len(cols), axis=0), np.tile(cols, (len(rows), 1))))
    return tuple(out)


def basis_count(d: int, e: int) -> int:
    """Number of nonzero bases, ``C(d + e, d) - 1``."""
    return sum(len(rows) for rows, _ in basis_indices(d, e))


def polytope_vertices(
    M: np.ndarray, tol: float = RELATIVE_TOLERANCE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate vertices of ``{x >= 0, M^T x <= 1}`` for each game of a batch.

    Parameters
    ----------
    M
        Positive array of shape ``(N, d, e)``, entries of order one (see
        :func:`sim.equilibria.batch.normalise_payoffs`).
    tol
        Tolerance for feasibility and for a constraint to count as tight.

    Returns
    -------
    points, labels, feasible
        ``points`` of shape ``(d, N, K)`` (coordinate first) with ``K = C(d + e, d) - 1``;
        ``labels`` the label sets as bit masks ``(N, K)`` (bit ``i`` for ``x_i = 0``, bit
        ``d + j`` for a tight ``(M^T x)_j = 1``); ``feasible`` ``(N, K)``, true where the
        basis is regular and its solution lies in the polytope. The same vertex may appear
        for several bases.
    """
    N, d, e = M.shape
    flat = M.reshape(N, d * e)
    K = basis_count(d, e)
    points = np.zeros((d, N, K))
    regular = np.empty((N, K), dtype=bool)
    offset = 0
    for rows, cols in basis_indices(d, e):
        k, count = rows.shape[1], rows.shape[0]
        G = [[flat[:, rows[:, a] * e + cols[:, b]] for a in range(k)] for b in range(k)]
        solution, regular[:, offset : offset + count] = solve_ones(G)
        for i in range(d):
            target = points[i, :, offset : offset + count]
            for a in range(k):
                target += solution[a] * (rows[:, a] == i)
        offset += count
    return points, *_labels_and_feasibility(M, points, regular, tol)


def _labels_and_feasibility(M, points, regular, tol):
    d, e = M.shape[1:]
    feasible = regular
    labels = np.zeros(points.shape[1:], dtype=np.int64)
    for i in range(d):
        feasible &= points[i] >= -tol
        labels |= (points[i] <= tol).astype(np.int64) << i
    for j in range(e):
        value = points[0] * M[:, 0, j, None]
        for i in range(1, d):
            value += points[i] * M[:, i, j, None]
        feasible &= value <= 1.0 + tol
        labels |= (value >= 1.0 - tol).astype(np.int64) << (d + j)
    return labels, feasible
