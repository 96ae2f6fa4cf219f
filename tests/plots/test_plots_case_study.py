"""The INF case-study experiments run with their documented command and say what they should.

Each experiment runs once in ``--quick`` mode (coarse grids, few Monte Carlo runs) into a
temporary folder; the checks are on the numbers in its tables, against closed forms where
the literature has them and against properties (monotonicity, Monte Carlo within its
interval of the exact value) where it does not.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def run_experiment(name: str, folder) -> None:
    command = [sys.executable, str(ROOT / "experiments" / f"{name}.py"), "--quick"]
    subprocess.run([*command, "--out", str(folder)], check=True, cwd=ROOT, capture_output=True)
    assert (folder / "manifest.json").is_file()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("case_study")


def test_classic_results_match_the_closed_forms(out):
    run_experiment("case_classic_results", out / "classic")
    table = pd.read_csv(out / "classic" / "classic_results.csv")
    assert len(table) == 6 and table["source"].str.len().min() > 20
    exact = table[table.stabsim_exact.notna()]
    assert (exact.stabsim_exact == exact.literature).all()  # "2/3" == "2/3", exactly
    near = table[table.stabsim_exact.isna()]
    tolerance = np.where(near.result.str.startswith("generous"), 2e-4, 1e-6)
    assert (near.difference.abs() < tolerance).all()


def test_self_enforcing_sets_state_their_monitoring(out):
    """Perfect monitoring, no trembles (closed forms in tests/repeated/test_discount_sets.py):
    grim trigger, punishing by a covert violation, is a Nash equilibrium at no discount
    factor without detection (its punishment pays the US 3, as much as compliance) and at
    every one with certain detection (a violation then loses 2.5 at once); it is never
    subgame perfect, since after a termination it keeps violating where deploying is the
    best reply. The announced profile is a Nash equilibrium at every discount factor (no
    stage payoff above 3 is within reach of either side), and at none once trembles put
    the ultimatum's withdrawal, which costs the US the treaty, on the path of play."""
    run_experiment("case_self_enforcing", out / "self")
    table = pd.read_csv(out / "self" / "discount_sets.csv")
    assert set(table.monitoring) == {"perfect", "public"}
    perfect = table[table.monitoring == "perfect"]
    grim = perfect[perfect.profile == "grim trigger"].sort_values("detect")
    assert (grim[grim.concept == "subgame perfect"].set == "∅").all()
    assert grim[grim.concept == "Nash"].set.tolist() == ["∅", "(0, 1)"]  # detect 0 and 1
    tit_for_tat = perfect[(perfect.profile == "tit-for-tat") & (perfect.concept != "Nash")]
    assert (tit_for_tat.set == "∅").all()
    baseline = pd.read_csv(out / "self" / "baseline_sets.csv")
    announced = baseline[(baseline.profile == "announced policies")]
    nash = announced[(announced.monitoring == "perfect") & (announced.concept == "Nash")]
    assert nash.sort_values("noise").set.tolist() == ["(0, 1)", "∅"]
    assert set(baseline.monitoring) == {"perfect", "public", "private"}
    private = baseline[baseline.monitoring == "private"]
    sequential = private[private.concept == "sequential equilibrium"]
    assert sorted(sequential.profile) == ["announced policies"] * 2 + ["tit-for-tat"] * 2
    assert (sequential.set == "not computed (no sequential equilibrium check)").all()
    assert sequential.intervals.isna().all()
    assert (out / "self" / "self_enforcing_perfect.pdf").is_file()


def test_false_alarms_exact_and_monte_carlo_agree(out):
    run_experiment("case_false_alarms", out / "alarms")
    baseline = pd.read_csv(out / "alarms" / "baseline.csv")
    gap = (baseline.exact - baseline.monte_carlo).abs()
    assert (gap <= 3 * baseline.mc_95_half_width).all()
    for russia in ("follow_suit", "mirror_response"):
        grid = pd.read_csv(out / "alarms" / f"grid_{russia}.csv")
        quiet = grid[grid.noise == 0].sort_values("false_alarm")
        assert quiet.months_in_force.iloc[0] == quiet.horizon_months.iloc[0]
        assert np.all(np.diff(quiet.months_in_force) < 0)
        assert np.allclose(quiet.p_russia_ends, 0)  # without trembles only the US leaves


def test_longer_deadlines_end_the_treaty_more_often_and_notice_keeps_it_longer(out):
    """The dated ultimatum of round 372 asks that Russia be seen complying in each of the
    ``k`` deadline months. Russia (no obligations unless the US leaves) complies, executed
    as a violation with probability ``n``; each month is seen clean with probability
    ``q = (1 - n)(1 - fa) + n (1 - detect)``, independently. Before the date the US does not
    react and Russia never leaves, so the treaty ends exactly when some deadline month is
    not seen clean: ``P(end) = 1 - q^k``, all by the US's move (the withdrawal comes in round
    ``372 + k`` and the termination six months later, within the 384 rounds for k <= 5, so
    for every deadline of the quick grid). A longer
    deadline gives more chances for a false alarm, so it ends the treaty more often."""
    run_experiment("case_deadline", out / "deadline")
    table = pd.read_csv(out / "deadline" / "grid.csv")
    n, detect = 0.001, 0.5
    q = (1 - n) * (1 - table.false_alarm) + n * (1 - detect)
    assert (table.deadline_months <= 4).all()
    np.testing.assert_allclose(table.p_end_within_horizon, 1 - q**table.deadline_months, atol=1e-12)
    np.testing.assert_allclose(table.p_us_ends, table.p_end_within_horizon, atol=1e-12)
    for _, group in table.groupby("false_alarm"):
        assert np.all(np.diff(group.sort_values("deadline_months").p_end_within_horizon) >= 0)
    run_experiment("case_notice", out / "notice")
    notice = pd.read_csv(out / "notice" / "notice.csv")
    for _, group in notice.groupby("false_alarm"):
        ordered = group.sort_values("notice_months")
        assert np.all(np.diff(ordered.months_before_termination) >= 0)
