"""Games of a batch that floating point cannot be trusted with, re-solved exactly.

The float engine (:mod:`sim.equilibria.batch`) maps each player's payoffs onto ``[1, 2]``
by their range and decides ties within ``RELATIVE_TOLERANCE`` of it. That is safe when
every two distinct payoffs of a player differ by much more than the tolerance; it is not
when a game holds a spread of sizes (a sanction of ``1e10`` beside payoffs of a few units),
where distinct payoffs fall within the tolerance, nor in a degenerate game, whose ties the
tolerance may have made or missed. :func:`games_to_settle` flags those games:

- the smallest gap between two distinct payoffs of a player is below ``RESOLUTION`` of
  that player's range, or
- the float engine found the game degenerate;

and :func:`settle` replaces their equilibria by the exact ones of
:func:`sim.equilibria.exact.exact_equilibria` (payoffs read by
:func:`~sim.equilibria.exact.to_fraction`), for games small enough to enumerate exactly.
"""

from __future__ import annotations

import numpy as np

from sim.tolerance import EXACT_RESOLUTION

RESOLUTION = EXACT_RESOLUTION
"""Relative gap between distinct payoffs below which a game is solved exactly."""


def games_to_settle(A: np.ndarray, B: np.ndarray, degenerate: np.ndarray) -> np.ndarray:
    """Indices of the games of an ``(N, m, n)`` batch to solve exactly."""
    fine = np.ones(len(A), dtype=bool)
    for M in (A, B):
        cells = np.sort(M.reshape(len(M), -1), axis=1)
        gaps = np.diff(cells, axis=1)
        spread = cells[:, -1] - cells[:, 0]
        positive = np.where(gaps > 0, gaps, np.inf).min(axis=1, initial=np.inf)
        fine &= ~(positive < RESOLUTION * spread)
    return np.flatnonzero(~fine | degenerate)


def exact_entries(A: np.ndarray, B: np.ndarray):
    """The exact equilibria of one game as NashBatch columns (without the game index)."""
    from sim.equilibria.exact import exact_equilibria, fraction_matrix

    found, degenerate, row_vertex, col_vertex, row_labels, col_labels = exact_equilibria(
        fraction_matrix(A), fraction_matrix(B)
    )
    m, n = A.shape
    x = np.array([[float(v) for v in p] for p, _ in found], dtype=float).reshape(-1, m)
    y = np.array([[float(v) for v in q] for _, q in found], dtype=float).reshape(-1, n)
    payoffs = np.stack([np.einsum("ei,ij,ej->e", x, M, y) for M in (A, B)], axis=1)
    columns = (x, y, payoffs.reshape(-1, 2), row_vertex, col_vertex, row_labels, col_labels)
    return degenerate, columns


def settle(batch, A: np.ndarray, B: np.ndarray, games: np.ndarray):
    """``batch`` with the equilibria of ``games`` (indices into it) replaced by exact ones.

    The result has the type of ``batch`` (a :class:`~sim.equilibria.batch.NashBatch`), built
    without importing it, so that the batch engine and this module form no import cycle.
    """
    if len(games) == 0:
        return batch
    keep = ~np.isin(batch.game_index, games)
    parts = [[getattr(batch, name)[keep]] for name in _COLUMNS]
    degenerate = batch.degenerate.copy()
    for g in games:
        degenerate[g], columns = exact_entries(A[g], B[g])
        parts[0].append(np.full(len(columns[0]), g, dtype=batch.game_index.dtype))
        for part, values in zip(parts[1:], columns, strict=True):
            part.append(np.asarray(values, dtype=part[0].dtype).reshape(-1, *part[0].shape[1:]))
    merged = {name: np.concatenate(part) for name, part in zip(_COLUMNS, parts, strict=True)}
    order = np.argsort(merged["game_index"], kind="stable")
    return type(batch)(**{k: v[order] for k, v in merged.items()}, degenerate=degenerate)


_COLUMNS = (
    "game_index",
    "row",
    "col",
    "payoffs",
    "row_vertex",
    "col_vertex",
    "row_labels",
    "col_labels",
)
