"""Running sweeps: the result folder, its manifest, re-running, and refusing other sweeps."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.errors import OptionError, ScenarioError
from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import partial_folder, run_sweep
from sim.sweep.store import ChunkStore

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()
SERIAL = ExecutorSpec(workers=1)

SWEEP = f"""
name = "small"
scenario = "{INF}"
design = "grid"
seed = 42
chunk_size = 16
outcomes = ["regime", "mutual_compliance"]

[parameters]
detect = {{ start = 0.0, stop = 1.0, count = 11 }}
sanction = {{ values = [0.0, 1.0, 2.0, 4.0, 8.0] }}
"""


@pytest.fixture
def sweep_file(tmp_path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SWEEP, encoding="utf-8")
    return path


@pytest.mark.slow
def test_result_folder_holds_table_csv_and_manifest(sweep_file, tmp_path):
    out = tmp_path / "out"
    run = run_sweep(load_sweep(sweep_file), out, SERIAL, csv=True, progress=False)
    assert run.folder == out and run.points == run.computed == 55
    assert not partial_folder(out).exists()
    table = pd.read_parquet(out / "results.parquet")
    assert len(table) == 55
    assert list(table.columns[:4]) == ["point", "detect", "sanction", "seed"]
    assert table["point"].tolist() == list(range(55))
    csv = pd.read_csv(out / "results.csv")
    assert csv["regime"].tolist() == table["regime"].tolist()
    assert dict(csv.dtypes) == dict(table.dtypes)
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "results.csv",
        "results.parquet",
        "sweep.json",
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "sweep"
    assert manifest["seed"] == 42
    assert manifest["sweep"]["points"] == 55
    assert manifest["sweep"]["text"] == SWEEP
    assert manifest["scenario"]["sha256"] == load_sweep(sweep_file).scenario.sha256
    assert manifest["table"]["columns"] == list(table.columns)
    assert manifest["versions"]["numpy"]
    assert manifest["started"] <= manifest["finished"]


def test_rerunning_a_complete_sweep_does_nothing(sweep_file, tmp_path):
    out = tmp_path / "out"
    run_sweep(load_sweep(sweep_file), out, SERIAL, progress=False)
    before = (out / "results.parquet").stat().st_mtime_ns
    again = run_sweep(load_sweep(sweep_file), out, SERIAL, progress=False)
    assert again.computed == 0
    assert (out / "results.parquet").stat().st_mtime_ns == before


def test_a_folder_of_another_sweep_is_refused(sweep_file, tmp_path):
    out = tmp_path / "out"
    run_sweep(load_sweep(sweep_file), out, SERIAL, progress=False)
    with pytest.raises(OptionError, match="holds a different sweep"):
        run_sweep(load_sweep(sweep_file, {"blame": 2.0}), out, SERIAL, progress=False)
    (tmp_path / "other").mkdir()
    with pytest.raises(OptionError, match="not a sweep folder"):
        run_sweep(load_sweep(sweep_file), tmp_path / "other", SERIAL, progress=False)


def test_resume_without_an_interrupted_run_is_an_error(sweep_file, tmp_path):
    with pytest.raises(OptionError) as info:
        run_sweep(load_sweep(sweep_file), tmp_path / "out", SERIAL, resume=True, progress=False)
    assert info.value.argument == "resume"
    assert not (tmp_path / "out").exists()


def test_resume_computes_only_missing_chunks_even_with_another_chunk_size(sweep_file, tmp_path):
    sweep = load_sweep(sweep_file)
    whole = pq.read_table(run_sweep(sweep, tmp_path / "whole", SERIAL, progress=False).table)
    out = tmp_path / "out"
    work = partial_folder(out)
    # An interrupted run: the folder state and two of its chunks, cut from the full table.
    work.mkdir()
    (work / "sweep.json").write_text(
        json.dumps({"fingerprint": sweep.fingerprint(), "started": "2026-01-01T00:00:00+00:00"})
    )
    store = ChunkStore(work)
    for start, stop in [(0, 16), (32, 48)]:
        store.write(start, stop, whole.slice(start, stop - start))
    (store.folder / ".points-000000000016-000000000032.parquet.99.tmp").write_bytes(b"torn")
    resumed = run_sweep(sweep, out, SERIAL, resume=True, chunk_size=5, progress=False)
    assert resumed.computed == 55 - 32
    pd.testing.assert_frame_equal(pd.read_parquet(resumed.table), whole.to_pandas())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["started"] == "2026-01-01T00:00:00+00:00"
    assert len(manifest["resumed"]) == 1


FRAGILE = """
[metadata]
name = "fragile"
title = "A payoff that divides by a swept parameter"
[players]
row = "A"
col = "B"
[actions]
row = ["c", "d"]
col = ["c", "d"]
[parameters]
s = 1.0
[payoffs]
row = [["1/s", "0"], ["0", "1"]]
col = [["1", "0"], ["0", "1"]]
"""


def test_a_failing_point_stops_the_run_with_its_location(tmp_path):
    scenario = tmp_path / "fragile.toml"
    scenario.write_text(FRAGILE, encoding="utf-8")
    path = tmp_path / "fragile_sweep.toml"
    path.write_text(
        'name = "f"\nscenario = "fragile.toml"\nchunk_size = 4\n'
        "[parameters]\ns = { values = [1, 2, 3, 4, 5, 6, 0, 8] }\n",
        encoding="utf-8",
    )
    sweep = load_sweep(path)
    with pytest.raises(ScenarioError) as info:
        run_sweep(sweep, tmp_path / "out", SERIAL, progress=False)
    error = info.value
    assert error.source == str(scenario)
    assert error.key == "payoffs.row[0][0]"
    assert "'1/s'" in error.message and "sweep point 6 (s=0)" in error.message
    assert not (tmp_path / "out").exists()
    assert not partial_folder(tmp_path / "out").exists()  # a fresh run leaves nothing behind


def test_a_sweep_run_is_a_result_with_its_table(sweep_file, tmp_path):
    out = tmp_path / "out"
    run = run_sweep(load_sweep(sweep_file), out, SERIAL, progress=False)
    data = run.to_dict()
    assert data["method"] == "grid" and data["parameters"]["seed"] == 42
    assert data["parameters"]["varied"] == ["detect", "sanction"]
    assert (data["points"], data["computed"], data["result_folder"]) == (55, 55, str(out))
    frame = run.to_frame()
    assert len(frame) == 55 and frame["point"].tolist() == list(range(55))
    again = run_sweep(load_sweep(sweep_file), out, SERIAL, progress=False)
    assert again.to_dict()["computed"] == 0


def test_a_sweep_finished_by_another_run_while_this_one_started_is_found_done(
    tmp_path, monkeypatch
):
    """The race of two runs into one folder: the other run completes (renames its work
    folder to the result) after this run's first look and before it takes the lock. This
    run must find the result done, not compute it again and fail on the rename."""
    import sim.sweep.run as run_module

    text = SWEEP.replace("count = 11", "count = 3").replace("[0.0, 1.0, 2.0, 4.0, 8.0]", "[4.0]")
    path = tmp_path / "tiny.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    real_check = run_module.check_points
    other_ran = []

    def check_then_let_the_other_run_finish(sweep, design):
        real_check(sweep, design)
        if not other_ran:
            other_ran.append(True)
            run_sweep(load_sweep(path), out, SERIAL, progress=False)

    monkeypatch.setattr(run_module, "check_points", check_then_let_the_other_run_finish)
    run = run_sweep(load_sweep(path), out, SERIAL, progress=False)
    assert other_ran and run.computed == 0 and run.points == 3
    assert not partial_folder(out).exists()
    assert len(pd.read_parquet(out / "results.parquet")) == 3
