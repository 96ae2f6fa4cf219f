"""Figures of replicator paths and Moran fixation: the numbers drawn are the ones given."""

from __future__ import annotations

import numpy as np

from sim.plots import moran_figure, replicator_figure
from sim.plots.evolution import SHARE_GID
from sim.plots.table import HIGHLIGHT_GID


def by_gid(figure, prefix: str) -> list:
    return [a for a in figure.findobj() if (a.get_gid() or "").startswith(prefix)]


def test_replicator_figure_draws_every_share_of_both_pools():
    times = np.linspace(0, 10, 11)
    grow = 1 / (1 + np.exp(-times))
    row = np.column_stack([grow, 1 - grow])
    col = np.column_stack([1 - grow, grow / 2, grow / 2])
    figure = replicator_figure(times, row, col, ["a", "b"], ["a", "x", "y"], ("US", "Russia"))
    (line,) = by_gid(figure, f"{SHARE_GID}:1:x")
    np.testing.assert_array_equal(line.get_ydata(), grow / 2)
    assert len(by_gid(figure, SHARE_GID)) == 5
    (a0,), (a1,) = by_gid(figure, f"{SHARE_GID}:0:a"), by_gid(figure, f"{SHARE_GID}:1:a")
    assert a0.get_color() == a1.get_color()  # one colour per strategy in both panels


def test_moran_figure_shows_n_rho_and_outlines_the_favoured_mutants():
    size = 10
    rho = np.array([[0.1, 0.25, 0.05], [0.02, 0.1, 0.3], [0.1, 0.09, 0.1]])
    figure = moran_figure(rho, size, ["tft", "grim", "alld"])
    (image,) = by_gid(figure, "table")
    shown = np.asarray(image.get_array(), dtype=float)
    expected = rho * size
    np.fill_diagonal(expected, np.nan)
    np.testing.assert_allclose(shown, expected)
    outlined = {
        (round(b.get_y() + 0.5), round(b.get_x() + 0.5)) for b in by_gid(figure, HIGHLIGHT_GID)
    }
    assert outlined == {(0, 1), (1, 2)}  # N rho = 2.5 and 3, above the neutral 1


def test_payoff_set_figure_draws_each_polygon_and_keeps_its_legend_inside():
    from sim.game.stage import Game
    from sim.plots import payoff_set_figure
    from sim.plots.payoff_set import POINT_GID, SET_GID
    from sim.repeated.payoff_set import equilibrium_payoff_set, folk_theorem_bound

    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    game = Game(("Row", "Column"), (("c", "d"), ("c", "d")), A, A.T)
    limit = folk_theorem_bound(A, A.T)
    at_09 = equilibrium_payoff_set(A, A.T, 0.9).vertices
    sets = [("folk-theorem limit", limit), ("delta = 0.9", at_09), ("none", np.zeros((0, 2)))]
    points = np.array([[A[i, j], A[j, i]] for i in range(2) for j in range(2)])
    figure = payoff_set_figure(sets, points, ["c/c", "c/d", "d/c", "d/d"], game.players)
    (patch,) = by_gid(figure, f"{SET_GID}:delta = 0.9")
    np.testing.assert_allclose(patch.get_xy()[: len(at_09)], at_09)
    (dots,) = by_gid(figure, POINT_GID)
    np.testing.assert_array_equal(dots.get_offsets(), points)
    figure.draw_without_rendering()
    (legend,) = figure.legends
    box, edge = legend.get_window_extent(), figure.bbox
    assert edge.x0 <= box.x0 and box.x1 <= edge.x1 and edge.y0 <= box.y0
    assert [t.get_text() for t in legend.get_texts()][2] == "none: empty"
