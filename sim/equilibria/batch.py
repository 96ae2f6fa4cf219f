"""All Nash equilibria of many bimatrix games at once, as flat arrays with a game index.

Method: enumeration of the completely labelled vertex pairs of the two best-response
polytopes (Avis, Rosenberg, Savani and von Stengel 2010, "Enumeration of Nash equilibria for
two-player games", Economic Theory 42, 9-37; von Stengel 2002, Handbook of Game Theory
vol. 3, ch. 45). With both players' payoffs made positive,

    P = { x >= 0 : B^T x <= 1 },   Q = { y >= 0 : A y <= 1 },

a pair ``(x, y) != (0, 0)`` of vertices is completely labelled when every row ``i`` has
``x_i = 0`` or ``(A y)_i = 1`` and every column ``j`` has ``y_j = 0`` or ``(B^T x)_j = 1``;
then ``(x / sum(x), y / sum(y))`` is an extreme Nash equilibrium, and every extreme
equilibrium arises this way. In a nondegenerate game these are all the equilibria; in a
degenerate game they are the vertices of the equilibrium set, which is the union of the
products of convex hulls of the maximal Nash subsets (:mod:`sim.equilibria.subsets`).

The vertices come from :func:`sim.equilibria.polytope.polytope_vertices`, vectorised over
games and bases; games are processed in chunks so that memory stays bounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.equilibria.exact import EXACT_BASES, basis_total
from sim.equilibria.polytope import basis_count, polytope_vertices
from sim.equilibria.settle import games_to_settle, settle
from sim.equilibria.verify import is_equilibrium
from sim.limits import check
from sim.tolerance import RELATIVE_TOLERANCE, game_payoff_tolerance, payoff_tolerance

CHUNK_BYTES = 16_000_000
"""Approximate working memory of one chunk of games."""


@dataclass(frozen=True, eq=False)
class NashBatch:
    """Extreme Nash equilibria of a batch of ``N`` games, one row per equilibrium.

    Attributes
    ----------
    game_index
        ``(E,)`` index of the game each equilibrium belongs to, nondecreasing.
    row, col
        ``(E, m)`` and ``(E, n)`` mixed strategies.
    payoffs
        ``(E, 2)`` expected payoffs of the row and the column player.
    degenerate
        ``(N,)`` true for games that are degenerate (some mixed strategy with support size
        ``k`` has more than ``k`` pure best responses).
    row_vertex, col_vertex
        ``(E,)`` number of the row (column) strategy among the distinct extreme strategies of
        its game: two equilibria of a game share a row strategy when they share this number.
    row_labels, col_labels
        ``(E,)`` label sets of the two polytope vertices as bit masks (bit ``i`` row ``i``
        unplayed, bit ``m + j`` column ``j`` a best response; for the column vertex bit
        ``m + j`` column ``j`` unplayed and bit ``i`` row ``i`` a best response).
    """

    game_index: np.ndarray
    row: np.ndarray
    col: np.ndarray
    payoffs: np.ndarray
    degenerate: np.ndarray
    row_vertex: np.ndarray
    col_vertex: np.ndarray
    row_labels: np.ndarray
    col_labels: np.ndarray

    def counts(self) -> np.ndarray:
        """Number of equilibria found in each game, shape ``(N,)``."""
        return np.bincount(self.game_index, minlength=len(self.degenerate))

    def select(self, mask: np.ndarray) -> NashBatch:
        """The equilibria where ``mask`` (shape ``(E,)``) is true, same games."""
        return NashBatch(
            *(getattr(self, name)[mask] for name in _PER_EQUILIBRIUM[:4]),
            self.degenerate,
            *(getattr(self, name)[mask] for name in _PER_EQUILIBRIUM[4:]),
        )


_PER_EQUILIBRIUM = (
    "game_index",
    "row",
    "col",
    "payoffs",
    "row_vertex",
    "col_vertex",
    "row_labels",
    "col_labels",
)


def normalise_payoffs(M: np.ndarray, tolerance: np.ndarray | None = None) -> np.ndarray:
    """Map each game's payoffs affinely onto ``[1, 2]``: ``1 + (M - min M) / scale``.

    ``scale`` is the payoff scale of :func:`sim.tolerance.payoff_tolerance` (the range, or a
    millionth of the largest magnitude for nearly constant games), so a positive affine change
    of the payoffs leaves the result unchanged and ties stay ties. ``tolerance`` is
    ``payoff_tolerance(M)`` if already computed.
    """
    one_game = isinstance(M, np.ndarray) and M.ndim == 3 and M.shape[0] == 1
    if tolerance is None and one_game and M.dtype == np.float64:
        high, low = float(M.max()), float(M.min())
        if math.isfinite(high) and math.isfinite(low):  # one game: the same numbers in scalars
            return 1.0 + (M - low) / (game_payoff_tolerance(high, low) / RELATIVE_TOLERANCE)
    if tolerance is None:
        tolerance = payoff_tolerance(M)
    scale = tolerance / RELATIVE_TOLERANCE
    low = np.asfortranarray(M).min(axis=(-2, -1), keepdims=True)
    return 1.0 + (M - low) / scale[..., None, None]


def nash_batch(A, B, *, chunk_size: int | None = None, kernel: str = "auto") -> NashBatch:
    """Every extreme Nash equilibrium of each game in a batch.

    Parameters
    ----------
    A, B
        Row and column player's payoffs, shape ``(N, m, n)`` (a single ``(m, n)`` game is
        taken as ``N = 1``).
    chunk_size
        Games per internal chunk; by default chosen to keep memory near ``CHUNK_BYTES``.
    kernel
        ``"numba"`` (compiled, :mod:`sim.equilibria.kernel`), ``"numpy"`` (vectorised,
        :mod:`sim.equilibria.polytope`) or ``"auto"``: numba for batches of at least
        ``COMPILED_FROM`` games when it can be imported, numpy otherwise. Both give the same
        equilibria in the same order.

    Returns
    -------
    NashBatch
        Flat arrays with a game index; every equilibrium verified with
        :func:`sim.equilibria.verify.is_equilibrium`. Games that floating point cannot be
        trusted with (wide payoff spreads, degenerate games) are solved exactly instead
        (:mod:`sim.equilibria.settle`) when they are small enough.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim == 2:
        A, B = A[None], B[None]
    if A.ndim != 3 or A.shape != B.shape:
        raise ValueError(f"payoffs must both have shape (N, m, n), got {A.shape} and {B.shape}")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(B))):
        raise ValueError("payoffs must be finite")
    N, m, n = A.shape
    check_enumeration(m, n)
    kernel = _choose_kernel(kernel, N)
    chunk = chunk_size or default_chunk_size(m, n, kernel)
    parts = [
        _solve_chunk(A[s : s + chunk], B[s : s + chunk], s, kernel) for s in range(0, N, chunk)
    ]
    if not parts:
        parts = [_solve_chunk(A, B, 0, "numpy")]
    fields = {
        name: np.concatenate([getattr(p, name) for p in parts])
        for name in (*_PER_EQUILIBRIUM, "degenerate")
    }
    found = NashBatch(**fields)
    if basis_total(m, n) > EXACT_BASES:
        return found
    return settle(found, A, B, games_to_settle(A, B, found.degenerate))


def check_enumeration(m: int, n: int) -> int:
    """Refuse an ``m x n`` game whose enumeration visits more than ``enumeration_pairs``
    support pairs (:mod:`sim.limits`): the bases of a best-response polytope, each a pair of
    a support and as many tight constraints, ``C(m + n, m) - 1`` of them. Returns the count."""
    what = f"the support pairs the enumeration of a {m}x{n} game visits"
    return check("enumeration_pairs", basis_total(m, n), what)


def default_chunk_size(m: int, n: int, kernel: str = "numpy") -> int:
    """Games per chunk so that the working arrays of a chunk take about ``CHUNK_BYTES``."""
    if kernel == "numba":
        return max(1, CHUNK_BYTES // (8 * 8 * (m * n + m + n)))
    per_game = 8 * (basis_count(m, n) + basis_count(n, m)) * (m + n) * 4
    return max(1, CHUNK_BYTES // per_game)


COMPILED_FROM = 128
"""Batches of at least this many games use the compiled kernel when it is left to "auto"
(smaller ones are not worth importing numba and loading the compiled code)."""


def _choose_kernel(kernel: str, games: int = COMPILED_FROM) -> str:
    if kernel not in ("auto", "numba", "numpy"):
        raise ValueError(f"unknown kernel {kernel!r} (auto, numba or numpy)")
    if kernel != "auto":
        return kernel
    if games < COMPILED_FROM:
        return "numpy"
    try:
        import numba  # noqa: F401
    except ImportError:
        return "numpy"
    return "numba"


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of set bits of nonnegative int64 masks below ``2**62`` (SWAR bit counting)."""
    v = masks - ((masks >> 1) & 0x5555555555555555)
    v = (v & 0x3333333333333333) + ((v >> 2) & 0x3333333333333333)
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (v * 0x0101010101010101) >> 56


def _distinct_vertices(points, labels, feasible, total_labels):
    """Feasible vertices without repeats, sorted by game: (game, point, labels)."""
    game, basis = np.nonzero(feasible)
    keys = (game.astype(np.int64) << total_labels) | labels[game, basis]
    _, first = np.unique(keys, return_index=True)
    game, basis = game[first], basis[first]
    return game, points[:, game, basis].T, labels[game, basis]


def _column_labels_unified(labels: np.ndarray, m: int, n: int) -> np.ndarray:
    """Relabel a vertex of Q (own bits 0..n-1, rows n..n+m-1) to rows 0..m-1, columns m..."""
    return ((labels & ((1 << n) - 1)) << m) | (labels >> n)


def _all_pairs(game_x: np.ndarray, game_y: np.ndarray, N: int):
    """Index pairs ``(ix, iy)`` of every x-vertex and y-vertex of the same game."""
    count_x = np.bincount(game_x, minlength=N)
    count_y = np.bincount(game_y, minlength=N)
    start_x = np.cumsum(count_x) - count_x
    start_y = np.cumsum(count_y) - count_y
    per_game = count_x * count_y
    game = np.repeat(np.arange(N), per_game)
    offset = np.arange(per_game.sum()) - np.repeat(np.cumsum(per_game) - per_game, per_game)
    ny = count_y[game]
    return game, start_x[game] + offset // ny, start_y[game] + offset % ny, start_x, start_y


def _pairs_numpy(An: np.ndarray, Bn: np.ndarray):
    """Completely labelled vertex pairs with the vectorised numpy enumeration."""
    N, m, n = An.shape
    L = m + n
    px, lx, fx = polytope_vertices(Bn)
    py, ly, fy = polytope_vertices(np.swapaxes(An, -1, -2))
    degenerate = np.any(fx & (popcount(lx) > m), axis=1) | np.any(fy & (popcount(ly) > n), axis=1)
    gx, vx, lx = _distinct_vertices(px, lx, fx, L)
    gy, vy, ly = _distinct_vertices(py, ly, fy, L)
    ly = _column_labels_unified(ly, m, n)
    game, ix, iy, start_x, start_y = _all_pairs(gx, gy, N)
    complete = (lx[ix] | ly[iy]) == (1 << L) - 1
    game, ix, iy = game[complete], ix[complete], iy[complete]
    x = np.clip(vx[ix], 0.0, None)
    y = np.clip(vy[iy], 0.0, None)
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    vertex_x, vertex_y = ix - start_x[game], iy - start_y[game]
    return game, x, y, vertex_x, vertex_y, lx[ix], ly[iy], degenerate


def _pairs_compiled(An: np.ndarray, Bn: np.ndarray):
    """Completely labelled vertex pairs with the compiled kernel."""
    from sim.equilibria.kernel import enumerate_chunk, padded_bases

    N, m, n = An.shape
    bases = padded_bases(m, n), padded_bases(n, m)
    capacity = 4 * N + 16
    while True:
        total, *arrays, degenerate = enumerate_chunk(An, Bn, *bases, RELATIVE_TOLERANCE, capacity)
        if total <= capacity:
            return (*(a[:total] for a in arrays), degenerate)
        capacity = total


def _solve_chunk(A: np.ndarray, B: np.ndarray, first_game: int, kernel: str) -> NashBatch:
    tol_a, tol_b = payoff_tolerance(A), payoff_tolerance(B)
    An, Bn = normalise_payoffs(A, tol_a), normalise_payoffs(B, tol_b)
    pairs = _pairs_compiled if kernel == "numba" else _pairs_numpy
    game, x, y, vertex_x, vertex_y, labels_x, labels_y, degenerate = pairs(An, Bn)
    Ag, Bg = A[game], B[game]
    row_value = (x[:, None, :] @ Ag @ y[:, :, None])[:, 0, 0]
    col_value = (x[:, None, :] @ Bg @ y[:, :, None])[:, 0, 0]
    verified = is_equilibrium(Ag, Bg, x, y, (tol_a[game], tol_b[game]))
    result = NashBatch(
        game_index=game + first_game,
        row=x,
        col=y,
        payoffs=np.stack([row_value, col_value], axis=1),
        degenerate=degenerate,
        row_vertex=vertex_x,
        col_vertex=vertex_y,
        row_labels=labels_x,
        col_labels=labels_y,
    )
    return result if verified.all() else result.select(verified)
