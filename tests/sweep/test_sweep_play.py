"""Iterated-play outcomes of sweeps, against closed forms and single-point analyses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.errors import ScenarioError
from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import run_sweep

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SERIAL = ExecutorSpec(workers=1)


def sweep_table(tmp_path, text: str, overrides=None):
    path = tmp_path / "play.toml"
    path.write_text(text, encoding="utf-8")
    run = run_sweep(load_sweep(path, overrides), tmp_path / "out", SERIAL, progress=False)
    return run.table, __import__("pandas").read_parquet(run.table)


def test_grim_trigger_critical_discount_is_t_minus_r_over_t_minus_p(tmp_path):
    """Grim trigger against itself in the prisoner's dilemma is subgame perfect exactly for
    discount factors of at least (T - R) / (T - P) (Friedman 1971; e.g. Mailath and
    Samuelson 2006, sec. 2.4)."""
    text = f"""
name = "grim"
scenario = "{(SCENARIOS / "prisoners_dilemma.toml").as_posix()}"
outcomes = ["critical_discount", "subgame_perfect"]
[play]
discount = 0.6
[parameters]
T = {{ values = [3.5, 4.0, 5.0, 7.0, 10.0] }}
"""
    _, table = sweep_table(tmp_path, text)
    T = table["T"].to_numpy()
    expected = (T - 3.0) / (T - 1.0)
    assert table["critical_discount"].to_numpy() == pytest.approx(expected, abs=1e-9)
    assert table["subgame_perfect"].tolist() == (expected <= 0.6).tolist()


def test_tit_for_tat_against_always_defect_totals(tmp_path):
    """Undiscounted over 200 rounds: S + 199 P for tit-for-tat, T + 199 P for always-defect
    (199 against 204 at T=5, R=3, P=1, S=0, as in Axelrod's tournaments)."""
    text = f"""
name = "tft"
scenario = "{(SCENARIOS / "prisoners_dilemma.toml").as_posix()}"
outcomes = ["expected_payoffs"]
[play]
row = "tit_for_tat"
col = "always_defect"
discount = 1.0
rounds = 200
[parameters]
T = {{ values = [4.0, 5.0, 6.0] }}
S = {{ values = [-1.0, 0.0] }}
"""
    _, table = sweep_table(tmp_path, text)
    assert table["play_row_payoff"].to_numpy() == pytest.approx(table["S"] + 199.0)
    assert table["play_col_payoff"].to_numpy() == pytest.approx(table["T"] + 199.0)
    row = table[(table["T"] == 5.0) & (table["S"] == 0.0)].iloc[0]
    assert (row["play_row_payoff"], row["play_col_payoff"]) == pytest.approx((199.0, 204.0))


INF_PLAY = f"""
name = "inf_play"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
chunk_size = 7
outcomes = ["expected_payoffs", "survival", "collapse_time", "who_ends", "subgame_perfect"]
[play]
rounds = 60
[parameters]
false_alarm = {{ values = [0.0, 0.02, 0.1] }}
deadline_rounds = {{ values = [1, 2, 3], integer = true }}
detect = {{ values = [0.2, 0.9] }}
"""


@pytest.mark.slow
def test_inf_without_false_alarms_or_trembles_keeps_the_treaty(tmp_path):
    """With no false alarm and no tremble both announced policies comply for ever: the treaty
    survives, and each side earns treaty_value * (1 - delta^T) / (1 - delta)."""
    _, table = sweep_table(tmp_path, INF_PLAY, {"noise": 0.0, "ultimatum_round": 20})
    clean = table[table["false_alarm"] == 0.0]
    delta, rounds = 0.99, 60
    assert clean["survival"].to_numpy() == pytest.approx(1.0, abs=1e-12)
    assert clean["rounds_in_force"].to_numpy() == pytest.approx(rounds)
    value = 3.0 * (1 - delta**rounds) / (1 - delta)
    assert clean["play_row_payoff"].to_numpy() == pytest.approx(value)
    assert clean["play_col_payoff"].to_numpy() == pytest.approx(value)
    assert np.all(clean[["ended_by_row", "ended_by_col"]].to_numpy() == pytest.approx(0.0))
    noisy = table[table["false_alarm"] > 0]
    assert np.all(noisy["survival"] < 1.0)


@pytest.mark.slow
def test_inf_play_columns_equal_single_point_analyses(tmp_path):
    """Grouping by the integer deadline and batching give the numbers of one-point calls."""
    from sim.compile.setup import play_setup
    from sim.play.checks import check_subgame_perfect
    from sim.play.exact import exact_outcomes

    path, table = sweep_table(tmp_path, INF_PLAY)
    sweep = load_sweep(tmp_path / "play.toml")
    for _, row in table.iloc[[0, 5, 11, 17]].iterrows():
        point = {
            "false_alarm": row["false_alarm"],
            "deadline_rounds": row["deadline_rounds"],
            "detect": row["detect"],
        }
        setup = play_setup(sweep.scenario, point, rounds=60)
        exact = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
        assert row["play_row_payoff"] == pytest.approx(exact.payoffs[0], rel=1e-12)
        assert row["play_col_payoff"] == pytest.approx(exact.payoffs[1], rel=1e-12)
        assert row["survival"] == pytest.approx(1 - exact.end_probability, abs=1e-12)
        assert row["rounds_in_force"] == pytest.approx(exact.expected_rounds_in_force)
        assert row["ended_by_row"] == pytest.approx(exact.ended_by[0], abs=1e-12)
        check = check_subgame_perfect(setup.model, setup.row, setup.col)
        assert row["subgame_perfect"] == bool(check.subgame_perfect)
    assert table["deadline_rounds"].dtype == np.int64
    ended = table["ended_by_row"] + table["ended_by_col"]
    assert np.all(ended >= 1 - table["survival"] - 1e-9)


@pytest.mark.slow
def test_a_deadline_not_declared_integer_is_a_clear_error(tmp_path):
    text = INF_PLAY.replace(", integer = true", "")
    path = tmp_path / "play.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="integer = true"):
        run_sweep(load_sweep(path), tmp_path / "out", SERIAL, progress=False)


def test_unknown_strategy_in_the_sweep_names_the_sweep_key(tmp_path):
    path = tmp_path / "play.toml"
    path.write_text(INF_PLAY.replace("rounds = 60", 'rounds = 60\nrow = "tit_for_tatt"'))
    with pytest.raises(ScenarioError) as info:
        load_sweep(path)
    assert (info.value.source, info.value.key) == (str(path), "play.row")
    assert "unknown strategy" in info.value.message


MONTE_CARLO = f"""
name = "inf_mc"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
seed = 77
chunk_size = 5
outcomes = ["survival", "expected_payoffs", "monte_carlo"]
[play]
rounds = 40
runs = 400
[parameters]
false_alarm = {{ values = [0.02, 0.1] }}
deadline_rounds = {{ values = [1, 2, 3], integer = true }}
"""


@pytest.mark.slow
def test_monte_carlo_agrees_with_exact_and_is_seeded_per_point(tmp_path):
    import pandas as pd

    from sim.compile.setup import play_setup
    from sim.play.montecarlo import simulate
    from sim.sweep.seeds import point_sequence

    path = tmp_path / "mc.toml"
    path.write_text(MONTE_CARLO, encoding="utf-8")
    sweep = load_sweep(path)
    tables = [
        pd.read_parquet(
            run_sweep(sweep, tmp_path / f"out{size}", spec, chunk_size=size, progress=False).table
        )
        for size, spec in ((6, SERIAL), (1, SERIAL), (4, ExecutorSpec(workers=2)))
    ]
    for other in tables[1:]:
        pd.testing.assert_frame_equal(other, tables[0], check_exact=True)
    table = tables[0]
    # Exact and sampled survival and payoffs agree within 4.5 standard errors.
    gap = np.abs(table["mc_survival"] - table["survival"])
    assert np.all(gap <= 4.5 * table["mc_survival_se"] + 1e-12)
    for side in ("row", "col"):
        gap = np.abs(table[f"mc_{side}_payoff"] - table[f"play_{side}_payoff"])
        assert np.all(gap <= 4.5 * table[f"mc_{side}_payoff_se"] + 1e-9)
    # Point 4 by hand: its own SeedSequence, nothing from the chunk.
    row = table.iloc[4]
    point = {"false_alarm": row["false_alarm"], "deadline_rounds": row["deadline_rounds"]}
    setup = play_setup(sweep.scenario, point, rounds=40)
    result = simulate(setup.model, setup.row, setup.col, 40, 400, point_sequence(77, 4))
    assert row["mc_row_payoff"] == result.payoff_mean[0]
    assert row["mc_survival"] == np.mean(result.end_round < 0)


def test_responsibility_columns_split_the_end_probability(tmp_path):
    """The dated ultimatum against "no obligations" with no trembles ends only on a false
    alarm in one of its two deadline rounds: 1 - (1 - f)^2, the US's by the INF rules."""
    text = f"""
name = "blame"
scenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"
outcomes = ["survival", "who_ends", "responsibility"]
[play]
rounds = 30
[parameters]
false_alarm = {{ values = [0.0, 0.1, 0.2] }}
"""
    _, table = sweep_table(tmp_path, text, {"ultimatum_round": 5, "noise": 0.0})
    f = table["false_alarm"].to_numpy()
    end = 1 - (1 - f) ** 2
    assert 1 - table["survival"].to_numpy() == pytest.approx(end, abs=1e-12)
    assert table["end_row_false_alarm"].to_numpy() == pytest.approx(end, abs=1e-12)
    assert table["responsible_row"].to_numpy() == pytest.approx(end, abs=1e-12)
    parts = table[["responsible_row", "responsible_col", "responsible_nobody"]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(end, abs=1e-12)
    causes = table[[c for c in table.columns if c.startswith("end_")]].sum(axis=1)
    assert causes.to_numpy() == pytest.approx(end, abs=1e-12)
