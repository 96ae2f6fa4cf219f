"""Library strategies against the Axelrod library (Knight et al. 2016), with and without noise.

Without noise every match is deterministic (for the deterministic strategies): our exact
expected score equals Axelrod's match score. With noise 0.05 (each action flipped, the
history holding the flipped action) our exact expectation lies within 4.5 standard errors
of the mean of seeded Axelrod matches. Skipped if ``axelrod`` is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.library import library_strategy
from sim.dynamics.model import IteratedModel
from sim.play.exact import exact_outcomes

pytestmark = pytest.mark.slow

C, D = "cooperate", "defect"
PD_ROW = np.array([[3.0, 0.0], [5.0, 1.0]])
TURNS = 200
PAIRS = {
    "tit_for_tat": "TitForTat",
    "suspicious_tit_for_tat": "SuspiciousTitForTat",
    "tit_for_two_tats": "TitFor2Tats",
    "grudger": "Grudger",
    "win_stay_lose_shift": "WinStayLoseShift",
    "alternator": "Alternator",
    "always_cooperate": "Cooperator",
    "always_defect": "Defector",
    "generous_tit_for_tat": "GTFT",
}
DETERMINISTIC = [name for name in PAIRS if name != "generous_tit_for_tat"]


@pytest.fixture(scope="module")
def axl():
    return pytest.importorskip("axelrod")


def ours(row: str, col: str, noise: float) -> np.ndarray:
    model = IteratedModel.repeated(PD_ROW, PD_ROW.T, ((C, D), (C, D)), noise=noise)
    a, b = library_strategy(row, model, 0), library_strategy(col, model, 1)
    return exact_outcomes(model, a, b, TURNS).payoffs


def theirs(axl, row: str, col: str, noise: float, seed: int) -> tuple[int, int]:
    players = (getattr(axl, PAIRS[row])(), getattr(axl, PAIRS[col])())
    match = axl.Match(players, turns=TURNS, noise=noise, seed=seed)
    match.play()
    return match.final_score()


@pytest.mark.parametrize("row", DETERMINISTIC)
def test_noiseless_scores_equal_axelrods(axl, row):
    for col in DETERMINISTIC:
        assert ours(row, col, 0.0) == pytest.approx(theirs(axl, row, col, 0.0, 0), abs=1e-9)


def test_alternator_against_itself_under_noise(axl):
    # Axelrod's Alternator switches on its own last (noisy) move: about 449.4 each.
    scores = np.array([theirs(axl, "alternator", "alternator", 0.05, s) for s in range(600)])
    mean, se = scores.mean(axis=0), scores.std(axis=0, ddof=1) / np.sqrt(len(scores))
    exact = ours("alternator", "alternator", 0.05)
    assert np.all(np.abs(exact - mean) < 4.5 * se)
    assert exact[0] == pytest.approx(449.4, abs=0.1)


@pytest.mark.parametrize("row", list(PAIRS))
def test_noisy_scores_agree_with_axelrods(axl, row):
    for col in ("tit_for_tat", "always_defect", row):
        scores = np.array([theirs(axl, row, col, 0.05, s) for s in range(150)], dtype=float)
        mean, se = scores.mean(axis=0), scores.std(axis=0, ddof=1) / np.sqrt(len(scores))
        exact = ours(row, col, 0.05)
        assert np.all(np.abs(exact - mean) < 4.5 * np.maximum(se, 0.05)), (row, col)
