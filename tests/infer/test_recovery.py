"""Parameter recovery: 95% posterior intervals cover the true values at their nominal rate.

Records are sampled (:func:`sim.infer.sample.sample_histories`) from the INF model at
(detect, false_alarm) drawn from the uniform prior; the US always complies and accuses on
its signals, Russia violates covertly in a random 30% of months, and an inspection reveals
Russia's act in a random 30% of months. When the truth is drawn from the prior, Bayesian
95% intervals cover it with probability exactly 0.95 (up to the grid): the coverage over
seeds is a binomial count around 0.95.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.model import build_model
from sim.compile.strategies import build_strategy
from sim.infer.forward import forward
from sim.infer.grid import grid_points, grid_posterior
from sim.infer.sample import sample_histories
from sim.play.chain import joint_chain
from sim.scenario.iterated import StrategyChoice
from tests.conftest import SCENARIOS

NAMES = ("detect", "false_alarm")
ROUNDS = 60
NODES = 21


@dataclass(frozen=True)
class CachedGrid:
    """The record's log-likelihood on fixed grid points, from one batched chain."""

    chain: object
    record: object
    names: tuple[str, ...] = NAMES

    def __call__(self, points):
        return forward(self.chain, self.record).log_likelihood


def _chain(scenario, values):
    model = build_model(scenario, values)
    row = build_strategy(scenario, "always_comply", 0, model, values)
    choice = StrategyChoice(strategy="random", parameters={"weights": [0.7, 0.3, 0.0, 0.0]})
    col = build_strategy(scenario, choice, 1, model, values)
    return joint_chain(model, row, col)


def coverage(seeds: int, seed0: int = 0) -> np.ndarray:
    """``(seeds, 2)``: whether each parameter's 95% interval covered its true value."""
    scenario = load(SCENARIOS / "inf_treaty.toml")
    axes = [np.linspace(0.0, 1.0, NODES)] * 2
    points = grid_points(axes)
    grid_chain = _chain(scenario, dict(zip(NAMES, points.T, strict=True)))
    covered = np.zeros((seeds, 2), dtype=bool)
    for k in range(seeds):
        rng = np.random.default_rng([seed0, k])
        truth = rng.random(2)
        chain = _chain(scenario, dict(zip(NAMES, truth, strict=True)))
        history = sample_histories(chain, ROUNDS, 1, rng)
        record = history.record(
            0,
            {"signal.row": True, "act.col": rng.random(ROUNDS) < 0.3, "act.row": True},
            hide_as={"act.col": (0, 1)},
        )
        posterior = grid_posterior(CachedGrid(grid_chain, record), dict.fromkeys(NAMES, (0, 1)),
                                   NODES)  # fmt: skip
        for p, name in enumerate(NAMES):
            low, high = posterior.summary(name)["ci95"]
            covered[k, p] = low <= truth[p] <= high
    return covered


def test_intervals_cover_at_the_nominal_rate():
    covered = coverage(25)
    rate = covered.mean(axis=0)
    # 25 seeds: binomial sd of the rate 0.044; 3 sd below 0.95 is 0.82
    assert np.all(rate >= 0.82), rate


@pytest.mark.slow
def test_intervals_cover_at_the_nominal_rate_over_many_seeds():
    covered = coverage(300, seed0=1)
    rate = covered.mean(axis=0)
    # 300 seeds: binomial sd 0.0126; within 3 sd of 0.95 (the grid's resolution adds a little)
    assert np.all(np.abs(rate - 0.95) <= 0.038), rate
