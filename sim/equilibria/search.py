"""Extreme equilibria of one game by a search over feasible bases: one polytope or both.

The completely labelled vertex pairs of :mod:`sim.equilibria.batch`, with the vertices of
each best-response polytope found by the compiled basis search of
:mod:`sim.equilibria.vertex_search` instead of by solving every square submatrix; memory
grows with the number of vertices, not of bases. The float answer is a proposal: the caller
(:func:`sim.equilibria.nash.nash_equilibria`) certifies each equilibrium exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.cores import available_cores
from sim.equilibria.batch import normalise_payoffs
from sim.limits import bound
from sim.tolerance import RELATIVE_TOLERANCE

MAX_BASES = 20_000_000
"""Default bound on the feasible bases one polytope's search visits (about 0.5 GB)."""

BYTES_PER_BASIS = 24
"""Hash-set and stack bytes per visited basis (8-byte keys at most half full, plus stack)."""

MAX_LABELS = 62
"""Players' actions together at most this many (basis masks are 64-bit integers)."""

TWO_WALKS_FROM = 196
"""Games of at least this many action pairs (14x14) are searched by two walks on two
cores (:mod:`sim.equilibria.parallel_search`) when the process may use two; smaller ones
end before a second thread pays."""


@dataclass(frozen=True, eq=False)
class SearchResult:
    """Extreme equilibria of one game with their vertex numbers and label masks."""

    row: np.ndarray
    col: np.ndarray
    row_vertex: np.ndarray
    col_vertex: np.ndarray
    row_labels: np.ndarray
    col_labels: np.ndarray
    degenerate: bool
    complete: bool


def search_equilibria(A: np.ndarray, B: np.ndarray, max_bases: int = MAX_BASES) -> SearchResult:
    """Every extreme equilibrium of ``(A, B)`` (``m + n <= 62``), unless the search of a
    polytope passes ``max_bases`` feasible bases (then ``complete`` is false).

    When no player has two equal payoffs against one action of the other (no pure
    best-response ties, as in generic games), the polytope of the player with fewer
    actions is searched alone, each vertex paired with its partner
    (:mod:`sim.equilibria.partner`); otherwise, or if that search meets a degenerate
    vertex, both polytopes are enumerated and their vertices matched by labels. The
    ``degenerate`` flag of the first way speaks for the searched polytope and the
    equilibria; vertices of the other polytope outside every equilibrium are not seen."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    if m + n > MAX_LABELS:
        raise ValueError(f"{m} + {n} actions: the basis search handles at most {MAX_LABELS}")
    An, Bn = normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]
    found = _paired_search(A, B, An, Bn, max_bases) if _no_pure_ties(A, B) else None
    return found if found is not None else _both_polytopes(An, Bn, max_bases)


def _no_pure_ties(A: np.ndarray, B: np.ndarray) -> bool:
    """No column of ``A`` and no row of ``B`` holds a payoff twice."""
    from sim.equilibria.pure_ties import no_pure_ties

    return bool(no_pure_ties(A, B))


def _paired_search(A, B, An, Bn, max_bases) -> SearchResult | None:
    """The vertices of the smaller player's polytope with their partners; None when the
    game is degenerate at a vertex in exact arithmetic (settled where floating point met a
    near tie), or the search met more near-degenerate bases than it keeps."""
    from sim.equilibria.exact import column_labels_unified

    m, n = An.shape
    rows_first = m <= n
    M, R = (Bn, An) if rows_first else (An.T.copy(), Bn.T.copy())
    points, labels, complete, _, partners, degenerate = _searched(M, R, max_bases)
    if degenerate:
        return None
    undecided = np.flatnonzero(np.isnan(partners[:, 0]))  # a whole row is NaN
    if len(undecided):
        own, other = (B, A) if rows_first else (A.T, B.T)
        settled = _settled_partners(own, other, labels[undecided])
        if settled is None:
            return None
        keep = np.ones(len(labels), dtype=bool)
        keep[undecided] = settled[0]
        partners[undecided[settled[0]]] = settled[1]
        points, labels, partners = points[keep], labels[keep], partners[keep]
    full = (1 << (m + n)) - 1
    if rows_first:  # the search returns its labels sorted
        x, y, lx = points, partners, labels
    else:
        lx = full ^ np.array([column_labels_unified(int(v), m, n) for v in labels], np.int64)
        order = np.argsort(lx, kind="stable")
        x, y, lx = partners[order], points[order], lx[order]
    x = x / x.sum(axis=1, keepdims=True)
    y = y / y.sum(axis=1, keepdims=True)
    index = np.arange(len(lx))
    return SearchResult(x, y, index, index, lx, full ^ lx, False, bool(complete))


def _searched(M: np.ndarray, R: np.ndarray, max_bases: int):
    """The paired basis search of ``M``'s polytope: two walks on two cores for a large game
    when the process may use two, else one."""
    from sim.equilibria.vertex_search import polytope_vertices_search

    if M.size >= TWO_WALKS_FROM and available_cores() >= 2:
        from sim.equilibria.parallel_search import parallel_vertices_search

        return parallel_vertices_search(M, RELATIVE_TOLERANCE, max_bases, R)
    return polytope_vertices_search(M, RELATIVE_TOLERANCE, max_bases, R)


def _settled_partners(M: np.ndarray, R: np.ndarray, labels: np.ndarray):
    """The vertices the float search left undecided, settled exactly on the original
    payoffs (``M`` the opponent's, ``R`` the enumerated player's own, both ``d x e``): the
    basis of each label set is solved exactly, and dropped if it is infeasible (a float
    tie let the search onto it; its feasible neighbours were searched too); for a simple
    vertex the partner is decided exactly. Both are
    :func:`~sim.equilibria.exact_partner.exact_partner`, the first on the transposed
    payoffs. Returns whether each is an equilibrium's vertex and the partners of those
    that are, or None if one is degenerate in exact arithmetic."""
    from sim.equilibria.certificate import support_and_tight
    from sim.equilibria.exact import positive_integers, transpose
    from sim.equilibria.exact_partner import DEGENERATE, EQUILIBRIUM, exact_partner

    NM_T, NR = transpose(positive_integers(M)), positive_integers(R)
    d, e = R.shape
    kept, found = [], []
    for label in (int(v) for v in labels):
        support, tight = support_and_tight(label, d, e)
        vertex, _ = exact_partner(NM_T, tight, support)
        verdict, weights = exact_partner(NR, support, tight) if vertex == EQUILIBRIUM else (
            vertex, None)  # fmt: skip
        if verdict == DEGENERATE:
            return None
        kept.append(verdict == EQUILIBRIUM)
        if weights is not None:
            found.append([w / sum(weights) for w in weights])
    return np.array(kept, dtype=bool), np.array(found, dtype=float).reshape(-1, e)


def _both_polytopes(An, Bn, max_bases) -> SearchResult:
    """Every vertex of both polytopes, matched by labels (degenerate games), at most one
    pair more than the ``equilibria`` limit lists."""
    from sim.equilibria.vertex_search import complete_pairs, polytope_vertices_search

    m, n = An.shape
    none = np.zeros((0, 0))
    px, lx, done_x, *_ = polytope_vertices_search(Bn, RELATIVE_TOLERANCE, max_bases, none)
    py, ly, done_y, *_ = polytope_vertices_search(An.T.copy(), RELATIVE_TOLERANCE, max_bases, none)
    ly = ((ly & ((1 << n) - 1)) << m) | (ly >> n)
    px, lx = _nonzero(px, lx)  # the origins pair only with each other: not an equilibrium
    py, ly = _nonzero(py, ly)
    order = np.argsort(ly, kind="stable")
    py, ly = py[order], ly[order]
    most = bound("equilibria") + 1  # one more than is listed, so that a cut shows
    a, b = complete_pairs(lx, ly, m, n, most)
    done = bool(done_x and done_y and len(a) < most)
    x, y = px[a], py[b]
    x = x / x.sum(axis=1, keepdims=True)
    y = y / y.sum(axis=1, keepdims=True)
    degenerate = bool(
        np.any(_popcount(lx) > m) or np.any(_popcount(ly) > n) or not (done_x and done_y)
    )
    return SearchResult(x, y, a, b, lx[a], ly[b], degenerate, done)


def _nonzero(points: np.ndarray, labels: np.ndarray):
    """The vertices other than the origin, with their label masks."""
    keep = points.sum(axis=1) > 0
    return points[keep], labels[keep]


def _popcount(masks: np.ndarray) -> np.ndarray:
    return np.array([int(v).bit_count() for v in masks], dtype=np.int64)
