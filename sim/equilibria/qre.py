"""Logit quantal response equilibrium and its path as the precision grows.

At precision ``lambda >= 0`` the logit QRE (McKelvey and Palfrey 1995, "Quantal response
equilibria for normal form games", Games Econ. Behav. 10, 6-38) is a profile with

    x_i = exp(lambda (A y)_i) / sum_k exp(lambda (A y)_k),
    y_j = exp(lambda (x^T B)_j) / sum_l exp(lambda (x^T B)_l).

At ``lambda = 0`` it is the uniform profile; the branch that starts there (the principal
branch) is a smooth curve that, for almost every game, converges to a Nash equilibrium as
``lambda -> infinity`` (the logit tracing procedure). It may bend back in ``lambda``, so it is
followed by pseudo-arclength continuation in the unknowns ``(log x, log y, lambda)``:
an Euler predictor along the tangent (the null vector of the Jacobian) and a Gauss-Newton
corrector with the Moore-Penrose pseudo-inverse (Allgower and Georg 1990, *Numerical
Continuation Methods*, ch. 5; Turocy 2005, "A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence", Games Econ. Behav. 51, 243-263). The equations,
with ``w = log x`` and ``v = log y``, are

    w_i - w_0 - lambda ((A y)_i - (A y)_0) = 0  (i >= 1),   sum_i exp(w_i) = 1,
    v_j - v_0 - lambda ((x^T B)_j - (x^T B)_0) = 0  (j >= 1),   sum_j exp(v_j) = 1.

The path following is :func:`sim.equilibria.continuation.trace`; the turning points (lambda
goes back) and simple bifurcation points (the orientation ``sign det [J; t^T]`` flips) it
passes are reported in :attr:`QREPath.events`. A generic game has no bifurcation on its
principal branch (McKelvey and Palfrey 1995, theorem 3); games with symmetries (symmetric
chicken) do, and there the branch of the game is not unique. As Gambit's logit solver
does, the path is then carried past the bifurcation on the game perturbed by a fixed generic
payoff perturbation of relative size ``QRE_PERTURBATION`` (seeded), which has no bifurcation
there and joins one of the outgoing branches, and the perturbation is switched off again
beyond it; the points of that stretch are left out of the path. The end of the path, at
large lambda, is matched with the nearest Nash equilibrium: the limit of the logit tracing
procedure (McKelvey and Palfrey 1995, section 3; Turocy 2005, theorem 1 for 2x2 games,
where it is the risk-dominant equilibrium).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.equilibria.continuation import CurvePoint, trace
from sim.equilibria.nash import game_payoffs
from sim.equilibria.qre_limit import path_limit
from sim.tolerance import QRE_PERTURBATION, QRE_RESIDUAL, RELATIVE_TOLERANCE

CORRECTOR_TOLERANCE = QRE_RESIDUAL
"""Largest residual accepted by the corrector (the equations are in log-probabilities)."""

PERTURBATION_SEED = 2005
"""Seed of the generic payoff perturbation used past bifurcation points."""

MAX_PERTURBATIONS = 8
"""Bifurcations passed by perturbation; beyond them the path goes straight through."""


@dataclass(frozen=True)
class QREEvent:
    """A special point passed by the principal branch.

    Attributes
    ----------
    kind
        ``"turning_point"`` (lambda turns back) or ``"bifurcation"`` (another branch crosses).
    precision
        ``(before, after)``: lambda at the accepted points on either side.
    row, col
        The mixed strategies at the point before.
    passed
        ``"perturbation"`` (a bifurcation passed on the perturbed game), ``"straight"`` (a
        bifurcation passed without a perturbation) or ``"smooth"`` (a turning point).
    """

    kind: str
    precision: tuple[float, float]
    row: np.ndarray
    col: np.ndarray
    passed: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "precision": list(self.precision),
            "row": self.row.tolist(),
            "col": self.col.tolist(),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class QREPath:
    """Points of the principal branch of the logit QRE correspondence.

    Attributes
    ----------
    precision
        ``(K,)`` values of lambda along the branch (increasing except where it bends back).
    row, col
        ``(K, m)`` and ``(K, n)`` mixed strategies.
    events
        The turning points and bifurcations passed, in path order.
    limit
        ``None``, or ``{"equilibrium": index into the equilibria given to
        :func:`qre_path` (None if no equilibrium is within
        :data:`~sim.equilibria.qre_limit.LIMIT_DISTANCE`), "distance": ..., "precision":
        lambda at the end}``, with the strategies ``"row"`` and ``"col"`` of the nearest
        equilibrium when a list cut short lacks it (:func:`~sim.equilibria.qre_limit.path_limit`).
    """

    precision: np.ndarray
    row: np.ndarray
    col: np.ndarray
    events: tuple[QREEvent, ...] = ()
    limit: dict | None = None


def empty_path(m: int, n: int) -> QREPath:
    """The path of an ``m x n`` game that was not traced: no points, no events, no limit."""
    return QREPath(np.empty(0), np.empty((0, m)), np.empty((0, n)))


@dataclass(frozen=True)
class LogitQRE:
    """The logit QRE at one precision: ``precision``, ``row`` ``(m,)`` and ``col`` ``(n,)``."""

    precision: float
    row: np.ndarray
    col: np.ndarray


def qre_residual(A, B, w, v, lam) -> np.ndarray:
    """The equations of the module docstring at ``(w, v, lam)``, shape ``(m + n,)``."""
    x, y = np.exp(w), np.exp(v)
    row_values, col_values = A @ y, x @ B
    return np.concatenate(
        [
            w[1:] - w[0] - lam * (row_values[1:] - row_values[0]),
            [x.sum() - 1.0],
            v[1:] - v[0] - lam * (col_values[1:] - col_values[0]),
            [y.sum() - 1.0],
        ]
    )


def qre_jacobian(A, B, w, v, lam) -> np.ndarray:
    """Jacobian of :func:`qre_residual` in ``(w, v, lam)``, shape ``(m + n, m + n + 1)``."""
    m, n = A.shape
    x, y = np.exp(w), np.exp(v)
    J = np.zeros((m + n, m + n + 1))
    J[: m - 1, 1:m] = np.eye(m - 1)
    J[: m - 1, 0] = -1.0
    J[: m - 1, m : m + n] = -lam * (A[1:] - A[0]) * y
    J[: m - 1, -1] = -((A[1:] - A[0]) @ y)
    J[m - 1, :m] = x
    J[m : m + n - 1, m + 1 : m + n] = np.eye(n - 1)
    J[m : m + n - 1, m] = -1.0
    J[m : m + n - 1, :m] = -lam * (B[:, 1:] - B[:, :1]).T * x
    J[m : m + n - 1, -1] = -(x @ (B[:, 1:] - B[:, :1]))
    J[m + n - 1, m : m + n] = y
    return J


def qre_path(
    game,
    max_precision: float | None = None,
    *,
    max_steps: int = 20_000,
    equilibria=None,
) -> QREPath:
    """Follow the principal branch from ``lambda = 0`` until ``lambda >= max_precision``.

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game` or a pair ``(A, B)``.
    max_precision
        Where to stop; by default ``10^4`` divided by the larger payoff range (by 1 if
        both players' payoffs are constant), far enough to be near a Nash equilibrium.
    max_steps
        Limit on continuation steps.
    equilibria
        The game's Nash equilibria (an ``EquilibriumSet``, or any object with ``row`` and
        ``col`` arrays) to name the limit of the path; computed when not given.
    """
    A, B, half = _scaled_payoffs(game)
    end = 1e4 if max_precision is None else max_precision * 2 * half
    points, events = _principal_branch(A, B, end, max_steps, half)
    z = np.array(points)
    m = A.shape[0]
    row, col = _probabilities(z[:, :m]), _probabilities(z[:, m:-1])
    payoffs = game_payoffs(game)
    if equilibria is None:
        from sim.equilibria.nash import nash_equilibria

        equilibria = nash_equilibria(payoffs)
    return QREPath(
        z[:, -1] / 2 / half,
        row,
        col,
        tuple(events),
        path_limit(*payoffs, row[-1], col[-1], equilibria, z[-1, -1] / 2 / half),
    )


def logit_qre(game, precision: float, *, max_steps: int = 20_000) -> LogitQRE:
    """The logit QRE at ``precision`` on the principal branch (its first point there).

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game` or a pair ``(A, B)``.
    precision
        lambda, in the units of the payoffs (``lambda = 0``: uniform play).
    """
    if precision < 0:
        raise ValueError("the precision lambda must be nonnegative")
    A, B, half = _scaled_payoffs(game)
    target = precision * 2 * half
    m = A.shape[0]
    previous = None
    for z in _principal_branch(A, B, target, max_steps, half)[0]:
        if z[-1] >= target:
            start = z if previous is None else _interpolate(previous, z, target)
            z = _correct_fixed(A, B, start[:-1], target)
            break
        previous = z
    return LogitQRE(float(precision), _probabilities(z[:m]), _probabilities(z[m:]))


def _scaled_payoffs(game) -> tuple[np.ndarray, np.ndarray, float]:
    """Payoffs less their minimum, divided by the larger payoff range (1 if both players'
    payoffs are constant), and half that range (a range of payoffs near the float maximum
    may be beyond the float range, its half is not; halving is exact).

    Logit responses see only payoff differences, so the QRE at precision ``lambda`` of
    ``(A, B)`` is the QRE at ``lambda * scale`` of ``((A - min A) / scale, (B - min B) /
    scale)``; continuing in these units keeps steps and rounding independent of the payoffs'
    scale and offset.
    """
    A, B = game_payoffs(game)
    half = float(max(np.ptp(A / 2), np.ptp(B / 2)))
    largest = max(np.abs(A).max(), np.abs(B).max())
    half = half if 2 * half > RELATIVE_TOLERANCE * largest else 0.5
    return (A / 2 - A.min() / 2) / half, (B / 2 - B.min() / 2) / half, half


def _probabilities(logs: np.ndarray) -> np.ndarray:
    p = np.exp(logs - logs.max(axis=-1, keepdims=True))
    return p / p.sum(axis=-1, keepdims=True)


def _interpolate(a: np.ndarray, b: np.ndarray, lam: float) -> np.ndarray:
    t = (lam - a[-1]) / (b[-1] - a[-1]) if b[-1] != a[-1] else 1.0
    return a + t * (b - a)


def _correct_fixed(A, B, wv: np.ndarray, lam: float) -> np.ndarray:
    """Newton in ``(w, v)`` at fixed lambda."""
    m = A.shape[0]
    for _ in range(50):
        H = qre_residual(A, B, wv[:m], wv[m:], lam)
        if np.max(np.abs(H)) <= CORRECTOR_TOLERANCE:
            break
        J = qre_jacobian(A, B, wv[:m], wv[m:], lam)[:, :-1]
        wv = wv - np.linalg.lstsq(J, H, rcond=None)[0]
    return wv


def _system(A, B):
    m = A.shape[0]
    return (
        lambda z: qre_residual(A, B, z[:m], z[m:-1], z[-1]),
        lambda z: qre_jacobian(A, B, z[:m], z[m:-1], z[-1]),
    )


def _follow(A, B, start, direction, stop, max_steps):
    residual, jacobian = _system(A, B)
    return trace(
        residual,
        jacobian,
        start,
        direction,
        stop,
        max_steps=max_steps,
        first_step=0.1,
        max_step=lambda z: 1.0 + 0.1 * abs(z[-1]),
    )


def _principal_branch(A, B, end: float, max_steps: int, half: float = 0.5):
    """Points ``(w, v, lambda)`` of the principal branch until lambda passes ``end``, and the
    events passed (their precision in payoff units: divided by twice ``half``)."""
    m, n = A.shape
    start, direction = _uniform_start(m, n)
    rng = np.random.default_rng(PERTURBATION_SEED)
    P, Q = QRE_PERTURBATION * rng.standard_normal((2, m, n))
    points, events, perturbed = [start], [], 0
    while True:
        crossing = _until_bifurcation(A, B, start, direction, end, max_steps, points, events, half)
        if crossing is None:
            return points, events
        before, after = crossing
        straight = perturbed >= MAX_PERTURBATIONS
        events.append(
            _event(
                "bifurcation", before, after, m, half, "straight" if straight else "perturbation"
            )
        )
        if straight:
            start, direction = after.z, after.tangent
            continue
        perturbed += 1
        passed = _perturbed_stretch(A + P, B + Q, before, after, max_steps)
        if passed is None:
            events[-1] = _event("bifurcation", before, after, m, half, "straight")
            passed = after.z, after.tangent
        start, direction = passed


def _uniform_start(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Where every game's principal branch starts, ``(log 1/m, log 1/n, lambda = 0)``, and
    its direction there (lambda increasing)."""
    start = np.concatenate([np.full(m, -np.log(m)), np.full(n, -np.log(n)), [0.0]])
    direction = np.zeros(m + n + 1)
    direction[-1] = 1.0
    return start, direction


def _perturbed_stretch(A, B, before: CurvePoint, after: CurvePoint, max_steps: int):
    """Follow the perturbed game from ``before`` until lambda is past ``after`` by the width
    of the bracket again (and a twentieth); the last point and its tangent.

    Where ``before`` is too far from the perturbed game's curve for the corrector (a
    bifurcation right at the start, as in a large coordination game), the perturbed
    branch is followed from ``lambda = 0`` instead, where every game's branch starts at
    uniform play; where that fails too, the bifurcation is passed straight (None)."""
    off = after.z[-1] + (after.z[-1] - before.z[-1]) + 0.05 * abs(after.z[-1])
    for z, tangent in ((before.z, before.tangent), _uniform_start(*A.shape)):
        last = None
        try:
            for point in _follow(A, B, z, tangent, lambda z: z[-1] >= off, max_steps):
                last = point
        except RuntimeError:
            continue
        if last is not None and last.z[-1] >= off:
            return last.z, last.tangent
    return None


def _until_bifurcation(A, B, start, direction, end, max_steps, points, events, half):
    """Follow ``(A, B)``, appending points and turning points, until lambda passes ``end``
    (None) or a bifurcation is crossed (the points on either side)."""
    m = A.shape[0]
    previous: CurvePoint | None = None
    for point in _follow(A, B, start, direction, lambda z: z[-1] >= end, max_steps):
        if previous is not None:
            if previous.orientation != point.orientation:
                return previous, point
            if previous.tangent[-1] * point.tangent[-1] < 0:
                events.append(_event("turning_point", previous, point, m, half, "smooth"))
        if previous is not None or len(points) > 1:
            points.append(point.z)
        previous = point
    return None


def _event(kind, before: CurvePoint, after: CurvePoint, m: int, half: float, passed: str):
    return QREEvent(
        kind,
        (float(before.z[-1] / 2 / half), float(after.z[-1] / 2 / half)),
        _probabilities(before.z[:m]),
        _probabilities(before.z[m:-1]),
        passed,
    )
