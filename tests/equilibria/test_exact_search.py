"""The exact search over feasible bases against solving every basis, and exact invariances."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.batch import normalise_payoffs
from sim.equilibria.exact import positive_integers
from sim.equilibria.exact_search import exact_vertices_search
from sim.equilibria.polytope import polytope_vertices


def _every_basis(M: np.ndarray) -> dict[int, np.ndarray]:
    """Distinct feasible vertices (not 0) from solving every basis in floating point."""
    points, labels, feasible = polytope_vertices(normalise_payoffs(M[None]))
    d = M.shape[0]
    found = {}
    for k in np.flatnonzero(feasible[0]):
        if labels[0, k] != (1 << d) - 1:
            found.setdefault(int(labels[0, k]), points[:, 0, k])
    return found


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2), st.integers(0, 2**32 - 1))
def test_the_search_finds_the_vertices_of_every_basis(d, e, high, seed):
    rng = np.random.default_rng(seed)
    M = rng.integers(0, high + 1, (d, e)).astype(float) if high else rng.random((d, e))
    N = positive_integers(M.tolist())
    found = exact_vertices_search(N)
    expected = _every_basis(np.array(N, dtype=float))
    assert sorted(found) == sorted(expected)
    for label, point in found.items():  # an affine change of payoffs scales each vertex
        exact = np.array([float(v / sum(point)) for v in point])
        np.testing.assert_allclose(exact, expected[label] / expected[label].sum(), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 10**30), st.integers(0, 2**32 - 1))
def test_scaling_the_payoffs_scales_the_vertices_exactly(d, e, factor, seed):
    M = np.random.default_rng(seed).integers(1, 4, (d, e)).tolist()
    found = exact_vertices_search(M)
    scaled = exact_vertices_search([[v * factor for v in row] for row in M])
    assert sorted(found) == sorted(scaled)
    for label, point in found.items():
        assert tuple(Fraction(v, factor) for v in point) == scaled[label]
