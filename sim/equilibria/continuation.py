"""Pseudo-arclength continuation of a curve ``H(z) = 0`` in ``R^(N+1)``, with the turning
points and simple bifurcation points it passes.

Predictor-corrector path following (Allgower and Georg 1990, *Numerical Continuation
Methods*, Springer; sections 2.1-2.3 and 8.1): at a point ``z`` of the curve the tangent
``t`` solves the augmented system

    [ J(z)    ]       [ 0 ]
    [ t_prev^T] t  =  [ 1 ],   then  t <- t / |t|,

so that it is oriented like the previous tangent (``t . t_prev > 0``); the Euler predictor
``z + h t`` is pulled back onto the curve by Gauss-Newton steps with the Moore-Penrose
pseudo-inverse of ``J`` (Allgower and Georg, section 5.2), the step ``h`` halved when the
corrector fails or the tangent turns by more than :data:`MAX_TURN` radians, and grown after
a success. Because the curve is followed in its arc length, not in its last coordinate
(the parameter, ``lambda`` for the logit QRE), it passes points where the parameter turns
back.

Two kinds of special points are read off consecutive accepted points:

- a **turning point** of the parameter where the last tangent component ``t_N`` changes
  sign (the path goes back in the parameter);
- a **simple bifurcation point** where the orientation ``sign det [J(z); t^T]`` changes
  sign: along a regular arc of a curve oriented by its tangents it stays constant, and it
  flips when the arc crosses another branch (Allgower and Georg, theorem 8.1.14 and
  section 8.1, "detecting bifurcation points"; Gambit's ``path.cc`` and Turocy 2005 use the
  same test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from sim.tolerance import QRE_MIN_STEP, QRE_RESIDUAL

MAX_TURN = 0.6
"""Largest angle (radians) between the tangents at two consecutive accepted points."""

CORRECTOR_STEPS = 8
"""Gauss-Newton steps of the corrector before a step is refused."""


@dataclass(frozen=True, eq=False)
class CurvePoint:
    """A point ``z`` of the curve, its unit tangent and the orientation ``sign det [J; t^T]``."""

    z: np.ndarray
    tangent: np.ndarray
    orientation: int


def tangent(J: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The unit tangent of ``ker J`` oriented like ``previous`` (the augmented system)."""
    augmented = np.vstack([J, previous])
    right = np.zeros(len(previous))
    right[-1] = 1.0
    try:
        t = np.linalg.solve(augmented, right)
    except np.linalg.LinAlgError:
        t = np.linalg.svd(J)[2][-1]
        t = t if t @ previous > 0 else -t
    return t / np.linalg.norm(t)


def orientation(J: np.ndarray, t: np.ndarray) -> int:
    """``sign det [J; t^T]``: constant along a regular arc, it flips at a bifurcation."""
    return int(np.sign(np.linalg.det(np.vstack([J, t]))))


def correct(residual: Callable, jacobian: Callable, z: np.ndarray) -> np.ndarray | None:
    """Gauss-Newton with the pseudo-inverse back onto the curve; None if it fails."""
    for _ in range(CORRECTOR_STEPS):
        H = residual(z)
        if np.max(np.abs(H)) <= QRE_RESIDUAL:
            return z
        z = z - np.linalg.lstsq(jacobian(z), H, rcond=None)[0]
        if not np.all(np.isfinite(z)):
            return None
    return z if np.max(np.abs(residual(z))) <= 1e3 * QRE_RESIDUAL else None


def trace(
    residual: Callable,
    jacobian: Callable,
    start: np.ndarray,
    direction: np.ndarray,
    stop: Callable[[np.ndarray], bool],
    *,
    max_steps: int,
    first_step: float,
    max_step: Callable[[np.ndarray], float],
) -> Iterator[CurvePoint]:
    """Follow the curve from ``start`` (corrected onto it first) in the direction closest to
    ``direction``, yielding every accepted point (the start first) until ``stop(z)``.

    Raises
    ------
    RuntimeError
        If the corrector fails at every step down to ``QRE_MIN_STEP``, or the curve is not
        left within ``max_steps`` steps.
    """
    z = correct(residual, jacobian, start)
    if z is None:
        raise RuntimeError("continuation: the start point is not on the curve")
    J = jacobian(z)
    t = tangent(J, direction)
    point = CurvePoint(z, t, orientation(J, t))
    yield point
    h = first_step
    for _ in range(max_steps):
        if stop(point.z):
            return
        point, h = _step(residual, jacobian, point, h)
        yield point
        h = min(h * 1.5, max_step(point.z))
    raise RuntimeError(f"continuation did not finish in {max_steps} steps")


def _step(residual, jacobian, point: CurvePoint, h: float) -> tuple[CurvePoint, float]:
    """One accepted predictor-corrector step from ``point``, and the step length used."""
    while True:
        candidate = correct(residual, jacobian, point.z + h * point.tangent)
        if candidate is not None and np.linalg.norm(candidate - point.z) <= 2 * h:
            J = jacobian(candidate)
            t = tangent(J, point.tangent)
            if t @ point.tangent >= np.cos(MAX_TURN):
                return CurvePoint(candidate, t, orientation(J, t)), h
        h /= 2
        if h < QRE_MIN_STEP:
            raise RuntimeError("continuation failed to converge")
