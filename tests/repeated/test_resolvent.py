"""Values for many discount factors by one Schur form, against direct solves and a closed form."""

from __future__ import annotations

import numpy as np
import pytest

from sim.repeated.resolvent import discounted_values


def test_two_state_chain_closed_form():
    # from state 0 stay with p, else move to the absorbing state 1; reward 1 in state 0 only:
    # V_0 = 1 / (1 - delta p), V_1 = 0
    p = 0.3
    matrix = np.array([[p, 1 - p], [0.0, 1.0]])
    deltas = np.linspace(0.05, 0.999, 9)
    values = discounted_values(matrix, np.array([1.0, 0.0]), deltas)
    np.testing.assert_allclose(values[:, 0], 1 / (1 - deltas * p), rtol=1e-13)
    np.testing.assert_allclose(values[:, 1], 0.0, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_matches_a_direct_solve_on_random_sparse_chains(seed):
    rng = np.random.default_rng(seed)
    size = 40
    matrix = rng.random((size, size)) * (rng.random((size, size)) < 0.1)
    matrix[np.arange(size), rng.integers(size, size=size)] += 1.0  # no empty rows
    matrix /= matrix.sum(axis=1, keepdims=True)
    reward = rng.normal(size=(size, 2))
    deltas = np.concatenate([np.linspace(0.01, 0.99, 20), [0.9999]])
    direct = np.linalg.solve(np.eye(size) - deltas[:, None, None] * matrix, reward[None])
    scale = 1 / (1 - deltas)[:, None, None]
    got = discounted_values(matrix, reward, deltas)
    assert np.max(np.abs(got - direct) / scale) < 2e-11  # within error_band's 1000 eps N
    assert discounted_values(matrix, reward, deltas[:2]).shape == (2, size, 2)  # direct path
