"""Logit QRE: fixed point, lambda = 0, symmetry, an independent iteration, limit Nash."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.nash import nash_equilibria
from sim.equilibria.qre import logit_qre, qre_path


def softmax(u):
    e = np.exp(u - u.max())
    return e / e.sum()


def damped_iteration(A, B, lam, steps=4000):
    """Independent method: damped best-response iteration (a contraction for small lambda)."""
    x = np.full(A.shape[0], 1 / A.shape[0])
    y = np.full(A.shape[1], 1 / A.shape[1])
    for _ in range(steps):
        x, y = 0.5 * x + 0.5 * softmax(lam * A @ y), 0.5 * y + 0.5 * softmax(lam * x @ B)
    return x, y


def test_precision_zero_is_uniform():
    A = np.arange(12.0).reshape(3, 4)
    q = logit_qre((A, -A), 0.0)
    np.testing.assert_allclose(q.row, np.full(3, 1 / 3))
    np.testing.assert_allclose(q.col, np.full(4, 1 / 4))


def test_matching_pennies_qre_is_uniform_at_every_precision():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    for lam in (0.5, 3.0, 50.0):
        q = logit_qre((A, -A), lam)
        np.testing.assert_allclose(q.row, [0.5, 0.5], atol=1e-10)
        np.testing.assert_allclose(q.col, [0.5, 0.5], atol=1e-10)


@pytest.mark.slow
@pytest.mark.parametrize("lam", [0.1, 0.5, 1.0])
def test_agrees_with_damped_iteration_for_small_precision(lam):
    rng = np.random.default_rng(1)
    for _ in range(5):
        A, B = rng.standard_normal((2, 3, 4))
        q = logit_qre((A, B), lam)
        x, y = damped_iteration(A, B, lam)
        np.testing.assert_allclose(q.row, x, atol=1e-9)
        np.testing.assert_allclose(q.col, y, atol=1e-9)


def test_fixed_point_along_the_path():
    rng = np.random.default_rng(2)
    for _ in range(5):
        A, B = rng.standard_normal((2, 4, 4))
        path = qre_path((A, B), 100.0)
        for k in range(0, len(path.precision), 7):
            lam, x, y = path.precision[k], path.row[k], path.col[k]
            np.testing.assert_allclose(x, softmax(lam * A @ y), atol=1e-9)
            np.testing.assert_allclose(y, softmax(lam * x @ B), atol=1e-9)
        for lam in (2.0, 30.0):
            q = logit_qre((A, B), lam)
            np.testing.assert_allclose(q.row, softmax(lam * A @ q.col), atol=1e-10)
            np.testing.assert_allclose(q.col, softmax(lam * q.row @ B), atol=1e-10)


def test_path_converges_to_the_mixed_equilibrium_of_the_inspection_game():
    A = np.array([[-1.0, -3.0], [0.0, -10.0]])
    B = np.array([[0.0, -3.0], [0.0, 1.0]])
    path = qre_path((A, B), 1e4)
    np.testing.assert_allclose(path.row[-1], [0.25, 0.75], atol=1e-3)
    np.testing.assert_allclose(path.col[-1], [0.875, 0.125], atol=1e-3)


def test_path_limit_is_a_nash_equilibrium_on_random_games():
    rng = np.random.default_rng(3)
    for _ in range(8):
        A, B = rng.standard_normal((2, 3, 3))
        path = qre_path((A, B))
        nash = nash_equilibria((A, B))
        distance = np.abs(nash.row - path.row[-1]).max(1) + np.abs(nash.col - path.col[-1]).max(1)
        assert distance.min() < 1e-2


def test_negative_precision_is_rejected():
    with pytest.raises(ValueError):
        logit_qre((np.eye(2), np.eye(2)), -1.0)


@pytest.mark.parametrize("scale", [1e-6, 1e6])
def test_scaling_payoffs_scales_the_precision(scale):
    # QRE(c A + a, c B + b; lambda / c) = QRE(A, B; lambda): logit responses see only differences
    rng = np.random.default_rng(6)
    A, B = rng.integers(0, 4, (2, 3, 3)).astype(float)
    base = logit_qre((A, B), 5.0)
    scaled = logit_qre((scale * A + 7.0, scale * B - 3.0), 5.0 / scale)
    np.testing.assert_allclose(scaled.row, base.row, atol=1e-9)
    np.testing.assert_allclose(scaled.col, base.col, atol=1e-9)
    end = qre_path((scale * A, scale * B))
    np.testing.assert_allclose(end.precision[-1] * scale, qre_path((A, B)).precision[-1], rtol=0.5)


def test_a_payoff_range_beyond_the_float_range_scales_the_precision_exactly():
    # payoffs from -top to top (a range of 2 top, beyond the float range): the path is the
    # path of the game divided by top, its precisions divided by top, and all finite
    top = np.finfo(float).max
    A = np.array([[1.0, -1.0], [-0.5, 0.25]])
    B = np.array([[-1.0, 0.5], [1.0, -0.25]])
    base, huge = qre_path((A, B)), qre_path((A * top, B * top))
    assert np.all(np.isfinite(huge.precision)) and huge.precision[-1] > 0
    np.testing.assert_allclose(huge.precision * top, base.precision, rtol=1e-9)
    np.testing.assert_allclose(huge.row, base.row, atol=1e-9)
    point = logit_qre((A * top, B * top), 3.0 / top)
    np.testing.assert_allclose(point.row, logit_qre((A, B), 3.0).row, atol=1e-9)
