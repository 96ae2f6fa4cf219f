"""Sets of discount factors as unions of closed intervals, found by root isolation.

For finite automata every value, and so every deviation gain ``g_k(delta)``, is a rational
function of the discount factor (Cramer's rule on ``(I - delta M) V = r``). The set where a
profile is an equilibrium is ``{delta : g_k(delta) <= 0 for every k}``, an intersection of
closed sets, so a finite union of closed intervals (relative to ``(0, 1)``). It is found by

1. evaluating every ``g_k`` on :data:`GRID` (denser near 1);
2. isolating each sign change of each ``g_k`` between neighbouring grid points and
   refining it by Brent's method (Brent 1973, ch. 4) to :data:`XTOL`;
3. deciding the condition once inside every piece between consecutive roots, with
   near-zero gains settled exactly (``decide``).

A piece narrower than the grid step in which some ``g_k`` changes sign twice can be missed,
and isolated points where the condition holds (a set of measure zero) are not reported;
the grid step is part of the result's parameters.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

from sim.tolerance import ROOT_ACCURACY

GRID = np.unique(
    np.concatenate([np.linspace(0.002, 0.99, 495), 1.0 - np.logspace(np.log10(0.01), -6, 41)[1:]])
)
"""Discount factors where every gain is evaluated first (step 0.002 up to 0.99, then
logarithmic towards 1 - 1e-6)."""
XTOL = ROOT_ACCURACY
"""Absolute accuracy of each interval endpoint."""


def isolate_roots(
    gains: Callable[[np.ndarray], np.ndarray],
    grid: np.ndarray = GRID,
    tolerance: Callable[[float], float] | None = None,
) -> np.ndarray:
    """Every sign change of every column of ``gains(grid)``, refined by Brent's method.

    ``gains`` maps a vector of discount factors ``(D,)`` to gains ``(D, K)``. A value within
    ``tolerance(delta)`` of zero counts as zero (not a sign change). Returns the sorted roots.
    """
    values = gains(grid)
    band = np.array([tolerance(d) for d in grid]) if tolerance else np.zeros(len(grid))
    sign = np.where(values > band[:, None], 1, np.where(values < -band[:, None], -1, 0))
    roots = []
    cache: dict[float, np.ndarray] = {}
    for k in range(values.shape[1]):
        called = np.flatnonzero(sign[:, k])
        for left, right in zip(called[:-1], called[1:], strict=True):
            if sign[left, k] == sign[right, k]:
                continue
            if right > left + 1:  # the gain is zero within tolerance in between
                roots.extend([grid[left + 1], grid[right - 1]])
                continue

            def g(delta: float, k: int = k) -> float:
                if delta not in cache:  # gains that agree take the same steps: evaluate once
                    cache[delta] = gains(np.array([delta]))[0]
                return float(cache[delta][k])

            roots.append(brentq(g, grid[left], grid[right], xtol=XTOL))
    return np.unique(np.round(np.array(roots, dtype=float), 13))


def closed_intervals(
    roots: np.ndarray, holds: Callable[[float], bool], grid: np.ndarray = GRID
) -> list[tuple[float, float]]:
    """The union of closed intervals, between consecutive ``roots``, where ``holds``.

    Each piece is decided at its midpoint, kept inside the grid's range; neighbouring
    pieces that hold are merged. The outer ends are reported as 0 and 1 (meaning: open
    there, the interval reaches that end of ``(0, 1)``).
    """
    cuts = np.concatenate([[0.0], roots[(roots > 0) & (roots < 1)], [1.0]])
    pieces = []
    for low, high in zip(cuts[:-1], cuts[1:], strict=True):
        probe = float(np.clip((low + high) / 2, grid[0], grid[-1]))
        pieces.append((float(low), float(high), holds(probe)))
    out: list[tuple[float, float]] = []
    for low, high, ok in pieces:
        if not ok:
            continue
        if out and out[-1][1] == low:
            out[-1] = (out[-1][0], high)
        else:
            out.append((low, high))
    return out


def describe(intervals: list[tuple[float, float]], digits: int = 4) -> str:
    """``(0, 0.7965]``, ``[0.5, 1)``, unions joined by ``∪``, or ``∅``."""
    if not intervals:
        return "∅"
    parts = []
    for low, high in intervals:
        left = "(0" if low == 0.0 else f"[{low:.{digits}g}"
        right = "1)" if high == 1.0 else f"{high:.{digits}g}]"
        parts.append(f"{left}, {right}")
    return " ∪ ".join(parts)


def smallest(intervals: list[tuple[float, float]]) -> float | None:
    """The old single threshold: the lower end of an interval reaching 1, else ``None``."""
    if intervals and intervals[-1][1] == 1.0:
        return intervals[-1][0]
    return None
