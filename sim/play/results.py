"""Iterated play read back from a result folder: the per-round curves as typed arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.results import StoredResult


@dataclass(frozen=True, eq=False, kw_only=True)
class StoredPlay(StoredResult):
    """The ``play`` section of a report (:class:`~sim.play.analysis.PlayAnalysis`'s
    ``to_dict()``) read back.

    Attributes
    ----------
    players, actions
        Player names and each player's action names.
    rounds, runs
        Horizon and number of Monte Carlo runs.
    per_round
        The exact per-round table by column (``round``, ``survival``, ``row_ACTION``,
        ...), each a ``(T,)`` array; empty for a single run.
    sampled
        The Monte Carlo per-round estimates by column, each a ``(T, 3)`` array of mean,
        lower and upper end of the 95% interval; only columns with an interval in every
        round.
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    rounds: int
    runs: int
    per_round: Mapping[str, np.ndarray] = field(default_factory=dict)
    sampled: Mapping[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredPlay:
        """Read back ``PlayAnalysis.to_dict()``; a missing or mistyped key raises."""
        records = data.get("per_round", [])
        sampled = data.get("monte_carlo", {}).get("per_round", [])
        return cls(
            **cls.head(data),
            players=tuple(str(p) for p in data["players"]),
            actions=tuple(tuple(str(a) for a in names) for names in data["actions"]),
            rounds=int(data["rounds"]),
            runs=int(data["runs"]),
            per_round=columns(records),
            sampled=estimate_columns(sampled),
        )


def columns(records: list[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """A table of records (one per round) by column."""
    if not records:
        return {}
    return {key: np.array([record[key] for record in records]) for key in records[0]}


def estimate_columns(records: list[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """Per-round estimates ``{"mean", "se", "ci95"}`` by column as ``(T, 3)`` arrays."""
    out = {}
    for key in records[0] if records else ():
        values = [record[key] for record in records]
        if all(isinstance(v, Mapping) and v.get("ci95") is not None for v in values):
            out[key] = np.array([[v["mean"], *v["ci95"]] for v in values], dtype=float)
    return out
