"""The Nash set (0, 0.7965] of the INF announced policies on the model it was found on.

The fixture ``inf_treaty_first_model.toml`` is the INF model of commit 656852d (its header
lists each difference from today's ``scenarios/inf_treaty.toml``). Under perfect
monitoring without trembles, against that commit's ultimatum (issued on any seen
non-compliance, reset by one clean month, ``withdraw`` for ever after the deadline, also
once the treaty is terminated) Russia's best deviation, with ``a = advantage_ru``, is:
deploy openly in round 0 (``a - 2`` instead of 3; the treaty goes under notice), comply in
the six notice months (3; the clean month resets the ultimatum), deploy for ever once the
treaty is terminated in round 7 (``a - 1`` against a US that complies or withdraws, never
deploys). Its normalised gain over mutual compliance (3 a month) is

    G(delta) = (1 - delta) (a - 5) + (a - 4) delta^7,

so the Nash set is ``(0, delta*]`` with ``(a - 4) delta*^7 = (5 - a)(1 - delta*)``: the
root of ``delta^7 = 1 - delta`` at a = 4.5, of ``delta^7 = 3 (1 - delta)`` at a = 4.25;
``(0, 1)`` for a <= 4 (the gain is never positive) and empty at a = 5 (a covert violation
ties, and the deviation gains ``delta^7``). Every other deviation earns at most 3 a month
while the treaty is in force or under notice (Russia's best stage payoff against US
compliance for a <= 5, ``a - 2`` against a withdrawal) and at most ``a - 1`` after
termination, which only a month paying less than 3 can start, seven months ahead at best.

What moves the set on the revised model is one change of the ultimatum: after termination
it plays its best response there (deployment, which leaves Russia ``a - 5 <= 0``) instead of
``withdraw``. The tests below show that the other revisions (the one-off, dated deadline,
the release and follow-suit reading of Russia's statements) leave the set where it was.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from sim.compile.check import load
from sim.compile.model import build_model
from sim.compile.strategies import build_strategy
from sim.repeated.check import equilibrium_check
from sim.repeated.sets import discount_sets
from tests.conftest import SCENARIOS

FIRST_MODEL = Path(__file__).with_name("inf_treaty_first_model.toml")
US, RUSSIA = "first_ultimatum", "first_no_obligations"
NOTICE_ROUNDS = 6
ROUNDS = 40
"""Rounds stepped by hand; the deviation's play is stationary from round 10 on."""


def critical(a: float) -> float:
    """The root in (0, 1) of (a - 4) d^7 = (5 - a)(1 - d), for 4 < a < 5."""
    return brentq(lambda d: (a - 4) * d**7 - (5 - a) * (1 - d), 0.5, 1.0, xtol=1e-15)


def closed_form_gain(a: float, delta: float) -> float:
    return (1 - delta) * (a - 5) + (a - 4) * delta**7


def sets(scenario, row: str, col: str, parameters: dict | None = None):
    model = build_model(scenario, parameters or {}).perfect()
    row_automaton = build_strategy(scenario, row, 0, model)
    col_automaton = build_strategy(scenario, col, 1, model)
    return discount_sets(model, row_automaton, col_automaton)


@pytest.fixture(scope="module")
def first():
    return load(FIRST_MODEL)


@pytest.mark.parametrize("a", [4.5, 4.25])
def test_first_model_nash_set_is_the_root_of_the_deviation_gain(first, a):
    nash, perfect = sets(first, US, RUSSIA, {"advantage_ru": a})
    assert len(nash.intervals) == 1
    low, high = nash.intervals[0]
    assert low == 0.0
    assert high == pytest.approx(critical(a), abs=1e-9)
    assert perfect.intervals == ()


def test_the_critical_discounts_are_0_7965_and_0_8721():
    assert critical(4.5) == pytest.approx(brentq(lambda d: d**7 - (1 - d), 0.5, 1), abs=1e-12)
    assert round(critical(4.5), 4) == 0.7965
    assert round(critical(4.25), 4) == 0.8721


@pytest.mark.parametrize("a, expected", [(4.0, [(0.0, 1.0)]), (3.5, [(0.0, 1.0)]), (5.0, [])])
def test_first_model_nash_set_outside_the_band_4_to_5(first, a, expected):
    nash, _ = sets(first, US, RUSSIA, {"advantage_ru": a})
    assert list(nash.intervals) == expected


def play_by_hand(model, us, plan, delta: float) -> float:
    """Russia's normalised discounted payoff when it plays ``plan(round, treaty)`` against
    the US automaton ``us`` under perfect monitoring, the treaty stepped by hand (in force;
    notice after a withdrawal or deployment by either side; terminated six rounds later)."""
    actions = model.actions[1]
    payoffs = np.asarray(model.dynamics.col_payoffs)
    names = model.dynamics.names
    state, treaty, clock, total, u = us.initial, "in_force", 0, 0.0, 0.0
    for t in range(ROUNDS):
        us_action = int(np.argmax(us.policy[state]))
        ru_action = actions.index(plan(t, treaty))
        u = payoffs[names.index(treaty), us_action, ru_action]
        total += (1 - delta) * delta**t * u
        opened = {model.actions[0][us_action], actions[ru_action]} & {"withdraw", "develop"}
        if treaty == "in_force" and opened:
            treaty, clock = "notice", 0
        elif treaty == "notice":
            clock += 1
            treaty = "terminated" if clock == NOTICE_ROUNDS else "notice"
        state = int(us.next_state[state, us_action, ru_action, names.index(treaty)])
    return total + delta**ROUNDS * u


def deploy_then_wait(t: int, treaty: str) -> str:
    return "develop" if t == 0 or treaty == "terminated" else "comply"


@pytest.mark.parametrize("a", [4.5, 4.25])
@pytest.mark.parametrize("delta", [0.3, 0.7, 0.85, 0.9, 0.97])
def test_best_deviation_gain_equals_the_hand_played_plan(first, a, delta):
    """The check's best Russian deviation gain is the plan's, stepped by hand, and the
    closed form (normalised by 1 - delta there): zero where the plan loses, the plan's
    gain where it wins; the US has no gain."""
    model = build_model(first, {"advantage_ru": a}).perfect()
    us = build_strategy(first, US, 0, model)
    ru = build_strategy(first, RUSSIA, 1, model)
    always = play_by_hand(model, us, lambda t, treaty: "comply", delta)
    assert always == pytest.approx(3.0, abs=1e-12)
    by_hand = play_by_hand(model, us, deploy_then_wait, delta) - always
    assert by_hand == pytest.approx(closed_form_gain(a, delta), abs=1e-12)
    check = equilibrium_check(model.with_discount(delta), us, ru, "perfect", sets=False)
    us_gain, russia_gain = check.nash_gain  # (low, high), discounted sums in payoff units
    assert us_gain == (0.0, 0.0)
    assert russia_gain[0] == russia_gain[1]
    assert russia_gain[0] == pytest.approx(max(by_hand, 0.0) / (1 - delta), abs=1e-9)
    assert check.nash == ("not an equilibrium" if by_hand > 0 else "equilibrium")


@pytest.mark.slow
@pytest.mark.parametrize(
    "row, col, moved",
    [
        (US, "no_obligations_if_abandoned", False),
        ("ultimatum(then=withdraw)", RUSSIA, False),
        ("ultimatum(then=withdraw, start=372, issue_on=[])", RUSSIA, False),
        ("ultimatum", RUSSIA, True),
        ("ultimatum(start=372, issue_on=[])", RUSSIA, True),
    ],
)
def test_only_the_ultimatum_play_after_termination_moves_the_set(first, row, col, moved):
    """On the first model, with one of the two policies replaced by today's library one:
    the revised Russian policy, or the revised one-off (dated or not) ultimatum still
    withdrawing after termination, keep (0, 0.7965]; the revised ultimatum with its best
    response after termination gives (0, 1)."""
    nash, _ = sets(first, row, col)
    expected = [(0.0, 1.0)] if moved else [(0.0, pytest.approx(critical(4.5), abs=1e-9))]
    assert list(nash.intervals) == expected


@pytest.mark.slow
@pytest.mark.parametrize("then, moved", [("withdraw", False), ("best_response", True)])
def test_revised_model_with_the_old_terminal_play_gives_the_old_set(then, moved):
    """On today's scenario, the announced profile with the dated ultimatum's `then` set back
    to withdraw has the first model's Nash set; with its default, (0, 1)."""
    scenario = load(SCENARIOS / "inf_treaty.toml")
    row = f"ultimatum(start=ultimatum_round, issue_on=[], then={then})"
    nash, _ = sets(scenario, row, "no_obligations_if_abandoned")
    expected = [(0.0, 1.0)] if moved else [(0.0, pytest.approx(critical(4.5), abs=1e-9))]
    assert list(nash.intervals) == expected
