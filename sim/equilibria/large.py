"""Games too large to enumerate every basis exactly: float proposals, exact certificates.

Two sources of proposals, both compiled:

- the basis search of :mod:`sim.equilibria.search` (every extreme equilibrium, memory
  growing with the vertices; stopped after a number of bases derived from the time budget,
  at the rate :data:`BASES_PER_SECOND` measured on random games, and from the memory bound
  ``memory_bytes`` of :mod:`sim.limits`), for games with ``m + n <= 62``;
- Lemke-Howson from every starting label (:mod:`sim.equilibria.lemke_howson`), for one
  equilibrium fast or for games beyond the search, within the time budget.

Each proposal is then certified exactly: its two vertices are solved from their label sets
in rational arithmetic (:func:`sim.equilibria.certificate.certify_vertex`) and kept only if the
exact labels agree, so every reported equilibrium is exact; completeness is certified only
by the exact enumeration of :mod:`sim.equilibria.exact`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from sim.tolerance import PIVOT_TOLERANCE, RELATIVE_TOLERANCE

BASES_PER_SECOND = 250_000
"""Feasible bases the search visits per second: about 2.5 microseconds each at 15x15 and
3.5 at 18x18 (CPU time, 53,839 bases in 0.13 s and 459,151 in 1.59 s on a loaded
machine), rounded down."""

RACE = 16
"""Lemke-Howson paths followed in lockstep when one equilibrium is wanted. Path lengths
are heavy-tailed: on eight random 200x200 games, the pivots to the first end averaged
over 2,000 from label 0 alone and 280 for sixteen labels in lockstep (sixteen times the
shortest of them)."""

BYTES_PER_BASIS = 64
"""Memory of the search per visited basis: hash set (at most half full, doubled when it
grows), stack entry and vertex, generously."""


@dataclass(frozen=True)
class Proposal:
    """Float equilibria with the label masks of their vertices (as in ``NashBatch``)."""

    row_labels: np.ndarray
    col_labels: np.ndarray
    row_vertex: np.ndarray
    col_vertex: np.ndarray
    degenerate: bool
    complete: bool
    source: str


def search_proposal(A: np.ndarray, B: np.ndarray, budget: float) -> Proposal:
    """Every extreme equilibrium by the basis search, within ``budget`` seconds (roughly)."""
    from sim.equilibria.search import search_equilibria
    from sim.limits import bound, cut_short

    m, n = A.shape
    by_memory = bound("memory_bytes") // (BYTES_PER_BASIS + 8 * max(m, n))
    by_time = budget / 2 * BASES_PER_SECOND  # two polytopes
    pairs = bound("enumeration_pairs")
    max_bases = min(int(max(1000, min(by_time, by_memory))), pairs)
    found = search_equilibria(A, B, max_bases)
    source = "basis search"
    if not found.complete and max_bases == pairs:
        source += " " + cut_short("enumeration_pairs", "support pairs")
    return Proposal(
        found.row_labels,
        found.col_labels,
        found.row_vertex,
        found.col_vertex,
        found.degenerate,
        found.complete,
        source,
    )


def lemke_howson_proposal(A: np.ndarray, B: np.ndarray, budget: float, first: bool) -> Proposal:
    """Lemke-Howson from the starting labels in turn until all ran, ``budget`` seconds
    passed, or (with ``first``) one path ended at an equilibrium. For ``first`` the labels
    race in groups of :data:`RACE` (:func:`~sim.equilibria.lemke_howson.lemke_howson_race`),
    so the shortest path of a group decides the time. The budget starts after the compiled
    code is loaded (compiling it afresh takes seconds, the paths of a 30 x 30 game from all
    60 labels a millisecond)."""
    from sim.equilibria.batch import normalise_payoffs
    from sim.equilibria.lemke_howson import lemke_howson_race

    m, n = A.shape
    An, Bn = normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]
    one = np.ones((1, 1))  # compile (or load the compiled code) before the clock starts
    lemke_howson_race(one, one, np.zeros(1, dtype=np.int64), PIVOT_TOLERANCE, 1)
    start = time.perf_counter()
    ends: dict[tuple[int, int], None] = {}
    group = RACE if first else 1
    ran = 0
    for low in range(0, m + n, group):
        labels = np.arange(low, min(low + group, m + n))
        x, y, winner, _ = lemke_howson_race(An, Bn, labels, PIVOT_TOLERANCE, 50 * (m + n))
        ran += len(labels)
        if winner >= 0 and x.sum() > 0 and y.sum() > 0:
            ends[labels_of(An, Bn, x / x.sum(), y / y.sum())] = None
            if first:
                break
        if time.perf_counter() - start > budget:
            break
    keys = list(ends)
    kind = np.int64 if m + n <= 62 else object  # masks of more labels are Python ints
    row_labels = np.array([k[0] for k in keys], dtype=kind)
    col_labels = np.array([k[1] for k in keys], dtype=kind)
    degenerate = bool(
        any(int(v).bit_count() > m for v in row_labels)
        or any(int(v).bit_count() > n for v in col_labels)
    )
    return Proposal(
        row_labels,
        col_labels,
        _numbered(row_labels),
        _numbered(col_labels),
        degenerate,
        False,
        f"Lemke-Howson from {ran} of {m + n} starting labels",
    )


def labels_of(An: np.ndarray, Bn: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    """Label masks of the vertices of ``x`` and ``y`` (unified numbering for ``y``): unplayed
    actions and the opponent's best responses, within the package tolerance."""
    m, n = An.shape
    col_values = x @ Bn
    row_values = An @ y
    unplayed_x = x <= RELATIVE_TOLERANCE
    unplayed_y = y <= RELATIVE_TOLERANCE
    best_cols = col_values >= col_values.max() - RELATIVE_TOLERANCE
    best_rows = row_values >= row_values.max() - RELATIVE_TOLERANCE
    row_mask = _mask(unplayed_x) | (_mask(best_cols) << m)
    col_mask = _mask(best_rows) | (_mask(unplayed_y) << m)
    return row_mask, col_mask


def _mask(flags: np.ndarray) -> int:
    return sum(1 << int(k) for k in np.flatnonzero(flags))


def merged(first: Proposal, second: Proposal) -> Proposal:
    """The proposals of both, each distinct pair of vertices once."""
    pairs = dict.fromkeys(
        zip(
            [*map(int, first.row_labels), *map(int, second.row_labels)],
            [*map(int, first.col_labels), *map(int, second.col_labels)],
            strict=True,
        )
    )
    row_labels = np.array([p[0] for p in pairs], dtype=np.int64)
    col_labels = np.array([p[1] for p in pairs], dtype=np.int64)
    return Proposal(
        row_labels,
        col_labels,
        _numbered(row_labels),
        _numbered(col_labels),
        first.degenerate or second.degenerate,
        first.complete or second.complete,
        f"{first.source} and {second.source}",
    )


def _numbered(labels: np.ndarray) -> np.ndarray:
    """Number each distinct label mask (so that equal vertices share a number)."""
    _, inverse = np.unique(labels, return_inverse=True)
    return inverse.astype(np.int64)
