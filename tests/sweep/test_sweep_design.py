"""Designs and per-point seeds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.sweep.design import Design, parameter_values
from sim.sweep.schema import Sweep
from sim.sweep.seeds import point_generator, point_seeds
from sim.sweep.store import pending_ranges
from tests.conftest import examples


def sweep(design="grid", points=None, **parameters) -> Sweep:
    return Sweep.model_validate(
        {
            "name": "t",
            "scenario": "x.toml",
            "design": design,
            "points": points,
            "seed": 11,
            "parameters": parameters,
        }
    )


def test_range_with_step_includes_stop_on_the_grid():
    spec = sweep(a={"start": 0.0, "stop": 0.3, "step": 0.1}).parameters["a"]
    assert np.allclose(parameter_values(spec), [0.0, 0.1, 0.2, 0.3])
    spec = sweep(a={"start": 0.0, "stop": 0.35, "step": 0.1}).parameters["a"]
    assert np.allclose(parameter_values(spec), [0.0, 0.1, 0.2, 0.3])
    spec = sweep(a={"start": 1, "stop": 2, "count": 5}).parameters["a"]
    assert np.allclose(parameter_values(spec), [1, 1.25, 1.5, 1.75, 2])


def test_grid_is_the_full_factorial_last_parameter_fastest():
    design = Design(sweep(a={"values": [1, 2, 3]}, b={"values": [10, 20]}))
    assert design.size == 6
    points = design.points(0, 6)
    assert points["a"].tolist() == [1, 1, 2, 2, 3, 3]
    assert points["b"].tolist() == [10, 20, 10, 20, 10, 20]
    part = design.points(3, 5)
    assert part["a"].tolist() == [2, 3] and part["b"].tolist() == [20, 10]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["random", "lhs", "sobol"])
def test_unit_designs_are_seeded_and_sliced_consistently(kind):
    spec = sweep(
        kind, 64, a={"start": 2.0, "stop": 3.0}, b={"distribution": "integers", "low": 1, "high": 4}
    )
    whole = Design(spec).points(0, 64)
    again = Design(spec)
    pieces = [again.points(s, min(s + 10, 64)) for s in range(0, 64, 10)]
    for name in ("a", "b"):
        assert np.array_equal(whole[name], np.concatenate([p[name] for p in pieces]))
    assert np.all((whole["a"] >= 2) & (whole["a"] <= 3))
    assert set(whole["b"].tolist()) <= {1, 2, 3, 4}


@pytest.mark.slow
def test_latin_hypercube_puts_one_point_in_each_stratum():
    design = Design(sweep("lhs", 50, a={"start": 0.0, "stop": 1.0}, b={"start": 0.0, "stop": 1.0}))
    points = design.points(0, 50)
    for name in ("a", "b"):
        strata = np.floor(points[name] * 50).astype(int)
        assert sorted(strata.tolist()) == list(range(50))


def test_sobol_is_more_even_than_random():
    """Scrambled Sobol points have a smaller centred L2 discrepancy than random ones."""
    from scipy.stats import qmc

    def discrepancy(kind):
        design = Design(
            sweep(kind, 256, a={"start": 0.0, "stop": 1.0}, b={"start": 0.0, "stop": 1.0})
        )
        return qmc.discrepancy(design.unit_points())

    assert discrepancy("sobol") < discrepancy("random") / 3


def test_distribution_marginals():
    spec = sweep(
        "random",
        20000,
        n={"distribution": "normal", "mean": 2.0, "sd": 0.5},
        g={"distribution": "loguniform", "low": 0.01, "high": 100.0},
    )
    points = Design(spec).points(0, 20000)
    assert abs(points["n"].mean() - 2.0) < 0.02 and abs(points["n"].std() - 0.5) < 0.02
    logs = np.log10(points["g"])
    assert logs.min() >= -2 and logs.max() <= 2 and abs(logs.mean()) < 0.05


@settings(max_examples=examples(40), deadline=None)
@given(
    seed=st.integers(0, 2**64), indices=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=5)
)
def test_point_seeds_equal_numpy_seed_sequence(seed, indices):
    expected = [
        np.random.SeedSequence(seed, spawn_key=(i,)).generate_state(1, np.uint64)[0]
        for i in indices
    ]
    assert point_seeds(seed, np.array(indices)).tolist() == [int(x) for x in expected]


def test_point_seeds_depend_on_index_only():
    all_at_once = point_seeds(5, np.arange(1000))
    in_pieces = np.concatenate([point_seeds(5, np.arange(s, s + 7)) for s in range(0, 1000, 7)])
    assert np.array_equal(all_at_once, in_pieces[:1000])
    assert len(np.unique(all_at_once)) == 1000
    assert not np.array_equal(all_at_once, point_seeds(6, np.arange(1000)))
    draws = [point_generator(5, i).random() for i in (3, 3, 4)]
    assert draws[0] == draws[1] != draws[2]


@settings(max_examples=examples(50), deadline=None)
@given(size=st.integers(0, 200), chunk=st.integers(1, 50), cuts=st.lists(st.integers(0, 200)))
def test_pending_ranges_cover_exactly_the_missing_points(size, chunk, cuts):
    edges = sorted({0, size, *(c for c in cuts if c <= size)})
    pieces = list(zip(edges[:-1], edges[1:], strict=True))
    done = pieces[::2]
    pending = pending_ranges(done, size, chunk)
    covered = np.zeros(size, dtype=int)
    for start, stop in [*done, *pending]:
        covered[start:stop] += 1
        assert stop > start
    assert np.all(covered == 1)
    assert all(stop - start <= chunk for start, stop in pending)
    assert pending_ranges([], size, chunk) == [
        (s, min(s + chunk, size)) for s in range(0, size, chunk)
    ]
