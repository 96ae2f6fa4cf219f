"""One equilibrium (or the first few) by support enumeration in the order of Porter, Nudelman
and Shoham, with conditionally dominated actions removed.

Porter, Nudelman and Shoham (2008, "Simple search methods for finding a Nash equilibrium",
Games Econ. Behav. 63, 642-662; AAAI 2004), Algorithm 1 for two players: search the support
size profiles ``(k1, k2)`` in the order of ``|k1 - k2|``, then of ``k1 + k2`` (balanced and
small supports first: most equilibria of games met in practice have them). For each row
support ``S1`` of size ``k1``:

1. ``A2' = {a2 : a2 is not conditionally dominated given S1}``, where an action ``a`` of a
   player is *conditionally dominated given* the opponent's set ``R`` if some action ``a'``
   of the same player does strictly better against every opponent action in ``R``
   (``u(a', r) > u(a, r)`` for all ``r`` in ``R``): it is no best response to any strategy
   supported in ``R``, so no equilibrium with the opponent's support in ``R`` uses it;
2. skip ``S1`` if one of its actions is conditionally dominated given ``A2'``;
3. for each ``S2`` within ``A2'`` of size ``k2`` in which no action of ``S1`` is
   conditionally dominated given ``S2``, solve Feasibility Program 1 (PNS section 3):

       sum_{j in S2} y_j A_ij = v1 (i in S1),   sum_{j in S2} y_j A_ij <= v1 (i not in S1),
       sum_j y_j = 1,   y_j >= 0 (j in S2),   y_j = 0 (j not in S2),

   and the same for ``x`` with ``B``; a solution of both is a Nash equilibrium.

With two players the program splits into one linear program per player. When the supports
have equal sizes and the square system of equalities is nonsingular, its unique solution
decides the program (check its signs and the other rows); otherwise it is solved by the dual
simplex method. Either way the answer is a basic solution: a vertex of a face of the
player's best-response polyhedron, hence an extreme equilibrium also in degenerate games.
The pruning of step 1 is the iterated removal of conditionally dominated strategies
(PNS Algorithm 2, ``IRSDS``) specialised to two players: with ``S1`` fixed the removal
stops after one pass. The float answers are proposals with the label masks of their vertices
(:class:`sim.equilibria.large.Proposal`); :func:`sim.equilibria.nash.nash_equilibria`
certifies each one exactly. The list is never claimed complete.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import numpy as np

from sim.equilibria.large import Proposal, labels_of
from sim.tolerance import LP_FEASIBILITY, PIVOT_CUT


def size_profiles(m: int, n: int) -> list[tuple[int, int]]:
    """Support size profiles ``(k1, k2)`` in the order of PNS Algorithm 1: by ``|k1 - k2|``,
    then by ``k1 + k2`` (ties: the smaller ``k1`` first)."""
    sizes = [(a, b) for a in range(1, m + 1) for b in range(1, n + 1)]
    return sorted(sizes, key=lambda s: (abs(s[0] - s[1]), s[0] + s[1], s[0]))


def conditionally_dominated(
    U: np.ndarray, available: np.ndarray, actions: np.ndarray | None = None
) -> np.ndarray:
    """Boolean per own action in ``actions`` (default all): conditionally dominated given the
    opponent's ``available`` actions (PNS section 3), for a player with payoffs ``U``
    ``(own, opponent)``.

    Action ``a`` is dominated if some ``a'`` has ``U[a', r] > U[a, r]`` for every ``r`` in
    ``available``; comparisons of the payoffs as given (floats compare exactly).
    """
    R = U[:, available]
    own = R if actions is None else R[actions]
    better = np.all(R[None, :, :] > own[:, None, :], axis=2)  # better[a, a']: a' beats a on R
    return better.any(axis=1)


def pns_proposal(A: np.ndarray, B: np.ndarray, budget: float, count: int = 1) -> Proposal:
    """The first ``count`` distinct equilibria found by PNS Algorithm 1, within ``budget``
    seconds (roughly), as float proposals to be certified.

    Parameters
    ----------
    A, B
        ``(m, n)`` payoffs of the row and the column player.
    budget
        Seconds before the search stops with what it found.
    count
        Number of distinct equilibria to find before stopping.
    """
    from sim.equilibria.batch import normalise_payoffs

    An, Bn = normalise_payoffs(A[None])[0], normalise_payoffs(B[None])[0]
    deadline = time.perf_counter() + budget
    ends: dict[tuple[int, int], None] = {}
    supports = 0
    for S1, S2 in _candidate_supports(A, B, deadline):
        supports += 1
        found = _feasible(An, Bn, S1, S2)
        if found is not None:
            ends[labels_of(An, Bn, *found)] = None
            if len(ends) >= count:
                break
    keys = list(ends)
    m, n = A.shape
    kind = np.int64 if m + n <= 62 else object  # masks of more labels are Python ints
    row_labels = np.array([k[0] for k in keys], dtype=kind)
    col_labels = np.array([k[1] for k in keys], dtype=kind)
    return Proposal(
        row_labels,
        col_labels,
        np.unique(row_labels, return_inverse=True)[1].astype(np.int64),
        np.unique(col_labels, return_inverse=True)[1].astype(np.int64),
        bool(
            any(int(v).bit_count() > m for v in row_labels)
            or any(int(v).bit_count() > n for v in col_labels)
        ),
        False,
        f"Porter-Nudelman-Shoham support search ({supports} support pairs tried)",
    )


def _candidate_supports(
    A: np.ndarray, B: np.ndarray, deadline: float
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Support pairs that survive the conditional-dominance tests, in PNS order, until the
    deadline passes."""
    m, n = A.shape
    for k1, k2 in size_profiles(m, n):
        for S1 in itertools.combinations(range(m), k1):
            if time.perf_counter() > deadline:
                return
            S1 = np.array(S1)
            allowed = np.flatnonzero(~conditionally_dominated(B.T, S1))
            if len(allowed) < k2 or conditionally_dominated(A, allowed, S1).any():
                continue
            for S2 in itertools.combinations(allowed, k2):
                S2 = np.array(S2)
                if not conditionally_dominated(A, S2, S1).any():
                    yield S1, S2


def _feasible(An, Bn, S1, S2) -> tuple[np.ndarray, np.ndarray] | None:
    """Feasibility Program 1 on ``(S1, S2)``: the two mixed strategies, or None."""
    y = _indifferent(An, S1, S2)
    if y is None:
        return None
    x = _indifferent(Bn.T, S2, S1)
    return None if x is None else (x, y)


def _indifferent(U: np.ndarray, tight: np.ndarray, support: np.ndarray) -> np.ndarray | None:
    """A basic solution ``q`` (on ``support``, summing to 1) of ``(U q)_i = v`` for ``i`` in
    ``tight`` and ``(U q)_i <= v`` otherwise; None if infeasible.

    With as many tight rows as support actions the equalities form a square system; when it
    is nonsingular its solution is the only candidate, so checking its signs and the other
    rows decides the program. Otherwise the dual simplex method solves it."""
    d, e = U.shape
    k = len(support)
    if len(tight) == k:
        square = _square(U, tight, support)
        if square is not False:
            return square
    from scipy.optimize import linprog

    block = np.hstack([U[:, support], -np.ones((d, 1))])  # [U_S | -1] (q, v)
    loose = np.setdiff1d(np.arange(d), tight)
    equalities = np.vstack([block[tight], np.append(np.ones(k), 0.0)])
    result = linprog(
        np.zeros(k + 1),
        A_ub=block[loose] if len(loose) else None,
        b_ub=np.zeros(len(loose)) if len(loose) else None,
        A_eq=equalities,
        b_eq=np.append(np.zeros(len(tight)), 1.0),
        bounds=[(0, None)] * k + [(None, None)],
        method="highs-ds",
        options={"primal_feasibility_tolerance": LP_FEASIBILITY, "presolve": False},
    )
    if result.status != 0:
        return None
    q = np.zeros(e)
    q[support] = np.maximum(result.x[:k], 0.0)
    return q / q.sum()


def _square(U: np.ndarray, tight: np.ndarray, support: np.ndarray):
    """The unique solution of the square case, None if it is infeasible, False if singular."""
    k = len(support)
    system = np.zeros((k + 1, k + 1))
    system[:k, :k] = U[np.ix_(tight, support)]
    system[:k, k] = -1.0
    system[k, :k] = 1.0
    right = np.zeros(k + 1)
    right[k] = 1.0
    try:
        solution = np.linalg.solve(system, right)
    except np.linalg.LinAlgError:
        return False
    if np.linalg.cond(system) > 1.0 / PIVOT_CUT:
        return False
    q, v = solution[:k], solution[k]
    values = U[:, support] @ q
    slack = LP_FEASIBILITY * max(1.0, abs(v))
    if q.min() < -slack or values.max() > v + slack:
        return None
    full = np.zeros(U.shape[1])
    full[support] = np.maximum(q, 0.0)
    return full / full.sum()
