"""The scalar path of ``normalise_payoffs`` for one game equals the batch computation."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.batch import normalise_payoffs
from sim.tolerance import RELATIVE_TOLERANCE, payoff_tolerance


def _batch_way(M: np.ndarray) -> np.ndarray:
    scale = payoff_tolerance(M) / RELATIVE_TOLERANCE
    low = M.min(axis=(-2, -1), keepdims=True)
    return 1.0 + (M - low) / scale[..., None, None]


def test_one_game_is_normalised_bit_for_bit_as_in_a_batch():
    rng = np.random.default_rng(11)
    for _ in range(300):
        shape = (1, *rng.integers(1, 9, 2))
        M = rng.normal(size=shape) * 10.0 ** rng.integers(
            -300, 300
        ) + rng.normal() * 10.0 ** rng.integers(-5, 300)
        if rng.random() < 0.2:
            M = np.full(shape, rng.normal() * 10.0 ** rng.integers(-300, 300))
        np.testing.assert_array_equal(normalise_payoffs(M), _batch_way(M))


@pytest.mark.parametrize(
    "M", [[[0.0, 0.0]], [[1e308, -1e308]], [[5e-324, 0.0]], [[3.0, 3.0], [3.0, 3.0 + 2**-51]]]
)
def test_edge_games_are_normalised_as_in_a_batch(M):
    M = np.array([M])
    np.testing.assert_array_equal(normalise_payoffs(M), _batch_way(M))


def test_a_nested_list_is_still_accepted():
    M = [[[1.0, 3.0], [2.0, 5.0]]]
    np.testing.assert_array_equal(normalise_payoffs(M), _batch_way(np.array(M)))
