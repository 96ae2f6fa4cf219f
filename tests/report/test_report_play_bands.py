"""Per-round Monte Carlo estimates of the play section agree with the exact curves."""

from __future__ import annotations

import numpy as np

from sim.compile.check import load
from sim.play.analysis import play_analysis
from tests.conftest import SCENARIOS

RUNS = 4000


def test_per_round_bands_agree_with_the_exact_curves():
    # noisy monitoring and trembles, so that the treaty ends often within 60 rounds
    scenario = load(SCENARIOS / "inf_treaty.toml").with_parameters(
        {"noise": 0.02, "false_alarm": 0.2}
    )
    section = play_analysis(scenario, row="ultimatum", rounds=60, runs=RUNS, seed=7).to_dict()
    exact = columns(section["per_round"])
    sampled = columns(section["monte_carlo"]["per_round"])
    assert set(sampled) <= set(exact) and {"survival", "row_withdraw", "col_develop"} <= set(
        sampled
    )
    for key, estimates in sampled.items():
        if key == "round":
            continue
        mean = np.array([e["mean"] for e in estimates])
        half = np.array([(e["ci95"][1] - e["ci95"][0]) / 2 for e in estimates])
        truth = np.array(exact[key])
        assert mean.shape == truth.shape == (60,)
        common = (truth > 0.05) & (truth < 0.95)
        assert np.all(half[common] > 0), key
        # rounds of one run are correlated, so a run may sit above or below the exact curve
        # for a long stretch; still no round may miss by more than four half-widths (plus
        # the resolution of RUNS runs for rare events)
        assert np.all(np.abs(mean - truth) <= 4 * half + 3 / RUNS), key
    ended = 1 - sampled["survival"][-1]["mean"]
    assert ended > 0.3  # the test exercises the bands, not a treaty that never ends


def test_per_round_survival_sums_to_the_rounds_in_force():
    # sum over t of P(in force in round t) is the expected number of rounds in force, for
    # the exact curve and, run by run, for the Monte Carlo one: an off-by-one in either
    # definition of survival breaks the identity by about P(the treaty ends)
    scenario = load(SCENARIOS / "inf_treaty.toml").with_parameters(
        {"noise": 0.02, "false_alarm": 0.2}
    )
    section = play_analysis(scenario, row="ultimatum", rounds=60, runs=RUNS, seed=3).to_dict()
    exact_sum = float(np.sum(columns(section["per_round"])["survival"]))
    assert abs(exact_sum - section["exact"]["expected_rounds_in_force"]) < 1e-9
    sampled = columns(section["monte_carlo"]["per_round"])["survival"]
    sampled_sum = float(np.sum([e["mean"] for e in sampled]))
    mean = section["monte_carlo"]["expected_rounds_in_force"]["mean"]
    assert abs(sampled_sum - mean) < 1e-9


def columns(records: list[dict]) -> dict[str, list]:
    """A table of records as one list per field."""
    return {key: [record[key] for record in records] for key in records[0]}
