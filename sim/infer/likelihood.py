"""The record's log-likelihood as a function of scenario parameters, over batches of points.

``RecordLikelihood(scenario, events, names, row, col)(points)`` builds the model and both
strategies at every point of ``points`` (shape ``(P, d)``, one column per name in
``names``) as one batch, and runs one forward pass (:mod:`sim.infer.forward`) for all of
them, in chunks that bound the memory of the chain's term probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from sim.compile.model import build_model
from sim.compile.strategies import build_strategy
from sim.errors import ScenarioError
from sim.infer.forward import forward
from sim.infer.observations import Observations, compile_observations
from sim.infer.smoothing import Smoothed, smooth
from sim.play.chain import JointChain, joint_chain

CHUNK_ELEMENTS = 1 << 23
"""Term probabilities held at once (points x terms), about 64 MiB of float64."""


@dataclass(frozen=True, eq=False)
class RecordLikelihood:
    """The log-likelihood of one record under one strategy profile, by parameter point.

    Attributes
    ----------
    scenario
        A loaded scenario (its parameters give the values not estimated).
    observations
        The record compiled for the scenario's model.
    names
        The parameters that vary, in the column order of the points.
    row, col
        Strategy choices (names, ``name(param=value)`` strings or choices); ``None``: the
        scenario's ``[play]`` profile.
    """

    scenario: Any
    observations: Observations
    names: tuple[str, ...] = ()
    row: Any = None
    col: Any = None
    fixed: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario, events, names=(), row=None, col=None, fixed=None) -> RecordLikelihood:
        """Compile ``events`` (a loaded events file) for ``scenario``'s model."""
        unknown = [n for n in names if n not in scenario.parameters]
        if unknown:
            known = ", ".join(sorted(scenario.parameters))
            raise ScenarioError(f"not a scenario parameter (known: {known})", key=unknown[0])
        model = build_model(scenario, fixed)
        observations = compile_observations(events, model)
        return cls(scenario, observations, tuple(names), row, col, dict(fixed or {}))

    @cached_property
    def choices(self):
        """The row and column strategy choices in force."""
        play = self.scenario.model.play
        if (self.row is None or self.col is None) and play is None:
            raise ScenarioError("the scenario has no [play] section; give both strategies")
        return (self.row or play.row, self.col or play.col)

    def chain(self, points: np.ndarray | None = None) -> JointChain:
        """The joint chain at ``points`` (``(P, d)``; ``None``: the scenario's values)."""
        values = dict(self.fixed)
        if points is not None:
            points = np.asarray(points, dtype=float)
            values |= {name: points[:, k] for k, name in enumerate(self.names)}
        model = build_model(self.scenario, values)
        row, col = (
            build_strategy(self.scenario, choice, side, model, values, key=("row", "col")[side])
            for side, choice in enumerate(self.choices)
        )
        return joint_chain(model, row, col)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``(P,)`` log-likelihoods at ``points`` (``(P, d)``); ``-inf``: impossible there."""
        points = np.atleast_2d(np.asarray(points, dtype=float))
        if points.shape[1] != len(self.names):
            raise ValueError(f"points have {points.shape[1]} columns, not {len(self.names)}")
        terms = len(self.chain().source)
        size = max(1, CHUNK_ELEMENTS // max(1, terms))
        out = np.empty(len(points))
        for start in range(0, len(points), size):
            block = points[start : start + size]
            out[start : start + len(block)] = forward(
                self.chain(block), self.observations
            ).log_likelihood
        return out

    def first_impossible(self, points: np.ndarray | None = None) -> np.ndarray:
        """``(P,)``: the first round no hidden history explains; ``-1``: the record is possible."""
        return forward(self.chain(points), self.observations).impossible_round

    def smoothed(self, points: np.ndarray | None = None) -> Smoothed:
        """Smoothed and filtered posteriors at ``points`` (or the scenario's values)."""
        return smooth(self.chain(points), self.observations)
