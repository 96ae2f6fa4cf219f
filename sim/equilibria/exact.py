"""Exact extreme equilibria in rational arithmetic (``fractions.Fraction``).

The same method as :mod:`sim.equilibria.batch` (completely labelled vertex pairs of the
best-response polytopes; Avis, Rosenberg, Savani and von Stengel 2010), with every vertex
solved, checked and labelled exactly. Floating point only proposes the bases: every basis
whose floating-point solution lies within ``SCREEN`` of the polytope is solved exactly, so a
vertex is missed only if rounding errs by more than ``SCREEN``, far beyond double precision
for payoffs of moderate size. Payoffs given as floats are read by :func:`to_fraction`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from sim.equilibria.polytope import basis_indices, polytope_vertices

SCREEN = 1e-6
"""Loose tolerance with which floating point screens the bases to solve exactly."""

Matrix = list[list[Fraction]]


ULPS = 4
"""A float within this many units in the last place of a simple fraction is read as it."""


def to_fraction(value) -> Fraction:
    """``value`` as a fraction.

    Ints and fractions are taken as they are. A float is read as the simplest fraction with
    denominator up to 10^6 that lies within ``ULPS`` units in the last place of it (so
    ``0.1`` is 1/10 and ``-1 - (1 - 0.8) * 10``, computed as -2.9999999999999996, is -3), and
    otherwise as its exact binary value.
    """
    if isinstance(value, Fraction | int | np.integer):
        return Fraction(int(value)) if isinstance(value, np.integer) else Fraction(value)
    value = float(value)
    simple = Fraction(value).limit_denominator(10**6)
    if abs(float(simple) - value) <= ULPS * math.ulp(value):
        return simple
    return Fraction(value)


def fraction_matrix(values) -> Matrix:
    """A 2-D array-like as a list of lists of fractions (see :func:`to_fraction`)."""
    return [[to_fraction(v) for v in row] for row in np.asarray(values, dtype=object)]


def exact_vertices(M: Matrix) -> dict[int, tuple[Fraction, ...]]:
    """Vertices of ``{x >= 0, M'^T x <= 1}``, with ``M'`` the payoffs ``M`` mapped onto
    ``[1, 2]``, keyed by label mask (bit ``i``: ``x_i = 0``; bit ``d + j``: column ``j`` tight).
    """
    d, e = len(M), len(M[0])
    M = _normalised(M)
    floats = np.array([[float(v) for v in row] for row in M])[None]
    _, _, feasible = polytope_vertices(floats, tol=SCREEN)
    bases = [
        (tuple(r), tuple(c))
        for rows, cols in basis_indices(d, e)
        for r, c in zip(rows, cols, strict=True)
    ]
    vertices: dict[int, tuple[Fraction, ...]] = {}
    for index in np.flatnonzero(feasible[0]):
        rows, cols = bases[index]
        point = _basis_point(M, rows, cols)
        if point is not None:
            labels = _exact_labels(M, point)
            if labels is not None:
                vertices[labels] = point
    return dict(sorted(vertices.items()))


def exact_equilibria(A: Matrix, B: Matrix):
    """Extreme equilibria of ``(A, B)`` in exact arithmetic.

    Returns
    -------
    equilibria, degenerate, row_vertex, col_vertex
        ``equilibria`` a list of pairs of tuples of fractions (probabilities), ordered as
        :func:`sim.equilibria.batch.nash_batch` orders them; whether the game is degenerate;
        and for each equilibrium the numbers of its row and column vertex.
    """
    m, n = len(A), len(A[0])
    xs = exact_vertices(B)
    ys = exact_vertices(_transpose(A))
    degenerate = any(k.bit_count() > m for k in xs) or any(k.bit_count() > n for k in ys)
    full = (1 << (m + n)) - 1
    equilibria, row_vertex, col_vertex = [], [], []
    ys_sorted = [(_column_labels_unified(k, m, n), v) for k, v in ys.items()]
    for u, (lx, x) in enumerate(xs.items()):
        for v, (ly, y) in enumerate(ys_sorted):
            if lx | ly == full:
                equilibria.append((_probabilities(x), _probabilities(y)))
                row_vertex.append(u)
                col_vertex.append(v)
    return equilibria, degenerate, row_vertex, col_vertex


def _column_labels_unified(labels: int, m: int, n: int) -> int:
    return ((labels & ((1 << n) - 1)) << m) | (labels >> n)


def _transpose(M: Matrix) -> Matrix:
    return [list(col) for col in zip(*M, strict=True)]


def _normalised(M: Matrix) -> Matrix:
    entries = [v for row in M for v in row]
    low, spread = min(entries), max(entries) - min(entries)
    spread = spread or Fraction(1)
    return [[1 + (v - low) / spread for v in row] for row in M]


def _probabilities(point: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(point)
    return tuple(v / total for v in point)


def _basis_point(M: Matrix, rows, cols) -> tuple[Fraction, ...] | None:
    """Solve ``sum_{i in rows} x_i M[i][j] = 1`` for ``j`` in ``cols``; None if singular."""
    system = [[M[i][j] for i in rows] + [Fraction(1)] for j in cols]
    solution = _gauss_jordan(system)
    if solution is None:
        return None
    point = [Fraction(0)] * len(M)
    for i, value in zip(rows, solution, strict=True):
        point[i] = value
    return tuple(point)


def _gauss_jordan(system: Matrix) -> list[Fraction] | None:
    k = len(system)
    for step in range(k):
        pivot = next((r for r in range(step, k) if system[r][step] != 0), None)
        if pivot is None:
            return None
        system[step], system[pivot] = system[pivot], system[step]
        head = system[step]
        inverse = 1 / head[step]
        head[:] = [v * inverse for v in head]
        for r in range(k):
            factor = system[r][step]
            if r != step and factor:
                system[r] = [a - factor * b for a, b in zip(system[r], head, strict=True)]
    return [row[k] for row in system]


def _exact_labels(M: Matrix, point: tuple[Fraction, ...]) -> int | None:
    """Label mask of ``point``, or None if it is outside the polytope."""
    d, e = len(M), len(M[0])
    if any(v < 0 for v in point):
        return None
    labels = sum(1 << i for i in range(d) if point[i] == 0)
    for j in range(e):
        value = sum(point[i] * M[i][j] for i in range(d))
        if value > 1:
            return None
        if value == 1:
            labels |= 1 << (d + j)
    return labels
