"""Private-monitoring bounds against the perfect-monitoring problem and brute force."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from sim.compile.library import library_strategy
from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import tremble
from sim.repeated.nash import NashProblem
from sim.repeated.perfection import OneShotProblem
from sim.repeated.private import PrivateProblem
from sim.repeated.private_nash import private_nash

ACTIONS = (("cooperate", "defect"),) * 2
PD = np.array([[3.0, 0.0], [5.0, 1.0]])


def pd_model(noise=0.0, detect=1.0, false_alarm=0.0, discount=0.9) -> IteratedModel:
    model = IteratedModel.repeated(PD, PD.T, ACTIONS, noise=noise, discount=discount)
    observe = np.array([[1 - false_alarm, false_alarm], [1 - detect, detect]])
    return replace(model, row_observes=observe, col_observes=observe)


def grim(model):
    return library_strategy("grim_trigger", model, 0), library_strategy("grim_trigger", model, 1)


@pytest.mark.parametrize("delta", [0.3, 0.45, 0.5, 0.7, 0.95])
def test_bounds_meet_the_perfect_monitoring_gain_when_signals_are_exact(delta):
    model = pd_model(discount=delta)
    row, col = grim(model)
    perfect = NashProblem(OneShotProblem(model, row, col, "perfect"))
    gains, _, _ = perfect.gain(delta)
    for side in (0, 1):
        problem = PrivateProblem(model, row, col, side)
        lower, upper = problem.gain_bounds(problem.tree(40), np.array([delta]))
        assert lower[0] == pytest.approx(max(gains[side], 0.0), abs=1e-9)
        assert upper[0] == pytest.approx(max(gains[side], 0.0), abs=1e-9)


def brute_force_two_rounds(model, row, col, delta):
    """Best normalised two-round value of the row player over every deterministic plan
    (first action; second action as a function of the own action and signal seen)."""
    shake = tremble(np.eye(2), model.noise[0])
    other = tremble(col.policy, model.noise[1])
    utility = PD / 5.0
    best = -np.inf
    for first in range(2):
        for plan in itertools.product(range(2), repeat=4):
            total = 0.0
            for i0, j0, y0, z0 in itertools.product(range(2), repeat=4):
                p = shake[first, i0] * other[col.initial, j0]
                p *= model.row_observes[j0, y0] * model.col_observes[i0, z0]
                if p == 0:
                    continue
                b1 = col.next_state[col.initial, j0, z0, 0]
                second = plan[2 * i0 + y0]
                future = sum(
                    shake[second, i1] * other[b1, j1] * utility[i1, j1]
                    for i1 in range(2)
                    for j1 in range(2)
                )
                total += p * (utility[i0, j0] + delta * future)
            best = max(best, total)
    return best


@pytest.mark.parametrize("delta", [0.5, 0.9])
def test_two_round_problem_is_exact_against_brute_force(delta):
    model = pd_model(noise=0.05, detect=0.8, false_alarm=0.1, discount=delta)
    row, col = grim(model)
    problem = PrivateProblem(model, row, col, 0)
    tree = problem.tree(2)
    deltas = np.array([delta])
    best = problem.finite_gain(tree, deltas) + problem.finite_start_value(2, deltas)
    assert best[0] == pytest.approx(brute_force_two_rounds(model, row, col, delta), abs=1e-12)


def test_verdicts_bracket_the_gain():
    model = pd_model(noise=0.01, detect=0.9, false_alarm=0.05, discount=0.9)
    result = private_nash(model, *grim(model), depth=12)
    assert result.gain_low <= result.gain_high
    assert result.verdict in ("equilibrium", "not an equilibrium", "undetermined")
    data = result.to_dict()
    assert data["assumptions"]["monitoring"] == "private"
    assert data["assumptions"]["noise"] == [0.01, 0.01]
    # the lower bound (an actual deviation plan) already gains here
    assert result.verdict == "not an equilibrium"
    assert result.text.startswith("not an equilibrium (gain at least")


def test_an_exact_equilibrium_is_reported_as_one():
    model = pd_model(discount=0.9)
    result = private_nash(model, *grim(model), depth=30)
    assert result.verdict == "equilibrium"
    low = pd_model(discount=0.3)
    assert private_nash(low, *grim(low), depth=30).verdict == "not an equilibrium"
