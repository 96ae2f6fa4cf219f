"""Lemke-Howson on degenerate games: every path ends, at an extreme equilibrium of the game."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.batch import normalise_payoffs
from sim.equilibria.dominance import dominance
from sim.equilibria.lemke_howson import lemke_howson_race
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.reduced import reduced_equilibria
from sim.game.stage import Game
from sim.tolerance import PIVOT_TOLERANCE


def _ends(A, B):
    """The normalised end of the path from every label, or None where a path was cut."""
    An, Bn = normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]
    m, n = A.shape
    ends = []
    for label in range(m + n):
        x, y, winner, _ = lemke_howson_race(An, Bn, np.array([label]), PIVOT_TOLERANCE, 10**4)
        ends.append(None if winner < 0 else (x / x.sum(), y / y.sum()))
    return ends


def _keys(found) -> set[tuple]:
    return {_key(x, y) for x, y in zip(found.row, found.col, strict=True)}


def _key(x, y) -> tuple:
    return tuple(np.round(np.concatenate([x, y]), 9))


def _duplicated(rng, A, B):
    """The game with a copy of one row and of one column (both players' payoffs)."""
    i, j = rng.integers(len(A)), rng.integers(A.shape[1])
    A, B = np.vstack([A, A[i]]), np.vstack([B, B[i]])
    return np.hstack([A, A[:, j : j + 1]]), np.hstack([B, B[:, j : j + 1]])


@pytest.mark.parametrize("seed", range(6))
def test_every_path_of_a_game_with_duplicates_ends_at_an_extreme_equilibrium(seed):
    # Duplicated rows and columns and payoffs in 0..2: ties everywhere, so the paths need
    # the lexicographic ratio test; each end is a vertex pair, so an extreme equilibrium
    # of the exact enumeration.
    rng = np.random.default_rng(seed)
    for _ in range(20):
        m, n = rng.integers(2, 5, 2)
        A, B = _duplicated(rng, *rng.integers(0, 3, (2, m, n)).astype(float))
        every = _keys(nash_equilibria((A, B)))
        for end in _ends(A, B):
            assert end is not None
            assert _key(*end) in every


def _tied_table(rng, size, kept):
    """A ``size x size`` table of payoffs in 0..3 (many ties) whose strategies beyond the
    first ``kept`` earn one less than a kept one against everything: strictly dominated."""
    A, B = rng.integers(0, 4, (2, kept, kept)).astype(float)
    rows = rng.integers(0, kept, size - kept)
    A = np.vstack([A, A[rows] - 1])
    B = np.vstack([B, rng.integers(0, 4, (size - kept, kept)).astype(float)])
    cols = rng.integers(0, kept, size - kept)
    B = np.hstack([B, B[:, cols] - 1])
    A = np.hstack([A, rng.integers(0, 4, (size, size - kept)).astype(float)])
    return A, B


@pytest.mark.parametrize("seed", range(3))
def test_paths_of_a_30x30_table_with_ties_end_among_all_its_extreme_equilibria(seed):
    # Every one of the 60 paths ends; the ends are among the extreme equilibria, all of
    # them known from the game of at most 6 x 6 left by iterated strict dominance
    # (enumerated exactly).
    rng = np.random.default_rng(seed)
    A, B = _tied_table(rng, 30, 6)
    names = tuple(f"s{k}" for k in range(30))
    game = Game(("row", "col"), (names, names), A, B)
    every = reduced_equilibria(game, dominance(game).surviving)
    assert every.complete and every.certified
    ends = _ends(A, B)
    assert all(end is not None for end in ends)
    assert {_key(*end) for end in ends} <= _keys(every)
    found = nash_equilibria((A, B), method="lemke_howson_all")
    assert found.certified and "from 60 of 60 starting labels" in found.note
    assert _keys(found) == {_key(*end) for end in ends}
