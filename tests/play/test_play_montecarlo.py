"""Monte Carlo runs agree with the exact chain within their confidence intervals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.model import build_model
from sim.compile.setup import play_setup
from sim.dynamics.model import IteratedModel
from sim.play.exact import exact_outcomes
from sim.play.montecarlo import Z_95, _alias_tables, simulate
from tests.conftest import SCENARIOS, examples

PD_ROW = np.array([[3.0, 0.0], [5.0, 1.0]])
PD = IteratedModel.repeated(PD_ROW, PD_ROW.T, (("cooperate", "defect"),) * 2)
# Several quantities are compared per test; a 4-sigma band keeps the chance of a spurious
# failure below 1e-4 per quantity while still catching a bias of a few percent.
BAND = 4.0 / Z_95


def within(mean, half, exact):
    return np.all(np.abs(np.asarray(mean) - np.asarray(exact)) <= BAND * np.asarray(half) + 1e-12)


@pytest.mark.parametrize("overrides", [{}, {"false_alarm": 0.3, "noise": 0.02, "discount": 0.9}])
def test_inf_scenario_monte_carlo_agrees_with_exact(overrides):
    scenario = load(SCENARIOS / "inf_treaty.toml", overrides)
    setup = play_setup(scenario, rounds=120)
    exact = exact_outcomes(setup.model, setup.row, setup.col, 120)
    runs = 4000
    result = simulate(setup.model, setup.row, setup.col, 120, runs, seed=11)
    assert within(*result.mean(result.payoffs), exact.payoffs)
    assert within(*result.mean(result.end_weight), exact.end_probability)
    assert within(*result.mean(result.ended_by()), exact.ended_by)
    assert within(*result.mean(result.rounds_in_force), exact.expected_rounds_in_force)
    survival = result.survival()
    half = Z_95 * np.sqrt(exact.survival * (1 - exact.survival) / runs)
    assert within(survival, half, exact.survival)


def test_continuation_weights_match_exact():
    model = replace(PD, noise=np.array([0.05, 0.05]), continuation=np.asarray(0.97))
    row = library_strategy("generous_tit_for_tat", model, 0)
    col = library_strategy("win_stay_lose_shift", model, 1)
    exact = exact_outcomes(model, row, col, 80)
    result = simulate(model, row, col, 80, 3000, seed=3)
    assert within(*result.mean(result.payoffs), exact.payoffs)


def test_deterministic_run_is_the_exact_path():
    row = library_strategy("tit_for_tat", PD, 0)
    col = library_strategy("always_defect", PD, 1)
    result = simulate(PD, row, col, 200, 3, seed=0, trajectories=True)
    assert result.totals == pytest.approx(np.tile([199.0, 204.0], (3, 1)))
    assert result.row_actions.shape == (3, 200)
    assert list(result.row_actions[0, :3]) == [0, 1, 1]
    assert result.payoff_mean == pytest.approx([199.0, 204.0])


def test_treaty_trajectories_follow_the_notice_period():
    scenario = load(SCENARIOS / "inf_treaty.toml", {"noise": 0.0})
    setup = play_setup(scenario, row="always_withdraw", col="always_comply", rounds=10)
    result = simulate(setup.model, setup.row, setup.col, 10, 2, seed=0, trajectories=True)
    assert list(result.treaty_states_path[0]) == [0] + [1] * 6 + [2] * 3
    assert list(result.end_round) == [6, 6]
    assert list(result.end_cause) == [0, 0]


def test_batch_models_are_refused():
    scenario = load(SCENARIOS / "inf_treaty.toml")
    model = build_model(scenario, {"detect": np.array([0.1, 0.2])})
    row = library_strategy("tit_for_tat", model, 0)
    with pytest.raises(ValueError, match="one point at a time"):
        simulate(model, row, row_for(model), 5, 5)


def row_for(model):
    return library_strategy("tit_for_tat", model, 1)


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.floats(0.0, 10.0), min_size=1, max_size=30))
def test_alias_tables_give_exactly_the_outcome_probabilities(weights):
    mass = np.array([weights])
    if mass.sum() <= 0:
        return
    threshold, alias = _alias_tables(mass)
    width = mass.shape[1]
    implied = threshold / width
    np.add.at(implied, alias, (1.0 - threshold) / width)
    assert implied == pytest.approx(mass[0] / mass.sum(), abs=1e-12)


def test_many_outcomes_are_drawn_by_alias_with_the_right_frequencies():
    actions = tuple(f"a{k}" for k in range(8))
    model = IteratedModel.repeated(np.zeros((8, 8)), np.eye(8), (actions, actions))
    weights = list(range(1, 9))
    row = library_strategy("random", model, 0, {"weights": weights})
    col = library_strategy("random", model, 1, {"weights": weights[::-1]})
    result = simulate(model, row, col, 1, 200_000, seed=5, trajectories=True)
    for got, want in ((result.row_actions, weights), (result.col_actions, weights[::-1])):
        frequency = np.bincount(got[:, 0], minlength=8) / 200_000
        p = np.array(want) / sum(want)
        assert np.all(np.abs(frequency - p) <= 4 * np.sqrt(p * (1 - p) / 200_000))
