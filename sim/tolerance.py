"""The one numeric tolerance of the package, and how it scales with payoffs.

Every comparison of payoffs (best responses, dominance, equilibrium checks) uses
``RELATIVE_TOLERANCE`` times the range of the payoffs involved, so that a positive
affine change of a player's payoffs (times 1e6, times 1e-6, plus a constant) never
changes an answer.
"""

from __future__ import annotations

import numpy as np

RELATIVE_TOLERANCE = 1e-9
"""Payoff differences below this fraction of a player's payoff range count as ties."""


def payoff_tolerance(payoffs: np.ndarray) -> np.ndarray:
    """Absolute tolerance for each game in a batch of payoff matrices.

    Parameters
    ----------
    payoffs
        Array of shape ``(..., m, n)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...,)``: ``RELATIVE_TOLERANCE * max(ptp, 1e-6 max abs, tiny)``, last two axes.
        Using the largest magnitude too keeps ties exact for nearly constant games with a large
        offset, where rounding in the offset dominates.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    batch = payoffs.shape[:-2]
    # cells first and contiguous: numpy reduces over a long leading axis much faster than
    # over the two small trailing ones of a large batch
    cells = np.ascontiguousarray(np.moveaxis(payoffs.reshape(*batch, -1), -1, 0))
    high, low = cells.max(axis=0), cells.min(axis=0)
    spread = high - low
    magnitude = np.maximum(high, -low)
    scale = np.maximum(spread, 1e-6 * magnitude)
    return RELATIVE_TOLERANCE * np.maximum(scale, np.finfo(float).tiny)
