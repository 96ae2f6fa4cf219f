"""The repeated-game checks shake actions by the scenario's tremble rule, not the uniform one.

In the INF scenario only compliance and violation replace each other by accident; a
withdrawal or an open deployment is always deliberate. So a deviator that intends to
comply never starts the notice period, and one that intends to withdraw always does.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.setup import play_setup
from sim.repeated.deviation import DeviationProblem
from sim.repeated.perfection import OneShotProblem
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def model():
    return play_setup(load(SCENARIOS / "inf_treaty.toml"), {"noise": 0.1}).model


def in_force_share(problem: DeviationProblem, action: int) -> float:
    row = problem.transition[problem.initial, action]
    return float(row[[label.startswith("in_force") for label in problem.labels]].sum())


@pytest.mark.parametrize("monitoring", ["perfect", "public"])
def test_deliberate_actions_do_not_tremble(model, monitoring):
    us = library_strategy("ultimatum", model, 0)
    russia = DeviationProblem(model, us, 1, monitoring)
    comply, violate, withdraw, develop = range(4)
    assert in_force_share(russia, comply) == pytest.approx(1.0, abs=1e-15)
    assert in_force_share(russia, violate) == pytest.approx(1.0, abs=1e-15)
    assert in_force_share(russia, withdraw) == 0.0 and in_force_share(russia, develop) == 0.0
    uniform = DeviationProblem(replace(model, trembles=(None, None)), us, 1, monitoring)
    # the uniform rule: each side's compliance becomes withdraw or develop w.p. 2 x 0.1 / 3
    assert in_force_share(uniform, comply) == pytest.approx((1 - 2 * 0.1 / 3) ** 2, abs=1e-12)


def test_profile_values_keep_compliance_in_force(model):
    # both always comply: under the scenario's rule nobody ever leaves, so the treaty's
    # value 3 accrues for ever and violations by accident only shift the stage payoffs
    comply = [library_strategy("always_comply", model, side) for side in (0, 1)]
    problem = OneShotProblem(model, *comply, "perfect")
    values = problem.values(np.array([0.5]))[0, problem.terms.initial]
    uniform = OneShotProblem(replace(model, trembles=(None, None)), *comply, "perfect")
    assert not np.allclose(values, uniform.values(np.array([0.5]))[0, uniform.terms.initial])
    low, span = problem.scale
    raw = values * span + low / (1 - 0.5)  # back to the model's units
    # each side: comply w.p. 0.9, violate w.p. 0.1, independently, at the INF payoffs
    us = 0.81 * 3 + 0.09 * 1.5 + 0.09 * 2.5 + 0.01 * 1.0
    russia = 0.81 * 3 + 0.09 * 1.0 + 0.09 * 2.75 + 0.01 * 0.75
    np.testing.assert_allclose(raw, np.array([us, russia]) / (1 - 0.5), rtol=1e-12)
