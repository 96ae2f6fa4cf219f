"""Typed results of the evolutionary and learning dynamics of a scenario.

- :class:`ReplicatorAnalysis`: two-population replicator dynamics on the per-round
  tournament table (Taylor and Jonker 1978; Hofbauer and Sigmund 1998, ch. 10), its path
  from the start and every rest point with its stability, Nash rest points first.
- :class:`MoranAnalysis`: fixation probabilities of a single mutant within one pool
  (Nowak, Sasaki, Taylor and Fudenberg 2004), which strategies invade and resist, the
  rare-mutation distribution (Fudenberg and Imhof 2006) and the simulated check.
- :class:`LearningAnalysis`: fictitious play (Brown 1951) or logit dynamics on the stage game.

Shares and mixed strategies are probability lists in the order of ``pools`` (or
``actions``); tables are lists of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.evolution.evolve import LearningResult, MoranResult
from sim.evolution.metagame import MetaGame
from sim.evolution.replicator import Trajectory
from sim.evolution.restpoints import RestPoint
from sim.results import Result, interval_estimate, named

PATH_POINTS = 11
"""Points of a trajectory kept in the JSON output (evenly spaced, start and end included)."""
STABILITY_ORDER = {"asymptotically stable": 0, "neutral": 1, "unstable": 2}


def sample(count: int, points: int = PATH_POINTS) -> list[int]:
    """Indices of ``points`` evenly spaced entries of ``count`` (first and last included)."""
    return sorted({round(k * (count - 1) / (points - 1)) for k in range(points)})


def rest_order(point: RestPoint) -> tuple:
    """Nash rest points first, then by stability, then by the size of the support."""
    support = np.count_nonzero(point.row) + np.count_nonzero(point.col)
    return (not point.nash, STABILITY_ORDER[point.stability], support)


def _path(times, row, col) -> dict[str, Any]:
    keep = sample(len(times))
    return {"times": times[keep], "row": row[keep], "col": col[keep]}


def _per_round_table(meta: MetaGame) -> list[dict[str, Any]]:
    from sim.evolution.tournament import table_records

    return table_records(meta, 1.0)


@dataclass(frozen=True, eq=False, kw_only=True)
class ReplicatorAnalysis(Result):
    """Replicator path and rest points on a per-round table.

    ``rest`` is sorted (:func:`rest_order`) and ``None`` when a pool is too large to
    enumerate rest points; ``settings`` holds ``tournament``, how the table was played.
    """

    meta: MetaGame
    time: float
    given_start: bool
    trajectory: Trajectory
    rest: tuple[RestPoint, ...] | None
    settings: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        path, meta = self.trajectory, self.meta
        rest = None
        if self.rest is not None:
            rest = [
                {
                    "shares": [p.row, p.col],
                    "nash": p.nash,
                    "isolated": p.isolated,
                    "stability": p.stability,
                    "largest_real_part": max((complex(v).real for v in p.eigenvalues), default=0.0),
                    "eigenvalues": [[complex(v).real, complex(v).imag] for v in p.eigenvalues],
                }
                for p in self.rest
            ]
        return {
            "dynamics": "replicator",
            "players": list(meta.players),
            "pools": [list(meta.row_names), list(meta.col_names)],
            "shared_pool": meta.shares_pool(),
            "table": _per_round_table(meta),
            "time": self.time,
            "start": [path.row[0], path.col[0]],
            "start_text": "the given shares" if self.given_start else "equal shares",
            "path": _path(path.times, path.row, path.col),
            "end": [path.row[-1], path.col[-1]],
            "rest_points": rest,
            **self.settings,
        }


@dataclass(frozen=True, eq=False, kw_only=True)
class MoranAnalysis(Result):
    """Fixation probabilities within one pool and what they say about invasion;
    ``settings`` holds ``tournament``, how the table was played."""

    meta: MetaGame
    moran: MoranResult
    seed: int
    settings: dict[str, Any]

    @property
    def names(self) -> tuple[str, ...]:
        return self.meta.row_names

    def favoured(self) -> np.ndarray:
        """``(K, K)``: a single mutant ``k`` is favoured among residents ``r`` (above 1/N)."""
        favoured = self.moran.rho > self.moran.neutral
        np.fill_diagonal(favoured, False)
        return favoured

    def invaders(self) -> list[str]:
        """Strategies favoured to take over from every other strategy."""
        off = ~np.eye(len(self.names), dtype=bool)
        favoured = self.favoured()
        return [n for k, n in enumerate(self.names) if np.all(favoured[k][off[k]])]

    def resistant(self) -> list[str]:
        """Residents that no single mutant of another strategy is favoured to replace."""
        favoured = self.favoured()
        return [n for r, n in enumerate(self.names) if not np.any(favoured[:, r])]

    def records(self) -> list[dict[str, Any]]:
        """One record per (mutant, resident) pair: closed-form ``fixation``, ``favoured``,
        and with simulations ``simulated`` (frequency, its standard error and the 95% Wilson
        interval) and ``closed_form_in_interval``."""
        moran, names = self.moran, self.names
        agreement = moran.agreement()
        favoured = self.favoured()
        records = []
        for k in range(len(names)):
            for r in range(len(names)):
                record = {
                    "mutant": named(names, k),
                    "resident": named(names, r),
                    "fixation": float(moran.rho[k, r]),
                    "favoured": bool(favoured[k, r]),
                }
                if agreement is not None and k != r:
                    p = float(moran.simulated[k, r])
                    se = float(np.sqrt(p * (1 - p) / moran.runs))
                    low, high = moran.low[k, r], moran.high[k, r]
                    record["simulated"] = interval_estimate(p, se, low, high)
                    record["closed_form_in_interval"] = bool(agreement[k, r])
                records.append(record)
        return records

    def payload(self) -> dict[str, Any]:
        moran, names = self.moran, list(self.names)
        agreement = moran.agreement()
        off = ~np.eye(len(names), dtype=bool)
        inside = None if agreement is None else int(np.sum(agreement[off]))
        return {
            "dynamics": "moran",
            "players": list(self.meta.players),
            "pools": [names, names],
            "shared_pool": True,
            "table": _per_round_table(self.meta),
            "population": moran.population,
            "intensity": moran.intensity,
            "fitness": moran.fitness,
            "neutral": moran.neutral,
            "fixation": self.records(),
            "invaders": self.invaders(),
            "resistant": self.resistant(),
            "rare_mutation_shares": dict(zip(names, moran.stationary.tolist(), strict=True)),
            "runs": moran.runs,
            "closed_form_in_interval_count": inside,
            "pairs": len(names) * (len(names) - 1),
            "seed": self.seed,
            **self.settings,
        }


@dataclass(frozen=True, eq=False, kw_only=True)
class LearningAnalysis(Result):
    """A learning path on the stage game (``method``: ``fictitious`` or ``logit``)."""

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    learning: LearningResult

    def payload(self) -> dict[str, Any]:
        path = self.learning
        return {
            "dynamics": self.method,
            "game": "stage",
            "players": list(self.players),
            "actions": [list(a) for a in self.actions],
            "path": _path(path.times, path.row, path.col),
            "end": [path.row[-1], path.col[-1]],
            **dict(self.parameters),
        }
