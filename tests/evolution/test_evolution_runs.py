"""Running the dynamics with their settings: results a report can use."""

from __future__ import annotations

import numpy as np
import pytest

from sim.evolution.evolve import run_fictitious, run_logit, run_moran, run_replicator
from sim.evolution.moran import fixation_probability

# Per-round payoffs of always-cooperate, tit-for-tat, always-defect over 200 rounds.
POOL = np.array([[3.0, 3.0, 0.0], [3.0, 3.0, 0.995], [5.0, 1.02, 1.0]])


def test_moran_closed_form_agrees_with_simulation_for_every_pair():
    result = run_moran(POOL, 10, 0.2, runs=4000, rng=np.random.default_rng(42))
    assert result.neutral == pytest.approx(0.1)
    assert result.rho[1, 2] == pytest.approx(fixation_probability(3, 0.995, 1.02, 1, 10, 0.2))
    # Six ordered pairs: a joint 99% check (Bonferroni, z for 1 - 0.01 / 12 two-sided).
    z = 3.144
    off = ~np.eye(3, dtype=bool)
    p = result.rho[off]
    error = np.abs(result.simulated[off] - p)
    assert np.all(error <= z * np.sqrt(p * (1 - p) / 4000))
    assert result.agreement().sum() >= 3 + 4  # the diagonal and most 95% intervals
    # Tit-for-tat invades always-defect better than drift, always-defect invades
    # always-cooperate better than drift.
    assert result.rho[1, 2] > result.neutral and result.rho[2, 0] > result.neutral
    assert result.stationary.sum() == pytest.approx(1.0)


def test_moran_without_simulation_and_without_generator():
    result = run_moran(POOL, 10, 0.0)
    np.testing.assert_allclose(result.rho, 0.1)
    assert result.simulated is None and result.agreement() is None
    with pytest.raises(ValueError, match="seeded"):
        run_moran(POOL, 10, 0.1, runs=10)


def test_replicator_run_from_equal_shares_has_rest_points():
    result = run_replicator(POOL, POOL.T, time=20)
    np.testing.assert_allclose(result.trajectory.row[0], 1 / 3)
    assert result.rest is not None and any(p.nash for p in result.rest)
    big = run_replicator(np.zeros((9, 9)), np.zeros((9, 9)), time=1)
    assert big.rest is None


def test_learning_runs():
    pd = np.array([[3.0, 0.0], [5.0, 1.0]])
    fp = run_fictitious(pd, pd.T, 100)
    assert fp.row.shape == (100, 2) and fp.row[-1, 1] == pytest.approx(0.99)
    logit = run_logit(pd, pd.T, precision=5.0, time=20)
    assert logit.row[-1, 1] > 0.95 and logit.times[-1] == 20
