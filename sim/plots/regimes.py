"""Categorical maps over two swept parameters: regimes, yes/no outcomes, small counts.

The map colours each grid point by a category (which pure equilibria the game has, whether
mutual compliance is an equilibrium, how many equilibria there are) with a legend naming
every category: a yes/no outcome or a count of a few values gets a legend, never a
continuous colour bar with ticks between its values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.plots.grid import cell_edges, grid_axis, set_grid_ticks
from sim.plots.style import (
    add_title,
    category_colours,
    figure_style,
    figure_width,
    new_figure,
)

REGIME_GID = "regimes"
RASTER_CELLS = 2500
"""Maps with more cells than this embed their cells as an image (at ``savefig.dpi``) in PDF
and SVG, keeping files small; axes, labels and contours stay vector graphics and text."""
NEUTRAL = "#BBBBBB"
"""Grey for a regime that means "nothing holds" (pass ``colours={"none": NEUTRAL}``)."""
CATEGORY_LIMIT = 8
"""Whole-number outcomes with at most this many distinct values are drawn as categories."""

__all__ = ["NEUTRAL", "cell_edges", "regime_map_figure", "regimes_by_frequency", "wrap_label"]


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
        Increasing grid values, shapes ``(nx,)`` and ``(ny,)``; uneven ones are drawn one
        cell a value (:mod:`sim.plots.grid`).
    regimes
        Labels, shape ``(ny, nx)``: ``regimes[k, l]`` is the regime at ``(x[l], y[k])``.
    x_label, y_label
        Axis labels (the parameters' descriptions and units); long ones are wrapped.
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
        gx, gy = grid_axis(x), grid_axis(y)
        mesh = ax.pcolormesh(gx.edges, gy.edges, codes, cmap=cmap, norm=norm,
                             rasterized=codes.size > RASTER_CELLS)  # fmt: skip
        mesh.set_gid(REGIME_GID)
        _hatch_overflow(ax, gx.edges, gy.edges, codes, styles)
        set_grid_ticks(ax.xaxis, gx)
        set_grid_ticks(ax.yaxis, gy)
        ax.set_xlabel(wrap_axis_label(gx.label(x_label), inches))
        ax.set_ylabel(wrap_axis_label(gy.label(y_label), inches * 0.45))
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


def wrap_axis_label(text: str, inches: float) -> str:
    """An axis label broken between words to fit an axis ``inches`` long (8-pt text: about
    14 characters an inch), so that a long parameter description never widens the figure."""
    import textwrap

    return "\n".join(textwrap.wrap(text, max(16, int(inches * 14)), break_on_hyphens=False))


def _hatch_overflow(ax, xe, ye, codes, styles) -> None:
    """Hatch the cells of the regimes beyond the palette, so that colours repeat safely."""
    from matplotlib.patches import Rectangle

    for k, c in zip(*np.nonzero(codes >= 0), strict=True):
        hatch = styles[codes[k, c]][1]
        if hatch:
            corner = (xe[c], ye[k])
            box = Rectangle(corner, xe[c + 1] - xe[c], ye[k + 1] - ye[k], fill=False,
                            hatch=hatch, edgecolor="white", linewidth=0)  # fmt: skip
            ax.add_patch(box)
