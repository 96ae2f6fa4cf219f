"""Hidden actions averaged over a parameter posterior (Bayesian model averaging on a grid).

``P(action_t = x | record) = sum_k w_k P(action_t = x | record, theta_k)`` with ``w_k`` the
grid posterior's weights (:mod:`sim.infer.grid`). Nodes whose weight is below ``cutoff``
times the largest are left out; the weight they carry is reported as the bound on the
error this causes (each probability moves by at most that much).
"""

from __future__ import annotations

import numpy as np

SMOOTH_CHUNK = 64
"""Parameter points smoothed at once (the forward pass keeps every round's distribution)."""


def averaged_actions(likelihood, grid, cutoff: float = 1e-9):
    """Posterior-averaged smoothed and filtered action probabilities of both sides.

    Returns ``(smoothed, filtered, neglected)``: two pairs of ``(T, actions)`` arrays (row,
    column) and the posterior weight left out.
    """
    from sim.infer.grid import grid_points

    weights = grid.weights.reshape(-1)
    keep = np.flatnonzero(weights >= cutoff * weights.max())
    points = grid_points(list(grid.axes))[keep]
    kept = weights[keep]
    neglected = float(max(0.0, 1.0 - kept.sum()))
    kept = kept / kept.sum()
    smoothed = filtered = None
    for start in range(0, len(points), SMOOTH_CHUNK):
        block = slice(start, start + SMOOTH_CHUNK)
        result = likelihood.smoothed(points[block])
        w = kept[block]
        parts = (
            (result.row_actions @ w, result.col_actions @ w),
            (result.row_filtered @ w, result.col_filtered @ w),
        )
        if smoothed is None:
            smoothed, filtered = parts
        else:
            smoothed = tuple(a + b for a, b in zip(smoothed, parts[0], strict=True))
            filtered = tuple(a + b for a, b in zip(filtered, parts[1], strict=True))
    return smoothed, filtered, neglected
