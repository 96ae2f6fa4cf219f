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

The dictionaries (:mod:`sim.equilibria.dictionary`; basic rows, nonbasic columns:
``e x (d + 1)`` numbers) of the bases on the way from the root to the current one are kept,
the last ``RING`` of them: a step down is an exchange pivot written to the next depth's
block, and the step back up needs no work while the parent's block is held (otherwise it is
the same pivot again). A dictionary that would be ``REFRESH`` pivots from its last fresh
solve is solved afresh from the original system instead, so rounding cannot accumulate.

The ratio tests of all ``d`` columns at a basis are done in two passes over the dictionary
(:func:`~sim.equilibria.dictionary.sweep`) and kept on the stack (one byte per column and
depth), so the way back up needs none: profiling on random 12x12 games had the ratio
tests (two passes per column, repeated after every return) as the largest part of the
time.

Memory: one open-addressing hash set of visited bases (as bit masks of the basic variables,
so ``d + e <= 62``), the stack of pivots and ratio tests from the root to the current basis
and the list of vertices; all grow by doubling and the search stops, flagged incomplete, when
``max_bases`` bases have been seen.

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.equilibria.dictionary import REFRESH, fresh, next_move, pivoted, sweep
from sim.equilibria.partner import NOT_EQUILIBRIUM, UNDECIDED, partner
from sim.equilibria.visited_set import EMPTY, claim, grown, insert, prefetch, slot_of


@numba.njit(cache=True)
def polytope_vertices_search(M, tol, max_bases, R):
    """Every vertex of ``{x >= 0, M^T x <= 1}`` other than 0, or (with ``R``) only those
    that are the vertex of an equilibrium, with their partners.

    Parameters
    ----------
    M
        Positive ``(d, e)`` array with entries of order one, ``d + e <= 62``.
    tol
        Feasibility, tie and tightness tolerance.
    max_bases
        Stop after this many feasible bases.
    R
        ``(0, 0)``, or the enumerated player's own positive ``(d, e)`` payoffs: then each
        vertex is kept only if :func:`sim.equilibria.partner.partner` completes it to an
        equilibrium. A vertex whose partner floating point cannot decide (a near tie),
        and each near-degenerate basis (a basic variable within ``tol`` of 0, labelled as
        if it were positive), is kept with a partner of NaNs for the caller to settle
        exactly; past ``MAX_UNDECIDED`` of them the search stops.

    Returns
    -------
    points, labels, complete, visited, partners, degenerate
        ``(V, d)`` vertices and their label masks (bit ``i``: ``x_i = 0``, bit ``d + j``:
        ``(M^T x)_j = 1``), sorted by label; whether the search ran to its end; the number
        of feasible bases it visited; ``(V, e)`` partners (with ``R``; else ``(0, e)``);
        whether a vertex had more than ``d`` labels (with ``R``: whether the search
        stopped at ``MAX_UNDECIDED``).

    Notes
    -----
    A step to an unvisited neighbour is an exchange pivot into the next depth's block of
    ``T``, and the way back reads the parent's block if it is still held (else it is the
    same pivot again); the stack holds, per depth, the pivot that led there and the ratio
    tests of the basis there (``d + 2`` bytes).
    The walk (:func:`walk`) returns whenever an array is full, and is resumed after it
    has grown: an array rebound inside the loop cost atomic reference counts at every
    step (a fifth of the time on random 12x12 games).
    """
    d, e = M.shape
    paired = R.shape[0] > 0
    table = np.full(1024, EMPTY, np.int64)
    basic, nonbasic = np.arange(d, d + e), np.arange(d)
    T, work, buffers, state, seen_labels, stack, points, labels, partners = walker(
        M, paired, basic, nonbasic
    )
    shared = np.zeros(SHARED, np.int64)
    insert(table, state[MASK])  # every slack basic: the vertex 0
    while True:
        full = walk(M, tol, max_bases, R, T, basic, nonbasic, work, buffers, state, shared,
                    table, seen_labels, stack, points, labels, partners)  # fmt: skip
        if full == FULL_TABLE:
            table = grown(table)
        elif full == FULL_LABELS:
            seen_labels = grown(seen_labels)
        elif full == FULL_STACK:
            stack = np.concatenate((stack, np.empty_like(stack)))
        elif full == FULL_POINTS:
            points = np.concatenate((points, np.empty_like(points)))
            labels = np.concatenate((labels, np.empty_like(labels)))
            if paired:
                partners = np.concatenate((partners, np.empty_like(partners)))
        else:
            break
    count = state[COUNT]
    order = np.argsort(labels[:count])
    if paired:
        partners = partners[:count][order]
    complete, visited, degenerate = state[COMPLETE] == 1, state[VISITED], state[DEGENERATE] == 1
    return points[:count][order], labels[:count][order], complete, visited, partners, degenerate


@numba.njit(cache=True)
def walker(M, paired, basic, nonbasic):
    """The arrays of a walk that starts at the basis ``basic`` (a feasible one): its ring of
    dictionaries (the first solved afresh), work space, state, set of labels seen, stack,
    and the vertices kept with their labels and partners (``paired``)."""
    d, e = M.shape
    seen_labels = np.full(1024, EMPTY, np.int64)
    # per depth: the ratio tests' rows (-2 if tied), then column and row of the pivot there
    stack = np.empty((1024, d + 2), np.int8)
    points = np.empty((256, d))
    labels = np.empty(256, np.int64)
    partners = np.empty((256 if paired else 0, e))
    T = np.empty((RING * e, d + 1))  # the dictionary of depth t: rows from (t % RING) e
    chains = np.zeros(RING, np.int64)  # each block's pivots since its last fresh solve
    work = (np.empty((e, d + e + 1)), np.empty(d, np.int64), np.empty(d, np.bool_),
            np.empty(d), np.empty(d, np.int64), chains)  # fmt: skip
    fresh(M, basic, nonbasic, T, 0, work[0])
    buffers = (np.empty(e, np.int64), np.empty(e, np.int64), np.empty((e, e + 2)),
               np.empty(d, np.bool_))  # fmt: skip
    state = np.zeros(STATE, np.int64)
    mask = 0
    for k in range(e):
        mask |= 1 << basic[k]
    state[MASK], state[VISITED], state[ROW], state[COMPLETE] = mask, 1, -1, 1
    return T, work, buffers, state, seen_labels, stack, points, labels, partners


STATE = 12
(MASK, DEPTH, COLUMN, ROW, HELD, VISITED, COUNT, LABELLED, COMPLETE, DEGENERATE, PENDING,
 WALKER) = range(STATE)  # fmt: skip
"""Slots of the walk's state: the current basis (mask of basic variables), the depth, the
move to try next (column, row), the lowest depth whose dictionary is held, bases visited
(by this walk), vertices kept, vertices labelled, the complete and degenerate flags, the
bases kept undecided, and which of two walks sharing the visited set this is (0 or 1)."""

SHARED = 24
STOP, SLACK, COUNTED = 0, 1, 8
"""Slots of the array two walks share (:mod:`sim.equilibria.parallel_search`): a request
to stop, the slack kept in the visited set for the other walk's unpublished inserts, and
from ``COUNTED + 8 w`` the bases walk ``w`` has published (a cache line apart). All 0 for
a walk alone."""

PUBLISH_EVERY = 256
"""A walk publishes its count of bases visited after at least this many more."""

RING = 16
"""Dictionaries the walk keeps, those of the last depths on its way down (the block of depth
``t`` is overwritten at depth ``t + RING``). A step back up to a held depth costs no
pivot. On random 18x18 and 20x20 games a ring of 8 or 16 takes about 1/7 less time per basis
than re-pivoting on the way up; a ring of 256 gains nothing (its blocks leave the cache)."""

MAX_UNDECIDED = 256
"""Near-degenerate bases kept for the caller to settle exactly; at one more the search
stops and reports the game degenerate (it then is, in all likelihood)."""

DONE, FULL_TABLE, FULL_LABELS, FULL_STACK, FULL_POINTS, STOPPED = range(6)


@numba.njit(cache=True, nogil=True, error_model="numpy")  # numpy's: for sweep
def walk(M, tol, max_bases, R, T, basic, nonbasic, work, buffers, state, shared,
         table, seen_labels, stack, points, labels, partners):  # fmt: skip
    """The depth-first walk of :func:`polytope_vertices_search` from ``state`` until it
    ends (``DONE``), one array is full or ``shared[STOP]`` is set (then ``state`` is where
    to resume). Releases the GIL, so that two walks can share one visited set ``table``
    (``shared``: see :data:`SHARED`)."""
    d, e = M.shape
    size = d + e
    mask, depth, column, row = state[MASK], state[DEPTH], state[COLUMN], state[ROW]
    held, visited, count, labelled = state[HELD], state[VISITED], state[COUNT], state[LABELLED]
    complete, degenerate = state[COMPLETE] == 1, state[DEGENERATE] == 1
    undecided = state[PENDING]
    own, other = COUNTED + 8 * state[WALKER], COUNTED + 8 * (1 - state[WALKER])
    shared[own] = published = visited
    paired = R.shape[0] > 0
    tableau, best, tied, low, hits, chains = work
    support, tight, W, flags = buffers
    pivot_row, pivot_column = np.int64(stack[depth - 1, d + 1]), np.int64(stack[depth - 1, d])
    full = DONE
    while True:
        if shared[STOP] != 0:
            full = STOPPED
        elif 2 * (visited + shared[other] + shared[SLACK] + d + 1) > table.shape[0]:
            full = FULL_TABLE  # no room for this step's inserts
        elif 2 * labelled + 2 > seen_labels.shape[0]:
            full = FULL_LABELS
        elif depth == stack.shape[0]:
            full = FULL_STACK
        elif count == labels.shape[0]:
            full = FULL_POINTS
        if full != DONE:
            break
        top = (depth % RING) * e  # the current dictionary's first row
        if row == -1 and column == 0:  # arrived at a new basis: record its vertex
            sweep(T, top, e, tol, best, tied, low, hits)  # a tied column's best is -1
            if depth > 0 and best[pivot_column] == pivot_row:
                best[pivot_column] = -1  # the way back up, to the parent: visited
            for c in range(d):  # the neighbours' slots load while the vertex is recorded
                if best[c] >= 0:
                    neighbour = mask ^ (1 << nonbasic[c]) ^ (1 << basic[best[c]])
                    prefetch(table, slot_of(table, neighbour))
            simple = ((1 << size) - 1) ^ mask
            label = simple
            for k in range(e):
                if T[top + k, d] <= tol:
                    label |= 1 << basic[k]
            keep = False
            if paired and label != simple:  # a near-degenerate basis: settled exactly later
                if undecided == MAX_UNDECIDED:
                    degenerate, complete = True, False
                    break
                undecided += 1
                partners[count, :] = np.nan
                keep, label = True, simple
            # a simple vertex has this one basis, visited once; others need the label set
            elif label != (1 << d) - 1 and (label == simple or insert(seen_labels, label)):
                labelled += label != simple
                degenerate = degenerate or label != simple
                keep = True
                if paired:
                    verdict = _paired(R, T, top, basic, label, tol, partners, count,
                                      support, tight, W, flags)  # fmt: skip
                    if verdict == UNDECIDED:  # a near tie of the partner: settled later
                        partners[count, :] = np.nan
                    keep = verdict != NOT_EQUILIBRIUM
            if keep:
                points[count, :] = 0.0
                for k in range(e):
                    if basic[k] < d:
                        points[count, basic[k]] = max(T[top + k, d], 0.0)
                labels[count] = label
                count += 1
            for c in range(d):  # mark the new neighbours visited, drop the others
                if best[c] >= 0:
                    if claim(table, mask ^ (1 << nonbasic[c]) ^ (1 << basic[best[c]])):
                        visited += 1
                    else:
                        best[c] = -1
            if visited - published >= PUBLISH_EVERY:
                shared[own] = published = visited
            if visited + shared[other] >= max_bases:
                complete = False
                break
        moved = False
        while column < d:
            if not tied[column]:  # its neighbour was marked on arrival, if new
                row = best[column] if row == -1 else -1
                if row < 0:
                    column += 1
                    continue
                neighbour = mask ^ (1 << nonbasic[column]) ^ (1 << basic[row])
                moved = True
                break
            row = next_move(T, top, e, column, row, tol)
            if row < 0:
                column += 1
                continue
            neighbour = mask ^ (1 << nonbasic[column]) ^ (1 << basic[row])
            if not claim(table, neighbour):
                continue
            visited += 1
            if visited + shared[other] >= max_bases:
                complete = False
                break
            moved = True
            break
        if not complete:
            break
        if moved:  # go down: remember the move and this basis's ratio tests
            stack[depth, d], stack[depth, d + 1] = column, row
            for c in range(column, d):
                stack[depth, c] = -2 if tied[c] else best[c]
            depth += 1
            held = max(held, depth - RING + 1)  # the block of depth - RING is overwritten
            mask = neighbour
            pivot_row, pivot_column = row, column
            column, row = 0, -1
        elif depth == 0:
            break
        else:  # go back up, then the parent's next move
            depth -= 1
            column, row = np.int64(stack[depth, d]), np.int64(stack[depth, d + 1])
            mask ^= (1 << nonbasic[column]) ^ (1 << basic[row])
            for c in range(column, d):
                tied[c] = stack[depth, c] == -2
                best[c] = stack[depth, c]
            pivot_row, pivot_column = row, column
        # the one pivot of the loop, written out: an inlined call with arrays costs
        # reference counts at every step
        basic[pivot_row], nonbasic[pivot_column] = nonbasic[pivot_column], basic[pivot_row]
        if depth >= held and not moved:  # back up to a dictionary still held
            continue
        source, target = ((depth - 1 if moved else depth + 1) % RING), depth % RING
        held = min(held, depth)
        if chains[source] + 1 >= REFRESH and fresh(M, basic, nonbasic, T, target * e, tableau):
            chains[target] = 0
        else:
            pivoted(T, source * e, target * e, e, pivot_row, pivot_column)
            chains[target] = chains[source] + 1
    state[MASK], state[DEPTH], state[COLUMN], state[ROW] = mask, depth, column, row
    state[HELD], state[VISITED], state[COUNT], state[LABELLED] = held, visited, count, labelled
    state[COMPLETE], state[DEGENERATE], state[PENDING] = int(complete), int(degenerate), undecided
    shared[own] = visited
    return full


@numba.njit(cache=True, inline="always")
def _paired(R, T, top, basic, label, tol, partners, count, support, tight, W, flags) -> int:
    """:func:`~sim.equilibria.partner.partner` of the simple vertex of the dictionary at row
    ``top`` of ``T`` (every basic variable above ``tol``, so ``label`` has ``d`` bits), into
    row ``count`` of ``partners``."""
    d, e = R.shape
    k = 0
    for r in range(e):
        if basic[r] < d and T[top + r, d] > tol:
            support[k] = basic[r]
            k += 1
    t = 0
    for j in range(e):
        if label >> (d + j) & 1:
            tight[t] = j
            t += 1
    return partner(R, support, tight, k, tol, partners, count, W, flags)


@numba.njit(cache=True, inline="always")
def _popcount(value) -> int:
    count = 0
    while value:
        value &= value - 1
        count += 1
    return count


@numba.njit(cache=True)
def complete_pairs(labels_x, labels_y, m, n, max_pairs):
    """Index pairs ``(a, b)`` with ``labels_x[a] | labels_y[b]`` every label, at most
    ``max_pairs`` of them (a degenerate game may have millions of extreme equilibria).

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
            if count == max_pairs:
                return pairs_a[:count], pairs_b[:count]
            if count == pairs_a.shape[0]:
                pairs_a = np.concatenate((pairs_a, np.empty_like(pairs_a)))
                pairs_b = np.concatenate((pairs_b, np.empty_like(pairs_b)))
            pairs_a[count] = a
            pairs_b[count] = b
            count += 1
    return pairs_a[:count], pairs_b[:count]
