"""The equilibrium check states its assumptions and agrees with the closed forms."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from sim.compile.library import library_strategy
from sim.dynamics.model import IteratedModel
from sim.repeated.check import equilibrium_check

ACTIONS = (("cooperate", "defect"),) * 2
PD = np.array([[3.0, 0.0], [5.0, 1.0]])


def grim(model):
    return library_strategy("grim_trigger", model, 0), library_strategy("grim_trigger", model, 1)


def test_perfect_monitoring_check_of_grim_trigger():
    model = IteratedModel.repeated(PD, PD.T, ACTIONS, discount=0.45)
    found = equilibrium_check(model, *grim(model), "perfect")
    assert found.nash == "not an equilibrium" and found.perfection is False
    assert found.deviation["action"] == "defect"
    assert abs(found.deviation["gain"] - (5 + 0.45 / 0.55 - 3 / 0.55)) < 1e-9
    data = json.loads(json.dumps(found.to_dict()))
    assert data["assumptions"]["monitoring"] == "perfect"
    assert data["assumptions"]["noise"] == [0.0, 0.0]
    assert [s["text"] for s in data["discount_sets"]] == ["[0.5, 1)", "[0.5, 1)"]
    assert "Monitoring: perfect" in found.text()


def test_public_check_uses_the_signals_and_trembles():
    # closed form (sim.repeated.perfection): threshold 2 / (0.9 (0.7 * 2 + 0.9 * 2)) = 0.694
    observe = np.array([[0.9, 0.1], [0.2, 0.8]])
    for delta, expected in [(0.9, True), (0.6, False)]:
        model = IteratedModel.repeated(PD, PD.T, ACTIONS, discount=delta)
        model = replace(model, row_observes=observe, col_observes=observe, signals="public")
        found = equilibrium_check(model, *grim(model), sets=False)
        assert found.assumptions.monitoring == "public"
        assert found.perfection_concept == "perfect public"
        assert found.perfection is expected
    noisy = replace(model, noise=np.array([0.01, 0.01]))
    assert equilibrium_check(noisy, *grim(noisy), sets=False).assumptions.noise == (0.01, 0.01)


def test_private_check_reports_a_verdict_with_bounds():
    observe = np.array([[0.95, 0.05], [0.1, 0.9]])
    model = IteratedModel.repeated(PD, PD.T, ACTIONS, discount=0.9, noise=0.01)
    model = replace(model, row_observes=observe, col_observes=observe)
    found = equilibrium_check(model, *grim(model), sets=False)
    assert found.assumptions.monitoring == "private"
    assert found.perfection is None
    assert found.nash in ("equilibrium", "not an equilibrium", "undetermined")
    low, high = found.nash_gain[0]
    assert 0 <= low <= high
