"""The record case study runs with its documented command and its tables are consistent."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_case_record_quick(tmp_path):
    """Under the mirror response Russia intends to comply in every month before its release,
    so a covert violation happens only by a tremble, executed with probability ``noise`` a
    month (the scenario's rule: compliance and violation replace each other only); the
    accusations raise the posterior a little above that prior, never near the covert
    profile's. Hence the bound ``2 noise`` on its average (the old bound 0.01 was for the
    uniform rule, whose prior was ``noise / 3``)."""
    command = [sys.executable, str(ROOT / "experiments" / "case_record.py"), "--quick"]
    subprocess.run([*command, "--out", str(tmp_path)], check=True, cwd=ROOT, capture_output=True)
    profiles = pd.read_csv(tmp_path / "profiles.csv")
    for _, group in profiles.groupby(["coding", "noise"]):
        assert group.posterior.sum() == pytest.approx(1.0, abs=1e-12)
        assert (group.log_evidence_error >= 0).all() and np.isfinite(group.log_evidence).all()
    covert = profiles[profiles.profile == "ultimatum vs covert violation"]
    mirror = profiles[profiles.profile.str.startswith("announced")]
    assert (covert.mean_p_russia_violating > 0.9).all()
    noise = mirror.noise.str.split().str[-1].astype(float)
    assert (mirror.mean_p_russia_violating < 2 * noise).all()
    months = pd.read_csv(tmp_path / "months_silence_missing_0.001.csv")
    assert len(months) == 80 and months.iloc[:, 1:].le(1 + 1e-12).all().all()
    coverage = pd.read_csv(tmp_path / "coverage.csv")
    assert (coverage.coverage > 0.8).all()
    for name in ("profile_posterior", "posterior_grids", "russia_violation_silence_missing_0.001"):
        assert (tmp_path / f"{name}.png").is_file()
