"""Discounted values of one Markov reward process for many discount factors at once.

The value of a chain with transition matrix ``M`` (``N x N``) and rewards ``r`` (``N x K``)
at discount factor ``delta`` solves ``(I - delta M) V = r``. For ``D`` discount factors a
batched LU solve costs ``D N^3 / 3``; with one complex Schur decomposition
``M = Z T Z^H`` (``T`` upper triangular, ``Z`` unitary; Golub and Van Loan 2013, *Matrix
Computations*, 4th ed., sec. 7.5) every discount factor costs one triangular solve::

    V(delta) = Z (I - delta T)^-1 Z^H r,

``O(N^2 K)`` each, the method of Laub (1981, "Efficient multivariable frequency response
computations", IEEE Trans. Automatic Control 26(2), 407-408) for shifted systems. The Schur
form is backward stable and a triangular solve is too (Higham 2002, *Accuracy and Stability
of Numerical Algorithms*, Theorem 8.5), but for a non-normal ``M`` and ``delta`` near 1 the
result was measured up to a thousand times further from the true values than an LU solve's
(``benchmarks/bench_resolvent.py``). One step of fixed-precision iterative refinement,
``x += Z (I - delta T)^-1 Z^H (r - (I - delta M) x)`` (Skeel 1980, Math. Comp. 35, 817-832;
Higham 2002, sec. 12.2), brings it back to the LU solve's accuracy at the cost of one more
matrix-vector product and triangular solve per discount factor.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import schur, solve_triangular

DIRECT_BELOW = 4
"""Fewer discount factors than this are solved directly (no decomposition to amortise)."""


def discounted_values(matrix: np.ndarray, reward: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    """``(D, N, K)``: ``V(delta) = (I - delta M)^-1 r`` for each of ``deltas`` (``(D,)``).

    ``matrix`` is ``(N, N)``, ``reward`` ``(N, K)`` (or ``(N,)``, giving ``(D, N)``).
    """
    deltas = np.asarray(deltas, dtype=float).reshape(-1)
    matrix = np.asarray(matrix, dtype=float)
    reward = np.asarray(reward, dtype=float)
    vector = reward.ndim == 1
    rhs = reward[:, None] if vector else reward
    size = matrix.shape[0]
    if len(deltas) < DIRECT_BELOW or size == 0:
        system = np.eye(size) - deltas[:, None, None] * matrix
        out = np.linalg.solve(system, np.broadcast_to(rhs, (len(deltas), *rhs.shape)))
    else:
        triangular, basis = schur(matrix, output="complex")
        projected = basis.conj().T @ rhs
        out = np.empty((len(deltas), *rhs.shape))
        identity = np.eye(size)
        for k, delta in enumerate(deltas):
            shifted = identity - delta * triangular
            x = (basis @ solve_triangular(shifted, projected, check_finite=False)).real
            residual = basis.conj().T @ (rhs - x + delta * (matrix @ x))
            out[k] = x + (basis @ solve_triangular(shifted, residual, check_finite=False)).real
    return out[..., 0] if vector else out
