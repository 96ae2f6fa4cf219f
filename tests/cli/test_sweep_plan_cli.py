"""stabsim sweep --dry-run and stabsim validate on sweep files."""

from __future__ import annotations

from tests.conftest import SCENARIOS

SWEEP = f"""
name = "plan"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
design = "grid"
chunk_size = 7
outcomes = ["regime"]

[parameters]
detect = {{ start = 0.0, stop = 1.0, count = 5 }}
sanction = {{ values = [0.0, 1.0, 2.0, 4.0] }}
"""


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.toml").write_text(SWEEP, encoding="utf-8")
    status, out, err = run_cli("sweep", "plan.toml", "--dry-run", "--workers", "2")
    assert status == 0, err
    assert "20 points (grid design) in 3 chunks of up to 7, on 2 worker(s)" in out
    assert "estimate from 20 points" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_validate_reads_sweep_files_and_names_their_keys(tmp_path, run_cli):
    good = tmp_path / "plan.toml"
    good.write_text(SWEEP, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(SWEEP.replace("detect = {", "detct = {"), encoding="utf-8")
    status, out, err = run_cli("validate", good, bad)
    assert status == 2
    assert out.strip() == f"ok: {good}"
    assert err.count("\n") == 1 and "bad.toml" in err and "detct" in err
