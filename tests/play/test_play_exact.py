"""Exact outcomes: closed forms, an independent forward recursion, batches, properties."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.model import build_model
from sim.compile.setup import play_setup
from sim.compile.strategies import build_strategy
from sim.dynamics.model import IteratedModel
from sim.dynamics.treaty import BOTH, COL, NONE, OTHER, ROW
from sim.play.exact import exact_outcomes, match_payoffs
from tests.conftest import SCENARIOS, examples

PD_ROW = np.array([[3.0, 0.0], [5.0, 1.0]])
PD = IteratedModel.repeated(PD_ROW, PD_ROW.T, (("cooperate", "defect"),) * 2)
PD_NAMES = [
    "tit_for_tat", "suspicious_tit_for_tat", "tit_for_two_tats", "grim_trigger",
    "generous_tit_for_tat", "win_stay_lose_shift", "alternator", "random", "always_defect",
]  # fmt: skip


def strategies(model, row: str, col: str):
    return library_strategy(row, model, 0), library_strategy(col, model, 1)


def test_tit_for_tat_against_always_defect_scores_199_to_204():
    result = exact_outcomes(PD, *strategies(PD, "tit_for_tat", "always_defect"), 200)
    assert result.payoffs == pytest.approx([199.0, 204.0])


def test_noisy_tit_for_tat_pair_averages_the_four_payoffs():
    # With trembles e > 0 two tit-for-tats visit CC, CD, DC, DD equally often in the long
    # run (the chain is doubly stochastic), so the stage payoff tends to (R+S+T+P)/4.
    model = replace(PD, noise=np.array([0.1, 0.1]))
    result = exact_outcomes(model, *strategies(model, "tit_for_tat", "tit_for_tat"), 300)
    assert result.stage_payoffs[-1] == pytest.approx([2.25, 2.25], abs=1e-9)


def test_grim_against_always_defect_discounted_closed_form():
    delta, rounds = 0.9, 60
    model = PD.with_discount(delta)
    result = exact_outcomes(model, *strategies(model, "grim_trigger", "always_defect"), rounds)
    tail = np.sum(delta ** np.arange(1, rounds))
    assert result.payoffs == pytest.approx([0.0 + 1.0 * tail, 5.0 + 1.0 * tail])


# ----------------------------------------------------------------------------- reference


def reference(model, row, col, rounds):
    """Forward recursion over dictionaries, written from the model's definitions alone.

    State: (treaty state, rounds in it, cause of the last move-fired transition, row state,
    column state, treaty not yet ended). Trembles, signals and the ordered transitions are
    applied literally; nothing is shared with the chain construction under test.
    """
    dyn = model.dynamics
    m, n = model.shape

    def shaken(policy, noise, allowed):
        size = len(policy)
        if allowed is None:
            return [(1 - noise) * p + noise * (1 - p) / (size - 1) for p in policy]
        out = [0.0] * size
        for a, p in enumerate(policy):
            others = [c for c in range(size) if allowed[a][c] and c != a]
            out[a] += p * (1 - noise if others else 1.0)
            for c in others:
                out[c] += p * noise / len(others)
        return out

    noise = np.asarray(model.noise)
    pr = [shaken(list(p), noise[0], model.trembles[0]) for p in np.asarray(row.policy)]
    pc = [shaken(list(p), noise[1], model.trembles[1]) for p in np.asarray(col.policy)]
    weight = float(model.discount * model.continuation)
    payoffs = np.zeros(2)
    survival = np.zeros(rounds)
    treaty = np.zeros((rounds, len(dyn.names)))
    ended = np.zeros(4)
    current = {(dyn.initial, 1, NONE, row.initial, col.initial, dyn.in_force[dyn.initial]): 1.0}
    for t in range(rounds):
        following = defaultdict(float)
        for (k, clock, cause, a, b, alive), prob in current.items():
            treaty[t, k] += prob
            survival[t] += prob * alive
            for i in range(m):
                for j in range(n):
                    pij = prob * pr[a][i] * pc[b][j]
                    if pij == 0:
                        continue
                    payoffs += (
                        weight**t
                        * pij
                        * np.array([dyn.row_payoffs[k, i, j], dyn.col_payoffs[k, i, j]])
                    )
                    for f, pf, new_clock, new_cause in branches(dyn, k, clock, cause, i, j):
                        ends = alive and dyn.in_force[k] and not dyn.in_force[f]
                        if ends:
                            ended[new_cause if new_cause != NONE else OTHER] += pij * pf
                        for sr in range(n):
                            for sc in range(m):
                                ps = model.row_observes[j, sr] * model.col_observes[i, sc]
                                if ps * pf == 0:
                                    continue
                                a2 = row.next_state[a, i, sr, f]
                                b2 = col.next_state[b, j, sc, f]
                                kept = new_cause if dyn.in_force[f] else NONE
                                key = (f, new_clock, kept, a2, b2, alive and not ends)
                                following[key] += pij * pf * ps
        current = following
    return payoffs, survival, treaty, ended


def branches(dyn, k, clock, cause, i, j):
    """(target, probability, clock, cause) of each way the treaty state can move."""
    out, remaining = [], 1.0
    for tr in dyn.transitions:
        if tr.source != k:
            continue
        fired_by = tr.cause(i, j)
        if fired_by is None or (tr.after is not None and clock < tr.after):
            continue
        p = float(tr.probability)
        if fired_by == NONE:
            fired_by = cause if (tr.after is not None and cause != NONE) else OTHER
        out.append((tr.target, remaining * p, 1, fired_by))
        remaining *= 1 - p
    out.append((k, remaining, clock + 1, cause))
    return out


def inf_setup(**overrides):
    scenario = load(SCENARIOS / "inf_treaty.toml", {"notice_rounds": 2, **overrides})
    return scenario, play_setup(scenario)


@pytest.mark.parametrize(
    ("row", "col"),
    [
        (None, None),
        ("generous_tit_for_tat", "tit_for_tat"),
        ("random", "grim_trigger"),
        ("ultimatum(deadline=1)", "win_stay_lose_shift"),
    ],
)
def test_exact_matches_an_independent_recursion_on_the_inf_scenario(row, col):
    scenario, setup = inf_setup(noise=0.05, false_alarm=0.2, detect=0.6)
    if row is not None:
        setup = play_setup(scenario, row=row, col=col)
    rounds = 7
    result = exact_outcomes(setup.model, setup.row, setup.col, rounds)
    payoffs, survival, treaty, ended = reference(setup.model, setup.row, setup.col, rounds)
    assert result.payoffs == pytest.approx(payoffs, rel=1e-10)
    assert result.survival == pytest.approx(survival, abs=1e-12)
    assert result.treaty_probabilities == pytest.approx(treaty, abs=1e-12)
    assert result.ended_by_cause == pytest.approx(ended, abs=1e-12)
    assert result.ended_by == pytest.approx(
        [ended[ROW] + ended[BOTH], ended[COL] + ended[BOTH]], abs=1e-12
    )


@pytest.mark.parametrize("row", PD_NAMES)
def test_exact_matches_the_recursion_on_a_noisy_prisoners_dilemma(row):
    model = replace(PD, noise=np.array([0.05, 0.1]), discount=np.asarray(0.95))
    for col in ("tit_for_two_tats", "win_stay_lose_shift", "random"):
        pair = strategies(model, row, col)
        result = exact_outcomes(model, *pair, 8)
        assert result.payoffs == pytest.approx(reference(model, *pair, 8)[0], rel=1e-10)


# ----------------------------------------------------------------------------- batches


def test_batch_equals_a_loop_over_points():
    scenario = load(SCENARIOS / "inf_treaty.toml")
    grid = {
        "detect": np.array([0.2, 0.5, 0.9])[:, None],
        "false_alarm": np.array([0.0, 0.1])[None, :],
        "noise": np.array([[0.001, 0.01]]),
        "discount": np.array([[0.95], [0.99], [1.0]]),
        "advantage_us": np.array([[3.0, 5.0]]),
    }
    model = build_model(scenario, grid)
    gtft = "generous_tit_for_tat(forgiveness=false_alarm)"
    row = build_strategy(scenario, gtft, 0, model, grid)
    col = build_strategy(scenario, scenario.model.play.col, 1, model, grid)
    batch = exact_outcomes(model, row, col, 40)
    assert batch.payoffs.shape == (3, 2, 2)
    assert batch.survival.shape == (3, 2, 40)
    assert batch.action_probabilities.shape == (3, 2, 40, 4, 4)
    for x in range(3):
        for y in range(2):
            point = {name: np.broadcast_to(v, (3, 2))[x, y] for name, v in grid.items()}
            single = build_model(scenario, point)
            r = build_strategy(scenario, gtft, 0, single, point)
            c = build_strategy(scenario, scenario.model.play.col, 1, single, point)
            one = exact_outcomes(single, r, c, 40)
            assert batch.payoffs[x, y] == pytest.approx(one.payoffs, rel=1e-12)
            assert batch.survival[x, y] == pytest.approx(one.survival, abs=1e-12)
            assert batch.ended_by[x, y] == pytest.approx(one.ended_by, abs=1e-12)
            assert batch.expected_rounds_in_force[x, y] == pytest.approx(
                one.expected_rounds_in_force
            )
            assert match_payoffs(single, r, c, 40) == pytest.approx(one.payoffs, rel=1e-10)
    assert match_payoffs(model, row, col, 40) == pytest.approx(batch.payoffs, rel=1e-10)


@settings(max_examples=examples(25), deadline=None)
@given(
    st.sampled_from(PD_NAMES),
    st.sampled_from(PD_NAMES),
    st.floats(0.0, 0.3),
    st.floats(0.5, 1.0),
    st.floats(0.5, 1.0),
    st.integers(1, 70),
)
def test_match_payoffs_equals_the_exact_payoffs(row, col, noise, discount, continuation, rounds):
    model = replace(
        PD,
        noise=np.array([noise, noise]),
        discount=np.asarray(discount),
        continuation=np.asarray(continuation),
    )
    pair = strategies(model, row, col)
    exact = exact_outcomes(model, *pair, rounds)
    assert match_payoffs(model, *pair, rounds) == pytest.approx(exact.payoffs, rel=1e-9, abs=1e-9)
    weights = (discount * continuation) ** np.arange(rounds)
    assert exact.payoffs == pytest.approx(weights @ exact.stage_payoffs, rel=1e-12)


@settings(max_examples=examples(15), deadline=None)
@given(st.floats(0.1, 10.0), st.floats(-5.0, 5.0))
def test_positive_affine_payoff_change_moves_payoffs_alike(scale, shift):
    model = replace(PD, noise=np.array([0.1, 0.0]))
    moved = IteratedModel.repeated(
        scale * PD_ROW + shift, (scale * PD_ROW + shift).T, PD.actions, noise=0.0
    )
    moved = replace(moved, noise=np.array([0.1, 0.0]))
    pair = strategies(model, "win_stay_lose_shift", "tit_for_two_tats")
    base = exact_outcomes(model, *pair, 20)
    other = exact_outcomes(moved, *strategies(moved, "win_stay_lose_shift", "tit_for_two_tats"), 20)
    assert other.payoffs == pytest.approx(scale * base.payoffs + 20 * shift, rel=1e-9, abs=1e-9)
    assert other.action_probabilities == pytest.approx(base.action_probabilities)


def test_distributions_are_probabilities():
    _, setup = inf_setup()
    result = exact_outcomes(setup.model, setup.row, setup.col, 50)
    assert result.action_probabilities.sum(axis=(-2, -1)) == pytest.approx(np.ones(50))
    assert result.treaty_probabilities.sum(axis=-1) == pytest.approx(np.ones(50))
    assert np.all(np.diff(result.survival) <= 1e-15)
    total_end = result.ending.sum()
    assert total_end == pytest.approx(result.end_probability)
    assert result.end_probability == pytest.approx(
        1 - result.survival[-1] + result.ending[-1].sum()
    )
