"""Batched exact play outcomes: equal to the per-point analyses and to a plain dense recursion."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.setup import play_setup
from sim.play import batch as batch_module
from sim.play.batch import batch_outcomes
from sim.play.chain import joint_chain
from sim.play.exact import exact_outcomes
from sim.play.responsibility import attribute_end
from tests.conftest import SCENARIOS

ROUNDS = 40
CASES = [
    (None, None, "scenario"),  # the dated ultimatum against "no obligations", its [play]
    ("grim_trigger", "tit_for_tat", "uniform"),
    ("generous_tit_for_tat", "always_violate", "scenario"),
]


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def random_points(seed: int, count: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "detect": rng.uniform(0.1, 0.9, count),
        "false_alarm": rng.uniform(0.0, 0.2, count),
        "noise": rng.uniform(0.0, 0.05, count),
        "sanction": rng.uniform(1.0, 8.0, count),
        "discount": rng.uniform(0.9, 1.0, count),
    }


def setup_at(inf, values, row, col, rule):
    setup = play_setup(inf, {"ultimatum_round": 12, **values}, row=row, col=col, rounds=ROUNDS)
    if rule == "uniform":
        setup = replace(setup, model=replace(setup.model, trembles=(None, None)))
    return setup


def close(a, b):
    scale = np.maximum(1.0, np.abs(b))
    return np.all(np.abs(np.asarray(a) - np.asarray(b)) <= 1e-12 * scale)


@pytest.mark.parametrize(("row", "col", "rule"), CASES)
def test_batch_equals_the_per_point_analyses_at_random_points(inf, row, col, rule):
    points = random_points(7, 4)
    setup = setup_at(inf, points, row, col, rule)
    batch = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, causes=True, payoffs=True)
    assert batch.parameters["per_point"] == 0
    for k in range(4):
        one = setup_at(inf, {n: float(v[k]) for n, v in points.items()}, row, col, rule)
        exact = exact_outcomes(one.model, one.row, one.col, ROUNDS)
        split = attribute_end(one.model, one.row, one.col, ROUNDS)
        assert close(batch.end_probability[k], exact.end_probability)
        assert close(batch.ended_by[k], exact.ended_by)
        assert close(batch.rounds_in_force[k], exact.expected_rounds_in_force)
        assert close(batch.payoffs[k], exact.payoffs)
        assert close(batch.by_cause[k], split.by_cause)
    plain = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS)
    assert close(plain.end_probability, batch.end_probability)
    assert close(plain.ended_by, batch.ended_by)


def dense_reference(setup, rounds):
    """End probability and discounted payoffs by ``x_{t+1} = x_t M`` with dense matrices."""
    chain = joint_chain(setup.model, setup.row, setup.col)
    matrix = chain.transition
    alive = chain.in_force.astype(float)
    starts = dict(chain.starts())
    weight = float(setup.model.discount * setup.model.continuation)
    x = np.zeros(chain.size)
    x[chain.initial] = 1.0
    y = x * alive
    ended, value = 0.0, np.zeros(2)
    for t in range(rounds):
        if t in starts:
            x, y = np.bincount(starts[t], x, chain.size), np.bincount(starts[t], y, chain.size)
        value += weight**t * (x @ chain.rewards)
        step = y @ matrix
        ended += step.sum() - (step * alive).sum()
        x, y = x @ matrix, step * alive
    return ended, value


@pytest.mark.parametrize(("row", "col", "rule"), CASES[:2])
def test_batch_equals_a_plain_dense_recursion(inf, row, col, rule):
    points = random_points(11, 3)
    setup = setup_at(inf, points, row, col, rule)
    batch = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, payoffs=True)
    for k in range(3):
        one = setup_at(inf, {n: float(v[k]) for n, v in points.items()}, row, col, rule)
        ended, value = dense_reference(one, ROUNDS)
        assert close(batch.end_probability[k], ended)
        assert close(batch.payoffs[k], value)


def scatter_reference(moves, endings, skeleton, active, weight):
    """The kernel's sums by a plain scatter over the pairs in their order, every round and
    every state (no skipping), with numpy vectors over the points."""
    size, points = skeleton.size, moves.shape[1]
    starts = dict(skeleton.starts)
    x = np.zeros((size, points))
    x[skeleton.initial] = 1.0
    occupied = np.zeros((size, points))
    out = np.zeros((skeleton.causes, points))
    power = np.ones(points)
    for t in range(active.shape[0]):
        if t in starts:
            moved = np.zeros_like(x)
            for s in range(size):
                moved[starts[t][s]] += x[s]
            x = moved
        occupied += power * x
        for e in range(skeleton.end_source.size):
            if active[t, skeleton.end_class[e]]:
                out[skeleton.end_cause[e]] += power * x[skeleton.end_source[e]] * endings[e]
        new = np.zeros_like(x)
        for k in range(skeleton.pair_source.size):
            if active[t, skeleton.pair_class[k]]:
                new[skeleton.pair_target[k]] += x[skeleton.pair_source[k]] * moves[k]
        x, power = new, power * weight
    return occupied, out


def test_the_kernel_gives_the_bits_of_a_plain_scatter_over_the_pairs(inf):
    """The kernel lists the pairs that apply by target and skips the states without mass;
    its sums are still those of a scatter over every pair in order, to the last bit (a
    dated start in round 12 changes which states hold mass)."""
    from sim.play.free_path import path_groups
    from sim.play.propagate import run
    from sim.play.responsibility import CAUSE_NAMES, augmented_terms
    from sim.play.skeleton import tagged_skeleton

    points = random_points(13, 150)  # more than one block of the kernel
    setup = setup_at(inf, points, None, None, "scenario")
    flat = batch_module.Points(setup.model, setup.row, setup.col, (150,), 150)
    support = joint_chain(*flat.reduced(lambda a: a.mean(axis=0, keepdims=True)))
    skeleton = tagged_skeleton(augmented_terms(support), len(CAUSE_NAMES))
    ((members, path),) = path_groups(flat.model, flat.row, flat.col, ROUNDS)
    active = skeleton.active(path)
    terms, trembled, pairs, _ = batch_module._aggregator(skeleton)
    slots = pairs @ batch_module.term_values(flat, support, terms, trembled, members)
    moves, endings = slots[: skeleton.pair_source.size], slots[skeleton.pair_source.size :]
    weight = flat.continuation * flat.discount
    occupation, ended = run(moves, endings, skeleton, active, weight, skeleton.causes)
    expected = scatter_reference(moves, endings, skeleton, active, weight)
    assert np.array_equal(occupation, expected[0])
    assert np.array_equal(ended, expected[1])
    assert ended.sum(axis=0).min() > 0.001  # every point ends with some probability


def test_a_point_gives_the_same_bits_in_any_batch(inf):
    points = random_points(3, 6)
    points["false_alarm"][:3] = 0.0  # the first three alone have a smaller skeleton
    whole = setup_at(inf, points, None, None, "scenario")
    part = setup_at(inf, {n: v[:3] for n, v in points.items()}, None, None, "scenario")
    a = batch_outcomes(whole.model, whole.row, whole.col, ROUNDS, causes=True, payoffs=True)
    b = batch_outcomes(part.model, part.row, part.col, ROUNDS, causes=True, payoffs=True)
    for name in ("end_probability", "ended_by", "rounds_in_force", "by_cause", "payoffs"):
        assert np.array_equal(getattr(a, name)[:3], getattr(b, name)), name


def test_points_failing_the_completeness_check_are_computed_one_by_one(inf, monkeypatch):
    points = random_points(5, 3)
    setup = setup_at(inf, points, None, None, "scenario")
    good = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, causes=True)
    monkeypatch.setattr(batch_module, "STRUCTURE_SLACK", -1.0)
    redone = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, causes=True)
    assert redone.parameters["per_point"] == 3
    assert close(redone.by_cause, good.by_cause)
    assert close(redone.rounds_in_force, good.rounds_in_force)


def test_points_that_differ_in_payoffs_only_share_a_chain_and_keep_their_payoffs(inf):
    values = {"treaty_value": np.linspace(1.0, 5.0, 8), "sanction": np.linspace(1.0, 8.0, 8)}
    setup = setup_at(inf, values, None, None, "scenario")
    batch = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, causes=True, payoffs=True)
    assert np.all(batch.by_cause == batch.by_cause[0])
    for k in (0, 7):
        one = setup_at(inf, {n: float(v[k]) for n, v in values.items()}, None, None, "scenario")
        exact = exact_outcomes(one.model, one.row, one.col, ROUNDS)
        assert close(batch.payoffs[k], exact.payoffs)
        assert close(batch.rounds_in_force[k], exact.expected_rounds_in_force)
    assert len(set(batch.payoffs[:, 0].tolist())) == 8


def test_a_batch_over_the_discount_alone_equals_the_per_point_analyses(inf):
    """Only the discount varies, so the monitoring and treaty probabilities are one row
    broadcast along the points (read as a column, not copied), beside the batched policies;
    the figures are still each point's own."""
    from sim.play.free_path import same_rows

    values = {"discount": np.array([0.9, 0.95, 0.999])}
    setup = setup_at(inf, values, None, None, "scenario")
    flat = batch_module.Points(setup.model, setup.row, setup.col, (3,), 3)
    assert all(same_rows(a) for a in (*flat.observes, flat.treaty))
    batch = batch_outcomes(setup.model, setup.row, setup.col, ROUNDS, causes=True, payoffs=True)
    for k in range(3):
        one = setup_at(inf, {"discount": float(values["discount"][k])}, None, None, "scenario")
        exact = exact_outcomes(one.model, one.row, one.col, ROUNDS)
        ended, value = dense_reference(one, ROUNDS)
        assert close(batch.payoffs[k], exact.payoffs)
        assert close(batch.payoffs[k], value)
        assert close(batch.end_probability[k], ended)
        assert close(batch.by_cause[k], attribute_end(one.model, one.row, one.col, ROUNDS).by_cause)
    assert len(set(batch.payoffs[:, 0].tolist())) == 3


def test_a_swept_strategy_parameter_splits_the_points_by_their_path(inf, tmp_path):
    """A mixed strategy whose likeliest action changes across the points (so does the
    evidence-free path that tells a first move): each point gets its per-point figures."""
    text = (SCENARIOS / "inf_treaty.toml").read_text(encoding="utf-8")
    text = text.replace("[parameters]\n", "[parameters]\nw = { value = 0.1, max = 1.0 }\n", 1)
    dated = (
        'strategy = "ultimatum", parameters = { deadline = "deadline_rounds", '
        'start = "ultimatum_round", issue_on = [] }'
    )
    assert dated in text
    text = text.replace(
        dated,
        'strategy = "random", parameters = { weights = { comply = "1 - w", withdraw = "w" } }',
    )
    path = tmp_path / "mixed.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load(path)
    values = {"w": np.array([0.01, 0.6, 0.04, 0.9]), "noise": np.array([0.01, 0.02, 0.0, 0.03])}
    setup = play_setup(scenario, values, rounds=20)
    batch = batch_outcomes(setup.model, setup.row, setup.col, 20, causes=True)
    for k in range(4):
        one = play_setup(scenario, {n: float(v[k]) for n, v in values.items()}, rounds=20)
        split = attribute_end(one.model, one.row, one.col, 20)
        assert close(batch.by_cause[k], split.by_cause)
    assert batch.end_probability.min() > 0
