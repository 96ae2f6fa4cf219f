"""An annotated heatmap of a table: tournament scores, a meta-game, best responses."""

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

HIGHLIGHT_GID = "highlight"
"""``gid`` of the outlines around highlighted cells (e.g. best responses)."""


def table_heatmap_figure(
    values: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    value_label: str = "mean payoff per round",
    row_title: str | None = None,
    col_title: str | None = None,
    highlight: np.ndarray | None = None,
    highlight_label: str = "best response",
    title: str | None = None,
    width: str | float = "one",
    number_format: str = "{:.2f}",
    cmap: str = SEQUENTIAL_MAP,
):
    """Draw a table of numbers as a heatmap with each cell's value written in it.

    Parameters
    ----------
    values
        Shape ``(m, n)``; ``nan`` cells are left blank.
    row_labels, col_labels
        Names of the rows and the columns (strategies, actions).
    value_label
        Label of the colour bar.
    row_title, col_title
        Axis titles, e.g. the two players' names.
    highlight
        Optional boolean mask ``(m, n)`` of cells to outline (e.g. best responses), named
        ``highlight_label`` in a note under the table.
    title, width, number_format, cmap
        Figure title, width (``"one"``, ``"two"`` or inches), cell number format, colour map.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Rectangle

    values = np.asarray(values, dtype=float)
    m, n = values.shape
    with figure_style():
        inches = figure_width(width)
        cell, below = _cell_size(inches, row_labels, col_labels, n)
        figure = new_figure(inches, max(1.6, cell * m + below + 0.35 + (0.3 if title else 0)))
        ax = figure.subplots()
        image = ax.imshow(values, cmap=cmap, aspect="equal", interpolation="nearest")
        image.set_gid("table")
        for i in range(m):
            for j in range(n):
                if np.isfinite(values[i, j]):
                    ax.text(j, i, number_format.format(values[i, j]).replace("-", "\u2212"),
                            ha="center", va="center", fontsize=6.5 if n > 5 else 7,
                            color=text_colour(image.cmap(image.norm(values[i, j]))))  # fmt: skip
        if highlight is not None:
            for i, j in zip(*np.nonzero(np.asarray(highlight, dtype=bool)), strict=True):
                box = Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#D55E00",
                                linewidth=1.6, gid=HIGHLIGHT_GID, clip_on=False)  # fmt: skip
                ax.add_patch(box)
            ax.set_title(f"outlined: {highlight_label}", loc="right", fontsize=6.5)
        ax.set_xticks(range(n), list(col_labels))
        ax.set_yticks(range(m), list(row_labels))
        ax.tick_params(length=0)
        if _rotated(col_labels, n):
            for label in ax.get_xticklabels():
                label.set_rotation(40)
                label.set_ha("right")
                label.set_rotation_mode("anchor")
        for spine in ax.spines.values():
            spine.set_visible(False)
        if row_title:
            ax.set_ylabel(row_title)
        if col_title:
            ax.set_xlabel(col_title)
        bar = figure.colorbar(image, ax=ax, shrink=0.8, aspect=25)
        bar.set_label(value_label)
        bar.outline.set_linewidth(0.4)
        if title:
            add_title(figure, title, inches)
    return figure


LABEL_CHARACTER = 0.055
"""Width in inches of a character of a 7-pt tick label (DejaVu Sans averages 0.55 em)."""


def _cell_size(inches: float, row_labels, col_labels, n: int) -> tuple[float, float]:
    """The side of a cell that fills the figure's width, and the room the column labels
    take below the table (rotated by 40 degrees when they are long), in inches.

    The width goes to the row labels, the axis title, the cells and the colour bar with its
    label; the figure then keeps its column width when saved (no empty margin to crop).
    """
    longest_row = max((len(str(s)) for s in row_labels), default=1)
    longest_col = max((len(str(s)) for s in col_labels), default=1)
    cell = min(0.75, (inches - LABEL_CHARACTER * longest_row - 1.05) / n)
    rotated = _rotated(col_labels, n)
    below = LABEL_CHARACTER * longest_col * (0.64 if rotated else 0.0) + 0.35
    return cell, below


def _rotated(col_labels, n: int) -> bool:
    return max((len(str(s)) for s in col_labels), default=0) * n > 5 * n or n > 4
