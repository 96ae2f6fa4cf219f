"""An error raised by the work a file asks for, not by the file itself, still names it."""

from __future__ import annotations

from tests.conftest import SCENARIOS


def test_a_size_bound_passed_in_play_names_the_scenario_file(run_cli, monkeypatch):
    monkeypatch.setenv("STABSIM_LIMIT_MEMORY_BYTES", "1000")
    scenario = SCENARIOS / "prisoners_dilemma.toml"
    status, _, err = run_cli("play", scenario, "--runs", "10")
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"error: {scenario}: ") and "limit 'memory_bytes'" in err


def test_an_error_that_names_its_own_file_keeps_it(run_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[players]\nrow = 1\n")
    status, _, err = run_cli("solve", bad)
    assert status == 2 and err.startswith(f"error: {bad}: ")
