"""Sensitivity indices of sweep outcomes, against closed forms and known answers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from sim.errors import ScenarioError
from sim.sweep.design import salib_problem, salib_seed
from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import run_sweep
from sim.sweep.sensitivity import (
    given_data_indices,
    morris_indices,
    sobol_indices,
    sweep_sensitivity,
)

pytest.importorskip("SALib")

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()
A, B = 7.0, 0.1


def ishigami(x: np.ndarray) -> np.ndarray:
    """Ishigami and Homma (1990) on [-pi, pi]^3 from unit-cube points."""
    z = -math.pi + 2 * math.pi * x
    return np.sin(z[:, 0]) + A * np.sin(z[:, 1]) ** 2 + B * z[:, 2] ** 4 * np.sin(z[:, 0])


def ishigami_indices() -> tuple[list[float], list[float]]:
    """Closed-form first-order and total indices (Sobol' and Levitan 1999; Saltelli et al.
    2008, section 4.5): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8,
    V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13."""
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


@pytest.mark.slow
def test_ishigami_sobol_indices_match_the_closed_form_within_their_intervals():
    from SALib.sample import sobol

    names = ["x1", "x2", "x3"]
    x = sobol.sample(salib_problem(names), 2048, calc_second_order=False, seed=salib_seed(3))
    result = sobol_indices(ishigami(x), names, resamples=500, seed=3)
    first, total = ishigami_indices()
    # SALib's published values for this case: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
    assert first == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert total == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)
    for index, exact in (("S1", first), ("ST", total)):
        estimate, se = result.indices[index], result.errors[index]
        assert np.all(np.abs(estimate - exact) < 4 * se + 0.02), index
    frame = result.to_frame()
    assert list(frame["parameter"]) == names and {"S1_se", "ST_se"} <= set(frame.columns)
    row = result.to_dict()["indices"][0]
    assert set(row["S1"]) == {"mean", "se", "ci95"}


def test_morris_mu_star_is_the_slope_of_a_linear_outcome():
    from SALib.sample import morris

    names = ["a", "b", "c"]
    x = morris.sample(salib_problem(names), 20, num_levels=4, seed=salib_seed(1))
    y = 3.0 * x[:, 0] - 0.5 * x[:, 1]
    result = morris_indices(x, y, names, levels=4, resamples=100, seed=1)
    assert result.indices["mu_star"] == pytest.approx([3.0, 0.5, 0.0], abs=1e-9)
    assert result.indices["sigma"] == pytest.approx([0.0, 0.0, 0.0], abs=1e-9)


def test_given_data_indices_see_only_the_parameter_the_outcome_depends_on():
    rng = np.random.default_rng(5)
    x = rng.random((3000, 2))
    result = given_data_indices(x, np.sin(3 * x[:, 0]), ["used", "unused"], resamples=50, seed=5)
    # all of the variance is due to the first input: S1 = 1 and 0
    assert result.indices["S1"] == pytest.approx([1.0, 0.0], abs=0.03)


def _sweep(tmp_path: Path, design: str, points: int) -> Path:
    text = f"""
name = "screen"
scenario = "{INF}"
design = "{design}"
points = {points}
seed = 11
outcomes = ["regime", "mutual_compliance"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
sanction = {{ start = 0.0, stop = 4.0 }}
threat_us = {{ start = 0.0, stop = 5.0 }}
"""
    path = tmp_path / f"{design}.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / design
    run_sweep(load_sweep(path), out, ExecutorSpec(workers=1), progress=False)
    return out


def test_a_parameter_the_outcome_ignores_gets_exactly_zero_sobol_indices(tmp_path):
    # In the INF stage game (comply, comply) is an equilibrium iff detect * sanction >= 1.75
    # (covert_share (advantage_ru - build_cost) = 0.5 * 3.5); threat_us plays no part, so
    # the Saltelli estimators give it exactly zero: f(A_B^i) = f(A) row by row.
    folder = _sweep(tmp_path, "saltelli", 256)
    result = sweep_sensitivity(folder, "mutual_compliance", resamples=100)
    assert result.method == "sobol-saltelli" and result.points == 256 * 5
    s1, st = result.index("S1"), result.index("ST")
    assert st["threat_us"] == 0.0 and s1["threat_us"] == 0.0
    assert st["detect"] > 0.3 and st["sanction"] > 0.3
    with pytest.raises(ScenarioError, match="not numeric"):
        sweep_sensitivity(folder, "regime")
    with pytest.raises(ScenarioError, match="no outcome"):
        sweep_sensitivity(folder, "nothing")


def test_morris_sweep_reads_its_own_trajectories_back(tmp_path):
    folder = _sweep(tmp_path, "morris", 30)
    result = sweep_sensitivity(folder, "mutual_compliance", resamples=100)
    mu = result.index("mu_star")
    assert mu["threat_us"] == 0.0 and mu["detect"] > 0 and mu["sanction"] > 0
