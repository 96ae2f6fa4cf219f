"""Certificate of proposed vertices by rigorous floating-point error bounds (compiled).

A vertex of the best-response polytope of one player, proposed by the float search, is a
support ``S`` (the actions played) and a set ``T`` of the opponent's best responses, with
``|S| = |T| = k``. Against the opponent's payoffs ``P`` (``d x e``, exact: every double is a
rational) it is the vertex it claims to be exactly when the bordered system

    sum_{i in S} P[i, j] x_i - v = 0   (j in T),      sum_{i in S} x_i = 1,

``G z = g`` with ``z = (x_S, v)``, has a unique solution with ``x_S > 0`` and
``sum_i P[i, j] x_i < v`` for every ``j`` outside ``T``: the same decisions that
:func:`sim.equilibria.certificate.certify_vertex` takes in integers (the polytope
``{x >= 0 : N^T x <= 1}`` of a positive affine image ``N`` of ``P`` has the vertex
``x / (N-value)``, and a positive affine change keeps every best response).

The decisions are taken in floating point with bounds on every rounding error, in the
manner of Rump's verification methods (Rump 2010, "Verification methods: rigorous results
using floating-point arithmetic", Acta Numerica 19, section 10.2). With ``C`` an
approximate inverse, ``z~ = C g``, and the true ``E = I - C G`` and ``r = g - G z~``,
if ``||E||_inf <= alpha < 1`` then ``G`` is regular and

    |z* - z~| <= w + alpha ||w||_inf / (1 - alpha),      w = |C| |r|

(from ``z* - z~ = (I - E)^{-1} C r`` and the Neumann series). ``E`` and ``r`` are computed in
floating point; a dot product of ``n`` terms is within ``gamma_n sum |a_l b_l|`` of the
truth, ``gamma_n = n u / (1 - n u)``, ``u = 2^-53`` (Higham 2002, *Accuracy and Stability
of Numerical Algorithms*, 2nd ed., section 3.1, without underflow: entries outside
``[1e-280, 1e280]`` are not certified here), so both are enclosed. Bounds that are
themselves computed are sums of nonnegative terms, with relative errors below ``1e-13``
for the sizes taken here, and are enlarged by ``SAFETY``. Each decision holds when its
float value is farther from 0 than its bound; a vertex whose decisions do not all hold
is not certified here and goes to the exact certificate.

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba
import numpy as np

from sim.tolerance import BOUND_MARGIN, SMALLEST_CERTIFIED, UNDERFLOW_ALLOWANCE

UNIT = 2.0**-53
"""Unit roundoff of double precision (round to nearest)."""

SAFETY = 1.0 + BOUND_MARGIN
"""Factor on every computed bound, above the relative error of computing it."""

TINY = UNDERFLOW_ALLOWANCE
"""Added to every bound: above the error of any underflow."""

SMALLEST, LARGEST = SMALLEST_CERTIFIED, 1.0 / SMALLEST_CERTIFIED
"""Nonzero payoffs outside this range are left to the exact certificate."""


@numba.njit(cache=True, inline="always")
def gamma(n) -> float:
    """Higham's ``gamma_n = n u / (1 - n u)``."""
    return n * UNIT / (1.0 - n * UNIT)


@numba.njit(cache=True)
def certify_vertices(P, zero, tight, points) -> np.ndarray:
    """Certify each proposed vertex: row ``v`` of the boolean ``zero`` (``V x d``) marks the
    actions not played, of ``tight`` (``V x e``) the opponent's best responses. Returns
    which are certified; row ``v`` of ``points`` (``V x d``) receives the mixed strategy of
    a certified one (the float solution, normalised)."""
    d, e = P.shape
    done = np.zeros(zero.shape[0], np.bool_)
    support = np.empty(d, np.int64)
    columns = np.empty(e, np.int64)
    G = np.empty((d + 1, d + 1))
    C = np.empty((d + 1, 2 * d + 2))
    for v in range(zero.shape[0]):
        k, t = 0, 0
        for i in range(d):
            if not zero[v, i]:
                support[k] = i
                k += 1
        for j in range(e):
            if tight[v, j]:
                columns[t] = j
                t += 1
        if k == 0 or k != t:
            continue
        done[v] = _certify(P, support[:k], columns[:k], tight[v], G, C, points[v])
    return done


@numba.njit(cache=True)
def certify_label_masks(P, labels, points) -> np.ndarray:
    """:func:`certify_vertices` of vertices given by label masks (``labels``, int64: bit
    ``i < d`` for action ``i`` unplayed, bit ``d + j`` for best response ``j``)."""
    d, e = P.shape
    bits = np.empty((labels.shape[0], d + e), np.bool_)
    for v in range(labels.shape[0]):
        for i in range(d + e):
            bits[v, i] = labels[v] >> i & 1 == 1
    return certify_vertices(P, bits[:, :d], bits[:, d:], points)


@numba.njit(cache=True)
def _certify(P, support, columns, tight, G, C, point) -> bool:
    k = support.shape[0]
    n = k + 1
    for a in range(k):  # equation a: best response columns[a] earns v
        for b in range(k):
            value = P[support[b], columns[a]]
            if value != 0.0 and not SMALLEST <= abs(value) <= LARGEST:
                return False
            G[a, b] = value
        G[a, k] = -1.0
    for b in range(k):
        G[k, b] = 1.0
    G[k, k] = 0.0
    if not _invert(G, C, n):
        return False
    z = C[:n, 2 * n - 1]  # C^-1 g with g = e_k: the last column of the inverse
    alpha = _contraction(G, C, n)
    if not alpha < 0.5:
        return False
    err = _error(G, C, z, n, alpha)
    for b in range(k):
        if not z[b] > err[b]:
            return False
    for j in range(P.shape[1]):
        if not tight[j] and not _below(P, support, j, z, err, k):
            return False
    total = 0.0
    for b in range(k):
        total += z[b]
    point[:] = 0.0
    for b in range(k):
        point[support[b]] = z[b] / total
    return True


@numba.njit(cache=True, inline="always")
def _below(P, support, j, z, err, k) -> bool:
    """Whether ``sum_b P[S_b, j] x*_b < v*`` holds for the true solution."""
    value, size = -z[k], abs(z[k])
    spread = err[k]
    for b in range(k):
        p = P[support[b], j]
        if p != 0.0 and not SMALLEST <= abs(p) <= LARGEST:
            return False
        value += p * z[b]
        size += abs(p * z[b])
        spread += abs(p) * err[b]
    bound = (gamma(k + 1) * size + spread) * SAFETY + TINY
    return -value > bound


@numba.njit(cache=True)
def _invert(G, C, n) -> bool:
    """``C[:n, n:2n]`` := an approximate inverse of ``G[:n, :n]`` (Gauss-Jordan with
    partial pivoting on ``[G | I]``, in ``C``); False if a pivot is zero or not finite."""
    for r in range(n):
        for c in range(n):
            C[r, c] = G[r, c]
            C[r, n + c] = 1.0 if r == c else 0.0
    for step in range(n):
        pivot, best = step, abs(C[step, step])
        for r in range(step + 1, n):
            if abs(C[r, step]) > best:
                pivot, best = r, abs(C[r, step])
        if not 0.0 < best < np.inf:
            return False
        if pivot != step:
            for c in range(2 * n):
                C[step, c], C[pivot, c] = C[pivot, c], C[step, c]
        inverse = 1.0 / C[step, step]
        for c in range(2 * n):
            C[step, c] *= inverse
        for r in range(n):
            factor = C[r, step]
            if r != step and factor != 0.0:
                for c in range(2 * n):
                    C[r, c] -= factor * C[step, c]
    for r in range(n):  # move the inverse to the front
        for c in range(n):
            C[r, c] = C[r, n + c]
    return np.isfinite(C[:n, :n]).all()


@numba.njit(cache=True)
def _contraction(G, C, n) -> float:
    """An upper bound on ``||I - C G||_inf`` for the true product."""
    alpha = 0.0
    for i in range(n):
        row = 0.0
        for j in range(n):
            value = 1.0 if i == j else 0.0
            size = value
            for m in range(n):
                product = C[i, m] * G[m, j]
                value -= product
                size += abs(product)
            row += abs(value) + gamma(n + 1) * size + TINY
        alpha = max(alpha, row)
    return alpha * SAFETY


@numba.njit(cache=True)
def _error(G, C, z, n, alpha) -> np.ndarray:
    """Componentwise bounds on ``|z* - z~|``: ``w + alpha ||w|| / (1 - alpha)``."""
    residual = np.empty(n)
    for i in range(n):
        value = 1.0 if i == n - 1 else 0.0
        size = value
        for m in range(n):
            product = G[i, m] * z[m]
            value -= product
            size += abs(product)
        residual[i] = abs(value) + gamma(n + 1) * size + TINY
    w = np.empty(n)
    for i in range(n):
        total = 0.0
        for m in range(n):
            total += abs(C[i, m]) * residual[m]
        w[i] = total * SAFETY
    tail = alpha * w.max() / (1.0 - alpha)
    return (w + tail) * SAFETY + TINY
