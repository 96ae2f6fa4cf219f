"""The one check of a Nash equilibrium: each strategy a best response to the other.

A profile ``(x, y)`` of mixed strategies is a Nash equilibrium of the bimatrix game
``(A, B)`` when no pure deviation gains (Nash 1951):

    max_i (A y)_i - x^T A y <= tol_A   and   max_j (x^T B)_j - x^T B y <= tol_B,

with ``tol_A``, ``tol_B`` from :func:`sim.tolerance.payoff_tolerance` (relative to each
player's payoff range), and ``x``, ``y`` probability vectors. Every equilibrium the package
reports passes :func:`is_equilibrium`.
"""

from __future__ import annotations

import numpy as np

from sim.tolerance import RELATIVE_TOLERANCE, payoff_tolerance


def regrets(
    A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The gain from the best pure deviation of each player, shape ``(...,)``.

    ``A``, ``B`` have shape ``(..., m, n)``, ``x`` ``(..., m)`` and ``y`` ``(..., n)``.
    """
    row_values = (A @ y[..., :, None])[..., 0]
    col_values = (x[..., None, :] @ B)[..., 0, :]
    row_regret = row_values.max(axis=-1) - (x[..., None, :] @ row_values[..., :, None])[..., 0, 0]
    col_regret = col_values.max(axis=-1) - (col_values[..., None, :] @ y[..., :, None])[..., 0, 0]
    return row_regret, col_regret


def is_distribution(p: np.ndarray) -> np.ndarray:
    """True where the last axis of ``p`` is a probability vector within the tolerance."""
    return np.all(p >= -RELATIVE_TOLERANCE, axis=-1) & (
        np.abs(p.sum(axis=-1) - 1.0) <= RELATIVE_TOLERANCE * p.shape[-1]
    )


def is_equilibrium(A, B, x, y, tolerances=None) -> np.ndarray:
    """True where ``(x, y)`` is a Nash equilibrium of ``(A, B)`` within the tolerance.

    Parameters
    ----------
    A, B
        Payoff arrays ``(..., m, n)`` of the row and the column player.
    x, y
        Mixed strategies ``(..., m)`` and ``(..., n)``; leading axes broadcast with the games.
    tolerances
        ``payoff_tolerance(A)`` and ``payoff_tolerance(B)`` if already computed.

    Returns
    -------
    numpy.ndarray
        Boolean array of the broadcast leading shape.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    tol_a, tol_b = tolerances or (payoff_tolerance(A), payoff_tolerance(B))
    row_regret, col_regret = regrets(A, B, x, y)
    return (row_regret <= tol_a) & (col_regret <= tol_b) & is_distribution(x) & is_distribution(y)
