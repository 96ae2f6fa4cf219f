"""Each player's maxmin (security) value and strategy, by linear programming.

The row player's maxmin value is ``v = max_x min_j sum_i x_i A[i, j]`` over mixed
strategies ``x``; it solves the LP ``max v  s.t.  A^T x >= v 1,  sum x = 1,  x >= 0``
(von Neumann 1928; e.g. Maschler, Solan and Zamir 2013, ch. 5). The column player's is the
same over ``B^T``: ``max_y min_i sum_j y_j B[i, j]``.

The value is certified in rational arithmetic (:mod:`sim.equilibria.lp_certificate`): the
LP's maximiser bounds it from below and its dual, the opponent's minimiser ``y``, from above
(``max_i (P y)_i``); games of more than :data:`CERTIFY_CELLS` cells keep the float value
with no certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from sim.equilibria.lp_certificate import ValueBounds, security_bounds

CERTIFY_CELLS = 1024
"""Largest game (cells) whose maxmin values are certified in rational arithmetic."""


@dataclass(frozen=True)
class Maxmin:
    """A player's security value and a mixed strategy that guarantees it.

    ``bounds`` are exact bounds on the value (None: not certified, a game too large);
    ``exact_strategy`` is a rational strategy that guarantees ``bounds.low``.
    """

    value: float
    strategy: np.ndarray
    bounds: ValueBounds | None = None
    exact_strategy: tuple[Fraction, ...] | None = None


def security_strategy(payoffs: np.ndarray, exact=None) -> Maxmin:
    """Maxmin of the player choosing rows of ``payoffs`` (shape (k, l)), the opponent columns.

    Variables ``(x_1..x_k, v)``; minimise ``-v`` subject to ``v - sum_i x_i P[i, j] <= 0``
    for each column ``j``, ``sum x = 1``, ``x >= 0``, ``v`` free. The LP sees ``P`` divided
    by its largest magnitude (a positive scaling, so the same maximiser), which keeps payoffs
    of any size within the solver's range. ``exact`` is the payoff matrix as fractions
    (default: each float read by :func:`sim.equilibria.exact.to_fraction`), against which
    the value is certified.
    """
    P = np.asarray(payoffs, dtype=float)
    k, n_cols = P.shape
    unit = max(float(np.abs(P).max()), np.finfo(float).tiny)
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-P.T / unit, np.ones((n_cols, 1))])
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    bounds = [(0, None)] * k + [(None, None)]
    result = linprog(
        cost, A_ub=a_ub, b_ub=np.zeros(n_cols), A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
    )
    if not result.success:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"maxmin LP failed: {result.message}")
    strategy = np.clip(result.x[:k], 0.0, None)
    strategy /= strategy.sum()
    if P.size > CERTIFY_CELLS:
        return Maxmin(guaranteed(strategy, P), strategy)
    from sim.equilibria.exact import fraction_matrix

    opponent = -np.asarray(result.ineqlin.marginals, dtype=float)  # the dual: y >= 0
    bounds, exact_x = security_bounds(exact or fraction_matrix(P), strategy, opponent)
    value = float(bounds.exact) if bounds.exact is not None else guaranteed(strategy, P)
    return Maxmin(value, strategy, bounds, tuple(exact_x))


def guaranteed(strategy: np.ndarray, P: np.ndarray) -> float:
    """``min_j sum_i x_i P[i, j]``, the payoff ``strategy`` guarantees, summed in halves and
    kept within ``[min P, max P]`` (an average of payoffs near the float maximum may round
    past it to infinity)."""
    value = 2 * float(np.min(strategy @ (P / 2)))
    return float(np.clip(value, P.min(), P.max()))


def maxmin(game, exact=None) -> tuple[Maxmin, Maxmin]:
    """Both players' maxmin values and strategies for a single game (``exact``: the two
    payoff matrices as fractions, to certify against)."""
    row_exact, col_exact = exact if exact is not None else (None, None)
    col_exact = None if col_exact is None else [list(c) for c in zip(*col_exact, strict=True)]
    return (
        security_strategy(game.row_payoffs, row_exact),
        security_strategy(np.asarray(game.col_payoffs).T, col_exact),
    )
