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
        :class:`~sim.equilibria.nash.EquilibriumSet`, certified: every extreme equilibrium
        when its ``complete`` is true, else a subset its note describes), found among the
        strategies that survive iterated strict dominance.
    dominance
        Iterated elimination of strictly dominated strategies (pure and mixed dominators),
        a :class:`~sim.equilibria.dominance.DominanceResult`.
    row_ranking, col_ranking
        Each pool ranked by its mean payoff against the whole other pool.
    solved_exactly
        Whether the equilibria were found and certified against exact payoffs (an exact
        table whose numbers are short enough, :data:`EXACT_SOLVE_BITS`), rather than
        against the table's floating-point values.
    """

    equilibria: Any
    dominance: Any
    row_ranking: Ranking
    col_ranking: Ranking
    solved_exactly: bool = False


EXACT_SOLVE_BITS = 256
"""Largest size in bits (numerator and denominator) of an exact payoff that the meta-game is
solved with; longer ones (long discounted horizons) make exact elimination too slow, and
the table's correctly rounded floats are solved instead."""


FULL_SEARCH_SIZE = 24
"""Largest number of strategies of both pools together, after iterated strict dominance,
whose meta-game is searched for every extreme equilibrium; a larger one (its exact ties
make the best-response polytopes highly degenerate, with vertices beyond memory) gets the
certified ends of Lemke-Howson paths from every starting label, labelled incomplete."""


def short_exact(meta: MetaGame) -> bool:
    """Whether the table is exact and every entry has at most :data:`EXACT_SOLVE_BITS`."""
    if meta.exact is None:
        return False
    sizes = (v.numerator.bit_length() + v.denominator.bit_length() for t in meta.exact
             for row in t for v in row)  # fmt: skip
    return max(sizes, default=0) <= EXACT_SOLVE_BITS


def analyse_metagame(meta: MetaGame) -> MetaGameAnalysis:
    """Nash equilibria (the package's engine), dominance, and rankings of a tournament table.

    The equilibria are those of the strategies that survive iterated strict dominance
    (:func:`sim.equilibria.reduced.reduced_equilibria`: the same equilibria, in a game that
    is often much smaller), searched in full when at most :data:`FULL_SEARCH_SIZE` survive.
    A table with short exact payoffs (:func:`short_exact`) is then solved in exact mode, so
    that its equilibria are certified against the exact payoffs (ties included) rather than
    their roundings.
    """
    from sim.equilibria.dominance import dominance
    from sim.equilibria.reduced import reduced_equilibria

    game = meta.game()
    eliminated = dominance(game)
    full = sum(map(len, eliminated.surviving)) <= FULL_SEARCH_SIZE
    exact = full and short_exact(meta)
    method = "stabsim" if full else "lemke_howson_all"
    row_ranking, col_ranking = rankings(meta)
    return MetaGameAnalysis(
        equilibria=reduced_equilibria(game, eliminated.surviving, method, exact=exact),
        dominance=eliminated,
        row_ranking=row_ranking,
        col_ranking=col_ranking,
        solved_exactly=exact,
    )
