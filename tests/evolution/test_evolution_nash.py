"""Replicator rest points against the equilibrium engine, and the meta-game analysis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.equilibria.nash import nash_equilibria
from sim.evolution.analysis import analyse_metagame
from sim.evolution.metagame import MetaGame
from sim.evolution.replicator import replicator_field
from sim.evolution.restpoints import is_saturated, rest_points, with_equilibria
from tests.conftest import examples


def _matches(point, row, col):
    return np.allclose(point.row, row, atol=1e-8) and np.allclose(point.col, col, atol=1e-8)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("shape", [(3, 3), (4, 4), (3, 5)])
def test_rest_points_that_are_nash_are_the_engine_equilibria(seed, shape):
    rng = np.random.default_rng(1000 * seed + shape[1])
    A, B = rng.normal(size=shape), rng.normal(size=shape)
    equilibria = nash_equilibria((A, B))
    points = rest_points(A, B)
    nash_points = [p for p in points if p.nash]
    assert len(nash_points) == len(equilibria)
    for row, col in zip(equilibria.row, equilibria.col, strict=True):
        assert any(_matches(p, row, col) for p in nash_points)
    # Interior rest points are exactly the completely mixed equilibria.
    mixed = [
        (r, c) for r, c in zip(equilibria.row, equilibria.col, strict=True) if r.all() and c.all()
    ]
    interior = [p for p in points if p.interior]
    assert len(interior) == len(mixed)
    for row, col in mixed:
        assert any(_matches(p, row, col) for p in interior)


def _pd_table() -> MetaGame:
    # Per-round payoffs of always-cooperate, tit-for-tat, always-defect over 200 rounds.
    names = ("all_c", "tft", "all_d")
    R = np.array(
        [[3.0, 3.0, 0.0], [3.0, 3.0, 199 / 200], [5.0, 204 / 200, 1.0]],
    )
    return MetaGame(names, names, R, R.T, players=("Row", "Column"))


def test_metagame_analysis_of_a_prisoners_dilemma_table():
    analysis = analyse_metagame(_pd_table())
    eq = analysis.equilibria
    assert np.all(eq.verify())
    pure = {
        (int(np.argmax(r)), int(np.argmax(c)))
        for r, c in zip(eq.row, eq.col, strict=True)
        if r.max() == 1 and c.max() == 1
    }
    assert pure == {(1, 1), (2, 2)}  # tit-for-tat against itself; mutual defection
    # Means 2.34 (all_d, exploiting all_c), 2.3317 (tft), 2 (all_c).
    assert analysis.row_ranking.names == ("all_d", "tft", "all_c")
    np.testing.assert_allclose(analysis.row_ranking.means, [7.02 / 3, 6.995 / 3, 2.0])
    # Nothing is strictly dominated: always-cooperate ties tit-for-tat against cooperators.
    assert analysis.dominance.surviving == ((0, 1, 2), (0, 1, 2))


def test_ranking_standard_errors_combine_the_entries():
    meta = MetaGame(
        ("a", "b"),
        ("x", "y"),
        [[1.0, 3.0], [2.0, 2.0]],
        [[0.0, 0.0], [0.0, 0.0]],
        row_se=[[0.3, 0.4], [0.0, 0.0]],
    )
    analysis = analyse_metagame(meta)
    assert analysis.row_ranking.names == ("a", "b")  # tie at 2.0 keeps the table order
    np.testing.assert_allclose(analysis.row_ranking.standard_errors, [0.25, 0.0])
    assert meta.sampled


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None)
@given(
    arrays(np.int64, (3, 3), elements=st.integers(0, 2)),
    arrays(np.int64, (3, 3), elements=st.integers(0, 2)),
)
def test_degenerate_games_rest_points_and_engine_equilibria(A, B):
    # Integer payoffs in 0..2 are often degenerate: continua of rest points and equilibria.
    A, B = A.astype(float), B.astype(float)
    equilibria = nash_equilibria((A, B))
    points = with_equilibria(A, B, rest_points(A, B), equilibria)
    for p in points:
        for v in replicator_field(A, B, p.row, p.col):
            np.testing.assert_allclose(v, 0.0, atol=1e-9)
        assert p.nash == is_saturated(A, B, p.row, p.col)
        if p.stability == "asymptotically stable":
            assert p.nash and p.pure
    for row, col in zip(equilibria.row, equilibria.col, strict=True):
        assert any(
            p.nash and np.allclose(p.row, row, atol=1e-9) and np.allclose(p.col, col, atol=1e-9)
            for p in points
        )
