"""Calibration of the posterior: do 95% intervals cover the truth 95% of the time?

For ``seeds`` repetitions: draw the true parameters from the uniform prior, sample a hidden
history at them (:func:`sim.infer.sample.sample_histories`), keep what an observer would
see (each field every round, or in a random share of rounds), and compute the grid
posterior (:mod:`sim.infer.grid`). When the truth is drawn from the prior, a Bayesian 95%
interval covers it with probability 0.95 exactly (up to the grid's resolution), so the
coverage count is binomial around 0.95 (Cook, Gelman and Rubin 2006; Talts et al. 2018).
The chain at the grid's points is built once and serves every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.infer.forward import forward
from sim.infer.grid import grid_points, grid_posterior
from sim.infer.sample import sample_histories
from sim.results import Result, estimate, jsonable


@dataclass(frozen=True, eq=False)
class Coverage(Result):
    """How often each parameter's 95% interval covered its true value."""

    names: tuple[str, ...] = ()
    covered: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    @property
    def rates(self) -> np.ndarray:
        return self.covered.mean(axis=0)

    def payload(self) -> dict[str, Any]:
        seeds = len(self.covered)
        out = {}
        for k, name in enumerate(self.names):
            rate = float(self.rates[k])
            out[name] = estimate(rate, np.sqrt(rate * (1 - rate) / seeds))
        return jsonable({"seeds": seeds, "nominal": 0.95, "coverage": out})


@dataclass(frozen=True)
class _OnGrid:
    chain: Any
    record: Any
    names: tuple[str, ...]

    def __call__(self, points):
        return forward(self.chain, self.record).log_likelihood


def interval_coverage(
    chain_at,
    names: tuple[str, ...],
    bounds: dict[str, tuple[float, float]],
    keep: dict[str, float],
    *,
    hide_as: dict[str, tuple[int, ...]] | None = None,
    rounds: int = 60,
    seeds: int = 100,
    nodes: int = 21,
    seed: int = 0,
) -> Coverage:
    """Coverage of the 95% intervals of ``names`` over ``seeds`` sampled records.

    Parameters
    ----------
    chain_at
        ``chain_at(values)``: the joint chain at parameter values (a dict of arrays).
    keep
        Share of rounds in which each field is seen (1: every round).
    hide_as
        For a field not seen: the set of values it is known to lie in, when it lies there.
    """
    axes = [np.linspace(*bounds[n], nodes) for n in names]
    points = grid_points(axes)
    grid_chain = chain_at(dict(zip(names, points.T, strict=True)))
    box = np.array([bounds[n] for n in names], dtype=float)
    covered = np.zeros((seeds, len(names)), dtype=bool)
    for k in range(seeds):
        rng = np.random.default_rng([seed, k])
        truth = box[:, 0] + (box[:, 1] - box[:, 0]) * rng.random(len(names))
        history = sample_histories(chain_at(dict(zip(names, truth, strict=True))), rounds, 1, rng)
        shown = {f: share >= 1 or rng.random(rounds) < share for f, share in keep.items()}
        record = history.record(0, shown, hide_as=hide_as)
        posterior = grid_posterior(_OnGrid(grid_chain, record, names), bounds, nodes)
        for p, name in enumerate(names):
            low, high = posterior.summary(name)["ci95"]
            covered[k, p] = low <= truth[p] <= high
    return Coverage(
        method="simulation-based-calibration",
        parameters={
            "seeds": seeds,
            "rounds": rounds,
            "nodes": nodes,
            "seed": seed,
            "keep": keep,
            "bounds": bounds,
        },  # fmt: skip
        names=tuple(names),
        covered=covered,
    )
