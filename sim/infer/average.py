"""Hidden actions averaged over a parameter posterior (Bayesian model averaging).

``P(action_t = x | record) = sum_k w_k P(action_t = x | record, theta_k)`` with ``w_k`` the
posterior weights of points ``theta_k``: a grid posterior's nodes (:mod:`sim.infer.grid`)
or equally weighted MCMC draws (:mod:`sim.infer.mcmc`). Grid nodes whose weight is below
``cutoff`` times the largest are left out; the weight they carry is reported as the bound
on the error this causes (each probability moves by at most that much).
"""

from __future__ import annotations

import numpy as np

from sim.infer.grid import grid_points
from sim.tolerance import SUPPORT_CUT

SMOOTH_CHUNK = 64
"""Parameter points smoothed at once (the forward pass keeps every round's distribution)."""
DRAWS_AVERAGED = 256
"""MCMC draws (evenly spaced in the chain) the hidden actions are averaged over."""


def averaged_actions(likelihood, grid, cutoff: float = SUPPORT_CUT):
    """Posterior-averaged smoothed and filtered action probabilities over a grid posterior.

    Returns ``(smoothed, filtered, neglected)``: two pairs of ``(T, actions)`` arrays (row,
    column) and the posterior weight left out.
    """
    weights = grid.weights.reshape(-1)
    keep = np.flatnonzero(weights >= cutoff * weights.max())
    kept = weights[keep]
    neglected = float(max(0.0, 1.0 - kept.sum()))
    smoothed, filtered = average_over(likelihood, grid_points(list(grid.axes))[keep], kept)
    return smoothed, filtered, neglected


def averaged_over_draws(likelihood, samples: np.ndarray):
    """The same over MCMC draws, equally weighted (``DRAWS_AVERAGED`` of them, evenly spaced)."""
    index = np.linspace(0, len(samples) - 1, min(DRAWS_AVERAGED, len(samples))).astype(int)
    return average_over(likelihood, samples[index], np.ones(len(index)))


def average_over(likelihood, points: np.ndarray, weights: np.ndarray):
    """``(smoothed, filtered)`` pairs (row, column) of ``(T, actions)``, weights normalised."""
    weights = np.asarray(weights, dtype=float) / np.sum(weights)
    smoothed = filtered = None
    for start in range(0, len(points), SMOOTH_CHUNK):
        block = slice(start, start + SMOOTH_CHUNK)
        result = likelihood.smoothed(points[block])
        w = weights[block]
        parts = (
            (result.row_actions @ w, result.col_actions @ w),
            (result.row_filtered @ w, result.col_filtered @ w),
        )
        if smoothed is None:
            smoothed, filtered = parts
        else:
            smoothed = tuple(a + b for a, b in zip(smoothed, parts[0], strict=True))
            filtered = tuple(a + b for a, b in zip(filtered, parts[1], strict=True))
    return smoothed, filtered
