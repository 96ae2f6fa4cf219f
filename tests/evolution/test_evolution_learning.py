"""Fictitious play and logit dynamics: closed forms, limits, and nashpy's fictitious play."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

from sim.evolution.learning import (
    fictitious_play,
    logit_field,
    logit_response,
    logit_trajectory,
)

PD = np.array([[3.0, 0.0], [5.0, 1.0]])
PENNIES = np.array([[1.0, -1.0], [-1.0, 1.0]])


def test_fictitious_play_in_matching_pennies_converges_to_one_half():
    # Robinson (1951): in zero-sum games the empirical frequencies converge to equilibrium.
    path = fictitious_play(PENNIES, -PENNIES, 20_000)
    np.testing.assert_allclose(path.row_frequencies, [0.5, 0.5], atol=0.02)
    np.testing.assert_allclose(path.col_frequencies, [0.5, 0.5], atol=0.02)


def test_fictitious_play_plays_the_dominant_action():
    # With no prior the first round is a tie, broken towards the first action.
    path = fictitious_play(PD, PD.T, 50)
    assert path.row_plays[0] == 0 and np.all(path.row_plays[1:] == 1)
    assert np.all(path.col_plays[1:] == 1)
    assert path.row_counts.shape == (51, 2)
    np.testing.assert_array_equal(path.row_counts[-1], [1, 49])


@pytest.mark.parametrize("seed", range(5))
def test_fictitious_play_agrees_with_nashpy(seed):
    # Generic payoffs and a prior without ties: both play the same deterministic path.
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    prior = (rng.random(3) + 0.1, rng.random(3) + 0.1)
    ours = fictitious_play(A, B, 200, initial_counts=prior)
    theirs = list(nashpy.Game(A, B).fictitious_play(iterations=200, play_counts=list(prior)))
    np.testing.assert_allclose(ours.row_counts[-1], theirs[-1][0])
    np.testing.assert_allclose(ours.col_counts[-1], theirs[-1][1])


def test_random_tie_breaking_is_seeded():
    A = np.zeros((3, 3))
    runs = [fictitious_play(A, A, 30, rng=np.random.default_rng(9)).row_plays for _ in range(2)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert len(set(runs[0])) > 1


def test_logit_response_limits():
    u = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(logit_response(u, 0.0), np.full(3, 1 / 3))
    np.testing.assert_allclose(logit_response(u, 1e4), [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(logit_response(1e6 * u, 1.0), [0, 1, 0])  # no overflow


def test_logit_dynamics_at_zero_precision_relax_exponentially_to_uniform():
    # lambda = 0: dx/dt = u - x, so x(t) = u + (x0 - u) exp(-t).
    x0, y0 = np.array([0.9, 0.1]), np.array([0.2, 0.8])
    path = logit_trajectory(PD, PD.T, x0, y0, precision=0.0, t_max=3, points=7)
    decay = np.exp(-path.times)[:, None]
    np.testing.assert_allclose(path.row, 0.5 + (x0 - 0.5) * decay, atol=1e-7)
    np.testing.assert_allclose(path.col, 0.5 + (y0 - 0.5) * decay, atol=1e-7)


def test_logit_dynamics_end_at_a_quantal_response_equilibrium():
    rng = np.random.default_rng(11)
    A, B = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    path = logit_trajectory(A, B, [1 / 3] * 3, [0.5, 0.5], precision=2.0, t_max=40)
    x, y = path.row[-1], path.col[-1]
    for v in logit_field(A, B, x, y, 2.0):
        np.testing.assert_allclose(v, 0.0, atol=1e-7)


def test_logit_dynamics_at_high_precision_approach_the_strict_equilibrium():
    path = logit_trajectory(PD, PD.T, [0.9, 0.1], [0.9, 0.1], precision=20.0, t_max=30)
    assert path.row[-1, 1] > 0.999 and path.col[-1, 1] > 0.999


@pytest.mark.parametrize("seed", range(4))
def test_logit_dynamics_end_at_the_engine_quantal_response_equilibrium(seed):
    # At low precision the logit QRE is unique, so the dynamics from equal shares must end
    # at the point the equilibrium engine's continuation finds (sim.equilibria.qre).
    from sim.equilibria.qre import logit_qre

    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    qre = logit_qre((A, B), 0.5)
    path = logit_trajectory(A, B, np.full(3, 1 / 3), np.full(4, 1 / 4), 0.5, t_max=60)
    np.testing.assert_allclose(path.row[-1], qre.row, atol=1e-7)
    np.testing.assert_allclose(path.col[-1], qre.col, atol=1e-7)
