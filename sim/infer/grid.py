"""Posterior of 1-3 parameters on a grid, and the marginal likelihood with its error.

With a uniform prior on the box ``B = prod_k [low_k, high_k]`` and ``n`` (odd) equally
spaced nodes per axis, the marginal likelihood (evidence) is

    Z = int_B L(theta) pi(theta) dtheta,   pi = 1 / |B|

computed by the composite trapezoidal rule ``T_h`` on the nodes. Its numerical error is
estimated by Richardson's comparison with the rule on every other node,
``|T_h - T_2h| / 3`` (the trapezoidal rule's error is ``O(h^2)``; Davis and Rabinowitz
1984, sec. 2.9 and 6.3). Posterior means, standard deviations and equal-tailed 95%
intervals of each parameter come from the same weights; interval ends carry the grid's
resolution ``h``.
"""

from __future__ import annotations

import numpy as np

from sim.infer.results import GridPosterior


def trapezoid_weights(nodes: int) -> np.ndarray:
    """Weights of the composite trapezoidal rule on ``nodes`` points of ``[0, 1]``."""
    weights = np.full(nodes, 1.0 / (nodes - 1))
    weights[[0, -1]] /= 2
    return weights


def grid_points(axes: list[np.ndarray]) -> np.ndarray:
    """Every node of the grid ``axes`` as ``(P, d)``, the last axis varying fastest."""
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.reshape(-1) for m in mesh], axis=-1)


def log_evidence(log_likelihood: np.ndarray) -> tuple[float, float]:
    """``(log Z, error of log Z)`` of ``log L`` on an odd grid of the unit box (any dimension).

    ``Z`` is the trapezoidal rule over the box divided by its volume (the uniform prior);
    the error is ``|T_h - T_2h| / 3`` relative to ``T_h``. ``log Z = -inf`` (error 0) when
    the record is impossible at every node.
    """
    fine = _rule(log_likelihood)
    coarse = _rule(log_likelihood[tuple(slice(None, None, 2) for _ in log_likelihood.shape)])
    if fine[0] == -np.inf:
        return -np.inf, 0.0
    relative = abs(1.0 - np.exp(coarse[0] - fine[0])) / 3.0 if coarse[0] > -np.inf else np.inf
    return fine[0], float(relative)


def _rule(log_likelihood: np.ndarray) -> tuple[float]:
    top = np.max(log_likelihood)
    if top == -np.inf:
        return (-np.inf,)
    scaled = np.exp(log_likelihood - top)
    for axis, nodes in enumerate(log_likelihood.shape):
        shape = [1] * scaled.ndim
        shape[axis] = nodes
        scaled = scaled * trapezoid_weights(nodes).reshape(shape)
    return (float(top + np.log(scaled.sum())),)


def grid_posterior(
    likelihood, bounds: dict[str, tuple[float, float]], nodes: int = 41, *, label: str = ""
) -> GridPosterior:
    """The posterior of ``likelihood.names`` on a grid of ``nodes`` points per parameter.

    Parameters
    ----------
    likelihood
        A :class:`~sim.infer.likelihood.RecordLikelihood` (called on ``(P, d)`` points).
    bounds
        The uniform prior's ``(low, high)`` for each name.
    nodes
        Odd number of nodes per axis, ends included.
    """
    names = likelihood.names
    if not 1 <= len(names) <= 3:
        raise ValueError(f"a grid serves 1 to 3 parameters, not {len(names)}")
    if nodes < 3 or nodes % 2 == 0:
        raise ValueError(f"nodes must be odd and at least 3, not {nodes}")
    axes = [np.linspace(*bounds[name], nodes) for name in names]
    values = likelihood(grid_points(axes)).reshape((nodes,) * len(names))
    log_z, error = log_evidence(values)
    weights = np.zeros(values.shape)
    if log_z > -np.inf:
        weights = np.exp(values - values.max())
        for axis in range(len(names)):
            shape = [1] * len(names)
            shape[axis] = nodes
            weights = weights * trapezoid_weights(nodes).reshape(shape)
        weights /= weights.sum()
    return GridPosterior(
        method="grid-posterior",
        parameters={"nodes": nodes, "prior": "uniform", "bounds": bounds, "profile": label},
        names=tuple(names),
        axes=tuple(axes),
        log_likelihood=values,
        weights=weights,
        log_evidence=log_z,
        log_evidence_error=error,
    )
