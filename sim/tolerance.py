"""The one numeric tolerance of the package, and how it scales with payoffs.

Every comparison of payoffs (best responses, dominance, equilibrium checks) uses
``RELATIVE_TOLERANCE`` times the range of the payoffs involved, so that a positive
affine change of a player's payoffs (times 1e6, times 1e-6, plus a constant) never
changes an answer.
"""

from __future__ import annotations

import numpy as np

RELATIVE_TOLERANCE = 1e-9
"""Payoff differences below this fraction of a player's payoff range count as ties."""

PROBABILITY_SLACK = 1e-9
"""How far a probability, or a sum of probabilities, may stray from ``[0, 1]`` (or from 1)
by rounding before a scenario value is refused. Not a payoff tolerance."""

SUPPORT_CUT = 1e-9
"""A probability or population share at most this large counts as absent (outside the
support) where a mixture is printed or tested for purity. Not a payoff tolerance."""

TRUNCATION = 1e-12
"""With a continuation probability q, the exact analysis stops after T rounds, q^T < this:
the weight of the rounds left out. Not a payoff tolerance."""

INTEGRATION_RTOL = 1e-9
INTEGRATION_ATOL = 1e-12
"""Relative and absolute error bounds per step of the ODE solver (``scipy.integrate.solve_ivp``)
for the replicator and logit dynamics, whose states are population shares in [0, 1]."""

PIVOT_CUT = 1e-10
"""Relative size of a determinant (or pivot) below which a small linear system of the
equilibrium engine counts as singular (:mod:`sim.equilibria.linsolve`)."""

EXACT_RESOLUTION = 1e-6
"""Relative gap between two distinct payoffs of a player below which a game's equilibria are
settled in exact rational arithmetic (:mod:`sim.equilibria.settle`)."""

LP_FEASIBILITY = 1e-10
"""Primal and dual feasibility tolerance of the linear-programming solver (HiGHS) for
correlated equilibria."""

QRE_RESIDUAL = 1e-12
"""Largest residual of the logit QRE equations (in log-probabilities) the corrector accepts."""

QRE_MIN_STEP = 1e-12
"""Smallest step along the logit QRE path before the continuation gives up."""

QRE_PERTURBATION = 1e-3
"""Size, relative to the larger payoff range, of the generic payoff perturbation that carries
the logit QRE path past a bifurcation point onto the branch of a nearby generic game."""

ROOT_ACCURACY = 1e-13
"""Absolute accuracy of a discount factor found by root isolation (Brent's method)."""

LEAK_CUT = 1e-15
"""Probability per round of leaving the in-force states below which a state of the joint
chain cannot end the treaty. Not a payoff tolerance."""

STRUCTURE_SLACK = 1e-12
"""How far the probabilities of the terms a compiled chain keeps out of a state may fall
short of 1 before the point is recomputed by the per-point analysis (:mod:`sim.play.batch`).
Not a payoff tolerance."""

NEVER_ENDS_CUT = 1e-12
"""Probability of never ending above which the expected time to a treaty's end is infinite."""

BOUND_SLACK = 1e-6
"""Fraction of a parameter's range within which an estimate counts as at its bound."""

DIFFERENCE_STEP = 1e-4
"""Step of a finite difference, as a fraction of the parameter's range (the curvature of a
log-likelihood for Wald standard errors)."""

SINGULAR_VALUE_CUT = 1e-12
"""Singular values below this fraction of the largest (times the matrix size) count as zero
in a pseudo-inverse (the cut of ``numpy.linalg.pinv``'s ``rcond``). Not a payoff tolerance."""


NEARLY_CONSTANT = 1e-6
"""The payoff scale is at least this fraction of the largest payoff magnitude."""

TINY = float(np.finfo(float).tiny)
"""The smallest positive normal double."""


def payoff_tolerance(payoffs: np.ndarray) -> np.ndarray:
    """Absolute tolerance for each game in a batch of payoff matrices.

    Parameters
    ----------
    payoffs
        Array of shape ``(..., m, n)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...,)``: ``RELATIVE_TOLERANCE * max(ptp, 1e-6 max abs, tiny)``, last two axes.
        Using the largest magnitude too keeps ties exact for nearly constant games with a large
        offset, where rounding in the offset dominates.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    batch = payoffs.shape[:-2]
    # cells first and contiguous: numpy reduces over a long leading axis much faster than
    # over the two small trailing ones of a large batch
    cells = np.ascontiguousarray(np.moveaxis(payoffs.reshape(*batch, -1), -1, 0))
    high, low = cells.max(axis=0), cells.min(axis=0)
    # halves first: the spread of payoffs near the float maximum (1e308 beside -1e308) is
    # beyond the float range, its half and the tolerance are not; halving is exact
    half_spread = high / 2 - low / 2
    magnitude = np.maximum(high, -low)
    scale = np.maximum(half_spread, NEARLY_CONSTANT / 2 * magnitude)
    return np.maximum(2 * RELATIVE_TOLERANCE * scale, RELATIVE_TOLERANCE * np.finfo(float).tiny)


def game_payoff_tolerance(high: float, low: float) -> float:
    """:func:`payoff_tolerance` of one game from its largest and smallest payoff (finite),
    in Python floats: the same IEEE operations, so the same number, without the array
    overhead that dominates for a single small game."""
    half_spread = high / 2 - low / 2
    scale = max(half_spread, NEARLY_CONSTANT / 2 * max(high, -low))
    return max(2 * RELATIVE_TOLERANCE * scale, RELATIVE_TOLERANCE * TINY)


def relative_slack(*scales) -> np.ndarray:
    """``RELATIVE_TOLERANCE * max(1, |scale|, ...)``: the slack for a number of this size.

    For values that are not a game's payoffs (a mean payoff and its error, a grid span, a
    value function), where the size of the numbers compared sets the tolerance.
    """
    magnitude = np.maximum.reduce([np.abs(np.asarray(s, dtype=float)) for s in scales])
    return RELATIVE_TOLERANCE * np.maximum(1.0, magnitude)


def negligible(value, scale=1.0) -> np.ndarray:
    """Whether ``|value| <= relative_slack(scale)``: zero up to rounding at that scale."""
    return np.abs(np.asarray(value, dtype=float)) <= relative_slack(scale)


def payoff_ties(first, second, payoffs) -> np.ndarray:
    """Whether two payoff arrays are equal within the game's tolerance.

    Parameters
    ----------
    first, second
        Payoffs of the game (shape ``batch + (...)``), for example two actions' expected
        payoffs against the same opponent strategy.
    payoffs
        The game's payoff matrices of that player, shape ``batch + (m, n)``; their
        :func:`payoff_tolerance` is the tolerance, so that a positive affine change of the
        payoffs changes no answer.
    """
    tolerance = payoff_tolerance(payoffs)
    difference = np.abs(np.asarray(first, dtype=float) - np.asarray(second, dtype=float))
    extra = difference.ndim - np.ndim(tolerance)
    return difference <= np.reshape(tolerance, np.shape(tolerance) + (1,) * extra)


PIVOT_TOLERANCE = 1e-12
"""Smallest pivot of a simplex step (on payoffs normalised to ``[1, 2]``) that is not zero,
and the tie tolerance of the Lemke-Howson ratio test."""

BOUND_MARGIN = 1e-10
"""Relative enlargement of every error bound that :mod:`sim.equilibria.float_certificate`
computes in floating point: above the relative error of computing the bound itself (sums
of nonnegative terms, below ``1e-13`` at the sizes taken)."""

UNDERFLOW_ALLOWANCE = 1e-290
"""Absolute term added to every such bound: above the error of any underflow, since the
payoffs taken are at least :data:`SMALLEST_CERTIFIED` in size."""

SMALLEST_CERTIFIED = 1e-280
"""Nonzero payoffs smaller (or larger than its inverse) are left to the exact certificate."""
