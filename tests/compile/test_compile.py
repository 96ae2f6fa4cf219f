"""The compile step: one value check, one set of defaults, load = parse + compile."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile import defaults
from sim.compile.check import load
from sim.compile.game import build_game
from sim.compile.setup import play_setup
from sim.compile.values import number, probability, whole_number
from sim.errors import ScenarioError
from sim.evolution.scenario_table import scenario_table
from sim.scenario.loader import parse
from tests.conftest import SCENARIOS

BASE = (SCENARIOS / "prisoners_dilemma.toml").read_text().split("# Iterated play")[0]


def write(tmp_path, text: str):
    path = tmp_path / "s.toml"
    path.write_text(BASE + text, encoding="utf-8")
    return path


def test_number_evaluates_expressions_on_parameter_arrays():
    values = {"a": np.array([1.0, 2.0])}
    assert np.array_equal(number("2 * a", values), [2.0, 4.0])
    with pytest.raises(ScenarioError, match="must be a number or an expression") as caught:
        number(True, values, "play.discount")
    assert caught.value.key == "play.discount"


def test_probability_bounds_at_every_point_with_rounding_slack():
    values = {"p": np.array([0.2, 1.3])}
    with pytest.raises(ScenarioError, match=r"probability 1\.3 is outside \[0, 1\]") as caught:
        probability("p", values, "monitoring.detect")
    assert caught.value.key == "monitoring.detect"
    assert float(probability("1 - 0.7 - 0.3", {})) == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(ScenarioError, match=r"outside \(0, 1\]"):
        probability(0.0, {}, positive=True)


def test_whole_number_needs_one_value_for_all_points():
    assert whole_number("n + 1", {"n": np.array([2.0, 2.0])}, minimum=1) == 3
    with pytest.raises(ScenarioError, match=r"one value for all sweep points \(it sets x\)"):
        whole_number("n", {"n": np.array([2.0, 3.0])}, "play.rounds", minimum=1, why="it sets x")
    with pytest.raises(ScenarioError, match="whole number >= 1, not 2.5"):
        whole_number(2.5, {}, minimum=1)


def test_parse_reads_the_format_and_load_also_compiles(tmp_path):
    path = write(tmp_path, '[play]\nrounds = 5\nrow = "no_such_strategy"\ncol = "tit_for_tat"\n')
    assert parse(path).model.play.row == "no_such_strategy"
    with pytest.raises(ScenarioError, match="unknown strategy 'no_such_strategy'") as caught:
        load(path)
    assert caught.value.source == str(path) and caught.value.key == "play.row"


def test_load_evaluates_payoffs_at_the_overrides(tmp_path):
    text = (SCENARIOS / "prisoners_dilemma.toml").read_text()
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load(path)
    name = next(iter(scenario.parameters))
    changed = load(path, {name: scenario.parameters[name] + 1.0})
    assert not np.array_equal(build_game(scenario).row_payoffs, build_game(changed).row_payoffs)


def test_monte_carlo_defaults_agree_between_play_and_tournament(tmp_path):
    text = '[play]\nrounds = 3\nrow = "tit_for_tat"\ncol = "tit_for_tat"\n\n'
    text += '[tournament]\npool = ["tit_for_tat", "always_defect"]\n'
    scenario = load(write(tmp_path, text))
    setup = play_setup(scenario)
    table = scenario_table(scenario, method="monte_carlo")
    assert setup.runs == table.settings["runs"] == defaults.MONTE_CARLO_RUNS
    assert setup.seed == table.settings["seed"] == defaults.SEED


def test_rounds_default_without_a_horizon_is_the_one_default(tmp_path):
    scenario = load(write(tmp_path, ""))
    setup = play_setup(scenario, row="tit_for_tat", col="always_defect")
    assert setup.rounds == defaults.ROUNDS
