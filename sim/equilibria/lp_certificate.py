"""Exact bounds on the optimum of a linear program solved in floating point.

A floating-point LP solution is only a proposal. Weak duality turns it into a certificate
(Dantzig 1963, *Linear Programming and Extensions*, sec. 6-3; the approach of Applegate,
Cook, Dash and Espinoza 2007, "Exact solutions to linear programming problems", Oper.
Res. Lett. 35, 693-699, of checking float LP bases in rational arithmetic). For

    OPT = max c . p   subject to   G p <= 0,   1 . p = 1,   p >= 0

every exactly feasible ``p`` gives ``c . p <= OPT``, and every ``lambda >= 0`` gives

    OPT <= max_k (c - G^T lambda)_k

(the dual is ``min mu`` subject to ``mu 1 + G^T lambda >= c``, ``lambda >= 0``, and
``mu = max_k (c - G^T lambda)_k`` is its best value for that ``lambda``). Both bounds are
computed here in rational arithmetic on rational readings of the solver's primal and dual
solutions (snapped to simple fractions first, since the optimum of an LP with rational data
is rational); when they meet, the optimum is certified exactly, and otherwise the exact
interval ``[low, high]`` is its error.

The maxmin value is the case ``G p <= 0`` empty on the row simplex with ``c`` replaced by
the worst column: ``max_x min_j (x^T P)_j``, bounded above by ``max_i (P y)_i`` for every
mixed ``y`` of the opponent (von Neumann's minimax theorem gives equality at the optimum).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

Matrix = list[list[Fraction]]

SNAP_DENOMINATORS = (10**3, 10**6, 10**9, 10**12, None)
"""Denominator limits tried when a float solution is read as fractions (None: exact)."""


@dataclass(frozen=True)
class ValueBounds:
    """Exact bounds ``low <= OPT <= high`` on an optimum; ``exact`` when they meet."""

    low: Fraction
    high: Fraction

    @property
    def exact(self) -> Fraction | None:
        return self.low if self.low == self.high else None

    @classmethod
    def from_dict(cls, data: dict) -> ValueBounds:
        """Back from :meth:`to_dict` (the float bounds, or the exact value)."""
        if data["exact"] is not None:
            return cls(Fraction(data["exact"]), Fraction(data["exact"]))
        beyond = 2 * Fraction(sys.float_info.max)  # a bound the floats cannot hold
        low, high = data["bounds"]
        return cls(
            -beyond if low is None else Fraction(low), beyond if high is None else Fraction(high)
        )

    def to_dict(self) -> dict:
        """``certified``, ``exact`` (``"p/q"`` or None) and ``bounds`` (floats rounded
        outwards, so the interval still holds the optimum; None for a bound beyond the
        float range)."""
        exact = self.exact
        return {
            "certified": exact is not None,
            "exact": None if exact is None else str(exact),
            "bounds": [_float_below(self.low), _float_above(self.high)],
        }


def probability_readings(values: np.ndarray) -> Iterator[list[Fraction]]:
    """Exact probability vectors read from a float one: each entry clipped at zero and
    snapped to the simplest fraction within each of :data:`SNAP_DENOMINATORS`, then divided
    by the exact sum, so that every reading lies exactly on the simplex."""
    seen = set()
    finite = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    for limit in SNAP_DENOMINATORS:
        snapped = [_snap(max(float(v), 0.0), limit) for v in np.ravel(finite)]
        total = sum(snapped, Fraction(0))
        if total == 0:
            continue
        reading = tuple(q / total for q in snapped)
        if reading not in seen:
            seen.add(reading)
            yield list(reading)


def multiplier_readings(values: np.ndarray) -> Iterator[list[Fraction]]:
    """Exact nonnegative readings of float dual multipliers, snapped as above (a multiplier
    that is not finite is read as 0: any nonnegative one gives a valid bound)."""
    finite = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    for limit in SNAP_DENOMINATORS:
        yield [_snap(max(float(v), 0.0), limit) for v in np.ravel(finite)]


def security_bounds(P: Matrix, x: np.ndarray, y: np.ndarray) -> tuple[ValueBounds, list[Fraction]]:
    """Exact bounds on ``max_x min_j (x^T P)_j`` from a float maximiser ``x`` and a float
    minimiser ``y`` of the opponent; also the exact strategy attaining the lower bound.

    The exact solutions on the solver's supports are tried first (they are the optimum
    when the supports are right); the snapped readings only if those do not meet.
    """
    columns = [list(c) for c in zip(*P, strict=True)]
    support_x, support_y = _support(x), _support(y)

    def guaranteed(reading):  # what x guarantees: its worst column
        return min(_dot_column(reading, P, j) for j in range(len(P[0])))

    def conceded(reading):  # what y concedes: the best row against it
        return -max(_dot(row, reading) for row in P)

    low, best_x = _best(_support_solution(P, support_x, support_y), guaranteed)
    high, _ = _best(_support_solution(columns, support_y, support_x), conceded)
    if low is None or high is None or low != -high:
        low, best_x = _best(probability_readings(x), guaranteed, (low, best_x))
        high, _ = _best(probability_readings(y), conceded, (high, None))
    return ValueBounds(low, -high), best_x


def _best(readings, score, start=(None, None)):
    """The highest score over the readings, and the reading that has it."""
    best, chosen = start
    for reading in readings:
        value = score(reading)
        if best is None or value > best:
            best, chosen = value, reading
    return best, chosen


def correlated_bounds(
    A: Matrix, B: Matrix, weights: tuple[Fraction, Fraction], p: np.ndarray, multipliers, score
) -> tuple[ValueBounds | None, list[list[Fraction]] | None]:
    """Exact bounds on the optimum of a correlated-equilibrium LP.

    ``score(pA, pB)`` is the objective of an exact distribution (a weighted sum, or the
    smaller payoff); ``weights`` ``(w_A, w_B) >= 0`` give the linear objective
    ``w_A p.A + w_B p.B`` that bounds it from above (equal to it for a weighted sum; for
    the smaller payoff any weights summing to 1 do, since ``min <= `` every average).
    ``multipliers`` are the float duals ``(lambda_row, lambda_col)`` of the deviations
    ``i -> k`` (shape ``(m, m)``) and ``j -> l`` (shape ``(n, n)``), in the original payoff
    units. Returns None (and no distribution) when no reading of ``p`` is exactly a
    correlated equilibrium.
    """
    m, n = len(A), len(A[0])

    def objective(q):
        return score(_mean(q, A), _mean(q, B))

    feasible = (
        q
        for q in ([r[i * n : (i + 1) * n] for i in range(m)] for r in probability_readings(p))
        if _is_correlated(A, B, q)
    )
    low, best = _best(feasible, objective)
    if low is None:
        return None, None
    high = None
    for lam_row, lam_col in zip(
        multiplier_readings(multipliers[0]), multiplier_readings(multipliers[1]), strict=True
    ):
        bound = _dual_bound(A, B, weights, _square(lam_row, m), _square(lam_col, n))
        high = bound if high is None else min(high, bound)
        if high == low:
            break
    if high < low:  # weak duality forbids it: the weights or the bound are wrong
        raise RuntimeError(f"correlated-equilibrium bounds cross: {low} > {high}")
    return ValueBounds(low, high), best


def mean_payoff(q: Sequence[Sequence[Fraction]], M: Matrix) -> Fraction:
    """``sum_ij q_ij M_ij`` in rational arithmetic."""
    return _mean(q, M)


def _support(values: np.ndarray) -> list[int]:
    """The entries above a thousandth of the largest: the solver's support."""
    values = np.asarray(values, dtype=float)
    return [int(i) for i in np.flatnonzero(values > values.max() / 1000)]


def _support_solution(P: Matrix, rows: list[int], cols: list[int]) -> list[list[Fraction]]:
    """The strategy ``x`` on ``rows`` that makes every column of ``cols`` pay the same,
    solved exactly (``x_S^T P_{S,T} = v 1``, ``sum x_S = 1``), if it is unique and
    nonnegative; as a list of one reading, or empty."""
    from sim.equilibria.exact import least_unique

    # unknowns x_S and v: sum_i x_i P[i][j] - v = 0 for j in T, sum_i x_i = 1
    system = [[P[i][j] for i in rows] + [Fraction(-1), Fraction(0)] for j in cols]
    system.append([Fraction(1)] * len(rows) + [Fraction(0), Fraction(1)])
    solution = least_unique(system, len(rows) + 1)
    if solution is None or any(v < 0 for v in solution[:-1]):
        return []
    x = [Fraction(0)] * len(P)
    for i, value in zip(rows, solution[:-1], strict=True):
        x[i] = value
    return [x]


def _dual_bound(A, B, weights, lam_row, lam_col) -> Fraction:
    """``max_ij (c_ij - (G^T lambda)_ij)`` for ``c = w_A A + w_B B``."""
    m, n = len(A), len(A[0])
    best = None
    for i in range(m):
        for j in range(n):
            value = weights[0] * A[i][j] + weights[1] * B[i][j]
            value -= sum(lam_row[i][k] * (A[k][j] - A[i][j]) for k in range(m) if k != i)
            value -= sum(lam_col[j][h] * (B[i][h] - B[i][j]) for h in range(n) if h != j)
            best = value if best is None else max(best, value)
    return best


def _is_correlated(A: Matrix, B: Matrix, q) -> bool:
    m, n = len(A), len(A[0])
    for i in range(m):
        for k in range(m):
            if k != i and sum(q[i][j] * (A[k][j] - A[i][j]) for j in range(n)) > 0:
                return False
    for j in range(n):
        for h in range(n):
            if h != j and sum(q[i][j] * (B[i][h] - B[i][j]) for i in range(m)) > 0:
                return False
    return True


def _square(values: list[Fraction], size: int) -> list[list[Fraction]]:
    return [values[r * size : (r + 1) * size] for r in range(size)]


def _mean(q, M) -> Fraction:
    return sum((_dot(qr, Mr) for qr, Mr in zip(q, M, strict=True)), Fraction(0))


def _dot(a, b) -> Fraction:
    return sum((u * v for u, v in zip(a, b, strict=True) if u), Fraction(0))


def _dot_column(x, P: Matrix, j: int) -> Fraction:
    return sum((xi * row[j] for xi, row in zip(x, P, strict=True) if xi), Fraction(0))


def _snap(value: float, limit: int | None) -> Fraction:
    exact = Fraction(value)
    return exact if limit is None else exact.limit_denominator(limit)


def _float_below(value: Fraction) -> float | None:
    """The largest float at most ``value``; None below the float range (no float is)."""
    approx = _float_or_infinity(value)
    if math.isinf(approx):
        return None if approx < 0 else sys.float_info.max
    return approx if Fraction(approx) <= value else math.nextafter(approx, -math.inf)


def _float_above(value: Fraction) -> float | None:
    """The smallest float at least ``value``; None above the float range (no float is)."""
    approx = _float_or_infinity(value)
    if math.isinf(approx):
        return None if approx > 0 else -sys.float_info.max
    return approx if Fraction(approx) >= value else math.nextafter(approx, math.inf)


def _float_or_infinity(value: Fraction) -> float:
    """``float(value)``, or an infinity of its sign when it is beyond the float range (an
    optimum of a sum of payoffs near the float maximum)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
