"""The payoff matrix of a stage game as a table heatmap.

Each cell holds both players' payoffs in Schelling's staggered layout (Schelling 1960,
*The Strategy of Conflict*): the row player's payoff in the lower-left triangle, the column
player's in the upper-right one, each triangle coloured by its payoff on one shared scale.
Pure equilibria are outlined; the equilibria are listed under the matrix, in a figure
legend that the layout engine makes room for (so the listing is never cut off).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.plots.style import (
    SEQUENTIAL_MAP,
    add_title,
    figure_style,
    figure_width,
    new_figure,
    text_colour,
)
from sim.tolerance import SUPPORT_CUT

PURE_GID = "pure-equilibrium"
"""``gid`` of the rectangles that outline the pure equilibria."""
MIXED_GID = "mixed-equilibria"
"""``gid`` of the text listing the mixed equilibria."""
KEY_GID = "payoff-key"
"""``gid`` of the key to the triangles."""
LEGEND_GID = "payoff-matrix-legend"
"""``gid`` of the legend that holds the listing."""
SIDE_FONT_SIZE = 6.5
SIDE_LINE_SPACING = 1.3


def payoff_matrix_figure(
    row_payoffs: np.ndarray,
    col_payoffs: np.ndarray,
    actions: tuple[Sequence[str], Sequence[str]],
    players: tuple[str, str] = ("row", "column"),
    pure_equilibria: Sequence[tuple[int, int]] = (),
    mixed_equilibria: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
    title: str | None = None,
    width: str | float = "one",
    number_format: str = "{:.3g}",
):
    """Draw a two-player payoff matrix with its equilibria.

    Parameters
    ----------
    row_payoffs, col_payoffs
        Arrays of shape ``(m, n)``: the row and the column player's payoffs.
    actions
        The row player's ``m`` and the column player's ``n`` action names.
    players
        The two players' names.
    pure_equilibria
        Index pairs ``(i, j)`` to outline, e.g. from :func:`sim.equilibria.pure.pure_equilibria`.
    mixed_equilibria
        Pairs ``(p, q)`` of the row and column player's mixed strategies, listed beside the
        matrix with the actions in their supports; ``[]`` says there are none, ``None``
        (the default) that they were not given (the listing then says so).
    title
        Optional title above the matrix.
    width
        ``"one"`` (3.5 in), ``"two"`` (7 in) or inches.
    number_format
        Format of the payoffs in the cells.

    Returns
    -------
    matplotlib.figure.Figure
    """
    A = np.asarray(row_payoffs, dtype=float)
    B = np.asarray(col_payoffs, dtype=float)
    m, n = A.shape
    if B.shape != (m, n) or len(actions[0]) != m or len(actions[1]) != n:
        raise ValueError("payoff shapes and action counts differ")
    with figure_style():
        inches = figure_width(width)
        key, listing = key_lines(players), side_lines(mixed_equilibria, actions, players,
                                                      pure_equilibria)  # fmt: skip
        text_height = max(len(key), len(listing)) * SIDE_FONT_SIZE * SIDE_LINE_SPACING / 72
        cell = min((inches - 1.6) / n, 0.6)
        labels = 0.9 if max(len(a) for a in actions[1]) * n > 28 else 0.6
        height = cell * m + labels + text_height + 0.1 + (0.35 if title else 0.0)
        figure = new_figure(inches, height)
        ax = figure.add_subplot()
        mesh = _draw_cells(ax, A, B, number_format)
        _draw_outlines(ax, pure_equilibria)
        _label_axes(ax, actions, players, m, n)
        colourbar = figure.colorbar(mesh, ax=ax, location="right", shrink=0.8, aspect=20)
        colourbar.set_label("payoff")
        colourbar.outline.set_linewidth(0.4)
        _list(figure, key, listing)
        if title:
            add_title(figure, title, inches)
    return figure


def _triangles(m: int, n: int) -> tuple[list, list]:
    """Vertices of the lower-left and upper-right triangle of every cell, row-major."""
    lower, upper = [], []
    for i in range(m):
        for j in range(n):
            lower.append([(j, i), (j, i + 1), (j + 1, i + 1)])
            upper.append([(j, i), (j + 1, i), (j + 1, i + 1)])
    return lower, upper


def _draw_cells(ax, A: np.ndarray, B: np.ndarray, number_format: str):
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize

    m, n = A.shape
    norm = Normalize(min(A.min(), B.min()), max(A.max(), B.max()))
    lower, upper = _triangles(m, n)
    collection = PolyCollection(
        lower + upper, cmap=SEQUENTIAL_MAP, norm=norm, edgecolors="white", linewidths=0.5
    )
    collection.set_array(np.concatenate([A.ravel(), B.ravel()]))
    collection.set_gid("payoffs")
    ax.add_collection(collection)
    cmap = collection.get_cmap()
    longest = max(
        len(format_number(v, number_format)) for v in np.concatenate([A.ravel(), B.ravel()])
    )
    size = 7 if longest <= 4 else 6
    for i in range(m):
        for j in range(n):
            for value, (x, y), align, who in (
                (A[i, j], (j + 0.06, i + 0.8), "left", "row"),
                (B[i, j], (j + 0.94, i + 0.22), "right", "col"),
            ):
                ax.text(
                    x, y, format_number(value, number_format), ha=align, va="center",
                    color=text_colour(cmap(norm(value))), fontsize=size,
                    gid=f"{who}-payoff-{i}-{j}",
                )  # fmt: skip
    ax.set_xlim(0, n)
    ax.set_ylim(m, 0)
    ax.set_aspect("equal")
    return collection


def _draw_outlines(ax, pure_equilibria) -> None:
    from matplotlib.patches import Rectangle

    for i, j in pure_equilibria:
        outer = Rectangle((j, i), 1, 1, fill=False, edgecolor="black", linewidth=2.4)
        inner = Rectangle((j + 0.04, i + 0.04), 0.92, 0.92, fill=False, edgecolor="white",
                          linewidth=0.9)  # fmt: skip
        outer.set_gid(PURE_GID)
        outer.set_clip_on(False)
        ax.add_patch(outer)
        ax.add_patch(inner)


def _label_axes(ax, actions, players, m: int, n: int) -> None:
    ax.set_xticks(np.arange(n) + 0.5, list(actions[1]))
    ax.set_yticks(np.arange(m) + 0.5, list(actions[0]))
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(players[1])
    ax.set_ylabel(players[0])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if max((len(a) for a in actions[1]), default=0) * n > 28:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_ha("left")


def _support_lines(probabilities, names) -> list[str]:
    """``comply 0.25``, ...: the actions played with positive probability, one a line."""
    probabilities = np.asarray(probabilities, dtype=float)
    return [f"    {names[k]} {p:.3g}" for k, p in enumerate(probabilities) if p > SUPPORT_CUT]


def mixed_equilibrium_lines(mixed_equilibria, actions, players) -> list[str]:
    """The lines listing each mixed equilibrium, as drawn beside the matrix."""
    lines = []
    for k, (p, q) in enumerate(mixed_equilibria, start=1):
        lines.append(f"  ({k}) {players[0]}:")
        lines += _support_lines(p, actions[0])
        lines.append(f"  ({k}) {players[1]}:")
        lines += _support_lines(q, actions[1])
    return lines


def key_lines(players) -> list[str]:
    """The key to the triangles of each cell."""
    return ["In each cell", f"  lower left: {players[0]}", f"  upper right: {players[1]}"]


def side_lines(mixed_equilibria, actions, players, pure_equilibria) -> list[str]:
    """The listing under the matrix: the pure equilibria, then the mixed ones."""
    lines = ["Pure equilibria (outlined)"]
    lines += [f"  {actions[0][i]} / {actions[1][j]}" for i, j in pure_equilibria] or ["  none"]
    lines += ["Mixed equilibria"]
    if mixed_equilibria is None:
        return [*lines, "  not given"]
    lines += mixed_equilibrium_lines(mixed_equilibria, actions, players) or ["  none"]
    return lines


def _list(figure, key: list[str], lines: list[str]) -> None:
    """The key and the listing as a figure legend under the matrix, in two columns, each
    an entry without a handle: the layout engine reserves their room, so nothing is cut."""
    from matplotlib.patches import Patch

    padded = key + [""] * (len(lines) - len(key))
    legend = figure.legend(
        handles=[Patch(visible=False), Patch(visible=False)],
        labels=["\n".join(padded), "\n".join(lines)], loc="outside lower left", ncols=2,
        handlelength=0, handletextpad=0, columnspacing=2.0, borderaxespad=0.6,
        prop={"size": SIDE_FONT_SIZE}, alignment="left",
    )  # fmt: skip
    key_text, text = legend.get_texts()
    for item in (key_text, text):
        item.set_linespacing(SIDE_LINE_SPACING)
    key_text.set_gid(KEY_GID)
    text.set_gid(MIXED_GID)
    legend.set_gid(LEGEND_GID)


def format_number(value: float, number_format: str = "{:.3g}") -> str:
    """``value`` formatted, with a typographic minus sign (U+2212) as on the axes."""
    text = number_format.format(value)
    return text.replace("-", "\N{MINUS SIGN}")
