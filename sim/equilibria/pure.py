"""Pure-strategy Nash equilibria, vectorised over batch axes.

A profile ``(i, j)`` is a pure Nash equilibrium when ``i`` is a best response to ``j`` and
``j`` to ``i``: ``A[i, j] >= max_k A[k, j]`` and ``B[i, j] >= max_l B[i, l]`` (Nash 1951;
any game theory text, e.g. Osborne and Rubinstein 1994, ch. 2), compared exactly
(:mod:`sim.equilibria.compare`), so every decision is certified.
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.compare import at_least


def best_response_masks(
    row_payoffs: np.ndarray, col_payoffs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean arrays ``batch + (m, n)``: is row action i a best response to column action j,
    and is column action j a best response to row action i."""
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
    # row_best[..., i, j]: A[i, j] >= A[k, j] for every k; col_best alike along rows
    row_best = at_least(A[..., :, None, :], A[..., None, :, :]).all(axis=-2)
    col_best = at_least(B[..., :, :, None], B[..., :, None, :]).all(axis=-1)
    return row_best, col_best


def pure_equilibrium_mask(row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> np.ndarray:
    """Boolean array ``batch + (m, n)``, true where ``(i, j)`` is a pure Nash equilibrium."""
    row_best, col_best = best_response_masks(row_payoffs, col_payoffs)
    return row_best & col_best


def strict_equilibrium_mask(row_payoffs: np.ndarray, col_payoffs: np.ndarray) -> np.ndarray:
    """True where ``(i, j)`` is a strict equilibrium: each action the unique best response."""
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
    row_best, col_best = best_response_masks(A, B)
    unique_row = row_best.sum(axis=-2, keepdims=True) == 1
    unique_col = col_best.sum(axis=-1, keepdims=True) == 1
    return row_best & col_best & unique_row & unique_col


def pure_equilibria(game) -> list[tuple[int, int]]:
    """The pure Nash equilibria of a single :class:`~sim.game.stage.Game` as index pairs."""
    if game.batch_shape:
        raise ValueError("pure_equilibria takes a single game; use pure_equilibrium_mask")
    mask = pure_equilibrium_mask(game.row_payoffs, game.col_payoffs)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]


def regime_labels(mask: np.ndarray, row_actions, col_actions) -> np.ndarray:
    """A text label per game naming its pure equilibria, e.g. ``"comply/comply + develop/develop"``.

    ``mask`` has shape ``batch + (m, n)``; games without a pure equilibrium get ``"none"``.
    Labels are built from the distinct masks only, so this is cheap for large batches.
    """
    mask = np.asarray(mask, dtype=bool)
    m, n = mask.shape[-2:]
    flat = mask.reshape(-1, m * n)
    weights = 1 << np.arange(m * n, dtype=np.int64)
    codes = flat.astype(np.int64) @ weights
    unique, inverse = np.unique(codes, return_inverse=True)
    names = np.array([_label(code, row_actions, col_actions, n) for code in unique], dtype=object)
    return names[inverse].reshape(mask.shape[:-2])


def _label(code: int, row_actions, col_actions, n: int) -> str:
    cells = [k for k in range(len(row_actions) * n) if code >> k & 1]
    if not cells:
        return "none"
    return " + ".join(f"{row_actions[k // n]}/{col_actions[k % n]}" for k in cells)
