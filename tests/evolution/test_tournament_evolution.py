"""Evolution on real tournament tables: the INF pools and a noisy prisoner's dilemma."""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.equilibria.nash import nash_equilibria
from sim.evolution.evolve import run_replicator
from sim.evolution.replicator import replicator_field
from sim.evolution.scenario_table import scenario_table
from tests.conftest import SCENARIOS

PD_NOISY = """
[monitoring]
noise = 0.05

[tournament]
rounds = 100
discount = 1.0
pool = ["tit_for_tat", "always_defect", "always_cooperate", "win_stay_lose_shift",
        "grim_trigger"]
"""


@pytest.fixture(scope="module")
def inf_table():
    table = scenario_table(load(SCENARIOS / "inf_treaty.toml"))
    return table.meta.row_payoffs / table.scale, table.meta.col_payoffs / table.scale


@pytest.fixture(scope="module")
def pd_table(tmp_path_factory):
    path = tmp_path_factory.mktemp("pd") / "pd.toml"
    path.write_text((SCENARIOS / "prisoners_dilemma.toml").read_text() + PD_NOISY)
    table = scenario_table(load(path))
    return table.meta.row_payoffs / table.scale, table.meta.col_payoffs / table.scale


@pytest.mark.slow
@pytest.mark.parametrize("which", ["inf_table", "pd_table"])
def test_rest_points_and_equilibria_of_tournament_tables(which, request):
    A, B = request.getfixturevalue(which)
    result = run_replicator(A, B, time=10)
    equilibria = nash_equilibria((A, B))
    nash_points = [p for p in result.rest if p.nash]
    # Every equilibrium is a rest point, and the Nash rest points are the equilibria.
    for row, col in zip(equilibria.row, equilibria.col, strict=True):
        for v in replicator_field(A, B, row, col):
            np.testing.assert_allclose(v, 0.0, atol=1e-9)
        assert any(np.allclose(p.row, row) and np.allclose(p.col, col) for p in nash_points)
    if not equilibria.degenerate:
        assert len(nash_points) == len(equilibria)
    for p in result.rest:
        if p.stability == "asymptotically stable":
            assert p.nash and p.pure
        if p.interior:
            assert p.nash and p.stability != "asymptotically stable"


@pytest.mark.slow
def test_inf_peaceful_doctrines_form_a_neutral_component(inf_table):
    # With the revised strategies, follow suit, always comply and mirror response never
    # start a conflict and none answers an alleged violation: against each other they earn
    # the same, so their rest points are neutral (none asymptotically stable), and the
    # replicator dynamics end in that component.
    A, B = inf_table
    result = run_replicator(A, B, time=100)
    assert not [p for p in result.rest if p.stability == "asymptotically stable"]
    peaceful = [0, 4, 6]
    assert A[np.ix_(peaceful, peaceful)] == pytest.approx(A[0, 0], abs=1e-9)
    assert result.trajectory.row[-1, peaceful].sum() > 0.9
    assert result.trajectory.col[-1, peaceful].sum() > 0.9
