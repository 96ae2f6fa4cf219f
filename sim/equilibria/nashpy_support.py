"""nashpy's support enumeration, for comparison with the package's own engine.

nashpy (Knight and Campbell 2018, "Nashpy: A Python library for the computation of Nash
equilibria", JOSS 3(30)) enumerates pairs of equal-size supports (Nisan et al. 2007,
*Algorithmic Game Theory*, section 3.3). It assumes a nondegenerate game and uses an
absolute tolerance, so it can miss equilibria (in degenerate games, or when payoffs are
large); its output is passed through the package's verification and kept as returned.
"""

from __future__ import annotations

import warnings

import numpy as np


def nashpy_equilibria(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equilibria from ``nashpy.Game(A, B).support_enumeration()`` as two arrays.

    Returns
    -------
    row, col
        Arrays ``(E, m)`` and ``(E, n)``.
    """
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = list(nashpy.Game(A, B).support_enumeration())
    m, n = np.shape(A)
    row = np.array([x for x, _ in found], dtype=float).reshape(-1, m)
    col = np.array([y for _, y in found], dtype=float).reshape(-1, n)
    return row, col
