"""Pareto-optimal pure profiles, vectorised over batch axes.

A profile ``(i, j)`` is Pareto optimal among pure profiles when no other profile ``(k, l)``
gives both players at least as much and one of them more:
``not exists (k, l): A[k,l] >= A[i,j], B[k,l] >= B[i,j]`` with one inequality strict,
compared exactly (:mod:`sim.equilibria.compare`).
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.compare import at_least


def pareto_mask(row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> np.ndarray:
    """Boolean array ``batch + (m, n)``: true where the pure profile is Pareto optimal."""
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
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


def pareto_optimal(game) -> list[tuple[int, int]]:
    """The Pareto-optimal pure profiles of a single game as index pairs."""
    mask = pareto_mask(game.row_payoffs, game.col_payoffs)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]
