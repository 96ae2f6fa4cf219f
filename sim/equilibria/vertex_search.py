"""All vertices of a best-response polytope by a search over its feasible bases (compiled).

For the opponent's positive payoffs ``M`` (``d x e``) the polytope is
``P = {x >= 0 : M^T x <= 1}`` (von Stengel 2002, section 3). With slacks ``s``,
``M^T x + s = 1``; a basis is a set of ``e`` of the ``d + e`` variables, feasible when its
solution is nonnegative, and the feasible bases are the vertices of ``P`` (several bases per
vertex where ``P`` is not simple, in degenerate games). The graph of feasible bases, two
joined when one pivot of the simplex method leads from one to the other, is connected, so a
depth-first search from the all-slack basis (the vertex 0) visits every vertex; this is the
pivoting vertex enumeration of Balinski (1961) and Dyer (1983), of which Avis and Fukuda's
reverse search (1992; lrs, Avis 2000) is the memory-free variant. Unlike enumerating every
square submatrix (``C(d + e, d)`` of them, :mod:`sim.equilibria.polytope`) it only touches
feasible bases, which grow far more slowly with the size of the game.

Memory: one open-addressing hash set of visited bases (as bit masks of the basic variables,
so ``d + e <= 62``), a stack of bases still to expand and the list of vertices; all grow by
doubling and the search stops, flagged incomplete, when ``max_bases`` bases have been seen.
Each visited basis is solved afresh from the original system (Gauss-Jordan elimination
with partial pivoting), so no rounding accumulates along a path.

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.tolerance import PIVOT_TOLERANCE

EMPTY = -1


@numba.njit(cache=True)
def _insert(table, key) -> bool:
    """Insert ``key`` into an open-addressing set; True if it was not there."""
    mask = table.shape[0] - 1
    slot = ((key * 0x2545F4914F6CDD1D) >> 17) & mask
    while table[slot] != EMPTY:
        if table[slot] == key:
            return False
        slot = (slot + 1) & mask
    table[slot] = key
    return True


@numba.njit(cache=True)
def _grown_table(table):
    bigger = np.full(table.shape[0] * 2, EMPTY, np.int64)
    for key in table:
        if key != EMPTY:
            _insert(bigger, key)
    return bigger


@numba.njit(cache=True)
def _tableau(M, basic, work) -> bool:
    """``work`` (``e x (d + e + 1)``) := the dictionary of the basis ``basic``: rows solved
    for the basic variables of ``[M^T | I | 1]``. False if the basis is singular."""
    d, e = M.shape
    for r in range(e):
        for c in range(d + e + 1):
            work[r, c] = 0.0
        for i in range(d):
            work[r, i] = M[i, r]
        work[r, d + r] = 1.0
        work[r, d + e] = 1.0
    for k in range(e):
        column = basic[k]
        pivot, best = k, abs(work[k, column])
        for r in range(k + 1, e):
            if abs(work[r, column]) > best:
                pivot, best = r, abs(work[r, column])
        if best <= PIVOT_TOLERANCE:
            return False
        if pivot != k:
            for c in range(d + e + 1):
                work[k, c], work[pivot, c] = work[pivot, c], work[k, c]
        inverse = 1.0 / work[k, column]
        for c in range(d + e + 1):
            work[k, c] *= inverse
        for r in range(e):
            factor = work[r, column]
            if r != k and factor != 0.0:
                for c in range(d + e + 1):
                    work[r, c] -= factor * work[k, c]
    return True


@numba.njit(cache=True)
def _basic_list(mask, size, basic) -> None:
    k = 0
    for v in range(size):
        if mask >> v & 1:
            basic[k] = v
            k += 1


@numba.njit(cache=True)
def _pivot(work, row, column) -> None:
    """One simplex pivot of the dictionary ``work`` on ``(row, column)``."""
    e, width = work.shape
    inverse = 1.0 / work[row, column]
    for c in range(width):
        work[row, c] *= inverse
    for r in range(e):
        factor = work[r, column]
        if r != row and factor != 0.0:
            for c in range(width):
                work[r, c] -= factor * work[row, c]


CACHE = 16384
"""Dictionaries of recently expanded bases kept so that a child is one pivot away."""

REFRESH = 32
"""Pivots after which a dictionary is solved afresh from the original system."""


@numba.njit(cache=True)
def polytope_vertices_search(M, tol, max_bases):
    """Every vertex of ``{x >= 0, M^T x <= 1}`` other than 0.

    Parameters
    ----------
    M
        Positive ``(d, e)`` array with entries of order one, ``d + e <= 62``.
    tol
        Feasibility, tie and tightness tolerance.
    max_bases
        Stop after this many feasible bases.

    Returns
    -------
    points, labels, complete, visited
        ``(V, d)`` vertices and their label masks (bit ``i``: ``x_i = 0``, bit ``d + j``:
        ``(M^T x)_j = 1``), sorted by label; whether the search ran to its end; the number
        of feasible bases it visited.

    Notes
    -----
    A child basis is reached by one pivot from its parent's dictionary while that is still
    in a ring of ``CACHE`` recent ones and fewer than ``REFRESH`` pivots from a fresh solve;
    otherwise it is solved afresh.
    """
    d, e = M.shape
    size = d + e
    table = np.full(1024, EMPTY, np.int64)
    seen_labels = np.full(1024, EMPTY, np.int64)
    stack = np.empty((1024, 4), np.int64)  # basis, parent's ring slot, parent basis, pivot
    points = np.empty((256, d))
    labels = np.empty(256, np.int64)
    basic = np.empty(e, np.int64)
    work = np.empty((e, size + 1))
    ring = np.empty((CACHE, e, size + 1))
    ring_basic = np.empty((CACHE, e), np.int64)
    ring_mask = np.full(CACHE, EMPTY, np.int64)
    ring_age = np.zeros(CACHE, np.int64)
    start = ((1 << e) - 1) << d  # every slack basic: the vertex 0
    _insert(table, start)
    stack[0, 0], stack[0, 1], stack[0, 2], stack[0, 3] = start, 0, EMPTY, 0
    depth, visited, count, labelled, slot = 1, 1, 0, 0, 0
    complete = True
    while depth > 0:
        depth -= 1
        mask, parent_slot, parent, move = (
            stack[depth, 0],
            stack[depth, 1],
            stack[depth, 2],
            stack[depth, 3],
        )
        age = 0
        if parent != EMPTY and ring_mask[parent_slot] == parent and ring_age[parent_slot] < REFRESH:
            work[:, :] = ring[parent_slot]
            basic[:] = ring_basic[parent_slot]
            row, column = move // size, move % size
            _pivot(work, row, column)
            basic[row] = column
            age = ring_age[parent_slot] + 1
        else:
            _basic_list(mask, size, basic)
            if not _tableau(M, basic, work):
                continue
        label = ((1 << size) - 1) ^ mask
        for k in range(e):
            if work[k, size] <= tol:
                label |= 1 << basic[k]
        if label != (1 << d) - 1 and _insert(seen_labels, label):
            labelled += 1
            if 2 * labelled > seen_labels.shape[0]:
                seen_labels = _grown_table(seen_labels)
            if count == labels.shape[0]:
                points = np.concatenate((points, np.empty_like(points)))
                labels = np.concatenate((labels, np.empty_like(labels)))
            for i in range(d):
                points[count, i] = 0.0
            for k in range(e):
                if basic[k] < d:
                    points[count, basic[k]] = max(work[k, size], 0.0)
            labels[count] = label
            count += 1
        stored = False
        for column in range(size):
            if mask >> column & 1:
                continue
            best = np.inf
            for r in range(e):
                if work[r, column] > tol:
                    best = min(best, max(work[r, size], 0.0) / work[r, column])
            if best == np.inf:
                continue
            for r in range(e):
                if work[r, column] <= tol:
                    continue
                ratio = max(work[r, size], 0.0) / work[r, column]
                if ratio > best + tol * max(1.0, best):
                    continue
                neighbour = mask ^ (1 << column) ^ (1 << basic[r])
                if not _insert(table, neighbour):
                    continue
                visited += 1
                if visited >= max_bases:
                    complete = False
                    depth = 0
                    break
                if 2 * visited > table.shape[0]:
                    table = _grown_table(table)
                if not stored:
                    slot = (slot + 1) % CACHE
                    ring[slot] = work
                    ring_basic[slot] = basic
                    ring_mask[slot] = mask
                    ring_age[slot] = age
                    stored = True
                if depth == stack.shape[0]:
                    stack = np.concatenate((stack, np.empty_like(stack)))
                stack[depth, 0], stack[depth, 1] = neighbour, slot
                stack[depth, 2], stack[depth, 3] = mask, r * size + column
                depth += 1
            if not complete:
                break
    order = np.argsort(labels[:count])
    return points[:count][order], labels[:count][order], complete, visited


@numba.njit(cache=True)
def _popcount(value) -> int:
    count = 0
    while value:
        value &= value - 1
        count += 1
    return count


@numba.njit(cache=True)
def complete_pairs(labels_x, labels_y, m, n):
    """Index pairs ``(a, b)`` with ``labels_x[a] | labels_y[b]`` every label.

    ``labels_y`` use the unified numbering (rows ``0..m-1``, columns ``m..m+n-1``) and are
    sorted. A simple x-vertex (``m`` labels) pairs with the y-vertex carrying exactly the
    complementary labels (binary search) or with a y-vertex of more than ``n`` labels; an
    x-vertex of more than ``m`` labels is checked against every y-vertex.
    """
    full = (1 << (m + n)) - 1
    wide = np.array([b for b in range(labels_y.shape[0]) if _popcount(labels_y[b]) > n], np.int64)
    pairs_a = np.empty(16, np.int64)
    pairs_b = np.empty(16, np.int64)
    count = 0
    for a in range(labels_x.shape[0]):
        if _popcount(labels_x[a]) > m:
            candidates = np.arange(labels_y.shape[0])
        else:
            want = full ^ labels_x[a]
            at = np.searchsorted(labels_y, want)
            exact = at < labels_y.shape[0] and labels_y[at] == want
            candidates = np.concatenate((np.array([at]) if exact else np.empty(0, np.int64), wide))
        for b in candidates:
            if labels_x[a] | labels_y[b] != full:
                continue
            if count == pairs_a.shape[0]:
                pairs_a = np.concatenate((pairs_a, np.empty_like(pairs_a)))
                pairs_b = np.concatenate((pairs_b, np.empty_like(pairs_b)))
            pairs_a[count] = a
            pairs_b[count] = b
            count += 1
    return pairs_a[:count], pairs_b[:count]
