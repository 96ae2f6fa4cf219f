"""Default figures of result and sweep folders, and the ``stabsim plot`` command."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from sim.analysis.results import results_from_dict
from sim.plots.defaults import report_figures, sweep_figures, write_default_figures
from sim.plots.payoff_matrix import MIXED_GID, PURE_GID
from tests.conftest import SCENARIOS


def by_gid(figure, prefix):
    return [a for a in figure.findobj() if (a.get_gid() or "").startswith(prefix)]


@pytest.fixture(scope="module")
def stag_report():
    from sim.analysis.scenario import analyse_scenario
    from sim.compile.check import load

    return analyse_scenario(load(SCENARIOS / "stag_hunt.toml")).to_dict()


@pytest.mark.slow
def test_report_payoff_matrix_outlines_the_reported_pure_equilibria(stag_report):
    stage = stag_report["stage"]
    figure = report_figures(results_from_dict(stag_report))["payoff_matrix"]()
    names = stage["actions"]
    outlined = {(int(r.get_y()), int(r.get_x())) for r in by_gid(figure, PURE_GID)}
    expected = {(names[0].index(a), names[1].index(b)) for a, b in stage["pure_equilibria"]}
    assert outlined == expected and len(expected) == 2
    (cells,) = by_gid(figure, "payoffs")
    np.testing.assert_array_equal(
        cells.get_array(), np.concatenate([np.ravel(m) for m in stage["payoffs"]])
    )


@pytest.mark.slow
def test_report_mixed_equilibria_are_listed():
    from sim.equilibria.stage import analyse_stage
    from sim.game.stage import Game

    pennies = Game(("A", "B"), (("x", "y"), ("u", "v")), np.eye(2), 1 - np.eye(2))
    report = {"stage": analyse_stage(pennies).to_dict()}
    figure = report_figures(results_from_dict(report))["payoff_matrix"]()
    (listing,) = by_gid(figure, MIXED_GID)
    assert "x 0.5" in listing.get_text() and "v 0.5" in listing.get_text()


@pytest.mark.slow
def test_write_default_figures_writes_pdf_and_png(stag_report, tmp_path):
    paths = write_default_figures(results_from_dict(stag_report), tmp_path)
    names = sorted(p.name for p in paths)
    assert names == ["payoff_matrix.pdf", "payoff_matrix.png", "qre_path.pdf", "qre_path.png"]
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_plot_command_on_a_result_folder(run_cli, tmp_path):
    status, out, _ = run_cli("run", SCENARIOS / "stag_hunt.toml", "--out", tmp_path, "--quiet")
    assert status == 0
    (folder,) = (tmp_path / "stag_hunt").iterdir()
    status, out, _ = run_cli("plot", folder, "--list")
    assert status == 0 and out.split() == ["payoff_matrix", "qre_path"]
    shutil.rmtree(folder / "figures", ignore_errors=True)
    status, out, _ = run_cli("plot", folder, "--figure", "payoff_matrix", "--format", "svg,pdf")
    assert status == 0
    written = sorted(p.name for p in (folder / "figures").iterdir())
    assert written == ["payoff_matrix.pdf", "payoff_matrix.svg"]
    assert "<text" in (folder / "figures" / "payoff_matrix.svg").read_text()


def test_plot_command_errors_are_one_line(run_cli, tmp_path):
    status, _, err = run_cli("plot", tmp_path)
    assert status == 2 and err.strip().startswith(f"error: {tmp_path}: neither report.json")
    (tmp_path / "report.json").write_text(json.dumps({"stage": None}))
    status, _, err = run_cli("plot", tmp_path, "--figure", "qre")
    assert status == 2 and "error: --figure: no figure 'qre'" in err
    status, _, err = run_cli("plot", tmp_path, "--format", "jpg")
    assert status == 2 and "error: --format: unknown format 'jpg'" in err


def play_report(with_monte_carlo: bool):
    from sim.analysis.scenario import ScenarioAnalysis
    from sim.play.results import StoredPlay

    rounds = np.arange(5)
    survival = 0.9**rounds
    per_round = {"round": rounds, "survival": survival, "row_c": survival,
                 "row_d": 1 - survival, "col_c": survival, "col_d": 1 - survival}  # fmt: skip
    sampled = {}
    if with_monte_carlo:
        sampled["survival"] = np.stack([survival + 0.01, survival - 0.01, survival + 0.03], 1)
    play = StoredPlay(
        method="exact-chain", players=("US", "Russia"), actions=(("c", "d"), ("c", "d")),
        rounds=5, runs=100 if with_monte_carlo else 0, per_round=per_round, sampled=sampled,
    )  # fmt: skip
    return ScenarioAnalysis(method="scenario-report", scenario={}, play=play)


def legend_texts(figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].get_legend().get_texts()]


def test_report_play_figure_draws_the_exact_curves_and_names_only_what_is_drawn():
    figure = report_figures(play_report(False))["play"]()
    (line,) = by_gid(figure, "exact:treaty in force")
    np.testing.assert_allclose(line.get_ydata(), 0.9 ** np.arange(5))
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 6))
    assert legend_texts(figure) == ["exact (Markov chain)"]
    assert by_gid(figure, "band:") == []
    (us_d,) = [ln for ln in by_gid(figure, "exact:d") if ln.axes is figure.axes[1]]
    np.testing.assert_allclose(us_d.get_ydata(), 1 - 0.9 ** np.arange(5))


def test_report_play_figure_bands_the_monte_carlo_estimates():
    figure = report_figures(play_report(True))["play"]()
    assert legend_texts(figure) == [
        "exact (Markov chain)",
        "Monte Carlo mean",
        "Monte Carlo 95% band (100 runs)",
    ]
    (band,) = by_gid(figure, "band:treaty in force")
    top = band.get_paths()[0].vertices[:, 1].max()
    assert np.isclose(top, 1.0 + 0.01 + 0.02)


def test_report_tournament_outlines_each_sides_best_responses():
    row = np.array([[3.0, 0.0, 1.0], [5.0, 1.0, 1.0], [2.0, 1.0, 4.0]])
    col = np.array([[3.0, 5.0, 0.0], [0.0, 1.0, 2.0], [1.0, 4.0, 4.0]])
    from sim.evolution.metagame import MetaGame
    from sim.evolution.tournament import analyse_table

    meta = MetaGame(("a", "b", "c"), ("x", "y", "z"), row, col, players=("US", "Russia"))
    tournament = analyse_table(meta, 2.0, "exact").to_dict()
    figures = report_figures(results_from_dict({"tournament": tournament}))
    for side, name in enumerate(("tournament_row", "tournament_col")):
        figure = figures[name]()
        (image,) = by_gid(figure, "table")
        np.testing.assert_array_equal(image.get_array(), (row, col)[side] / 2.0)
        boxes = {(round(b.get_y() + 0.5), round(b.get_x() + 0.5)) for b in by_gid(figure, "highl")}
        if side == 0:  # the row player's best reply to each column: argmax down the column
            expected = {(int(np.argmax(row[:, j])), j) for j in range(3)} | {(1, 1), (2, 1)}
        else:  # the column player's best reply to each row: argmax along the row
            expected = {(i, int(np.argmax(col[i]))) for i in range(3)} | {(2, 2)}
        assert boxes == expected


def test_report_qre_path_is_the_engines_path():
    from sim.equilibria.qre import qre_path
    from sim.equilibria.stage import analyse_stage
    from sim.game.stage import Game

    A = np.array([[4.0, 0.0], [3.0, 2.0]])
    game = Game(("A", "B"), (("stag", "hare"), ("stag", "hare")), A, A.T)
    report = {"stage": analyse_stage(game).to_dict()}
    figure = report_figures(results_from_dict(report))["qre_path"]()
    path = qre_path((A, A.T))
    (line,) = by_gid(figure, "qre:0:hare")
    keep = path.precision > 0
    np.testing.assert_allclose(line.get_xdata(), path.precision[keep])
    np.testing.assert_allclose(line.get_ydata(), path.row[keep, 1])


SCENARIO_TEXT = '[play]\nrounds = 10\ndiscount = "delta"\n'


def test_heatmaps_over_the_discount_factor_carry_the_critical_discount_curve():
    detect, delta = np.linspace(0, 1, 5), np.linspace(0.1, 0.9, 3)
    X, D = np.meshgrid(detect, delta)
    critical = 0.5 * (1 - X)  # the same at every delta, as a critical discount factor is
    table = pd.DataFrame({"detect": X.ravel(), "delta": D.ravel(),
                          "survival": (D - critical).ravel(),
                          "critical_discount": critical.ravel()})  # fmt: skip
    manifest = {"scenario": {"text": SCENARIO_TEXT}, "parameters": {"delta": 0.5},
                "sweep": {"parameters": {"detect": {}, "delta": {}}}}  # fmt: skip
    figures = sweep_figures(table, manifest)
    for name in ("heatmap_survival", "heatmap_critical_discount"):
        (line,) = by_gid(figures[name](), "curve")
        np.testing.assert_array_equal(line.get_xdata(), detect)
        np.testing.assert_array_equal(line.get_ydata(), 0.5 * (1 - detect))


def test_critical_discount_map_is_contoured_at_the_scenarios_discount():
    x, y = np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 3))
    table = pd.DataFrame({"detect": x.ravel(), "sanction": y.ravel(),
                          "critical_discount": (x * y).ravel()})  # fmt: skip
    manifest = {"scenario": {"text": SCENARIO_TEXT}, "parameters": {"delta": 0.3},
                "sweep": {"parameters": {"detect": {}, "sanction": {}}}}  # fmt: skip
    figure = sweep_figures(table, manifest)["heatmap_critical_discount"]()
    (contours,) = [c for c in figure.axes[0].collections if hasattr(c, "levels")]
    assert list(contours.levels) == [0.3]


THREE_PARAMETERS = """
name = "three"
scenario = "{scenario}"
design = "grid"
outcomes = ["regime", "mutual_compliance"]
[parameters]
detect = {{ start = 0.0, stop = 1.0, count = 3 }}
sanction = {{ values = [0.0, 2.0, 8.0] }}
blame = {{ values = [0.5, 1.0] }}
"""


@pytest.mark.slow
def test_plot_slice_chooses_the_third_parameter_and_says_which(tmp_path, run_cli):
    from tests.conftest import ROOT

    sweep = tmp_path / "three.toml"
    sweep.write_text(THREE_PARAMETERS.format(scenario=ROOT / "scenarios" / "inf_treaty.toml"))
    status, _, err = run_cli("sweep", sweep, "--out", tmp_path, "--workers", "1", "--quiet")
    assert status == 0, err
    folder = tmp_path / "three"
    status, out, err = run_cli("plot", folder, "--figure", "heatmap_mutual_compliance",
                               "--format", "png", "--slice", "blame=1")  # fmt: skip
    assert status == 0 and out.strip().endswith("heatmap_mutual_compliance.png"), err
    assert "note: maps drawn at blame = 1, one of its 2 values (0.5, 1)" in err
    assert (folder / "index.html").is_file()
    status, _, err = run_cli("plot", folder, "--slice", "blame=0.7")
    assert status == 2 and err.startswith("error: --slice: blame = 0.7 is not a value"), err
