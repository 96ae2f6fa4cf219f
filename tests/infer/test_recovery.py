"""Parameter recovery: 95% posterior intervals cover the true values at their nominal rate.

Records are sampled from the INF model at (detect, false_alarm) drawn from the uniform
prior; the US always complies and accuses on its signals, Russia violates covertly in a
random 30% of months, and an inspection reveals Russia's act in a random 30% of months.
When the truth is drawn from the prior, Bayesian 95% intervals cover it with probability
0.95 (up to the grid): the coverage over seeds is a binomial count around 0.95.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sim.compile.check import load
from sim.compile.model import build_model
from sim.compile.strategies import build_strategy
from sim.infer.forward import forward
from sim.infer.recovery import interval_coverage
from sim.play.chain import joint_chain
from sim.scenario.iterated import StrategyChoice
from tests.conftest import SCENARIOS

NAMES = ("detect", "false_alarm")
BOUNDS = dict.fromkeys(NAMES, (0.0, 1.0))
KEEP = {"signal.row": 1.0, "act.row": 1.0, "act.col": 0.3}


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


def coverage(seeds: int, seed: int = 0):
    scenario = load(SCENARIOS / "inf_treaty.toml")
    return interval_coverage(
        lambda values: _chain(scenario, values), NAMES, BOUNDS, KEEP,
        hide_as={"act.col": (0, 1)}, seeds=seeds, seed=seed,
    )  # fmt: skip


@pytest.mark.slow
def test_intervals_cover_at_the_nominal_rate():
    result = coverage(25)
    # 25 seeds: binomial sd of the rate 0.044; 3 sd below 0.95 is 0.82
    assert all(result.rates >= 0.82), result.rates
    assert set(result.to_dict()["coverage"]) == set(NAMES)


@pytest.mark.slow
def test_intervals_cover_at_the_nominal_rate_over_many_seeds():
    result = coverage(300, seed=1)
    # 300 seeds: binomial sd 0.0126; within 3 sd of 0.95 (the grid's resolution adds a little)
    assert all(abs(result.rates - 0.95) <= 0.038), result.rates
