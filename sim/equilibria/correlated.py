"""Correlated equilibria by linear programming.

A distribution ``p`` over action profiles is a correlated equilibrium (Aumann 1974,
"Subjectivity and correlation in randomized strategies", J. Math. Econ. 1; Aumann 1987,
Econometrica 55) when no player gains by deviating from a recommended action:

    sum_j p_ij (A[k, j] - A[i, j]) <= 0   for all rows i, k,
    sum_i p_ij (B[i, l] - B[i, j]) <= 0   for all columns j, l,
    p >= 0,  sum p = 1.

The set is a polytope, so a CE maximising a linear objective (total payoff, or one player's
payoff) is a linear program (Papadimitriou and Roughgarden 2008, "Computing correlated
equilibria in multi-player games", J. ACM 55(3)), solved here with scipy's HiGHS.

The incentive constraints are written with each player's payoffs mapped onto ``[0, 1]`` (a
positive affine change of one player's payoffs leaves the set unchanged), so the solver's
tolerances are relative to each player's payoff range. The objectives are in the original
payoff units, divided by one common positive number (which changes no maximiser):

- ``total``: ``sum_ij p_ij (A_ij + B_ij)``, the utilitarian welfare;
- ``egalitarian``: ``max t`` subject to ``t <= sum p A`` and ``t <= sum p B`` (the
  max-min payoff, Rawls' criterion; compare Greenwald and Hall 2003, "Correlated-Q
  learning", ICML, for utilitarian, egalitarian and player-optimal CE selection);
- ``row`` and ``col``: one player's expected payoff.

The optimum is certified in rational arithmetic by weak duality
(:mod:`sim.equilibria.lp_certificate`): an exactly feasible reading of the solver's
distribution bounds it from below, the solver's dual multipliers from above; games with
``m n (m + n)`` above :data:`CERTIFY_WORK` keep the float answer with no certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim.equilibria.lp_certificate import ValueBounds, correlated_bounds, mean_payoff
from sim.equilibria.nash import game_payoffs
from sim.errors import OptionError
from sim.tolerance import LP_FEASIBILITY, RELATIVE_TOLERANCE, payoff_tolerance

OBJECTIVES = ("total", "egalitarian", "row", "col")

CERTIFY_WORK = 20_000
"""Largest ``m n (m + n)`` (cells times deviations per cell) certified exactly."""


LP_BYTES_PER_NONZERO = 170
"""Peak memory of one correlated-equilibrium LP per nonzero of its constraint matrix, as
measured with scipy's HiGHS (1.3 GB for a 150x150 game, 5.3 GB for 256x256)."""


def correlated_lp_bytes(m: int, n: int) -> int:
    """Estimated peak memory of the LP of an ``m x n`` game: its incentive constraints
    have ``m (m - 1) n + n (n - 1) m`` nonzeros (each deviation pair, over the other's
    actions), the probability row ``m n`` more."""
    return LP_BYTES_PER_NONZERO * (m * (m - 1) * n + n * (n - 1) * m + m * n)


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A correlated equilibrium.

    Attributes
    ----------
    distribution
        ``(m, n)`` probabilities of the action profiles.
    payoffs
        Expected payoffs ``(row, column)``.
    objective
        What it maximises: ``"total"``, ``"egalitarian"``, ``"row"`` or ``"col"``.
    bounds
        Exact bounds on the optimal objective value (None: not certified).
    exact_payoffs
        When the optimum is certified: the payoffs of a rational optimal distribution
        (``distribution`` is then that distribution, rounded to floats).
    """

    distribution: np.ndarray
    payoffs: np.ndarray
    objective: str
    bounds: ValueBounds | None = None
    exact_payoffs: tuple[Fraction, Fraction] | None = None


def incentive_constraints(A: np.ndarray, B: np.ndarray):
    """Rows ``g`` with ``g . vec(p) <= 0`` for every deviation ``i -> k`` and ``j -> l``.

    Returns a sparse (CSR) matrix of shape ``(m (m - 1) + n (n - 1), m n)`` (``p`` flattened
    row-major): the row of deviation ``i -> k`` holds ``A[k, j] - A[i, j]`` at the cells
    ``(i, j)``, the row of ``j -> l`` holds ``B[i, l] - B[i, j]`` at the cells ``(i, j)``;
    rows in the order ``(i, k)`` then ``(j, l)``, each lexicographic.
    """
    from scipy.sparse import csr_matrix

    m, n = A.shape
    i, k = np.nonzero(~np.eye(m, dtype=bool))
    j, other = np.nonzero(~np.eye(n, dtype=bool))
    data = np.concatenate([(A[k] - A[i]).ravel(), (B[:, other] - B[:, j]).T.ravel()])
    cells = np.concatenate(
        [(i[:, None] * n + np.arange(n)).ravel(), (np.arange(m)[None, :] * n + j[:, None]).ravel()]
    )
    starts = np.concatenate([np.arange(i.size) * n, i.size * n + np.arange(j.size + 1) * m])
    return csr_matrix((data, cells, starts), shape=(i.size + j.size, m * n))


def is_correlated_equilibrium(A, B, distribution) -> bool:
    """Whether ``distribution`` is a CE of ``(A, B)`` within the package tolerance."""
    A = np.asarray(A, float)
    B = np.asarray(B, float)
    p = np.asarray(distribution, float)
    m, n = A.shape
    gains_row = np.einsum("ij,kj->ik", p, A) - (p * A).sum(axis=1)[:, None]
    gains_col = np.einsum("ij,il->jl", p, B) - (p * B).sum(axis=0)[:, None]
    return bool(
        np.all(p >= -RELATIVE_TOLERANCE)
        and abs(p.sum() - 1) <= RELATIVE_TOLERANCE * m * n
        and gains_row.max() <= payoff_tolerance(A)
        and gains_col.max() <= payoff_tolerance(B)
    )


def correlated_equilibrium(game, objective: str = "total", exact=None) -> CorrelatedEquilibrium:
    """A correlated equilibrium maximising ``objective``.

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game` or a pair ``(A, B)``.
    objective
        ``"total"`` (sum of both payoffs), ``"row"`` or ``"col"`` (one player's payoff).
    exact
        The two payoff matrices as fractions to certify against (default: each float read
        by :func:`sim.equilibria.exact.to_fraction`).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    if objective not in OBJECTIVES:
        raise OptionError(
            f"unknown objective {objective!r} (total, egalitarian, row or col)", "objective"
        )
    A, B = game_payoffs(game)
    m, n = A.shape
    cells = m * n
    unit = max(float(np.abs(A).max()), float(np.abs(B).max()), np.finfo(float).tiny)
    # payoffs halved (exactly) so that A + B stays finite for payoffs near the float maximum;
    # the costs are the same numbers as (A + B) / unit
    half = {"total": A / 2 + B / 2, "egalitarian": 0 * A, "row": A / 2, "col": B / 2}[objective]
    cost = np.append(-half.ravel() / (unit / 2), -1.0 if objective == "egalitarian" else 0.0)
    incentives = incentive_constraints(_unit_range(A), _unit_range(B))
    a_ub = sparse.hstack([incentives, sparse.csr_matrix((incentives.shape[0], 1))], "csr")
    b_ub = np.zeros(incentives.shape[0])
    if objective == "egalitarian":  # t - sum p M / unit <= 0 for both players
        floors = np.stack([np.append(-M.ravel() / unit, 1.0) for M in (A, B)])
        a_ub, b_ub = sparse.vstack([a_ub, floors], "csr"), np.append(b_ub, [0.0, 0.0])
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=np.append(np.ones(cells), 0.0)[None],
        b_eq=[1.0],
        bounds=[(0, None)] * cells + [(None, None)],
        method="highs",
        options={
            "primal_feasibility_tolerance": LP_FEASIBILITY,
            "dual_feasibility_tolerance": LP_FEASIBILITY,
        },
    )
    if result.status != 0:  # the LP is feasible and bounded (Hart and Schmeidler 1989)
        raise RuntimeError(f"correlated equilibrium LP failed: {result.message}")
    p = np.clip(result.x[:cells].reshape(m, n), 0.0, None)
    p /= p.sum()
    payoffs = np.array([expected_payoff(p, A), expected_payoff(p, B)])
    if m * n * (m + n) > CERTIFY_WORK:
        return CorrelatedEquilibrium(p, payoffs, objective)
    return _certified(A, B, p, payoffs, objective, result.ineqlin.marginals, unit, exact)


def _certified(A, B, p, payoffs, objective, marginals, unit, exact) -> CorrelatedEquilibrium:
    """The solver's answer with exact bounds on its objective (and exact payoffs when they
    meet). The duals of the scaled LP are mapped back to the original units: a deviation
    constraint of a player was divided by that player's payoff spread and the objective by
    ``unit``, so ``lambda = unit * mu / spread`` (any ``lambda >= 0`` gives a valid bound)."""
    from sim.equilibria.exact import fraction_matrix

    m, n = A.shape
    mu = -np.asarray(marginals, dtype=float)
    duals = []
    for size, M, part in (
        (m, A, mu[: m * (m - 1)]),
        (n, B, mu[m * (m - 1) : m * (m - 1) + n * (n - 1)]),
    ):
        half_spread = M.max() / 2 - M.min() / 2  # halves: finite for payoffs near 1e308
        full = np.zeros((size, size))
        scale = (unit / 2) / half_spread if half_spread > 0 else 0.0
        with np.errstate(over="ignore"):
            full[~np.eye(size, dtype=bool)] = part * scale
        duals.append(full)
    A_q, B_q = exact if exact is not None else (fraction_matrix(A), fraction_matrix(B))
    weights, score = _linear_objective(objective, mu[-2:] if objective == "egalitarian" else None)
    bounds, q = correlated_bounds(A_q, B_q, weights, p, duals, score)
    if bounds is None:
        return CorrelatedEquilibrium(p, payoffs, objective)
    if bounds.exact is None:
        return CorrelatedEquilibrium(p, payoffs, objective, bounds)
    exact_payoffs = (mean_payoff(q, A_q), mean_payoff(q, B_q))
    values = np.array([float(v) for v in exact_payoffs])
    distribution = np.array([[float(v) for v in row] for row in q])
    return CorrelatedEquilibrium(distribution, values, objective, bounds, exact_payoffs)


def _linear_objective(objective: str, floors):
    """Exact weights ``(w_A, w_B)`` of the linear objective bounding ``objective`` from
    above, and the objective's score of exact payoffs ``(pA, pB)``."""
    if objective == "egalitarian":
        a, b = (Fraction(max(float(v), 0.0)).limit_denominator(10**6) for v in floors)
        weights = (a / (a + b), b / (a + b)) if a + b > 0 else (Fraction(1, 2), Fraction(1, 2))
        return weights, min
    weights = {"total": (1, 1), "row": (1, 0), "col": (0, 1)}[objective]
    w = (Fraction(weights[0]), Fraction(weights[1]))
    return w, lambda a, b: w[0] * a + w[1] * b


def expected_payoff(p: np.ndarray, M: np.ndarray) -> float:
    """``sum p M`` for a distribution ``p``, summed in halves and kept within
    ``[min M, max M]``, where every average of ``M`` lies: near the float maximum the plain
    sum may round past it to infinity."""
    total = 2 * float((p * (M / 2)).sum())
    return float(np.clip(total, M.min(), M.max()))


def correlated_equilibria(game, exact=None) -> dict[str, CorrelatedEquilibrium]:
    """The CEs maximising the total payoff, the smaller payoff, the row player's and the
    column player's."""
    return {objective: correlated_equilibrium(game, objective, exact) for objective in OBJECTIVES}


def _unit_range(M: np.ndarray) -> np.ndarray:
    """``(M - min M) / spread``, computed on halves so that it stays finite when the
    spread is beyond the float range (payoffs of 1e308 beside -1e308)."""
    half_spread = payoff_tolerance(M) / (2 * RELATIVE_TOLERANCE)
    return (M / 2 - M.min() / 2) / half_spread
