"""Two-population replicator dynamics: field, Jacobian, trajectories, nashpy cross-checks."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.evolution.replicator import (
    replicator_field,
    replicator_jacobian,
    replicator_trajectory,
    tangent_eigenvalues,
)
from tests.conftest import examples

PD = np.array([[3.0, 0.0], [5.0, 1.0]])
PENNIES = np.array([[1.0, -1.0], [-1.0, 1.0]])

payoff_tables = arrays(float, (3, 2), elements=st.floats(-5, 5, allow_nan=False))


def _simplex_point(raw: np.ndarray) -> np.ndarray:
    raw = np.abs(raw) + 0.05
    return raw / raw.sum()


@settings(max_examples=examples(40), deadline=None)
@given(
    payoff_tables,
    payoff_tables,
    arrays(float, 3, elements=st.floats(0, 1)),
    arrays(float, 2, elements=st.floats(0, 1)),
)
def test_field_stays_on_the_simplices(A, B, rx, ry):
    x, y = _simplex_point(rx), _simplex_point(ry)
    dx, dy = replicator_field(A, B, x, y)
    assert abs(dx.sum()) < 1e-9 and abs(dy.sum()) < 1e-9


@settings(max_examples=examples(30), deadline=None)
@given(
    payoff_tables,
    payoff_tables,
    arrays(float, 3, elements=st.floats(0, 1)),
    arrays(float, 2, elements=st.floats(0, 1)),
)
def test_jacobian_matches_finite_differences(A, B, rx, ry):
    x, y = _simplex_point(rx), _simplex_point(ry)
    z = np.concatenate([x, y])
    h = 1e-6

    def f(v):
        return np.concatenate(replicator_field(A, B, v[:3], v[3:]))

    numeric = np.column_stack([(f(z + h * e) - f(z - h * e)) / (2 * h) for e in np.eye(5)])
    np.testing.assert_allclose(replicator_jacobian(A, B, x, y), numeric, atol=1e-6)


def test_eigenvalues_at_a_pure_profile_are_the_payoff_gains():
    # At (e_i, e_j) the eigenvalues are A[k, j] - A[i, j] (k != i) and B[i, l] - B[i, j].
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    i, j = 1, 2
    expected = [A[k, j] - A[i, j] for k in range(3) if k != i]
    expected += [B[i, k] - B[i, j] for k in range(4) if k != j]
    x, y = np.eye(3)[i], np.eye(4)[j]
    got = tangent_eigenvalues(A, B, x, y)
    np.testing.assert_allclose(np.sort(got.real), np.sort(expected), atol=1e-12)
    np.testing.assert_allclose(got.imag, 0.0, atol=1e-12)


def test_trajectory_agrees_with_nashpy_asymmetric_replicator_dynamics():
    rng = np.random.default_rng(7)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    x0, y0 = np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.3, 0.1])
    times = np.linspace(0, 5, 51)
    ours = replicator_trajectory(A, B, x0, y0, t_max=5, points=51)
    xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=times)
    np.testing.assert_allclose(ours.row, xs, atol=1e-5)
    np.testing.assert_allclose(ours.col, ys, atol=1e-5)


def test_symmetric_game_with_equal_starts_is_nashpy_one_population_dynamics():
    # With B = A' and x0 = y0 both populations follow dx = x (Ax - x'Ax).
    A = np.array([[0.0, 2.0, -1.0], [-1.0, 0.0, 2.0], [2.0, -1.0, 0.0]])
    start = np.array([0.5, 0.3, 0.2])
    times = np.linspace(0, 4, 41)
    ours = replicator_trajectory(A, A.T, start, start, t_max=4, points=41)
    theirs = nashpy.Game(A).replicator_dynamics(y0=start, timepoints=times)
    np.testing.assert_allclose(ours.row, theirs, atol=1e-5)
    np.testing.assert_allclose(ours.col, ours.row, atol=1e-9)


def test_zero_sum_game_conserves_the_relative_entropy_to_the_equilibrium():
    # Matching pennies: H = sum x* log x + sum y* log y is constant along orbits
    # (Hofbauer and Sigmund 1998, sec. 11.2); the orbits are closed cycles.
    path = replicator_trajectory(PENNIES, -PENNIES, [0.8, 0.2], [0.3, 0.7], t_max=20)
    h = 0.5 * np.log(path.row).sum(axis=1) + 0.5 * np.log(path.col).sum(axis=1)
    np.testing.assert_allclose(h, h[0], atol=1e-6)


def test_prisoners_dilemma_populations_go_to_defection():
    path = replicator_trajectory(PD, PD.T, [0.99, 0.01], [0.99, 0.01], t_max=30)
    assert path.row[-1, 1] > 0.999 and path.col[-1, 1] > 0.999
    assert np.all(np.diff(path.row[:, 1]) >= -1e-9)  # defection never recedes


@pytest.mark.parametrize("points", [2, 11])
def test_trajectory_shapes_and_start(points):
    path = replicator_trajectory(PD, PD.T, [0.5, 0.5], [0.4, 0.6], t_max=1, points=points)
    assert path.row.shape == (points, 2) and path.col.shape == (points, 2)
    np.testing.assert_allclose(path.row[0], [0.5, 0.5])
    np.testing.assert_allclose(path.times[[0, -1]], [0, 1])
