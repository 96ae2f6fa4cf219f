"""The commands stabsim tournament and stabsim evolve."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SCENARIOS

INF = SCENARIOS / "inf_treaty.toml"
PD = SCENARIOS / "prisoners_dilemma.toml"


@pytest.mark.slow
def test_tournament_json_on_the_inf_pools(run_cli):
    status, out, err = run_cli("tournament", INF, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["players"] == ["US", "Russia"]
    assert data["pools"][0][:2] == ["follow suit", "ultimatum"] and data["shared_pool"]
    assert len(data["table"]) == 7 * 7 and data["method"] == "exact"
    assert data["rounds"] == 384 and data["discount"] == 0.99
    assert all(e["payoffs"] for e in data["equilibria"])
    assert {"surviving", "eliminated"} <= set(data["dominance"])


@pytest.mark.slow
def test_tournament_text_explains_itself(run_cli):
    status, out, _ = run_cli("tournament", INF)
    assert status == 0
    for phrase in ("In short", "does best with", "Nash equilibria", "per round"):
        assert phrase in out


def test_tournament_pools_from_the_command_line(run_cli):
    status, out, err = run_cli(
        "tournament", PD, "--row-pool", "tit_for_tat,always_defect", "--col-pool",
        "always_defect", "--col-pool", "generous_tit_for_tat(forgiveness=0.5)", "--json",
    )  # fmt: skip
    assert status == 0, err
    data = json.loads(out)
    assert data["pools"] == [
        ["tit_for_tat", "always_defect"],
        ["always_defect", "generous_tit_for_tat(forgiveness=0.5)"],
    ]
    assert not data["shared_pool"]


@pytest.mark.slow
@pytest.mark.parametrize("dynamics", ["replicator", "moran", "fictitious", "logit"])
def test_evolve_every_dynamics_on_inf(run_cli, dynamics):
    status, out, err = run_cli("evolve", INF, "--dynamics", dynamics, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["dynamics"] == dynamics
    if dynamics == "replicator":
        assert any(p["nash"] and p["stability"] == "neutral" for p in data["rest_points"])
    if dynamics == "moran":
        assert data["neutral"] == pytest.approx(1 / 20)
        assert len(data["fixation"]) == 7 * 7


@pytest.mark.slow
def test_evolve_text(run_cli):
    status, out, _ = run_cli("evolve", INF, "--dynamics", "moran")
    assert status == 0
    assert "1/N = 0.05" in out and "In short" in out


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (("evolve", INF, "--dynamics", "imitation"), "--dynamics"),
        (("tournament", PD), "tournament"),
        (("tournament", PD, "--row-pool", "tit_for_tatt"), "--row-pool"),
        (("tournament", INF, "--pairing", "guess"), "--pairing"),
        (
            (
                "evolve",
                PD,
                "--row-pool",
                "tit_for_tat",
                "--col-pool",
                "always_defect",
                "--dynamics",
                "moran",
            ),
            "--dynamics",
        ),  # fmt: skip
    ],
)
def test_errors_are_one_line_with_status_2(run_cli, args, where):
    status, out, err = run_cli(*args)
    assert status == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert where in err
