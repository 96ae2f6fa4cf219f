"""The play, check and strategies commands."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SCENARIOS

PD = SCENARIOS / "prisoners_dilemma.toml"
INF = SCENARIOS / "inf_treaty.toml"


def test_play_one_run_prints_history_and_totals(run_cli):
    args = ["play", PD, "--row", "tit_for_tat", "--col", "always_defect", "--runs", "1"]
    status, out, err = run_cli(*args, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert len(data["history"]) == 200
    assert data["history"][:2] == [["cooperate", "defect"], ["defect", "defect"]]
    assert data["totals"] == {"row": 199.0, "col": 204.0}


def test_play_many_runs_gives_exact_and_monte_carlo_summaries(run_cli):
    status, out, err = run_cli("play", INF, "--runs", "300", "--rounds", "60", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert {"exact", "monte_carlo", "per_round"} <= set(data)
    assert data["monte_carlo"]["runs"] == 300
    assert [r["round"] for r in data["per_round"]] == list(range(60))
    assert data["strategies"]["row"]["name"] == "ultimatum"
    assert 0.0 <= data["exact"]["ended_by"]["row"] <= data["exact"]["end_probability"] + 1e-12


def test_play_text_explains_the_figures(run_cli):
    status, out, err = run_cli("play", INF, "--runs", "200", "--rounds", "50")
    assert status == 0, err
    assert "Monte Carlo" in out and "still in force" in out


# the INF check (seconds); check on the prisoners dilemma is the quick test
@pytest.mark.slow
def test_check_reports_perfection_critical_discount_and_best_responses(run_cli):
    status, out, err = run_cli("check", PD, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["subgame_perfect"] is True
    assert abs(data["critical_discount"] - 0.5) < 1e-9
    assert set(data["best_response"]) == {"row", "col"}
    assert abs(data["best_response"]["row"]["payoff"] - 60.0) < 1e-9
    status, out, err = run_cli(
        "check", PD, "--row", "tit_for_tat", "--col", "tit_for_tat", "--json"
    )
    data = json.loads(out)
    assert data["subgame_perfect"] is False and data["critical_discount"] is None


@pytest.mark.slow
def test_check_inf_scenario_in_words(run_cli):
    status, out, err = run_cli("check", INF)
    assert status == 0, err
    assert "subgame perfect" in out and "Best response" in out


def test_strategies_lists_the_library(run_cli):
    status, out, err = run_cli("strategies", "--json")
    assert status == 0, err
    names = {entry["name"] for entry in json.loads(out)["strategies"]}
    assert {"tit_for_tat", "ultimatum", "no_obligations_if_abandoned"} <= names
    status, out, err = run_cli("strategies", INF)
    assert status == 0, err
    assert "always_develop" in out


def test_bad_strategy_option_is_one_line_error(run_cli):
    status, out, err = run_cli("play", PD, "--row", "nonsense", "--col", "tit_for_tat")
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"error: {PD}: --row: unknown strategy 'nonsense'")
    status, out, err = run_cli("play", PD, "--runs", "0")
    assert status == 2 and "--runs" in err


def test_play_without_play_section_needs_both_strategies(run_cli):
    status, out, err = run_cli("play", SCENARIOS / "chicken.toml")
    assert status == 2 and "--row" in err


def test_check_without_discounting_uses_the_finite_horizon(run_cli, tmp_path):
    base = PD.read_text().split("# Iterated play")[0]
    path = tmp_path / "pd.toml"
    play = '[play]\nrounds = 200\nrow = "tit_for_tat"\ncol = "tit_for_tat"\n'
    path.write_text(base + play, encoding="utf-8")
    status, out, err = run_cli("check", path, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["subgame_perfect"] is None and data["horizon"] == 200
    assert abs(data["best_response"]["row"]["payoff"] - 602.0) < 1e-9
    assert abs(data["best_response"]["row"]["current_payoff"] - 600.0) < 1e-9
