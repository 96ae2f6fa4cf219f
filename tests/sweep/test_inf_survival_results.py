"""The committed INF survival screenings agree with the closed form of the announced policies.

Under the scenario's announced policies (the US's one-off ultimatum at round 372 with a
two-month deadline; Russia complying unless the US leaves) nothing happens before the
date: the US does not react and nobody withdraws by accident. The treaty survives the 384
rounds iff Russia is seen complying in both deadline months; Russia's intended compliance
is executed as a violation with probability ``n`` (seen with ``detect``), and compliance is
misread with ``false_alarm``, so each month is clean with
``q = (1 - n)(1 - false_alarm) + n (1 - detect)`` and

    P(survive) = q^2,   P(the US's move ends it) = 1 - q^2,   P(Russia's) = 0,

whatever the payoffs. Every row of both committed tables (Sobol and Morris designs) must
equal that, to rounding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("name", ["inf_survival_sobol", "inf_survival_morris"])
def test_survival_tables_follow_the_closed_form(name):
    table = pd.read_csv(ROOT / "results" / name / "results.csv")
    n, fa, detect = table.noise, table.false_alarm, table.detect
    q = (1 - n) * (1 - fa) + n * (1 - detect)
    assert len(table) >= 512
    np.testing.assert_allclose(table.survival, q**2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(table.ended_by_row, 1 - q**2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(table.ended_by_col, 0.0, rtol=0, atol=1e-12)
