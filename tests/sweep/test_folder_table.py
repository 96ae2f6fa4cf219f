"""A sweep folder's table as a result: ``SweepTable.to_dict()`` and its round trip."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from sim.results import Result
from sim.sweep.folder_table import SweepTable, read_sweep_table
from tests.conftest import SCENARIOS

SWEEP = (
    f'name = "pd"\nscenario = "{(SCENARIOS / "prisoners_dilemma.toml").as_posix()}"\n'
    'outcomes = ["regime", "n_equilibria"]\nseed = 7\n[play]\nrounds = 12\n'
    "[parameters]\nT = { values = [4.0, 6.0] }\nS = { values = [-1.0, 1.0] }\n"
)


def sweep_folder(tmp_path):
    """A finished sweep folder written by hand: four points, a missing value, a flag."""
    table = pd.DataFrame({
        "point": [3, 0, 1, 2], "T": [6.0, 4.0, 4.0, 6.0], "S": [1.0, -1.0, 1.0, -1.0],
        "seed": [13, 10, 11, 12], "regime": ["b", "a", "a", "b"],
        "n_equilibria": [1, 1, 3, 1], "welfare": [2.5, np.nan, 0.5, 1.0],
        "mutual": [True, False, False, True],
    })  # fmt: skip
    table.to_parquet(tmp_path / "results.parquet")
    manifest = {"sweep": {"text": SWEEP}, "points": 4}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_to_dict_follows_the_result_convention(tmp_path):
    result = read_sweep_table(sweep_folder(tmp_path))
    data = result.to_dict()
    assert isinstance(result, Result)
    assert list(data)[:3] == ["method", "parameters", "assumptions"]
    assert data["method"] == "sweep"
    assert data["parameters"] == {
        "design": "grid", "points": 4, "seed": 7, "parameters": ["T", "S"],
        "outcomes": ["regime", "n_equilibria"],
    }  # fmt: skip
    assert data["assumptions"] == {"horizon": 12}
    # labelled records in point order; the missing value is null, not NaN
    assert [r["point"] for r in data["table"]] == [0, 1, 2, 3]
    assert data["table"][0] == {
        "point": 0, "T": 4.0, "S": -1.0, "seed": 10, "regime": "a", "n_equilibria": 1,
        "welfare": None, "mutual": False,
    }  # fmt: skip
    assert data["manifest"] == {"sweep": {"text": SWEEP}, "points": 4}
    json.dumps(data, allow_nan=False)  # strict JSON


def test_to_dict_round_trips(tmp_path):
    result = read_sweep_table(sweep_folder(tmp_path))
    written = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    back = SweepTable.from_dict(written)
    assert back.to_dict() == written
    assert back.folder == result.folder and back.parameter_names == ["T", "S"]
    assert back.design.size == 4 and back.model == result.model
    pd.testing.assert_frame_equal(back.table, result.table, check_dtype=False)
    np.testing.assert_array_equal(back.numeric_outcome("mutual"), [0.0, 0.0, 1.0, 1.0])
