"""Rest points of the replicator dynamics: Nash equilibria, interior points, stability."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

from sim.evolution.replicator import replicator_field
from sim.evolution.restpoints import rest_points


def _nashpy_equilibria(A, B):
    """nashpy's vertex enumeration, each profile verified (its support enumeration misses
    equilibria of some 3x3 games, seeds 6 and 7 here)."""
    game = nashpy.Game(A, B)
    found = []
    for x, y in game.vertex_enumeration():
        x, y = np.where(x > 1e-12, x, 0.0), np.where(y > 1e-12, y, 0.0)
        x, y = x / x.sum(), y / y.sum()
        row_gain = A @ y - x @ A @ y
        col_gain = x @ B - x @ B @ y
        if row_gain.max() < 1e-9 and col_gain.max() < 1e-9:
            found.append((x, y))
    return found


def _same_set(points, equilibria, atol=1e-8):
    if len(points) != len(equilibria):
        return False
    for x, y in equilibria:
        if not any(
            np.allclose(p.row, x, atol=atol) and np.allclose(p.col, y, atol=atol) for p in points
        ):
            return False
    return True


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("size", [2, 3])
def test_nash_rest_points_are_exactly_the_nash_equilibria(seed, size):
    # Generic games: nashpy's vertex enumeration, verified, as the independent reference.
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(size, size)), rng.normal(size=(size, size))
    points = rest_points(A, B)
    equilibria = _nashpy_equilibria(A, B)
    assert _same_set([p for p in points if p.nash], equilibria)
    interior_equilibria = [(x, y) for x, y in equilibria if np.all(x > 0) and np.all(y > 0)]
    assert _same_set([p for p in points if p.interior], interior_equilibria)
    for p in points:
        assert p.isolated
        for v in replicator_field(A, B, p.row, p.col):
            np.testing.assert_allclose(v, 0.0, atol=1e-10)
        # Every pure profile is a rest point.
    assert sum(p.pure for p in points) == size * size


@pytest.mark.parametrize("seed", range(8))
def test_stable_rest_points_are_strict_equilibria(seed):
    rng = np.random.default_rng(100 + seed)
    A, B = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    points = rest_points(A, B)
    for p in points:
        if p.stability == "asymptotically stable":
            assert p.nash and p.pure
            i, j = int(np.argmax(p.row)), int(np.argmax(p.col))
            assert np.all(np.delete(A[:, j], i) < A[i, j])
            assert np.all(np.delete(B[i, :], j) < B[i, j])
        if p.interior:
            assert p.stability != "asymptotically stable"
        if not p.nash:
            assert p.stability == "unstable"


def test_stag_hunt_has_the_closed_form_mixed_rest_point_as_a_saddle():
    # Stag hunt R=4, T=3, P=3, S=0: p = (P - S) / ((R - T) + (P - S)) = 3/4 on the stag.
    R, T, P, S = 4.0, 3.0, 3.0, 0.0
    A = np.array([[R, S], [T, P]])
    points = rest_points(A, A.T)
    interior = [p for p in points if p.interior]
    assert len(interior) == 1
    p = (P - S) / ((R - T) + (P - S))
    np.testing.assert_allclose(interior[0].row, [p, 1 - p])
    np.testing.assert_allclose(interior[0].col, [p, 1 - p])
    assert interior[0].stability == "unstable"
    stable = sorted(tuple(q.row) for q in points if q.stability == "asymptotically stable")
    assert stable == [(0.0, 1.0), (1.0, 0.0)]


def test_matching_pennies_centre_is_neutral_with_imaginary_eigenvalues():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    points = rest_points(A, -A)
    (centre,) = [p for p in points if p.nash]
    np.testing.assert_allclose(centre.row, [0.5, 0.5])
    assert centre.stability == "neutral"
    np.testing.assert_allclose(np.sort(centre.eigenvalues.imag), [-1.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(centre.eigenvalues.real, 0.0, atol=1e-12)


def test_duplicate_strategies_give_a_continuum_flagged_not_isolated():
    # Two copies of cooperation against defection: the mixtures of the copies are all rest
    # points, and the continuum is reported as not isolated.
    A = np.array([[3.0, 3.0, 0.0], [3.0, 3.0, 0.0], [5.0, 5.0, 1.0]])
    points = rest_points(A, A.T)
    assert any(not p.isolated for p in points)
    for p in points:
        for v in replicator_field(A, A.T, p.row, p.col):
            np.testing.assert_allclose(v, 0.0, atol=1e-10)


def test_too_large_pools_are_refused():
    with pytest.raises(ValueError, match="at most"):
        rest_points(np.zeros((9, 2)), np.zeros((9, 2)))


def test_constant_game_has_no_asymptotically_stable_rest_point():
    # every profile is a rest point of a constant game and the flow is zero: rounding in
    # the Jacobian must not make any of them look asymptotically stable
    from sim.evolution.restpoints import rest_points

    ones = np.ones((3, 3))
    points = rest_points(ones, ones)
    assert points and all(p.stability != "asymptotically stable" for p in points)
