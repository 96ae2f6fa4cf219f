"""Copies of strategies merged and the equilibria lifted, against the whole game's enumeration."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.copies import copy_classes
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.reduced import reduced_equilibria
from sim.limits import raised
from tests.equilibria.equilibrium_sets import component_sets, game_of, profiles


def _everything(A, B):
    return reduced_equilibria(game_of(A, B), (range(len(A)), range(A.shape[1])))


def _with_copies(rng, A, B, copies):
    """``A``, ``B`` with ``copies`` rows and columns repeated (both players' payoffs)."""
    for _ in range(copies):
        i = rng.integers(len(A))
        A, B = np.vstack([A, A[i]]), np.vstack([B, B[i]])
        j = rng.integers(A.shape[1])
        A, B = np.hstack([A, A[:, j : j + 1]]), np.hstack([B, B[:, j : j + 1]])
    order = rng.permutation(len(A)), rng.permutation(A.shape[1])
    return A[np.ix_(*order)], B[np.ix_(*order)]


def test_copy_classes_need_both_players_payoffs_equal():
    A = [[1, 2], [1, 2], [1, 2], [0, 0]]
    B = [[3, 3], [3, 3], [4, 3], [3, 3]]
    assert copy_classes(A, B) == [[0, 1], [2], [3]]


def test_a_copied_row_doubles_the_equilibria_that_use_it():
    # Matching pennies with heads copied: the equilibrium (1/2, 1/2) x (1/2, 1/2) becomes
    # the two extreme points (1/2, 0, 1/2) and (0, 1/2, 1/2) of one segment of equilibria.
    A = np.array([[1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    found = reduced_equilibria(game_of(A, -A), ((0, 1, 2), (0, 1)), exact=True)
    half = Fraction(1, 2)
    assert set(found.exact) == {
        ((half, 0, half), (half, half)),
        ((0, half, half), (half, half)),
    }
    assert found.complete and found.degenerate and found.components == [[0, 1]]
    assert found.exact_payoffs == ((0, 0), (0, 0))
    assert "1 copies of other strategies merged" in found.note


@pytest.mark.parametrize("seed", range(8))
def test_lifted_equilibria_and_components_match_the_whole_game(seed):
    rng = np.random.default_rng(seed)
    for _ in range(10):
        m, n = rng.integers(2, 4, 2)
        A, B = _with_copies(rng, *rng.integers(0, 4, (2, m, n)).astype(float), 2)
        whole = nash_equilibria((A, B))
        assert whole.complete
        found = _everything(A, B)
        assert found.complete and found.certified and np.all(found.verify())
        assert sorted(profiles(found)) == sorted(profiles(whole))
        assert component_sets(found) == component_sets(whole)
        assert found.degenerate == whole.degenerate


def test_a_list_cut_at_the_limit_says_so_and_is_not_complete():
    # Heads three times: three extreme points of one triangle of equilibria.
    A = np.array([[1.0, -1.0], [1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    game = game_of(A, -A)
    assert len(reduced_equilibria(game, ((0, 1, 2, 3), (0, 1)))) == 3
    with raised(equilibria=2):
        found = reduced_equilibria(game, ((0, 1, 2, 3), (0, 1)))
    assert len(found) == 2 and not found.complete
    assert "listing the first 2 of the 3 lifted equilibria" in found.note
