"""Pareto-optimal pure profiles: the planar-maxima path of a single game against a brute
force over every pair of profiles, in exact rationals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.compare import exact_ranks
from sim.equilibria.exact import to_fraction
from sim.equilibria.pareto import pareto_mask


def brute_force(A, B) -> np.ndarray:
    """Profiles no other profile weakly beats for both and strictly for one, in fractions."""
    a = [to_fraction(v) for v in np.ravel(A)]
    b = [to_fraction(v) for v in np.ravel(B)]
    n = len(a)
    optimal = [
        not any(a[q] >= a[p] and b[q] >= b[p] and (a[q] > a[p] or b[q] > b[p]) for q in range(n))
        for p in range(n)
    ]
    return np.array(optimal).reshape(np.shape(A))


def random_payoffs(rng, shape):
    """Small integers, some shifted by 1e15 and scaled by 1e-6, some moved by one ulp."""
    values = rng.integers(0, 4, shape).astype(float)
    kind = rng.integers(0, 3)
    if kind == 1:
        values = values * 1e-6 + 1e15 * rng.integers(0, 2, shape)
    elif kind == 2:
        values = values / 3 + rng.integers(0, 2, shape) * np.spacing(values / 3)
    return values


@pytest.mark.parametrize("seed", range(4))
def test_single_game_path_equals_the_brute_force(seed):
    rng = np.random.default_rng(seed)
    for _ in range(150):
        shape = tuple(rng.integers(1, 7, 2))
        A, B = random_payoffs(rng, shape), random_payoffs(rng, shape)
        assert np.array_equal(pareto_mask(A, B), brute_force(A, B))


def test_batch_and_single_paths_agree():
    rng = np.random.default_rng(9)
    A = np.stack([random_payoffs(rng, (4, 3)) for _ in range(50)])
    B = np.stack([random_payoffs(rng, (4, 3)) for _ in range(50)])
    batch = pareto_mask(A, B)
    assert all(np.array_equal(batch[k], pareto_mask(A[k], B[k])) for k in range(50))


def test_ranks_follow_the_rationals_not_the_doubles():
    third = 1 / 3
    values = np.array([third, np.nextafter(third, 1), 0.1 + 0.2, 0.3, 2.0, 2.0, -1e300])
    ranks = exact_ranks(values)
    exact = [to_fraction(v) for v in values]
    assert exact[0] == exact[1] == Fraction(1, 3) and exact[2] == exact[3] == Fraction(3, 10)
    for i in range(len(values)):
        for j in range(len(values)):
            assert (ranks[i] < ranks[j]) == (exact[i] < exact[j])


def test_a_large_game_needs_no_pairwise_table():
    rng = np.random.default_rng(3)
    A, B = rng.random((256, 256)), rng.random((256, 256))
    mask = pareto_mask(A, B)  # 65,536 profiles: a pairwise table would hold 4.3e9 entries
    a, b = A[mask], B[mask]
    order = np.argsort(-a)
    assert np.all(np.diff(b[order]) > 0)  # the maxima of distinct points form a staircase
    best = np.unravel_index(np.argmax(A), A.shape)
    assert mask[best] and mask[np.unravel_index(np.argmax(B), B.shape)]
