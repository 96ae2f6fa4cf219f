"""PRIM boxes of sweep outcomes: a known region, exact counts, clean refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.errors import ScenarioError, StabsimError
from sim.sweep.discovery import parse_condition, prim_box, sweep_prim
from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import run_sweep

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("survival >= 0.5", ("survival", ">=", 0.5)),
        ("mutual_compliance == true", ("mutual_compliance", "==", 1.0)),
        ("x<-1e-3", ("x", "<", -1e-3)),
    ],
)
def test_conditions_parse_without_evaluating_text(text, parsed):
    assert parse_condition(text) == parsed


@pytest.mark.parametrize("text", ["__import__('os')", "a >= b", "a >= 1 and b", "a => 1", ""])
def test_other_conditions_are_refused(text):
    with pytest.raises(StabsimError, match="OUTCOME OP NUMBER"):
        parse_condition(text)


# PRIM needs ema_workbench, whose import alone takes seconds: full run only
@pytest.mark.slow
def test_box_finds_a_rectangle_and_its_counts_are_exact():
    pytest.importorskip("ema_workbench")
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((3000, 3)), columns=["a", "b", "c"])
    y = ((x.a > 0.6) & (x.b < 0.3)).to_numpy()
    result = prim_box(x, y, condition="corner", threshold=0.9)
    assert result.restricted == ("a", "b")
    lower_a, upper_b = result.limits[0, 0], result.limits[1, 1]
    assert 0.5 < lower_a <= 0.65 and 0.25 <= upper_b < 0.4
    inside = np.all(
        (x.to_numpy() >= result.limits[:, 0]) & (x.to_numpy() <= result.limits[:, 1]), 1
    )
    assert result.in_box == inside.sum() and result.of_interest_in_box == (inside & y).sum()
    assert result.density == result.of_interest_in_box / result.in_box >= 0.9
    assert result.coverage == result.of_interest_in_box / y.sum()
    assert result.to_dict()["box"][2] == {
        "parameter": "c",
        "lower": result.limits[2, 0],
        "upper": result.limits[2, 1],
        "restricted": False,
    }


# PRIM needs ema_workbench, whose import alone takes seconds: full run only
@pytest.mark.slow
def test_inf_sweep_box_restricts_detection_and_sanction_only(tmp_path):
    pytest.importorskip("ema_workbench")
    # (comply, comply) is an equilibrium iff detect * sanction >= 1.75; threat_us plays no part
    text = f"""
name = "discover"
scenario = "{INF}"
design = "lhs"
points = 2000
seed = 3
outcomes = ["mutual_compliance"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
sanction = {{ start = 0.0, stop = 4.0 }}
threat_us = {{ start = 0.0, stop = 5.0 }}
"""
    path = tmp_path / "discover.toml"
    path.write_text(text, encoding="utf-8")
    folder = tmp_path / "out"
    run_sweep(load_sweep(path), folder, ExecutorSpec(workers=1), progress=False)
    result = sweep_prim(folder, "mutual_compliance == true", threshold=0.8)
    assert set(result.restricted) == {"detect", "sanction"}
    table = pd.read_parquet(folder / "results.parquet")
    assert result.of_interest == int(table["mutual_compliance"].sum())
    # the region lies above a hyperbola: the box cuts detection and sanction from below only
    assert np.all(result.limits[:2, 0] > result.ranges[:2, 0])
    assert np.all(result.limits[:2, 1] == result.ranges[:2, 1])
    assert result.density >= 0.8
    with pytest.raises(ScenarioError, match="condition"):
        sweep_prim(folder, "mutual_compliance is true")
    with pytest.raises(ScenarioError, match="no outcome"):
        sweep_prim(folder, "survival > 0.5")
