"""The compiled ratio tests of a dictionary against their definition, column by column, and
its exchange pivots against each other and against a fresh solve."""

from __future__ import annotations

import numba
import numpy as np
import pytest

from sim.equilibria.dictionary import exchange, fresh, next_move, pivoted, sweep

TOL = 1e-9


@numba.njit(error_model="numpy")  # not cached: the cache would not see a change to sweep
def _swept(T, tol):
    d = T.shape[1] - 1
    best, tied = np.empty(d, np.int64), np.empty(d, np.bool_)
    sweep(T, 0, T.shape[0], tol, best, tied, np.empty(d), np.empty(d, np.int64))
    return best, tied


def _by_definition(T: np.ndarray, tol: float):
    """Per column: the rows within ``4 tol`` (relative) of the minimum ratio
    ``max(b, 0) / a`` over the entries ``a > tol``; ``best`` the row if there is one
    such row, else -1."""
    rows, width = T.shape
    best, tied = [], []
    for c in range(width - 1):
        ratios = [max(T[r, -1], 0.0) / T[r, c] for r in range(rows) if T[r, c] > tol]
        if not ratios:
            best.append(-1)
            tied.append(False)
            continue
        bound = min(ratios) + 4 * tol * max(1.0, min(ratios))
        hits = [r for r in range(rows) if T[r, c] > tol and max(T[r, -1], 0.0) <= bound * T[r, c]]
        best.append(hits[0] if len(hits) == 1 else -1)
        tied.append(len(hits) > 1)
    return best, tied


def _dictionaries(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for k in range(count):
        rows, columns = int(rng.integers(1, 22)), int(rng.integers(1, 22))
        T = rng.random((rows, columns + 1)) - 0.4
        T[:, -1] = rng.random(rows)
        if k % 3 == 0:  # equal ratios
            T = np.round(T, 1)
        if k % 5 == 0:  # entries at the tolerance and at zero
            T[rng.random(T.shape) < 0.2] = TOL
            T[rng.random(T.shape) < 0.1] = 0.0
        yield T


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_is_the_ratio_test_of_every_column(seed):
    ties = 0
    for T in _dictionaries(seed, 400):
        best, tied = _swept(T, TOL)
        expected_best, expected_tied = _by_definition(T, TOL)
        assert best.tolist() == expected_best
        assert tied.tolist() == expected_tied
        ties += sum(expected_tied)
    assert ties > 50  # the tied case is exercised


def test_a_tied_column_lists_its_rows_through_next_move():
    T = np.array([[1.0, 0.5, 2.0], [2.0, -1.0, 4.0], [1.0, 1.0, 3.0]])
    best, tied = _swept(T, TOL)
    assert tied.tolist() == [True, False] and best.tolist() == [-1, 2]
    rows, after = [], -1
    while (after := next_move(T, 0, T.shape[0], 0, after, TOL)) >= 0:
        rows.append(after)
    assert rows == [0, 1]  # ratios 2, 2 and 3


@numba.njit  # not cached, as above
def _pivoted_both_ways(T, row, column):
    """The dictionary ``T`` (one block) pivoted on ``(row, column)`` into a second block,
    and in place."""
    rows = T.shape[0]
    ring = np.empty((2 * rows, T.shape[1]))
    ring[:rows] = T
    pivoted(ring, 0, rows, rows, row, column)
    in_place = T.copy()
    exchange(in_place, row, column, np.empty(T.shape[1]))
    return ring[:rows], ring[rows:], in_place


@numba.njit  # not cached, as above
def _solved(M, basic, nonbasic):
    d, e = M.shape
    T = np.empty((e, d + 1))
    ok = fresh(M, basic, nonbasic, T, 0, np.empty((e, d + e + 1)))
    return ok, T


@pytest.mark.parametrize("seed", [4, 5])
def test_an_exchange_into_another_block_is_the_exchange_in_place_and_a_fresh_solve(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        d, e = int(rng.integers(1, 12)), int(rng.integers(1, 12))
        M = rng.random((d, e)) + 0.1
        basic, nonbasic = np.arange(d, d + e), np.arange(d)  # the slack basis: T = [M^T | 1]
        ok, T = _solved(M, basic, nonbasic)
        assert ok and np.array_equal(T, np.hstack([M.T, np.ones((e, 1))]))
        row, column = int(rng.integers(e)), int(rng.integers(d))
        source, target, in_place = _pivoted_both_ways(T, row, column)
        assert np.array_equal(source, T)  # the source block is kept
        assert np.array_equal(target, in_place)  # the same arithmetic (up to the sign of 0)
        basic[row], nonbasic[column] = nonbasic[column], basic[row]
        ok, again = _solved(M, basic, nonbasic)
        assert ok
        np.testing.assert_allclose(target, again, rtol=1e-9, atol=1e-9)
