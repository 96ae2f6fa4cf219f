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


def test_private_check_names_what_it_does_not_decide():
    """Under private monitoring the Nash verdict comes from bounds on the belief problem and
    sequential equilibrium is not computed; text and JSON say so instead of leaving it out."""
    observe = np.array([[0.95, 0.05], [0.1, 0.9]])
    model = IteratedModel.repeated(PD, PD.T, ACTIONS, discount=0.9, noise=0.01)
    model = replace(model, row_observes=observe, col_observes=observe)
    found = equilibrium_check(model, *grim(model))
    data = json.loads(json.dumps(found.to_dict()))
    assert data["perfection_concept"] == "sequential equilibrium"
    assert data["perfection"] is None
    assert data["not_computed"] == ["sequential equilibrium"]
    assert "belief problem" in data["nash_basis"] and "bounds" in data["nash_basis"]
    concepts = [s["concept"] for s in data["discount_sets"]]
    assert concepts == ["Nash (certain)", "Nash (not excluded)"]
    lines = found.text().split("\n")
    assert "Sequential equilibrium: not computed (no sequential equilibrium check)." in lines
    assert lines[-1] == "Discount factors where it is a sequential equilibrium: not computed."
    assert lines[1].startswith(f"Nash equilibrium: {found._nash_words()}; from bounds")


def test_exact_checks_decide_both_concepts():
    model = IteratedModel.repeated(PD, PD.T, ACTIONS, discount=0.6)
    found = equilibrium_check(model, *grim(model), "perfect", sets=False)
    data = found.to_dict()
    assert data["not_computed"] == []
    assert data["nash_basis"].startswith("each side's exact best deviation plan")
    assert found.perfection is True
    assert "Subgame perfect: yes." in found.text().split("\n")
    assert "not computed" not in found.text()
