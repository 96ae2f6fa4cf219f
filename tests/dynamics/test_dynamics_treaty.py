"""Treaty states and transitions, monitoring matrices and trembles."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.model import build_model
from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import short_form_matrix, tremble
from sim.dynamics.treaty import BOTH, CAUSES, COL, OTHER, ROW, TreatyDynamics, TreatyTransition
from sim.play.exact import exact_outcomes, expected_rounds_to_end
from tests.conftest import SCENARIOS, examples

ACTIONS = ("comply", "violate", "withdraw", "develop")
WITHDRAW = frozenset({2})


def treaty_model(transitions, in_force=(True, True, False), payoffs=None) -> IteratedModel:
    """Three states (in_force, notice, terminated) on the four default actions."""
    base = IteratedModel.repeated(np.zeros((4, 4)), np.zeros((4, 4)), (ACTIONS, ACTIONS))
    k = len(in_force)
    payoffs = np.zeros((k, 4, 4)) if payoffs is None else payoffs
    names = ("in_force", "notice", "terminated")[:k]
    dynamics = TreatyDynamics(names, in_force, 0, payoffs, payoffs, tuple(transitions))
    return replace(base, dynamics=dynamics)


def notice_model(notice: int = 6) -> IteratedModel:
    return treaty_model(
        [
            TreatyTransition(0, 1, either=(WITHDRAW, WITHDRAW)),
            TreatyTransition(1, 2, after=notice),
        ]
    )


def outcome(model, row: str, col: str, rounds: int):
    return exact_outcomes(
        model, library_strategy(row, model, 0), library_strategy(col, model, 1), rounds
    )


def test_notice_period_runs_its_rounds_then_terminates():
    result = outcome(notice_model(6), "always_withdraw", "always_comply", 12)
    states = result.treaty_probabilities.argmax(axis=-1)
    assert list(states) == [0] + [1] * 6 + [2] * 5
    assert list(result.survival) == [1.0] * 7 + [0.0] * 5
    assert result.ending[6, ROW] == 1.0
    assert result.ended_by == pytest.approx([1.0, 0.0])
    assert result.expected_rounds_in_force == pytest.approx(7.0)


def test_simultaneous_withdrawal_is_blamed_on_both():
    result = outcome(notice_model(2), "always_withdraw", "always_withdraw", 6)
    assert result.ended_by_cause[BOTH] == pytest.approx(1.0)
    assert result.ended_by == pytest.approx([1.0, 1.0])


def test_column_withdrawal_is_blamed_on_the_column_side():
    result = outcome(notice_model(1), "always_comply", "always_withdraw", 5)
    assert result.ended_by_cause[COL] == pytest.approx(1.0)
    assert result.end_probability == pytest.approx(1.0)


@settings(max_examples=examples(20), deadline=None)
@given(st.floats(0.0, 1.0), st.integers(1, 30))
def test_chance_collapse_has_geometric_survival(p, rounds):
    model = treaty_model([TreatyTransition(0, 1, probability=p)], in_force=(True, False))
    result = outcome(model, "always_comply", "always_comply", rounds)
    t = np.arange(rounds)
    assert result.survival == pytest.approx((1 - p) ** t)
    assert result.expected_rounds_in_force == pytest.approx(np.sum((1 - p) ** t))
    assert result.ended_by_cause[OTHER] == pytest.approx(1 - (1 - p) ** rounds)
    assert result.ended_by == pytest.approx([0.0, 0.0])


def test_transitions_are_tried_in_order():
    p1, p2 = 0.3, 0.5
    model = treaty_model(
        [TreatyTransition(0, 1, probability=p1), TreatyTransition(0, 2, probability=p2)],
    )
    result = outcome(model, "always_comply", "always_comply", 2)
    assert result.treaty_probabilities[1] == pytest.approx([(1 - p1) * (1 - p2), p1, (1 - p1) * p2])


def test_timed_transition_keeps_the_cause_of_the_notice():
    chain = notice_model(3).chain
    labels = set(chain.labels)
    assert {"notice[1] (row)", "notice[3] (col)", "notice[2] (both)", "terminated"} <= labels
    assert "in_force" in labels


@settings(max_examples=examples(20), deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3))
def test_branches_of_every_state_and_profile_sum_to_one(ps):
    model = treaty_model(
        [
            TreatyTransition(0, 1, row=frozenset({1}), probability=ps[0]),
            TreatyTransition(0, 2, probability=ps[1]),
            TreatyTransition(1, 2, after=2, probability=ps[2]),
            TreatyTransition(1, 0, either=(WITHDRAW, WITHDRAW)),
        ]
    )
    chain = model.chain
    key = (chain.source * 4 + chain.row_action) * 4 + chain.col_action
    sums = np.bincount(key, weights=chain.probability, minlength=chain.size * 16)
    assert sums == pytest.approx(np.ones(chain.size * 16))


def test_short_form_observation_matrix():
    matrix = short_form_matrix(ACTIONS, 0.7, 0.1, "comply", "violate")
    expected = np.array(
        [[0.9, 0.1, 0, 0], [0.3, 0.7, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float
    )
    assert matrix == pytest.approx(expected)
    batch = short_form_matrix(ACTIONS, np.array([0.2, 0.9]), 0.0, "comply", "violate")
    assert batch.shape == (2, 4, 4)
    assert batch[:, 1, 1] == pytest.approx([0.2, 0.9])


@settings(max_examples=examples(30), deadline=None)
@given(st.floats(0.0, 1.0), st.integers(2, 5))
def test_tremble_moves_mass_uniformly_to_other_actions(noise, m):
    policy = np.eye(m)[[0]]
    shaken = tremble(policy, noise)
    assert shaken.sum() == pytest.approx(1.0)
    assert shaken[0, 0] == pytest.approx(1 - noise)
    assert shaken[0, 1:] == pytest.approx(np.full(m - 1, noise / (m - 1)))


def test_inf_scenario_dynamics_and_monitoring():
    scenario = load(SCENARIOS / "inf_treaty.toml")
    model = build_model(scenario)
    assert model.treaty_states == ("in_force", "notice", "terminated")
    assert model.dynamics.in_force == (True, True, False)
    # Russia's violation is seen by the US with probability detect = 0.5.
    assert model.row_observes[1, 1] == pytest.approx(0.5)
    assert model.row_observes[0, 1] == pytest.approx(0.05)
    assert model.noise == pytest.approx([0.001, 0.001])
    terminated = model.dynamics.row_payoffs[2]
    assert terminated[3, 0] == pytest.approx(4.0 - 1.0)  # advantage_us - build_cost, no blame


def test_array_parameters_give_batch_axes():
    scenario = load(SCENARIOS / "inf_treaty.toml")
    model = build_model(scenario, {"detect": np.array([0.1, 0.5, 0.9]), "noise": 0.0})
    assert model.batch_shape == (3,)
    assert model.row_observes[:, 1, 1] == pytest.approx([0.1, 0.5, 0.9])
    assert len(CAUSES) == 4


@pytest.mark.parametrize("p", [0.01, 0.2, 1.0])
def test_expected_rounds_to_end_without_horizon_is_one_over_p(p):
    model = treaty_model([TreatyTransition(0, 1, probability=p)], in_force=(True, False))
    row, col = (
        library_strategy("always_comply", model, 0),
        library_strategy("tit_for_tat", model, 1),
    )
    assert expected_rounds_to_end(model, row, col) == pytest.approx(1 / p)


def test_expected_rounds_to_end_is_infinite_when_the_treaty_may_last_for_ever():
    model = notice_model(6)
    comply = (
        library_strategy("always_comply", model, 0),
        library_strategy("always_comply", model, 1),
    )
    assert expected_rounds_to_end(model, *comply) == np.inf
    withdraw = library_strategy("always_withdraw", model, 0)
    assert expected_rounds_to_end(model, withdraw, comply[1]) == pytest.approx(7.0)
    limbo = treaty_model(
        [
            TreatyTransition(0, 1, probability=0.5),
            TreatyTransition(0, 2, row=WITHDRAW),
        ]
    )
    assert expected_rounds_to_end(limbo, withdraw, comply[1]) == np.inf
    batch = replace(model, continuation=np.array([0.5, 0.9]))
    expected = (1 - np.array([0.5, 0.9]) ** 7) / (1 - np.array([0.5, 0.9]))
    assert expected_rounds_to_end(batch, withdraw, comply[1]) == pytest.approx(expected)
