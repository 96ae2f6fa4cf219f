"""The integer vertex certificate against a solve in fractions, on proposed and perturbed labels."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.certificate import certify_vertex, square_solve
from sim.equilibria.exact import column_labels_unified, exact_labels, positive_integers
from sim.equilibria.large import search_proposal


def _fraction_vertex(N, labels: int):
    """The point with label set ``labels`` by Gauss-Jordan elimination in fractions over
    every tight equation, or None (no unique solution, outside, or other labels)."""
    d, e = len(N), len(N[0])
    support = [i for i in range(d) if not labels >> i & 1]
    tight = [j for j in range(e) if labels >> (d + j) & 1]
    if not support:
        return None
    rows = [[Fraction(N[i][j]) for i in support] + [Fraction(1)] for j in tight]
    k = len(support)
    for step in range(k):
        pivot = next((r for r in range(step, len(rows)) if rows[r][step] != 0), None)
        if pivot is None:
            return None
        rows[step], rows[pivot] = rows[pivot], rows[step]
        rows[step] = [v / rows[step][step] for v in rows[step]]
        for r in range(len(rows)):
            if r != step and rows[r][step] != 0:
                f = rows[r][step]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[step], strict=True)]
    if any(row[k] != 0 for row in rows[k:]):
        return None
    point = [Fraction(0)] * d
    for a, i in enumerate(support):
        point[i] = rows[a][k]
    return tuple(point) if exact_labels(N, tuple(point)) == labels else None


def _agrees(N, labels: int) -> bool | None:
    """Whether :func:`certify_vertex` agrees with the fraction solve; returns the verdict."""
    found, expected = certify_vertex(N, labels), _fraction_vertex(N, labels)
    assert (found is None) == (expected is None), labels
    if found is not None:
        weights, det = found
        assert det > 0
        assert tuple(Fraction(w, det) for w in weights) == expected
    return found is not None


@pytest.mark.parametrize("shape", [(8, 8), (10, 10), (6, 9)])
def test_the_certificate_equals_the_fraction_solve_on_proposed_and_perturbed_labels(shape):
    rng = np.random.default_rng(sum(shape))
    m, n = shape
    accepted = rejected = 0
    for _ in range(6):
        A, B = rng.random((2, m, n))
        proposal = search_proposal(A, B, 60.0)
        NB, NA = positive_integers(B), positive_integers(A.T)
        for k in range(len(proposal.row_labels)):
            lx = int(proposal.row_labels[k])
            ly = column_labels_unified(int(proposal.col_labels[k]), n, m)
            assert _agrees(NB, lx) and _agrees(NA, ly)  # the search's equilibria hold
            for labels, N, size in ((lx, NB, m + n), (ly, NA, m + n)):
                flipped = labels ^ (1 << int(rng.integers(size)))
                verdicts = [_agrees(N, flipped), _agrees(N, int(rng.integers(1 << size)))]
                accepted += sum(verdicts)
                rejected += len(verdicts) - sum(verdicts)
    assert rejected > 0 and accepted + rejected > 50


def test_a_column_made_better_than_the_tight_ones_is_rejected():
    rng = np.random.default_rng(7)
    for _ in range(10):
        A, B = rng.random((2, 8, 8))
        proposal = search_proposal(A, B, 60.0)
        labels = int(proposal.row_labels[0])
        assert certify_vertex(positive_integers(B), labels) is not None
        loose = [j for j in range(8) if not labels >> (8 + j) & 1]
        if not loose:
            continue
        support = [i for i in range(8) if not labels >> i & 1]
        B[np.ix_(support, loose[:1])] = B.max() + rng.random()  # a better reply than the tight
        assert certify_vertex(positive_integers(B), labels) is None
        assert _fraction_vertex(positive_integers(B), labels) is None


@pytest.mark.parametrize("k", range(1, 8))
def test_the_square_solve_is_the_exact_solution(k):
    rng = np.random.default_rng(k)
    for _ in range(20):
        rows = rng.integers(-(2**40), 2**40, (k, k)).tolist()
        solved = square_solve(rows, list(range(k)))
        M = [[Fraction(rows[a][b]) for a in range(k)] for b in range(k)]  # equation b
        numerators, det = solved
        assert det > 0
        for b in range(k):
            assert sum(M[b][a] * Fraction(numerators[a], det) for a in range(k)) == 1


def test_a_singular_square_system_is_refused():
    assert square_solve([[1, 2, 3], [2, 4, 6], [5, 1, 0]], [0, 1, 2]) is None
    assert square_solve([[2, 4], [1, 2]], [0, 1]) is None
    assert square_solve([[1, 2, 3, 4, 5]] * 5, [0, 1, 2, 3, 4]) is None


def test_a_regular_system_whose_first_differences_are_singular_is_solved():
    rng = np.random.default_rng(3)
    rows = [[3] * 5] + rng.integers(1, 2**20, (4, 5)).tolist()  # w_0 = 0: the fallback
    numerators, det = square_solve(rows, list(range(5)))
    for b in range(5):
        assert sum(Fraction(rows[a][b] * numerators[a], det) for a in range(5)) == 1


def test_labels_must_match_exactly_also_in_a_degenerate_polytope():
    N = [[2, 1, 2], [1, 3, 1]]  # x = (1/2, 0): columns 0 and 2 tight
    both = 1 << 1 | 1 << 2 | 1 << 4
    assert certify_vertex(N, both) == ([1, 0], 2)
    assert certify_vertex(N, 1 << 1 | 1 << 2) is None  # column 2 is tight too
    assert certify_vertex(N, 1 << 1 | 1 << 2 | 1 << 3) is None  # column 1 is not
    for labels in range(1 << 5):
        _agrees(N, labels)
