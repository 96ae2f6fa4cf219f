"""The vectorised integer form of float payoffs against the exact pairwise computation."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.exact import _float_positive_integers, positive_integers


def _reference(M: np.ndarray) -> list[list[int]]:
    """``(M - min M) L + 1`` in fractions, ``L`` the least common denominator."""
    F = [[Fraction(v) for v in row] for row in M.tolist()]
    low = min(min(row) for row in F)
    shifted = [[v - low for v in row] for row in F]
    L = math.lcm(*(v.denominator for row in shifted for v in row))
    return [[int(v * L) + 1 for v in row] for row in shifted]


def _random_matrix(rng) -> np.ndarray:
    d, e = rng.integers(1, 7, 2)
    scale, offset = 10.0 ** rng.integers(-8, 9, 2)
    M = rng.random((d, e)) * scale - rng.random() * offset
    if rng.random() < 0.3:
        M[rng.random(M.shape) < 0.3] = 0.0
    if rng.random() < 0.3:  # decimals such as 0.1: full 53-bit significands
        M = np.round(M * 10 ** rng.integers(0, 4)) / 10 ** rng.integers(0, 4)
    return M


def test_the_vectorised_integers_equal_the_exact_ones_on_random_floats():
    rng = np.random.default_rng(20261202)
    fast_count = 0
    for _ in range(400):
        M = _random_matrix(rng)
        fast = _float_positive_integers(M)
        expected = _reference(M)
        assert positive_integers(M) == expected
        assert positive_integers(M.tolist()) == expected
        if fast is not None:
            fast_count += 1
            assert fast == expected
    assert fast_count > 200  # the vectorised path is the one tested


@pytest.mark.parametrize(
    "M",
    [
        [[0.0, 0.0], [0.0, 0.0]],
        [[0.3, 0.3, 0.3]],
        [[0.0, 0.5], [0.25, 1.0]],
        [[-(2.0**61), 2.0**61]],
        [[0.0, 2.0**60], [2.0**61, 1.0]],
        [[5e-324, -5e-324]],
    ],
)
def test_edge_cases_equal_the_exact_integers(M):
    M = np.array(M)
    assert _float_positive_integers(M) == _reference(M)


@pytest.mark.parametrize("M", [[[1.0, 2.0**62]], [[2.0**-1074, 1.0]], [[1.0, 2.0**80, 0.5]]])
def test_entries_beyond_62_bits_leave_the_vectorised_path(M):
    M = np.array(M)
    assert _float_positive_integers(M) is None
    assert positive_integers(M) == _reference(M)


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_a_non_finite_entry_is_refused(bad):
    assert _float_positive_integers(np.array([[bad, 1.0]])) is None
