"""A numeric outcome over two swept parameters as a heatmap, with contours and a curve.

The outcome (the critical discount factor, the expected time to the treaty's end, a
payoff) is drawn on a sequential colour map with a colour bar; contour lines at chosen
levels and an overlaid curve (e.g. ``delta = delta*(x)``) are optional. Yes/no outcomes and
counts of a few values are categorical maps (:mod:`sim.plots.regimes`), not heatmaps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.plots.grid import grid_axis, set_grid_ticks
from sim.plots.regimes import RASTER_CELLS, wrap_axis_label
from sim.plots.style import SEQUENTIAL_MAP, add_title, figure_style, figure_width, new_figure

OUTCOME_GID = "outcome"
CURVE_GID = "curve"
MISSING = "#DDDDDD"
"""Background of the cells without a value."""


def outcome_heatmap_figure(
    x: np.ndarray,
    y: np.ndarray,
    values: np.ndarray,
    x_label: str,
    y_label: str,
    value_label: str,
    contour_levels: Sequence[float] | None = None,
    curve: Mapping[str, object] | None = None,
    title: str | None = None,
    width: str | float = "one",
    cmap: str = SEQUENTIAL_MAP,
    value_range: tuple[float, float] | None = None,
    missing_label: str = "no value",
):
    """Draw a numeric outcome over a two-parameter grid as a heatmap.

    Parameters
    ----------
    x, y
        Increasing grid values, shapes ``(nx,)`` and ``(ny,)``; uneven ones are drawn one
        cell a value (:mod:`sim.plots.grid`).
    values
        Shape ``(ny, nx)``; ``nan`` (e.g. no critical discount factor) is drawn light grey.
    x_label, y_label, value_label
        Axis labels (long ones are wrapped) and the colour bar's label.
    contour_levels
        Levels of ``values`` to draw as labelled contour lines (levels outside the values'
        range are left out).
    curve
        Optional overlaid line ``{"x": ..., "y": ..., "label": ...}``, e.g. the critical
        discount factor as a function of the x parameter.
    title, width, cmap, value_range
        Figure title, width, colour map, and the colour scale's limits.
    missing_label
        Legend text of the grey ``nan`` cells, shown when there are any.

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = np.ma.masked_invalid(np.asarray(values, dtype=float))
    gx, gy = grid_axis(x), grid_axis(y)
    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, inches * 0.78)
        ax = figure.subplots()
        ax.set_facecolor(MISSING)
        low, high = value_range if value_range is not None else (None, None)
        mesh = ax.pcolormesh(gx.edges, gy.edges, values, cmap=cmap, vmin=low, vmax=high,
                             rasterized=values.size > RASTER_CELLS)  # fmt: skip
        mesh.set_gid(OUTCOME_GID)
        bar = figure.colorbar(mesh, ax=ax, aspect=25)
        bar.set_label(wrap_axis_label(value_label, inches * 0.7))
        bar.outline.set_linewidth(0.4)
        _contours(ax, bar, gx, gy, values, contour_levels)
        handles = []
        if np.ma.is_masked(values):
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor=MISSING, label=missing_label))
        if curve is not None:
            (line,) = ax.plot(gx.position(curve["x"]), gy.position(curve["y"]), color="#D55E00",
                              linewidth=1.4, label=curve.get("label"))  # fmt: skip
            line.set_gid(CURVE_GID)
            if curve.get("label"):
                handles.append(line)
            ax.set_ylim(gy.edges[[0, -1]])
        if handles:
            ax.legend(handles=handles, loc="best", frameon=True, framealpha=0.85,
                      edgecolor="none")  # fmt: skip
        set_grid_ticks(ax.xaxis, gx)
        set_grid_ticks(ax.yaxis, gy)
        ax.set_xlabel(wrap_axis_label(gx.label(x_label), inches * 0.75))
        ax.set_ylabel(wrap_axis_label(gy.label(y_label), inches * 0.6))
        if title:
            add_title(figure, title, inches)
    return figure


def _contours(ax, bar, gx, gy, values, levels) -> None:
    """Labelled contour lines at the levels inside the values' range, also on the bar."""
    if not levels or values.count() == 0:
        return
    inside = [v for v in sorted(levels) if values.min() < v < values.max()]
    if not inside:
        return
    lines = ax.contour(gx.positions, gy.positions, values, levels=inside, colors="white",
                       linewidths=0.8)  # fmt: skip
    ax.clabel(lines, fontsize=6, fmt="%.3g")
    bar.add_lines(lines)
