"""Exact extreme equilibria in rational arithmetic, and exact certificates for float ones.

The method of :mod:`sim.equilibria.batch` (completely labelled vertex pairs of the
best-response polytopes; Avis, Rosenberg, Savani and von Stengel 2010), with every basis
solved, checked and labelled exactly, in integers after each player's payoffs are mapped
onto positive integers by a positive affine change ``N = (M - min M) L + 1`` (``L`` the
least common denominator), which leaves the equilibria unchanged. No floating point takes
part, so spreads of any size (``1e-6`` beside ``1e15``, integers of ``10**30``) are exact.

:func:`sim.equilibria.certificate.certify_vertex` settles one vertex proposed by floating
point on the integers of :func:`positive_integers`: it solves the vertex's tight
constraints exactly and recomputes its label set, so a float answer is either confirmed
exactly or rejected.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

Matrix = list[list[Fraction]]

ULPS = 4
"""A float within this many units in the last place of a simple fraction is read as it."""

EXACT_BASES = 6000
"""Largest number of bases ``C(d + e, d) - 1`` of one polytope for which the equilibria are
enumerated exactly (and so proven complete) rather than by the float search."""


def to_fraction(value) -> Fraction:
    """``value`` as a fraction, for exact mode.

    Ints and fractions are taken as they are. A float is read as the simplest fraction with
    denominator up to 10^6 that lies within ``ULPS`` units in the last place of it (so
    ``0.1`` is 1/10 and ``-1 - (1 - 0.8) * 10``, computed as -2.9999999999999996, is -3), and
    otherwise as its exact binary value. A nonzero float is never read as 0: a unit in the
    last place of a subnormal number is the number's own size (``5e-324`` is one unit), so
    the rule would otherwise erase the smallest payoffs.
    """
    if isinstance(value, Fraction | int | np.integer):
        return Fraction(int(value)) if isinstance(value, np.integer) else Fraction(value)
    value = float(value)
    simple = Fraction(value).limit_denominator(10**6)
    if abs(float(simple) - value) <= ULPS * math.ulp(value) and (simple != 0 or value == 0):
        return simple
    return Fraction(value)


def fraction_matrix(values, simple: bool = True) -> Matrix:
    """A 2-D array-like as a list of lists of fractions (see :func:`to_fraction`); with
    ``simple`` false, floats that are not integers are kept as Python floats, each the exact
    binary rational it is (much faster for large games of arbitrary floats; every exact
    routine here reads a float as that rational)."""
    if not simple:
        return np.asarray(values, dtype=float).tolist()
    return [[to_fraction(v) for v in row] for row in np.asarray(values, dtype=object)]


def positive_integers(M: Matrix) -> list[list[int]]:
    """``(M - min M) L + 1`` with ``L`` the least common denominator of ``M - min M``:
    positive integers, a positive affine change of ``M``. Entries may be fractions, ints or
    floats (a float is the exact rational it is).

    Computed on integer pairs: with ``D`` the common denominator of the entries and of the
    minimum, ``K = (M - min M) D`` is integral, and ``L = D / gcd(D, K)``, so the result is
    ``K / gcd(D, K) + 1``. A float array whose ``K`` fits in 62 bits takes the vectorised
    :func:`_float_positive_integers` (the same integers)."""
    if isinstance(M, np.ndarray):
        fast = _float_positive_integers(M) if M.dtype == np.float64 else None
        if fast is not None:
            return fast
        M = M.tolist()
    low = min(min(row) for row in M).as_integer_ratio()
    ratios = [[v.as_integer_ratio() for v in row] for row in M]
    D = math.lcm(low[1], *(d for row in ratios for _, d in row))
    base = low[0] * (D // low[1])
    K = [[p * (D // q) - base for p, q in row] for row in ratios]
    g = math.gcd(D, *(v for row in K for v in row))
    return [[v // g + 1 for v in row] for row in K]


WORD_BITS = 62
"""Bits of the largest ``K`` entry :func:`_float_positive_integers` handles in ``int64``."""


def _float_positive_integers(M: np.ndarray) -> list[list[int]] | None:
    """:func:`positive_integers` of a finite float array in ``int64``, or None when the
    scaled entries do not fit in :data:`WORD_BITS` bits.

    A nonzero double is ``q 2^p`` with ``q`` odd (``p`` from ``np.frexp`` and the trailing
    zero bits of the 53-bit significand), so the least common denominator is ``D = 2^s``,
    ``s = max(0, -min p)``, and ``M D`` (``np.ldexp``, a power-of-two scaling) holds
    integers, exact in ``int64`` below ``2^62``."""
    if M.size == 0:
        return None
    mantissa, exponent = np.frexp(M)
    if not np.isfinite(mantissa.sum()):
        return None  # an infinite or NaN entry
    q = (mantissa * 2.0**53).astype(np.int64)
    p = np.frexp((q & -q).astype(np.float64))[1] + (exponent - 54)  # zero entries: -54
    shift = max(0, -int(p.min()))
    if shift == 54 and not q.all():  # a zero entry set the minimum: drop it
        shift = max(0, -int(p[q != 0].min(initial=0)))
    if int(exponent.max()) + shift > WORD_BITS:
        return None  # |M| 2^s may reach 2^62
    K = np.ldexp(M, shift).astype(np.int64)
    K -= K.min()
    if not K.any():
        return np.ones(M.shape, dtype=np.int64).tolist()
    g = math.gcd(1 << shift, int(np.gcd.reduce(K, axis=None)))
    return (K // g + 1).tolist()


def exact_vertices(M: Matrix, max_bases: int | None = None) -> dict[int, tuple[Fraction, ...]]:
    """All vertices of ``{x >= 0, N^T x <= 1}``, ``N`` from :func:`positive_integers`,
    keyed by label mask (bit ``i``: ``x_i = 0``; bit ``d + j``: column ``j`` tight), found
    by the exact search over feasible bases of :mod:`sim.equilibria.exact_search`."""
    from sim.equilibria.exact_search import exact_vertices_search

    return exact_vertices_search(positive_integers(M), max_bases)


def basis_total(d: int, e: int) -> int:
    """Number of bases ``C(d + e, d) - 1`` that :func:`exact_vertices` solves."""
    return math.comb(d + e, d) - 1


def exact_equilibria(A: Matrix, B: Matrix, max_bases: int | None = None):
    """Extreme equilibria of ``(A, B)`` in exact arithmetic; ``max_bases`` bounds the
    feasible bases of each polytope's search
    (:class:`~sim.equilibria.exact_search.SearchCutShort` past it).

    Returns
    -------
    equilibria, degenerate, row_vertex, col_vertex, row_labels, col_labels
        ``equilibria`` a list of pairs of tuples of fractions (probabilities), ordered as
        :func:`sim.equilibria.batch.nash_batch` orders them; whether the game is degenerate;
        for each equilibrium the numbers of its row and column vertex and their label masks
        (as :class:`~sim.equilibria.batch.NashBatch` has them).
    """
    m, n = len(A), len(A[0])
    xs = exact_vertices(B, max_bases)
    ys = exact_vertices(transpose(A), max_bases)
    degenerate = any(k.bit_count() > m for k in xs) or any(k.bit_count() > n for k in ys)
    full = (1 << (m + n)) - 1
    equilibria, row_vertex, col_vertex, row_labels, col_labels = [], [], [], [], []
    ys_sorted = [(column_labels_unified(k, m, n), v) for k, v in ys.items()]
    for u, (lx, x) in enumerate(xs.items()):
        for v, (ly, y) in enumerate(ys_sorted):
            if lx | ly == full:
                equilibria.append((probabilities(x), probabilities(y)))
                row_vertex.append(u)
                col_vertex.append(v)
                row_labels.append(lx)
                col_labels.append(ly)
    return equilibria, degenerate, row_vertex, col_vertex, row_labels, col_labels


def weight_probabilities(weights: list[int]) -> list[float]:
    """Integer weights scaled to probabilities, each correctly rounded to a float."""
    total = sum(weights)
    return [w / total for w in weights]


def column_labels_unified(labels: int, m: int, n: int) -> int:
    """Relabel a vertex of Q (own bits 0..n-1, rows n..n+m-1) to rows 0..m-1, columns m..."""
    return ((labels & ((1 << n) - 1)) << m) | (labels >> n)


def transpose(M):
    """The transposed matrix as a list of lists."""
    return [list(col) for col in zip(*M, strict=True)]


def probabilities(point: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    """A nonzero vertex scaled to a probability vector."""
    total = sum(point)
    return tuple(v / total for v in point)


def least_unique(system: Matrix, unknowns: int) -> list[Fraction] | None:
    """The unique solution of a consistent system of full column rank (rows ``[a | b]``,
    possibly more rows than unknowns), by Gauss-Jordan elimination; None otherwise."""
    rows = len(system)
    for step in range(unknowns):
        pivot = next((r for r in range(step, rows) if system[r][step] != 0), None)
        if pivot is None:
            return None
        system[step], system[pivot] = system[pivot], system[step]
        head = system[step]
        inverse = 1 / head[step]
        head[:] = [v * inverse for v in head]
        for r in range(rows):
            factor = system[r][step]
            if r != step and factor:
                system[r] = [a - factor * b for a, b in zip(system[r], head, strict=True)]
    if any(system[r][unknowns] != 0 for r in range(unknowns, rows)):
        return None  # inconsistent extra equations
    return [system[r][unknowns] for r in range(unknowns)]


def exact_labels(N, point: tuple[Fraction, ...]) -> int | None:
    """Label mask of ``point`` in ``{x >= 0, N^T x <= 1}``, or None if it is outside."""
    d, e = len(N), len(N[0])
    if any(v < 0 for v in point):
        return None
    labels = sum(1 << i for i in range(d) if point[i] == 0)
    support = [i for i in range(d) if point[i] != 0]
    for j in range(e):
        value = sum(point[i] * N[i][j] for i in support)
        if value > 1:
            return None
        if value == 1:
            labels |= 1 << (d + j)
    return labels
