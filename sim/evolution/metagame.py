"""The meta-game of a tournament: strategies as actions, the round-robin table as payoffs.

Entry ``[i, j]`` of ``row_payoffs`` is what row strategy ``i`` earns against column strategy
``j`` (and ``col_payoffs[i, j]`` what the column strategy earns), so the meta-game is an
ordinary bimatrix game and every stage-game analysis (Nash equilibria, dominance) applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.game.stage import Game


@dataclass(frozen=True, eq=False)
class MetaGame:
    """A round-robin table as a bimatrix game.

    Attributes
    ----------
    row_names, col_names
        The strategies of the row pool and of the column pool, in table order.
    row_payoffs, col_payoffs
        Shape ``(R, C)``: each side's payoff in the pairing (row strategy i, column strategy j).
    row_se, col_se
        Standard errors of the entries when they were sampled (Monte Carlo), else zeros.
    players
        The row player's and the column player's names.
    exact
        ``None``, or the two payoff tables in exact rationals (tuples of row tuples of
        :class:`fractions.Fraction`) when the play was computed exactly; the float tables
        are then their roundings.
    error
        A proven bound on ``|float entry - exact payoff|`` for floating-point play (0 when
        ``exact`` is given); ``None`` when no bound is known (sampled or unbounded play).
    """

    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    row_se: np.ndarray | None = None
    col_se: np.ndarray | None = None
    players: tuple[str, str] = ("row", "column")
    exact: tuple | None = field(default=None, repr=False)
    error: float | None = None

    def __post_init__(self) -> None:
        shape = (len(self.row_names), len(self.col_names))
        for name in ("row_payoffs", "col_payoffs", "row_se", "col_se"):
            value = getattr(self, name)
            array = np.zeros(shape) if value is None else np.array(value, dtype=float)
            if array.shape != shape:
                raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def shape(self) -> tuple[int, int]:
        """Numbers of strategies ``(R, C)``."""
        return self.row_payoffs.shape

    @property
    def sampled(self) -> bool:
        """Whether any entry carries a sampling error."""
        return bool(np.any(self.row_se > 0) or np.any(self.col_se > 0))

    def game(self) -> Game:
        """The meta-game as a :class:`~sim.game.stage.Game` (strategies as actions)."""
        names = (self.row_names, self.col_names)
        return Game(self.players, names, self.row_payoffs, self.col_payoffs, self.exact)

    def shares_pool(self) -> bool:
        """Whether both roles use the same pool (same strategy names in the same order)."""
        return self.row_names == self.col_names

    def pool_payoffs(self) -> np.ndarray:
        """Payoffs within one pool whose members play each role half of the time.

        ``M[s, t] = (row_payoffs[s, t] + col_payoffs[t, s]) / 2``: what strategy ``s`` earns
        against ``t`` when the roles are assigned by a fair coin (the symmetrisation of an
        asymmetric game; Selten 1980; Cressman 2003). In a symmetric game it is simply
        ``row_payoffs``.

        Raises
        ------
        ValueError
            If the two pools differ.
        """
        if not self.shares_pool():
            raise ValueError("the row and column pools differ; one-pool evolution needs one pool")
        return 0.5 * (self.row_payoffs + self.col_payoffs.T)


@dataclass(frozen=True)
class Ranking:
    """Strategies ordered by their mean payoff against the whole other pool."""

    names: tuple[str, ...]
    means: np.ndarray
    standard_errors: np.ndarray


def rank_by_mean(payoffs: np.ndarray, se: np.ndarray, names: tuple[str, ...]) -> Ranking:
    """Rank strategies (rows of ``payoffs``) by their mean over the opponents (columns).

    The standard error of a mean of independent entries is ``sqrt(sum se^2) / C``.
    Ties keep the table order (a stable sort).
    """
    payoffs = np.asarray(payoffs, dtype=float)
    means = payoffs.mean(axis=1)
    errors = np.sqrt(np.sum(np.asarray(se, dtype=float) ** 2, axis=1)) / payoffs.shape[1]
    order = np.argsort(-means, kind="stable")
    return Ranking(tuple(names[i] for i in order), means[order], errors[order])


def rankings(meta: MetaGame) -> tuple[Ranking, Ranking]:
    """The row pool ranked by its payoffs, and the column pool ranked by its payoffs."""
    row = rank_by_mean(meta.row_payoffs, meta.row_se, meta.row_names)
    col = rank_by_mean(meta.col_payoffs.T, meta.col_se.T, meta.col_names)
    return row, col
