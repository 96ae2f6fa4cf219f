"""One equilibrium fast: the Lemke-Howson algorithm from every starting label (compiled).

With both players' payoffs positive, the best-response polytopes are
``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``. Starting at ``(0, 0)`` and
dropping label ``k``, complementary pivoting alternates between the two polytopes: each
step enters the variable whose label was just picked up twice (its complement), removes the
leaving one by the minimum-ratio test, and stops when label ``k`` is picked up again; the
end is a completely labelled pair, an equilibrium (Lemke and Howson 1964, "Equilibrium
points of bimatrix games", SIAM J. Appl. Math. 12; von Stengel 2002, Handbook of Game
Theory vol. 3, ch. 45, algorithm 3.4). Ties in the ratio test are broken lexicographically
against the columns of the inverse basis (the lexico-minimum ratio test, von Stengel 2002,
section 3.6), which makes the path well defined in degenerate games too.

Each of the ``m + n`` starting labels gives an equilibrium (not necessarily distinct);
:func:`lemke_howson_all` runs them all and returns the distinct ones. A path is cut after
``max_pivots`` pivots (exponentially long paths exist, Savani and von Stengel 2006).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def _ratio_row(tableau, column, lex_from, tol) -> int:
    """Leaving row for ``column`` by the lexico-minimum ratio test; -1 if unbounded."""
    rows, width = tableau.shape
    best = -1
    for r in range(rows):
        if tableau[r, column] <= tol:
            continue
        if best < 0:
            best = r
            continue
        a = tableau[r, width - 1] / tableau[r, column]
        b = tableau[best, width - 1] / tableau[best, column]
        if a < b - tol * max(1.0, abs(b)):
            best = r
        elif a <= b + tol * max(1.0, abs(b)):
            for c in range(lex_from, lex_from + rows):  # the slack columns: B^-1
                a = tableau[r, c] / tableau[r, column]
                b = tableau[best, c] / tableau[best, column]
                if a < b - tol:
                    best = r
                    break
                if a > b + tol:
                    break
    return best


@numba.njit(cache=True)
def _pivot(tableau, row, column) -> None:
    rows, width = tableau.shape
    inverse = 1.0 / tableau[row, column]
    for c in range(width):
        tableau[row, c] *= inverse
    for r in range(rows):
        factor = tableau[r, column]
        if r != row and factor != 0.0:
            for c in range(width):
                tableau[r, c] -= factor * tableau[row, c]


@numba.njit(cache=True)
def lemke_howson_path(An, Bn, label, tol, max_pivots):
    """One Lemke-Howson path from ``(0, 0)`` dropping ``label`` (``0 <= label < m + n``).

    ``An``, ``Bn`` are positive ``(m, n)`` payoffs. Tableau P is ``[B^T | I | 1]`` over
    ``x_i`` (label ``i``, column ``i``) and the slacks ``s_j`` of ``B^T x <= 1`` (label
    ``m + j``, column ``m + j``); tableau Q is ``[A | I | 1]`` over ``y_j`` (label
    ``m + j``, column ``j``) and the slacks ``r_i`` of ``A y <= 1`` (label ``i``, column
    ``n + i``). Each step enters, in the other polytope, the variable with the label that
    has just left.

    Returns
    -------
    x, y, pivots
        Unnormalised end point (zeros if the path was cut) and the pivots taken (negative
        if cut).
    """
    m, n = An.shape
    P = np.zeros((n, m + n + 1))
    Q = np.zeros((m, n + m + 1))
    for j in range(n):
        for i in range(m):
            P[j, i] = Bn[i, j]
        P[j, m + j] = 1.0
        P[j, m + n] = 1.0
    for i in range(m):
        for j in range(n):
            Q[i, j] = An[i, j]
        Q[i, n + i] = 1.0
        Q[i, n + m] = 1.0
    basis_p = np.arange(m, m + n)  # labels of the basic variables: the slacks s_j
    basis_q = np.arange(m)  # the slacks r_i
    entering = label
    in_p = label < m
    for step in range(max_pivots):
        if in_p:
            column = entering
            row = _ratio_row(P, column, m, tol)
            if row < 0:
                break
            _pivot(P, row, column)
            leaving = basis_p[row]
            basis_p[row] = entering
        else:
            column = entering - m if entering >= m else n + entering
            row = _ratio_row(Q, column, n, tol)
            if row < 0:
                break
            _pivot(Q, row, column)
            leaving = basis_q[row]
            basis_q[row] = entering
        if leaving == label:
            x = np.zeros(m)
            y = np.zeros(n)
            for r in range(n):
                if basis_p[r] < m:
                    x[basis_p[r]] = max(P[r, m + n], 0.0)
            for r in range(m):
                if basis_q[r] >= m:
                    y[basis_q[r] - m] = max(Q[r, n + m], 0.0)
            return x, y, step + 1
        entering = leaving
        in_p = not in_p
    return np.zeros(m), np.zeros(n), -max_pivots


@numba.njit(cache=True)
def lemke_howson_all(An, Bn, tol, max_pivots):
    """The end points of the paths from every starting label: ``(m + n, m)``, ``(m + n, n)``
    normalised strategies and the pivots of each path (negative where cut)."""
    m, n = An.shape
    xs = np.zeros((m + n, m))
    ys = np.zeros((m + n, n))
    pivots = np.zeros(m + n, np.int64)
    for label in range(m + n):
        x, y, steps = lemke_howson_path(An, Bn, label, tol, max_pivots)
        pivots[label] = steps
        if steps > 0 and x.sum() > 0 and y.sum() > 0:
            xs[label] = x / x.sum()
            ys[label] = y / y.sum()
    return xs, ys, pivots
