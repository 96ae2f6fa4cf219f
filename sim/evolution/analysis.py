"""The meta-game analysed as a game: Nash equilibria, dominated strategies, mean ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.evolution.metagame import MetaGame, Ranking, rankings


@dataclass(frozen=True)
class MetaGameAnalysis:
    """What the stage-game tools say about a tournament table.

    Attributes
    ----------
    equilibria
        The Nash equilibria of the meta-game (an
        :class:`~sim.equilibria.nash.EquilibriumSet`: every extreme equilibrium, verified).
    dominance
        Iterated elimination of strictly dominated strategies (pure and mixed dominators),
        a :class:`~sim.equilibria.dominance.DominanceResult`.
    row_ranking, col_ranking
        Each pool ranked by its mean payoff against the whole other pool.
    """

    equilibria: Any
    dominance: Any
    row_ranking: Ranking
    col_ranking: Ranking


def analyse_metagame(meta: MetaGame) -> MetaGameAnalysis:
    """Nash equilibria (the package's engine), dominance, and rankings of a tournament table."""
    from sim.equilibria.dominance import dominance
    from sim.equilibria.nash import nash_equilibria

    game = meta.game()
    row_ranking, col_ranking = rankings(meta)
    return MetaGameAnalysis(
        equilibria=nash_equilibria(game),
        dominance=dominance(game),
        row_ranking=row_ranking,
        col_ranking=col_ranking,
    )
