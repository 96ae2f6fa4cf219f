"""Layout of the figures: nothing is cut off at the figure's edge, widths are column widths.

Each check draws the figure (``draw_without_rendering``) and compares the window extents of
its artists with the figure's own box, so that a legend or a listing pushed past the edge
(and cut off in the saved file) fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.plots import payoff_matrix_figure, save_figure, table_heatmap_figure
from sim.plots.payoff_matrix import KEY_GID, MIXED_GID, PURE_GID
from sim.plots.table import HIGHLIGHT_GID

INF_ROW = np.array([[3, 1.5, 0, -3], [2.5, 1, 1.5, -1.5], [-1, -2.5, -1, -4], [2, 0.5, 2, -1]])
INF_COL = np.array(
    [[3, 2.75, -1, 2.5], [1, 0.75, -3, 0.5], [0, 1.75, -1, 2.5], [-4, -2.25, -5, -1.5]]
)
INF_ACTIONS = (("comply", "violate", "withdraw", "develop"),) * 2
INF_MIXED = [(np.array([0, 0.75, 0, 0.25]), np.array([0, 0.5, 0, 0.5]))]
SLACK = 0.5
"""Pixels of rounding allowed at the figure's edge."""


def by_gid(figure, gid: str) -> list:
    return [a for a in figure.findobj() if a.get_gid() == gid]


def inside(figure, artist) -> bool:
    box, edge = artist.get_window_extent(), figure.bbox
    return (box.x0 >= edge.x0 - SLACK and box.y0 >= edge.y0 - SLACK
            and box.x1 <= edge.x1 + SLACK and box.y1 <= edge.y1 + SLACK)  # fmt: skip


def inf_matrix(**options):
    return payoff_matrix_figure(
        INF_ROW, INF_COL, INF_ACTIONS, ("United States", "Russian Federation"),
        [(0, 0), (3, 3)], INF_MIXED, **options,
    )  # fmt: skip


@pytest.mark.parametrize("width", ["one", "two"])
def test_payoff_matrix_listing_lies_inside_the_figure(width):
    figure = inf_matrix(title="The INF Treaty, 1987-2019: compliance, covert violation",
                        width=width)  # fmt: skip
    figure.draw_without_rendering()
    (key,), (listing,) = by_gid(figure, KEY_GID), by_gid(figure, MIXED_GID)
    assert "lower left: United States" in key.get_text()
    assert "violate 0.75" in listing.get_text() and "Russian Federation:" in listing.get_text()
    for artist in [key, listing, *figure.legends, *figure.axes]:
        assert inside(figure, artist), artist


def test_a_clipped_listing_is_detected():
    """The check itself can fail: a legend moved past the right edge is outside."""
    figure = inf_matrix()
    figure.legends[0].set_bbox_to_anchor((1.4, 0.5), transform=figure.transFigure)
    figure.draw_without_rendering()
    assert not inside(figure, figure.legends[0])


def test_mixed_equilibria_not_given_are_not_called_none():
    figure = payoff_matrix_figure(INF_ROW, INF_COL, INF_ACTIONS, ("US", "Russia"), [(0, 0)])
    (listing,) = by_gid(figure, MIXED_GID)
    assert "Mixed equilibria\n  not given" in listing.get_text()
    figure = payoff_matrix_figure(INF_ROW, INF_COL, INF_ACTIONS, ("US", "Russia"), [(0, 0)], [])
    (listing,) = by_gid(figure, MIXED_GID)
    assert "Mixed equilibria\n  none" in listing.get_text()


def test_pure_equilibrium_outlines_lie_inside_the_figure():
    figure = inf_matrix()
    figure.draw_without_rendering()
    outlines = by_gid(figure, PURE_GID)
    assert len(outlines) == 2 and all(inside(figure, box) for box in outlines)


def tournament(n: int) -> tuple[np.ndarray, list[str], np.ndarray]:
    names = [f"strategy number {k}" for k in range(n)]
    values = np.arange(n * n, dtype=float).reshape(n, n) / 10
    best = values == values.max(axis=0, keepdims=True)
    return values, names, best


@pytest.mark.parametrize(("n", "width", "inches"), [(4, "one", 3.5), (7, "two", 7.0)])
def test_table_fills_its_column_width_and_keeps_its_outlines(tmp_path, n, width, inches):
    from PIL import Image

    values, names, best = tournament(n)
    figure = table_heatmap_figure(values, names, names, highlight=best, width=width,
                                  row_title="US", col_title="Russia")  # fmt: skip
    figure.draw_without_rendering()
    outlines = by_gid(figure, HIGHLIGHT_GID)
    assert len(outlines) == n
    # the outlines of the last column are drawn whole, not cut at the axes' edge
    assert all(not box.get_clip_on() for box in outlines)
    assert all(inside(figure, box) for box in outlines)
    (path,) = save_figure(figure, tmp_path / "table", ["png"])
    assert Image.open(path).size[0] >= 0.97 * inches * 300


def test_play_curves_that_coincide_stay_apart_and_a_never_played_action_is_marked():
    from sim.plots import play_figure

    rounds = np.arange(1, 11)
    zero, one = {"exact": np.zeros(10)}, {"exact": np.ones(10)}
    figure = play_figure(rounds, one, {"US": {"comply": one, "violate": zero, "develop": zero}})
    lines = {a: by_gid(figure, f"exact:{a}")[0] for a in ("comply", "violate", "develop")}
    assert len({str(line.get_linestyle()) for line in lines.values()}) == 3
    labels = [t.get_text() for t in figure.axes[1].get_legend().get_texts()]
    assert labels == ["comply", "violate (0 throughout)", "develop (0 throughout)"]
    assert figure.axes[0].get_title(loc="left") == "Still in force"
