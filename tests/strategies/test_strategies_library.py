"""Library strategies play as the literature defines them, against scripted opponents.

Each strategy's moves are compared with a plain-Python reference written from its published
definition (Axelrod 1984; Nowak and Sigmund 1992, 1993; Friedman 1971), on opponent
sequences drawn by hypothesis.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.library import library, library_strategy, strategy_names
from sim.dynamics.model import IteratedModel
from sim.errors import ScenarioError
from sim.play.exact import exact_outcomes
from sim.play.montecarlo import simulate
from sim.strategies.automaton import Automaton
from tests.conftest import examples

C, D = "cooperate", "defect"
PD_ACTIONS = ((C, D), (C, D))
PD_ROW = np.array([[3.0, 0.0], [5.0, 1.0]])
INF_ACTIONS = ("comply", "violate", "withdraw", "develop")


def pd_model(**kwargs) -> IteratedModel:
    return IteratedModel.repeated(PD_ROW, PD_ROW.T, PD_ACTIONS, **kwargs)


def inf_model() -> IteratedModel:
    payoffs = np.arange(16.0).reshape(4, 4)
    return IteratedModel.repeated(payoffs, payoffs.T, (INF_ACTIONS, INF_ACTIONS))


def scripted(model: IteratedModel, side: int, sequence: list[str]) -> Automaton:
    """An opponent that plays ``sequence`` and then repeats its last action."""
    own, other = model.side_actions(side)
    k = len(sequence)
    policy = np.eye(len(own))[[own.index(a) for a in sequence]]
    following = np.minimum(np.arange(k) + 1, k - 1)
    table = np.broadcast_to(following[:, None, None, None], (k, len(own), len(other), 1))
    names = tuple(f"t{t}" for t in range(k))
    return Automaton("scripted", own, other, ("repeated",), names, 0, policy, table)


def moves(model: IteratedModel, row: Automaton, col: Automaton, rounds: int) -> list[str]:
    """The row player's actions in one run (deterministic strategies: the only run)."""
    result = simulate(model, row, col, rounds, 1, seed=0, trajectories=True)
    return [model.actions[0][i] for i in result.row_actions[0]]


def play_against(name: str, opponent: list[str], **parameters) -> list[str]:
    model = pd_model()
    strategy = library_strategy(name, model, 0, parameters)
    return moves(model, strategy, scripted(model, 1, opponent), len(opponent))


# ----------------------------------------------------------------------------- references


def ref_tit_for_tat(opp):
    return [C, *opp[:-1]]


def ref_suspicious(opp):
    return [D, *opp[:-1]]


def ref_tit_for_two_tats(opp):
    return [D if t >= 2 and opp[t - 1] == D and opp[t - 2] == D else C for t in range(len(opp))]


def ref_grudger(opp):
    return [D if D in opp[:t] else C for t in range(len(opp))]


def ref_win_stay_lose_shift(opp):
    out = [C]
    for t in range(1, len(opp)):
        last = out[-1]
        out.append(last if opp[t - 1] == C else (D if last == C else C))
    return out


def ref_alternator(opp):
    return [C if t % 2 == 0 else D for t in range(len(opp))]


def ref_ultimatum(opp, k):
    """Issued on the first seen D; the next k signals must all be C, else D for good."""
    out, state, left, clean = [], "watch", 0, True
    for seen in opp:
        out.append(D if state == "fired" else C)
        if state == "watch" and seen == D:
            state, left, clean = "check", k, True
        elif state == "check":
            clean, left = clean and seen == C, left - 1
            if left == 0:
                state = "satisfied" if clean else "fired"
    return out


sequences = st.lists(st.sampled_from([C, D]), min_size=1, max_size=25)


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None)
@given(sequences)
def test_deterministic_strategies_match_their_definitions(opp):
    assert play_against("tit_for_tat", opp) == ref_tit_for_tat(opp)
    assert play_against("suspicious_tit_for_tat", opp) == ref_suspicious(opp)
    assert play_against("tit_for_two_tats", opp) == ref_tit_for_two_tats(opp)
    assert play_against("grudger", opp) == ref_grudger(opp)
    assert play_against("grim_trigger", opp) == ref_grudger(opp)  # own moves are C until then
    assert play_against("win_stay_lose_shift", opp) == ref_win_stay_lose_shift(opp)
    assert play_against("alternator", opp) == ref_alternator(opp)
    assert play_against("always_cooperate", opp) == [C] * len(opp)
    assert play_against("always_defect", opp) == [D] * len(opp)
    assert play_against("no_obligations_if_abandoned", opp) == ref_grudger(opp)


@settings(max_examples=examples(30), deadline=None)
@given(sequences, st.integers(min_value=1, max_value=4))
def test_ultimatum_gives_k_rounds_to_comply_again(opp, k):
    assert play_against("ultimatum", opp, deadline=k) == ref_ultimatum(opp, k)


def test_grim_trigger_reads_its_own_action_and_grudger_does_not():
    model = pd_model()
    grim, grudger = (library_strategy(n, model, 0) for n in ("grim_trigger", "grudger"))
    assert grim.states[grim.step(0, D, C)] == "punish"
    assert grudger.states[grudger.step(0, D, C)] == "cooperate"


def test_tit_for_tat_follows_suit_on_four_actions():
    model = inf_model()
    opp = ["comply", "violate", "withdraw", "develop", "comply", "comply"]
    tft = library_strategy("tit_for_tat", model, 0)
    assert moves(model, tft, scripted(model, 1, opp), 6) == ["comply", *opp[:-1]]


def test_announced_policies_on_four_actions():
    model = inf_model()
    russia = library_strategy("no_obligations_if_abandoned", model, 0)
    released = ["comply", "violate", "comply", "withdraw", "comply", "comply"]
    assert moves(model, russia, scripted(model, 1, released), 6) == ["comply"] * 6
    deployed = ["comply", "violate", "withdraw", "develop", "comply", "comply"]
    got = moves(model, russia, scripted(model, 1, deployed), 6)
    assert got == ["comply"] * 4 + ["develop"] * 2
    us = library_strategy("ultimatum", model, 0, {"deadline": 2})
    violations = ["violate"] * 6
    assert moves(model, us, scripted(model, 1, violations), 6) == ["comply"] * 3 + ["withdraw"] * 3


def test_roles_can_be_renamed():
    model = replace(inf_model(), roles=(("comply", "violate"), ("comply", "violate")))
    grim = library_strategy("grim_trigger", model, 0)
    got = moves(model, grim, scripted(model, 1, ["comply", "develop", "comply"]), 4)
    assert got == ["comply", "comply", "violate", "violate"]


def test_generous_tit_for_tat_against_always_defect_closed_form():
    # Round 0: S; later rounds: g S + (1 - g) P for the row side, g T + (1 - g) P for the other.
    g = 0.25
    model = pd_model()
    gtft = library_strategy("generous_tit_for_tat", model, 0, {"forgiveness": g})
    alld = library_strategy("always_defect", model, 1)
    result = exact_outcomes(model, gtft, alld, 50)
    assert result.payoffs == pytest.approx([49 * (1 - g), 5 + 49 * (g * 5 + (1 - g))])


def test_generous_forgiveness_may_be_an_expression_over_batch_parameters():
    model = pd_model()
    values = {"g": np.array([0.0, 0.5, 1.0])}
    gtft = library_strategy("generous_tit_for_tat", model, 0, {"forgiveness": "g"}, values)
    assert gtft.policy.shape == (3, 2, 2)
    assert gtft.policy[:, 1, 0] == pytest.approx([0.0, 0.5, 1.0])


def test_random_weights_set_the_mix():
    model = pd_model()
    mixed = library_strategy("random", model, 0, {"weights": [1, 3]})
    allc = library_strategy("always_cooperate", model, 1)
    result = exact_outcomes(model, mixed, allc, 10)
    assert result.payoffs[0] == pytest.approx(10 * (0.25 * 3 + 0.75 * 5))


def test_library_lists_every_required_strategy_with_a_source():
    required = {
        "tit_for_tat", "suspicious_tit_for_tat", "tit_for_two_tats", "grim_trigger",
        "generous_tit_for_tat", "win_stay_lose_shift", "alternator", "random", "ultimatum",
        "no_obligations_if_abandoned",
    }  # fmt: skip
    names = set(strategy_names(INF_ACTIONS))
    assert required <= names
    assert {f"always_{a}" for a in INF_ACTIONS} <= names
    assert all(spec.source and spec.description for spec in library().values())


def test_every_library_strategy_builds_on_both_action_sets():
    for model in (pd_model(), inf_model()):
        for name in strategy_names(model.actions[0]):
            for side in (0, 1):
                automaton = library_strategy(name, model, side)
                assert np.allclose(automaton.policy.sum(axis=-1), 1.0)


def test_unknown_strategy_and_parameter_are_errors():
    model = pd_model()
    with pytest.raises(ScenarioError, match="unknown strategy"):
        library_strategy("always_comply", model, 0)
    with pytest.raises(ScenarioError, match="unknown parameter") as info:
        library_strategy("tit_for_tat", model, 0, {"speed": 1}, key="play.row")
    assert info.value.key == "play.row.parameters.speed"


def test_same_seed_same_runs_other_seed_other_runs():
    model = pd_model(noise=0.1)
    row = library_strategy("tit_for_tat", model, 0)
    col = library_strategy("random", model, 1)
    first = simulate(model, row, col, 30, 50, seed=7, trajectories=True)
    again = simulate(model, row, col, 30, 50, seed=7, trajectories=True)
    other = simulate(model, row, col, 30, 50, seed=8, trajectories=True)
    assert np.array_equal(first.row_actions, again.row_actions)
    assert np.array_equal(first.col_actions, again.col_actions)
    assert not np.array_equal(first.col_actions, other.col_actions)


def test_tit_for_tat_with_different_action_sets_answers_by_role():
    actions = (("a1", "a2", "a3"), ("b1", "b2"))
    model = IteratedModel.repeated(np.zeros((3, 2)), np.zeros((3, 2)), actions)
    tft = library_strategy("tit_for_tat", model, 0)
    got = moves(model, tft, scripted(model, 1, ["b1", "b2", "b1", "b2"]), 5)
    assert got == ["a1", "a1", "a3", "a1", "a3"]
