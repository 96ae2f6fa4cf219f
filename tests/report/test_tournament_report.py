"""Report sections of tournaments and evolution, on hand-made tables and the INF stage game."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.compile.check import load
from sim.evolution.dynamics import evolve, moran, replicator
from sim.evolution.metagame import MetaGame
from sim.evolution.tournament import analyse_table, scenario_tournament
from sim.report.tournament import evolve_markdown, tournament_markdown
from sim.scenario.tournament import EvolutionSettings
from tests.conftest import SCENARIOS

NAMES = ("all_c", "tft", "all_d")
TOTALS = np.array([[600.0, 600.0, 0.0], [600.0, 600.0, 199.0], [1000.0, 204.0, 200.0]])


def named(index: int) -> dict:
    return {"name": NAMES[index], "index": index}


def _meta(scale: float = 1.0) -> MetaGame:
    return MetaGame(NAMES, NAMES, TOTALS / scale, TOTALS.T / scale, players=("Row", "Column"))


def cell(data: dict, i: int, j: int) -> dict:
    """The table record of row strategy i against column strategy j."""
    (record,) = [r for r in data["table"] if (r["row"]["index"], r["col"]["index"]) == (i, j)]
    return record


def test_table_fields_are_json_ready_and_complete():
    result = analyse_table(_meta(), 200.0, "exact", {"horizon": "200 rounds"})
    text = json.dumps(result.to_dict(), allow_nan=False)
    data = json.loads(text)
    assert cell(data, 1, 2)["row_payoff"] == 199 and cell(data, 1, 2)["col_payoff"] == 204
    assert cell(data, 1, 2)["row"] == {"name": "tft", "index": 1} and not data["sampled"]
    assert [e["strategy"] for e in data["ranking"][0]] == ["all_d", "tft", "all_c"]
    assert data["ranking"][0][0]["payoff_per_round"] == pytest.approx(7.02 / 3)
    assert data["degenerate"] is True
    assert {"strategies", "payoffs"} <= set(data["equilibria"][0])
    frame = result.to_frame()
    assert frame.shape[0] == 9 and frame.loc[5, "row"] == "tft" and frame.loc[5, "col"] == "all_d"
    markdown = tournament_markdown(result)
    # Per-round payoffs: totals over 200 rounds divided by 200; the row player's table first.
    assert "| all_d | 5.00 | 1.02 | 1.00 |" in markdown
    assert "| all_c | 3.00 | 3.00 | 5.00 |" in markdown  # the column player's table
    assert "Nash equilibria (6)" in markdown


def test_replicator_fields_list_the_nash_rest_points():
    section = replicator(_meta(200.0), time=50).to_dict()
    nash = [p for p in section["rest_points"] if p["nash"]]
    assert len(nash) == 6  # the engine's six extreme equilibria of this degenerate table
    stable = [p for p in nash if p["stability"] == "asymptotically stable"]
    assert len(stable) == 1 and stable[0]["shares"][0][2] == 1.0  # mutual always-defect
    # From equal shares tit-for-tat and always-cooperate push always-defect out.
    assert section["end"][0][2] < 1e-3
    assert "Replicator dynamics" in evolve_markdown(section)
    json.dumps(section, allow_nan=False)


def test_moran_fields_need_one_pool():
    from sim.errors import OptionError

    section = moran(_meta(200.0), EvolutionSettings(runs=200)).to_dict()
    (first,) = [r for r in section["fixation"] if r["mutant"] == r["resident"] == named(0)]
    assert first["fixation"] == pytest.approx(1 / 20)
    assert "1/N = 0.05" in evolve_markdown(section)
    other = MetaGame(NAMES, ("a", "b", "c"), TOTALS, TOTALS.T)
    with pytest.raises(OptionError, match="one pool"):
        moran(other, EvolutionSettings())


def test_moran_fields_turn_a_too_strong_intensity_into_an_option_error():
    from sim.errors import OptionError

    with pytest.raises(OptionError, match="intensity"):
        moran(_meta(1.0), EvolutionSettings(intensity=1.0))


@pytest.mark.parametrize("dynamics", ["fictitious", "logit"])
def test_learning_on_the_inf_stage_game(dynamics):
    scenario = load(SCENARIOS / "inf_treaty.toml")
    section = evolve(scenario, dynamics).to_dict()
    assert section["game"] == "stage" and section["actions"][0][0] == "comply"
    for shares in section["end"]:
        assert np.sum(shares) == pytest.approx(1.0)
    assert "stage game" in evolve_markdown(section)


def test_no_pools_means_no_section():
    assert scenario_tournament(load(SCENARIOS / "prisoners_dilemma.toml")) is None


def test_unknown_dynamics_is_an_option_error():
    from sim.errors import OptionError

    with pytest.raises(OptionError) as info:
        evolve(load(SCENARIOS / "prisoners_dilemma.toml"), "imitation")
    assert info.value.argument == "dynamics"


def _pd_with(tmp_path, evolution: str):
    path = tmp_path / "pd.toml"
    path.write_text(
        (SCENARIOS / "prisoners_dilemma.toml").read_text()
        + '\n[tournament]\nrounds = 20\ndiscount = 1.0\npool = ["tit_for_tat", "always_defect"]\n'
        + "[tournament.evolution]\n"
        + evolution
    )
    return load(path)


def test_replicator_starts_from_the_given_shares(tmp_path):
    scenario = _pd_with(tmp_path, "row_start = [3, 1]\ntime = 5.0\n")
    section = evolve(scenario, "replicator").to_dict()
    np.testing.assert_allclose(section["start"][0], [0.75, 0.25])
    np.testing.assert_allclose(section["start"][1], [0.5, 0.5])
    assert section["start_text"] == "the given shares"


def test_a_start_of_the_wrong_length_names_its_key(tmp_path):
    from sim.errors import ScenarioError

    scenario = _pd_with(tmp_path, "col_start = [1, 1, 1]\n")
    with pytest.raises(ScenarioError) as info:
        evolve(scenario, "replicator")
    assert info.value.key == "tournament.evolution.col_start"
    with pytest.raises(ScenarioError) as info:
        _pd_with(tmp_path, "col_start = [0, 0]\n")
    assert info.value.key == "tournament.evolution.col_start"
