"""The announced INF policies as action sequences against scripted opponents (Axelrod style).

The opponent plays a fixed sequence; the model is the bundled INF scenario under perfect
monitoring and without trembles, so each run is the only run and the treaty states move as
the scenario's dynamics say (a withdrawal or open deployment starts six months' notice).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy, strategy_names
from sim.compile.setup import play_setup
from sim.play.exact import exact_outcomes
from sim.play.montecarlo import simulate
from sim.strategies.automaton import Automaton
from tests.conftest import SCENARIOS

INF = SCENARIOS / "inf_treaty.toml"


@pytest.fixture(scope="module")
def inf():
    return load(INF)


@pytest.fixture(scope="module")
def perfect(inf):
    return play_setup(inf).model.perfect()


def scripted(model, side: int, sequence: list[str]) -> Automaton:
    """An opponent that plays ``sequence`` and then repeats its last action."""
    own, other = model.side_actions(side)
    k = len(sequence)
    policy = np.eye(len(own))[[own.index(a) for a in sequence]]
    following = np.minimum(np.arange(k) + 1, k - 1)
    shape = (k, len(own), len(other), len(model.treaty_states))
    table = np.broadcast_to(following[:, None, None, None], shape)
    names = tuple(f"t{t}" for t in range(k))
    return Automaton("scripted", own, other, model.treaty_states, names, 0, policy, table)


def moves(model, strategy: Automaton, opponent: list[str], side: int = 0) -> list[str]:
    other = scripted(model, 1 - side, opponent)
    pair = (strategy, other) if side == 0 else (other, strategy)
    result = simulate(model, *pair, len(opponent), 1, seed=0, trajectories=True)
    path = result.row_actions if side == 0 else result.col_actions
    return [model.actions[side][i] for i in path[0]]


def test_follow_suit_deploys_only_after_a_seen_deployment(perfect):
    follow = library_strategy("follow_suit", perfect, 1)
    opponent = ["comply", "violate", "violate", "withdraw", "comply", "develop", "comply"]
    got = moves(perfect, follow, opponent, side=1)
    assert got == ["comply"] * 6 + ["develop"]
    assert moves(perfect, follow, ["violate"] * 8, side=1) == ["comply"] * 8


def test_follow_suit_never_deploys_on_false_alarms(inf):
    setup = play_setup(inf, {"false_alarm": 0.3, "noise": 0.0})
    follow = library_strategy("follow_suit", setup.model, 1)
    comply = library_strategy("always_comply", setup.model, 0)
    actions = exact_outcomes(setup.model, comply, follow, 60).col_actions
    assert np.all(actions[:, 3] == 0.0)


def test_release_is_not_a_deployment(perfect):
    russia = library_strategy("no_obligations_if_abandoned", perfect, 1)
    # a US withdrawal in round 1 starts the notice period (rounds 2-7); the treaty is
    # terminated from round 8, where Russia plays its best response there (deployment)
    opponent = ["comply", "withdraw"] + ["comply"] * 10
    assert moves(perfect, russia, opponent, side=1) == ["comply"] * 8 + ["develop"] * 4
    # a deployment is followed at once
    assert moves(perfect, russia, ["comply", "develop", "comply"], side=1) == [
        "comply", "comply", "develop",
    ]  # fmt: skip


def test_after_termination_the_released_side_plays_the_named_action(perfect):
    russia = library_strategy("no_obligations_if_abandoned", perfect, 1, {"then": "withdraw"})
    opponent = ["withdraw"] + ["comply"] * 9
    assert moves(perfect, russia, opponent, side=1) == ["comply"] * 7 + ["withdraw"] * 3


def dated(model, **parameters):
    values = {"deadline": 2, "start": 5, "issue_on": [], **parameters}
    return library_strategy("ultimatum", model, 0, values)


def test_the_ultimatum_fires_once_at_its_date(perfect):
    us = dated(perfect)
    # violations before the date change nothing; the deadline covers rounds 5 and 6;
    # withdrawal in round 7 starts the notice (rounds 8-13); terminated from round 14
    got = moves(perfect, us, ["violate"] * 16)
    assert got == ["comply"] * 7 + ["withdraw"] * 7 + ["develop"] * 2
    # met: compliance seen in rounds 5 and 6; later violations are not answered (one-off)
    opponent = ["violate"] * 5 + ["comply"] * 2 + ["violate"] * 9
    assert moves(perfect, us, opponent) == ["comply"] * 16


def test_a_clean_month_after_an_open_deployment_does_not_meet_the_ultimatum(perfect):
    us = dated(perfect)
    opponent = ["comply"] * 5 + ["develop", "comply"] + ["comply"] * 3
    got = moves(perfect, us, opponent)
    assert got[:7] == ["comply"] * 7 and got[7] == "withdraw"


def test_the_ultimatum_issued_on_the_evidence_fires_once(perfect):
    us = library_strategy("ultimatum", perfect, 0, {"deadline": 2})
    opponent = ["comply", "violate", "comply", "comply", "violate", "violate", "violate"]
    assert moves(perfect, us, opponent) == ["comply"] * 7


RECIPROCAL = [
    n
    for n in strategy_names()
    if any(word in n for word in ("generous", "tit_for", "grim", "grudger", "win_stay"))
]


@pytest.mark.parametrize("name", RECIPROCAL)
def test_no_reciprocal_strategy_answers_a_false_alarm_by_deploying(inf, name):
    setup = play_setup(inf, {"false_alarm": 0.3, "noise": 0.0})
    for side in (0, 1):
        strategy = library_strategy(name, setup.model, side)
        comply = library_strategy("always_comply", setup.model, 1 - side)
        pair = (strategy, comply) if side == 0 else (comply, strategy)
        result = exact_outcomes(setup.model, *pair, 48)
        actions = result.row_actions if side == 0 else result.col_actions
        assert np.all(actions[:, 3] == 0.0), (name, side)
        assert np.any(actions[:, 1] > 0.0)  # it does answer (in kind, by a violation)


def test_per_action_trembles_never_withdraw_or_deploy_by_accident(inf):
    setup = play_setup(inf, {"noise": 0.2})
    comply = library_strategy("always_comply", setup.model, 0)
    violate = library_strategy("always_violate", setup.model, 1)
    result = exact_outcomes(setup.model, comply, violate, 5)
    assert result.row_actions[:, 2:] == pytest.approx(0.0, abs=0)
    assert result.row_actions[:, 1] == pytest.approx(0.2)
    assert result.col_actions[:, 0] == pytest.approx(0.2)


def test_the_terminal_best_response_ignores_an_affine_change_of_payoffs():
    from sim.compile.responses import terminal_best_response

    rng = np.random.default_rng(3)
    payoffs = rng.normal(size=(50, 4, 4))
    payoffs[:10, 3] = payoffs[:10].max(axis=1) + 0.5  # some points with a dominant row
    best = terminal_best_response(payoffs)
    assert best[:10, 3] == pytest.approx(1.0)
    assert terminal_best_response(7.0 * payoffs - 3.0) == pytest.approx(best)


def test_the_terminal_best_response_of_a_batch_is_that_of_each_point():
    """Payoffs equal at every point (read once) and payoffs that differ at one point give,
    point by point, the response of the point alone."""
    from sim.compile.responses import terminal_best_response

    rng = np.random.default_rng(4)
    alone = rng.normal(size=(4, 4))
    same = np.broadcast_to(alone, (6, 4, 4)).copy()
    assert np.array_equal(
        terminal_best_response(same), np.tile(terminal_best_response(alone), (6, 1))
    )
    mixed = same.copy()
    mixed[4, 2] = alone.max(axis=0) + 1.0  # row 2 dominates at point 4 only
    best = terminal_best_response(mixed)
    for k in range(6):
        assert np.array_equal(best[k], terminal_best_response(mixed[k]))
    assert best[4, 2] == 1.0 and not np.array_equal(best[4], best[0])
