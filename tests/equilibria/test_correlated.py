"""Correlated equilibria: closed forms, Nash equilibria as CEs, bounds, invariance."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.correlated import (
    correlated_equilibria,
    correlated_equilibrium,
    is_correlated_equilibrium,
)
from sim.equilibria.nash import nash_equilibria
from sim.errors import OptionError

# Aumann's chicken: (dare, chicken) pays 7 to the darer, 2 to the chicken; (chicken, chicken)
# 6 each, (dare, dare) 0 each.
CHICKEN_A = np.array([[0.0, 7.0], [2.0, 6.0]])
CHICKEN_B = CHICKEN_A.T


def test_chicken_welfare_maximising_ce_closed_form():
    ce = correlated_equilibrium((CHICKEN_A, CHICKEN_B), "total")
    np.testing.assert_allclose(ce.distribution, [[0, 0.25], [0.25, 0.5]], atol=1e-8)
    np.testing.assert_allclose(ce.payoffs, [5.25, 5.25], atol=1e-8)
    # better for both than the mixed Nash equilibrium (14/3 each)
    assert ce.payoffs.sum() > 2 * 14 / 3


def test_player_optimal_ces_of_chicken_are_its_pure_equilibria():
    ces = correlated_equilibria((CHICKEN_A, CHICKEN_B))
    np.testing.assert_allclose(ces["row"].payoffs, [7, 2], atol=1e-8)
    np.testing.assert_allclose(ces["col"].payoffs, [2, 7], atol=1e-8)


def test_prisoners_dilemma_has_only_mutual_defection():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    for ce in correlated_equilibria((A, A.T)).values():
        np.testing.assert_allclose(ce.distribution, [[0, 0], [0, 1]], atol=1e-8)


@pytest.mark.slow
def test_ce_bounds_and_nash_products_on_random_games():
    rng = np.random.default_rng(9)
    for _ in range(25):
        A, B = rng.integers(-5, 6, (2, 3, 4)).astype(float)
        ces = correlated_equilibria((A, B))
        nash = nash_equilibria((A, B))
        for x, y in zip(nash.row, nash.col, strict=True):
            assert is_correlated_equilibrium(A, B, np.outer(x, y))
        for ce in ces.values():
            assert is_correlated_equilibrium(A, B, ce.distribution)
        tol = 1e-7 * (np.ptp(A) + np.ptp(B) + 1)
        assert ces["total"].payoffs.sum() >= nash.payoffs.sum(axis=1).max() - tol
        assert ces["row"].payoffs[0] >= nash.payoffs[:, 0].max() - tol
        assert ces["col"].payoffs[1] >= nash.payoffs[:, 1].max() - tol


def test_not_an_equilibrium_is_rejected():
    assert not is_correlated_equilibrium(CHICKEN_A, CHICKEN_B, [[0, 0], [0, 1]])
    assert not is_correlated_equilibrium(CHICKEN_A, CHICKEN_B, [[0.5, 0], [0, 0.5]])


def test_positive_affine_change_scales_the_payoffs():
    base = correlated_equilibrium((CHICKEN_A, CHICKEN_B), "row")
    scaled = correlated_equilibrium((CHICKEN_A * 1e6 + 3, CHICKEN_B * 1e-6), "row")
    np.testing.assert_allclose(scaled.distribution, base.distribution, atol=1e-8)
    np.testing.assert_allclose(scaled.payoffs, base.payoffs * [1e6, 1e-6] + [3, 0], rtol=1e-8)


def test_unknown_objective():
    with pytest.raises(OptionError):
        correlated_equilibrium((CHICKEN_A, CHICKEN_B), "nash")


def _reference_lp(A, B, weights, egalitarian=False):
    """An independent CE LP in the original units, written out cell by cell."""
    from scipy.optimize import linprog

    m, n = A.shape
    rows = []
    for i in range(m):
        for k in range(m):
            if k != i:
                rows.append([(A[k, j] - A[i, j]) * (r == i) for r in range(m) for j in range(n)])
    for j in range(n):
        for l_ in range(n):
            if l_ != j:
                rows.append([(B[i, l_] - B[i, j]) * (c == j) for i in range(m) for c in range(n)])
    rows = [r + [0.0] for r in rows]
    bounds_ub = [0.0] * len(rows)
    cost = [-w for w in weights.ravel()] + [0.0]
    if egalitarian:
        cost = [0.0] * (m * n) + [-1.0]
        rows += [[-v for v in M.ravel()] + [1.0] for M in (A, B)]
        bounds_ub += [0.0, 0.0]
    result = linprog(
        cost,
        A_ub=rows,
        b_ub=bounds_ub,
        A_eq=[[1.0] * (m * n) + [0.0]],
        b_eq=[1.0],
        bounds=[(0, None)] * (m * n) + [(None, None)],
        method="highs",
    )
    p = result.x[: m * n].reshape(m, n)
    return np.array([(p * A).sum(), (p * B).sum()])


def test_objectives_are_in_original_units_when_ranges_differ():
    # chicken (6/6, 2/7, 7/2, 0/0) with the column player's payoffs times ten
    A = np.array([[6.0, 2.0], [7.0, 0.0]])
    B = np.array([[6.0, 7.0], [2.0, 0.0]]) * 10
    total = correlated_equilibrium((A, B), "total")
    np.testing.assert_allclose(total.payoffs, [2, 70], atol=1e-7)
    np.testing.assert_allclose(total.payoffs, _reference_lp(A, B, A + B), atol=1e-7)
    fair = correlated_equilibrium((A, B), "egalitarian")
    reference = _reference_lp(A, B, A, egalitarian=True)
    assert min(fair.payoffs) == pytest.approx(min(reference), abs=1e-7)
    assert is_correlated_equilibrium(A, B, fair.distribution)


@pytest.mark.slow
def test_objectives_match_an_independent_lp_on_random_games():
    rng = np.random.default_rng(4)
    for _ in range(20):
        A = rng.normal(size=(3, 3)) * 10.0 ** rng.uniform(-3, 3)
        B = rng.normal(size=(3, 3)) * 10.0 ** rng.uniform(-3, 3) + rng.normal() * 100
        scale = max(np.abs(A).max(), np.abs(B).max())
        for objective, weights, counts in (
            ("total", A + B, [1, 1]),
            ("row", A, [1, 0]),
            ("col", B, [0, 1]),
        ):
            ours = correlated_equilibrium((A, B), objective).payoffs @ counts
            best = _reference_lp(A, B, weights) @ counts
            assert ours == pytest.approx(best, abs=1e-6 * scale)
        fair = correlated_equilibrium((A, B), "egalitarian").payoffs
        ref = _reference_lp(A, B, A, egalitarian=True)
        assert min(fair) == pytest.approx(min(ref), abs=1e-6 * scale)


def test_incentive_rows_are_the_gains_of_each_deviation():
    from sim.equilibria.correlated import incentive_constraints

    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(2, 3, 4))
    p = rng.random((3, 4))
    gains = incentive_constraints(A, B) @ p.ravel()
    expected = [p[i] @ (A[k] - A[i]) for i in range(3) for k in range(3) if k != i]
    expected += [p[:, j] @ (B[:, l_] - B[:, j]) for j in range(4) for l_ in range(4) if l_ != j]
    np.testing.assert_allclose(gains, expected, atol=1e-12)


@pytest.mark.parametrize("top", [1e308, np.finfo(float).max])
def test_payoffs_near_the_float_maximum_give_the_scaled_answer(top):
    # chicken scaled by a power of two so that its largest payoff is near `top`: the same
    # distributions, the payoffs scaled by the same power (exactly), nothing infinite
    factor = 2.0 ** np.floor(np.log2(top / 7))
    base = correlated_equilibria((CHICKEN_A, CHICKEN_B))
    huge = correlated_equilibria((CHICKEN_A * factor, CHICKEN_B * factor))
    for objective, ce in huge.items():
        assert np.all(np.isfinite(ce.payoffs))
        np.testing.assert_allclose(ce.distribution, base[objective].distribution, atol=1e-8)
        np.testing.assert_allclose(ce.payoffs / factor, base[objective].payoffs, rtol=1e-8)


@pytest.mark.parametrize("top", [1e308, np.finfo(float).max])
def test_a_spread_beyond_the_float_range_keeps_the_dominant_profile(top):
    # row: top > 1 and 0 > -top, so `cooperate` dominates; column (the PD's): `defect`
    A = np.array([[top, 0.0], [1.0, -top]])
    B = np.array([[3.0, 5.0], [0.0, 1.0]])
    for ce in correlated_equilibria((A, B)).values():
        np.testing.assert_allclose(ce.distribution, [[0, 1], [0, 0]], atol=1e-9)
        np.testing.assert_allclose(ce.payoffs, [0.0, 5.0], atol=1e-9)
