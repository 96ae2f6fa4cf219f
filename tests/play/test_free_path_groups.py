"""Grouping a batch by its evidence-free path: the vectorised helpers against plain loops."""

from __future__ import annotations

import numpy as np

from sim.play.free_path import equal_rows, segment_argmax


def test_segment_argmax_is_numpy_argmax_on_each_segment_ties_included():
    rng = np.random.default_rng(7)
    values = rng.integers(0, 3, size=(50, 17)).astype(float)  # many ties
    starts = np.array([0, 1, 4, 5, 9, 16])
    bounds = [*starts[1:], values.shape[1]]
    expected = np.stack(
        [np.argmax(values[:, a:b], axis=1) for a, b in zip(starts, bounds, strict=True)], axis=1
    )
    assert np.array_equal(segment_argmax(values, starts), expected)


def test_groups_are_the_distinct_rows_in_ascending_order():
    rng = np.random.default_rng(8)
    signature = np.zeros((200, 40), dtype=np.intp)
    signature[:, 5] = rng.integers(0, 3, 200)
    signature[:, 31] = rng.integers(0, 2, 200)
    signature[:, 12] = 4  # the same at every point
    distinct, inverse = np.unique(signature, axis=0, return_inverse=True)
    groups = equal_rows(signature)
    assert len(groups) == distinct.shape[0]
    for g, members in enumerate(groups):
        assert np.array_equal(members, np.flatnonzero(inverse.reshape(-1) == g))
    assert [g.size for g in equal_rows(np.ones((9, 3), dtype=np.intp))] == [9]


def test_segment_argmax_with_segments_that_vary_and_segments_that_do_not():
    rng = np.random.default_rng(9)
    values = np.tile(rng.integers(0, 3, size=(1, 12)).astype(float), (30, 1))
    values[:, 4:7] = rng.integers(0, 3, size=(30, 3))  # this segment varies
    starts = np.array([0, 2, 4, 7, 8])
    bounds = [*starts[1:], values.shape[1]]
    expected = np.stack(
        [np.argmax(values[:, a:b], axis=1) for a, b in zip(starts, bounds, strict=True)], axis=1
    )
    assert np.array_equal(segment_argmax(values, starts), expected)
    view = np.broadcast_to(values[:1], values.shape)  # read-only, no row varies
    assert np.array_equal(segment_argmax(view, starts), np.broadcast_to(expected[:1], (30, 5)))
