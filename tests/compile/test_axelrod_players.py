"""Axelrod's finite-state players as automata: the same action sequences as in Axelrod."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.axelrod import axelrod_automaton
from sim.compile.check import load
from sim.compile.library import side_of
from sim.compile.model import build_model
from sim.errors import ScenarioError
from tests.conftest import SCENARIOS

pytestmark = pytest.mark.slow  # importing axelrod takes tens of seconds


@pytest.fixture(scope="module")
def axl():
    """axelrod, imported when a test runs (not when the quick run collects this module)."""
    return pytest.importorskip("axelrod")


PLAYERS = ["Fortress3", "Fortress4", "Predator", "Pun1", "Raider", "Ripoff", "SolutionB1",
           "Thumper", "TF1", "EvolvedFSM4", "EvolvedFSM16"]  # fmt: skip


def _side():
    scenario = load(SCENARIOS / "prisoners_dilemma.toml")
    return side_of(build_model(scenario), 0)


def _our_actions(automaton, opponent: list[str]) -> list[str]:
    state, played = automaton.initial, []
    for seen in opponent:
        own = automaton.actions[int(np.argmax(automaton.policy[state]))]
        played.append(own)
        state = automaton.step(state, own, seen)
    return played


@pytest.mark.parametrize("name", PLAYERS)
def test_action_sequence_against_a_scripted_opponent_matches_axelrod(axl, name):
    if not hasattr(axl, name):
        pytest.skip(f"this axelrod version has no {name}")
    rng = np.random.default_rng(sum(map(ord, name)))
    script = [axl.Action.C if c else axl.Action.D for c in rng.random(40) < 0.6]
    match = axl.Match((getattr(axl, name)(), axl.MockPlayer(actions=script)), turns=len(script))
    expected = ["cooperate" if a == axl.Action.C else "defect" for a, _ in match.play()]
    opponent = ["cooperate" if a == axl.Action.C else "defect" for a in script]
    automaton = axelrod_automaton(name, _side())
    assert _our_actions(automaton, opponent) == expected


def test_non_machine_players_and_unknown_names_are_clean_errors(axl):
    with pytest.raises(ScenarioError, match="not a finite state machine"):
        axelrod_automaton("TitForTat", _side())
    with pytest.raises(ScenarioError, match="no player"):
        axelrod_automaton("NoSuchPlayer", _side())


def test_a_pool_can_hold_an_axelrod_player(axl, run_cli):
    status, out, err = run_cli(
        "play", SCENARIOS / "prisoners_dilemma.toml", "--row", "axelrod:Fortress3",
        "--col", "tit_for_tat", "--json",
    )  # fmt: skip
    assert status == 0, err
    assert "axelrod:Fortress3" in out
