"""Both strategies with a dated start in the same round: every path applies both starts.

The expected figures come from a dense first-passage recursion written here (the joint
chain's transition matrix, the two start maps composed on the joint state grid), and from
seeded Monte Carlo runs; the exact, the attribution and the batched analyses must agree.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.setup import play_setup
from sim.play.batch import batch_outcomes
from sim.play.chain import joint_chain
from sim.play.exact import exact_outcomes
from sim.play.montecarlo import simulate
from sim.play.responsibility import attribute_end
from tests.conftest import SCENARIOS

ROUNDS = 30
START = 4
DATED = {"deadline": 2, "start": START, "issue_on": []}


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def both_dated(setup):
    """The dated ultimatum for both sides, starting in the same round."""
    model = setup.model
    return library_strategy("ultimatum", model, 0, DATED), library_strategy(
        "ultimatum", model, 1, DATED
    )


def dense_end(model, row, col, rounds):
    """``(P(end within T), survival per round)`` by ``y_{t+1} = y_t M`` on in-force states,
    with both automata moved by their start maps at the start of round ``START``."""
    chain = joint_chain(model, row, col)
    e, a, b = chain.shape
    grid = np.indices((e, a, b)).reshape(3, -1)
    grid[1] = row.start_map()[grid[1]]
    grid[2] = col.start_map()[grid[2]]
    mapping = (grid[0] * a + grid[1]) * b + grid[2]
    transition = np.asarray(chain.transition).reshape(chain.size, chain.size)
    keep = chain.in_force.astype(float)
    y = np.zeros(chain.size)
    y[chain.initial] = keep[chain.initial]
    q = float(model.continuation)
    ended, survival = 0.0, []
    for t in range(rounds):
        if t == START:
            y = np.bincount(mapping, weights=y, minlength=chain.size)
        survival.append(y.sum())
        step = y @ transition
        ended += q**t * (step * (1 - keep)).sum()
        y = step * keep
    return ended, np.array(survival)


def test_both_starts_in_one_round_change_the_outcome(inf):
    setup = play_setup(inf, {"false_alarm": 0.05, "noise": 0.01})
    row, col = both_dated(setup)
    assert row.start == col.start == START
    alone = library_strategy("ultimatum", setup.model, 1, {**DATED, "start": 0})
    with_one, _ = dense_end(setup.model, row, alone, ROUNDS)
    with_both, _ = dense_end(setup.model, row, col, ROUNDS)
    assert abs(with_both - with_one) > 1e-3  # the case is not degenerate


def test_exact_outcomes_apply_both_starts(inf):
    setup = play_setup(inf, {"false_alarm": 0.05, "noise": 0.01})
    row, col = both_dated(setup)
    expected, survival = dense_end(setup.model, row, col, ROUNDS)
    exact = exact_outcomes(setup.model, row, col, ROUNDS)
    assert exact.end_probability == pytest.approx(expected, abs=1e-12)
    assert np.allclose(exact.survival, survival, rtol=0, atol=1e-12)


def test_monte_carlo_applies_both_starts(inf):
    setup = play_setup(inf, {"false_alarm": 0.05, "noise": 0.01})
    row, col = both_dated(setup)
    expected, _ = dense_end(setup.model, row, col, ROUNDS)
    runs = 4000
    sampled = simulate(setup.model, row, col, ROUNDS, runs, np.random.default_rng(11))
    share = float(np.mean(sampled.end_round >= 0))
    se = np.sqrt(max(expected * (1 - expected), 1e-4) / runs)
    assert abs(share - expected) < 4.5 * se


@pytest.mark.slow
def test_attribution_and_batch_apply_both_starts(inf):
    values = {"false_alarm": np.array([0.0, 0.05, 0.2]), "noise": np.array([0.0, 0.01, 0.03])}
    setup = play_setup(inf, values)
    row, col = both_dated(setup)
    split = attribute_end(setup.model, row, col, ROUNDS)
    batch = batch_outcomes(setup.model, row, col, ROUNDS, causes=True)
    for k in range(3):
        one = play_setup(inf, {n: float(v[k]) for n, v in values.items()})
        expected, _ = dense_end(one.model, *both_dated(one), ROUNDS)
        assert split.end_probability[k] == pytest.approx(expected, abs=1e-12)
        assert batch.end_probability[k] == pytest.approx(expected, abs=1e-12)
        assert np.allclose(split.by_cause[k], batch.by_cause[k], rtol=0, atol=1e-12)
