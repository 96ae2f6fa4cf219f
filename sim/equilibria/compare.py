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


def exact_ranks(values) -> np.ndarray:
    """Dense ranks (0, 1, ...) of a 1-D array of doubles by the rationals they stand for:
    equal rationals share a rank. The doubles are sorted once; only runs of neighbours
    closer than ``2 ULPS`` units in the last place are ordered again with fractions, as in
    :func:`at_least` (values of different runs compare as their doubles do)."""
    values = np.asarray(values, dtype=float).ravel()
    unique, inverse = np.unique(values, return_inverse=True)
    with np.errstate(over="ignore"):
        spacing = np.spacing(np.maximum(np.abs(unique[1:]), np.abs(unique[:-1])))
        close = np.abs(unique[1:] - unique[:-1]) <= 2 * ULPS * spacing
    ranks = np.empty(len(unique), dtype=np.int64)
    rank, start = -1, 0
    while start < len(unique):
        stop = start + 1
        while stop < len(unique) and close[stop - 1]:
            stop += 1
        if stop - start == 1:
            rank += 1
            ranks[start] = rank
        else:
            exact = [to_fraction(v) for v in unique[start:stop]]
            for offset, shared in _dense(exact):
                ranks[start + offset] = rank + 1 + shared
            rank = int(ranks[start:stop].max())
        start = stop
    return ranks[inverse]


def _dense(values: list) -> list[tuple[int, int]]:
    """(position, dense rank) of each of ``values`` (comparable, any order)."""
    distinct = sorted(set(values))
    where = {value: k for k, value in enumerate(distinct)}
    return [(position, where[value]) for position, value in enumerate(values)]
