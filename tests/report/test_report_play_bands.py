"""Per-round Monte Carlo estimates of the play section agree with the exact curves."""

from __future__ import annotations

import numpy as np

from sim.compile.check import load
from sim.report.play import play_section
from tests.conftest import SCENARIOS

RUNS = 4000


def test_per_round_bands_agree_with_the_exact_curves():
    # noisy monitoring and trembles, so that the treaty ends often within 60 rounds
    scenario = load(SCENARIOS / "inf_treaty.toml").with_parameters(
        {"noise": 0.02, "false_alarm": 0.2}
    )
    section = play_section(scenario, row="ultimatum", rounds=60, runs=RUNS, seed=7)
    exact = section["per_round"]
    sampled = section["monte_carlo"]["per_round"]
    assert set(sampled) <= set(exact) and {"survival", "row_withdraw", "col_develop"} <= set(
        sampled
    )
    for key, estimate in sampled.items():
        mean, half = np.array(estimate["mean"]), np.array(estimate["ci95"])
        truth = np.array(exact[key])
        assert mean.shape == truth.shape == (60,)
        common = (truth > 0.05) & (truth < 0.95)
        assert np.all(half[common] > 0), key
        # rounds of one run are correlated, so a run may sit above or below the exact curve
        # for a long stretch; still no round may miss by more than four half-widths (plus
        # the resolution of RUNS runs for rare events)
        assert np.all(np.abs(mean - truth) <= 4 * half + 3 / RUNS), key
    ended = 1 - np.array(sampled["survival"]["mean"])[-1]
    assert ended > 0.3  # the test exercises the bands, not a treaty that never ends


def test_per_round_survival_sums_to_the_rounds_in_force():
    # sum over t of P(in force in round t) is the expected number of rounds in force, for
    # the exact curve and, run by run, for the Monte Carlo one: an off-by-one in either
    # definition of survival breaks the identity by about P(the treaty ends)
    scenario = load(SCENARIOS / "inf_treaty.toml").with_parameters(
        {"noise": 0.02, "false_alarm": 0.2}
    )
    section = play_section(scenario, row="ultimatum", rounds=60, runs=RUNS, seed=3)
    exact_sum = float(np.sum(section["per_round"]["survival"]))
    assert abs(exact_sum - section["exact"]["expected_rounds_in_force"]) < 1e-9
    sampled_sum = float(np.sum(section["monte_carlo"]["per_round"]["survival"]["mean"]))
    assert abs(sampled_sum - section["monte_carlo"]["rounds_in_force"]["mean"]) < 1e-9
