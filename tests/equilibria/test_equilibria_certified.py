"""Certified answers: extreme payoff spreads, huge integers, exact invariances.

The oracle is an exact support enumeration written here (independent of the polytope
method): for every pair of supports ``I``, ``J`` of equal size, solve the indifference
conditions exactly and keep the profile if it is an equilibrium, checked exactly.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.equilibria.dominance import iterated_elimination
from sim.equilibria.exact import to_fraction
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.pareto import pareto_optimal
from sim.equilibria.pure import pure_equilibria
from sim.game.stage import Game, default_action_names
from tests.conftest import examples
from tests.equilibria.test_nash_bruteforce import _solve  # exact elimination, shared


def _indifferent(M, support, cols):
    """Strategy on ``support`` making the opponent indifferent over ``cols`` (M: own rows)."""
    size = len(support)
    system = [[Fraction(1)] * size + [Fraction(0), Fraction(1)]]
    system += [[M[i][j] for i in support] + [Fraction(-1), Fraction(0)] for j in cols]
    solution = _solve(system)
    if solution is None or min(solution[:-1]) <= 0:
        return None
    x = [Fraction(0)] * len(M)
    for i, value in zip(support, solution[:-1], strict=True):
        x[i] = value
    return tuple(x)


def support_enumeration(A, B):
    """Every equilibrium of a nondegenerate game, exactly (A, B lists of fractions)."""
    m, n = len(A), len(A[0])
    AT = [list(c) for c in zip(*A, strict=True)]
    found = set()
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                x = _indifferent(B, rows, cols)
                y = _indifferent(AT, cols, rows)
                if x is None or y is None:
                    continue
                row_values = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
                col_values = [sum(x[i] * B[i][j] for i in range(m)) for j in range(n)]
                if all(row_values[i] == max(row_values) for i in rows) and all(
                    col_values[j] == max(col_values) for j in cols
                ):
                    found.add((x, y))
    return found


def exact_of(A):
    return [[to_fraction(v) for v in row] for row in np.asarray(A, dtype=object)]


def certified_set(found):
    """The exact equilibria of an EquilibriumSet, recomputed from its probabilities."""
    return {
        (tuple(to_fraction(v) for v in x), tuple(to_fraction(v) for v in y))
        for x, y in zip(found.row, found.col, strict=True)
    }


@pytest.mark.parametrize("sanction", [4.0, 3e7, 1e8, 1e9, 1e10, 1e12, 1e15])
@pytest.mark.parametrize("exact", [False, True])
def test_inf_treaty_keeps_its_three_equilibria_at_every_sanction(sanction, exact):
    scenario = sim.load_scenario("scenarios/inf_treaty.toml")
    game = sim.build_game(scenario, {"sanction": sanction})
    found = nash_equilibria(game, exact=exact)
    assert len(found) == 3 and not found.degenerate and found.certified and found.complete
    pure = [(int(x.argmax()), int(y.argmax())) for x, y in zip(found.row, found.col, strict=True)]
    assert (0, 0) in pure and (3, 3) in pure
    assert pure_equilibria(game) == [(0, 0), (3, 3)]
    assert pareto_optimal(game) == [(0, 0)]
    if sanction < 1e6:
        return
    # violating is then dominated and the mixed equilibrium mixes comply and develop only
    mixed = [k for k in range(3) if found.row[k].max() < 1]
    np.testing.assert_allclose(found.row[mixed[0]], [5 / 6, 0, 0, 1 / 6], atol=1e-15)
    np.testing.assert_allclose(found.col[mixed[0]], [2 / 3, 0, 0, 1 / 3], atol=1e-15)
    dominance = iterated_elimination(game)
    assert dominance.certified and dominance.surviving == ((0, 3), (0, 3))


def _spread_game(rng, m, n):
    magnitude = 10.0 ** rng.uniform(-6, 15, (2, m, n))
    return rng.choice([-1.0, 1.0], (2, m, n)) * magnitude


@pytest.mark.parametrize("seed", range(30))
def test_spreads_of_1e_minus_6_to_1e15_match_an_exact_support_enumeration(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 5, 2)
    A, B = _spread_game(rng, m, n)
    expected = support_enumeration(exact_of(A), exact_of(B))
    found = nash_equilibria((A, B))
    assert found.certified and found.complete
    assert certified_set(found) == expected or _close(found, expected)
    assert len(found) == len(expected)


def _close(found, expected):
    """Float probabilities within rounding of the exact ones (reported as floats)."""
    exact = sorted((tuple(map(float, x)), tuple(map(float, y))) for x, y in expected)
    ours = sorted((tuple(x), tuple(y)) for x, y in zip(found.row, found.col, strict=True))
    return all(
        np.allclose(a[0], b[0], rtol=1e-12, atol=1e-300)
        and np.allclose(a[1], b[1], rtol=1e-12, atol=1e-300)
        for a, b in zip(ours, exact, strict=True)
    )


def test_exact_mode_with_integers_of_ten_to_the_thirty():
    big = 10**30
    A = [[big, 0, 1], [0, big - 1, 2], [3, 1, big + 7]]
    B = [[big + 1, 5, 0], [2, big, 1], [0, 3, big - 2]]
    found = nash_equilibria((A, B), exact=True)
    expected = support_enumeration(exact_of(A), exact_of(B))
    assert set(found.exact) == expected and len(expected) == 7


# --- exact invariances (hypothesis) --------------------------------------------------------

small_games = st.integers(2, 3).flatmap(
    lambda m: st.integers(2, 3).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-6, 6), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-6, 6), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


def _exact_equilibria(A, B):
    return set(nash_equilibria((A, B), exact=True).exact)


@pytest.mark.slow
@settings(max_examples=examples(60), deadline=None)
@given(small_games, st.fractions(-(10**6), 10**6), st.fractions(1, 10**9), st.integers(0, 2))
def test_equilibria_invariant_exactly(game, constant, factor, column):
    A, B = ([[Fraction(v) for v in row] for row in M] for M in game)
    base = _exact_equilibria(A, B)
    shifted = [[v + constant for v in row] for row in A]
    assert _exact_equilibria(shifted, B) == base
    assert _exact_equilibria(A, [[v * factor for v in row] for row in B]) == base
    j = column % len(A[0])
    column_shift = [[v + constant * (c == j) for c, v in enumerate(row)] for row in A]
    assert _exact_equilibria(column_shift, B) == base
    i = column % len(A)
    row_shift = [[v + constant * (r == i) for v in row] for r, row in enumerate(B)]
    assert _exact_equilibria(A, row_shift) == base


@settings(max_examples=examples(40), deadline=None)
@given(small_games, st.randoms(use_true_random=False))
def test_permuting_actions_permutes_equilibria(game, random):
    A, B = ([[Fraction(v) for v in row] for row in M] for M in game)
    m, n = len(A), len(A[0])
    rows, cols = list(range(m)), list(range(n))
    random.shuffle(rows)
    random.shuffle(cols)
    permuted = [[[M[rows[i]][cols[j]] for j in range(n)] for i in range(m)] for M in (A, B)]
    moved = {
        (tuple(x[rows[i]] for i in range(m)), tuple(y[cols[j]] for j in range(n)))
        for x, y in _exact_equilibria(A, B)
    }
    assert _exact_equilibria(*permuted) == moved


def test_pure_pareto_and_dominance_decide_near_ties_exactly():
    # 0.1 + 0.2 is the double nearest 3/10 plus one ulp: the same payoff as 0.3
    A = np.array([[0.1 + 0.2, 0.0], [0.3, 1.0]])
    B = np.array([[1.0, 0.0], [1.0, 0.0]])
    game = Game(("r", "c"), default_action_names((2, 2)), A, B)
    assert pure_equilibria(game) == [(0, 0), (1, 0)]
    # a difference of one part in 1e15 of the payoff range is not a tie
    A = np.array([[1e15, 0.0], [1e15 - 1.0, 1.0]])
    game = Game(("r", "c"), default_action_names((2, 2)), A, B)
    assert pure_equilibria(game) == [(0, 0)]
    assert pareto_optimal(game) == [(0, 0)]


def test_a_batch_over_the_sanction_gets_the_certified_answer_at_every_point():
    from sim.equilibria.batch import nash_batch
    from sim.equilibria.pure import pure_equilibrium_mask

    scenario = sim.load_scenario("scenarios/inf_treaty.toml")
    sanctions = np.array([1e6, 3e7, 1e8, 1e9, 1e10, 1e12, 1e15])
    game = sim.build_game(scenario, {"sanction": sanctions})
    found = nash_batch(game.row_payoffs, game.col_payoffs)
    assert found.counts().tolist() == [3] * len(sanctions)
    assert not found.degenerate.any()
    mask = pure_equilibrium_mask(game.row_payoffs, game.col_payoffs)
    assert (mask.reshape(len(sanctions), -1).sum(axis=1) == 2).all()
    assert mask[:, 0, 0].all() and mask[:, 3, 3].all()
