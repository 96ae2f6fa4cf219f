"""The stage game: two players, named actions, one payoff array per player."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class Game:
    """A two-player normal-form game, possibly a batch of games with the same actions.

    Attributes
    ----------
    players
        The row player's and the column player's names.
    actions
        Each player's action names, in matrix order.
    row_payoffs, col_payoffs
        Arrays of shape ``batch + (m, n)``: entry ``[..., i, j]`` is the payoff when the row
        player plays action ``i`` and the column player action ``j``.
    exact
        ``None``, or for a single game read from exact numbers (a ``.nfg`` file) the two
        payoff matrices as tuples of tuples of :class:`fractions.Fraction`; exact mode
        solves these instead of the floats.
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    exact: tuple | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        shape = (len(self.actions[0]), len(self.actions[1]))
        for name in ("row_payoffs", "col_payoffs"):
            array = np.array(getattr(self, name), dtype=float)
            if array.shape[-2:] != shape:
                raise ValueError(f"{name} has shape {array.shape}, expected (..., {shape})")
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        if self.row_payoffs.shape != self.col_payoffs.shape:
            raise ValueError("row and column payoffs differ in shape")

    @property
    def shape(self) -> tuple[int, int]:
        """Numbers of actions ``(m, n)``."""
        return self.row_payoffs.shape[-2], self.row_payoffs.shape[-1]

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Leading batch axes (empty for a single game)."""
        return self.row_payoffs.shape[:-2]

    def __getitem__(self, index) -> Game:
        """One game (or a sub-batch) of a batch."""
        return Game(self.players, self.actions, self.row_payoffs[index], self.col_payoffs[index])

    def is_symmetric(self) -> bool:
        """Same actions and ``B == A.T`` (for a single game or every game in a batch)."""
        if self.actions[0] != self.actions[1]:
            return False
        return bool(np.array_equal(self.col_payoffs, np.swapaxes(self.row_payoffs, -1, -2)))

    def to_nashpy(self):
        """This (single) game as a ``nashpy.Game``."""
        import nashpy

        if self.batch_shape:
            raise ValueError("only a single game converts to nashpy")
        return nashpy.Game(np.array(self.row_payoffs), np.array(self.col_payoffs))

    @classmethod
    def from_nashpy(
        cls,
        game,
        players: tuple[str, str] = ("row", "column"),
        actions: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> Game:
        """A Game from a ``nashpy.Game`` (its ``payoff_matrices``)."""
        row, col = (np.asarray(a, dtype=float) for a in game.payoff_matrices)
        if actions is None:
            actions = default_action_names(row.shape)
        return cls(players, actions, row, col)


def default_action_names(shape: tuple[int, int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(r1, r2, ...)`` and ``(c1, c2, ...)`` for a game of the given shape."""
    return (
        tuple(f"r{i + 1}" for i in range(shape[0])),
        tuple(f"c{j + 1}" for j in range(shape[1])),
    )
