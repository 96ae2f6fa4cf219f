"""Discount-factor sets against closed forms, and their invariance to affine payoff changes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.library import library_strategy
from sim.dynamics.model import IteratedModel
from sim.repeated.perfection import OneShotProblem
from sim.repeated.sets import discount_sets
from tests.conftest import examples

ACTIONS = (("cooperate", "defect"),) * 2


def prisoners_dilemma(T=5.0, R=3.0, P=1.0, S=0.0, shift=0.0, scale=1.0) -> IteratedModel:
    row = scale * np.array([[R, S], [T, P]]) + shift
    return IteratedModel.repeated(row, row.T, ACTIONS, discount=0.9)


def flat(intervals) -> list[float]:
    return [x for interval in intervals for x in interval]


def profile(model, name):
    return library_strategy(name, model, 0), library_strategy(name, model, 1)


def public_signals(model: IteratedModel, detect: float, false_alarm: float) -> IteratedModel:
    """Each action's public signal: a defection seen with ``detect``, a cooperation
    mistaken for one with ``false_alarm``."""
    observe = np.array([[1 - false_alarm, false_alarm], [1 - detect, detect]])
    return replace(model, row_observes=observe, col_observes=observe)


@pytest.mark.parametrize("shift, scale", [(0.0, 1.0), (1e9, 1.0), (-7.0, 1e-6), (0.0, 1e6)])
def test_grim_trigger_set_is_invariant_to_adding_and_scaling(shift, scale):
    model = prisoners_dilemma(shift=shift, scale=scale)
    nash, perfect = discount_sets(model, *profile(model, "grim_trigger"))
    assert flat(perfect.intervals) == pytest.approx([0.5, 1.0], abs=1e-12)
    assert flat(nash.intervals) == pytest.approx([0.5, 1.0], abs=1e-12)
    assert perfect.text == "[0.5, 1)"


def test_win_stay_lose_shift_is_never_subgame_perfect_after_adding_1e9():
    # gain of a one-shot defection at mutual cooperation: T + delta P - R - delta R = 2 - 2 delta
    model = prisoners_dilemma(shift=1e9)
    problem = OneShotProblem(model, *profile(model, "win_stay_lose_shift"), "perfect")
    assert not problem.holds(0.95)
    assert not problem.holds(0.45)
    _, perfect = discount_sets(model, *profile(model, "win_stay_lose_shift"))
    assert perfect.intervals == ()


def test_the_old_tolerance_failure_at_045_is_gone():
    model = prisoners_dilemma(shift=1e9)
    problem = OneShotProblem(model, *profile(model, "grim_trigger"), "perfect")
    assert not problem.holds(0.45)
    assert problem.holds(0.5)  # the tie at the threshold, decided exactly


@settings(max_examples=examples(8), deadline=None)
@given(st.floats(0.5, 4.0), st.floats(0.5, 4.0), st.floats(0.0, 3.0))
def test_grim_trigger_threshold_is_friedmans(tr, rp, ps):
    S = 0.0
    P = S + ps
    R = P + rp
    T = R + tr
    model = prisoners_dilemma(T, R, P, S)
    _, perfect = discount_sets(model, *profile(model, "grim_trigger"))
    assert flat(perfect.intervals) == pytest.approx([(T - R) / (T - P), 1.0], abs=1e-10)


@pytest.mark.parametrize(
    "detect, false_alarm", [(1.0, 0.0), (0.9, 0.05), (0.7, 0.1), (0.95, 0.0), (0.6, 0.2)]
)
def test_public_grim_trigger_threshold_closed_form(detect, false_alarm):
    T, R, P, S = 5.0, 3.0, 1.0, 0.0
    model = public_signals(prisoners_dilemma(T, R, P, S), detect, false_alarm)
    eps = false_alarm
    expected = (T - R) / ((1 - eps) * ((detect - eps) * (R - P) + (1 - eps) * (T - R)))
    nash, perfect = discount_sets(model, *profile(model, "grim_trigger"), "public")
    if expected < 1:
        assert flat(perfect.intervals) == pytest.approx([expected, 1.0], abs=1e-10)
    else:
        assert perfect.intervals == ()
    assert perfect.concept == "perfect public"
    assert perfect.to_dict()["assumptions"]["monitoring"] == "public"


def test_public_grim_trigger_can_never_be_an_equilibrium():
    # detect 0.6, false alarm 0.3: expected threshold 2 / (0.7 (0.6 + 1.4)) > 1
    model = public_signals(prisoners_dilemma(), 0.6, 0.3)
    _, perfect = discount_sets(model, *profile(model, "grim_trigger"), "public")
    assert perfect.intervals == ()
    assert perfect.text == "∅"


@pytest.mark.slow
def test_inf_announced_profile_nash_set_under_perfect_monitoring():
    """US ultimatum (issued on the first seen departure, two clean months asked, then
    withdrawal, then the best response once terminated) against Russia's
    no_obligations_if_abandoned, perfect monitoring, no trembles, advantage_ru = a.

    Russia's stage payoff against each US action its automaton can take: against
    compliance (in force or under notice) max(3, 3 + (a - 1)/2 - 2, -1, a - 2), which is 3
    (mutual compliance) for a <= 5; against the suspension (withdraw) at most a - 2 <= 3;
    after termination the US deploys (strictly dominant there) and Russia gets at most
    a - 5 <= 0. So no deviation earns more than 3 a round, what the profile pays: a Nash
    equilibrium at every discount factor, set (0, 1). The US's payoff against Russia's
    actions (compliance, or deployment after a seen US deployment or termination) is at most
    3 likewise, whatever a. For a > 5 a covert violation pays 3 + (a - 1)/2 - 2 > 3 against
    compliance, and is answered only by the ultimatum, which two clean months satisfy for
    good: violate, comply twice, violate for ever gains for every discount factor, set
    empty. (On the first model, where the ultimatum withdrew for ever after termination, the
    set was (0, 0.7965], the root of d^7 = 1 - d: tests/repeated/test_first_inf_model.py.)
    """
    from sim.compile.check import load
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from tests.conftest import SCENARIOS

    scenario = load(SCENARIOS / "inf_treaty.toml")
    for advantage, expected in [(4.5, [(0.0, 1.0)]), (5.0, [(0.0, 1.0)]), (5.5, [])]:
        model = build_model(scenario, {"advantage_ru": advantage}).perfect()
        row = build_strategy(scenario, "ultimatum", 0, model)
        col = build_strategy(scenario, "no_obligations_if_abandoned", 1, model)
        nash, _ = discount_sets(model, row, col, perfection=False)
        assert list(nash.intervals) == expected
    assert nash.text == "∅"


@pytest.mark.parametrize("detect", [0.0, 0.2, 0.4])
def test_inf_grim_trigger_nash_set_closed_form(detect):
    """Grim trigger against itself in the INF game, perfect monitoring, no trembles.

    The punishing role is a covert violation. With detection d, a covert violation against
    compliance pays the US 3 + 1.5 - 4d and Russia 3 + 1.75 - 4d; mutual violation pays
    them 3 - 4d and 2.75 - 4d, which for d < 3/8 (US) and d < 7/16 (Russia) beats the
    compliance answer to a violator (1.5 and 1). The best deviation violates at once and
    then for ever: the US is deterred iff 3 >= (1 - delta)(4.5 - 4d) + delta (3 - 4d), i.e.
    delta >= 1 - 8d/3, and Russia iff 3 >= (1 - delta)(4.75 - 4d) + delta (2.75 - 4d), i.e.
    delta >= (1.75 - 4d) / 2 (for d = 0.4 the US has no gain). Without detection the
    US's punishment pays it 3, as much as compliance: the set is empty. The profile is
    never subgame perfect: after a termination (a subgame some withdrawal reaches) grim
    trigger keeps violating covertly where deploying openly is the best reply.
    """
    from sim.compile.check import load
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from tests.conftest import SCENARIOS

    scenario = load(SCENARIOS / "inf_treaty.toml")
    model = build_model(scenario, {"detect": detect}).perfect()
    grim = [build_strategy(scenario, "grim_trigger", side, model) for side in (0, 1)]
    nash, perfect = discount_sets(model, *grim)
    threshold = max(1 - 8 * detect / 3, (1.75 - 4 * detect) / 2)
    if threshold >= 1:
        assert nash.intervals == ()
    else:
        assert flat(nash.intervals) == pytest.approx([threshold, 1.0], abs=1e-12)
    assert perfect.intervals == ()


def test_vectorised_check_is_invariant_to_adding_1e9():
    from sim.play.checks import check_subgame_perfect

    model = prisoners_dilemma(shift=1e9)
    grim = profile(model, "grim_trigger")
    assert not check_subgame_perfect(model.with_discount(0.45), *grim).subgame_perfect
    assert check_subgame_perfect(model.with_discount(0.5), *grim).subgame_perfect
    pavlov = profile(model, "win_stay_lose_shift")
    assert not check_subgame_perfect(model.with_discount(0.95), *pavlov).subgame_perfect
    batch = check_subgame_perfect(model.with_discount(np.array([0.45, 0.5, 0.55])), *grim)
    assert batch.subgame_perfect.tolist() == [False, True, True]
