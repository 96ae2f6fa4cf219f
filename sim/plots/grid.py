"""The axes of a map over a parameter grid: cells around even steps, or one cell a value.

A grid with even steps (``start, stop, count``) is drawn on the parameter's own scale, each
cell reaching halfway to its neighbours. A grid of uneven values (``values = [0, 1, 2, 4,
8]``) cannot be: the cell of 8 would reach to 10 and the cells of 0, 1 and 2 would be
squeezed. Its cells are drawn one a value, equally wide, with each tick labelled by its
value, and the axis label says that the steps are uneven.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.tolerance import relative_slack

UNEVEN_NOTE = "uneven steps"
"""Added to the axis label of a grid drawn one cell a value."""
TICK_LIMIT = 12
"""An uneven axis labels at most this many of its values (every k-th beyond it)."""


@dataclass(frozen=True)
class GridAxis:
    """Where the values of one grid axis are drawn.

    Attributes
    ----------
    values
        The grid's values, increasing.
    positions
        Where each value is drawn: the values themselves, or ``0, 1, ...`` when uneven.
    edges
        The cells' edges, ``len(values) + 1`` of them.
    even
        Whether the steps are even (drawn on the parameter's own scale).
    """

    values: np.ndarray
    positions: np.ndarray
    edges: np.ndarray
    even: bool

    def position(self, value) -> np.ndarray:
        """Where a parameter value lies on the drawn axis: the value itself on an even
        axis; on an uneven one, linear between the knots where a grid value sits at its
        cell's centre and a cell edge (the midpoint of two values) at the drawn edge."""
        value = np.asarray(value, dtype=float)
        if self.even:
            return value
        knots = np.concatenate([self.values, cell_edges(self.values)])
        drawn = np.concatenate([self.positions, self.edges])
        order = np.argsort(knots, kind="stable")
        return np.interp(value, knots[order], drawn[order])

    def label(self, text: str) -> str:
        return text if self.even else f"{text} ({UNEVEN_NOTE})"


def cell_edges(centres: np.ndarray) -> np.ndarray:
    """Edges of the cells around increasing grid points: midpoints, extended at both ends."""
    centres = np.asarray(centres, dtype=float)
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - middle[0]], middle, [2 * centres[-1] - middle[-1]]])


def grid_axis(values) -> GridAxis:
    """The drawing of a grid axis: on its own scale when its steps are even (up to the
    package's relative tolerance at the grid's span), one cell a value otherwise."""
    values = np.asarray(values, dtype=float)
    steps = np.diff(values)
    span = values[-1] - values[0] if values.size > 1 else 1.0
    even = steps.size < 2 or bool(np.all(np.abs(steps - steps[0]) <= relative_slack(span)))
    if even:
        return GridAxis(values, values, cell_edges(values), True)
    positions = np.arange(values.size, dtype=float)
    return GridAxis(values, positions, cell_edges(positions), False)


def set_grid_ticks(axis, grid: GridAxis) -> None:
    """Ticks inside the grid's range: the locator's on an even axis, the values on an uneven
    one (labelled with the values, ``%g``)."""
    if not grid.even:
        every = max(1, int(np.ceil(grid.values.size / TICK_LIMIT)))
        chosen = np.arange(0, grid.values.size, every)
        labels = [f"{v:g}".replace("-", "\N{MINUS SIGN}") for v in grid.values[chosen]]
        axis.set_ticks(grid.positions[chosen], labels)
        return
    low, high = grid.values.min(), grid.values.max()
    slack = float(relative_slack(low, high))
    ticks = [t for t in axis.get_ticklocs() if low - slack <= t <= high + slack]
    if len(ticks) >= 2:
        axis.set_ticks(ticks)
