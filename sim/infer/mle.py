"""Maximum-likelihood estimates of scenario parameters from a record.

The negative log-likelihood is minimised by L-BFGS-B within the parameters' ranges
(Byrd, Lu, Nocedal and Zhu 1995, via ``scipy.optimize.minimize``), from the best node of a
coarse batched grid. Standard errors are the square roots of the diagonal of the inverse
observed information ``I = -d^2 log L / d theta^2`` (Wald), whose central differences
are evaluated in one batched pass; a maximum on a bound of a range gets no Wald interval.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from sim.infer.grid import grid_points
from sim.infer.results import MaximumLikelihood
from sim.tolerance import BOUND_SLACK, DIFFERENCE_STEP

START_NODES = 5
"""Nodes per parameter of the batched grid the optimiser starts from."""


def maximum_likelihood(likelihood, bounds: dict[str, tuple[float, float]]) -> MaximumLikelihood:
    """The maximum-likelihood estimate of ``likelihood.names`` within ``bounds``."""
    names = likelihood.names
    box = np.array([bounds[n] for n in names], dtype=float)
    inner = box[:, :1] + (box[:, 1:] - box[:, :1]) * np.linspace(0.05, 0.95, START_NODES)
    starts = grid_points(list(inner))
    values = likelihood(starts)
    parameters = {"optimizer": "L-BFGS-B", "bounds": bounds}
    if np.all(values == -np.inf):
        return MaximumLikelihood(
            method="maximum-likelihood", parameters=parameters, names=names,
            values=np.full(len(names), np.nan), standard_errors=np.full(len(names), np.nan),
            log_likelihood=-np.inf, converged=False, at_bound=(False,) * len(names),
        )  # fmt: skip

    def objective(theta):
        value = likelihood(theta[None, :])[0]
        return 1e300 if value == -np.inf else -value

    fit = optimize.minimize(objective, starts[np.argmax(values)], method="L-BFGS-B", bounds=box)
    span = box[:, 1] - box[:, 0]
    at_bound = tuple(
        bool(x) for x in np.minimum(fit.x - box[:, 0], box[:, 1] - fit.x) < BOUND_SLACK * span
    )
    step = span * DIFFERENCE_STEP
    inside = np.all(fit.x - 2 * step >= box[:, 0]) and np.all(fit.x + 2 * step <= box[:, 1])
    se = standard_errors(likelihood, fit.x, step) if inside else np.full(len(names), np.nan)
    return MaximumLikelihood(
        method="maximum-likelihood",
        parameters=parameters,
        names=names,
        values=fit.x,
        standard_errors=se,
        log_likelihood=float(-fit.fun),
        converged=bool(fit.success),
        at_bound=at_bound,
        spans=tuple(float(x) for x in span),
    )


def standard_errors(likelihood, theta: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Wald standard errors at ``theta`` from the central-difference Hessian of ``log L``.

    ``H_kl = [f(+k+l) - f(+k-l) - f(-k+l) + f(-k-l)] / (4 h_k h_l)`` (``f(+k+k)`` uses
    ``2 h_k``); all stencil points are evaluated in one batch. ``nan`` where the observed
    information is not positive definite.
    """
    d = len(theta)
    signs = [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    points = []
    for k in range(d):
        for j in range(d):
            for a, b in signs:
                shift = np.zeros(d)
                shift[k] += a * step[k]
                shift[j] += b * step[j]
                points.append(theta + shift)
    values = likelihood(np.array(points)).reshape(d, d, 4)
    hessian = (values[..., 0] - values[..., 1] - values[..., 2] + values[..., 3]) / (
        4 * step[:, None] * step[None, :]
    )
    information = -(hessian + hessian.T) / 2
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        return np.full(d, np.nan)
    diagonal = np.diag(covariance)
    if not np.all(np.isfinite(information)) or np.any(np.linalg.eigvalsh(information) <= 0):
        return np.full(d, np.nan)
    return np.sqrt(diagonal)
