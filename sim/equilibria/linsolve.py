"""Many small square linear systems ``M z = 1`` at once, with singular ones flagged.

Sizes 1 to 3 use Cramer's rule in closed form (for a 3x3 matrix with rows ``r0, r1, r2``,
``det = r0 . (r1 x r2)`` and ``M^-1 1 = (r1 x r2 + r2 x r0 + r0 x r1) / det``); larger sizes
use Gaussian elimination with partial pivoting vectorised over the batch (Golub and Van Loan,
*Matrix Computations*, 4th ed., section 3.4). A system counts as singular when
``|det| <= SINGULAR * prod_i ||row_i||`` (Hadamard's bound), or for elimination when a pivot
is below ``SINGULAR`` times the largest entry.
"""

from __future__ import annotations

import numpy as np

from sim.tolerance import PIVOT_CUT

SINGULAR = PIVOT_CUT
"""Relative size of a determinant (or pivot) below which a matrix counts as singular."""


def solve_ones(G: list[list[np.ndarray]]) -> tuple[list[np.ndarray], np.ndarray]:
    """Solve ``G z = 1`` for many matrices given entry by entry.

    Parameters
    ----------
    G
        ``k`` lists of ``k`` arrays of one common shape ``s``: ``G[r][c]`` holds entry
        ``(r, c)`` of every matrix (this layout keeps each arithmetic step on contiguous
        arrays).

    Returns
    -------
    solution, regular
        ``k`` arrays of shape ``s`` (meaningless where singular), and a boolean array of
        shape ``s``, true where the matrix is regular.
    """
    k = len(G)
    if k == 1:
        return _solve1(G)
    if k == 2:
        return _solve2(G)
    if k == 3:
        return _solve3(G)
    return _solve_elimination(G)


def _finish(numerators: list[np.ndarray], det: np.ndarray, bound: np.ndarray):
    regular = np.abs(det) > SINGULAR * bound
    inverse = 1.0 / np.where(regular, det, 1.0)
    return [z * inverse for z in numerators], regular


def _row_norms(G: list[list[np.ndarray]]) -> np.ndarray:
    bound = None
    for row in G:
        squares = sum(entry * entry for entry in row)
        bound = squares if bound is None else bound * squares
    return np.sqrt(bound)


def _solve1(G):
    det = G[0][0]
    return _finish([np.ones_like(det)], det, np.abs(det))


def _solve2(G):
    (a, b), (c, d) = G
    det = a * d - b * c
    return _finish([d - b, a - c], det, _row_norms(G))


def _cross(u, v):
    return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]


def _solve3(G):
    r0, r1, r2 = G
    c12, c20, c01 = _cross(r1, r2), _cross(r2, r0), _cross(r0, r1)
    det = r0[0] * c12[0] + r0[1] * c12[1] + r0[2] * c12[2]
    numerators = [c12[i] + c20[i] + c01[i] for i in range(3)]
    return _finish(numerators, det, _row_norms(G))


def _solve_elimination(G):
    k = len(G)
    shape = np.shape(G[0][0])
    matrices = np.stack([np.stack(row, axis=-1) for row in G], axis=-2)
    work = np.concatenate([matrices, np.ones(shape + (k, 1))], axis=-1).reshape(-1, k, k + 1)
    scale = np.abs(matrices).reshape(-1, k * k).max(axis=1)
    regular = np.ones(work.shape[0], dtype=bool)
    rows = np.arange(work.shape[0])
    for step in range(k):
        pivot_row = step + np.argmax(np.abs(work[:, step:, step]), axis=1)
        swapped = work[rows, pivot_row].copy()
        work[rows, pivot_row] = work[:, step]
        work[:, step] = swapped
        pivot = swapped[:, step]
        regular &= np.abs(pivot) > SINGULAR * scale
        pivot = np.where(regular, pivot, 1.0)
        work[:, step] /= pivot[:, None]
        factors = work[:, :, step].copy()
        factors[:, step] = 0.0
        work -= factors[:, :, None] * work[:, step][:, None, :]
    solution = [work[:, i, k].reshape(shape) for i in range(k)]
    return solution, regular.reshape(shape)
