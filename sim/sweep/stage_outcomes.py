"""Stage-game outcomes of a chunk of sweep points, vectorised over the points.

Every function takes the payoff arrays ``A`` and ``B`` of shape ``(N, m, n)`` (one game a
point) and returns one array per output column, of length ``N``; none builds a Python
object per point.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sim.game.stage import Game
from sim.tolerance import RELATIVE_TOLERANCE, SUPPORT_CUT


def regime_columns(game: Game, cooperative: tuple[int, int]) -> dict[str, object]:
    """The pure-equilibrium regime of every point.

    Columns: ``regime`` (the label naming the pure equilibria, e.g.
    ``"comply/comply + develop/develop"``, or ``"none"``), ``regime_code`` (the same set as
    a bit mask: bit ``i n + j`` is set when ``(i, j)`` is an equilibrium) and
    ``mutual_compliance`` (whether the cooperative profile is a pure equilibrium).
    """
    from sim.equilibria.pure import pure_equilibrium_mask, regime_labels

    mask = pure_equilibrium_mask(game.row_payoffs, game.col_payoffs)
    count, m, n = mask.shape
    flat = mask.reshape(count, m * n)
    code = None
    if m * n <= 63:
        code = flat.astype(np.int64) @ (1 << np.arange(m * n, dtype=np.int64))
        unique_codes, inverse = np.unique(code, return_inverse=True)
        unique = (unique_codes[:, None] >> np.arange(m * n)) & 1 == 1
    else:
        unique, inverse = np.unique(flat, axis=0, return_inverse=True)
    labels = regime_labels(unique.reshape(-1, m, n), *game.actions)
    columns: dict[str, object] = {
        "regime": pa.DictionaryArray.from_arrays(
            pa.array(inverse.reshape(-1).astype(np.int32)), pa.array(list(labels), pa.string())
        ).cast(pa.string())
    }
    if code is not None:
        columns["regime_code"] = code
    columns["mutual_compliance"] = mask[:, cooperative[0], cooperative[1]]
    return columns


def equilibrium_columns(game: Game, select: str, payoffs: bool) -> dict[str, np.ndarray]:
    """Number of Nash equilibria of every point and, with ``payoffs``, the payoffs of one.

    The equilibria come from the batch engine ``sim.nash_batch`` (every equilibrium of a
    nondegenerate game; the extreme equilibria of a degenerate one). The chosen equilibrium
    is the one that maximises ``select``: ``max_total`` (sum of the two payoffs, a
    payoff-dominance rule, Harsanyi and Selten 1988), ``min_total``, ``max_row`` or
    ``max_col``; ties go to the first found. Columns: ``n_equilibria`` (extreme equilibria
    in a degenerate game), ``degenerate``, ``eq_row_payoff``, ``eq_col_payoff``, ``eq_pure``
    (whether the chosen equilibrium is pure).
    """
    from sim.equilibria.batch import nash_batch

    A, B = game.row_payoffs, game.col_payoffs
    count = A.shape[0]
    found = nash_batch(A, B)
    index = np.asarray(found.game_index, dtype=np.int64)
    row, col = found.row, found.col
    columns: dict[str, np.ndarray] = {
        "n_equilibria": np.bincount(index, minlength=count).astype(np.int64),
        "degenerate": np.asarray(found.degenerate, dtype=bool),
    }
    if not payoffs:
        return columns
    u_row = np.einsum("em,emn,en->e", row, A[index], col)
    u_col = np.einsum("em,emn,en->e", row, B[index], col)
    key = {
        "max_total": u_row + u_col,
        "min_total": -(u_row + u_col),
        "max_row": u_row,
        "max_col": u_col,
    }[select]
    chosen = first_best_per_group(index, key, count)
    found = chosen >= 0
    pure = (row.max(axis=1) > 1 - SUPPORT_CUT) & (col.max(axis=1) > 1 - SUPPORT_CUT)
    for name, values, empty in (
        ("eq_row_payoff", u_row, np.nan),
        ("eq_col_payoff", u_col, np.nan),
        ("eq_pure", pure, False),
    ):
        out = np.full(count, empty, dtype=values.dtype)
        out[found] = values[chosen[found]]
        columns[name] = out
    return columns


def first_best_per_group(group: np.ndarray, key: np.ndarray, count: int) -> np.ndarray:
    """For each group ``g < count``, the position of its largest ``key`` (first on ties).

    Returns ``-1`` for groups with no entry. Ties are judged within the package tolerance
    relative to the key's magnitude, so that rounding never picks a later equilibrium.
    """
    chosen = np.full(count, -1, dtype=np.int64)
    if group.size == 0:
        return chosen
    best = np.full(count, -np.inf)
    np.maximum.at(best, group, key)
    scale = np.maximum(np.abs(best[group]), 1.0)
    close = key >= best[group] - RELATIVE_TOLERANCE * scale
    positions = np.flatnonzero(close)
    groups = group[positions]
    first = np.unique(groups, return_index=True)
    chosen[first[0]] = positions[first[1]]
    return chosen
