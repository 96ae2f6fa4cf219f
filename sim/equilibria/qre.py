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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.equilibria.nash import game_payoffs
from sim.tolerance import QRE_MIN_STEP, QRE_RESIDUAL, RELATIVE_TOLERANCE

CORRECTOR_TOLERANCE = QRE_RESIDUAL
"""Largest residual accepted by the corrector (the equations are in log-probabilities)."""


@dataclass(frozen=True)
class QREPath:
    """Points of the principal branch of the logit QRE correspondence.

    Attributes
    ----------
    precision
        ``(K,)`` values of lambda along the branch (increasing except where it bends back).
    row, col
        ``(K, m)`` and ``(K, n)`` mixed strategies.
    """

    precision: np.ndarray
    row: np.ndarray
    col: np.ndarray


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
    """
    A, B, half = _scaled_payoffs(game)
    end = 1e4 if max_precision is None else max_precision * 2 * half
    z = np.array(list(_branch(A, B, end, max_steps)))
    m = A.shape[0]
    return QREPath(z[:, -1] / 2 / half, _probabilities(z[:, :m]), _probabilities(z[:, m:-1]))


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
    for z in _branch(A, B, target, max_steps):
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


def _split(A, z):
    m = A.shape[0]
    return z[:m], z[m:-1], z[-1]


def _tangent(J: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    t = np.linalg.svd(J)[2][-1]
    if previous is None:
        return t if t[-1] > 0 else -t
    return t if t @ previous > 0 else -t


def _correct(A, B, z: np.ndarray) -> np.ndarray | None:
    """Gauss-Newton with the pseudo-inverse back onto the curve; None if it fails."""
    for _ in range(8):
        w, v, lam = _split(A, z)
        H = qre_residual(A, B, w, v, lam)
        if np.max(np.abs(H)) <= CORRECTOR_TOLERANCE:
            return z
        step = np.linalg.lstsq(qre_jacobian(A, B, w, v, lam), H, rcond=None)[0]
        z = z - step
        if not np.all(np.isfinite(z)):
            return None
    w, v, lam = _split(A, z)
    return z if np.max(np.abs(qre_residual(A, B, w, v, lam))) <= 1e3 * CORRECTOR_TOLERANCE else None


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


def _branch(A, B, max_precision: float, max_steps: int):
    """Yield points ``(w, v, lambda)`` of the principal branch until lambda passes the end."""
    m, n = A.shape
    z = np.concatenate([np.full(m, -np.log(m)), np.full(n, -np.log(n)), [0.0]])
    h = 0.1
    tangent = None
    yield z
    for _ in range(max_steps):
        w, v, lam = _split(A, z)
        tangent = _tangent(qre_jacobian(A, B, w, v, lam), tangent)
        while True:
            candidate = _correct(A, B, z + h * tangent)
            if candidate is not None and np.linalg.norm(candidate - z) <= 2 * h:
                break
            h /= 2
            if h < QRE_MIN_STEP:
                raise RuntimeError("QRE continuation failed to converge")
        z = candidate
        yield z
        if z[-1] >= max_precision:
            return
        h = min(h * 1.5, 1.0 + 0.1 * abs(z[-1]))
    raise RuntimeError(f"QRE path did not reach lambda = {max_precision} in {max_steps} steps")
