"""Which doctrine profiles can produce the bundled INF record at all.

Withdrawal and open deployment are deliberate in the INF scenario (no tremble reaches
them), so the US withdrawal of February 2019 must be intended by the US strategy in that
round. A US strategy that never withdraws (tit-for-tat and generous tit-for-tat punish by a
covert violation) or that withdraws two months after the first accusation of May 2013 (the
ultimatum issued on the evidence) gives the record probability exactly 0; the dated
ultimatum of December 2018 (round 71 of the record) withdraws in February 2019 (round 73).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.compile.check import load
from sim.infer.likelihood import RecordLikelihood
from sim.scenario.events import load_events
from tests.conftest import SCENARIOS

POINTS = np.array([[0.5, 0.05], [0.9, 0.3], [0.2, 0.45]])
MIRROR = "no_obligations_if_abandoned(released=withdraw)"


@pytest.fixture(scope="module")
def record():
    return load(SCENARIOS / "inf_treaty.toml"), load_events(SCENARIOS / "inf_record_2013_2019.toml")


def likelihood(record, row, col):
    scenario, events = record
    return RecordLikelihood.of(scenario, events, ("detect", "false_alarm"), row, col)


@pytest.mark.parametrize(
    "row", ["tit_for_tat", "generous_tit_for_tat(forgiveness=0.3)", "ultimatum(deadline=2)"]
)
def test_us_doctrines_without_the_dated_withdrawal_are_impossible(record, row):
    fit = likelihood(record, row, MIRROR)
    assert np.all(fit(POINTS) == -np.inf)


def test_the_dated_ultimatum_explains_the_withdrawal(record):
    dated = "ultimatum(deadline=2, start=71, issue_on=[])"
    fit = likelihood(record, dated, MIRROR)
    assert np.all(np.isfinite(fit(POINTS)))
    # Russia keeping its obligations during the notice period contradicts its suspension
    assert np.all(likelihood(record, dated, "no_obligations_if_abandoned")(POINTS) == -np.inf)
    assert fit.observations.rounds == 80 and record[1].labels[73] == "2019-02"
