"""Lemke-Howson: the compiled paths against QuantEcon's, and a 100-strategy game certified."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.batch import normalise_payoffs
from sim.equilibria.large import RACE
from sim.equilibria.lemke_howson import lemke_howson_path, lemke_howson_race
from sim.equilibria.nash import nash_equilibria
from sim.tolerance import PIVOT_TOLERANCE


def _quantecon_path(A, B, label):
    gt = pytest.importorskip("quantecon.game_theory")  # at run time, not at collection
    game = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
    (x, y), result = gt.lemke_howson(game, init_pivot=label, max_iter=10**6, full_output=True)
    return x, y, result.num_iter


def _normalised(A, B):
    return normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]


def test_every_path_has_quantecons_length_and_end():
    rng = np.random.default_rng(11)
    A, B = rng.random((2, 12, 9))
    An, Bn = _normalised(A, B)
    for label in range(21):
        x, y, pivots = lemke_howson_path(An, Bn, label, PIVOT_TOLERANCE, 10**5)
        qx, qy, qpivots = _quantecon_path(A, B, label)
        assert pivots == qpivots
        np.testing.assert_allclose(x / x.sum(), qx, atol=1e-9)
        np.testing.assert_allclose(y / y.sum(), qy, atol=1e-9)


def test_the_race_returns_the_shortest_path_of_its_group():
    rng = np.random.default_rng(12)
    A, B = rng.random((2, 20, 20))
    An, Bn = _normalised(A, B)
    labels = np.arange(3, 11)
    lengths = [lemke_howson_path(An, Bn, k, PIVOT_TOLERANCE, 10**5)[2] for k in labels]
    x, _, winner, pivots = lemke_howson_race(An, Bn, labels, PIVOT_TOLERANCE, 10**5)
    assert pivots == min(lengths) and winner == int(np.argmin(lengths))
    assert x.sum() > 0


def test_a_100_strategy_game_gives_quantecons_equilibrium_certified():
    rng = np.random.default_rng(100)
    A, B = rng.random((2, 100, 100))
    An, Bn = _normalised(A, B)
    *_, winner, _ = lemke_howson_race(An, Bn, np.arange(RACE), PIVOT_TOLERANCE, 10**5)
    qx, qy, _ = _quantecon_path(A, B, winner)
    found = nash_equilibria((A, B), method="lemke_howson")
    assert found.certified and "equilibria certified (" in found.note
    np.testing.assert_allclose(found.row, [qx], atol=1e-9)
    np.testing.assert_allclose(found.col, [qy], atol=1e-9)
