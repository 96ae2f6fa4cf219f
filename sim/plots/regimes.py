"""Maps over two swept parameters: categorical regimes and numeric outcomes.

The regime map colours each grid point by a category (e.g. which pure equilibria the game
has) with a legend naming every regime; the outcome heatmap shows a number (e.g. the
critical discount factor, the expected time to the treaty's end) on a sequential colour map
with optional contour lines and an overlaid curve (e.g. ``delta = delta*(x)``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.plots.style import (
    SEQUENTIAL_MAP,
    add_title,
    category_colours,
    figure_style,
    figure_width,
    new_figure,
)
from sim.tolerance import relative_slack

REGIME_GID = "regimes"
RASTER_CELLS = 2500
"""Maps with more cells than this embed their cells as an image (at ``savefig.dpi``) in PDF
and SVG, keeping files small; axes, labels and contours stay vector graphics and text."""
NEUTRAL = "#BBBBBB"
"""Grey for a regime that means "nothing holds" (pass ``colours={"none": NEUTRAL}``)."""
OUTCOME_GID = "outcome"
CURVE_GID = "curve"


def cell_edges(centres: np.ndarray) -> np.ndarray:
    """Edges of the cells around increasing grid points: midpoints, extended at both ends."""
    centres = np.asarray(centres, dtype=float)
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - middle[0]], middle, [2 * centres[-1] - middle[-1]]])


def regime_map_figure(
    x: np.ndarray,
    y: np.ndarray,
    regimes: np.ndarray,
    x_label: str,
    y_label: str,
    order: Sequence[str] | None = None,
    legend_title: str = "pure equilibria",
    title: str | None = None,
    width: str | float = "one",
    colours: Mapping[str, str] | None = None,
):
    """Draw a categorical map of regimes over a two-parameter grid.

    Parameters
    ----------
    x, y
        Increasing grid values, shapes ``(nx,)`` and ``(ny,)``.
    regimes
        Labels, shape ``(ny, nx)``: ``regimes[k, l]`` is the regime at ``(x[l], y[k])``.
    x_label, y_label
        Axis labels (the parameters' names).
    order
        The regimes in legend order; by default the most frequent first, so that the large
        regions get the first palette colours and only rare regimes are hatched.
    legend_title, title, width
        Legend title, figure title, width (``"one"``, ``"two"`` or inches).
    colours
        Fixed colours for some regimes (e.g. ``{"none": NEUTRAL}``); the others take the
        palette's colours in order.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    regimes = np.asarray(regimes, dtype=object)
    names = list(order) if order is not None else regimes_by_frequency(regimes)
    index = {name: k for k, name in enumerate(names)}
    codes = np.vectorize(index.__getitem__, otypes=[int])(regimes)
    fixed = dict(colours or {})
    free = iter(category_colours(len(names)))
    styles = [(fixed[name], "") if name in fixed else next(free) for name in names]
    with figure_style():
        inches = figure_width(width)
        lines = sum(len(wrap_label(n, int(inches * 11)).splitlines()) for n in names)
        figure = new_figure(inches, inches * 0.62 + 0.14 * lines + 0.2)
        ax = figure.subplots()
        cmap = ListedColormap([colour for colour, _ in styles])
        norm = BoundaryNorm(np.arange(len(names) + 1) - 0.5, len(names))
        mesh = ax.pcolormesh(cell_edges(x), cell_edges(y), codes, cmap=cmap, norm=norm,
                             rasterized=codes.size > RASTER_CELLS)  # fmt: skip
        mesh.set_gid(REGIME_GID)
        _hatch_overflow(ax, x, y, codes, styles)
        _ticks_within_data(ax, x, y)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        limit = int(inches * 11)
        handles = [
            Patch(facecolor=colour, hatch=hatch, edgecolor="white" if hatch else colour,
                  label=wrap_label(name, limit))
            for name, (colour, hatch) in zip(names, styles, strict=True)
        ]  # fmt: skip
        wide = max(map(len, names), default=0) > limit / 2
        figure.legend(handles=handles, title=legend_title, loc="outside lower center",
                      ncols=1 if wide else 2)  # fmt: skip
        if title:
            add_title(figure, title, inches)
    return figure


def _ticks_within_data(ax, x: np.ndarray, y: np.ndarray) -> None:
    """Keep only the ticks inside the grid's range (the cells reach half a step beyond it)."""
    for axis, values in ((ax.xaxis, np.asarray(x, float)), (ax.yaxis, np.asarray(y, float))):
        low, high = values.min(), values.max()
        slack = float(relative_slack(low, high))
        ticks = [t for t in axis.get_ticklocs() if low - slack <= t <= high + slack]
        if len(ticks) >= 2:
            axis.set_ticks(ticks)


def regimes_by_frequency(regimes: np.ndarray) -> list[str]:
    """The distinct regimes, most frequent first (ties in order of first appearance)."""
    flat = np.asarray(regimes, dtype=object).ravel().tolist()
    counts: dict[str, int] = {}
    for name in flat:
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: -counts[name])


def wrap_label(name: str, limit: int) -> str:
    """Break a long regime label (``a/b + c/d + ...``) after its ``+`` signs."""
    lines, current = [], ""
    for part in str(name).split(" + "):
        candidate = f"{current} + {part}" if current else part
        if current and len(candidate) > limit:
            lines.append(current + " +")
            current = part
        else:
            current = candidate
    return "\n".join([*lines, current])


def _hatch_overflow(ax, x, y, codes, styles) -> None:
    """Hatch the cells of the regimes beyond the palette, so that colours repeat safely."""
    from matplotlib.patches import Rectangle

    xe, ye = cell_edges(x), cell_edges(y)
    for k, c in zip(*np.nonzero(codes >= 0), strict=True):
        hatch = styles[codes[k, c]][1]
        if hatch:
            corner = (xe[c], ye[k])
            box = Rectangle(corner, xe[c + 1] - xe[c], ye[k + 1] - ye[k], fill=False,
                            hatch=hatch, edgecolor="white", linewidth=0)  # fmt: skip
            ax.add_patch(box)


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
        Increasing grid values, shapes ``(nx,)`` and ``(ny,)``.
    values
        Shape ``(ny, nx)``; ``nan`` (e.g. no critical discount factor) is drawn light grey.
    x_label, y_label, value_label
        Axis labels and the colour bar's label.
    contour_levels
        Levels of ``values`` to draw as labelled contour lines.
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
    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, inches * 0.78)
        ax = figure.subplots()
        ax.set_facecolor("#DDDDDD")
        low, high = value_range if value_range is not None else (None, None)
        mesh = ax.pcolormesh(cell_edges(x), cell_edges(y), values, cmap=cmap, vmin=low,
                             vmax=high, rasterized=values.size > RASTER_CELLS)  # fmt: skip
        mesh.set_gid(OUTCOME_GID)
        bar = figure.colorbar(mesh, ax=ax, aspect=25)
        bar.set_label(value_label)
        bar.outline.set_linewidth(0.4)
        if contour_levels:
            lines = ax.contour(x, y, values, levels=sorted(contour_levels), colors="white",
                               linewidths=0.8)  # fmt: skip
            ax.clabel(lines, fontsize=6, fmt="%.3g")
            bar.add_lines(lines)
        handles = []
        if np.ma.is_masked(values):
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor="#DDDDDD", label=missing_label))
        if curve is not None:
            (line,) = ax.plot(curve["x"], curve["y"], color="#D55E00", linewidth=1.4,
                              label=curve.get("label"))  # fmt: skip
            line.set_gid(CURVE_GID)
            if curve.get("label"):
                handles.append(line)
            ax.set_ylim(cell_edges(y)[[0, -1]])
        if handles:
            ax.legend(handles=handles, loc="best", frameon=True, framealpha=0.85,
                      edgecolor="none")  # fmt: skip
        _ticks_within_data(ax, x, y)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        if title:
            add_title(figure, title, inches)
    return figure
