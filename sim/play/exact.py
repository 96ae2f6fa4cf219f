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

import math
from dataclasses import dataclass

import numpy as np

from sim import limits
from sim.dynamics.model import IteratedModel
from sim.dynamics.treaty import BOTH, CAUSES, COL, ROW
from sim.play.assumptions import play_assumptions
from sim.play.chain import JointChain, joint_chain, scatter_sum, starts_by_round
from sim.results import Result
from sim.strategies.automaton import Automaton
from sim.tolerance import LEAK_CUT, NEVER_ENDS_CUT


@dataclass(frozen=True, eq=False, kw_only=True)
class ExactOutcomes(Result):
    """Exact outcomes over ``rounds`` rounds; arrays carry the batch shape in front.

    A :class:`~sim.results.Result` with method ``"exact-chain"``; ``to_dict()`` gives the
    summary of one point and ``to_frame()`` the per-round table
    (:mod:`sim.play.outcome_data`).

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

    def payload(self) -> dict:
        from sim.play.outcome_data import exact_summary

        return exact_summary(self)

    def records(self) -> list[dict]:
        from sim.play.outcome_data import exact_records

        return exact_records(self)


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
        that ``q^T`` is negligible, as :func:`sim.compile.horizon.horizon` does).

    Returns
    -------
    ExactOutcomes
        Arrays with the broadcast batch shape of the model and the strategies in front.
    """
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, not {rounds}")
    limits.check("rounds", rounds)
    chain = joint_chain(model, row_strategy, col_strategy)
    batch = np.broadcast_shapes(chain.batch_shape, model.batch_shape)
    m, n = model.shape
    per_round = 2 + m * n + len(model.treaty_states) + 1 + len(CAUSES) + 2 * chain.size
    limits.check_memory(
        8.0 * math.prod(batch) * rounds * per_round, "the table of per-round exact figures"
    )
    weights = _weights(model, rounds, batch)
    reach = _weights(model, rounds, batch, discounted=False)
    m, n = model.shape
    stage = np.empty((*batch, rounds, 2))
    profiles = np.empty((*batch, rounds, m * n))
    treaty = np.empty((*batch, rounds, len(model.treaty_states)))
    survival = np.empty((*batch, rounds))
    ending = np.empty((*batch, rounds, len(CAUSES)))
    rewards, profile_matrix, endings = chain.rewards, chain.profiles, chain.endings
    aggregator = chain.treaty_aggregator()
    for start, states, alive in _blocks(chain, rounds):
        block = slice(start, start + states.shape[-2])
        stage[..., block, :] = states @ rewards
        profiles[..., block, :] = states @ profile_matrix
        treaty[..., block, :] = states @ aggregator
        survival[..., block] = alive.sum(axis=-1)
        ending[..., block, :] = alive @ endings
    profiles = profiles.reshape((*batch, rounds, m, n))
    total_ending = np.einsum("...t,...tc->...c", reach, ending)
    both = total_ending[..., BOTH]
    ended_by = np.stack([total_ending[..., ROW] + both, total_ending[..., COL] + both], axis=-1)
    payoffs = np.einsum("...t,...tp->...p", weights, stage)
    return ExactOutcomes(
        method="exact-chain",
        parameters={"rounds": rounds},
        assumptions=play_assumptions(model, rounds),
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

    For one small chain (``N log2 T < T``): ``V = e_0 S r`` with
    ``S = sum_{t < T} (w M)^t`` computed by doubling (``S_2k = S_k + (wM)^k S_k``), so
    ``log2(T)`` matrix products replace ``T`` steps. Otherwise (a batch, or a large chain):
    ``T`` sparse steps of the distribution, as in :func:`exact_outcomes`.
    """
    chain = joint_chain(model, row_strategy, col_strategy)
    weight = np.asarray(model.discount * model.continuation, dtype=float)
    stationary = not chain.starts()
    if stationary and not chain.batch_shape and chain.size * max(1, rounds.bit_length()) < rounds:
        step = weight[..., None, None] * chain.transition
        total = geometric_sum(step, rounds)
        return np.einsum("...n,...np->...p", total[..., chain.initial, :], chain.rewards)
    batch = np.broadcast_shapes(chain.batch_shape, model.batch_shape)
    stage = np.empty((*batch, rounds, 2))
    for start, states, _ in _blocks(chain, rounds):
        stage[..., start : start + states.shape[-2], :] = states @ chain.rewards
    weights = np.broadcast_to(weight, batch)[..., None] ** np.arange(rounds)
    return np.einsum("...t,...tp->...p", weights, stage)


def expected_rounds_to_end(
    model: IteratedModel, row_strategy: Automaton, col_strategy: Automaton
) -> np.ndarray:
    """Expected rounds played before the treaty ends, without a horizon, shape ``batch``.

    The expected first-passage time into the states where the treaty is not in force
    (Kemeny and Snell 1960, sec. 3.3): on the in-force states ``x = 1 + q Q x`` (``Q`` the
    transitions among them, ``q`` the continuation probability, so a game that may stop
    counts only the rounds played). ``inf`` where the treaty survives for ever with positive
    probability (it can reach in-force states from which it never ends); 0 if it starts out
    of force; ``nan`` if a strategy starts at a round (the chain is not stationary).
    """
    chain = joint_chain(model, row_strategy, col_strategy)
    batch = np.broadcast_shapes(chain.batch_shape, model.batch_shape)
    if chain.starts():
        return np.full(batch, np.nan)
    if not chain.in_force[chain.initial]:
        return np.zeros(batch)
    alive = np.flatnonzero(chain.in_force)
    start = int(np.flatnonzero(alive == chain.initial)[0])
    q = np.broadcast_to(np.asarray(model.continuation, dtype=float), batch)
    inner = chain.transition[..., alive[:, None], alive[None, :]] * q[..., None, None]
    inner = np.broadcast_to(inner, (*batch, len(alive), len(alive)))
    can_end = 1.0 - inner.sum(axis=-1) > LEAK_CUT
    for _ in range(len(alive)):
        grown = can_end | np.any((inner > 0) & can_end[..., None, :], axis=-1)
        if np.array_equal(grown, can_end):
            break
        can_end = grown
    both = can_end[..., :, None] & can_end[..., None, :]
    system = np.eye(len(alive)) - np.where(both, inner, 0.0)
    into_trap = np.where(~can_end[..., None, :], inner, 0.0).sum(axis=-1) * can_end
    right = np.stack([can_end.astype(float), into_trap], axis=-1)
    solved = np.linalg.solve(system, right)[..., start, :]
    never = ~can_end[..., start] | (solved[..., 1] > NEVER_ENDS_CUT)
    return np.where(never, np.inf, solved[..., 0])


def geometric_sum(step: np.ndarray, rounds: int) -> np.ndarray:
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


BLOCK_ELEMENTS = 1 << 22
"""Distributions kept at once (per kind): rounds are aggregated in blocks of this size."""


def _blocks(chain: JointChain, rounds: int):
    """Yield ``(first round, x_t, y_t)`` for blocks of rounds, arrays ``batch + (b, N)``.

    ``x_t`` is the distribution over joint states in round ``t``; ``y_t`` the first-passage
    sub-distribution (mass that has not left the in-force states). Internally both are kept
    state-major, ``(N, points, 2)``, so that one step gathers and scatters whole rows.
    """
    size, batch = chain.size, chain.batch_shape
    points = int(np.prod(batch, dtype=np.int64))
    step = _propagator(chain, points)
    starts = starts_by_round(chain.starts())
    keep = chain.in_force.astype(float)[:, None]
    current = np.zeros((size, points, 2))
    current[chain.initial] = 1.0
    current[:, :, 1] *= keep
    length = max(1, min(rounds, BLOCK_ELEMENTS // max(1, points * size)))
    for start in range(0, rounds, length):
        count = min(length, rounds - start)
        states = np.empty((count, points, size))
        alive = np.empty((count, points, size))
        for t in range(count):
            states[t] = current[:, :, 0].T
            alive[t] = current[:, :, 1].T
            if start + t + 1 < rounds:
                current = step(current.reshape(size, -1)).reshape(size, points, 2)
                current[:, :, 1] *= keep
                if start + t + 1 in starts:
                    current = _remap(current, starts[start + t + 1])
        yield start, _batch_first(states, batch), _batch_first(alive, batch)


def _remap(current: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    """Move the mass of each joint state ``s`` to ``mapping[s]`` (a strategy starts)."""
    moved = np.zeros_like(current)
    np.add.at(moved, mapping, current)
    return moved


def _batch_first(array: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """``(b, points, N)`` -> ``batch + (b, N)``."""
    count, _, size = array.shape
    return np.moveaxis(array, 0, 1).reshape((*batch, count, size))


def _propagator(chain: JointChain, points: int):
    """One step ``x -> x M`` on state-major columns ``(N, 2 * points)``.

    One point: the dense matrix. Over a batch only the non-zero entries of ``M`` (the
    distinct (source, target) pairs of the chain's terms) are used:
    ``(x M)[t] = sum over pairs (s, t) of x[s] M[s, t]``, a row gather and a sparse sum.
    """
    if not chain.batch_shape:
        transposed = np.ascontiguousarray(chain.transition.T)
        return lambda x: transposed @ x
    from scipy import sparse

    size = chain.size
    pairs, inverse = np.unique(chain.source * size + chain.target, return_inverse=True)
    inverse = inverse.reshape(-1)
    source, target = pairs // size, pairs % size
    values = scatter_sum(chain.probability, inverse, len(pairs)).reshape(points, len(pairs))
    values = np.ascontiguousarray(np.repeat(values.T, 2, axis=1))  # (pairs, 2 * points)
    collect = sparse.csr_array(
        (np.ones(len(pairs)), (target, np.arange(len(pairs)))), shape=(size, len(pairs))
    )
    return lambda x: collect @ (x[source] * values)


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


__all__ = ["CAUSES", "ExactOutcomes", "exact_outcomes", "expected_rounds_to_end", "match_payoffs"]
