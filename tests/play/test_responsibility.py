"""Attribution of the treaty's end to its cause: exact, against closed forms and Monte Carlo."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.setup import play_setup
from sim.play.exact import exact_outcomes
from sim.play.responsibility import CAUSE_NAMES, attribute_end
from sim.play.responsibility_mc import simulate_attribution
from tests.conftest import SCENARIOS

DATED = {"deadline": 2, "start": 3, "issue_on": []}


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def pair(setup, row, col, row_parameters=None, col_parameters=None):
    model = setup.model
    return (
        library_strategy(row, model, 0, row_parameters),
        library_strategy(col, model, 1, col_parameters),
    )


def test_a_dated_ultimatum_against_compliance_ends_only_on_false_alarms(inf):
    f = 0.1
    setup = play_setup(inf, {"false_alarm": f, "noise": 0.0})
    row, col = pair(setup, "ultimatum", "always_comply", DATED)
    result = attribute_end(setup.model, row, col, 30)
    assert result.share("row_false_alarm") == pytest.approx(1 - (1 - f) ** 2, abs=1e-12)
    assert result.end_probability == pytest.approx(1 - (1 - f) ** 2, abs=1e-12)
    assert result.claims()["row_without_real_violation"] == pytest.approx(1 - (1 - f) ** 2)


def test_against_a_violator_it_answers_real_violations(inf):
    d = 0.6
    setup = play_setup(inf, {"false_alarm": 0.0, "noise": 0.0, "detect": d})
    row, col = pair(setup, "ultimatum", "always_violate", DATED)
    result = attribute_end(setup.model, row, col, 30)
    assert result.share("row_real_violation") == pytest.approx(1 - (1 - d) ** 2, abs=1e-12)
    assert result.claims()["row_without_real_violation"] == pytest.approx(0.0, abs=1e-15)


def test_an_execution_error_seen_as_a_violation_counts_as_a_tremble(inf):
    e, d = 0.05, 0.5
    setup = play_setup(inf, {"false_alarm": 0.0, "noise": e, "detect": d})
    row, col = pair(setup, "ultimatum", "always_comply", DATED)
    result = attribute_end(setup.model, row, col, 30)
    # Russia's compliance is executed as a violation (prob e) and detected (prob d) in one
    # of the two deadline rounds; the US's own trembles never withdraw (deliberate only)
    assert result.share("row_tremble") == pytest.approx(1 - (1 - e * d) ** 2, abs=1e-12)
    assert result.share("row_accident") == 0.0


CASES = [
    ("ultimatum", "no_obligations_if_abandoned", {}),
    ("ultimatum", "tit_for_tat", {"noise": 0.05, "false_alarm": 0.1}),
    ("grim_trigger", "always_violate", {"noise": 0.02}),
]


def uniform(setup):
    """The same model with the uniform tremble rule (accidental withdrawals possible)."""
    return replace(setup, model=replace(setup.model, trembles=(None, None)))


@pytest.mark.parametrize(("row", "col", "values"), CASES)
@pytest.mark.parametrize("rule", ["scenario", "uniform"])
def test_causes_sum_to_the_end_probability_and_to_each_sides_share(inf, row, col, values, rule):
    setup = play_setup(inf, {"noise": 0.01, **values}, row=row, col=col)
    if rule == "uniform":
        setup = uniform(setup)
    rounds = 60
    exact = exact_outcomes(setup.model, setup.row, setup.col, rounds)
    result = attribute_end(setup.model, setup.row, setup.col, rounds)
    assert result.end_probability == pytest.approx(exact.end_probability, abs=1e-12)
    claims = result.claims()
    assert [claims["row"], claims["col"]] == pytest.approx(exact.ended_by, abs=1e-12)
    assert result.per_round.sum(axis=-1) == pytest.approx(exact.ending.sum(axis=-1), abs=1e-13)
    if rule == "uniform":
        assert claims["accidents"] > 0
    else:
        assert claims["accidents"] == 0.0


@pytest.mark.slow
@pytest.mark.parametrize(("row", "col", "values"), CASES[1:])
def test_monte_carlo_agrees_with_the_exact_split(inf, row, col, values):
    setup = uniform(play_setup(inf, {"noise": 0.01, **values}, row=row, col=col))
    rounds, runs = 60, 6000
    exact = attribute_end(setup.model, setup.row, setup.col, rounds).by_cause
    sampled = simulate_attribution(setup.model, setup.row, setup.col, rounds, runs, seed=5)
    counts = np.bincount(sampled.end_cause[sampled.end_cause >= 0], minlength=len(CAUSE_NAMES))
    share = counts / runs
    se = np.sqrt(np.maximum(exact * (1 - exact), 1e-4) / runs)
    assert np.all(np.abs(share - exact) < 4.5 * se), dict(
        zip(CAUSE_NAMES, share - exact, strict=True)
    )
    assert share.sum() == pytest.approx(exact.sum(), abs=4.5 * np.sqrt(0.25 / runs))


def test_batch_equals_a_loop_over_points(inf):
    grid = {"false_alarm": np.array([0.0, 0.05, 0.2]), "noise": np.array([0.0, 0.01, 0.03])}
    setup = play_setup(inf, grid, row="ultimatum", col="tit_for_tat")
    batch = attribute_end(setup.model, setup.row, setup.col, 40).by_cause
    for k in range(3):
        point = {key: float(v[k]) for key, v in grid.items()}
        one = play_setup(inf, point, row="ultimatum", col="tit_for_tat")
        single = attribute_end(one.model, one.row, one.col, 40).by_cause
        assert batch[k] == pytest.approx(single, abs=1e-13)


DRIFTER = """[strategies.drifter]
description = "Mixes compliance and violation; withdraws after its own violation"
initial = "calm"
states.calm = { play = { comply = "1 - w", violate = "w" } }
states.armed = { action = "withdraw" }
transitions = [
  { from = "calm", own = ["violate"], to = "armed" },
  { from = "calm", to = "calm" },
  { to = "armed" },
]

[play]
"""


def test_a_batch_whose_points_take_different_evidence_free_paths(tmp_path):
    """The row side violates with probability ``w`` and withdraws after its own violation.
    Where ``w > 1/2`` the evidence-free path violates and then withdraws, so that withdrawal
    is a first move; where ``w < 1/2`` the path stays calm, and a withdrawal made after a
    false alarm answers it. Each point of one batch must get its own point's figures, and
    the batched kernel the same."""
    from sim.play.batch import batch_outcomes

    text = (SCENARIOS / "inf_treaty.toml").read_text(encoding="utf-8")
    text = text.replace("[parameters]\n", "[parameters]\nw = { value = 0.1, max = 1.0 }\n", 1)
    path = tmp_path / "drifter.toml"
    path.write_text(text.replace("[play]\n", DRIFTER, 1), encoding="utf-8")
    scenario = load(path)
    values = {"w": np.array([0.9, 0.05, 0.6, 0.2]), "false_alarm": np.array([0.2, 0.1, 0.05, 0.15])}
    batch = attribute_end(*_drifter(scenario, values), 15).by_cause
    kernel = batch_outcomes(*_drifter(scenario, values), 15, causes=True).by_cause
    for k in range(4):
        single = attribute_end(*_drifter(scenario, {n: v[k] for n, v in values.items()}), 15)
        assert np.allclose(batch[k], single.by_cause, rtol=0, atol=1e-12)
        assert np.allclose(kernel[k], single.by_cause, rtol=0, atol=1e-12)
        answered = single.share("row_false_alarm")
        assert answered > 0.1 if values["w"][k] < 0.5 else answered == 0.0


def _drifter(scenario, values):
    setup = play_setup(scenario, values, row="drifter", col="always_comply", rounds=15)
    return setup.model, setup.row, setup.col
