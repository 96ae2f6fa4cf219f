"""Default figures of result and sweep folders, and the ``stabsim plot`` command."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.plots.defaults import report_figures, sweep_figures, write_default_figures
from sim.plots.payoff_matrix import MIXED_GID, PURE_GID
from tests.conftest import SCENARIOS


def by_gid(figure, prefix):
    return [a for a in figure.findobj() if (a.get_gid() or "").startswith(prefix)]


@pytest.fixture(scope="module")
def stag_report():
    from sim.report.run import build_report
    from sim.scenario.loader import load

    return build_report(load(SCENARIOS / "stag_hunt.toml"))


def test_report_payoff_matrix_outlines_the_reported_pure_equilibria(stag_report):
    stage = stag_report["stage"]
    figure = report_figures(stag_report)["payoff_matrix"]()
    names = stage["actions"]
    outlined = {(int(r.get_y()), int(r.get_x())) for r in by_gid(figure, PURE_GID)}
    expected = {(names[0].index(a), names[1].index(b)) for a, b in stage["pure_equilibria"]}
    assert outlined == expected and len(expected) == 2
    (cells,) = by_gid(figure, "payoffs")
    np.testing.assert_array_equal(
        cells.get_array(), np.concatenate([np.ravel(m) for m in stage["payoffs"]])
    )


def test_report_mixed_equilibria_are_listed():
    report = {
        "stage": {
            "players": ["A", "B"],
            "actions": [["x", "y"], ["u", "v"]],
            "payoffs": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]],
            "pure_equilibria": [],
            "equilibria": [{"strategies": [[0.5, 0.5], [0.5, 0.5]], "payoffs": [0.5, 0.5]}],
        }
    }
    figure = report_figures(report)["payoff_matrix"]()
    (listing,) = by_gid(figure, MIXED_GID)
    assert "x 0.5" in listing.get_text() and "v 0.5" in listing.get_text()


def test_write_default_figures_writes_pdf_and_png(stag_report, tmp_path):
    paths = write_default_figures(stag_report, tmp_path)
    assert sorted(p.name for p in paths) == ["payoff_matrix.pdf", "payoff_matrix.png"]
    assert all(p.parent == tmp_path / "figures" and p.stat().st_size > 0 for p in paths)


def grid_table():
    x, y = np.meshgrid(np.linspace(0, 1, 4), [1.0, 2.0, 3.0])
    return pd.DataFrame(
        {
            "point": np.arange(12),
            "detect": x.ravel(),
            "sanction": y.ravel(),
            "seed": np.arange(12, dtype=np.uint64),
            "regime": np.where(x.ravel() > 0.5, "comply/comply", "none"),
            "n_equilibria": (x * 10 + y).ravel().astype(np.int64),
        }
    )


def test_sweep_figures_map_the_grid():
    manifest = {"sweep": {"design": "grid", "parameters": {"detect": {}, "sanction": {}}}}
    figures = sweep_figures(grid_table(), manifest)
    assert sorted(figures) == ["heatmap_n_equilibria", "regime_map"]
    (mesh,) = by_gid(figures["heatmap_n_equilibria"](), "outcome")
    drawn = np.asarray(mesh.get_array(), dtype=float).reshape(3, 4)
    x, y = np.meshgrid(np.linspace(0, 1, 4), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(drawn, (x * 10 + y).astype(np.int64))
    legend = figures["regime_map"]().legends[0]
    assert sorted(t.get_text() for t in legend.get_texts()) == ["comply/comply", "none"]


def test_sweep_figures_hold_extra_parameters_at_their_first_value():
    table = pd.concat([grid_table().assign(blame=b) for b in (0.5, 1.0)], ignore_index=True)
    table.loc[table.blame == 1.0, "n_equilibria"] = -1
    manifest = {"sweep": {"parameters": {"detect": {}, "sanction": {}, "blame": {}}}}
    figure = sweep_figures(table, manifest)["heatmap_n_equilibria"]()
    (mesh,) = by_gid(figure, "outcome")
    assert np.asarray(mesh.get_array()).min() >= 0
    assert figure.get_suptitle() == "at blame = 0.5"


def test_sweep_without_a_grid_has_no_maps():
    manifest = {"sweep": {"design": "sobol", "parameters": {"detect": {}, "sanction": {}}}}
    assert sweep_figures(grid_table(), manifest) == {}


def test_plot_command_on_a_result_folder(run_cli, tmp_path):
    status, out, _ = run_cli(
        "run", SCENARIOS / "prisoners_dilemma.toml", "--out", tmp_path, "--quiet"
    )
    assert status == 0
    (folder,) = (tmp_path / "prisoners_dilemma").iterdir()
    status, out, _ = run_cli("plot", folder, "--format", "svg,pdf")
    assert status == 0
    written = sorted(p.name for p in (folder / "figures").iterdir())
    assert written == ["payoff_matrix.pdf", "payoff_matrix.svg"]
    assert "<text" in (folder / "figures" / "payoff_matrix.svg").read_text()
    status, out, _ = run_cli("plot", folder, "--list")
    assert status == 0 and out.split() == ["payoff_matrix"]


def test_plot_command_errors_are_one_line(run_cli, tmp_path):
    status, _, err = run_cli("plot", tmp_path)
    assert status == 2 and err.strip().startswith(f"error: {tmp_path}: neither report.json")
    (tmp_path / "report.json").write_text(json.dumps({"stage": None}))
    status, _, err = run_cli("plot", tmp_path, "--figure", "qre")
    assert status == 2 and "error: --figure: no figure 'qre'" in err
    status, _, err = run_cli("plot", tmp_path, "--format", "jpg")
    assert status == 2 and "error: --format: unknown format 'jpg'" in err
