"""Iterated elimination of strictly dominated actions, by pure and by mixed strategies.

An action ``i`` of the row player is strictly dominated, among the surviving rows ``R`` and
columns ``C``, when some mixed strategy ``s`` over ``R \\ {i}`` earns strictly more against
every surviving column: ``sum_k s_k A[k, j] > A[i, j]`` for all ``j`` in ``C``. We find the
largest margin ``e`` with the LP ``max e  s.t.  sum_k s_k A[k, j] >= A[i, j] + e,
sum s = 1, s >= 0`` (scipy HiGHS) and call ``i`` dominated when ``e`` exceeds the
tolerance. With pure strategies only, ``s`` is restricted to the vertices. The survivors of
iterated strict dominance do not depend on the order of elimination (Gilboa, Kalai and
Zemel 1990; Fudenberg and Tirole 1991, sec. 2.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from sim.tolerance import payoff_tolerance


@dataclass(frozen=True)
class Elimination:
    """One eliminated action: which player, which action, in which round, dominated by what."""

    player: int
    action: int
    round: int
    by: dict[int, float]  # action index -> probability of the dominating strategy


@dataclass(frozen=True)
class DominanceResult:
    """Surviving actions of each player and the eliminations in order."""

    surviving: tuple[tuple[int, ...], tuple[int, ...]]
    eliminated: tuple[Elimination, ...]


def dominating_strategy(
    payoffs: np.ndarray,
    action: int,
    others: list[int],
    columns: list[int],
    tol: float,
    mixed: bool = True,
) -> dict[int, float] | None:
    """A strategy over ``others`` that strictly dominates ``action`` on ``columns``, or None.

    ``payoffs`` is the deciding player's matrix with its own actions on the rows.
    """
    if not others:
        return None
    P = np.asarray(payoffs, dtype=float)[:, columns]
    target = P[action]
    for k in others:  # pure domination first: cheaper and gives the simplest witness
        if np.all(P[k] > target + tol):
            return {k: 1.0}
    if not mixed or len(others) < 2:
        return None
    sub = P[others]  # (r, c)
    r = len(others)
    cost = np.zeros(r + 1)
    cost[-1] = -1.0  # maximise the margin e
    a_ub = np.hstack([-sub.T, np.ones((len(columns), 1))])  # e - s.P[:, j] <= -A[i, j]
    a_eq = np.hstack([np.ones((1, r)), np.zeros((1, 1))])
    bounds = [(0, None)] * r + [(None, None)]
    result = linprog(
        cost, A_ub=a_ub, b_ub=-target, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
    )
    if not result.success or -result.fun <= tol:
        return None
    weights = np.clip(result.x[:r], 0.0, None)
    weights /= weights.sum()
    return {k: float(w) for k, w in zip(others, weights, strict=True) if w > 1e-12}


def iterated_elimination(game, mixed: bool = True) -> DominanceResult:
    """Iteratively remove strictly dominated actions of both players from a single game.

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game`.
    mixed
        Also test domination by mixed strategies (LP); otherwise by pure strategies only.
    """
    A = np.asarray(game.row_payoffs, dtype=float)
    B = np.asarray(game.col_payoffs, dtype=float).T  # column player's actions on the rows
    matrices = (A, B)
    tolerances = (float(payoff_tolerance(A)), float(payoff_tolerance(B)))
    alive = [list(range(A.shape[0])), list(range(A.shape[1]))]
    eliminated: list[Elimination] = []
    round_number = 0
    changed = True
    while changed:
        changed = False
        round_number += 1
        for player in (0, 1):
            own, other = alive[player], alive[1 - player]
            for action in list(own):
                rest = [k for k in own if k != action]
                witness = dominating_strategy(
                    matrices[player], action, rest, other, tolerances[player], mixed
                )
                if witness is not None:
                    own.remove(action)
                    eliminated.append(Elimination(player, action, round_number, witness))
                    changed = True
    return DominanceResult((tuple(alive[0]), tuple(alive[1])), tuple(eliminated))


def dominance(game, mixed: bool = True) -> DominanceResult:
    """Alias of :func:`iterated_elimination` for the public API."""
    return iterated_elimination(game, mixed)
