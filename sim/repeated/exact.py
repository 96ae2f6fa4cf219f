"""Exact rational arithmetic for decisions too close to call in floating point.

A deviation gain is a difference of discounted values ``V = (I - delta M)^-1 r``. When its
floating-point value lies within :func:`error_band` of zero, the sign is decided again with
every input (term probabilities, stage payoffs, the discount factor) taken as the exact
rational number its float stands for (:class:`fractions.Fraction`), and the linear system
solved by Gaussian elimination over the rationals (exact; Bareiss-free, the systems are
small). Systems larger than :data:`EXACT_STATES` are not solved exactly; the caller then
counts the gain as a tie within the tolerance and says so.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from sim.tolerance import RELATIVE_TOLERANCE

EXACT_STATES = 96
"""Largest linear system solved in rational arithmetic."""


def error_band(delta: np.ndarray | float, states: int) -> np.ndarray:
    """Half-width of the band around 0 where a normalised gain is not called in floats.

    Gains are in units of the payoff range (see :func:`sim.repeated.terms.normalising`);
    values are at most ``1 / (1 - delta)`` in those units, and a solve of ``states``
    equations loses about ``states`` ulps, so the band is
    ``max(RELATIVE_TOLERANCE, 1000 eps states / (1 - delta))``.
    """
    delta = np.asarray(delta, dtype=float)
    rounding = 1e3 * np.finfo(float).eps * max(states, 1) / (1.0 - delta)
    return np.maximum(RELATIVE_TOLERANCE, rounding)


def rational(values) -> np.ndarray:
    """An object array of :class:`Fraction` holding the exact value of each float."""
    array = np.asarray(values, dtype=float)
    out = np.empty(array.shape, dtype=object)
    for index, value in np.ndenumerate(array):
        out[index] = Fraction(float(value))
    return out


def solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve ``matrix @ x = rhs`` over the rationals (object arrays of Fractions).

    Gaussian elimination with a non-zero pivot in each column; ``rhs`` may have several
    columns. Raises ``ZeroDivisionError`` for a singular matrix.
    """
    size = matrix.shape[0]
    a = [list(row) for row in matrix]
    b = [list(row) for row in np.asarray(rhs, dtype=object).reshape(size, -1)]
    for col in range(size):
        pivot = next(r for r in range(col, size) if a[r][col] != 0)
        a[col], a[pivot] = a[pivot], a[col]
        b[col], b[pivot] = b[pivot], b[col]
        inverse = 1 / a[col][col]
        for r in range(col + 1, size):
            factor = a[r][col] * inverse
            if factor == 0:
                continue
            row_r, row_c = a[r], a[col]
            for c in range(col, size):
                if row_c[c] != 0:
                    row_r[c] -= factor * row_c[c]
            b[r] = [x - factor * y for x, y in zip(b[r], b[col], strict=True)]
    x = [None] * size
    for r in range(size - 1, -1, -1):
        total = b[r]
        for c in range(r + 1, size):
            if a[r][c] != 0:
                total = [t - a[r][c] * v for t, v in zip(total, x[c], strict=True)]
        x[r] = [t / a[r][r] for t in total]
    return np.array(x, dtype=object).reshape(np.shape(rhs))


def discounted_values(
    source: np.ndarray,
    target: np.ndarray,
    probability: np.ndarray,
    reward: np.ndarray,
    states: np.ndarray,
    delta: float,
) -> dict[int, Fraction]:
    """Exact ``V = (I - delta M)^-1 r`` on a closed set of ``states`` of a chain given by terms.

    ``source``, ``target`` and ``probability`` (Fractions, see :func:`term_weights`) list
    the chain's terms, ``reward[t]`` is the stage payoff of term ``t`` (its expectation is
    taken here). Returns ``{state: V}``.
    """
    states = [int(s) for s in np.flatnonzero(states)] if states.dtype == bool else list(states)
    if len(states) > EXACT_STATES:
        raise OverflowError(f"{len(states)} states exceed the exact budget of {EXACT_STATES}")
    position = {s: k for k, s in enumerate(states)}
    d = Fraction(float(delta))
    size = len(states)
    matrix = np.array([[Fraction(int(r == c)) for c in range(size)] for r in range(size)])
    rhs = np.array([Fraction(0)] * size, dtype=object)
    for s, t, p, u in zip(source, target, probability, reward, strict=True):
        row = position.get(int(s))
        if row is None:
            continue
        weight = p
        matrix[row, position[int(t)]] -= d * weight
        rhs[row] += weight * Fraction(float(u))
    solution = solve(matrix, rhs)
    return {s: solution[k] for k, s in enumerate(states)}


def term_weights(factors: tuple[np.ndarray, ...], keep: np.ndarray | None = None) -> list:
    """Exact term probabilities: the product of each term's factors as Fractions.

    The factors (policies after trembles, observation and treaty probabilities) are the
    floats the model holds; their product is formed without rounding, so two computations
    that share factors agree exactly.
    """
    count = len(factors[0])
    chosen = range(count) if keep is None else np.flatnonzero(keep)
    out = []
    for t in chosen:
        weight = Fraction(1)
        for factor in factors:
            value = float(factor[t])
            if value != 1.0:
                weight *= Fraction(value)
        out.append(weight)
    return out
