"""The sensitivity and where commands on a sweep folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS

pytest.importorskip("SALib")

SWEEP = f"""
name = "screen"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
design = "saltelli"
points = 64
seed = 4
outcomes = ["regime", "mutual_compliance"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
sanction = {{ start = 0.0, stop = 4.0 }}
threat_us = {{ start = 0.0, stop = 5.0 }}
"""


@pytest.fixture
def sweep_folder(tmp_path, run_cli) -> Path:
    path = tmp_path / "screen.toml"
    path.write_text(SWEEP, encoding="utf-8")
    status, _, err = run_cli("sweep", path, "--out", tmp_path / "out", "--workers", "1", "--quiet")
    assert status == 0, err
    return tmp_path / "out" / "screen"  # --out is the parent of the sweep's folder


def test_sensitivity_json_and_figure(sweep_folder, run_cli, tmp_path):
    figures = tmp_path / "figs"
    status, out, err = run_cli(
        "sensitivity",
        sweep_folder,
        "--outcome",
        "mutual_compliance",
        "--json",
        "--resamples",
        "50",
        "--figures",
        figures,
        "--format",
        "png",
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["method"] == "sobol-saltelli" and data["points"] == 64 * 5
    by_name = {row["parameter"]: row for row in data["indices"]}
    assert by_name["threat_us"]["ST"]["mean"] == 0.0
    assert (figures / "sensitivity-mutual_compliance.png").stat().st_size > 0


def test_sensitivity_of_a_text_outcome_is_one_line_error(sweep_folder, run_cli):
    status, out, err = run_cli("sensitivity", sweep_folder, "--outcome", "regime", "--no-figure")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "regime" in err and "not numeric" in err


@pytest.mark.slow
def test_where_prints_the_box_and_refuses_code(sweep_folder, run_cli):
    pytest.importorskip("ema_workbench")
    status, out, err = run_cli(
        "where", sweep_folder, "mutual_compliance == 1", "--no-figure", "--json"
    )
    assert status == 0, err
    box = {row["parameter"]: row for row in json.loads(out)["box"]}
    assert not box["threat_us"]["restricted"]
    status, out, err = run_cli("where", sweep_folder, "__import__('os')")
    assert status == 2 and "OUTCOME OP NUMBER" in err and err.count("\n") == 1
