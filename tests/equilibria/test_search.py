"""The basis search: one polytope with partners against both polytopes, and QuantEcon."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.batch import normalise_payoffs
from sim.equilibria.search import _both_polytopes, search_equilibria
from tests.conftest import examples  # noqa: E402


def _same(found, other) -> bool:
    return (
        np.array_equal(found.row_labels, other.row_labels)
        and np.array_equal(found.col_labels, other.col_labels)
        and np.allclose(found.row, other.row, atol=1e-9)
        and np.allclose(found.col, other.col, atol=1e-9)
    )


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_one_polytope_with_partners_finds_what_both_polytopes_find(m, n, seed):
    A, B = np.random.default_rng(seed).random((2, m, n))
    both = _both_polytopes(normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0], 10**6)
    found = search_equilibria(A, B)
    assert found.complete and not found.degenerate and _same(found, both)


@settings(max_examples=examples(30), deadline=None)
@given(st.integers(2, 8), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_permuting_actions_permutes_the_equilibria(m, n, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.random((2, m, n))
    rows, cols = rng.permutation(m), rng.permutation(n)
    found = search_equilibria(A, B)
    moved = search_equilibria(A[rows][:, cols], B[rows][:, cols])
    key = sorted(map(tuple, np.round(np.hstack([found.row, found.col]), 9)))
    back = np.hstack([moved.row[:, np.argsort(rows)], moved.col[:, np.argsort(cols)]])
    assert sorted(map(tuple, np.round(back, 9))) == key


@pytest.mark.slow  # QuantEcon compiles its kernels in the test's process
def test_counts_match_quantecons_vertex_enumeration():
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(3)
    for shape in ((10, 10), (12, 7), (6, 13)):
        A, B = rng.random((2, *shape))
        theirs = gt.vertex_enumeration(gt.NormalFormGame((gt.Player(A), gt.Player(B.T))))
        found = search_equilibria(A, B)
        assert len(found.row) == len(theirs)
        for x, y in theirs:
            assert np.abs(found.row - x).max(axis=1).min() < 1e-9
            assert np.abs(found.col - y).max(axis=1).min() < 1e-9


@settings(max_examples=examples(80), deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 3), st.integers(0, 2**32 - 1))
def test_compiled_search_visits_the_vertices_of_the_exact_search(d, e, high, seed):
    """The float search (one-pass ratio tests, ties by the full test) against the integer
    search of :mod:`sim.equilibria.exact_search`: the same label sets and points, in
    generic games and in small-integer (degenerate, tied) ones."""
    from sim.equilibria.exact import positive_integers
    from sim.equilibria.exact_search import exact_vertices_search
    from sim.equilibria.vertex_search import polytope_vertices_search
    from sim.tolerance import RELATIVE_TOLERANCE

    rng = np.random.default_rng(seed)
    M = rng.integers(0, high + 1, (d, e)).astype(float) if high else rng.random((d, e))
    expected = exact_vertices_search(positive_integers(M.tolist()))  # labels: affine-invariant
    points, labels, complete, *_ = polytope_vertices_search(
        normalise_payoffs(M[None])[0], RELATIVE_TOLERANCE, 10**6, np.zeros((0, 0))
    )
    assert complete and labels.tolist() == sorted(expected)
    for point, label in zip(points, labels, strict=True):
        exact = np.array([float(v) for v in expected[int(label)]])
        np.testing.assert_allclose(point / point.sum(), exact / exact.sum(), atol=1e-9)


def test_a_game_with_more_extreme_equilibria_than_are_listed_is_cut_not_exhausted():
    # the 8x8 coordination game has 2^8 - 1 = 255 equilibria, one per support, and goes to
    # the search (C(16, 8) bases is past the exact enumeration): with room for 5 listed,
    # the pairing stops at 6 and the list says it is cut short
    from sim import limits
    from sim.equilibria.nash import nash_equilibria
    from sim.equilibria.verify import is_equilibrium

    A = np.eye(8)
    full = search_equilibria(A, A.copy())
    assert len(full.row) == 255 and full.complete
    with limits.raised(equilibria=5):
        cut = search_equilibria(A, A.copy())
        assert len(cut.row) == 6 and not cut.complete
        listed = nash_equilibria((A, A.copy()))
    assert len(listed) == 5 and not listed.complete and "limit of 5 equilibria" in listed.note
    assert is_equilibrium(A, A, listed.row, listed.col).all()


def test_the_polytopes_origins_are_not_paired():
    A = np.eye(3)
    found = _both_polytopes(*(normalise_payoffs(M[None])[0] for M in (A, A.copy())), 10**6)
    assert np.all(found.row.sum(axis=1) > 0) and np.isfinite(found.col).all()
