"""Repeated-game checks against closed forms from the literature."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.check import load
from sim.compile.library import library_strategy, strategy_names
from sim.compile.setup import play_setup
from sim.dynamics.model import IteratedModel
from sim.play.checks import (
    best_response,
    check_subgame_perfect,
    critical_discount,
    profile_values,
)
from tests.conftest import SCENARIOS, examples

ACTIONS = (("cooperate", "defect"),) * 2


def pd(T=5.0, R=3.0, P=1.0, S=0.0, discount=0.9) -> IteratedModel:
    row = np.array([[R, S], [T, P]])
    return IteratedModel.repeated(row, row.T, ACTIONS, discount=discount)


def pair(model, row, col):
    return library_strategy(row, model, 0), library_strategy(col, model, 1)


@settings(max_examples=examples(12), deadline=None)
@given(
    st.floats(0.5, 4.0),  # T - R
    st.floats(0.5, 4.0),  # R - P
    st.floats(0.0, 3.0),  # P - S
)
def test_grim_trigger_critical_discount_is_t_minus_r_over_t_minus_p(tr, rp, ps):
    # Friedman (1971): grim trigger is subgame perfect iff delta >= (T - R) / (T - P).
    S = 0.0
    P = S + ps
    R = P + rp
    T = R + tr
    model = pd(T, R, P, S)
    critical = critical_discount(model, *pair(model, "grim_trigger", "grim_trigger"))
    assert critical == pytest.approx((T - R) / (T - P), abs=1e-9)


def test_grim_trigger_threshold_in_axelrods_game_is_one_half():
    model = pd()
    profile = pair(model, "grim_trigger", "grim_trigger")
    assert critical_discount(model, *profile) == pytest.approx(0.5, abs=1e-12)
    below = check_subgame_perfect(model.with_discount(0.45), *profile)
    assert not below.subgame_perfect
    assert below.worst[0] == "row" and below.worst[2] == "defect"
    assert below.worst[3] == pytest.approx(5 + 0.45 / 0.55 - 3 / 0.55)
    assert check_subgame_perfect(model.with_discount(0.55), *profile).subgame_perfect


def test_win_stay_lose_shift_threshold():
    # Pavlov is subgame perfect iff delta >= (T - R) / (R - P): a one-shot defection at
    # mutual cooperation yields T, then P, then cooperation again, against R, R. With
    # T = 5, R = 3, P = 1 no discount factor below 1 suffices.
    model = pd(T=4.0)
    profile = pair(model, "win_stay_lose_shift", "win_stay_lose_shift")
    assert critical_discount(model, *profile) == pytest.approx(0.5, abs=1e-9)
    model = pd()
    assert (
        critical_discount(model, *pair(model, "win_stay_lose_shift", "win_stay_lose_shift")) is None
    )


def test_tit_for_tat_and_always_defect():
    model = pd()
    assert critical_discount(model, *pair(model, "tit_for_tat", "tit_for_tat")) is None
    assert critical_discount(model, *pair(model, "always_defect", "always_defect")) == 0.0
    naive = pair(model, "always_cooperate", "always_cooperate")
    assert not check_subgame_perfect(model, *naive).subgame_perfect


def test_the_check_is_vectorised_over_discount_factors():
    model = pd()
    profile = pair(model, "grim_trigger", "grim_trigger")
    grid = np.array([0.2, 0.49, 0.5, 0.51, 0.9])
    batch = check_subgame_perfect(model.with_discount(grid), *profile).subgame_perfect
    single = [
        bool(check_subgame_perfect(model.with_discount(d), *profile).subgame_perfect) for d in grid
    ]
    assert list(batch) == single == [False, False, True, True, True]


@pytest.mark.parametrize("delta", [0.3, 0.7])
def test_best_response_to_grim_trigger_closed_form(delta):
    model = pd(discount=delta)
    response = best_response(model, library_strategy("grim_trigger", model, 1), 0)
    expected = max(3 / (1 - delta), 5 + delta * 1 / (1 - delta))
    assert response.payoff == pytest.approx(expected)


def test_best_response_to_tit_for_tat_over_200_rounds_defects_last():
    model = pd(discount=1.0)
    response = best_response(model, library_strategy("tit_for_tat", model, 1), 0, rounds=200)
    assert response.payoff == pytest.approx(199 * 3 + 5)
    assert response.opponent_payoff == pytest.approx(199 * 3)


def test_best_response_to_always_defect_is_to_defect():
    model = pd(discount=0.8)
    response = best_response(model, library_strategy("always_defect", model, 1), 1 - 1)
    assert response.payoff == pytest.approx(1 / 0.2)
    assert set(response.policy.values()) == {"defect"}


@pytest.mark.parametrize("opponent", ["tit_for_two_tats", "generous_tit_for_tat", "alternator"])
def test_no_library_strategy_beats_the_best_response(opponent):
    model = pd(discount=0.9)
    other = library_strategy(opponent, model, 1)
    response = best_response(model, other, 0)
    for name in strategy_names(model.actions[0]):
        mine = library_strategy(name, model, 0)
        assert profile_values(model, mine, other)[0] <= response.payoff + 1e-9


def test_column_best_response_mirrors_the_row_one():
    model = pd(discount=0.9)
    row_side = best_response(model, library_strategy("tit_for_two_tats", model, 1), 0)
    col_side = best_response(model, library_strategy("tit_for_two_tats", model, 0), 1)
    assert col_side.payoff == pytest.approx(row_side.payoff)


def test_inf_announced_policies_are_checked():
    setup = play_setup(load(SCENARIOS / "inf_treaty.toml"))
    check = check_subgame_perfect(setup.model, setup.row, setup.col)
    assert check.values.shape[-1] == 2
    assert bool(check.subgame_perfect) is (check.worst is None)
