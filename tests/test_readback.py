"""Result folders read back into result objects: ``to_dict()`` gives back what was written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.errors import StabsimError
from sim.readback import read_results
from tests.conftest import SCENARIOS


@pytest.mark.slow
def test_a_run_folder_reads_back_to_what_was_written(run_cli, tmp_path):
    scenario = SCENARIOS / "prisoners_dilemma.toml"
    status, out, err = run_cli("run", scenario, "--out", tmp_path, "--json")
    assert status == 0, err
    folder = Path(json.loads(out)["result_folder"])
    written = json.loads((folder / "report.json").read_text())
    results = read_results(folder)
    assert results.to_dict() == written
    stage, play = results.stage, results.play
    assert type(stage).__name__ == "StageAnalysis" and type(play).__name__ == "StoredPlay"
    # typed: the arrays are the written lists, the pure equilibria index pairs again
    np.testing.assert_array_equal(stage.row_payoffs, written["stage"]["payoffs"][0])
    assert [stage.profile(c) for c in stage.pure] == written["stage"]["pure_equilibria"]
    survival = [r["survival"] for r in written["play"]["per_round"]]
    np.testing.assert_array_equal(play.per_round["survival"], survival)
    assert play.rounds == written["play"]["rounds"] == len(survival)


def test_a_tournament_reads_back_to_what_was_written():
    from sim.analysis.results import results_from_dict
    from sim.evolution.metagame import MetaGame
    from sim.evolution.tournament import analyse_table

    row = np.array([[3.0, 0.0], [5.0, 1.0]])
    meta = MetaGame(("a", "b"), ("x", "y"), row, row.T, players=("US", "Russia"))
    written = {"tournament": analyse_table(meta, 2.0, "exact").to_dict()}
    back = results_from_dict(written)
    assert back.to_dict()["tournament"] == written["tournament"]
    np.testing.assert_array_equal(back.tournament.per_round[0], row / 2.0)
    np.testing.assert_array_equal(back.tournament.best_responses[0], [[False, False], [True, True]])


def test_a_garbled_section_is_refused_in_one_line(tmp_path):
    (tmp_path / "report.json").write_text(json.dumps({"play": {"rounds": "x"}}))
    with pytest.raises(StabsimError, match="garbled 'play' section") as info:
        read_results(tmp_path)
    assert "\n" not in str(info.value)


def test_a_folder_without_results_is_refused(tmp_path):
    with pytest.raises(StabsimError, match="not a result folder"):
        read_results(tmp_path)


@pytest.mark.slow
def test_a_sweep_folder_reads_back_to_its_table_and_manifest(run_cli, tmp_path):
    import pandas as pd

    sweep = tmp_path / "pd.toml"
    scenario = (SCENARIOS / "prisoners_dilemma.toml").as_posix()
    sweep.write_text(
        f'name = "pd"\nscenario = "{scenario}"\noutcomes = ["regime", "n_equilibria"]\n'
        "[parameters]\nT = { start = 3.5, stop = 6.5, count = 3 }\n"
        "S = { start = -1.0, stop = 1.0, count = 2 }\n",
        encoding="utf-8",
    )
    status, _, err = run_cli("sweep", sweep, "--workers", "1", "--out", tmp_path, "--quiet")
    assert status == 0, err
    folder = tmp_path / "pd"
    results = read_results(folder)
    assert results.manifest == json.loads((folder / "manifest.json").read_text())
    written = pd.read_parquet(folder / "results.parquet").sort_values("point")
    pd.testing.assert_frame_equal(results.table, written.reset_index(drop=True))
    assert results.parameter_names == ["T", "S"] and len(results.table) == 6


def test_a_scenario_folder_of_runs_resolves_to_its_newest_run(tmp_path):
    from sim import result_folder
    from sim.output.folder import result_folder_name

    runs = tmp_path / "stag_hunt"
    names = [result_folder_name("b" * 64, token=f"{k:04x}") for k in range(2)]
    for name in names:
        (runs / name).mkdir(parents=True)
        (runs / name / "report.json").write_text("{}", encoding="utf-8")
    assert result_folder(runs) == runs / max(names)
    assert result_folder(runs / names[0]) == runs / names[0]
    assert result_folder(tmp_path / "empty") == tmp_path / "empty"
