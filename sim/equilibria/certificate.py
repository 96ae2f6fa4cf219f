"""Exact certificate of one vertex of a best-response polytope proposed by floating point.

For positive integer payoffs ``N`` (``d x e``, :func:`sim.equilibria.exact.positive_integers`)
the polytope is ``P = {x >= 0 : N^T x <= 1}`` (von Stengel 2002, Handbook of Game Theory
vol. 3, ch. 45, section 3). A label set names a vertex: ``x_i = 0`` for labelled rows and
``(N^T x)_j = 1`` for labelled columns. :func:`certify_vertex` solves the square system of
the support ``S`` and the first ``|S|`` tight columns in integers, ``x = numerators / det``
(:func:`square_solve`: a null vector of the differences of the equations, written out for
up to four unknowns, by fraction-free elimination beyond), and recomputes every label from
it: the vertex is confirmed only if ``numerators > 0`` on ``S`` and ``N_S^T numerators``
equals ``det`` exactly on the labelled columns and is below it on the others. No floating
point takes part.
"""

from __future__ import annotations

import math
from fractions import Fraction
from operator import mul

from sim.equilibria.exact import exact_labels, least_unique


def certify_vertex(N: list[list[int]], labels: int) -> tuple[list[int], int] | None:
    """The exact vertex of ``{x >= 0, N^T x <= 1}`` with label set ``labels`` as integers
    ``weights / det`` (``det > 0``), or None.

    Solves ``x_i = 0`` for labelled rows and ``(N^T x)_j = 1`` for labelled columns exactly;
    returns the point only if the system has a unique solution, the point is feasible and
    its exact label set is ``labels``.
    """
    d, e = len(N), len(N[0])
    support, tight = support_and_tight(labels, d, e)
    k = len(support)
    if not k or len(tight) < k:
        return None
    rows = [N[i] for i in support]
    solved = square_solve(rows, tight[:k])  # first try a square part
    if solved is None:
        return _overdetermined(N, labels, support, tight)
    numerators, det = solved
    if min(numerators) <= 0:
        return None  # a zero weight is one label more, a negative one is outside P
    values = rows[0]  # det (N^T x)_j; for k = 1 the numerator is 1
    if k > 1:
        values = [numerators[0] * v for v in values]
        for weight, row in zip(numerators[1:], rows[1:], strict=True):
            values = [a + weight * b for a, b in zip(values, row, strict=True)]
    if max(values) > det:
        return None  # outside P
    # the first k tight columns hold det by construction; exactly the tight ones may
    if values.count(det) != len(tight) or any(values[j] != det for j in tight[k:]):
        return None  # the unique solution of a subsystem has other labels
    weights = [0] * d
    for i, value in zip(support, numerators, strict=True):
        weights[i] = value
    return weights, det


def support_and_tight(labels: int, d: int, e: int) -> tuple[list[int], list[int]]:
    """The unlabelled rows (the support) and the labelled columns (the tight ones) of a
    label set of ``{x >= 0, N^T x <= 1}`` with ``N`` of shape ``d x e``."""
    support = [i for i in range(d) if not labels >> i & 1]
    return support, [j for j in range(e) if labels >> (d + j) & 1]


def square_solve(rows: list[list[int]], cols: list[int]) -> tuple[list[int], int] | None:
    """Solve ``sum_a x_a rows[a][cols[b]] = 1`` (``b`` over ``cols``) exactly:
    ``x = numerators / det`` with ``det > 0`` the absolute determinant, or None if singular.

    Subtracting equation 0 from the others leaves ``sum_a x_a w_a = 0`` with
    ``w_a = (r_a[b] - r_a[0])_{b > 0}`` (``r_a`` the coefficients of ``x_a``), whose
    solutions are the multiples of one null vector ``c`` when the system is regular; then
    ``det = sum_a r_a[0] c_a`` (up to sign, Laplace expansion along equation 0 of the
    matrix with the differences, which has the same determinant) and ``x = c / det``. For up
    to four unknowns ``c`` is the generalised cross product ``c_a = (-1)^a det(w without
    w_a)``, written out; beyond, it comes from fraction-free Gauss-Jordan elimination
    (Bareiss 1968, "Sylvester's identity and multistep integer-preserving Gaussian
    elimination", Math. Comp. 22: every intermediate entry is a minor, so each division is
    exact). Either way ``numerators = det x``."""
    k = len(rows)
    if k == 1:
        value = rows[0][cols[0]]
        return None if value == 0 else ([1 if value > 0 else -1], abs(value))
    r = [[row[j] for j in cols] for row in rows]
    w = [[v - row[0] for v in row[1:]] for row in r]
    c = _cross(w) if k <= 4 else _null_vector(w)
    if c is None:
        return _gauss_jordan(r)
    det = sum(map(mul, c, (row[0] for row in r)))
    if det == 0:
        return None
    return (c, det) if det > 0 else ([-v for v in c], -det)


def _cross(w: list[list[int]]) -> list[int]:
    """The generalised cross product of two to four vectors ``w_a`` of length ``k - 1``."""
    if len(w) == 2:
        return [w[1][0], -w[0][0]]
    if len(w) == 3:
        (p0, q0), (p1, q1), (p2, q2) = w
        return [p1 * q2 - p2 * q1, p2 * q0 - p0 * q2, p0 * q1 - p1 * q0]
    (p0, q0, t0), (p1, q1, t1), (p2, q2, t2), (p3, q3, t3) = w
    m01, m02, m03 = q0 * t1 - q1 * t0, q0 * t2 - q2 * t0, q0 * t3 - q3 * t0
    m12, m13, m23 = q1 * t2 - q2 * t1, q1 * t3 - q3 * t1, q2 * t3 - q3 * t2
    return [
        p1 * m23 - p2 * m13 + p3 * m12,
        p2 * m03 - p0 * m23 - p3 * m02,
        p0 * m13 - p1 * m03 + p3 * m01,
        p1 * m02 - p0 * m12 - p2 * m01,
    ]


def _null_vector(w: list[list[int]]) -> list[int] | None:
    """A null vector ``c`` of ``sum_a c_a w_a = 0`` with ``c_last = D``, ``D`` the
    determinant of the other ``w_a``: Gauss-Jordan on ``[w_0 .. w_{k-2} | -w_{k-1}]``; None if
    ``D = 0``."""
    k = len(w)
    solved = _eliminate([[w[a][b] for a in range(k - 1)] + [-w[k - 1][b]] for b in range(k - 1)])
    if solved is None:
        return None
    work, D = solved
    return [row[k - 1] for row in work] + [D]


def _gauss_jordan(r: list[list[int]]) -> tuple[list[int], int] | None:
    """:func:`square_solve` on the system itself (``r[a][b]`` the coefficient of ``x_a`` in
    equation ``b``)."""
    k = len(r)
    solved = _eliminate([[row[b] for row in r] + [1] for b in range(k)])
    if solved is None:
        return None
    work, D = solved
    sign = 1 if D > 0 else -1
    return [sign * work[a][k] for a in range(k)], sign * D


def _eliminate(work: list[list[int]]) -> tuple[list[list[int]], int] | None:
    """Fraction-free Gauss-Jordan elimination of the ``k`` rows of ``[M | b]`` in place: the
    last column becomes ``det(M) M^{-1} b``; returns it with ``det(M)`` (the last pivot, up
    to the sign of the row swaps that the rows carry), or None if ``M`` is singular."""
    k = len(work)
    previous = 1
    for step in range(k):
        pivot = next((r for r in range(step, k) if work[r][step] != 0), None)
        if pivot is None:
            return None
        work[step], work[pivot] = work[pivot], work[step]
        head = work[step]
        p = head[step]
        tail = head[step + 1 :]
        for r in range(k):  # columns up to ``step`` are never read again
            if r != step:
                row = work[r]
                factor = row[step]
                row[step + 1 :] = [
                    (p * a - factor * b) // previous
                    for a, b in zip(row[step + 1 :], tail, strict=True)
                ]
        previous = p
    return work, previous


def _overdetermined(N, labels: int, support: list[int], tight: list[int]):
    """:func:`certify_vertex` when the first square part is singular: the unique solution
    of every tight equation, in fractions, or None."""
    d = len(N)
    system = [[Fraction(N[i][j]) for i in support] + [Fraction(1)] for j in tight]
    solution = least_unique(system, len(support))
    if solution is None:
        return None
    point = [Fraction(0)] * d
    for i, value in zip(support, solution, strict=True):
        point[i] = value
    if exact_labels(N, tuple(point)) != labels:
        return None
    det = math.lcm(*(v.denominator for v in point))
    return [int(v * det) for v in point], det
