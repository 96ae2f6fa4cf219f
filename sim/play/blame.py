"""Responsibility for the treaty's end: the probabilities of its causes shared out by rules.

With ``P(c)`` the exact probability that the treaty ends within the horizon with cause ``c``
(:data:`sim.play.responsibility.CAUSE_NAMES`) and ``W[c, k]`` the share of party ``k``
(row side, column side, nobody) that the scenario's ``[responsibility]`` rules
(:class:`sim.dynamics.blame.BlameRules`) give an end with cause ``c``::

    R[k] = sum over causes c of P(c) W[c, k],   R[row] + R[col] + R[nobody] = P(end)

For ``SIDE_KIND`` the mover is ``SIDE`` and the accused the other side; a simultaneous end
and an end by chance take the rules' ``(row, column, nobody)`` shares; every row of ``W``
sums to 1.
"""

from __future__ import annotations

import numpy as np

from sim.dynamics.blame import KINDS, BlameRules

PARTIES = ("row", "col", "nobody")


def blame_matrix(rules: BlameRules, causes: tuple[str, ...]) -> np.ndarray:
    """``W`` (``(len(causes), 3)``) over the causes ``SIDE_KIND``, ``both`` and ``other``."""
    out = np.zeros((len(causes), len(PARTIES)))
    for c, name in enumerate(causes):
        if name == "both":
            out[c] = rules.simultaneous
        elif name == "other":
            out[c] = rules.chance
        else:
            side, kind = name.split("_", 1)
            mover, accused, nobody = rules.kinds[KINDS.index(kind)]
            out[c] = (mover, accused, nobody) if side == "row" else (accused, mover, nobody)
    return out


def responsible(by_cause: np.ndarray, rules: BlameRules, causes: tuple[str, ...]) -> np.ndarray:
    """``batch + (3,)``: the row side's, the column side's and nobody's part of the end."""
    return np.asarray(by_cause) @ blame_matrix(rules, causes)
