"""Figures: the data drawn is the data given, the style stays local, fonts are embedded."""

from __future__ import annotations

import re
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

from sim.equilibria.pure import pure_equilibria
from sim.game.stage import Game
from sim.plots import (
    outcome_heatmap_figure,
    payoff_matrix_figure,
    play_figure,
    qre_path_figure,
    regime_map_figure,
    save_figure,
    table_heatmap_figure,
)
from sim.plots.payoff_matrix import MIXED_GID, PURE_GID
from sim.plots.style import OKABE_ITO, STYLE_FILE, text_colour

STAG = np.array([[3.0, 0.0], [2.0, 1.0]])
STAG_ACTIONS = (("stag", "hare"), ("stag", "hare"))


def by_gid(figure, prefix: str) -> list:
    return [a for a in figure.findobj() if (a.get_gid() or "").startswith(prefix)]


def inf_like_game() -> Game:
    A = np.array([[3, 1.5, 0, -3], [2.5, 1, 1.5, -1.5], [-1, -2.5, -1, -4], [2, 0.5, 2, -1]])
    B = np.array(
        [[3, 2.75, -1, 2.5], [1, 0.75, -3, 0.5], [0, 1.75, -1, 2.5], [-4, -2.25, -5, -1.5]]
    )
    actions = ("comply", "violate", "withdraw", "develop")
    return Game(("US", "Russia"), (actions, actions), A, B)


def test_payoff_matrix_draws_both_payoffs_and_outlines_the_pure_equilibria():
    game = inf_like_game()
    equilibria = pure_equilibria(game)
    assert set(equilibria) == {(0, 0), (3, 3)}
    figure = payoff_matrix_figure(
        game.row_payoffs, game.col_payoffs, game.actions, game.players, equilibria
    )
    (cells,) = by_gid(figure, "payoffs")
    np.testing.assert_array_equal(
        cells.get_array(), np.concatenate([game.row_payoffs.ravel(), game.col_payoffs.ravel()])
    )
    for i in range(4):
        for j in range(4):
            (row_text,) = by_gid(figure, f"row-payoff-{i}-{j}")
            (col_text,) = by_gid(figure, f"col-payoff-{i}-{j}")
            as_number = [float(t.get_text().replace("\u2212", "-")) for t in (row_text, col_text)]
            assert as_number == [game.row_payoffs[i, j], game.col_payoffs[i, j]]
    outlined = {(int(r.get_y()), int(r.get_x())) for r in by_gid(figure, PURE_GID)}
    assert outlined == set(equilibria)
    # the same cells from the vertex-enumeration engine, an independent method
    from sim.equilibria.nash import nash_equilibria

    found = nash_equilibria(game)
    pure_rows = [(x.argmax(), y.argmax()) for x, y in zip(found.row, found.col, strict=True)
                 if x.max() == 1.0 and y.max() == 1.0]  # fmt: skip
    assert outlined == {(int(i), int(j)) for i, j in pure_rows}


def test_payoff_matrix_lists_mixed_equilibria_with_their_supports():
    mixed = [(np.array([0.5, 0.5]), np.array([0.5, 0.5]))]
    figure = payoff_matrix_figure(STAG, STAG.T, STAG_ACTIONS, ("row", "column"), [], mixed)
    (listing,) = by_gid(figure, MIXED_GID)
    text = listing.get_text()
    assert text.count("stag 0.5") == 2 and text.count("hare 0.5") == 2
    assert "Pure equilibria (outlined)\n  none" in text
    assert by_gid(figure, PURE_GID) == []


def test_payoff_matrix_rejects_mismatched_actions():
    with pytest.raises(ValueError):
        payoff_matrix_figure(STAG, STAG.T, (("a",), ("b", "c")))


def test_play_figure_draws_exact_curves_over_the_monte_carlo_bands():
    rounds = np.arange(10)
    exact = 0.9**rounds
    survival = {"exact": exact, "mean": exact + 0.01, "low": exact - 0.05, "high": exact + 0.05}
    actions = {"US": {"comply": {"exact": exact, "low": exact - 0.1, "high": exact + 0.1}}}
    figure = play_figure(rounds, survival, actions)
    (line,) = by_gid(figure, "exact:treaty in force")
    np.testing.assert_array_equal(line.get_xdata(), rounds)
    np.testing.assert_array_equal(line.get_ydata(), exact)
    (mean,) = by_gid(figure, "mean:treaty in force")
    np.testing.assert_array_equal(mean.get_ydata(), exact + 0.01)
    (band,) = by_gid(figure, "band:treaty in force")
    vertices = band.get_paths()[0].vertices
    for x, low, high in zip(rounds, exact - 0.05, exact + 0.05, strict=True):
        at_x = vertices[np.isclose(vertices[:, 0], x), 1]
        assert np.isclose(at_x.min(), low) and np.isclose(at_x.max(), high)
    (comply,) = by_gid(figure, "exact:comply")
    assert comply.zorder > by_gid(figure, "band:comply")[0].zorder
    assert len(figure.axes) == 2


def test_regime_map_legend_names_every_regime_and_cells_carry_them():
    x, y = np.linspace(0, 1, 5), np.linspace(0, 2, 4)
    X, Y = np.meshgrid(x, y)
    regimes = np.where(Y > 2 * X, "comply/comply", np.where(X > 0.7, "none", "develop/develop"))
    figure = regime_map_figure(x, y, regimes, "detect", "noise")
    (legend,) = figure.legends
    names = [t.get_text() for t in legend.get_texts()]
    assert sorted(names) == sorted(set(regimes.ravel()))
    (mesh,) = by_gid(figure, "regimes")
    codes = np.asarray(mesh.get_array()).reshape(regimes.shape)
    np.testing.assert_array_equal(np.array(names, dtype=object)[codes], regimes)
    colours = [matplotlib.colors.to_hex(h.get_facecolor()) for h in legend.legend_handles]
    assert [c.upper() for c in colours] == list(OKABE_ITO[: len(names)])


def test_regime_map_hatches_regimes_beyond_the_palette():
    x, y = np.arange(10.0), np.arange(2.0)
    regimes = np.array([[f"r{k}" for k in range(10)]] * 2)
    figure = regime_map_figure(x, y, regimes, "a", "b")
    hatched = [h.get_label() for h in figure.legends[0].legend_handles if h.get_hatch()]
    assert hatched == ["r8", "r9"]


def test_outcome_heatmap_draws_values_contours_and_curve():
    x, y = np.linspace(0.1, 1, 6), np.linspace(0, 0.5, 4)
    values = np.add.outer(y, x)
    values[0, 0] = np.nan
    curve = {"x": x, "y": 0.3 * x, "label": "critical discount factor"}
    figure = outcome_heatmap_figure(
        x, y, values, "detect", "noise", "survival", contour_levels=[0.8], curve=curve
    )
    (mesh,) = by_gid(figure, "outcome")
    drawn = np.ma.masked_invalid(np.asarray(mesh.get_array(), dtype=float)).reshape(values.shape)
    np.testing.assert_array_equal(drawn.mask, np.isnan(values))
    np.testing.assert_array_equal(drawn.filled(-1), np.nan_to_num(values, nan=-1))
    (line,) = by_gid(figure, "curve")
    np.testing.assert_array_equal(line.get_ydata(), 0.3 * x)
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "no value",
        "critical discount factor",
    ]


def test_table_heatmap_writes_every_value_and_outlines_the_highlight():
    values = np.array([[1.0, -2.5, 3.0], [0.25, 5.0, np.nan]])
    highlight = np.array([[False, False, True], [False, True, False]])
    figure = table_heatmap_figure(values, ["a", "b"], ["x", "y", "z"], highlight=highlight)
    (image,) = by_gid(figure, "table")
    np.testing.assert_array_equal(image.get_array(), values)
    written = sorted(
        float(t.get_text().replace("\u2212", "-"))
        for t in figure.axes[0].texts
        if re.fullmatch(r"\u2212?[0-9.]+", t.get_text())
    )
    assert written == sorted(values[np.isfinite(values)])
    boxes = {(round(b.get_y() + 0.5), round(b.get_x() + 0.5)) for b in by_gid(figure, "highlight")}
    assert boxes == {(0, 2), (1, 1)}


def test_qre_path_draws_each_players_probabilities():
    lambdas = np.linspace(0, 10, 20)
    p = np.stack([np.linspace(0.5, 1, 20), np.linspace(0.5, 0, 20)], axis=1)
    q = p[:, ::-1]
    figure = qre_path_figure(lambdas, p, q, STAG_ACTIONS, limit=(p[-1], q[-1]))
    for side, probabilities in enumerate((p, q)):
        for k, action in enumerate(STAG_ACTIONS[side]):
            (line,) = by_gid(figure, f"qre:{side}:{action}")
            np.testing.assert_array_equal(line.get_xdata(), lambdas)
            np.testing.assert_array_equal(line.get_ydata(), probabilities[:, k])
    assert figure.axes[0].get_xscale() == "linear"
    log_figure = qre_path_figure(np.geomspace(0.01, 100, 20), p, q, STAG_ACTIONS)
    assert log_figure.axes[0].get_xscale() == "log"


def test_text_colour_follows_luminance():
    assert text_colour((0, 0, 0, 1)) == "white"
    assert text_colour((1, 1, 0.8, 1)) == "black"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    figure = payoff_matrix_figure(STAG, STAG.T, STAG_ACTIONS, ("Alpha", "Beta"), [(0, 0)])
    return save_figure(figure, folder / "stag", ["pdf", "svg", "png"])


@pytest.mark.slow
def test_pdf_embeds_truetype_fonts_and_no_type3(written):
    data = written[0].read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data
    assert b"/Type3" not in data


@pytest.mark.slow
def test_savefig_outside_the_style_still_embeds_type42(tmp_path):
    figure = payoff_matrix_figure(STAG, STAG.T, STAG_ACTIONS)
    with matplotlib.rc_context({"pdf.fonttype": 3}):
        figure.savefig(tmp_path / "f.pdf")
    data = (tmp_path / "f.pdf").read_bytes()
    assert b"/FontFile2" in data and b"/Type3" not in data


@pytest.mark.slow
def test_svg_keeps_text_as_text(written):
    svg = written[1].read_text()
    assert re.search(r"<text[^>]*>[^<]*Alpha", svg)
    assert re.search(r"<text[^>]*>[^<]*stag", svg)


def test_png_is_written(written):
    assert written[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_style_is_not_global_and_pyplot_is_never_imported():
    code = (
        "import sys, matplotlib, numpy as np\n"
        "keys = ['pdf.fonttype', 'svg.fonttype', 'font.size', 'image.cmap', 'axes.prop_cycle',"
        " 'axes.spines.top', 'figure.constrained_layout.use', 'savefig.bbox']\n"
        "before = [matplotlib.rcParams[k] for k in keys]\n"
        "import sim.plots\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "f = sim.plots.payoff_matrix_figure(np.eye(2), np.eye(2), (('a','b'),('c','d')))\n"
        "assert [matplotlib.rcParams[k] for k in keys] == before\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert matplotlib.rcParams['pdf.fonttype'] == 3\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_sim_plots_does_not_import_matplotlib():
    code = "import sys, sim.plots; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_regime_map_takes_fixed_colours_for_named_regimes():
    from sim.plots.regimes import NEUTRAL

    regimes = np.array([["none", "a", "b"], ["none", "none", "b"]])
    figure = regime_map_figure(np.arange(3.0), np.arange(2.0), regimes, "x", "y",
                               colours={"none": NEUTRAL})  # fmt: skip
    handles = figure.legends[0].legend_handles
    colour = {h.get_label(): matplotlib.colors.to_hex(h.get_facecolor()).upper() for h in handles}
    assert colour == {"none": NEUTRAL, "b": OKABE_ITO[0], "a": OKABE_ITO[1]}


def test_large_maps_rasterise_their_cells_only():
    small = outcome_heatmap_figure(np.arange(3.0), np.arange(2.0), np.ones((2, 3)), "x", "y", "v")
    big = outcome_heatmap_figure(
        np.arange(100.0), np.arange(30.0), np.ones((30, 100)), "x", "y", "v"
    )
    assert not by_gid(small, "outcome")[0].get_rasterized()
    assert by_gid(big, "outcome")[0].get_rasterized()
    assert not big.axes[0].xaxis.get_label().get_rasterized()


def test_map_ticks_stay_inside_the_grid():
    x, y = np.linspace(0, 0.3, 4), np.linspace(0, 0.02, 3)
    figure = outcome_heatmap_figure(x, y, np.ones((3, 4)), "x", "y", "v")
    ax = figure.axes[0]
    assert ax.get_ylim()[0] < 0  # the first row of cells reaches below the first grid value
    assert min(ax.get_yticks()) >= 0 and max(ax.get_yticks()) <= 0.02 + 1e-12
    assert min(ax.get_xticks()) >= 0 and max(ax.get_xticks()) <= 0.3 + 1e-12


@pytest.mark.slow
@pytest.mark.parametrize(("width", "inches"), [("one", 3.5), ("two", 7.0)])
def test_saved_figures_keep_their_column_width_even_with_long_titles(tmp_path, width, inches):
    from PIL import Image

    title = "A long title about the verification of an arms-control agreement " * 2
    figure = payoff_matrix_figure(STAG, STAG.T, STAG_ACTIONS, ("Inspector", "Inspectee"),
                                  title=title, width=width)  # fmt: skip
    (path,) = save_figure(figure, tmp_path / "f", ["png"])
    pixels = Image.open(path).size[0]
    dpi = matplotlib.rc_params_from_file(str(STYLE_FILE), use_default_template=False)["savefig.dpi"]
    assert 0.9 * inches * dpi <= pixels <= 1.01 * inches * dpi


@pytest.mark.slow
def test_saving_again_and_again_keeps_the_layout(tmp_path):
    import warnings

    mixed = [(np.array([0.25, 0.75]), np.array([0.25, 0.75]))] * 3
    figure = payoff_matrix_figure(STAG, STAG.T, STAG_ACTIONS, ("A", "B"), [(0, 0), (1, 1)], mixed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fmt in ("png", "png", "png", "svg", "pdf"):
            save_figure(figure, tmp_path / "again", [fmt])
    (listing,) = by_gid(figure, MIXED_GID)
    box = listing.get_window_extent()
    assert box.y0 >= 0  # the listing fits in the figure
