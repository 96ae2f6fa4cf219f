"""The equilibrium payoff set of a repeated game: nested polygons in the payoff plane.

Each set is a convex polygon of payoff pairs, e.g. the subgame-perfect payoffs ``V*`` at
a discount factor (the fixed point of the operator of Abreu, Pearce and Stacchetti 1990,
computed by :func:`sim.repeated.payoff_set.equilibrium_payoff_set`), or its folk-theorem
limit, the feasible and individually rational payoffs (Fudenberg and Maskin 1986). The
stage game's pure payoff pairs are marked and named by their action profile. Each set is
outlined in its own colour and dash pattern over a light fill, so nested or equal sets
stay apart, and a set of one payoff pair is drawn as a square. The
polygons come from the results; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure

SET_GID = "payoff-set"
"""``gid`` prefix of the polygons: ``payoff-set:LABEL``."""
POINT_GID = "stage-payoffs"
DASHES = ("-", "--", ":", "-.")
"""Outlines of the sets in turn, so that sets that coincide stay visible."""


def payoff_set_figure(
    sets: Sequence[tuple[str, np.ndarray]],
    points: np.ndarray | None = None,
    point_labels: Sequence[str] = (),
    players: tuple[str, str] = ("row", "column"),
    title: str | None = None,
    width: str | float = "one",
):
    """Draw payoff sets as filled polygons, largest first, and the stage payoffs as dots.

    Parameters
    ----------
    sets
        ``(label, vertices)`` pairs, vertices of shape ``(k, 2)`` (row's payoff, column's),
        in order round the polygon; an empty set is listed in the legend as empty.
    points
        Shape ``(p, 2)``: the stage game's payoff pairs, marked.
    point_labels
        The action profile of each point (``comply/comply``), written beside it.
    players, title, width
        The two players' names (the axes), the title, the width.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch, Polygon

    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, inches * 0.85 + 0.16 * (len(sets) + 1))
        ax = figure.subplots()
        handles = []
        for k, (label, vertices) in enumerate(sets):
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            vertices = np.asarray(vertices, dtype=float).reshape(-1, 2)
            if len(vertices) == 0:
                handles.append(Patch(facecolor="none", edgecolor="none", label=f"{label}: empty"))
                continue
            patch = Polygon(vertices, closed=True, facecolor=(*to_rgb(colour), 0.15),
                            edgecolor=colour, linewidth=1.4, linestyle=DASHES[k % len(DASHES)],
                            label=label, gid=f"{SET_GID}:{label}")  # fmt: skip
            ax.add_patch(patch)
            if len(vertices) == 1:  # a single payoff pair: a polygon would not show
                ax.plot(*vertices[0], marker="s", markersize=6, color=colour, zorder=2)
            handles.append(patch)
        if points is not None and len(points):
            points = np.asarray(points, dtype=float)
            dots = ax.scatter(points[:, 0], points[:, 1], s=9, color="black", zorder=3,
                              gid=POINT_GID, label="stage payoffs")  # fmt: skip
            handles.append(dots)
            for (x, y), text in zip(points, point_labels, strict=False):
                ax.annotate(text, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=5.5)
        ax.autoscale_view()
        ax.margins(0.08)
        ax.set_xlabel(f"{players[0]}'s payoff per round")
        ax.set_ylabel(f"{players[1]}'s payoff per round")
        figure.legend(handles=handles, loc="outside lower center", ncols=1)
        if title:
            add_title(figure, title, inches)
    return figure
