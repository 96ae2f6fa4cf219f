"""The strategy list reads as prose: defaults as written, candidate lists explained, and
descriptions that do not assume the INF case's players."""

from __future__ import annotations

import json

from tests.conftest import SCENARIOS


def test_defaults_read_as_written_and_candidate_actions_are_explained(run_cli):
    code, out, _ = run_cli("strategies", str(SCENARIOS / "inf_treaty.toml"))
    assert code == 0
    text = " ".join(out.split())
    assert "forgiveness (probability, default 1/3)" in text
    assert "default 0.333" not in text
    assert "default the first of withdraw, @punishing that is an action" in text
    assert "['" not in text


def test_library_descriptions_name_no_player_of_a_particular_scenario(run_cli):
    code, out, _ = run_cli("strategies", "--json")
    assert code == 0
    entries = json.loads(out)["strategies"]
    assert len(entries) > 10
    for entry in entries:
        words = entry["description"].replace("'", " ").split()
        assert "US" not in words and "Russia" not in words, entry["name"]


def test_forgiveness_default_is_exactly_one_third(run_cli):
    code, out, _ = run_cli("strategies", "--json")
    entry = next(e for e in json.loads(out)["strategies"] if e["name"] == "generous_tit_for_tat")
    assert entry["parameters"]["forgiveness"]["default"] == "1/3"
