"""The events file format: resolution of defaults, spans and aliases; one-line errors."""

from __future__ import annotations

import pytest

from sim.compile.check import load
from sim.compile.model import build_model
from sim.errors import ScenarioError
from sim.infer.observations import compile_observations
from sim.scenario.events import load_events
from tests.conftest import SCENARIOS

TEXT = """
[metadata]
name = "toy"
title = "Toy record"

[record]
first = "2014-11"
last = "2015-03"
aliases = { quiet = ["comply", "violate"] }
default = { treaty = "in_force", act = { row = "quiet", col = "quiet" } }

[[events]]
when = "2015-01"
signal = { row = "violate" }
sources = [{ title = "A report", date = 2015-01-15 }]

[[events]]
when = "2015-02"
until = "2015-03"
act.col = "?"
treaty = "notice"
timing = "assumption: the notice counts from the month it was given"
"""


def _write(tmp_path, text):
    path = tmp_path / "events.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rounds_resolve_defaults_spans_and_aliases(tmp_path):
    events = load_events(_write(tmp_path, TEXT))
    assert events.labels == ("2014-11", "2014-12", "2015-01", "2015-02", "2015-03")
    assert events.rounds[0]["act.col"] == ("comply", "violate")
    assert events.rounds[2]["signal.row"] == ("violate",)
    assert "signal.row" not in events.rounds[3]
    assert events.rounds[3]["act.col"] is None and events.rounds[4]["treaty"] == ("notice",)
    assert events.keys[4]["treaty"] == "events[1].treaty"
    model = build_model(load(SCENARIOS / "inf_treaty.toml"))
    observations = compile_observations(events, model)
    assert observations.allowed[2] == ((0,), (0, 1), (0, 1), (1,), None)
    assert observations.allowed[4][:3] == ((1,), (0, 1), None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('when = "2015-01"', 'when = "2016-01"'), "events[0].when: '2016-01' is not a round"),
        (('until = "2015-03"', 'until = "2014-12"'), "events[1].until: comes before `when`"),
        (('last = "2015-03"', 'last = "2013-03"'), "record.last: comes before `first`"),
        (('last = "2015-03"', 'last = "2015-13"'), "record.last: '2015-13' is neither a month"),
        (('act.col = "?"', "act.col = []"), "events[1].act.col: Value error, an empty list"),
        (('act.col = "?"', 'act.col = ["?"]'), "events[1].act.col: '?' stands alone"),
        (('timing = "', 'timming = "'), "events[1].timming: unknown key"),
    ],
)
def test_bad_files_get_one_line_with_the_key(tmp_path, change, message):
    path = _write(tmp_path, TEXT.replace(*change))
    with pytest.raises(ScenarioError) as info:
        load_events(path)
    text = str(info.value)
    assert text.startswith(str(path)) and "\n" not in text
    assert message.replace("Value error, ", "") in text


def test_unknown_names_are_found_against_the_model(tmp_path):
    events = load_events(
        _write(tmp_path, TEXT.replace('signal = { row = "violate" }', 'signal = { row = "cheat" }'))
    )
    model = build_model(load(SCENARIOS / "inf_treaty.toml"))
    with pytest.raises(ScenarioError, match=r"events\[0\]\.signal\.row: 'cheat' is not a column"):
        compile_observations(events, model)


def test_validate_accepts_events_files(tmp_path, run_cli):
    path = _write(tmp_path, TEXT)
    status, out, _ = run_cli("validate", path, SCENARIOS / "inf_treaty.toml")
    assert status == 0 and out.count("ok: ") == 2
    bad = _write(tmp_path, TEXT.replace('when = "2015-01"', 'when = "2016-01"'))
    status, _, err = run_cli("validate", bad)
    assert status == 2 and err.startswith("error: ") and err.count("\n") == 1
