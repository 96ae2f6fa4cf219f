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

Payoffs are compared within :func:`sim.tolerance.payoff_tolerance`.
"""

from __future__ import annotations

import numpy as np

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
    if A.shape[0] == A.shape[1] and np.all(np.abs(B - A.T) <= payoff_tolerance(A)):
        symmetric = np.all(np.abs(row - col) <= RELATIVE_TOLERANCE, axis=1)
    return {"pure": pure, "strict": strict, "symmetric": symmetric}


def payoff_dominant(equilibria: EquilibriumSet) -> int | None:
    """Index of the equilibrium that payoff-dominates every other one, or None."""
    payoffs = equilibria.payoffs
    tol = np.array(
        [payoff_tolerance(equilibria.row_payoffs), payoff_tolerance(equilibria.col_payoffs)]
    )
    for k in range(len(payoffs)):
        others = np.delete(payoffs, k, axis=0)
        if np.all(payoffs[k] - others > tol):
            return k
    return None


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
    first = (A[i, j] - A[k, j]) * (B[i, j] - B[i, h])
    second = (A[k, h] - A[i, h]) * (B[k, h] - B[k, j])
    tol = payoff_tolerance(A) * payoff_tolerance(B) / RELATIVE_TOLERANCE
    if abs(first - second) <= tol:
        return None
    return (int(i), int(j)) if first > second else (int(k), int(h))
