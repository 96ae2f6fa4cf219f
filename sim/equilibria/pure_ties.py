"""Whether a bimatrix game has a pure best-response tie (compiled).

A tie is a player with two equal payoffs against one action of the other: two equal
entries in a column of ``A`` or in a row of ``B``. Without one, the best-response polytope
of the player with fewer actions can be searched alone (:mod:`sim.equilibria.search`).
The check compares every pair of entries, ``m (m - 1) n / 2 + n (n - 1) m / 2`` comparisons
(under 60,000 for the ``m + n <= 62`` of the search), with no sort and no temporary array:
for the small games of the search it takes a microsecond, where numpy's sort and compare
took twenty.

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba


@numba.njit(cache=True)
def no_pure_ties(A, B) -> bool:
    """No column of ``A`` and no row of ``B`` holds a payoff twice (exact comparison)."""
    m, n = A.shape
    for j in range(n):
        for i in range(m):
            for k in range(i + 1, m):
                if A[i, j] == A[k, j]:
                    return False
    for i in range(m):
        for j in range(n):
            for k in range(j + 1, n):
                if B[i, j] == B[i, k]:
                    return False
    return True
