"""Two walks sharing one visited set against one walk: the same search result, game by game,
and each key of a set claimed by exactly one of two threads."""

from __future__ import annotations

import threading

import numba
import numpy as np
import pytest

from sim.equilibria.batch import normalise_payoffs
from sim.equilibria.parallel_search import parallel_vertices_search, second_start
from sim.equilibria.vertex_search import polytope_vertices_search
from sim.equilibria.visited_set import EMPTY, claim, empty_table
from sim.tolerance import RELATIVE_TOLERANCE as TOL


def _games():
    rng = np.random.default_rng(11)
    for m, n in [(10, 10), (12, 12), (9, 14), (14, 9), (13, 13)]:
        yield rng.random((m, n)), rng.random((m, n))
    for m, n in [(8, 8), (10, 7)]:  # degenerate: small integers
        yield rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)


@pytest.mark.parametrize("A, B", list(_games()))
def test_two_walks_give_the_result_of_one(A, B):
    An, Bn = normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]
    for R in (An, np.empty((0, 0))):
        one = polytope_vertices_search(Bn, TOL, 10**7, R)
        two = parallel_vertices_search(Bn, TOL, 10**7, R)
        if not one[2]:  # cut short (too many near-degenerate bases): both say so
            assert not two[2] and two[5] == one[5]
            continue
        assert np.array_equal(one[1], two[1])  # the same vertices, by label
        np.testing.assert_allclose(one[0], two[0], rtol=1e-9, atol=1e-12)
        assert one[2:4] == two[2:4] and one[5] == two[5]  # complete, visited, degenerate
        np.testing.assert_allclose(one[4], two[4], rtol=1e-9, atol=1e-12, equal_nan=True)


def test_a_vertex_0_with_every_column_tied_leaves_one_walk():
    M = np.ones((4, 5))
    assert second_start(M, TOL) is None
    one = polytope_vertices_search(M, TOL, 10**6, np.empty((0, 0)))
    two = parallel_vertices_search(M, TOL, 10**6, np.empty((0, 0)))
    assert np.array_equal(one[1], two[1]) and one[3] == two[3]


@numba.njit(nogil=True)
def _claim_all(table, keys):
    won = 0
    for key in keys:
        won += claim(table, key)
    return won


def test_each_key_is_claimed_by_exactly_one_of_two_threads():
    rng = np.random.default_rng(3)
    keys = rng.integers(1, 1 << 40, 200_000)
    table = empty_table(1 << 20)
    _claim_all(empty_table(16), keys[:2])  # compiled before the threads start
    won = [0, 0]
    orders = [keys, keys[::-1].copy()]  # the same keys, from both ends: many races

    def run(k):
        won[k] = _claim_all(table, orders[k])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert won[0] + won[1] == len(np.unique(keys))
    assert np.array_equal(np.sort(table[table != EMPTY]), np.unique(keys))
