"""The paths for large games: basis search, Lemke-Howson, budgets; against exact enumeration."""

from __future__ import annotations

import numpy as np
import pytest

import sim.equilibria.nash as nash
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.search import search_equilibria
from sim.equilibria.verify import is_equilibrium


def _profiles(found):
    return sorted(
        tuple(np.round(np.concatenate([x, y]), 9))
        for x, y in zip(found.row, found.col, strict=True)
    )


@pytest.mark.parametrize("high", [2, 3, 1000])
def test_search_path_matches_exact_enumeration(monkeypatch, high):
    rng = np.random.default_rng(high)
    for _ in range(40):
        m, n = rng.integers(2, 6, 2)
        A, B = rng.integers(0, high, (2, m, n)).astype(float)
        expected = nash_equilibria((A, B))
        assert expected.complete
        monkeypatch.setattr(nash, "EXACT_BASES", 0)
        found = nash_equilibria((A, B))
        monkeypatch.undo()
        assert found.certified and not found.complete
        assert _profiles(found) == _profiles(expected)


def test_search_kernel_reports_degeneracy_and_labels():
    A = np.array([[1.0, 1.0], [0.0, 0.0]])  # the row player indifferent in row 0
    B = np.array([[1.0, 1.0], [1.0, 1.0]])
    found = search_equilibria(A, B)
    assert found.degenerate and found.complete
    assert is_equilibrium(A, B, found.row, found.col).all()


def test_lemke_howson_ends_are_certified_equilibria_of_the_full_set():
    rng = np.random.default_rng(5)
    for size in (3, 5, 9):
        A, B = rng.random((2, size, size + 2))
        every = nash_equilibria((A, B))
        ends = nash_equilibria((A, B), method="lemke_howson_all")
        one = nash_equilibria((A, B), method="lemke_howson")
        assert len(one) == 1 and ends.certified and not ends.complete
        assert set(_profiles(ends)) <= set(_profiles(every))
        assert set(_profiles(one)) <= set(_profiles(ends))


def test_lemke_howson_on_a_large_game_gives_a_certified_equilibrium():
    rng = np.random.default_rng(8)
    A, B = rng.random((2, 80, 70))
    found = nash_equilibria((A, B), method="lemke_howson")
    assert len(found) == 1 and found.certified
    assert is_equilibrium(A, B, found.row, found.col).all()


def test_a_budget_cuts_the_enumeration_and_says_so():
    rng = np.random.default_rng(2)
    A, B = rng.random((2, 24, 24))
    found = nash_equilibria((A, B), budget=0.01)
    assert not found.complete and "incomplete" in found.note
    assert is_equilibrium(A, B, found.row, found.col).all()


def _exact_profiles(found):
    return sorted((tuple(x), tuple(y)) for x, y in found.exact)


@pytest.mark.parametrize("high", [3, 1000])
def test_exact_mode_beyond_the_small_games_is_complete_and_agrees_with_brute_force(
    monkeypatch, high
):
    """Past ``EXACT_BASES`` the exact mode runs the exact search within its budget: the
    same exact equilibria as the exact enumeration, now labelled complete and certified,
    and the same profiles as the compiled float search (independent code)."""
    rng = np.random.default_rng(high)
    for _ in range(12):
        m, n = rng.integers(2, 6, 2)
        A, B = rng.integers(0, high, (2, m, n)).astype(float)
        expected = nash_equilibria((A, B), exact=True)
        monkeypatch.setattr(nash, "EXACT_BASES", 0)
        found = nash_equilibria((A, B), exact=True)
        searched = nash_equilibria((A, B), budget=60.0)
        monkeypatch.undo()
        assert found.complete and found.certified and "every extreme" in found.note
        assert not searched.complete and "basis search" in searched.note
        assert _exact_profiles(found) == _exact_profiles(expected)
        assert _profiles(found) == _profiles(searched)


def test_exact_mode_past_its_budget_falls_back_on_the_labelled_float_search():
    A, B = np.random.default_rng(4).random((2, 14, 14))
    found = nash_equilibria((A, B), exact=True, budget=0.1)
    assert not found.complete and found.certified and "incomplete" in found.note
    assert is_equilibrium(A, B, found.row, found.col).all()


def test_the_kernels_compilation_is_not_counted_against_the_lemke_howson_budget(monkeypatch):
    """A cold numba cache made the first call take seconds: with a budget of a few
    seconds only one starting label ran. Here the first call is made slow on purpose."""
    import time

    import sim.equilibria.lemke_howson as lh

    race, calls = lh.lemke_howson_race, []

    def slow_first(*args):
        if not calls:
            time.sleep(0.5)
        calls.append(1)
        return race(*args)

    monkeypatch.setattr(lh, "lemke_howson_race", slow_first)
    A, B = np.random.default_rng(6).random((2, 7, 9))
    found = nash_equilibria((A, B), method="lemke_howson_all", budget=0.2)
    assert "from 16 of 16 starting labels" in found.note
