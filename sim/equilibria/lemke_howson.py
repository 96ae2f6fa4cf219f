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

Each polytope is held as a dictionary (Dantzig 1963, ch. 8; Chvatal 1983, ch. 2): one row
per basic variable, one column per nonbasic one and the right-hand side, so a pivot updates
``rows x (nonbasic + 1)`` numbers, half of the full tableau ``[M | I | 1]``. The column of a
basic slack in the inverse basis, needed by the lexicographic test, is a unit vector.

Each of the ``m + n`` starting labels gives an equilibrium (not necessarily distinct), but
path lengths differ by orders of magnitude between labels (28 and 60,000 pivots in one
random 200 x 200 game). :func:`lemke_howson_race` follows several paths in lockstep, one
pivot each in turn, and stops at the first that ends, so one equilibrium costs about the
number of paths times the shortest of them. A path is cut after ``max_pivots`` pivots
(exponentially long paths exist, Savani and von Stengel 2006).
"""

from __future__ import annotations

import numba
import numpy as np

from sim.equilibria.dictionary import exchange


@numba.njit(cache=True)
def _lex_value(T, row, position) -> float:
    """Entry ``row`` of the inverse-basis column of the variable at ``position`` (a
    dictionary column if nonbasic, ``-1 - row`` of its basic row otherwise)."""
    if position >= 0:
        return T[row, position]
    return 1.0 if -1 - position == row else 0.0


@numba.njit(cache=True)
def _ratio_row(T, column, position, slack0, tol) -> int:
    """Leaving row for ``column`` by the lexico-minimum ratio test; -1 if unbounded. The
    slacks (labels ``slack0 ..``, one per row) give the inverse basis."""
    rows, width = T.shape
    best = -1
    for r in range(rows):
        a = T[r, column]
        if a <= tol:
            continue
        if best < 0:
            best = r
            continue
        b = T[best, column]
        ra = T[r, width - 1] / a
        rb = T[best, width - 1] / b
        slack = tol * max(1.0, abs(rb))
        if ra < rb - slack:
            best = r
        elif ra <= rb + slack:
            for j in range(rows):
                p = position[slack0 + j]
                va = _lex_value(T, r, p) / a
                vb = _lex_value(T, best, p) / b
                if va < vb - tol:
                    best = r
                    break
                if va > vb + tol:
                    break
    return best


@numba.njit(cache=True)
def _enter(T, basic, position, label, slack0, tol, pivot_copy) -> int:
    """Bring the nonbasic variable ``label`` into the basis; the label that leaves, or -1.
    ``pivot_copy`` is work space for :func:`~sim.equilibria.dictionary.exchange`."""
    column = position[label]
    row = _ratio_row(T, column, position, slack0, tol)
    if row < 0:
        return -1
    exchange(T, row, column, pivot_copy)
    leaving = basic[row]
    basic[row] = label
    position[label] = -1 - row
    position[leaving] = column
    return leaving


@numba.njit(cache=True)
def _start(An, Bn, P, Q, basic_p, basic_q, position_p, position_q) -> None:
    """The dictionaries at ``(0, 0)``: every slack basic. P's rows are the slacks ``s_j``
    (labels ``m + j``), its columns ``x_i`` (labels ``i``); Q's rows the slacks ``r_i``
    (labels ``i``), its columns ``y_j`` (labels ``m + j``)."""
    m, n = An.shape
    for j in range(n):
        for i in range(m):
            P[j, i] = Bn[i, j]
        P[j, m] = 1.0
        basic_p[j] = m + j
        position_p[m + j] = -1 - j
    for i in range(m):
        for j in range(n):
            Q[i, j] = An[i, j]
        Q[i, n] = 1.0
        basic_q[i] = i
        position_q[i] = -1 - i
        position_p[i] = i
    for j in range(n):
        position_q[m + j] = j


@numba.njit(cache=True)
def lemke_howson_race(An, Bn, labels, tol, max_pivots):
    """The paths from the starting ``labels``, one pivot each in turn, until one ends.

    ``An``, ``Bn`` are positive ``(m, n)`` payoffs. Returns ``x, y, winner, pivots``: the
    unnormalised end point of the first path to end, its index in ``labels`` and its
    pivots; zeros, -1 and 0 if every path was cut after ``max_pivots`` pivots or broke off.
    """
    m, n = An.shape
    K = labels.shape[0]
    P = np.empty((K, n, m + 1))
    Q = np.empty((K, m, n + 1))
    basic_p = np.empty((K, n), np.int64)
    basic_q = np.empty((K, m), np.int64)
    position_p = np.empty((K, m + n), np.int64)
    position_q = np.empty((K, m + n), np.int64)
    for k in range(K):
        _start(An, Bn, P[k], Q[k], basic_p[k], basic_q[k], position_p[k], position_q[k])
    entering = labels.copy()
    alive = np.ones(K, np.bool_)
    pivot_copy = np.empty(max(m, n) + 1)  # a row of P or of Q
    for step in range(max_pivots):
        running = False
        for k in range(K):
            if not alive[k]:
                continue
            running = True
            if (labels[k] < m) == (step % 2 == 0):  # a path dropping a row label starts in P
                leaving = _enter(P[k], basic_p[k], position_p[k], entering[k], m, tol, pivot_copy)
            else:
                leaving = _enter(Q[k], basic_q[k], position_q[k], entering[k], 0, tol, pivot_copy)
            if leaving < 0:
                alive[k] = False
            elif leaving == labels[k]:
                return _end_point(P[k], Q[k], basic_p[k], basic_q[k], m, n) + (k, step + 1)
            else:
                entering[k] = leaving
        if not running:
            break
    return np.zeros(m), np.zeros(n), -1, 0


@numba.njit(cache=True)
def _end_point(P, Q, basic_p, basic_q, m, n):
    x = np.zeros(m)
    y = np.zeros(n)
    for r in range(n):
        if basic_p[r] < m:
            x[basic_p[r]] = max(P[r, m], 0.0)
    for r in range(m):
        if basic_q[r] >= m:
            y[basic_q[r] - m] = max(Q[r, n], 0.0)
    return x, y


def lemke_howson_path(An, Bn, label, tol, max_pivots):
    """One Lemke-Howson path from ``(0, 0)`` dropping ``label`` (``0 <= label < m + n``).

    Returns ``x, y, pivots``: the unnormalised end point (zeros if the path was cut) and
    the pivots taken (negative if cut).
    """
    x, y, winner, pivots = lemke_howson_race(An, Bn, np.array([label]), tol, max_pivots)
    return (x, y, pivots) if winner == 0 else (x, y, -max_pivots)
