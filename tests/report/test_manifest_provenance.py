"""Manifests say how to get a result again: seed used, overrides, swept ranges, file hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import run_sweep
from tests.conftest import SCENARIOS


def _files_match(folder: Path, listed: list[dict]) -> None:
    on_disk = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")
    )
    assert [f["path"] for f in listed] == on_disk
    for entry in listed:
        data = (folder / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


# a whole run with figures (seconds); the sweep manifest below is the quick manifest test
@pytest.mark.slow
def test_run_manifest_records_seed_overrides_and_every_output(tmp_path, run_cli):
    status, out, err = run_cli(
        "run", SCENARIOS / "prisoners_dilemma.toml", "--set", "T=6", "--out", tmp_path, "--quiet"
    )
    assert status == 0, err
    folder = Path(out.strip().rsplit("result folder: ", 1)[1])
    manifest = json.loads((folder / "manifest.json").read_text())
    report = json.loads((folder / "report.json").read_text())
    assert manifest["overrides"] == {"T": 6.0}
    assert manifest["seed"] is not None and manifest["seed"] == report["play"]["seed"]
    assert {"report.json", "report.md"} <= {f["path"] for f in manifest["files"]}
    _files_match(folder, manifest["files"])


def test_sweep_manifest_lists_fixed_parameters_only_and_hashes_its_table(tmp_path):
    text = f"""
name = "prov"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
design = "grid"
outcomes = ["regime"]

[parameters]
detect = {{ values = [0.0, 0.5, 1.0] }}
"""
    path = tmp_path / "prov.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_sweep(load_sweep(path), out, ExecutorSpec(workers=1), csv=True, progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert "detect" not in manifest["parameters"] and "sanction" in manifest["parameters"]
    assert manifest["sweep"]["parameters"]["detect"]["values"] == [0.0, 0.5, 1.0]
    assert [f["path"] for f in manifest["files"]] == [
        "results.csv",
        "results.parquet",
        "sweep.json",
    ]
    _files_match(out, manifest["files"])
