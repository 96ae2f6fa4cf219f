"""Posterior of more than three parameters by Markov chain Monte Carlo (emcee).

The affine-invariant ensemble sampler of Goodman and Weare (2010), as implemented by emcee
(Foreman-Mackey, Hogg, Lang and Goodman 2013), on ``log p(theta | record) = log L(theta)
+ log pi(theta) + const`` with a uniform prior on the parameters' box. All walkers are
evaluated in one batched forward pass per step (``vectorize=True``). Estimates carry their
Monte Carlo standard error ``sd * sqrt(tau / (walkers * kept steps))`` with ``tau`` the
integrated autocorrelation time (Sokal 1997; emcee's estimator); when the chain is shorter
than 50 ``tau`` the estimate of ``tau`` is unreliable and the result says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.results import Result, estimate, jsonable


@dataclass(frozen=True, eq=False)
class McmcPosterior(Result):
    """Posterior draws of ``names`` (``samples``: ``(draws, d)``) with their diagnostics."""

    names: tuple[str, ...] = ()
    samples: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    autocorrelation: np.ndarray = field(default_factory=lambda: np.zeros(0))
    acceptance: float = 0.0
    reliable: bool = False

    def summary(self, name: str) -> dict[str, Any]:
        """Posterior mean with its Monte Carlo error, sd and 95% interval of ``name``."""
        draws = self.samples[:, self.names.index(name)]
        tau = float(self.autocorrelation[self.names.index(name)])
        sd = float(draws.std(ddof=1))
        mcse = sd * np.sqrt(max(tau, 1.0) / len(draws))
        low, high = np.quantile(draws, [0.025, 0.975])
        return {"mean": estimate(draws.mean(), mcse), "sd": sd, "ci95": [low, high], "tau": tau}

    def payload(self) -> dict[str, Any]:
        return jsonable(
            {
                "estimates": {n: self.summary(n) for n in self.names},
                "acceptance": self.acceptance,
                "draws": len(self.samples),
                "autocorrelation_reliable": self.reliable,
            }
        )


def sample_posterior(
    likelihood,
    bounds: dict[str, tuple[float, float]],
    *,
    walkers: int = 32,
    steps: int = 1000,
    burn: int = 250,
    seed: int = 0,
) -> McmcPosterior:
    """Posterior draws of ``likelihood.names`` under a uniform prior on ``bounds``."""
    import emcee

    names = likelihood.names
    box = np.array([bounds[n] for n in names], dtype=float)
    rng = np.random.default_rng(seed)

    def log_posterior(theta: np.ndarray) -> np.ndarray:
        inside = np.all((theta >= box[:, 0]) & (theta <= box[:, 1]), axis=1)
        out = np.full(len(theta), -np.inf)
        if inside.any():
            out[inside] = likelihood(theta[inside])
        return out

    start = _start(log_posterior, box, walkers, rng)
    state = emcee.State(start, random_state=np.random.RandomState(rng.integers(2**32)).get_state())
    sampler = emcee.EnsembleSampler(walkers, len(names), log_posterior, vectorize=True)
    sampler.run_mcmc(state, steps, progress=False)
    emcee_log = logging.getLogger("emcee")
    level = emcee_log.level
    emcee_log.setLevel(logging.ERROR)  # a short chain is reported in the result, not logged
    try:
        tau = sampler.get_autocorr_time(discard=burn, quiet=True)
    finally:
        emcee_log.setLevel(level)
    kept = steps - burn
    return McmcPosterior(
        method="emcee-ensemble",
        parameters={
            "walkers": walkers,
            "steps": steps,
            "burn": burn,
            "seed": seed,
            "prior": "uniform",
            "bounds": bounds,
        },  # fmt: skip
        names=tuple(names),
        samples=sampler.get_chain(discard=burn, flat=True),
        autocorrelation=np.asarray(tau, dtype=float),
        acceptance=float(np.mean(sampler.acceptance_fraction)),
        reliable=bool(np.all(kept > 50 * np.asarray(tau))),
    )


def _start(log_posterior, box, walkers, rng) -> np.ndarray:
    """Walkers drawn from the prior among points where the record is possible."""
    candidates = box[:, 0] + (box[:, 1] - box[:, 0]) * rng.random((20 * walkers, len(box)))
    finite = candidates[np.isfinite(log_posterior(candidates))]
    if len(finite) < walkers:
        raise ValueError("the record is impossible almost everywhere in the prior's box")
    return finite[rng.choice(len(finite), walkers, replace=False)]
