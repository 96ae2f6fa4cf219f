"""The set of subgame-perfect equilibrium payoffs of a repeated two-player stage game.

Perfect monitoring, pure stage actions, public randomisation, common discount factor
``delta``. Abreu, Pearce and Stacchetti (1990) characterise the equilibrium payoff set
``V*`` as the largest fixed point of the operator::

    B(W) = conv U_a { (1 - delta) u(a) + delta w :  w in W,
                      w_i >= p_i(W) + (1 - delta) / delta (d_i(a) - u_i(a)), i = 1, 2 }

with ``d_i(a) = max_{a_i'} u_i(a_i', a_-i)`` the best one-shot deviation and
``p_i(W) = min_{w in W} w_i`` the worst continuation for ``i`` (the convex hull is public
randomisation). Iterating ``B`` from the feasible set ``conv{u(a)}`` decreases to ``V*``
(APS 1990, Theorem 6); each step here maps convex polygons exactly (clip by two
half-planes, an affine image, a convex hull), which is the two-player setting of Abreu and
Sannikov (2014), who show that ``V*`` has at most ``4 |A|`` extreme points. The iteration
stops when no vertex moves by more than ``tolerance`` (convergence is geometric, at rate
``delta``).

As ``delta -> 1`` the set tends to the feasible, individually rational payoffs (the folk
theorem: Fudenberg and Maskin 1986; with pure minmax values here,
:func:`folk_theorem_bound`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.results import Assumptions, Result
from sim.tolerance import RELATIVE_TOLERANCE

MAX_ITERATIONS = 20_000


@dataclass(frozen=True, eq=False)
class PayoffSet(Result):
    """A convex polygon of payoff pairs (vertices counter-clockwise); empty if none."""

    delta: float = 0.0
    vertices: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    iterations: int = 0
    converged: bool = True

    def payload(self) -> dict:
        return {
            "delta": self.delta,
            "vertices": [{"row": float(x), "col": float(y)} for x, y in self.vertices],
            "iterations": self.iterations,
            "converged": self.converged,
        }


def convex_hull(points: np.ndarray, relative: float = RELATIVE_TOLERANCE) -> np.ndarray:
    """Counter-clockwise hull vertices of 2-D points (Andrew's monotone chain, 1979).

    Vertices on a line with their neighbours within ``relative`` times the squared spread
    of the points are dropped.
    """
    points = np.unique(np.asarray(points, dtype=float), axis=0)
    spread = float(np.ptp(points, axis=0).max()) if len(points) else 0.0
    scale = max(spread, np.finfo(float).tiny)
    eps = relative * scale * scale
    if len(points) <= 2:
        return points

    def half(sequence):
        chain = []
        for p in sequence:
            while len(chain) >= 2:
                a, b = chain[-2], chain[-1]
                if (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) > eps:
                    break
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(points), half(points[::-1])
    return np.array(lower[:-1] + upper[:-1])


def clip(polygon: np.ndarray, axis: int, bound: float) -> np.ndarray:
    """The part of a convex polygon with coordinate ``axis >= bound`` (Sutherland-Hodgman)."""
    if len(polygon) == 0:
        return polygon
    if len(polygon) == 1:
        return polygon if polygon[0, axis] >= bound else polygon[:0]
    out = []
    for k in range(len(polygon)):
        p, q = polygon[k], polygon[(k + 1) % len(polygon)]
        p_in, q_in = p[axis] >= bound, q[axis] >= bound
        if p_in:
            out.append(p)
        if p_in != q_in:
            t = (bound - p[axis]) / (q[axis] - p[axis])
            out.append(p + t * (q - p))
    return np.array(out).reshape(-1, 2)


def _step(polygon, payoffs, deviation, delta):
    lows = polygon.min(axis=0)
    pieces = []
    for a in range(len(payoffs)):
        bounds = lows + (1 - delta) / delta * (deviation[a] - payoffs[a])
        slack = 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(bounds))  # keep edge points
        piece = clip(clip(polygon, 0, bounds[0] - slack[0]), 1, bounds[1] - slack[1])
        if len(piece):
            pieces.append((1 - delta) * payoffs[a] + delta * piece)
    if not pieces:
        return np.zeros((0, 2))
    return convex_hull(np.concatenate(pieces))


def _profiles(row_payoffs, col_payoffs):
    """Payoff pair ``u(a)`` and best-deviation pair ``d(a)`` of every pure profile."""
    row, col = np.asarray(row_payoffs, float), np.asarray(col_payoffs, float)
    m, n = row.shape
    payoffs = np.stack([row.reshape(-1), col.reshape(-1)], axis=1)
    deviation = np.stack(
        [np.broadcast_to(row.max(axis=0), (m, n)).reshape(-1),
         np.broadcast_to(col.max(axis=1)[:, None], (m, n)).reshape(-1)],
        axis=1,
    )  # fmt: skip
    return payoffs, deviation


def equilibrium_payoff_set(
    row_payoffs, col_payoffs, delta: float, tolerance: float = RELATIVE_TOLERANCE
) -> PayoffSet:
    """``V*`` of the repeated game of the stage game ``(row_payoffs, col_payoffs)`` at ``delta``."""
    if not 0 < delta < 1:
        raise ValueError("delta must lie in (0, 1)")
    payoffs, deviation = _profiles(row_payoffs, col_payoffs)
    polygon = convex_hull(payoffs)
    converged = False
    iterations = 0
    for iterations in range(1, MAX_ITERATIONS + 1):  # noqa: B007
        image = _step(polygon, payoffs, deviation, delta)
        if len(image) == 0:
            polygon, converged = image, True
            break
        moved = _hausdorff(image, polygon)
        polygon = image
        if moved <= tolerance * (1 - delta):
            converged = True
            break
    return PayoffSet(
        method="aps-polygon-iteration",
        vertices=simplify(polygon, 1e3 * tolerance),
        parameters={"tolerance": tolerance},
        assumptions=Assumptions(monitoring="perfect", discount=delta, notes=(
            "pure stage actions with public randomisation", "infinite horizon")),
        delta=float(delta),
        iterations=iterations,
        converged=converged,
    )  # fmt: skip


def simplify(polygon: np.ndarray, tolerance: float) -> np.ndarray:
    """Drop repeated vertices and vertices on the segment between their neighbours."""
    points = list(np.asarray(polygon, float))
    changed = True
    while changed and len(points) > 2:
        changed = False
        for k in range(len(points)):
            a, b, c = points[k - 1], points[k], points[(k + 1) % len(points)]
            area = abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
            if np.linalg.norm(b - a) <= tolerance or area <= tolerance * np.linalg.norm(c - a):
                del points[k]
                changed = True
                break
    return np.array(points).reshape(-1, 2)


def _hausdorff(a: np.ndarray, b: np.ndarray) -> float:
    """Hausdorff distance between two vertex sets (the stopping rule)."""
    distance = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=-1)
    return float(max(distance.min(axis=1).max(), distance.min(axis=0).max()))


def folk_theorem_bound(row_payoffs, col_payoffs) -> np.ndarray:
    """Feasible payoffs at least each player's pure minmax value: the limit of ``V*``."""
    row, col = np.asarray(row_payoffs, float), np.asarray(col_payoffs, float)
    minmax = np.array([row.max(axis=0).min(), col.max(axis=1).min()])
    payoffs, _ = _profiles(row, col)
    polygon = convex_hull(payoffs)
    return convex_hull(clip(clip(polygon, 0, minmax[0]), 1, minmax[1]))
