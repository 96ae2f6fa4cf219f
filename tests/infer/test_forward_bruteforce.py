"""The forward-backward pass against brute-force enumeration of every hidden history."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.library import library_strategy
from sim.compile.setup import play_setup
from sim.dynamics.model import IteratedModel
from sim.infer.observations import observations_from_indices
from sim.infer.smoothing import smooth
from sim.play.chain import joint_chain
from tests.conftest import SCENARIOS
from tests.infer.bruteforce import enumerate_histories

FIELDS = ("treaty", "act.row", "act.col", "signal.row", "signal.col")


def _pd_model():
    model = IteratedModel.repeated([[3, 0], [5, 1]], [[3, 5], [0, 1]], noise=0.05)
    from dataclasses import replace

    return replace(
        model,
        row_observes=np.array([[0.9, 0.1], [0.25, 0.75]]),
        col_observes=np.array([[0.8, 0.2], [0.3, 0.7]]),
    )


def _random_record(rng, rounds, sizes, missing=0.4, pick=None):
    rows = []
    for _ in range(rounds):
        row = {}
        for field, size in zip(FIELDS, sizes, strict=True):
            if rng.random() < missing:
                continue
            choices = pick.get(field) if pick else None
            if choices is not None:
                row[field] = tuple(choices[rng.integers(len(choices))])
            else:
                row[field] = int(rng.integers(size))
        rows.append(row)
    return rows


def _check(model, row, col, rows):
    observations = observations_from_indices(rows)
    chain = joint_chain(model, row, col)
    result = smooth(chain, observations)
    likelihood, states, row_actions, col_actions = enumerate_histories(
        model, row, col, observations.allowed
    )
    assert likelihood > 0
    assert result.log_likelihood[0] == pytest.approx(np.log(likelihood), abs=1e-12)
    assert np.exp(result.log_likelihood[0]) == pytest.approx(likelihood, rel=1e-12, abs=0)
    np.testing.assert_allclose(result.states[..., 0], states, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.row_actions[..., 0], row_actions, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.col_actions[..., 0], col_actions, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    ("row_name", "col_name"),
    [("tit_for_tat", "generous_tit_for_tat"), ("win_stay_lose_shift", "grim_trigger")],
)
def test_two_by_two_matches_enumeration(seed, row_name, col_name):
    model = _pd_model()
    row = library_strategy(row_name, model, 0)
    col = library_strategy(col_name, model, 1)
    rows = _random_record(np.random.default_rng(seed), 7, (1, 2, 2, 2, 2), missing=0.35)
    _check(model, row, col, rows)


@pytest.mark.parametrize("seed", range(3))
def test_inf_game_matches_enumeration(seed):
    scenario = load(SCENARIOS / "inf_treaty.toml")
    setup = play_setup(scenario, {"notice_rounds": 2, "noise": 0.02, "false_alarm": 0.1})
    # the uniform tremble rule, so that a withdrawal in round 1 is possible (by accident)
    setup = replace(setup, model=replace(setup.model, trembles=(None, None)))
    covert = (0, 1)
    seen = [(0,), (1,)]
    pick = {"act.row": [covert, covert, (3,)], "act.col": [covert, covert, (3,)]}
    pick |= {"signal.row": seen, "signal.col": seen}
    rng = np.random.default_rng(100 + seed)
    rows = _random_record(rng, 6, (3, 4, 4, 4, 4), missing=0.25, pick=pick)
    for row in rows:  # keep the enumeration small: an act is at least known to be covert or not
        row.setdefault("act.row", covert)
        row.setdefault("act.col", covert)
        row.pop("treaty", None)
    rows[1]["act.row"] = (2,)  # a withdrawal: the notice period and termination are exercised
    for row in rows:  # a public act is seen as it is: no covert signal of it
        for side, other in (("row", "col"), ("col", "row")):
            if row[f"act.{other}"] != covert:
                row.pop(f"signal.{side}", None)
    _check(setup.model, setup.row, setup.col, rows)


@pytest.mark.parametrize("seed", range(2))
def test_dated_ultimatum_matches_enumeration(seed):
    # the one-off ultimatum issued at round 2: the forward pass moves the US automaton out
    # of its waiting state at the start of round 2, as the enumeration does
    scenario = load(SCENARIOS / "inf_treaty.toml")
    setup = play_setup(scenario, {"notice_rounds": 2, "noise": 0.05, "false_alarm": 0.2})
    model = setup.model
    us = library_strategy("ultimatum", model, 0, {"deadline": 1, "start": 2, "issue_on": []})
    russia = library_strategy("no_obligations_if_abandoned", model, 1, {"bound": "violate"})
    covert, seen = (0, 1), [(0,), (1,)]
    rng = np.random.default_rng(200 + seed)
    rows = _random_record(rng, 6, (3, 4, 4, 4, 4), missing=0.3, pick={
        "signal.row": seen, "signal.col": seen, "act.row": [covert], "act.col": [covert],
    })  # fmt: skip
    for row in rows:
        row.pop("treaty", None)
        row.setdefault("act.row", covert)
        row.setdefault("act.col", covert)
    rows[1]["signal.row"] = (1,)  # seen violating before the date: not answered
    rows[2]["signal.row"] = (1,)  # seen violating in the deadline round: the US withdraws
    for t in (3, 4, 5):  # withdrawal, then suspension through the notice period
        rows[t]["act.row"] = (2,)
        rows[t].pop("signal.col", None)
    _check(model, us, russia, rows)
