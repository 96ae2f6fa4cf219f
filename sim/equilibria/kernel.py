"""Compiled kernel of the batch engine: the method of :mod:`sim.equilibria.batch`, game by game.

Profiling the vectorised numpy version (:mod:`sim.equilibria.polytope`) on 4x4 games showed
its time spent in tens of elementwise passes over all ``C(m + n, m) - 1`` bases of every game
(labels and feasibility alone about half), which caps it near 35,000 games per second on one
core. This kernel does the same enumeration with numba, one game at a time, in registers: the
vertices with one positive coordinate come straight from the row maxima of ``M``; for every
other basis ``(S, T)`` it solves ``M[S, T]^T x_S = 1`` (Cramer's rule up to size 3, Gaussian
elimination with partial pivoting beyond), keeps the solution if it lies in
``P = {x >= 0, M^T x <= 1}``, identifies the vertex by its label set, and finally pairs the
completely labelled vertices of the two polytopes.

This module imports numba; it is imported (and its functions compiled, then cached on disk)
only on the first call of :func:`sim.equilibria.batch.nash_batch`, never by ``import sim``.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.equilibria.linsolve import SINGULAR

SINGULAR_SQUARED = SINGULAR * SINGULAR


@numba.njit(cache=True, inline="always", error_model="numpy")
def _solve(M, rows, cols, k, work, solution) -> bool:
    """Solve ``sum_a x_a M[rows[a], cols[b]] = 1`` (b < k) into ``solution[:k]``.

    Sizes 1 to 3 by Cramer's rule with the singularity test of
    :mod:`sim.equilibria.linsolve`, larger ones by Gaussian elimination.
    """
    if k == 1:
        value = M[rows[0], cols[0]]
        if abs(value) <= SINGULAR * abs(value):
            return False
        solution[0] = 1.0 / value
        return True
    if k == 2:
        # G = [[a, b], [c, d]] with G[b][a] = M[rows[a], cols[b]]
        a = M[rows[0], cols[0]]
        b = M[rows[1], cols[0]]
        c = M[rows[0], cols[1]]
        d = M[rows[1], cols[1]]
        det = a * d - b * c
        if det * det <= SINGULAR_SQUARED * (a * a + b * b) * (c * c + d * d):
            return False
        inverse = 1.0 / det
        solution[0] = (d - b) * inverse
        solution[1] = (a - c) * inverse
        return True
    if k == 3:
        return _cramer3(M, rows, cols, solution)
    return _eliminate(M, rows, cols, k, work, solution)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _cramer3(M, rows, cols, solution) -> bool:
    r00, r01, r02 = M[rows[0], cols[0]], M[rows[1], cols[0]], M[rows[2], cols[0]]
    r10, r11, r12 = M[rows[0], cols[1]], M[rows[1], cols[1]], M[rows[2], cols[1]]
    r20, r21, r22 = M[rows[0], cols[2]], M[rows[1], cols[2]], M[rows[2], cols[2]]
    c12x, c12y, c12z = r11 * r22 - r12 * r21, r12 * r20 - r10 * r22, r10 * r21 - r11 * r20
    c20x, c20y, c20z = r21 * r02 - r22 * r01, r22 * r00 - r20 * r02, r20 * r01 - r21 * r00
    c01x, c01y, c01z = r01 * r12 - r02 * r11, r02 * r10 - r00 * r12, r00 * r11 - r01 * r10
    det = r00 * c12x + r01 * c12y + r02 * c12z
    bound = (
        (r00 * r00 + r01 * r01 + r02 * r02)
        * (r10 * r10 + r11 * r11 + r12 * r12)
        * (r20 * r20 + r21 * r21 + r22 * r22)
    )
    if det * det <= SINGULAR_SQUARED * bound:
        return False
    inverse = 1.0 / det
    solution[0] = (c12x + c20x + c01x) * inverse
    solution[1] = (c12y + c20y + c01y) * inverse
    solution[2] = (c12z + c20z + c01z) * inverse
    return True


@numba.njit(cache=True, inline="always", error_model="numpy")
def _eliminate(M, rows, cols, k, work, solution) -> bool:
    scale = 0.0
    for b in range(k):
        for a in range(k):
            value = M[rows[a], cols[b]]
            work[b, a] = value
            scale = max(scale, abs(value))
        work[b, k] = 1.0
    for step in range(k):
        pivot_row = step
        best = abs(work[step, step])
        for r in range(step + 1, k):
            if abs(work[r, step]) > best:
                best = abs(work[r, step])
                pivot_row = r
        if best <= SINGULAR * scale:
            return False
        if pivot_row != step:
            for c in range(k + 1):
                tmp = work[step, c]
                work[step, c] = work[pivot_row, c]
                work[pivot_row, c] = tmp
        inverse = 1.0 / work[step, step]
        for r in range(step + 1, k):
            factor = work[r, step] * inverse
            if factor != 0.0:
                for c in range(step, k + 1):
                    work[r, c] -= factor * work[step, c]
    for r in range(k - 1, -1, -1):
        total = work[r, k]
        for c in range(r + 1, k):
            total -= work[r, c] * solution[c]
        solution[r] = total / work[r, r]
    return True


@numba.njit(cache=True, error_model="numpy")
def _vertices(M, basis_rows, basis_cols, basis_size, tol, points, labels) -> int:
    """Distinct vertices of ``{x >= 0, M^T x <= 1}``, sorted by label mask; their number."""
    d, e = M.shape
    work = np.empty((d + 1, d + 2))
    solution = np.empty(d)
    count = _pure_vertices(M, tol, points, labels)
    for basis in range(d * e, basis_size.shape[0]):  # the first d e bases have size 1
        k = basis_size[basis]
        rows = basis_rows[basis]
        if not _solve(M, rows, basis_cols[basis], k, work, solution):
            continue
        label = (1 << d) - 1
        feasible = True
        for a in range(k):
            if solution[a] < -tol:
                feasible = False
                break
            if solution[a] > tol:
                label ^= 1 << rows[a]
        if not feasible:
            continue
        for j in range(e):
            value = 0.0
            for a in range(k):
                value += solution[a] * M[rows[a], j]
            if value > 1.0 + tol:
                feasible = False
                break
            if value >= 1.0 - tol:
                label |= 1 << (d + j)
        if not feasible:
            continue
        duplicate = False
        for v in range(count):
            if labels[v] == label:
                duplicate = True
                break
        if duplicate:
            continue
        labels[count] = label
        for i in range(d):
            points[count, i] = 0.0
        for a in range(k):
            points[count, rows[a]] = solution[a]
        count += 1
    _sort_by_label(points, labels, count)
    return count


@numba.njit(cache=True, error_model="numpy")
def _pure_vertices(M, tol, points, labels) -> int:
    """The vertices with one positive coordinate (the bases of size 1): ``x = e_i / max_j
    M[i, j]``, tight at the columns that attain the maximum. Their number, ``d``."""
    d, e = M.shape
    for i in range(d):
        largest = M[i, 0]
        for j in range(1, e):
            largest = max(largest, M[i, j])
        x = 1.0 / largest
        label = ((1 << d) - 1) ^ (1 << i)
        for j in range(e):
            if x * M[i, j] >= 1.0 - tol:
                label |= 1 << (d + j)
        labels[i] = label
        for r in range(d):
            points[i, r] = 0.0
        points[i, i] = x
    return d


@numba.njit(cache=True, error_model="numpy")
def _sort_by_label(points, labels, count) -> None:
    """Insertion sort of the first ``count`` vertices by label mask."""
    d = points.shape[1]
    for v in range(1, count):
        w = v
        while w > 0 and labels[w - 1] > labels[w]:
            labels[w - 1], labels[w] = labels[w], labels[w - 1]
            for i in range(d):
                points[w - 1, i], points[w, i] = points[w, i], points[w - 1, i]
            w -= 1


@numba.njit(cache=True, error_model="numpy")
def _popcount(value) -> int:
    count = 0
    while value:
        value &= value - 1
        count += 1
    return count


@numba.njit(cache=True, error_model="numpy")
def enumerate_chunk(An, Bn, x_bases, y_bases, tol, capacity):
    """Completely labelled vertex pairs of every game of a chunk.

    Parameters
    ----------
    An, Bn
        Normalised payoffs ``(N, m, n)`` (entries in ``[1, 2]``).
    x_bases, y_bases
        ``(rows, cols, sizes)`` of the bases of the row player's polytope (``d = m``,
        ``e = n``) and of the column player's (``d = n``, ``e = m``).
    tol
        Feasibility and tightness tolerance.
    capacity
        Room for this many equilibria; if more are found the returned count exceeds it and
        nothing beyond it is written.

    Returns
    -------
    total, game, x, y, row_vertex, col_vertex, row_labels, col_labels, degenerate
    """
    N, m, n = An.shape
    full = (1 << (m + n)) - 1
    game = np.empty(capacity, np.int64)
    xs = np.empty((capacity, m))
    ys = np.empty((capacity, n))
    row_vertex = np.empty(capacity, np.int64)
    col_vertex = np.empty(capacity, np.int64)
    row_labels = np.empty(capacity, np.int64)
    col_labels = np.empty(capacity, np.int64)
    degenerate = np.zeros(N, np.bool_)
    px = np.empty((x_bases[2].shape[0], m))
    lx = np.empty(x_bases[2].shape[0], np.int64)
    py = np.empty((y_bases[2].shape[0], n))
    ly = np.empty(y_bases[2].shape[0], np.int64)
    AnT = np.empty((n, m))
    total = 0
    for g in range(N):
        nx = _vertices(Bn[g], x_bases[0], x_bases[1], x_bases[2], tol, px, lx)
        AnT[:, :] = An[g].T
        ny = _vertices(AnT, y_bases[0], y_bases[1], y_bases[2], tol, py, ly)
        for v in range(nx):
            if _popcount(lx[v]) > m:
                degenerate[g] = True
        for v in range(ny):
            if _popcount(ly[v]) > n:
                degenerate[g] = True
            low = ly[v] & ((1 << n) - 1)
            ly[v] = (low << m) | (ly[v] >> n)
        for a in range(nx):
            for b in range(ny):
                if (lx[a] | ly[b]) != full:
                    continue
                if total < capacity:
                    game[total] = g
                    sx = 0.0
                    for i in range(m):
                        sx += max(px[a, i], 0.0)
                    sy = 0.0
                    for j in range(n):
                        sy += max(py[b, j], 0.0)
                    for i in range(m):
                        xs[total, i] = max(px[a, i], 0.0) / sx
                    for j in range(n):
                        ys[total, j] = max(py[b, j], 0.0) / sy
                    row_vertex[total] = a
                    col_vertex[total] = b
                    row_labels[total] = lx[a]
                    col_labels[total] = ly[b]
                total += 1
    return total, game, xs, ys, row_vertex, col_vertex, row_labels, col_labels, degenerate


def padded_bases(d: int, e: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bases of :func:`sim.equilibria.polytope.basis_indices` as padded arrays
    ``rows (K, d)``, ``cols (K, d)`` and ``sizes (K,)``, in the same order."""
    from sim.equilibria.polytope import basis_indices

    levels = basis_indices(d, e)
    K = sum(len(r) for r, _ in levels)
    rows = np.zeros((K, d), np.int64)
    cols = np.zeros((K, d), np.int64)
    sizes = np.zeros(K, np.int64)
    offset = 0
    for r, c in levels:
        count, k = r.shape
        rows[offset : offset + count, :k] = r
        cols[offset : offset + count, :k] = c
        sizes[offset : offset + count] = k
        offset += count
    return rows, cols, sizes
