"""Pseudo-arclength continuation: a circle's turning points, a pitchfork's bifurcation."""

from __future__ import annotations

import numpy as np

from sim.equilibria.continuation import trace


def _run(residual, jacobian, start, direction, stop, steps=2000):
    return list(
        trace(
            residual,
            jacobian,
            np.asarray(start, dtype=float),
            np.asarray(direction, dtype=float),
            stop,
            max_steps=steps,
            first_step=0.05,
            max_step=lambda z: 0.2,
        )
    )


def test_the_unit_circle_is_followed_past_both_turning_points():
    # x^2 + lambda^2 = 1 from (1, 0) upwards: lambda turns back at (0, 1) and at (0, -1)
    residual = lambda z: np.array([z[0] ** 2 + z[1] ** 2 - 1.0])  # noqa: E731
    jacobian = lambda z: np.array([[2 * z[0], 2 * z[1]]])  # noqa: E731
    points = _run(residual, jacobian, [1.0, 0.0], [0.0, 1.0], lambda z: z[0] > 0.5 and z[1] < 0)
    z = np.array([p.z for p in points])
    np.testing.assert_allclose(np.hypot(z[:, 0], z[:, 1]), 1.0, atol=1e-10)
    dlam = np.array([p.tangent[-1] for p in points])
    turns = np.flatnonzero(np.sign(dlam[1:]) != np.sign(dlam[:-1]))
    assert len(turns) == 2
    np.testing.assert_allclose(np.abs(z[turns, 1]), 1.0, atol=0.05)  # near lambda = +-1
    assert len({p.orientation for p in points}) == 1  # no bifurcation on a circle


def test_the_orientation_flips_where_a_pitchfork_crosses_the_trivial_branch():
    # x (x^2 - lambda) = 0: the branch x = 0 meets x^2 = lambda at lambda = 0
    residual = lambda z: np.array([z[0] * (z[0] ** 2 - z[1])])  # noqa: E731
    jacobian = lambda z: np.array([[3 * z[0] ** 2 - z[1], -z[0]]])  # noqa: E731
    points = _run(residual, jacobian, [0.0, -1.0], [0.0, 1.0], lambda z: z[1] >= 1.0)
    lam = np.array([p.z[1] for p in points])
    flips = np.flatnonzero(np.diff([p.orientation for p in points]) != 0)
    assert len(flips) == 1
    k = flips[0]
    assert lam[k] < 0.0 < lam[k + 1]
    np.testing.assert_allclose([p.z[0] for p in points], 0.0, atol=1e-12)  # stays on x = 0
