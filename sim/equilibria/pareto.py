"""Pareto-optimal pure profiles, vectorised over batch axes.

A profile ``(i, j)`` is Pareto optimal among pure profiles when no other profile ``(k, l)``
gives both players at least as much and one of them more:
``not exists (k, l): A[k,l] >= A[i,j], B[k,l] >= B[i,j]`` with one inequality strict,
compared exactly (:mod:`sim.equilibria.compare`).

A single game's ``N = m n`` profiles are points in the plane, and the Pareto-optimal ones
are its maxima (Kung, Luccio and Preparata 1975, "On finding the maxima of a set of
vectors", J. ACM 22(4), for two dimensions): with both payoffs replaced by their exact
ranks and the profiles taken by the row player's rank from the top, a profile is dominated
when a profile of higher row rank has a column rank at least its own, or one of equal row
rank has a higher one. That is ``O(N log N)`` time and ``O(N)`` memory, against ``O(N^2)``
for comparing every pair, which a batch of small games still does.
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.compare import at_least, exact_ranks


def pareto_mask(row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> np.ndarray:
    """Boolean array ``batch + (m, n)``: true where the pure profile is Pareto optimal."""
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
    if A.ndim == 2:
        return planar_maxima(exact_ranks(A), exact_ranks(B)).reshape(A.shape)
    shape = A.shape
    a = A.reshape(*shape[:-2], -1)
    b = B.reshape(*shape[:-2], -1)
    # [..., p, q]: profile q compared with profile p
    a_up = at_least(a[..., None, :], a[..., :, None])
    b_up = at_least(b[..., None, :], b[..., :, None])
    a_down = at_least(a[..., :, None], a[..., None, :])
    b_down = at_least(b[..., :, None], b[..., None, :])
    weakly = a_up & b_up
    strictly = ~a_down | ~b_down
    dominated = np.any(weakly & strictly, axis=-1)
    return ~dominated.reshape(shape)


def planar_maxima(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Boolean mask of the points ``(first[k], second[k])`` (integer ranks) that no other
    point weakly exceeds in both coordinates and strictly in one."""
    order = np.lexsort((-second, -first))  # by first from the top, then second from the top
    first, second = first[order], second[order]
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]])
    group_max = second[starts]  # the largest second coordinate of each first-rank group
    above = np.r_[-1, np.maximum.accumulate(group_max)[:-1]]  # best of the higher groups
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(first)]))
    optimal = (second == group_max[group]) & (second > above[group])
    mask = np.empty(len(order), dtype=bool)
    mask[order] = optimal
    return mask


def pareto_optimal(game) -> list[tuple[int, int]]:
    """The Pareto-optimal pure profiles of a single game as index pairs."""
    mask = pareto_mask(game.row_payoffs, game.col_payoffs)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]
