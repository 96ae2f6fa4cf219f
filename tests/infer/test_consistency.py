"""Consistency of the forward-backward pass: impossible records, perfect monitoring, sampling."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.setup import play_setup
from sim.compile.strategies import build_strategy
from sim.infer.forward import forward
from sim.infer.observations import observations_from_indices
from sim.infer.sample import sample_histories
from sim.infer.smoothing import smooth
from sim.play.chain import joint_chain
from sim.play.exact import exact_outcomes
from tests.conftest import SCENARIOS


def uniform(setup):
    """The setup under the uniform tremble rule (any action may replace any other)."""
    return replace(setup, model=replace(setup.model, trembles=(None, None)))


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def test_impossible_record_has_zero_likelihood(inf):
    setup = play_setup(inf, {"noise": 0.0})
    chain = joint_chain(setup.model, setup.row, setup.col)
    # Russia openly deploys while the US complies and Russia is bound: only a tremble could.
    rows = [{"act.row": 0, "act.col": (0, 1)}, {"act.col": 3}, {"act.row": 0}]
    result = forward(chain, observations_from_indices(rows))
    assert result.log_likelihood[0] == -np.inf
    assert result.impossible_round[0] == 1
    smoothed = smooth(chain, observations_from_indices(rows))
    assert not np.any(smoothed.states) and not np.any(smoothed.col_actions)
    # The scenario's trembles never deploy openly; under the uniform tremble rule they may,
    # and then the same record is possible, the deployment being a tremble.
    scenario_rule = joint_chain(play_setup(inf, {"noise": 0.01}).model, setup.row, setup.col)
    assert forward(scenario_rule, observations_from_indices(rows)).log_likelihood[0] == -np.inf
    noisy = joint_chain(uniform(play_setup(inf, {"noise": 0.01})).model, setup.row, setup.col)
    assert np.isfinite(forward(noisy, observations_from_indices(rows)).log_likelihood[0])


def test_impossible_only_at_some_batch_points(inf):
    setup = uniform(play_setup(inf, {"noise": np.array([0.0, 0.01])}))
    chain = joint_chain(setup.model, setup.row, setup.col)
    rows = [{"act.col": 3}]
    result = forward(chain, observations_from_indices(rows))
    assert result.log_likelihood[0] == -np.inf and np.isfinite(result.log_likelihood[1])
    assert list(result.impossible_round) == [0, -1]


@pytest.mark.parametrize("seed", range(3))
def test_perfect_monitoring_reveals_hidden_actions(inf, seed):
    """No trembles and perfect signals: the posterior sits on the true hidden actions."""
    model = play_setup(inf).model.perfect()
    weights = {"weights": [0.6, 0.4, 0.0, 0.0]}
    row = build_strategy(inf, _choice("random", weights), 0, model)
    col = build_strategy(inf, "tit_for_tat", 1, model)
    chain = joint_chain(model, row, col)
    history = sample_histories(chain, 12, 1, np.random.default_rng(seed))
    covert = {"act.row": (0, 1), "act.col": (0, 1)}
    record = history.record(0, {"signal.row": True, "signal.col": True}, hide_as=covert)
    result = smooth(chain, record)
    assert np.isfinite(result.log_likelihood[0])
    truth_row, truth_col = history.values[1][0], history.values[2][0]
    np.testing.assert_array_equal(result.row_actions[..., 0].argmax(axis=1), truth_row)
    np.testing.assert_allclose(result.row_actions[..., 0].max(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(result.col_actions[..., 0].max(axis=1), 1.0, atol=1e-15)
    np.testing.assert_array_equal(result.col_actions[..., 0].argmax(axis=1), truth_col)


def _choice(name, parameters):
    from sim.scenario.iterated import StrategyChoice

    return StrategyChoice(strategy=name, parameters=parameters)


def test_sampled_histories_follow_the_exact_chain(inf):
    setup = play_setup(inf, {"noise": 0.05, "notice_rounds": 2})
    chain = joint_chain(setup.model, setup.row, setup.col)
    runs, rounds = 20_000, 8
    history = sample_histories(chain, rounds, runs, np.random.default_rng(7))
    exact = exact_outcomes(setup.model, setup.row, setup.col, rounds)
    m, n = setup.model.shape
    for values, axis, size in ((history.values[1], -1, m), (history.values[2], -2, n)):
        frequency = np.stack([np.bincount(values[:, t], minlength=size) for t in range(rounds)])
        expected = exact.action_probabilities.sum(axis=axis)
        se = np.sqrt(expected * (1 - expected) / runs)
        assert np.all(np.abs(frequency / runs - expected) <= 5 * se + 1e-12)


def test_sampled_histories_are_reproducible(inf):
    setup = play_setup(inf, {"noise": 0.05})
    chain = joint_chain(setup.model, setup.row, setup.col)
    one = sample_histories(chain, 10, 50, np.random.default_rng(3))
    two = sample_histories(chain, 10, 50, np.random.default_rng(3))
    assert all(np.array_equal(a, b) for a, b in zip(one.values, two.values, strict=True))


def test_hidden_states_are_distributions_and_match_the_chain(inf, tmp_path):
    from sim.infer.analysis import posterior_at
    from sim.infer.likelihood import RecordLikelihood
    from sim.scenario.events import load_events

    path = tmp_path / "record.toml"
    path.write_text(
        '[metadata]\nname = "r"\ntitle = "r"\n[record]\nfirst = 0\nlast = 9\n'
        '[record.default]\nact = { row = ["comply", "violate"], col = ["comply", "violate"] }\n'
        '[[events]]\nwhen = 3\nsignal.row = "violate"\n'
        '[[events]]\nwhen = 6\nuntil = 9\nact.row = "withdraw"\n',
        encoding="utf-8",
    )
    # the ultimatum issued on the evidence (the scenario's own is dated December 2018)
    likelihood = RecordLikelihood.of(inf, load_events(path), (), row="ultimatum(deadline=2)")
    posterior = posterior_at(likelihood)
    treaty_names, treaty = posterior.hidden_states["treaty"]
    us_names, us = posterior.hidden_states["US strategy"]
    for table in (treaty, us, posterior.hidden_states["Russia strategy"][1]):
        np.testing.assert_allclose(table.sum(axis=1), 1.0, atol=1e-12)
    assert treaty[:7, treaty_names.index("in_force")] == pytest.approx(1.0)
    assert treaty[7:, treaty_names.index("notice")] == pytest.approx(1.0)
    # the US withdrew from round 6 on: under the ultimatum, past its deadline (else trembles)
    assert us[6, us_names.index("doomed0")] == pytest.approx(1.0, abs=1e-6)
    data = posterior.to_dict()["rounds"][6]["states"]
    assert data["US strategy"]["doomed0"] == pytest.approx(1.0, abs=1e-6)
