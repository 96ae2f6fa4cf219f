"""Equilibrium selection helpers: payoff and risk dominance; strict, pure, symmetric.

- Payoff dominance (Harsanyi and Selten 1988, *A General Theory of Equilibrium Selection in
  Games*, section 5.6): an equilibrium payoff-dominates another when it gives every player a
  strictly higher payoff; the payoff-dominant equilibrium dominates all the others.
- Risk dominance for 2x2 games with two strict equilibria (Harsanyi and Selten 1988,
  section 3.9): ``(i, j)`` risk-dominates ``(k, l)`` when the product of the deviation losses
  is larger, ``(A[i,j] - A[k,j]) (B[i,j] - B[i,l]) > (A[k,l] - A[i,l]) (B[k,l] - B[k,j])``;
  equivalently it is the best response to the opponent mixing 50:50 over the two equilibria.
- A strict equilibrium is pure, with each action the unique best response; a symmetric
  equilibrium of a symmetric game (``B = A^T``) has both players use the same strategy.

Payoffs are compared exactly, as the rationals the doubles stand for
(:func:`sim.equilibria.exact.to_fraction`); see :func:`payoff_dominant` for how equilibrium
payoffs are.
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.compare import at_least
from sim.equilibria.exact import fraction_matrix
from sim.equilibria.nash import EquilibriumSet, game_payoffs
from sim.equilibria.pure import strict_equilibrium_mask
from sim.tolerance import RELATIVE_TOLERANCE, payoff_tolerance


def equilibrium_properties(equilibria: EquilibriumSet) -> dict[str, np.ndarray]:
    """For each equilibrium, whether it is ``pure``, ``strict`` and ``symmetric``.

    Returns
    -------
    dict
        Boolean arrays of shape ``(E,)`` under the keys ``"pure"``, ``"strict"``,
        ``"symmetric"``.
    """
    A, B = equilibria.row_payoffs, equilibria.col_payoffs
    row, col = equilibria.row, equilibria.col
    pure = (row.max(axis=1) >= 1 - RELATIVE_TOLERANCE) & (col.max(axis=1) >= 1 - RELATIVE_TOLERANCE)
    strict_cells = strict_equilibrium_mask(A, B)
    strict = pure & strict_cells[row.argmax(axis=1), col.argmax(axis=1)]
    symmetric = np.zeros(len(row), dtype=bool)
    if A.shape[0] == A.shape[1] and np.all(at_least(B, A.T) & at_least(A.T, B)):
        symmetric = np.all(np.abs(row - col) <= RELATIVE_TOLERANCE, axis=1)
    return {"pure": pure, "strict": strict, "symmetric": symmetric}


def payoff_dominant(equilibria: EquilibriumSet) -> int | None:
    """Index of the equilibrium that payoff-dominates every other one, or None.

    Decided on the exact equilibrium payoffs when the set has them (exact mode). In float
    mode a comparison that is clear by more than :func:`~sim.tolerance.payoff_tolerance`
    is taken as it is; one closer than that (a game whose payoffs spread over many orders
    of magnitude) is decided on the exact payoffs of the exact enumeration, for games
    small enough for it, and reported as no payoff-dominant equilibrium otherwise.
    """
    if equilibria.exact_payoffs is not None:
        return _exact_dominant(list(equilibria.exact_payoffs))
    payoffs = equilibria.payoffs
    tol = np.array(
        [payoff_tolerance(equilibria.row_payoffs), payoff_tolerance(equilibria.col_payoffs)]
    )
    for k in range(len(payoffs)):
        margins = payoffs[k] - np.delete(payoffs, k, axis=0)
        if np.all(margins > tol):
            return k
        if np.any(margins < -tol):
            continue  # clearly not dominant: another equilibrium pays someone more
        exact = _exact_payoffs_of(equilibria)  # a close call: settle it exactly
        return None if exact is None else _exact_dominant(exact)
    return None


def _exact_dominant(payoffs: list) -> int | None:
    """The index whose exact payoffs exceed every other one's for both players, or None."""
    for k, (row, col) in enumerate(payoffs):
        if all(row > r and col > c for j, (r, c) in enumerate(payoffs) if j != k):
            return k
    return None


def _exact_payoffs_of(equilibria: EquilibriumSet) -> list | None:
    """The exact payoffs of the equilibria, in their order, from the exact enumeration of
    a game small enough for it (the float mode's list of such a game is that enumeration's
    own, rounded); None for a larger game."""
    from sim.equilibria.exact import EXACT_BASES, basis_total
    from sim.equilibria.nash import nash_equilibria

    A, B = equilibria.row_payoffs, equilibria.col_payoffs
    if basis_total(*A.shape) > EXACT_BASES:
        return None
    exact = nash_equilibria((A, B), exact=True)
    same = (
        len(exact) == len(equilibria)
        and np.allclose(exact.row, equilibria.row)
        and (np.allclose(exact.col, equilibria.col))
    )
    return list(exact.exact_payoffs) if same else None


def risk_dominant(game) -> tuple[int, int] | None:
    """The risk-dominant pure equilibrium ``(i, j)`` of a 2x2 game with two strict ones.

    Returns None when the game does not have exactly two strict equilibria or when the two
    Nash products of deviation losses tie.

    Raises
    ------
    ValueError
        If the game is not 2x2.
    """
    A, B = game_payoffs(game)
    if A.shape != (2, 2):
        raise ValueError("risk dominance is defined here for 2x2 games")
    strict = list(zip(*np.nonzero(strict_equilibrium_mask(A, B)), strict=True))
    if len(strict) != 2:
        return None
    (i, j), (k, h) = strict
    P, Q = (fraction_matrix(M) for M in (A, B))
    first = (P[i][j] - P[k][j]) * (Q[i][j] - Q[i][h])
    second = (P[k][h] - P[i][h]) * (Q[k][h] - Q[k][j])
    if first == second:
        return None
    return (int(i), int(j)) if first > second else (int(k), int(h))
