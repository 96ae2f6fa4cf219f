"""The opponent's strategy completing one vertex of a best-response polytope (compiled).

A vertex ``x`` of ``P = {x >= 0 : M^T x <= 1}`` with support ``S`` and tight columns ``T``
is the row part of an equilibrium exactly when some ``y`` of ``Q = {y >= 0 : R y <= 1}``
carries the complementary labels: ``y_j = 0`` off ``T`` and ``(R y)_i = 1`` on ``S``
(the completely labelled pairs of von Stengel 2002, Handbook of Game Theory vol. 3,
ch. 45, section 3). At a
nondegenerate vertex ``|S| = |T| = k``, so ``y_T`` is the solution of the ``k x k`` system
``R[S, T] y_T = 1``, and the pair is an equilibrium when ``y_T > 0`` and
``(R y)_i < 1`` off ``S``. This is how lrsnash pairs the vertices (Avis, Rosenberg, Savani
and von Stengel 2010, "Enumeration of Nash equilibria for two-player games", Econ. Theory
42): it enumerates one polytope and, for each vertex, only the complementary face of the
other, instead of enumerating both.
"""

from __future__ import annotations

import numba

from sim.tolerance import PIVOT_TOLERANCE

NOT_EQUILIBRIUM = 0
EQUILIBRIUM = 1
UNDECIDED = -1
"""A tie within the tolerance or a singular system: the game is (numerically) degenerate
at this vertex, which the caller settles in exact arithmetic
(:mod:`sim.equilibria.exact_partner`)."""


@numba.njit(cache=True, inline="always")
def partner(R, support, tight, k, tol, y, row, W, flags) -> int:
    """Solve ``R[support[:k], tight[:k]] y = 1`` and classify the vertex (``EQUILIBRIUM``,
    ``NOT_EQUILIBRIUM`` or ``UNDECIDED``); row ``row`` of ``y`` (``? x R.shape[1]``) receives
    the unnormalised partner on ``EQUILIBRIUM``. ``W`` (at least ``k x (k + 2)``) and ``flags``
    (length ``R.shape[0]``) are work space. Sizes are passed, not slices, and the function is
    inlined: a slice is a new array, and a compiled call takes a reference to every array
    it is passed; each reference costs two atomic operations, a tenth of the search's time
    on random 18x18 games."""
    for a in range(k):
        for b in range(k):
            W[a, b] = R[support[a], tight[b]]
        W[a, k] = 1.0
    for step in range(k):  # Gaussian elimination with partial pivoting
        pivot, best = step, abs(W[step, step])
        for r in range(step + 1, k):
            if abs(W[r, step]) > best:
                pivot, best = r, abs(W[r, step])
        if best <= PIVOT_TOLERANCE:
            return UNDECIDED
        if pivot != step:
            for c in range(k + 1):
                W[step, c], W[pivot, c] = W[pivot, c], W[step, c]
        for r in range(step + 1, k):
            factor = W[r, step] / W[step, step]
            if factor != 0.0:
                for c in range(step, k + 1):
                    W[r, c] -= factor * W[step, c]
    z = k + 1  # the solution goes into column k + 1 of W
    for a in range(k - 1, -1, -1):
        total = W[a, k]
        for b in range(a + 1, k):
            total -= W[a, b] * W[b, z]
        W[a, z] = total / W[a, a]
    return _classify(R, support, tight, k, W, tol, y, row, flags)


@numba.njit(cache=True, inline="always")
def _classify(R, support, tight, k, W, tol, y, row, in_support) -> int:
    """The verdict on ``z = W[:k, k + 1]``: ``z > 0`` and ``(R y)_i < 1`` off the support."""
    m, n = R.shape
    z = k + 1
    verdict = EQUILIBRIUM
    for b in range(k):
        if W[b, z] < -tol:
            return NOT_EQUILIBRIUM
        if W[b, z] <= tol:
            verdict = UNDECIDED
    for i in range(m):
        in_support[i] = False
    for a in range(k):
        in_support[support[a]] = True
    for i in range(m):
        if in_support[i]:
            continue
        value = 0.0
        for b in range(k):
            value += R[i, tight[b]] * W[b, z]
        if value > 1.0 + tol:
            return NOT_EQUILIBRIUM
        if value >= 1.0 - tol:
            verdict = UNDECIDED
    if verdict == EQUILIBRIUM:
        for j in range(n):
            y[row, j] = 0.0
        for b in range(k):
            y[row, tight[b]] = W[b, z]
    return verdict
