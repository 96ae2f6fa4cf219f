"""Exact comparisons of payoffs, vectorised: floating point where it decides, exact rationals
where it cannot.

A payoff given as a double is read as the rational :func:`sim.equilibria.exact.to_fraction`
makes of it (the simplest fraction within ``ULPS`` units in the last place, else the
double's exact binary value), the same reading exact mode uses. That reading moves a value
by at most ``ULPS`` units in its last place, so two doubles further apart than
``2 ULPS ulp(max(|a|, |b|))`` compare as their rationals do, and equal doubles are equal
rationals; only the few close, unequal pairs are settled with fractions. No tolerance
relative to a payoff range enters: a spread of ``1e-6`` to ``1e15`` within one game is
compared as exactly as a game of small integers.
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.exact import ULPS, to_fraction


def at_least(a, b) -> np.ndarray:
    """``a >= b`` elementwise (broadcasting) for the rationals the doubles stand for."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    result = a >= b
    # near the float maximum a - b or the spacing may overflow: an infinite difference is
    # never close, an infinite spacing sends the pair to the exact comparison, both right
    with np.errstate(over="ignore"):
        spacing = np.spacing(np.maximum(np.abs(a), np.abs(b)))
        close = (a != b) & (np.abs(a - b) <= 2 * ULPS * spacing)
    if close.any():
        result = result.copy()
        for index in zip(*np.nonzero(close), strict=True):
            result[index] = to_fraction(a[index]) >= to_fraction(b[index])
    return result


def greater(a, b) -> np.ndarray:
    """``a > b`` elementwise for the rationals the doubles stand for."""
    return ~at_least(b, a)
