"""Automata defined in a scenario file: treaty-state rules, parameters, expressions, templates."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.setup import play_setup
from sim.play.analysis import play_analysis
from sim.play.exact import exact_outcomes
from sim.play.montecarlo import simulate
from sim.report.play import write_play_csv
from tests.conftest import SCENARIOS

INF_TEXT = (SCENARIOS / "inf_treaty.toml").read_text()

WAIT_FOR_TERMINATION = """
[strategies.hedge]
description = "Comply while the treaty is in force; deploy once it is terminated."
initial = "bound"
states.bound = { action = "comply" }
states.free = { action = "develop" }
transitions = [
  { treaty = ["terminated"], to = "free" },
  { from = "free", to = "free" },
  { to = "bound" },
]

[strategies.cautious]
description = "Violate with probability p (an expression), else comply; count k rounds."
initial = "look{k}"
parameters.p = { kind = "probability", default = "false_alarm", description = "violation rate" }
parameters.k = { kind = "integer", default = 2, description = "rounds" }
states."look{i}" = { play = { comply = "1 - p", violate = "p" }, for = "k" }
states.look0 = { action = "withdraw" }
transitions = [
  { from = "look{i}", to = "look{i-1}" },
  { from = "look0", to = "look0" },
]
"""


def scenario(tmp_path, extra: str = WAIT_FOR_TERMINATION, overrides=None):
    path = tmp_path / "inf.toml"
    path.write_text(INF_TEXT + extra, encoding="utf-8")
    return load(path, overrides or {"noise": 0.0})


def row_moves(setup, rounds):
    result = simulate(setup.model, setup.row, setup.col, rounds, 1, seed=0, trajectories=True)
    return [setup.model.actions[0][i] for i in result.row_actions[0]]


def test_an_automaton_can_read_the_treaty_state(tmp_path):
    loaded = scenario(tmp_path)
    setup = play_setup(loaded, row="hedge", col="always_withdraw", rounds=10)
    # Russia withdraws in round 0; six months of notice (rounds 1-6); terminated from round 7,
    # which the automaton reads after round 6.
    assert row_moves(setup, 10) == ["comply"] * 7 + ["develop"] * 3


def test_numbered_states_and_expression_probabilities(tmp_path):
    loaded = scenario(tmp_path, overrides={"noise": 0.0, "false_alarm": 0.25})
    setup = play_setup(loaded, row="cautious", col="always_comply", rounds=4)
    assert setup.row.states == ("look1", "look2", "look0")
    assert setup.row.states[setup.row.initial] == "look2"
    result = exact_outcomes(setup.model, setup.row, setup.col, 4)
    assert result.row_actions[:2, 1] == pytest.approx([0.25, 0.25])
    assert result.row_actions[2:, 2] == pytest.approx([1.0, 1.0])


def test_scenario_strategy_parameters_from_the_play_section(tmp_path):
    loaded = scenario(tmp_path)
    setup = play_setup(loaded, row="cautious(k=0)", col="always_comply", rounds=2)
    assert row_moves(setup, 2) == ["withdraw", "withdraw"]
    batch = play_setup(loaded, {"false_alarm": np.array([0.1, 0.3])}, row="cautious", col="hedge")
    assert batch.row.policy.shape == (2, 3, 4)


def test_play_csv_has_one_row_per_round(tmp_path):
    section = play_analysis(load(SCENARIOS / "inf_treaty.toml"), rounds=30, runs=50)
    path = write_play_csv(section, tmp_path)
    lines = path.read_text().splitlines()
    assert len(lines) == 31
    assert lines[0].startswith("round,survival,treaty_in_force")


def test_a_play_section_may_name_a_strategy_with_parameters_in_one_string(tmp_path):
    extra = '\n[play]\nrounds = 3\nrow = "cautious(k=0)"\ncol = "always_comply"\n'
    text = INF_TEXT.split("[play]")[0] + WAIT_FOR_TERMINATION + extra
    path = tmp_path / "inf.toml"
    path.write_text(text, encoding="utf-8")
    setup = play_setup(load(path, {"noise": 0.0}))
    assert row_moves(setup, 3) == ["withdraw"] * 3
