"""Pareto-optimal pure profiles, vectorised over batch axes.

A profile ``(i, j)`` is Pareto optimal among pure profiles when no other profile ``(k, l)``
gives both players at least as much and one of them more:
``not exists (k, l): A[k,l] >= A[i,j], B[k,l] >= B[i,j]`` with one inequality strict
(beyond the tolerance).
"""

from __future__ import annotations

import numpy as np

from sim.tolerance import payoff_tolerance


def pareto_mask(row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> np.ndarray:
    """Boolean array ``batch + (m, n)``: true where the pure profile is Pareto optimal."""
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
    shape = A.shape
    a = A.reshape(*shape[:-2], -1)
    b = B.reshape(*shape[:-2], -1)
    tol_a = payoff_tolerance(A)[..., None, None]
    tol_b = payoff_tolerance(B)[..., None, None]
    # other[..., p, q]: profile q compared with profile p
    a_gain = a[..., None, :] - a[..., :, None]
    b_gain = b[..., None, :] - b[..., :, None]
    weakly = (a_gain >= -tol_a) & (b_gain >= -tol_b)
    strictly = (a_gain > tol_a) | (b_gain > tol_b)
    dominated = np.any(weakly & strictly, axis=-1)
    return ~dominated.reshape(shape)


def pareto_optimal(game) -> list[tuple[int, int]]:
    """The Pareto-optimal pure profiles of a single game as index pairs."""
    mask = pareto_mask(game.row_payoffs, game.col_payoffs)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]
