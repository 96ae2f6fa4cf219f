"""The equilibrium engine against an independent brute-force method in exact arithmetic.

The reference enumerates, for every support ``I`` of the row player and every equally large
set ``J`` of columns, the unique solution (if any) of ``sum_I x = 1``, ``(x^T B)_j = v`` for
``j`` in ``J``: these are the vertices of the best-response polyhedron
``{(x, v) : x in simplex, x^T B <= v}``. It does the same for the column player, and keeps
every pair of vertices that passes the definition of a Nash equilibrium checked exactly.
Extreme equilibria are exactly such pairs (Avis, Rosenberg, Savani and von Stengel 2010).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.batch import nash_batch
from sim.equilibria.nash import nash_equilibria
from tests.conftest import examples


def _solve(system):
    """Unique solution of a square system of fractions (last column the right side)."""
    k = len(system)
    rows = [list(r) for r in system]
    for c in range(k):
        p = next((r for r in range(c, k) if rows[r][c] != 0), None)
        if p is None:
            return None
        rows[c], rows[p] = rows[p], rows[c]
        for r in range(k):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] / rows[c][c]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[c], strict=True)]
    return [rows[r][k] / rows[r][r] for r in range(k)]


def polyhedron_vertices(M):
    """Vertices x of {(x, v): x >= 0, sum x = 1, x^T M <= v} (M is d x e, fractions)."""
    d, e = len(M), len(M[0])
    found = {}
    for size in range(1, min(d, e) + 1):
        for support in combinations(range(d), size):
            for cols in combinations(range(e), size):
                system = [[Fraction(1)] * size + [Fraction(0), Fraction(1)]]
                system += [[M[i][j] for i in support] + [Fraction(-1), Fraction(0)] for j in cols]
                solution = _solve(system)
                if solution is None:
                    continue
                x = [Fraction(0)] * d
                for i, value in zip(support, solution[:-1], strict=True):
                    x[i] = value
                v = solution[-1]
                values = [sum(x[i] * M[i][j] for i in range(d)) for j in range(e)]
                if min(x) >= 0 and max(values) <= v:
                    tight = sum(value == v for value in values) + sum(p == 0 for p in x)
                    found[tuple(x)] = tight
    return found


def brute_force(A, B):
    """Extreme equilibria (set of pairs of fraction tuples) and the degeneracy flag."""
    A = [[Fraction(int(v)) for v in row] for row in A]
    B = [[Fraction(int(v)) for v in row] for row in B]
    m, n = len(A), len(A[0])
    xs = polyhedron_vertices(B)
    ys = polyhedron_vertices([list(col) for col in zip(*A, strict=True)])
    degenerate = any(t > m for t in xs.values()) or any(t > n for t in ys.values())
    equilibria = set()
    for x in xs:
        col_values = [sum(x[i] * B[i][j] for i in range(m)) for j in range(n)]
        for y in ys:
            row_values = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
            row_ok = sum(x[i] * row_values[i] for i in range(m)) == max(row_values)
            col_ok = sum(col_values[j] * y[j] for j in range(n)) == max(col_values)
            if row_ok and col_ok:
                equilibria.add((x, y))
    return equilibria, degenerate


def as_float_set(pairs):
    return sorted(tuple(float(v) for v in (*x, *y)) for x, y in pairs)


def assert_same_equilibria(found_row, found_col, expected):
    """Same sets of profiles, compared after rounding to 9 decimals."""
    got = sorted(
        tuple(np.round(v, 9) + 0.0) for v in np.concatenate([found_row, found_col], axis=1)
    )
    want = sorted(tuple(np.round(v, 9) + 0.0) for v in as_float_set(expected))
    assert got == want


def games(high: int, max_size: int = 4):
    """Pairs of integer payoff matrices with entries in 0..high, shapes up to max_size."""
    return st.tuples(st.integers(1, max_size), st.integers(1, max_size)).flatmap(
        lambda s: st.tuples(
            st.lists(
                st.lists(st.integers(0, high), min_size=s[1], max_size=s[1]),
                min_size=s[0],
                max_size=s[0],
            ),
            st.lists(
                st.lists(st.integers(0, high), min_size=s[1], max_size=s[1]),
                min_size=s[0],
                max_size=s[0],
            ),
        )
    )


def check_against_reference(A, B):
    expected, degenerate = brute_force(A, B)
    result = nash_equilibria((np.array(A, float), np.array(B, float)))
    assert result.verify().all()
    assert result.degenerate == degenerate
    assert_same_equilibria(result.row, result.col, expected)
    exact = nash_equilibria((A, B), exact=True)
    assert {(tuple(x), tuple(y)) for x, y in exact.exact} == expected
    assert exact.degenerate == degenerate


@settings(max_examples=examples(40), deadline=None)
@given(games(1000))
def test_generic_games_match_brute_force(game):
    check_against_reference(*game)


@settings(max_examples=examples(40), deadline=None)
@given(games(2))
def test_degenerate_games_0_to_2_match_brute_force(game):
    check_against_reference(*game)


@pytest.mark.slow
@settings(max_examples=examples(40), deadline=None)
@given(games(3))
def test_degenerate_games_0_to_3_match_brute_force(game):
    check_against_reference(*game)


@pytest.mark.slow
@pytest.mark.parametrize("kernel", ["numba", "numpy"])
def test_batch_of_random_games_matches_brute_force_game_by_game(kernel):
    rng = np.random.default_rng(7)
    A = rng.integers(0, 4, size=(30, 4, 4))
    B = rng.integers(0, 4, size=(30, 4, 4))
    result = nash_batch(A, B, chunk_size=7, kernel=kernel)
    for g in range(30):
        expected, degenerate = brute_force(A[g], B[g])
        mine = result.game_index == g
        assert result.degenerate[g] == degenerate
        assert_same_equilibria(result.row[mine], result.col[mine], expected)


def test_reference_finds_the_mixed_equilibrium_of_the_stag_hunt():
    expected, degenerate = brute_force([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    assert not degenerate
    assert ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3))) in expected
    assert len(expected) == 3
