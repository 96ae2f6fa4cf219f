"""Porter-Nudelman-Shoham support search: against exact enumeration, closed forms, the order."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.nash import nash_equilibria
from sim.equilibria.pns import conditionally_dominated, pns_proposal, size_profiles


def _as_set(rows, cols, digits=9):
    return {
        (tuple(np.round(x, digits)), tuple(np.round(y, digits)))
        for x, y in zip(rows, cols, strict=True)
    }


def _exact_check(A, B, x, y):
    """Independent exact check: every action in either support is a best response."""
    A = [[Fraction(v) for v in r] for r in A]
    B = [[Fraction(v) for v in r] for r in B]
    xf = [Fraction(v).limit_denominator(10**12) for v in x]
    yf = [Fraction(v).limit_denominator(10**12) for v in y]
    row = [sum(a * q for a, q in zip(r, yf, strict=True)) for r in A]
    col = [sum(B[i][j] * xf[i] for i in range(len(xf))) for j in range(len(yf))]
    return all(row[i] == max(row) for i in range(len(xf)) if xf[i] > 0) and all(
        col[j] == max(col) for j in range(len(yf)) if yf[j] > 0
    )


def test_size_profiles_follow_the_paper_order():
    # balanced first (|k1 - k2| = 0), by total size, then the unbalanced ones
    assert size_profiles(3, 3) == [
        (1, 1), (2, 2), (3, 3), (1, 2), (2, 1), (2, 3), (3, 2), (1, 3), (3, 1)
    ]  # fmt: skip
    assert len(size_profiles(4, 2)) == 8


def test_conditional_dominance_is_strict_over_the_available_actions():
    U = np.array([[3.0, 0.0], [2.0, 1.0], [1.0, 0.0]])
    # against column 0 only, action 0 beats both others; over both columns only 2 is beaten (by 1)
    assert conditionally_dominated(U, np.array([0])).tolist() == [False, True, True]
    assert conditionally_dominated(U, np.array([0, 1])).tolist() == [False, False, True]
    assert conditionally_dominated(U, np.array([0, 1]), np.array([2])).tolist() == [True]


def test_pure_equilibrium_of_the_prisoners_dilemma_first():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    found = nash_equilibria((A, A.T), method="pns")
    assert found.certified and not found.complete
    np.testing.assert_array_equal(found.row, [[0.0, 1.0]])
    np.testing.assert_array_equal(found.col, [[0.0, 1.0]])


@pytest.mark.parametrize("a,b,c,d", [(3.0, 0.0, 1.0, 2.0), (5.0, -1.0, 0.0, 4.0)])
def test_mixed_equilibrium_of_a_2x2_game_in_closed_form(a, b, c, d):
    # row payoffs [[a, b], [c, d]] against the column's matching-pennies-like [[0, 1], [1, 0]]:
    # the column mixes to make the row indifferent, q (a - c) = (1 - q) (d - b)
    A = np.array([[a, b], [c, d]])
    B = np.array([[0.0, 1.0], [1.0, 0.0]])
    found = nash_equilibria((A, B), method="pns")
    q = (d - b) / (a - b - c + d)
    np.testing.assert_allclose(found.col[0], [q, 1 - q], atol=1e-12)
    np.testing.assert_allclose(found.row[0], [0.5, 0.5], atol=1e-12)


def test_rock_paper_scissors_gives_the_uniform_profile():
    A = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    found = nash_equilibria((A, -A), method="pns")
    np.testing.assert_allclose(found.row[0], np.full(3, 1 / 3), atol=1e-12)
    np.testing.assert_allclose(found.col[0], np.full(3, 1 / 3), atol=1e-12)


@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 6)])
def test_first_equilibrium_is_one_of_the_exact_enumeration_on_random_games(shape):
    rng = np.random.default_rng(11)
    for _ in range(6):
        A, B = rng.standard_normal((2, *shape))
        every = _as_set(*(lambda s: (s.row, s.col))(nash_equilibria((A, B))))
        found = nash_equilibria((A, B), method="pns")
        assert len(found) == 1 and found.certified
        assert _as_set(found.row, found.col) <= every


def test_exhaustive_search_finds_every_equilibrium_of_nondegenerate_games():
    # every equilibrium of a nondegenerate game is the unique solution on its own supports
    rng = np.random.default_rng(12)
    for _ in range(6):
        A, B = rng.standard_normal((2, 4, 4))
        every = nash_equilibria((A, B))
        proposal = pns_proposal(A, B, budget=30.0, count=10**6)
        assert len(proposal.row_labels) == len(every)


def test_degenerate_games_give_extreme_certified_equilibria():
    # payoffs in {0, 1}: many ties, equilibria in continua; PNS returns an extreme one
    rng = np.random.default_rng(13)
    for _ in range(10):
        A, B = rng.integers(0, 2, (2, 3, 4)).astype(float)
        every = nash_equilibria((A, B))
        found = nash_equilibria((A, B), method="pns")
        assert len(found) == 1
        assert _exact_check(A, B, found.row[0], found.col[0])
        assert _as_set(found.row, found.col) <= _as_set(every.row, every.col)


def test_first_few_are_distinct_certified_equilibria():
    # coordination on three actions: 7 equilibria (3 pure, 3 on two actions, 1 on all)
    A = np.eye(3)
    every = nash_equilibria((A, A))
    assert len(every) == 7
    proposal = pns_proposal(A, A, budget=10.0, count=4)
    assert (
        len(set(zip(proposal.row_labels.tolist(), proposal.col_labels.tolist(), strict=True))) == 4
    )


def test_a_large_game_is_solved():
    rng = np.random.default_rng(14)
    A, B = rng.standard_normal((2, 60, 60))
    found = nash_equilibria((A, B), method="pns")
    assert len(found) == 1 and found.certified and np.all(found.verify())
