"""Responsibility for the treaty's end: rules on the evidence, against hand-computed cases."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.setup import play_setup
from sim.dynamics.blame import BlameRules
from sim.play.blame import PARTIES, blame_matrix
from sim.play.responsibility import CAUSE_NAMES, attribute_end
from sim.play.responsibility_mc import simulate_attribution
from tests.conftest import SCENARIOS

DATED = {"deadline": 2, "start": 3, "issue_on": []}
"""A one-off ultimatum at round 3: the column side must be seen complying in rounds 3 and 4."""


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def split(inf, values, col, rounds=30, **rules):
    setup = play_setup(inf, values)
    model = replace(setup.model, blame=BlameRules.from_words(**rules))
    row = library_strategy("ultimatum", model, 0, DATED)
    return attribute_end(model, row, library_strategy(col, model, 1), rounds)


def test_an_answer_to_a_false_alarm_is_the_accusers_by_default(inf):
    f = 0.1
    result = split(inf, {"false_alarm": f, "noise": 0.0}, "always_comply")
    end = 1 - (1 - f) ** 2  # a false alarm in one of the two deadline rounds
    assert result.responsible == pytest.approx([end, 0.0, 0.0], abs=1e-12)
    accused = split(inf, {"false_alarm": f, "noise": 0.0}, "always_comply", false_alarm="accused")
    assert accused.responsible == pytest.approx([0.0, end, 0.0], abs=1e-12)
    part = split(inf, {"false_alarm": f, "noise": 0.0}, "always_comply", false_alarm=0.3)
    assert part.responsible == pytest.approx([0.3 * end, 0.7 * end, 0.0], abs=1e-12)


def test_an_answer_to_a_detected_violation_is_the_violators(inf):
    d = 0.6
    values = {"false_alarm": 0.0, "noise": 0.0, "detect": d}
    result = split(inf, values, "always_violate")
    end = 1 - (1 - d) ** 2
    assert result.responsible == pytest.approx([0.0, end, 0.0], abs=1e-12)
    moved = split(inf, values, "always_violate", real_violation="mover")
    assert moved.responsible == pytest.approx([end, 0.0, 0.0], abs=1e-12)


def test_a_detected_execution_error_follows_the_tremble_rule(inf):
    e, d = 0.05, 0.5
    values = {"false_alarm": 0.0, "noise": e, "detect": d}
    end = 1 - (1 - e * d) ** 2
    shared = split(inf, values, "always_comply", tremble="shared")
    assert shared.responsible == pytest.approx([end / 2, end / 2, 0.0], abs=1e-12)
    nobody = split(inf, values, "always_comply", tremble="nobody")
    assert nobody.responsible == pytest.approx([0.0, 0.0, end], abs=1e-12)


def test_every_row_of_the_blame_matrix_sums_to_one():
    rules = BlameRules.from_words(
        first_move=0.2, tremble="nobody", simultaneous="nobody", chance="shared"
    )
    matrix = blame_matrix(rules, CAUSE_NAMES)
    assert matrix.sum(axis=1) == pytest.approx(np.ones(len(CAUSE_NAMES)), abs=0)
    assert matrix[CAUSE_NAMES.index("col_first_move")].tolist() == [0.8, 0.2, 0.0]
    assert matrix[CAUSE_NAMES.index("other")].tolist() == [0.5, 0.5, 0.0]
    assert matrix[CAUSE_NAMES.index("both")].tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("rules", [{}, {"accident": "accused", "false_alarm": 0.25}])
def test_parts_sum_to_the_end_probability_and_monte_carlo_agrees(inf, rules):
    setup = play_setup(
        inf, {"noise": 0.05, "false_alarm": 0.1}, row="grim_trigger", col="tit_for_tat"
    )
    model = replace(setup.model, trembles=(None, None), blame=BlameRules.from_words(**rules))
    rounds, runs = 12, 4000
    exact = attribute_end(model, setup.row, setup.col, rounds)
    assert exact.responsible.sum() == pytest.approx(exact.end_probability, abs=1e-12)
    assert exact.by_cause[CAUSE_NAMES.index("row_accident")] > 0
    sampled = simulate_attribution(model, setup.row, setup.col, rounds, runs, seed=3)
    shares = sampled.responsibility()
    for k, party in enumerate(PARTIES):
        se = max(shares[party]["se"], np.sqrt(1e-4 / runs))
        assert abs(shares[party]["mean"] - exact.responsible[k]) < 4.5 * se, party


def test_the_scenario_section_sets_the_rules(tmp_path):
    text = (SCENARIOS / "inf_treaty.toml").read_text(encoding="utf-8")
    text = text.replace('false_alarm = "mover"\naccident', "false_alarm = 0.25\naccident")
    path = tmp_path / "inf.toml"
    path.write_text(text, encoding="utf-8")
    rules = play_setup(load(path)).model.blame
    assert rules.kinds[3] == (0.25, 0.75, 0.0)
    assert play_setup(load(SCENARIOS / "inf_treaty.toml")).model.blame == BlameRules.from_words()


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("tremble = 1.5", "[0, 1]"),
        ('simultaneous = "mover"', "simultaneous"),
        ("blame = 1", "blame"),
    ],
)
def test_a_bad_rule_is_one_line_naming_its_key(tmp_path, run_cli, entry, problem):
    text = (SCENARIOS / "prisoners_dilemma.toml").read_text(encoding="utf-8")
    path = tmp_path / "pd.toml"
    path.write_text(text + f"\n[responsibility]\n{entry}\n", encoding="utf-8")
    status, _, err = run_cli("validate", path)
    assert status == 2
    assert err.count("\n") == 1 and "responsibility" in err and problem in err, err
