"""What a record says: one call from a scenario and an events file to a typed result.

For the scenario's profile (or ``row``/``col``) and every profile the events file lists:
the record's likelihood at the scenario's values, the posterior of the estimated
parameters on a grid (uniform prior on their ranges), the hidden actions month by month
averaged over that posterior, and the profiles' posterior probabilities from their
marginal likelihoods (equal prior odds). Maximum likelihood is added on request.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sim.errors import ScenarioError
from sim.infer.average import averaged_actions, averaged_over_draws
from sim.infer.grid import grid_posterior
from sim.infer.likelihood import RecordLikelihood
from sim.infer.mcmc import McmcPosterior, sample_posterior
from sim.infer.mle import maximum_likelihood
from sim.infer.results import (
    GridPosterior,
    MaximumLikelihood,
    ProfileComparison,
    RecordPosterior,
    likelihood_entry,
)
from sim.results import Assumptions, Result, jsonable

MAX_GRID_PARAMETERS = 3
"""Up to this many parameters the posterior is a grid; beyond, MCMC draws."""


@dataclass(frozen=True, eq=False)
class ProfileFit(Result):
    """One profile against the record: likelihood, posterior, hidden actions."""

    label: str = ""
    at_values: RecordPosterior | None = None
    grid: GridPosterior | None = None
    averaged: RecordPosterior | None = None
    neglected_weight: float = 0.0
    mle: MaximumLikelihood | None = None
    mcmc: McmcPosterior | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"profile": self.label}
        out["at_scenario_values"] = self.at_values.to_dict() if self.at_values else None
        if self.grid is not None:
            out["posterior"] = self.grid.to_dict()
        if self.averaged is not None:  # its likelihood is the posterior's, given above
            out["hidden_actions"] = {"rounds": self.averaged.to_dict()["rounds"]}
            out["neglected_weight"] = self.neglected_weight
        if self.mle is not None:
            out["maximum_likelihood"] = self.mle.to_dict()
        if self.mcmc is not None:
            out["posterior"] = self.mcmc.to_dict()
        return jsonable(out)


@dataclass(frozen=True, eq=False)
class RecordInference(Result):
    """Every profile's fit and, with several, their comparison."""

    record: str = ""
    fits: tuple[ProfileFit, ...] = ()
    comparison: ProfileComparison | None = None

    def payload(self) -> dict[str, Any]:
        return jsonable(
            {
                "record": self.record,
                "profiles": [f.to_dict() for f in self.fits],
                "comparison": self.comparison.to_dict() if self.comparison else None,
            }
        )


def prior_bounds(scenario, events, names) -> dict[str, tuple[float, float]]:
    """Uniform prior ranges: the events file's ``infer.priors``, else the declared min..max."""
    out = {}
    priors = events.model.infer.priors
    for name in names:
        if name not in scenario.parameters:
            known = ", ".join(sorted(scenario.parameters))
            raise ScenarioError(f"not a scenario parameter (known: {known})", key=name)
        declared = scenario.model.parameters.get(name)
        given = priors.get(name)
        low = given.low if given and given.low is not None else getattr(declared, "min", None)
        high = given.high if given and given.high is not None else getattr(declared, "max", None)
        if low is None or high is None or not low < high:
            message = "needs a prior range: declare min and max, or give infer.priors"
            raise ScenarioError(message, events.path, f"infer.priors.{name}")
        out[name] = (float(low), float(high))
    return out


def infer_record(
    scenario,
    events,
    *,
    row=None,
    col=None,
    names: tuple[str, ...] | None = None,
    nodes: int | None = None,
    mle: bool = False,
    seed: int | None = None,
) -> RecordInference:
    """What ``events`` (a loaded events file) says under ``scenario``'s model.

    Parameters
    ----------
    scenario
        A loaded scenario; its parameter values are used where nothing is estimated.
    events
        A loaded events file; its ``infer`` section names the parameters, priors, grid
        size and profiles unless given here.
    row, col
        One profile to fit instead of the file's list (default: the scenario's ``[play]``
        profile when the file lists none).
    names, nodes
        Parameters to estimate and nodes per parameter: 1-3 on a grid (with marginal
        likelihoods and the profiles' comparison), more by MCMC (no comparison).
    mle
        Also maximise the likelihood (scipy) with Wald intervals.
    seed
        Seed of the MCMC draws (default 0); a grid draws nothing at random.
    """
    spec = events.model.infer
    names = tuple(spec.parameters if names is None else names)
    nodes = nodes or spec.grid
    if row is not None or col is not None or not spec.profiles:
        profiles = [("given" if row or col else "scenario [play]", row, col)]
    else:
        profiles = [(p.label, p.row, p.col) for p in spec.profiles]
    bounds = prior_bounds(scenario, events, names) if names else {}
    draws = {"nodes": nodes, "mle": mle, "seed": 0 if seed is None else seed}
    fits = [_fit(scenario, events, label, r, c, names, bounds, **draws) for label, r, c in profiles]
    comparison = None
    if names and len(fits) > 1 and all(f.grid is not None for f in fits):
        comparison = ProfileComparison(
            method="marginal-likelihood",
            parameters={"prior_odds": "equal", "nodes": nodes},
            labels=tuple(f.label for f in fits),
            log_evidence=np.array([f.grid.log_evidence for f in fits]),
            log_evidence_error=np.array([f.grid.log_evidence_error for f in fits]),
        )
    return RecordInference(
        method="forward-backward",
        parameters={"estimated": list(names), "nodes": nodes, "bounds": bounds},
        assumptions=_assumptions(scenario, events),
        record=events.name,
        fits=tuple(fits),
        comparison=comparison,
    )


def _fit(scenario, events, label, row, col, names, bounds, *, nodes, mle, seed) -> ProfileFit:
    fixed = RecordLikelihood.of(scenario, events, (), row, col)
    at_values = posterior_at(fixed, label)
    if not names:
        return ProfileFit(method="forward-backward", label=label, at_values=at_values)
    likelihood = RecordLikelihood.of(scenario, events, names, row, col)
    if len(names) > MAX_GRID_PARAMETERS:
        return _sampled(likelihood, label, at_values, bounds, seed)
    grid = grid_posterior(likelihood, bounds, nodes, label=label)
    averaged, neglected = None, 0.0
    if grid.possible:
        smoothed, filtered, neglected = averaged_actions(likelihood, grid)
        averaged = _posterior(likelihood, label, grid.log_evidence, None, smoothed, filtered)
    return ProfileFit(
        method="forward-backward",
        label=label,
        at_values=at_values,
        grid=grid,
        averaged=averaged,
        neglected_weight=neglected,
        mle=maximum_likelihood(likelihood, bounds) if mle else None,
    )


def _sampled(likelihood, label, at_values, bounds, seed: int) -> ProfileFit:
    """More parameters than a grid serves: MCMC draws, hidden actions averaged over them."""
    draws = sample_posterior(likelihood, bounds, walkers=max(16, 4 * len(bounds)), seed=seed)
    smoothed, filtered = averaged_over_draws(likelihood, draws.samples)
    return ProfileFit(
        method="forward-backward",
        label=label,
        at_values=at_values,
        averaged=_posterior(likelihood, label, 0.0, None, smoothed, filtered),
        mcmc=draws,
    )


def posterior_at(likelihood: RecordLikelihood, label: str = "") -> RecordPosterior:
    """The record's likelihood and hidden actions at the scenario's parameter values."""
    result = likelihood.smoothed()
    first = int(result.impossible_round[0])
    impossible_at = likelihood.observations.labels[first] if first >= 0 else None
    smoothed = (result.row_actions[..., 0], result.col_actions[..., 0])
    filtered = (result.row_filtered[..., 0], result.col_filtered[..., 0])
    posterior = _posterior(
        likelihood, label, float(result.log_likelihood[0]), impossible_at, smoothed, filtered
    )
    return replace(posterior, hidden_states=_hidden_states(likelihood, result))


def _hidden_states(likelihood, result) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    """Smoothed treaty state and each side's automaton state per round, ``(names, (T, k))``.

    Joint state ``s = (e * A + a) * B + b`` (:mod:`sim.play.chain`): the automaton states'
    marginals sum the joint posterior over the other components.
    """
    chain = likelihood.chain()
    e, a, b = chain.shape
    joint = result.states[..., 0].reshape(-1, e, a, b)
    players = chain.model.players
    return {
        "treaty": (chain.model.treaty_states, result.treaty[..., 0]),
        f"{players[0]} strategy": (chain.row.states, joint.sum(axis=(1, 3))),
        f"{players[1]} strategy": (chain.col.states, joint.sum(axis=(1, 2))),
    }


def _posterior(likelihood, label, log_likelihood, impossible_at, smoothed, filtered):
    model = likelihood.chain().model
    return RecordPosterior(
        method="forward-backward",
        parameters={"profile": label},
        labels=likelihood.observations.labels,
        actions=model.actions,
        players=model.players,
        log_likelihood=log_likelihood,
        impossible_at=impossible_at,
        smoothed=smoothed,
        filtered=filtered,
    )


def _assumptions(scenario, events) -> Assumptions:
    values = scenario.parameters
    notes = (
        "the record's rounds are the model's rounds; rounds before it are "
        f"{events.offset} unobserved rounds of play from the scenario's initial state",
        "a value listed as several names is known only to lie among them; '?' is missing",
        "uniform priors on the estimated parameters' ranges; equal prior odds of the profiles",
    )
    noise = values.get("noise")
    return Assumptions(
        monitoring="private" if scenario.model.monitoring is not None else "perfect",
        noise=(noise, noise) if noise is not None else None,
        horizon=len(events.labels),
        notes=notes,
    )


__all__ = ["RecordInference", "infer_record", "likelihood_entry", "posterior_at"]
