"""Exact outcomes of a strategy profile: the Markov chain, without sampling.

With ``x_t`` the distribution over joint states ``(treaty state, row state, column state)``
in round ``t`` and ``M`` the chain's transition matrix (:mod:`sim.play.chain`)::

    x_0 = e_initial,   x_{t+1} = x_t M
    E[u_t] = x_t . r                         (r: expected stage payoffs per joint state)
    V = sum_{t < T} (delta q)^t E[u_t]       (delta: discount, q: continuation probability)

The treaty's survival is a first-passage quantity (Kemeny and Snell 1960, ch. 3): ``y_t``
follows the same recursion with the mass that leaves the in-force states removed, so
``P(still in force in round t) = sum(y_t)`` and the treaty ends after round ``t`` with cause
``c`` with probability ``y_t . D[:, c]``. Everything is vectorised over batch axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.dynamics.treaty import BOTH, CAUSES, COL, ROW
from sim.play.chain import JointChain, joint_chain
from sim.strategies.automaton import Automaton


@dataclass(frozen=True, eq=False)
class ExactOutcomes:
    """Exact outcomes over ``rounds`` rounds; arrays carry the batch shape in front.

    Attributes
    ----------
    payoffs
        ``batch + (2,)``: expected sum over rounds of ``(discount * continuation)^t`` times
        the stage payoff, row player first.
    average_payoffs
        ``batch + (2,)``: ``payoffs`` divided by the sum of the weights (a per-round mean).
    stage_payoffs
        ``batch + (T, 2)``: expected stage payoff in round ``t`` (given it is played).
    action_probabilities
        ``batch + (T, m, n)``: probability of each action profile in round ``t``.
    treaty_probabilities
        ``batch + (T, K)``: probability of each treaty state in round ``t``.
    survival
        ``batch + (T,)``: probability that the treaty has not ended before round ``t``.
    ending
        ``batch + (T, 4)``: probability that it ends after round ``t``, by cause
        (:data:`~sim.dynamics.treaty.CAUSES`: row, col, both, other).
    ended_by
        ``batch + (2,)``: probability that the row (column) side's move ends the treaty
        within the horizon (a simultaneous move counts for both).
    end_probability
        ``batch``: probability that the treaty ends within the horizon.
    expected_rounds_in_force
        ``batch``: expected number of rounds played before the treaty ends (rounds played
        without it ending count up to the horizon).
    """

    rounds: int
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    treaty_states: tuple[str, ...]
    payoffs: np.ndarray
    average_payoffs: np.ndarray
    stage_payoffs: np.ndarray
    action_probabilities: np.ndarray
    treaty_probabilities: np.ndarray
    survival: np.ndarray
    ending: np.ndarray
    ended_by: np.ndarray
    end_probability: np.ndarray
    expected_rounds_in_force: np.ndarray

    @property
    def row_actions(self) -> np.ndarray:
        """``batch + (T, m)``: the row player's action distribution per round."""
        return self.action_probabilities.sum(axis=-1)

    @property
    def col_actions(self) -> np.ndarray:
        """``batch + (T, n)``: the column player's action distribution per round."""
        return self.action_probabilities.sum(axis=-2)

    @property
    def ended_by_cause(self) -> np.ndarray:
        """``batch + (4,)``: probability of ending within the horizon, by cause."""
        return self.ending.sum(axis=-2)


def exact_outcomes(
    model: IteratedModel,
    row_strategy: Automaton,
    col_strategy: Automaton,
    rounds: int,
) -> ExactOutcomes:
    """Exact outcomes of ``row_strategy`` against ``col_strategy`` over ``rounds`` rounds.

    Parameters
    ----------
    model
        The iterated model; its arrays (payoffs ``batch + (K, m, n)``, probabilities,
        discount) may carry batch axes, and so may the automata's policies.
    row_strategy, col_strategy
        Automata built for the row and the column player of ``model``.
    rounds
        Horizon ``T`` (with a continuation probability below 1: the truncation; choose it so
        that ``q^T`` is negligible, as :func:`sim.play.build.horizon` does).

    Returns
    -------
    ExactOutcomes
        Arrays with the broadcast batch shape of the model and the strategies in front.
    """
    chain = joint_chain(model, row_strategy, col_strategy)
    states, alive = _distributions(chain, rounds)
    batch = np.broadcast_shapes(chain.batch_shape, model.batch_shape)
    weights = _weights(model, rounds, batch)
    reach = _weights(model, rounds, batch, discounted=False)
    stage = states @ chain.rewards
    m, n = model.shape
    profiles = _full(
        (states @ chain.profiles).reshape((*chain.batch_shape, rounds, m, n)), batch, 3
    )
    treaty = _full(states @ chain.treaty_aggregator(), batch, 2)
    survival = _full(alive.sum(axis=-1), batch, 1)
    ending = _full(alive @ chain.endings, batch, 2)
    total_ending = np.einsum("...t,...tc->...c", reach, ending)
    both = total_ending[..., BOTH]
    ended_by = np.stack([total_ending[..., ROW] + both, total_ending[..., COL] + both], axis=-1)
    payoffs = np.einsum("...t,...tp->...p", weights, stage)
    return ExactOutcomes(
        rounds=rounds,
        players=model.players,
        actions=model.actions,
        treaty_states=model.treaty_states,
        payoffs=payoffs,
        average_payoffs=payoffs / weights.sum(axis=-1)[..., None],
        stage_payoffs=stage,
        action_probabilities=profiles,
        treaty_probabilities=treaty,
        survival=survival,
        ending=ending,
        ended_by=ended_by,
        end_probability=total_ending.sum(axis=-1),
        expected_rounds_in_force=np.einsum("...t,...t->...", reach, survival),
    )


def match_payoffs(
    model: IteratedModel, row_strategy: Automaton, col_strategy: Automaton, rounds: int
) -> np.ndarray:
    """Expected (discounted) payoffs only, ``batch + (2,)``: the cheap call for round robins.

    ``V = e_0 S r`` with ``S = sum_{t < T} (w M)^t`` computed by doubling
    (``S_2k = S_k + (wM)^k S_k``), so ``log2(T)`` matrix products replace ``T`` steps.
    """
    chain = joint_chain(model, row_strategy, col_strategy)
    weight = np.asarray(model.discount * model.continuation, dtype=float)[..., None, None]
    step = weight * chain.transition
    total = _geometric_sum(step, rounds)
    return np.einsum("...n,...np->...p", total[..., chain.initial, :], chain.rewards)


def _geometric_sum(step: np.ndarray, rounds: int) -> np.ndarray:
    """``sum_{t < rounds} step^t`` by binary doubling (batch over leading axes)."""
    identity = np.broadcast_to(np.eye(step.shape[-1]), step.shape)
    total = np.zeros(step.shape)
    power = identity  # step^(done)
    block_sum, block_power = identity.copy(), step  # sum and power of a block of 2^k steps
    remaining = rounds
    while remaining:
        if remaining & 1:
            total = total + power @ block_sum
            power = power @ block_power
        remaining >>= 1
        if remaining:
            block_sum = block_sum + block_power @ block_sum
            block_power = block_power @ block_power
    return total


def _distributions(chain: JointChain, rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """State distributions ``x_t`` and first-passage sub-distributions ``y_t``, ``batch+(T,N)``."""
    size, batch = chain.size, chain.batch_shape
    matrix = chain.transition
    keep = chain.in_force.astype(float)
    current = np.zeros((*batch, 2, size))
    current[..., :, chain.initial] = 1.0
    current[..., 1, :] *= keep
    states = np.empty((*batch, rounds, size))
    alive = np.empty((*batch, rounds, size))
    for t in range(rounds):
        states[..., t, :] = current[..., 0, :]
        alive[..., t, :] = current[..., 1, :]
        current = current @ matrix
        current[..., 1, :] *= keep
    return states, alive


def _full(array: np.ndarray, batch: tuple[int, ...], core: int) -> np.ndarray:
    """``array`` (``some batch + core axes``) broadcast to ``batch + core axes``."""
    return np.broadcast_to(array, (*batch, *array.shape[array.ndim - core :]))


def _weights(model: IteratedModel, rounds: int, batch, discounted: bool = True) -> np.ndarray:
    """``w^t`` for ``t < rounds``, ``batch + (T,)``, with ``w = discount * continuation``."""
    factor = np.asarray(model.continuation, dtype=float)
    if discounted:
        factor = factor * np.asarray(model.discount, dtype=float)
    factor = np.broadcast_to(factor, batch)
    return factor[..., None] ** np.arange(rounds)


__all__ = ["CAUSES", "ExactOutcomes", "exact_outcomes", "match_payoffs"]
