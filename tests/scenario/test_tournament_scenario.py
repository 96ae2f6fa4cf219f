"""The [tournament] scenario section: pools, defaults, one-line errors with key paths."""

from __future__ import annotations

import pytest

from sim.compile.check import load
from sim.errors import ScenarioError
from tests.conftest import SCENARIOS

BASE = (SCENARIOS / "prisoners_dilemma.toml").read_text()


def _load(tmp_path, section: str):
    path = tmp_path / "pd.toml"
    path.write_text(BASE + "\n" + section)
    return load(path)


def test_one_pool_serves_both_sides(tmp_path):
    scenario = _load(
        tmp_path,
        """
[tournament]
pool = ["tit_for_tat", { strategy = "generous_tit_for_tat", parameters = { forgiveness = 0.3 } },
        { strategy = "always_defect", label = "hawk" }]
""",
    )
    tournament = scenario.model.tournament
    row, col = tournament.pools()
    assert tournament.shared_pool and row == col
    names = [e.display_name for e in row]
    assert names == ["tit_for_tat", "generous_tit_for_tat(forgiveness=0.3)", "hawk"]
    assert tournament.method == "exact" and tournament.evolution.population == 20


def test_no_section_means_no_tournament():
    assert load(SCENARIOS / "prisoners_dilemma.toml").model.tournament is None


@pytest.mark.parametrize(
    ("section", "key", "message"),
    [
        ("[tournament]\nrow_pool = ['a']\n", "tournament.col_pool", "missing"),
        ("[tournament]\npool = ['a']\nrow_pool = ['b']\n", "tournament.pool", "not both"),
        ("[tournament]\npool = []\n", "tournament.pool", "at least 1"),
        ("[tournament]\npool = ['a', 'a']\n", "tournament.pool[1]", "label"),
        ("[tournament]\npool = ['a']\ncolour = 1\n", "tournament.colour", "unknown key"),
        ("[tournament]\npool = [{ strategy = '1x' }]\n", "tournament.pool[0].strategy", "match"),
        ("[tournament]\npool = ['a']\nmethod = 'guess'\n", "tournament.method", "exact"),
        (
            "[tournament]\npool = ['a']\n[tournament.evolution]\npopulation = 1\n",
            "tournament.evolution.population",
            "greater than or equal to 2",
        ),
    ],
)
def test_errors_name_the_key(tmp_path, section, key, message):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, section)
    assert info.value.key == key
    assert message in info.value.message
    assert info.value.source.endswith("pd.toml")


@pytest.mark.parametrize(
    ("pool", "key", "message"),
    [
        ('["tit_for_tat", "nope"]', "tournament.pool[1]", "unknown strategy"),
        (
            '[{ strategy = "generous_tit_for_tat", parameters = { forgiveness = 1.5 } }]',
            "tournament.pool[0].parameters.forgiveness",
            "outside [0, 1]",
        ),
    ],
)
def test_pool_entries_are_built_at_load_time(tmp_path, pool, key, message):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, f"[tournament]\npool = {pool}\n")
    assert info.value.key == key
    assert message in info.value.message


def test_an_automaton_defined_in_the_scenario_joins_a_pool(tmp_path):
    import numpy as np

    from sim.evolution.scenario_table import scenario_table

    scenario = _load(
        tmp_path,
        """
[strategies.copycat]
description = "Tit-for-tat written out: cooperate, then repeat what was seen."
initial = "nice"
states.nice = { action = "cooperate" }
states.nasty = { action = "defect" }
transitions = [{ seen = ["defect"], to = "nasty" }, { to = "nice" }]

[tournament]
rounds = 200
discount = 1.0
pool = ["copycat", "tit_for_tat", "always_defect"]
""",
    )
    meta = scenario_table(scenario).meta
    np.testing.assert_allclose(meta.row_payoffs[0], meta.row_payoffs[1])
    assert meta.row_payoffs[0, 2] == pytest.approx(199) and meta.col_payoffs[0, 2] == 204
