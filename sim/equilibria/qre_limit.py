"""The Nash equilibrium a logit QRE path ends near: the limit of the tracing procedure.

As the precision ``lambda`` grows, the principal branch of the logit correspondence
converges to a Nash equilibrium (McKelvey and Palfrey 1995, "Quantal response equilibria
for normal form games", Games Econ. Behav. 10, Theorem 3). The end of a traced path is
matched with the nearest equilibrium of the game's list. When that list was cut short (a
game with more extreme equilibria than the listing limit, such as large coordination
games), the limit need not be on it; the equilibria of the subgame on the support of the
path's end are then tried as well, each checked as an equilibrium of the whole game.
"""

from __future__ import annotations

import numpy as np

LIMIT_DISTANCE = 0.01
"""Largest distance (in probability, either player) between the end of the path and a Nash
equilibrium for the equilibrium to be named the limit of the path."""


def path_limit(A, B, x, y, equilibria, precision: float) -> dict:
    """``{"equilibrium": index into the list or None, "distance": to the nearest one,
    "precision": lambda at the end}``; when the nearest one is not on a list cut short, also
    ``"row"`` and ``"col"``, that equilibrium's strategies."""
    row, col = np.asarray(equilibria.row), np.asarray(equilibria.col)
    found = {"equilibrium": None, "distance": None, "precision": float(precision)}
    if len(row):
        distance = _distance(row, col, x, y)
        k = int(np.argmin(distance))
        found["distance"] = float(distance[k])
        if distance[k] <= LIMIT_DISTANCE:
            found["equilibrium"] = k
            return found
    if getattr(equilibria, "complete", True):
        return found
    near = _support_equilibria(A, B, x, y)
    if len(near[0]):
        distance = _distance(*near, x, y)
        k = int(np.argmin(distance))
        if found["distance"] is None or distance[k] < found["distance"]:
            found["distance"] = float(distance[k])
            found["row"], found["col"] = near[0][k].tolist(), near[1][k].tolist()
    return found


def _distance(row, col, x, y) -> np.ndarray:
    return np.maximum(np.abs(row - x).max(axis=1), np.abs(col - y).max(axis=1))


def _support_equilibria(A, B, x, y) -> tuple[np.ndarray, np.ndarray]:
    """The equilibria of the subgame on the actions ``x`` and ``y`` play with probability
    above ``LIMIT_DISTANCE``, extended by zeros, that are equilibria of ``(A, B)``."""
    from sim.equilibria.nash import nash_equilibria
    from sim.equilibria.verify import is_equilibrium

    rows, cols = np.flatnonzero(x > LIMIT_DISTANCE), np.flatnonzero(y > LIMIT_DISTANCE)
    sub = nash_equilibria((A[np.ix_(rows, cols)], B[np.ix_(rows, cols)]))
    full_row = np.zeros((len(sub.row), A.shape[0]))
    full_col = np.zeros((len(sub.col), A.shape[1]))
    full_row[:, rows], full_col[:, cols] = sub.row, sub.col
    keep = is_equilibrium(A, B, full_row, full_col)
    return full_row[keep], full_col[keep]
