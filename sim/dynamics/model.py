"""The iterated model: stage payoffs per treaty state, transitions, monitoring, time."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.dynamics.blame import DEFAULT_RULES, BlameRules
from sim.dynamics.monitoring import tremble
from sim.dynamics.treaty import TreatyChain, TreatyDynamics


@dataclass(frozen=True, eq=False)
class IteratedModel:
    """Everything about the iterated game except the strategies.

    Every numeric array may carry leading batch axes (one slice per sweep point); they
    broadcast together and give :attr:`batch_shape`.

    Attributes
    ----------
    players
        Row and column player names.
    actions
        Each player's action names.
    roles
        ``((row cooperative, row punishing), (col cooperative, col punishing))`` action names.
    dynamics
        Treaty states with payoffs ``batch + (K, m, n)`` and transitions.
    row_observes
        ``batch + (n, n)``: ``[done, seen]`` probability that the row player sees the column
        player's action ``done`` as ``seen``.
    col_observes
        ``batch + (m, m)``: what the column player sees of the row player's actions.
    noise
        ``batch + (2,)``: each player's tremble probability.
    discount
        ``batch``: the discount factor per round.
    continuation
        ``batch``: the probability that another round is played (1: fixed horizon).
    trembles
        Per player, ``None`` (a tremble replaces an action by any other, uniformly) or a
        boolean matrix ``allowed[intended, actual]`` of the replacements a tremble may make;
        an action without replacements is always played as intended (deliberate).
    signals
        ``"private"`` or ``"public"``: whether the signals are seen by both sides.
    blame
        Who is held responsible for the treaty's end, by its cause
        (:class:`~sim.dynamics.blame.BlameRules`).
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    roles: tuple[tuple[str, str], tuple[str, str]]
    dynamics: TreatyDynamics
    row_observes: np.ndarray
    col_observes: np.ndarray
    noise: np.ndarray
    discount: np.ndarray
    continuation: np.ndarray
    trembles: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
    signals: str = "private"
    blame: BlameRules = DEFAULT_RULES

    @classmethod
    def repeated(
        cls,
        row_payoffs,
        col_payoffs,
        actions: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
        *,
        noise=0.0,
        discount=1.0,
        continuation=1.0,
        players: tuple[str, str] = ("row", "col"),
    ) -> IteratedModel:
        """A plain repeated game with perfect monitoring (for tests and quick use)."""
        row = np.asarray(row_payoffs, dtype=float)
        m, n = row.shape[-2:]
        if actions is None:
            actions = (tuple(f"r{i + 1}" for i in range(m)), tuple(f"c{j + 1}" for j in range(n)))
        roles = ((actions[0][0], actions[0][-1]), (actions[1][0], actions[1][-1]))
        noise = np.asarray(noise, dtype=float)
        return cls(
            players=players,
            actions=actions,
            roles=roles,
            dynamics=TreatyDynamics.plain(row, col_payoffs),
            row_observes=np.eye(n),
            col_observes=np.eye(m),
            noise=np.stack([noise, noise], axis=-1),
            discount=np.asarray(discount, dtype=float),
            continuation=np.asarray(continuation, dtype=float),
        )

    @property
    def shape(self) -> tuple[int, int]:
        """Numbers of actions ``(m, n)``."""
        return len(self.actions[0]), len(self.actions[1])

    @property
    def treaty_states(self) -> tuple[str, ...]:
        return self.dynamics.names

    @property
    def chain(self) -> TreatyChain:
        return self.dynamics.chain

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.broadcast_shapes(
            self.dynamics.batch_shape,
            self.row_observes.shape[:-2],
            self.col_observes.shape[:-2],
            self.noise.shape[:-1],
            np.shape(self.discount),
            np.shape(self.continuation),
        )

    def perfect(self) -> IteratedModel:
        """The same game under perfect monitoring and without trembles."""
        m, n = self.shape
        return replace(
            self,
            row_observes=np.eye(n),
            col_observes=np.eye(m),
            noise=np.zeros(self.noise.shape),
        )

    def trembled(self, side: int, policy: np.ndarray) -> np.ndarray:
        """``policy`` (``batch + (Q, m)``) of player ``side`` after its trembles."""
        return tremble(policy, self.noise[..., side], self.trembles[side])

    def with_discount(self, discount) -> IteratedModel:
        """A copy with another discount factor (may add batch axes)."""
        return replace(self, discount=np.asarray(discount, dtype=float))

    def side_actions(self, side: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(own actions, the other's actions)`` of ``side`` (0 row, 1 column)."""
        return self.actions[side], self.actions[1 - side]
