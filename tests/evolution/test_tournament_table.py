"""Tournament tables of scenarios from the exact analysis, checked against hand-computed
head-to-head totals on the prisoner's dilemma (T=5, R=3, P=1, S=0)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.errors import OptionError, ScenarioError
from sim.evolution.scenario_table import scenario_table
from tests.conftest import SCENARIOS

PD_TEXT = (SCENARIOS / "prisoners_dilemma.toml").read_text()

POOL = [
    "tit_for_tat",
    "always_defect",
    "always_cooperate",
    "grim_trigger",
    "alternator",
    "win_stay_lose_shift",
]

# Totals over 200 undiscounted rounds, computed by hand (row strategy, column strategy):
HAND = {
    # tit-for-tat: C, then D for ever: 0 + 199 * 1 = 199; always-defect: 5 + 199 = 204.
    ("tit_for_tat", "always_defect"): (199, 204),
    ("grim_trigger", "always_defect"): (199, 204),
    ("tit_for_tat", "tit_for_tat"): (600, 600),
    ("always_defect", "always_cooperate"): (1000, 0),
    ("always_defect", "always_defect"): (200, 200),
    # alternator C, D, C, D, ...; tit-for-tat C, C, D, C, D, ...: round 1 (C, C) 3/3, then
    # 100 rounds (D, C) 5/0 and 99 rounds (C, D) 0/5.
    ("alternator", "tit_for_tat"): (503, 498),
    # win-stay-lose-shift against always-defect: C, D, C, D, ...: 100 * 0 + 100 * 1 = 100
    # against 100 * 5 + 100 * 1 = 600.
    ("win_stay_lose_shift", "always_defect"): (100, 600),
    # grim trigger against alternator: (C, C), (C, D), then (D, C) in the 99 odd rounds
    # 3..199 and (D, D) in the 99 even rounds 4..200: 3 + 0 + 99 * 5 + 99 * 1 = 597
    # against 3 + 5 + 99 * 0 + 99 * 1 = 107.
    ("grim_trigger", "alternator"): (597, 107),
}


def _pd(tmp_path, section: str = "[tournament]\nrounds = 200\ndiscount = 1.0\n"):
    path = tmp_path / "pd.toml"
    path.write_text(PD_TEXT + "\n" + section)
    return load(path)


def test_exact_table_agrees_with_head_to_head_totals_by_hand(tmp_path):
    table = scenario_table(_pd(tmp_path, "[tournament]\npool = ['tit_for_tat']\ndiscount = 1.0\n"),
                           POOL, POOL)  # fmt: skip
    meta = table.meta
    for (row, col), (row_total, col_total) in HAND.items():
        i, j = POOL.index(row), POOL.index(col)
        assert meta.row_payoffs[i, j] == pytest.approx(row_total, abs=1e-9), (row, col)
        assert meta.col_payoffs[i, j] == pytest.approx(col_total, abs=1e-9), (row, col)
    # A symmetric game with one pool: the column table is the transpose of the row table.
    np.testing.assert_allclose(meta.col_payoffs, meta.row_payoffs.T, atol=1e-9)
    assert table.scale == pytest.approx(200) and table.settings["rounds"] == 200
    assert not meta.sampled


def test_discounting_from_the_play_section_weights_the_rounds(tmp_path):
    # prisoners_dilemma.toml plays 200 rounds with discount 0.95: tit-for-tat against
    # always-defect earns 0 + sum_{t=1}^{199} 0.95^t, always-defect 5 + the same.
    table = scenario_table(load(SCENARIOS / "prisoners_dilemma.toml"), POOL[:2], POOL[:2])
    tail = sum(0.95**t for t in range(1, 200))
    assert table.meta.row_payoffs[0, 1] == pytest.approx(tail)
    assert table.meta.col_payoffs[0, 1] == pytest.approx(5 + tail)
    assert table.scale == pytest.approx((1 - 0.95**200) / (1 - 0.95))


def test_pools_and_labels_come_from_the_scenario(tmp_path):
    scenario = _pd(
        tmp_path,
        """[tournament]
rounds = 10
discount = 1.0
row_pool = [{ strategy = "tit_for_tat", label = "follow suit" }, "always_defect"]
col_pool = [{ strategy = "generous_tit_for_tat", parameters = { forgiveness = 0.5 } }]
""",
    )
    meta = scenario_table(scenario).meta
    assert meta.row_names == ("follow suit", "always_defect")
    assert meta.col_names == ("generous_tit_for_tat(forgiveness=0.5)",)
    assert meta.players == ("Row", "Column")
    # Always-defect against generous tit-for-tat: round 1 (D, C) 5; then each round the
    # forgiver cooperates with probability 1/2: 5 + 9 * (0.5 * 5 + 0.5 * 1) = 32.
    assert meta.row_payoffs[1, 0] == pytest.approx(32.0)


def test_a_bad_strategy_name_names_its_pool_entry(tmp_path):
    with pytest.raises(ScenarioError) as info:  # found when the file is loaded
        _pd(tmp_path, "[tournament]\npool = ['tit_for_tat', 'tit_for_tatt']\n")
    assert info.value.key == "tournament.pool[1]"
    assert "unknown strategy" in info.value.message
    assert info.value.source.endswith("pd.toml")


def test_pools_are_needed_and_options_are_checked(tmp_path):
    scenario = load(SCENARIOS / "prisoners_dilemma.toml")
    with pytest.raises(ScenarioError, match="names no pools"):
        scenario_table(scenario)
    with pytest.raises(OptionError, match="twice"):
        scenario_table(scenario, ["tit_for_tat", "tit_for_tat"])
    with pytest.raises(OptionError, match="unknown method"):
        scenario_table(scenario, ["tit_for_tat"], method="guess")
    # One pool given and none in the scenario: it serves both sides.
    table = scenario_table(scenario, ["always_defect", "tit_for_tat"])
    assert table.meta.shares_pool()


def test_both_summations_agree_with_the_engine():
    # INF pairings (chains of 20 to 320 states: stepping) and prisoner's dilemma pairings
    # (a few states: doubling) against sim.play.exact.match_payoffs.
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from sim.evolution.scenario_table import pair_payoffs
    from sim.play.exact import match_payoffs

    cases = [(SCENARIOS / "inf_treaty.toml", 96), (SCENARIOS / "prisoners_dilemma.toml", 200)]
    for path, rounds in cases:
        scenario = load(path)
        model = build_model(scenario)
        entries = ["tit_for_tat", "grim_trigger", "generous_tit_for_tat"]
        for row_name in entries:
            for col_name in entries[::-1]:
                row = build_strategy(scenario, row_name, 0, model)
                col = build_strategy(scenario, col_name, 1, model)
                np.testing.assert_allclose(
                    pair_payoffs(model, row, col, rounds),
                    match_payoffs(model, row, col, rounds),
                    rtol=1e-10,
                    atol=1e-9,
                )


def test_geometric_sum_by_doubling():
    from sim.play.exact import geometric_sum

    rng = np.random.default_rng(4)
    step = rng.random((5, 5)) / 5
    for rounds in (1, 2, 7, 64, 100):
        naive = sum(np.linalg.matrix_power(step, t) for t in range(rounds))
        np.testing.assert_allclose(geometric_sum(step, rounds), naive, rtol=1e-12)


def test_monte_carlo_table_agrees_with_the_exact_table(tmp_path):
    section = """[monitoring]
noise = 0.05

[tournament]
rounds = 50
discount = 1.0
method = "monte_carlo"
runs = 400
seed = 7
pool = ["tit_for_tat", "always_defect", "win_stay_lose_shift", "generous_tit_for_tat"]
"""
    scenario = _pd(tmp_path, section)
    sampled = scenario_table(scenario)
    exact = scenario_table(scenario, method="exact")
    assert sampled.meta.sampled and sampled.settings["runs"] == 400
    assert np.all(sampled.meta.row_se > 0)
    z = (sampled.meta.row_payoffs - exact.meta.row_payoffs) / sampled.meta.row_se
    # 16 entries: a joint 99% check (Bonferroni, two-sided: |z| < 3.42).
    assert np.max(np.abs(z)) < 3.42
    again = scenario_table(scenario)  # the same seed gives the same table
    np.testing.assert_array_equal(again.meta.row_payoffs, sampled.meta.row_payoffs)
