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
    groups = equal_rows([signature])
    assert len(groups) == distinct.shape[0]
    for g, members in enumerate(groups):
        assert np.array_equal(members, np.flatnonzero(inverse.reshape(-1) == g))
    assert [g.size for g in equal_rows([np.ones((9, 3), dtype=np.intp)])] == [9]


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


def test_groups_split_on_a_treaty_alternative_and_every_point_keeps_its_own_path(tmp_path):
    """The row side violates with probability ``w`` and then withdraws; the withdrawal starts
    the notice period with probability ``q`` only. Where ``w > 1/2`` the evidence-free path
    withdraws; the likeliest treaty alternative changes at ``q = 1/2``. Four groups in one
    batch, each point's path the one computed at that point alone, and the batched kernel's
    end split that of the per-point analysis (the transition probability varies over the
    batch)."""
    from sim.compile.check import load
    from sim.compile.setup import play_setup
    from sim.play.batch import batch_outcomes
    from sim.play.chain import joint_chain
    from sim.play.free_path import evidence_free_path, path_groups
    from sim.play.responsibility import attribute_end
    from tests.conftest import SCENARIOS
    from tests.play.test_responsibility import DRIFTER

    text = (SCENARIOS / "inf_treaty.toml").read_text(encoding="utf-8")
    text = text.replace("[parameters]\n", "[parameters]\nw = { value = 0.1, max = 1.0 }\n", 1)
    text = text.replace("[parameters]\n", "[parameters]\nq = { value = 1.0, max = 1.0 }\n", 1)
    text = text.replace('to = "notice"\n', 'to = "notice"\nprobability = "q"\n', 1)
    path = tmp_path / "drifter.toml"
    path.write_text(text.replace("[play]\n", DRIFTER, 1), encoding="utf-8")
    scenario = load(path)
    values = {
        "w": np.array([0.9, 0.9, 0.05, 0.9, 0.05, 0.6]),
        "q": np.array([0.3, 0.8, 0.3, 0.3, 0.8, 0.7]),
        "false_alarm": np.array([0.2, 0.1, 0.05, 0.15, 0.1, 0.1]),
    }

    def setup(point):
        found = play_setup(scenario, point, row="drifter", col="always_comply", rounds=12)
        return found.model, found.row, found.col

    alone = []
    for k in range(6):
        one = setup({n: float(v[k]) for n, v in values.items()})
        alone.append((one, evidence_free_path(joint_chain(*one), 12)))
    groups = path_groups(*setup(values), 12)
    assert sorted(int(p) for members, _ in groups for p in members) == list(range(6))
    for members, shared in groups:
        for p in members:
            assert np.array_equal(shared, alone[p][1])
    assert len(groups) == 4  # by w > 1/2 and by q > 1/2, the likeliest treaty alternative
    assert len({alone[p][1].tobytes() for p in range(6)}) == 2
    kernel = batch_outcomes(*setup(values), 12, causes=True).by_cause
    for k in range(6):
        single = attribute_end(*alone[k][0], 12).by_cause
        assert np.allclose(kernel[k], single, rtol=0, atol=1e-12)
