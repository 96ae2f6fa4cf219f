"""``stabsim infer``: the record's report, an impossible record, bad input."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SCENARIOS

RECORD = """
[metadata]
name = "toy"
title = "Toy record"

[record]
first = 0
last = 5
aliases = { quiet = ["comply", "violate"] }

[record.default]
treaty = "in_force"
act = { row = "quiet", col = "quiet" }
signal = { row = "comply", col = "comply" }

[[events]]
when = 2
signal.row = "violate"

[infer]
parameters = ["detect"]
grid = 9
"""


def _record(tmp_path, text=RECORD):
    path = tmp_path / "record.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_infer_prints_the_likelihood_and_hidden_violations(tmp_path, run_cli):
    status, out, _ = run_cli("infer", SCENARIOS / "inf_treaty.toml", _record(tmp_path))
    assert status == 0
    assert "Log-likelihood at the scenario's values: -" in out and "detect" in out
    assert "P(Russia violate)" in out


def test_infer_json_is_one_object(tmp_path, run_cli):
    status, out, _ = run_cli("infer", SCENARIOS / "inf_treaty.toml", _record(tmp_path), "--json")
    data = json.loads(out)
    fit = data["profiles"][0]
    assert status == 0 and fit["at_scenario_values"]["possible"] is True
    assert len(fit["hidden_actions"]["rounds"]) == 6
    assert set(fit["posterior"]["estimates"]["detect"]) == {"mean", "sd", "ci95", "map"}


def test_an_impossible_record_is_reported_as_such(tmp_path, run_cli):
    text = RECORD + '\n[[events]]\nwhen = 1\nact.col = "develop"\nsignal.row = "develop"\n'
    path = _record(tmp_path, text)
    args = ("infer", SCENARIOS / "inf_treaty.toml", path, "--set", "noise=0")
    status, out, _ = run_cli(*args)
    assert status == 0
    assert "impossible (from round 1)" in out and "inf" not in out.replace("infer", "")
    status, out, _ = run_cli(*args, "--json")
    fit = json.loads(out)["profiles"][0]
    assert fit["at_scenario_values"] == {
        **fit["at_scenario_values"],
        "possible": False,
        "log_likelihood": None,
        "impossible_at": 1,
    }
    assert fit["posterior"]["possible"] is False


def test_bad_options_and_names_are_one_line_errors(tmp_path, run_cli):
    path = _record(tmp_path)
    status, _, err = run_cli("infer", SCENARIOS / "inf_treaty.toml", path, "--grid", "4")
    assert status == 2 and "--grid" in err and err.count("\n") == 1
    bad = _record(tmp_path, RECORD.replace('signal.row = "violate"', 'signal.row = "cheat"'))
    status, _, err = run_cli("infer", SCENARIOS / "inf_treaty.toml", bad)
    assert status == 2 and f"{bad}: events[0].signal.row: 'cheat'" in err
    status, _, err = run_cli("infer", SCENARIOS / "inf_treaty.toml", path, "--estimate", "nope")
    assert status == 2 and "nope: not a scenario parameter" in err


MCMC_NAMES = "detect,false_alarm,noise,covert_share"


@pytest.fixture
def mcmc_args(tmp_path, monkeypatch):
    """``stabsim infer`` arguments that estimate four parameters by a short MCMC chain."""
    import functools

    import sim.infer.analysis as analysis

    pytest.importorskip("emcee")
    quick = functools.partial(analysis.sample_posterior, steps=30, burn=10)
    monkeypatch.setattr(analysis, "sample_posterior", quick)
    return ("infer", SCENARIOS / "inf_treaty.toml", _record(tmp_path), "--estimate", MCMC_NAMES)


# an MCMC run (seconds)
@pytest.mark.slow
def test_more_than_three_parameters_are_sampled_by_mcmc(mcmc_args, run_cli):
    status, out, _ = run_cli(*mcmc_args, "--json")
    fit = json.loads(out)["profiles"][0]
    assert status == 0 and fit["posterior"]["method"] == "emcee-ensemble"
    assert set(fit["posterior"]["estimates"]) == set(MCMC_NAMES.split(","))
    assert fit["posterior"]["autocorrelation_reliable"] is False
    assert len(fit["hidden_actions"]["rounds"]) == 6


@pytest.mark.slow
def test_the_seed_decides_the_mcmc_draws(mcmc_args, run_cli):
    draws = []
    for seed in (3, 3, 4):
        status, out, err = run_cli(*mcmc_args, "--seed", str(seed), "--json")
        assert status == 0, err
        posterior = json.loads(out)["profiles"][0]["posterior"]
        assert posterior["parameters"]["seed"] == seed
        draws.append(posterior["estimates"])
    assert draws[0] == draws[1] and draws[0] != draws[2]
