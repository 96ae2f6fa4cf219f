"""MCMC posterior (emcee) against the grid posterior on the same record."""

from __future__ import annotations

import numpy as np
import pytest

from sim.infer.grid import grid_posterior
from sim.infer.mcmc import sample_posterior
from tests.infer.test_recovery import CachedGrid, _chain


class Pointwise:
    """The record's log-likelihood at any points (the chain built per call)."""

    names = ("detect", "false_alarm")

    def __init__(self, scenario, record):
        self.scenario, self.record = scenario, record

    def __call__(self, points):
        from sim.infer.forward import forward

        values = dict(zip(self.names, np.asarray(points).T, strict=True))
        return forward(_chain(self.scenario, values), self.record).log_likelihood


@pytest.mark.slow  # emcee is imported when the test runs, not when the quick run collects it
def test_mcmc_agrees_with_the_grid_and_is_reproducible():
    pytest.importorskip("emcee")
    from sim.compile.check import load
    from sim.infer.grid import grid_points
    from sim.infer.sample import sample_histories
    from tests.conftest import SCENARIOS

    scenario = load(SCENARIOS / "inf_treaty.toml")
    rng = np.random.default_rng(5)
    truth = {"detect": 0.7, "false_alarm": 0.1}
    history = sample_histories(_chain(scenario, truth), 80, 1, rng)
    keep = {"signal.row": True, "act.row": True, "act.col": rng.random(80) < 0.4}
    record = history.record(0, keep, hide_as={"act.col": (0, 1)})
    bounds = {"detect": (0.0, 1.0), "false_alarm": (0.0, 1.0)}
    points = grid_points([np.linspace(0, 1, 61)] * 2)
    chain = _chain(scenario, dict(zip(("detect", "false_alarm"), points.T, strict=True)))
    grid = grid_posterior(CachedGrid(chain, record), bounds, 61)
    draws = sample_posterior(Pointwise(scenario, record), bounds, walkers=16, steps=400, burn=100)
    short = sample_posterior(Pointwise(scenario, record), bounds, walkers=16, steps=140, burn=100)
    np.testing.assert_array_equal(short.samples, draws.samples[: len(short.samples)])
    for name in ("detect", "false_alarm"):
        exact, sampled = grid.summary(name), draws.summary(name)
        mean = sampled["mean"]
        assert abs(mean["mean"] - exact["mean"]) <= 4 * mean["se"] + 0.005
        assert sampled["sd"] == pytest.approx(exact["sd"], rel=0.25)
    assert 0.2 < draws.acceptance < 0.9
