"""The basis search of :mod:`sim.equilibria.vertex_search` as two walks on two cores.

Both walks are the same depth-first walk, one from the vertex 0 and one from a neighbour
of it, and they share one visited set: a basis belongs to the walk that inserts it first
(an atomic compare-and-swap, :func:`~sim.equilibria.visited_set.claim`), and each walk
goes on only from its own bases. Every basis is reachable from both starts (the graph of
feasible bases is connected), so between them the walks visit every feasible basis once,
as one walk would; the vertices they keep are merged and sorted by label, so the result
does not depend on which walk found what. Each walk publishes its count of bases, and a
walk that fills the set, or any other array, stops both; the set is grown and both go on.

On two cores this took 0.4 to 0.6 of the time of one walk on random 20x20 games. Two walks
at once each run about 1.2 times slower than one alone (they share the memory bandwidth
and the cache). The walks hand no work to each other: when one ends first, the other
finishes alone.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from sim.equilibria.vertex_search import (
    COMPLETE,
    COUNT,
    DEGENERATE,
    DONE,
    FULL_LABELS,
    FULL_POINTS,
    FULL_STACK,
    FULL_TABLE,
    MASK,
    MAX_UNDECIDED,
    PENDING,
    PUBLISH_EVERY,
    SHARED,
    SLACK,
    STOP,
    VISITED,
    WALKER,
    polytope_vertices_search,
    walk,
    walker,
)
from sim.equilibria.visited_set import empty_table, grown, insert


class _Walk:
    """One walk's arrays, as :func:`~sim.equilibria.vertex_search.walker` makes them."""

    def __init__(self, M, paired: bool, basic: np.ndarray, nonbasic: np.ndarray, index: int):
        self.basic, self.nonbasic = basic, nonbasic
        (self.T, self.work, self.buffers, self.state, self.seen_labels, self.stack,
         self.points, self.labels, self.partners) = walker(M, paired, basic, nonbasic)  # fmt: skip
        self.state[WALKER] = index

    def grow(self, full: int, paired: bool) -> None:
        """Double the array that ``full`` names (not the shared set)."""
        if full == FULL_LABELS:
            self.seen_labels = grown(self.seen_labels)
        elif full == FULL_STACK:
            self.stack = np.concatenate((self.stack, np.empty_like(self.stack)))
        elif full == FULL_POINTS:
            self.points = np.concatenate((self.points, np.empty_like(self.points)))
            self.labels = np.concatenate((self.labels, np.empty_like(self.labels)))
            if paired:
                self.partners = np.concatenate((self.partners, np.empty_like(self.partners)))


def second_start(M: np.ndarray, tol: float):
    """A neighbour of the vertex 0 for the second walk: the basis ``(basic, nonbasic)``
    after the pivot on the first column whose ratio test has one winning row (at the
    vertex 0 the dictionary is ``[M^T | 1]``, so the row is the largest entry of ``M``'s
    row), or None if every column is tied."""
    d, e = M.shape
    for column in range(d - 1, -1, -1):
        entries = M[column]
        row = int(np.argmax(entries))
        largest = entries[row]
        if largest <= tol or np.sum(entries >= largest * (1 - 4 * tol)) > 1:
            continue
        basic, nonbasic = np.arange(d, d + e), np.arange(d)
        basic[row], nonbasic[column] = column, d + row
        return basic, nonbasic
    return None


def parallel_vertices_search(M, tol: float, max_bases: int, R):
    """:func:`~sim.equilibria.vertex_search.polytope_vertices_search` (same arguments,
    same result) by two walks on two threads; one walk if the vertex 0 has no untied
    neighbour. The count of bases visited may exceed ``max_bases`` by a few before both
    walks stop."""
    d, e = M.shape
    paired = R.shape[0] > 0
    start = second_start(M, tol)
    if start is None:
        return polytope_vertices_search(M, tol, max_bases, R)
    walks = [_Walk(M, paired, np.arange(d, d + e), np.arange(d), 0),
             _Walk(M, paired, *start, 1)]  # fmt: skip
    table = empty_table(1 << 16)
    for each in walks:
        insert(table, each.state[MASK])
    shared = np.zeros(SHARED, np.int64)
    shared[SLACK] = PUBLISH_EVERY + 2 * d + 2  # the other walk's unpublished inserts

    def run(each: _Walk) -> int:
        full = walk(M, tol, max_bases, R, each.T, each.basic, each.nonbasic, each.work,
                    each.buffers, each.state, shared, table, each.seen_labels, each.stack,
                    each.points, each.labels, each.partners)  # fmt: skip
        shared[STOP] = 1  # the other walk stops too, so that arrays can grow
        return full

    active = list(walks)
    with ThreadPoolExecutor(2) as pool:
        while active:
            shared[STOP] = 0
            fulls = list(pool.map(run, active))
            if any(
                full == DONE and each.state[COMPLETE] == 0
                for each, full in zip(active, fulls, strict=True)
            ):
                break  # cut short: the other walk stops too
            if FULL_TABLE in fulls:
                table = grown(table)
            for each, full in zip(active, fulls, strict=True):
                each.grow(full, paired)
            active = [each for each, full in zip(active, fulls, strict=True) if full != DONE]
    return _merged(walks, paired)


def _merged(walks: list[_Walk], paired: bool):
    """The two walks' results as one search's: vertices sorted by label (a vertex both
    walks kept, a degenerate one reached from bases of both, once)."""

    def joined(name: str) -> np.ndarray:
        return np.concatenate([getattr(each, name)[: each.state[COUNT]] for each in walks])

    labels = joined("labels")
    _, first = np.unique(labels, return_index=True)  # sorted by label
    partners = joined("partners")[first] if paired else walks[0].partners
    points = joined("points")
    complete = all(each.state[COMPLETE] == 1 for each in walks)
    degenerate = any(each.state[DEGENERATE] == 1 for each in walks)
    if paired and sum(int(each.state[PENDING]) for each in walks) > MAX_UNDECIDED:
        complete, degenerate = False, True  # as one walk would have stopped
    visited = sum(int(each.state[VISITED]) for each in walks)
    return points[first], labels[first], complete, visited, partners, degenerate
