"""Colour limits and contour levels of a sweep outcome's map, chosen by the user."""

from __future__ import annotations

import numpy as np
import pytest

from sim.errors import OptionError
from sim.plots.heatmap import OUTCOME_GID
from sim.plots.sweep_folder import sweep_figures
from sim.readback import read_results
from tests.conftest import ROOT

FOLDER = ROOT / "results" / "inf_detect_discount"


@pytest.fixture(scope="module")
def sweep():
    return read_results(FOLDER)


def mesh_of(figure):
    (mesh,) = [a for ax in figure.axes for a in ax.collections if a.get_gid() == OUTCOME_GID]
    return mesh


def test_limits_set_the_colour_scale_and_contours_are_drawn_at_the_levels(sweep):
    values = sweep.table["play_row_payoff"].to_numpy(dtype=float)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    middle = (low + high) / 2
    scales = {"play_row_payoff": {"value_range": (low - 1, high + 1), "contour_levels": [middle]}}
    figure = sweep_figures(sweep.table, sweep.manifest, scales=scales)["heatmap_play_row_payoff"]()
    assert mesh_of(figure).get_clim() == (low - 1, high + 1)
    from matplotlib.contour import ContourSet

    contours = [c for ax in figure.axes for c in ax.collections if isinstance(c, ContourSet)]
    assert contours and list(contours[0].levels) == [middle]


def test_without_limits_the_scale_is_the_data_range(sweep):
    values = sweep.table["play_row_payoff"].to_numpy(dtype=float)
    figure = sweep_figures(sweep.table, sweep.manifest)["heatmap_play_row_payoff"]()
    assert mesh_of(figure).get_clim() == (np.nanmin(values), np.nanmax(values))


def test_an_unknown_outcome_is_refused_naming_the_option(sweep):
    with pytest.raises(OptionError) as raised:
        sweep_figures(sweep.table, sweep.manifest, scales={"nope": {"value_range": (0, 1)}})
    assert raised.value.argument == "limits" and "'nope' is not an outcome" in str(raised.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limits", "survival=1:0"], "error: --limits: 'survival=1:0': give LOW:HIGH"),
        (["--contours", "survival=a"], "error: --contours: 'survival=a' is not OUTCOME=V1,V2"),
        (["--limits", "nope=0:1"], "error: --limits: 'nope' is not an outcome of the sweep"),
    ],
)
def test_bad_limits_and_contours_are_one_line_errors(run_cli, tmp_path, args, message):
    import shutil

    shutil.copytree(FOLDER, tmp_path / "sweep")
    code, out, err = run_cli("plot", tmp_path / "sweep", *args)
    assert code == 2 and err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / "sweep" / "figures").exists() or not any(
        (tmp_path / "sweep" / "figures").iterdir()
    )
