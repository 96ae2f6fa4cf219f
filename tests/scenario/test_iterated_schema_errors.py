"""Malformed iterated-play sections give one-line errors naming the key path."""

from __future__ import annotations

import pytest

from sim.compile.check import load
from sim.errors import ScenarioError
from tests.conftest import SCENARIOS

BASE = (SCENARIOS / "prisoners_dilemma.toml").read_text().split("# Iterated play")[0]
AUTOMATON = '[strategies.x]\ninitial = "a"\nstates.a = { action = "cooperate" }\n'
STATES = "[dynamics.states.on]\n[dynamics.states.off]\nin_force = false\n"
PLAY = '[play]\nrounds = 5\ncol = "tit_for_tat"\n'

CASES = [
    (
        AUTOMATON + 'transitions = [{ to = "b" }]\n',
        "strategies.x.transitions[0].to",
        "'b' is not a state",
    ),
    (
        '[strategies.x]\ninitial = "a"\nstates.a = { action = "comply" }\ntransitions = [{ to = "a" }]\n',  # noqa: E501
        "strategies.x.states.a.action",
        "'comply' is not an action",
    ),
    (
        '[strategies.x]\ninitial = "a"\nstates.a = { play = { cooperate = 0.5, defect = 0.4 } }\n'
        'transitions = [{ to = "a" }]\n',
        "strategies.x.states.a.play",
        "sum to 0.9",
    ),
    (
        AUTOMATON + 'states.b = { action = "defect" }\ntransitions = [{ from = "a", to = "b" }]\n',
        "strategies.x.transitions",
        "incomplete: no rule for state 'b'",
    ),
    (
        AUTOMATON + 'transitions = [{ seen = ["comply"], to = "a" }, { to = "a" }]\n',
        "strategies.x.transitions[0].seen",
        "not an action of the other side",
    ),
    (
        '[strategies.x]\ninitial = "zz"\nstates.a = { action = "cooperate" }\n'
        'transitions = [{ to = "a" }]\n',
        "strategies.x.initial",
        "'zz' is not a state",
    ),
    (
        STATES + '[[dynamics.transitions]]\nfrom = "on"\nto = "off"\nafter = -2\n',
        "dynamics.transitions[0].after",
        "whole number >= 1",
    ),
    (
        '[dynamics.states.on]\n[[dynamics.transitions]]\nfrom = "on"\nto = "off"\n',
        "dynamics.transitions[0].to",
        "not a treaty state",
    ),
    (
        STATES + '[[dynamics.transitions]]\nfrom = "on"\nto = "off"\non = { row = ["withdraw"] }\n',
        "dynamics.transitions[0].on.row[0]",
        "not an action of the row player",
    ),
    (
        STATES + '[[dynamics.transitions]]\nfrom = "on"\nto = "off"\nprobability = "T"\n',
        "dynamics.transitions[0].probability",
        "outside [0, 1]",
    ),
    ("[monitoring]\ndetect = 1.5\n", "monitoring.detect", "outside [0, 1]"),
    ('[monitoring]\nnoise = "nonexistent"\n', "monitoring.noise", "unknown parameter"),
    (
        "[monitoring.row]\nmatrix = [[0.5, 0.4], [0, 1]]\n",
        "monitoring.row.matrix[0]",
        "sum to 0.9",
    ),
    (PLAY + 'row = "nope"\n', "play.row", "unknown strategy 'nope'"),
    (
        PLAY + 'row = { strategy = "tit_for_tat", parameters = { foo = 1 } }\n',
        "play.row.parameters.foo",
        "unknown parameter",
    ),
    (
        PLAY + 'row = { strategy = "generous_tit_for_tat", parameters = { forgiveness = 2 } }\n',
        "play.row.parameters.forgiveness",
        "outside [0, 1]",
    ),
    (
        PLAY + 'row = { strategy = "ultimatum", parameters = { deadline = -1 } }\n',
        "play.row.parameters.deadline",
        "whole number >= 0",
    ),
    (PLAY + 'row = "tit_for_tat"\ncontinuation = 0.9\n', "play", "exactly one of"),
    (PLAY + 'row = "tit_for_tat"\nspeed = 1\n', "play.speed", "unknown key"),
    (
        '[play]\nrounds = 0\nrow = "tit_for_tat"\ncol = "tit_for_tat"\n',
        "play.rounds",
        "whole number >= 1",
    ),
    (
        '[play]\ncontinuation = 1\nrow = "tit_for_tat"\ncol = "tit_for_tat"\n',
        "play.continuation",
        "below 1",
    ),
    (PLAY + 'row = "tit_for_tat"\ninitial = "nowhere"\n', "play.initial", "no [dynamics]"),
]


@pytest.mark.parametrize(("text", "key", "fragment"), CASES)
def test_error_names_the_key(tmp_path, text, key, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(BASE + text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load(path)
    error = info.value
    assert error.source == str(path)
    assert error.key.startswith(key), str(error)
    assert fragment in str(error)
    assert "\n" not in str(error)


def test_bundled_iterated_scenarios_load():
    for name in ("inf_treaty.toml", "prisoners_dilemma.toml"):
        assert load(SCENARIOS / name).model.play is not None
