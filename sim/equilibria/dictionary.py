"""The dictionary of a basis of ``M^T x + s = 1`` and its pivots (compiled).

Used by the basis search of :mod:`sim.equilibria.vertex_search`. For ``M`` (``d x e``) a
dictionary ``T`` (``e x (d + 1)``) reads, row ``r``, ``basic[r] + sum_k T[r, k]
nonbasic[k] = T[r, d]``; an exchange pivot swaps one basic and one nonbasic variable and
is its own inverse; after ``REFRESH`` pivots the dictionary is solved afresh from the
original system (Gauss-Jordan elimination with partial pivoting) so rounding cannot
accumulate. The search keeps several dictionaries as blocks of ``e`` rows of one array:
the functions that read or write one take its first row ``top``. The ratio test of a
column (the simplex method's, Dantzig 1963) picks the rows whose basic variable first
reaches 0 as the column's variable grows; ties within the tolerance are all moves, so that
degenerate vertices reach all their bases.

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.tolerance import PIVOT_TOLERANCE


@numba.njit(cache=True)
def fresh(M, basic, nonbasic, T, top, work) -> bool:
    """Rows ``top`` to ``top + e - 1`` of ``T`` := the dictionary of the basis ``basic``
    solved afresh from ``[M^T | I | 1]`` by Gauss-Jordan elimination with partial pivoting
    (``work`` holds the full tableau): row ``top + r`` reads ``basic[r] + sum_k T[top + r,
    k] nonbasic[k] = T[top + r, d]``. False if the basis is singular."""
    d, e = M.shape
    size = d + e
    for r in range(e):
        for c in range(size + 1):
            work[r, c] = 0.0
        for i in range(d):
            work[r, i] = M[i, r]
        work[r, d + r] = 1.0
        work[r, size] = 1.0
    row_of = np.empty(e, np.int64)
    free = np.ones(e, np.bool_)
    for k in range(e):
        column = basic[k]
        pivot, best = -1, PIVOT_TOLERANCE
        for r in range(e):
            if free[r] and abs(work[r, column]) > best:
                pivot, best = r, abs(work[r, column])
        if pivot < 0:
            return False
        free[pivot] = False
        row_of[k] = pivot
        inverse = 1.0 / work[pivot, column]
        for c in range(size + 1):
            work[pivot, c] *= inverse
        for r in range(e):
            factor = work[r, column]
            if r != pivot and factor != 0.0:
                for c in range(size + 1):
                    work[r, c] -= factor * work[pivot, c]
    for k in range(e):
        for c in range(d):
            T[top + k, c] = work[row_of[k], nonbasic[c]]
        T[top + k, d] = work[row_of[k], size]
    return True


@numba.njit(cache=True, inline="always")
def pivoted(T, source, target, rows, row, column) -> None:
    """The ``rows``-row dictionary at ``target`` := the one at ``source`` after the
    exchange pivot on ``(row, column)`` (rows counted from the block's first): the same
    arithmetic as :func:`exchange`, written to another block, so the source is kept."""
    width = T.shape[1]
    inverse = 1.0 / T[source + row, column]
    pivot = target + row
    for c in range(width):
        T[pivot, c] = T[source + row, c] * inverse
    T[pivot, column] = inverse
    for r in range(rows):
        if r != row:
            factor = T[source + r, column]
            for c in range(width):
                T[target + r, c] = T[source + r, c] - factor * T[pivot, c]
            T[target + r, column] = -factor * inverse


@numba.njit(cache=True, inline="always")
def exchange(T, row, column, pivot) -> None:
    """Exchange pivot of a dictionary on ``(row, column)``: the basic variable of ``row``
    and the nonbasic one of ``column`` swap places. Its own inverse. ``pivot`` (length at
    least ``T.shape[1]``) receives the new pivot row, and the other rows are updated from that
    copy: updated from ``T`` itself, whose pivot row the compiler cannot prove apart from
    the row it writes, the loop was vectorised less well (the walk of
    :mod:`sim.equilibria.vertex_search` spent about a tenth more time in its pivots)."""
    rows, width = T.shape
    inverse = 1.0 / T[row, column]
    T[row, column] = 1.0
    for c in range(width):
        T[row, c] *= inverse
        pivot[c] = T[row, c]
    for r in range(rows):
        factor = T[r, column]
        if r != row and factor != 0.0:
            T[r, column] = 0.0
            for c in range(width):
                T[r, c] -= factor * pivot[c]


@numba.njit(cache=True)
def next_move(T, top, rows, column, after, tol) -> int:
    """The first row after ``after`` that wins the ratio test of ``column`` in the
    ``rows``-row dictionary at ``top`` (ties: every row within ``tol`` of the minimum
    ratio, so degenerate vertices reach all their bases); -1 if none."""
    d = T.shape[1] - 1
    first = -1  # the minimum ratio by cross-multiplication, one division in all
    for r in range(top, top + rows):
        a = T[r, column]
        if a > tol and (
            first < 0 or max(T[r, d], 0.0) * T[first, column] < max(T[first, d], 0.0) * a
        ):
            first = r
    if first < 0:
        return -1
    best = max(T[first, d], 0.0) / T[first, column]
    bound = best + tol * max(1.0, best)
    for r in range(top + after + 1, top + rows):
        a = T[r, column]
        if a > tol and max(T[r, d], 0.0) <= bound * a:
            return r - top
    return -1


@numba.njit(cache=True, inline="always", error_model="numpy")
def sweep(T, top, rows, tol, best, tied, low, hits) -> None:
    """The ratio test of every column of the ``rows``-row dictionary at ``top``, in two
    passes over it row by row (as it is stored): ``best[c]`` the row (counted from ``top``)
    of the minimum ratio ``T[r, d] / T[r, c]`` over ``T[r, c] > tol`` (-1 if none) and
    ``tied[c]`` whether another row comes within ``4 tol`` of it (relative; then ``best[c]``
    is -1 and :func:`next_move` lists the rows). ``low`` and ``hits`` (length ``d``) are work space.

    The loop bodies have no branch: an entry ``<= tol`` gets the ratio ``b / tol +
    EXCLUDED``, above every true ratio; the minimum is a select, and the second pass counts
    the rows within the bound and sums their indices (the sum is the row when there is one).
    The signs of a dictionary's entries are a random pattern, so branches here were
    mispredicted at every other entry (on random 15x15 games the branch-free loops cut the
    time per basis of the whole search from 6.8 to 4.5 us). Neither pass stores a value
    only on one side of a select: ``low[c] = min(q, low[c])`` and ``best[c] = r if hit else
    best[c]`` were compiled to masked vector stores, slow on the AMD EPYC processors it was
    measured on; written as below, the sweep of a 20 x 21 dictionary takes about 0.4 instead
    of 0.65 us there."""
    d = T.shape[1] - 1
    for c in range(d):
        low[c] = np.inf
    for r in range(top, top + rows):
        b = max(T[r, d], 0.0)
        for c in range(d):
            a = T[r, c]
            q = b / max(a, tol) + (a <= tol) * EXCLUDED
            lowest = low[c]
            low[c] = q if q < lowest else lowest + 0.0  # + 0.0: a store either way
    for c in range(d):
        low[c] += 4.0 * tol * max(1.0, low[c])  # now the bound of a tie
        best[c] = 0
        hits[c] = 0
    for r in range(rows):
        b = max(T[top + r, d], 0.0)
        for c in range(d):
            a = T[top + r, c]
            hit = (a > tol) & (b <= low[c] * a)
            hits[c] += hit
            best[c] += hit * r
    for c in range(d):
        tied[c] = hits[c] > 1
        best[c] = best[c] if hits[c] == 1 else -1


EXCLUDED = 1e300
"""Added to the ratio of an entry that is not a pivot candidate, so it never wins."""

REFRESH = 64
"""Pivots after which the dictionary is solved afresh from the original system."""
