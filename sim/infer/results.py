"""Typed results of inference from a record (each a :class:`sim.results.Result`).

An impossible record (likelihood exactly zero) is reported as such: its log-likelihood is
``None`` in JSON with ``"possible": false`` and the first round no hidden history explains,
never a non-finite number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.results import Result, estimate, jsonable


def likelihood_entry(log_likelihood: float, impossible_at=None) -> dict[str, Any]:
    """``{"possible": true, "log_likelihood": x}``, or ``possible`` false with ``impossible_at``."""
    if np.isfinite(log_likelihood):
        return {"possible": True, "log_likelihood": float(log_likelihood)}
    return {"possible": False, "log_likelihood": None, "impossible_at": jsonable(impossible_at)}


def describe_likelihood(log_likelihood: float, impossible_at=None) -> str:
    """``-123.456`` or ``impossible (from round 2014-07)``: never ``-inf``."""
    if np.isfinite(log_likelihood):
        return f"{log_likelihood:.6g}"
    return f"impossible (from round {impossible_at})" if impossible_at is not None else "impossible"


@dataclass(frozen=True, eq=False)
class RecordPosterior(Result):
    """The record under one profile at one parameter point: likelihood and hidden actions.

    ``smoothed[side]`` is ``(T, actions)``: the probability (given the whole record) that the
    side played each action in each round; ``filtered`` the same given the record up to and
    including the round; ``hidden_states[group]`` is ``(state names, (T, states))``: the
    smoothed treaty state and each side's automaton state at the start of each round.
    """

    labels: tuple = ()
    actions: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    players: tuple[str, str] = ("row", "col")
    log_likelihood: float = 0.0
    impossible_at: Any = None
    smoothed: tuple[np.ndarray, np.ndarray] = field(default_factory=tuple)
    filtered: tuple[np.ndarray, np.ndarray] = field(default_factory=tuple)
    hidden_states: dict[str, tuple[tuple[str, ...], np.ndarray]] = field(default_factory=dict)

    @property
    def possible(self) -> bool:
        return bool(np.isfinite(self.log_likelihood))

    def action_probability(self, side: int, action: str, *, given: str = "all") -> np.ndarray:
        """``(T,)``: P(side played ``action`` in round t | the record, or its rounds up to t)."""
        table = (self.smoothed if given == "all" else self.filtered)[side]
        return table[:, self.actions[side].index(action)]

    def to_frame(self):
        import pandas as pd

        data = {"round": list(self.labels)}
        for side, player in enumerate(self.players):
            for k, action in enumerate(self.actions[side]):
                data[f"{player} {action} (smoothed)"] = self.smoothed[side][:, k]
                data[f"{player} {action} (filtered)"] = self.filtered[side][:, k]
        return pd.DataFrame(data)

    def payload(self) -> dict[str, Any]:
        rounds = []
        if self.possible:
            for t, label in enumerate(self.labels):
                entry = {"round": label}
                for side, player in enumerate(self.players):
                    entry[player] = {
                        a: {
                            "smoothed": self.smoothed[side][t, k],
                            "filtered": self.filtered[side][t, k],
                        }
                        for k, a in enumerate(self.actions[side])
                    }
                for group, (names, table) in self.hidden_states.items():
                    entry.setdefault("states", {})[group] = dict(zip(names, table[t], strict=True))
                rounds.append(entry)
        return jsonable(
            {**likelihood_entry(self.log_likelihood, self.impossible_at), "rounds": rounds}
        )


@dataclass(frozen=True, eq=False)
class GridPosterior(Result):
    """A posterior on a grid of 1-3 parameters with a uniform prior (:mod:`sim.infer.grid`)."""

    names: tuple[str, ...] = ()
    axes: tuple[np.ndarray, ...] = ()
    log_likelihood: np.ndarray = field(default_factory=lambda: np.zeros(0))
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    log_evidence: float = 0.0
    log_evidence_error: float = 0.0

    @property
    def possible(self) -> bool:
        return bool(np.isfinite(self.log_evidence))

    def marginal(self, name: str) -> np.ndarray:
        """The posterior weights of ``name``'s nodes (summed over the other parameters)."""
        axis = self.names.index(name)
        other = tuple(k for k in range(len(self.names)) if k != axis)
        return self.weights.sum(axis=other) if other else self.weights

    def summary(self, name: str) -> dict[str, float]:
        """Posterior mean, sd and equal-tailed 95% interval of ``name``.

        The interval's ends interpolate the CDF of the trapezoidal rule's weights spread
        evenly over each node's cell ``[x_k - h/2, x_k + h/2]`` (half cells at the ends).
        """
        nodes, weights = self.axes[self.names.index(name)], self.marginal(name)
        mean = float(weights @ nodes)
        sd = float(np.sqrt(max(0.0, weights @ (nodes - mean) ** 2)))
        edges = np.concatenate([nodes[:1], (nodes[:-1] + nodes[1:]) / 2, nodes[-1:]])
        cdf = np.concatenate([[0.0], np.cumsum(weights)])
        low, high = (float(np.interp(q, cdf, edges)) for q in (0.025, 0.975))
        return {
            "mean": mean,
            "sd": sd,
            "ci95": [low, high],
            "map": float(nodes[np.argmax(weights)]),
        }

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"parameter": n, **self.summary(n)} for n in self.names])

    def payload(self) -> dict[str, Any]:
        spacing = {n: float(a[1] - a[0]) for n, a in zip(self.names, self.axes, strict=True)}
        if not self.possible:
            return {"possible": False, "log_evidence": None, "grid_spacing": spacing}
        return jsonable(
            {
                "possible": True,
                "log_evidence": {"value": self.log_evidence, "error": self.log_evidence_error},
                "estimates": {n: self.summary(n) for n in self.names},
                "grid_spacing": spacing,
            }
        )


@dataclass(frozen=True, eq=False)
class MaximumLikelihood(Result):
    """Maximum-likelihood estimates with standard errors from the observed information."""

    names: tuple[str, ...] = ()
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    standard_errors: np.ndarray = field(default_factory=lambda: np.zeros(0))
    log_likelihood: float = 0.0
    converged: bool = False
    at_bound: tuple[bool, ...] = ()
    spans: tuple[float, ...] = ()

    def payload(self) -> dict[str, Any]:
        if not np.isfinite(self.log_likelihood):
            return {"possible": False, "log_likelihood": None}
        estimates = {}
        for k, name in enumerate(self.names):
            se = self.standard_errors[k]
            if self.at_bound[k] or not np.isfinite(se):
                estimates[name] = {"mean": float(self.values[k]), "se": None, "note": _BOUND}
            elif self.spans and se > self.spans[k]:
                estimates[name] = {"mean": float(self.values[k]), "se": None, "note": _FLAT}
            else:
                estimates[name] = estimate(self.values[k], se)
        return jsonable(
            {"possible": True, "log_likelihood": self.log_likelihood, "converged": self.converged,
             "estimates": estimates}
        )  # fmt: skip


_FLAT = "the record hardly informs it: the Wald error exceeds its range (use the grid posterior)"
_BOUND = "at a bound of the parameter's range: no Wald interval (use the grid posterior)"


@dataclass(frozen=True, eq=False)
class ProfileComparison(Result):
    """Profiles weighed by their marginal likelihoods (equal prior odds)."""

    labels: tuple[str, ...] = ()
    log_evidence: np.ndarray = field(default_factory=lambda: np.zeros(0))
    log_evidence_error: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def posterior(self) -> np.ndarray:
        """``P(profile | record)`` with equal prior probabilities; zeros if none fits."""
        z = np.asarray(self.log_evidence, dtype=float)
        if np.all(z == -np.inf):
            return np.zeros(len(z))
        weights = np.exp(z - z.max())
        return weights / weights.sum()

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.payload()["profiles"])

    def payload(self) -> dict[str, Any]:
        rows = []
        for k, label in enumerate(self.labels):
            z, error = float(self.log_evidence[k]), float(self.log_evidence_error[k])
            if z == -np.inf:
                rows.append({"profile": label, "possible": False, "log_evidence": None,
                             "posterior": 0.0})  # fmt: skip
                continue
            posterior = float(self.posterior[k])
            rows.append({"profile": label, "possible": True, "log_evidence": z,
                         "log_evidence_error": error, "posterior": posterior})  # fmt: skip
        return jsonable({"profiles": rows})
