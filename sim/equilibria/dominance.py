"""Iterated elimination of strictly dominated actions, by pure and by mixed strategies.

An action ``i`` of the row player is strictly dominated, among the surviving rows ``R`` and
columns ``C``, when some mixed strategy ``s`` over ``R \\ {i}`` earns strictly more against
every surviving column: ``sum_k s_k A[k, j] > A[i, j]`` for all ``j`` in ``C``. We find the
largest margin ``e`` with the LP ``max e  s.t.  sum_k s_k A[k, j] >= A[i, j] + e,
sum s = 1, s >= 0`` (scipy HiGHS). With pure strategies only, ``s`` is restricted to the
vertices. The survivors of iterated strict dominance do not depend on the order of
elimination (Gilboa, Kalai and Zemel 1990; Fudenberg and Tirole 1991, sec. 2.1).

Every decision is certified in exact arithmetic (payoffs read as in
:mod:`sim.equilibria.compare`): a domination by the LP's witness ``s``, taken as the exact
rationals of its doubles, is checked exactly; a non-domination by the LP's dual, a belief
``y`` over the columns against which ``i`` is a best response (Pearce 1984, lemma 3: in a
two-player game an action is strictly dominated exactly when it is never a best response),
checked exactly too. A decision neither certificate confirms is reported as uncertified.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from sim.equilibria.compare import at_least, greater
from sim.equilibria.exact import to_fraction
from sim.tolerance import SUPPORT_CUT


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
    certified: bool = True


def dominating_strategy(
    payoffs: np.ndarray,
    action: int,
    others: list[int],
    columns: list[int],
    mixed: bool = True,
    exact_payoffs: list[list[Fraction]] | None = None,
) -> tuple[dict[int, float] | None, bool]:
    """A strategy over ``others`` that strictly dominates ``action`` on ``columns``, or None,
    and whether that answer is certified exactly.

    ``payoffs`` is the deciding player's matrix with its own actions on the rows;
    ``exact_payoffs`` the same read as rationals, if already computed.
    """
    if not others:
        return None, True
    P = np.asarray(payoffs, dtype=float)[:, columns]
    target = P[action]
    # pure domination first: cheaper and gives the simplest witness (the first in `others`)
    dominating = np.flatnonzero(np.all(greater(P[others], target[None, :]), axis=1))
    if dominating.size:
        return {others[int(dominating[0])]: 1.0}, True
    if not mixed or len(others) < 2:
        return None, True
    if np.any(np.all(at_least(target[None, :], P[others]), axis=0)):
        return None, True  # a best response to some pure column: never dominated
    sub = P[others]  # (r, c)
    r = len(others)
    unit = max(float(np.abs(P).max()), np.finfo(float).tiny)
    cost = np.zeros(r + 1)
    cost[-1] = -1.0  # maximise the margin e
    a_ub = np.hstack([-sub.T / unit, np.ones((len(columns), 1))])  # e - s.P[:, j] <= -A[i, j]
    a_eq = np.hstack([np.ones((1, r)), np.zeros((1, 1))])
    bounds = [(0, None)] * r + [(None, None)]
    result = linprog(
        cost, A_ub=a_ub, b_ub=-target / unit, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
    )
    if not result.success:
        return None, False
    if exact_payoffs is None:
        exact = [[to_fraction(v) for v in row] for row in P]
    else:
        exact = [[row[j] for j in columns] for row in exact_payoffs]
    weights = np.clip(result.x[:r], 0.0, None)
    if -result.fun > 0 and _dominates(exact, action, others, weights):
        weights /= weights.sum()
        return {k: float(w) for k, w in zip(others, weights, strict=True) if w > SUPPORT_CUT}, True
    belief = np.clip(-result.ineqlin.marginals, 0.0, None)
    return None, _best_response_to(exact, action, others, belief)


def _dominates(exact, action, others, weights) -> bool:
    """Exactly: does the mixture ``weights`` over ``others`` earn more on every column?"""
    mixture = [(Fraction(float(w)), k) for w, k in zip(weights, others, strict=True) if w > 0]
    total = sum(w for w, _ in mixture)
    if total == 0:
        return False
    return all(
        sum(w * exact[k][j] for w, k in mixture) > total * exact[action][j]
        for j in range(len(exact[action]))
    )


def _best_response_to(exact, action, others, belief) -> bool:
    """Exactly: is ``action`` a best response among ``others`` to the belief over columns?"""
    for y in (
        [Fraction(float(v)) for v in belief],
        [Fraction(float(v)).limit_denominator(10**9) for v in belief],
    ):
        support = [(j, p) for j, p in enumerate(y) if p]  # the columns the belief weighs
        if not support:
            continue
        value = sum(p * exact[action][j] for j, p in support)
        if all(sum(p * exact[k][j] for j, p in support) <= value for k in others):
            return True
    return False


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
    exact = [[[to_fraction(v) for v in row] for row in M] for M in matrices]
    certified = True
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
                witness, settled = dominating_strategy(
                    matrices[player], action, rest, other, mixed, exact[player]
                )
                certified &= settled
                if witness is not None:
                    own.remove(action)
                    eliminated.append(Elimination(player, action, round_number, witness))
                    changed = True
    return DominanceResult((tuple(alive[0]), tuple(alive[1])), tuple(eliminated), certified)


def dominance(game, mixed: bool = True) -> DominanceResult:
    """Alias of :func:`iterated_elimination` for the public API."""
    return iterated_elimination(game, mixed)
