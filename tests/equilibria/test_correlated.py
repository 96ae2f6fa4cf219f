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
