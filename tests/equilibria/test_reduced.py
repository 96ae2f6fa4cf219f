"""Equilibria through iterated strict dominance against the exact enumeration of the whole game."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.components import component_records
from sim.equilibria.dominance import dominance
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.reduced import reduced_equilibria, union
from tests.equilibria.equilibrium_sets import component_sets, game_of, profiles


def _reduced(A, B, **options):
    game = game_of(A, B)
    return reduced_equilibria(game, dominance(game).surviving, **options)


def _entry_game():
    # Rows: out, in, in_badly (strictly dominated by in); columns: fight, accommodate,
    # spite (strictly dominated by accommodate). What is left is the entry game.
    A = np.array([[0.0, 0.0, 0.0], [-1.0, 1.0, 2.0], [-2.0, 0.0, 1.0]])
    B = np.array([[2.0, 2.0, 1.0], [-1.0, 1.0, 0.0], [-1.0, 1.0, 0.0]])
    return A, B


def test_entry_game_with_dominated_actions_has_its_closed_form_components():
    # Out against any y with y_fight >= 1/2 (a segment: two extreme points, payoffs (0, 2)),
    # and (in, accommodate) with payoffs (1, 1), isolated.
    A, B = _entry_game()
    found = _reduced(A, B, exact=True)
    expected = {
        (1, 0, 0, 1, 0, 0): (0, 2),
        (1, 0, 0, Fraction(1, 2), Fraction(1, 2), 0): (0, 2),
        (0, 1, 0, 0, 1, 0): (1, 1),
    }
    pairs = zip(found.exact, found.exact_payoffs, strict=True)
    got = {tuple(x) + tuple(y): v for (x, y), v in pairs}
    assert got == expected
    assert found.complete and found.certified and found.degenerate
    assert np.all(found.verify())
    records = sorted(component_records(found), key=lambda r: len(r["equilibria"]))
    assert [len(r["equilibria"]) for r in records] == [1, 2]
    assert records[0]["payoff_range"] == [[1.0, 1.0], [1.0, 1.0]]
    assert records[1]["payoff_range"] == [[0.0, 0.0], [2.0, 2.0]]
    assert "removed 2 of 6 strategies, leaving 2 x 2" in found.note


def test_entry_game_reduced_agrees_with_the_whole_games_enumeration():
    A, B = _entry_game()
    whole = nash_equilibria((A, B))
    found = _reduced(A, B)
    assert sorted(profiles(found)) == sorted(profiles(whole))
    assert component_sets(found) == component_sets(whole)


def _with_dominated(rng, A, B, extra):
    """``A``, ``B`` with ``extra`` rows and as many columns strictly dominated by mixtures."""
    for _ in range(extra):
        k, h = rng.choice(len(A), 2, replace=False)
        A = np.vstack([A, (A[k] + A[h]) / 2 - rng.integers(1, 3, A.shape[1]) / 4])
        B = np.vstack([B, rng.integers(0, 4, B.shape[1]).astype(float)])
        k, h = rng.choice(A.shape[1], 2, replace=False)
        B = np.hstack([B, ((B[:, k] + B[:, h]) / 2 - rng.integers(1, 3, len(B)) / 4)[:, None]])
        A = np.hstack([A, rng.integers(0, 4, len(A)).astype(float)[:, None]])
    return A, B


@pytest.mark.parametrize("seed", range(8))
def test_reduced_equilibria_and_components_match_the_whole_game(seed):
    # Small integer payoffs: degenerate games with continua of equilibria, and rows and
    # columns dominated by mixtures (only after others went, at times).
    rng = np.random.default_rng(seed)
    for _ in range(10):
        m, n = rng.integers(2, 5, 2)
        A, B = rng.integers(0, 3, (2, m, n)).astype(float)
        A, B = _with_dominated(rng, A, B, int(rng.integers(0, 3)))
        whole = nash_equilibria((A, B))
        assert whole.complete
        found = _reduced(A, B)
        assert found.complete and found.certified
        assert np.all(found.verify())
        assert sorted(profiles(found)) == sorted(profiles(whole))
        assert component_sets(found) == component_sets(whole)
        assert whole.degenerate or not found.degenerate  # a degenerate subgame: a degenerate game
        survivors = dominance(game_of(A, B)).surviving
        for part, kept in zip((found.row, found.col), survivors, strict=True):
            dropped = np.setdiff1d(np.arange(part.shape[1]), kept)
            assert np.all(part[:, dropped] == 0)


def test_exact_probabilities_are_padded_with_exact_zeros():
    A, B = _entry_game()
    found = _reduced(A, B, exact=True)
    for (x, y), row, col in zip(found.exact, found.row, found.col, strict=True):
        assert len(x) == 3 and len(y) == 3
        assert all(isinstance(v, Fraction) for v in (*x, *y))
        np.testing.assert_array_equal([float(v) for v in x], row)
        np.testing.assert_array_equal([float(v) for v in y], col)


def test_union_keeps_each_profile_once_and_finds_the_subsets_among_them():
    # The entry game's three extreme equilibria split over two lists, one repeated.
    A, B = _entry_game()
    whole = _reduced(A, B)
    first = dataclasses.replace(whole, row=whole.row[:2], col=whole.col[:2], complete=False)
    second = dataclasses.replace(whole, row=whole.row[1:], col=whole.col[1:], complete=False)
    first = dataclasses.replace(first, payoffs=whole.payoffs[:2])
    second = dataclasses.replace(second, payoffs=whole.payoffs[1:])
    joined = union([first, second])
    assert sorted(profiles(joined)) == sorted(profiles(whole))
    assert component_sets(joined) == component_sets(whole)
    assert not joined.complete and joined.note.startswith("a subset: the 3 distinct")
