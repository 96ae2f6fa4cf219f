"""A tournament read back from a result folder: its table as typed arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.results import StoredResult


@dataclass(frozen=True, eq=False, kw_only=True)
class StoredTournament(StoredResult):
    """The ``tournament`` section of a report (:class:`~sim.evolution.tournament.
    TournamentResult`'s ``to_dict()``) read back.

    Attributes
    ----------
    players, pools
        Player names and the strategies of the row and the column pool, in table order.
    per_round
        Each side's payoff per round in every pairing, two ``(R, C)`` arrays (the sampled
        mean when the table was sampled).
    best_responses
        Two ``(R, C)`` masks: the row strategy is a best response to the column strategy,
        the column strategy to the row strategy.
    """

    players: tuple[str, str]
    pools: tuple[tuple[str, ...], tuple[str, ...]]
    per_round: tuple[np.ndarray, np.ndarray]
    best_responses: tuple[np.ndarray, np.ndarray]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredTournament:
        """Read back ``TournamentResult.to_dict()``; a missing or mistyped key raises."""
        pools = tuple(tuple(str(s) for s in pool) for pool in data["pools"])
        shape = (len(pools[0]), len(pools[1]))
        values = np.zeros((2, *shape))
        best = np.zeros((2, *shape), dtype=bool)
        for record in data["table"]:
            cell = int(record["row"]["index"]), int(record["col"]["index"])
            for side, key in enumerate(("row", "col")):
                payoff = record[f"{key}_payoff_per_round"]
                values[side][cell] = payoff["mean"] if isinstance(payoff, Mapping) else payoff
                best[side][cell] = bool(record[f"{key}_best_response"])
        return cls(
            **cls.head(data),
            players=tuple(str(p) for p in data["players"]),
            pools=pools,
            per_round=(values[0], values[1]),
            best_responses=(best[0], best[1]),
        )
