"""The round robin: every strategy of the row pool against every strategy of the column pool.

The driver is independent of how one pairing is evaluated: it takes an evaluator, a
callable ``evaluate(row_strategy, col_strategy) -> PairResult``, so that the exact Markov
chain analysis of iterated play, its Monte Carlo, or a hand-written stub in a test all
fill the same table (:class:`~sim.evolution.metagame.MetaGame`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.evolution.metagame import MetaGame
from sim.progress import task


@dataclass(frozen=True)
class PairResult:
    """The two sides' payoffs in one pairing, with standard errors when sampled."""

    row: float
    col: float
    row_se: float = 0.0
    col_se: float = 0.0


@dataclass(frozen=True)
class Entrant:
    """A strategy in a pool: its display name and whatever the evaluator needs to play it."""

    name: str
    strategy: Any


Evaluator = Callable[[Any, Any], PairResult]


def check_pools(row_pool: Sequence[Entrant], col_pool: Sequence[Entrant]) -> None:
    """Raise ``ValueError`` if a pool is empty or names an entrant twice."""
    for side, pool in (("row", row_pool), ("column", col_pool)):
        names = [entrant.name for entrant in pool]
        if not names:
            raise ValueError(f"the {side} pool is empty")
        if len(set(names)) != len(names):
            raise ValueError(f"the {side} pool names a strategy twice")


def round_robin(
    row_pool: Sequence[Entrant],
    col_pool: Sequence[Entrant],
    evaluate: Evaluator,
    players: tuple[str, str] = ("row", "column"),
) -> MetaGame:
    """Evaluate every pairing and collect the payoff table.

    Parameters
    ----------
    row_pool, col_pool
        The entrants of each side (the same sequence for a symmetric game with one pool).
    evaluate
        ``evaluate(row_strategy, col_strategy)`` returns the :class:`PairResult` of the
        pairing; it is called once per pairing, row-major.
    players
        The players' names, kept in the table.

    Raises
    ------
    ValueError
        If a pool is empty or names an entrant twice.
    """
    check_pools(row_pool, col_pool)
    shape = (len(row_pool), len(col_pool))
    tables = {key: np.zeros(shape) for key in ("row", "col", "row_se", "col_se")}
    with task("Round robin: pairings", shape[0] * shape[1]) as progress:
        for i, row_entrant in enumerate(row_pool):
            for j, col_entrant in enumerate(col_pool):
                result = evaluate(row_entrant.strategy, col_entrant.strategy)
                for key, table in tables.items():
                    table[i, j] = getattr(result, key)
                progress.advance(1)
    return MetaGame(
        row_names=tuple(e.name for e in row_pool),
        col_names=tuple(e.name for e in col_pool),
        row_payoffs=tables["row"],
        col_payoffs=tables["col"],
        row_se=tables["row_se"],
        col_se=tables["col_se"],
        players=players,
    )
