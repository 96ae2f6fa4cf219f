"""``stabsim sweep``: the command, its options and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()

SWEEP = f"""
name = "cli"
scenario = "{INF}"
chunk_size = 20
outcomes = ["regime", "mutual_compliance", "n_equilibria"]

[parameters]
detect = {{ start = 0.0, stop = 1.0, step = 0.25 }}
sanction = {{ start = 0.0, stop = 8.0, count = 9 }}
"""


def write(tmp_path: Path, text: str = SWEEP) -> Path:
    path = tmp_path / "cli.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_sweep_writes_the_folder_and_says_where(run_cli, tmp_path):
    out = tmp_path / "out"
    status, stdout, stderr = run_cli(
        "sweep", write(tmp_path), "--workers", "1", "--out", out, "--csv", "--set", "blame=0.5"
    )
    assert status == 0, stderr
    assert "45 points (45 computed now)" in stdout
    assert f"result folder: {out / 'cli'}" in stdout
    table = pd.read_parquet(out / "cli" / "results.parquet")
    assert len(table) == 45 and (out / "cli" / "results.csv").is_file()
    manifest = json.loads((out / "cli" / "manifest.json").read_text())
    assert manifest["command"][:2] == ["stabsim", "sweep"]
    assert "--csv" in manifest["command"]
    assert manifest["parameters"]["blame"] == 0.5
    status, stdout, _ = run_cli(
        "sweep", write(tmp_path), "--workers", "1", "--out", out, "--set", "blame=0.5"
    )
    assert status == 0 and "already complete" in stdout


def test_sweep_default_folder_is_results_slash_name(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = run_cli("sweep", write(tmp_path), "--workers", "1", "--quiet")
    assert status == 0, stderr
    assert (tmp_path / "results" / "cli" / "results.parquet").is_file()


def one_line_error(run_cli, *args) -> str:
    status, stdout, stderr = run_cli(*args)
    assert status == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    return lines[0]


def test_sweep_errors_are_one_line(run_cli, tmp_path):
    bad = write(tmp_path, SWEEP.replace("detect = {", "detct = {"))
    assert one_line_error(run_cli, "sweep", bad).startswith(
        f"error: {bad}: parameters.detct: not a parameter of"
    )
    good = write(tmp_path)
    assert one_line_error(run_cli, "sweep", good, "--workers", "0") == (
        "error: --workers: must be at least 1, got 0"
    )
    assert "only one of --workers and --dask-local" in one_line_error(
        run_cli, "sweep", good, "--workers", "2", "--dask-local", "2"
    )
    assert one_line_error(run_cli, "sweep", good, "--chunk-size", "0") == (
        "error: --chunk-size: must be at least 1, got 0"
    )
    assert one_line_error(run_cli, "sweep", good, "--set", "detect=0.1") == (
        "error: --set: detect: is varied by the sweep, so it cannot also be set"
    )
    assert "nothing to resume" in one_line_error(
        run_cli, "sweep", good, "--resume", "--out", tmp_path / "none"
    )
    assert one_line_error(run_cli, "sweep", tmp_path / "missing.toml").endswith("no such file")
