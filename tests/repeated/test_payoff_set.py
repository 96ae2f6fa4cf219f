"""The equilibrium payoff set against QuantEcon and the folk-theorem bound."""

from __future__ import annotations

import numpy as np
import pytest

from sim.repeated.payoff_set import equilibrium_payoff_set, folk_theorem_bound

PD = np.array([[3.0, 0.0], [5.0, 1.0]])


def hausdorff(a, b) -> float:
    distance = np.linalg.norm(np.asarray(a)[:, None] - np.asarray(b)[None], axis=-1)
    return float(max(distance.min(axis=1).max(), distance.min(axis=0).max()))


def quantecon_set(row, col, delta):
    gt = pytest.importorskip("quantecon.game_theory")
    stage = np.stack([row, col], axis=-1)
    game = gt.RepeatedGame(gt.NormalFormGame(stage), delta)
    hull = game.equilibrium_payoffs()  # Abreu-Sannikov, threat points from the minima
    return hull.points[hull.vertices]


@pytest.mark.slow
@pytest.mark.parametrize("delta", [0.3, 0.45, 0.75])
def test_prisoners_dilemma_against_quantecon(delta):
    ours = equilibrium_payoff_set(PD, PD.T, delta)
    assert ours.converged
    assert hausdorff(ours.vertices, quantecon_set(PD, PD.T, delta)) < 1e-4


def test_prisoners_dilemma_closed_form():
    # below 1/2 mutual cooperation is not sustainable, but alternation with public
    # randomisation still reaches (4, 1) and (1, 4); from 1/2 on the folk-theorem set
    low = equilibrium_payoff_set(PD, PD.T, 0.3).vertices
    assert hausdorff(low, [[1, 1], [4, 1], [1, 4]]) < 1e-8
    for delta in (0.5, 0.75, 0.95):
        found = equilibrium_payoff_set(PD, PD.T, delta)
        assert hausdorff(found.vertices, folk_theorem_bound(PD, PD.T)) < 1e-8
        assert len(found.vertices) == 4
        data = found.to_dict()
        assert data["assumptions"]["monitoring"] == "perfect"
        assert {"row": 3.0, "col": 3.0} in [
            {k: round(v, 9) for k, v in vertex.items()} for vertex in data["vertices"]
        ]


def inf_stage():
    from sim.compile.check import load
    from sim.compile.model import build_model
    from tests.conftest import SCENARIOS

    model = build_model(load(SCENARIOS / "inf_treaty.toml"))
    return model.dynamics.row_payoffs[0], model.dynamics.col_payoffs[0]


# seconds; the closed form of the prisoners dilemma is the quick test
@pytest.mark.slow
def test_inf_stage_game_tends_to_the_folk_theorem_bound():
    row, col = inf_stage()
    bound = folk_theorem_bound(row, col)
    deltas = (0.5, 0.9, 0.99)
    gaps = [hausdorff(equilibrium_payoff_set(row, col, d).vertices, bound) for d in deltas]
    assert gaps[-1] < 0.05
    assert gaps[0] >= gaps[1] - 1e-9 >= gaps[2] - 2e-9


@pytest.mark.slow
def test_inf_stage_game_against_quantecon():
    row, col = inf_stage()
    ours = equilibrium_payoff_set(row, col, 0.8)
    assert hausdorff(ours.vertices, quantecon_set(row, col, 0.8)) < 1e-3
