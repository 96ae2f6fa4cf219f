"""Repeated-game checks: subgame perfection, the critical discount factor, best responses.

The game is treated as infinitely repeated with the effective discount factor
``delta = discount * continuation`` (a fixed horizon is not used here: in a finitely repeated
game with a unique stage equilibrium only its repetition is subgame perfect).

**Subgame perfection** under perfect monitoring (signals equal actions, no trembles) is
checked with the one-shot deviation principle (Fudenberg and Tirole 1991, Theorem 4.2;
Mailath and Samuelson 2006, Prop. 2.2.1): a profile of automata is subgame perfect iff at
every joint state ``s`` that some history reaches, no player gains by deviating once::

    Q_p(s, a) = sum_{a_-p, f} pi_-p(a_-p | s) P(f | e, a, a_-p) [u_p(k(e), a, a_-p) + delta V_p(s')]
    max_a Q_p(s, a) <= V_p(s)     with   V = (I - delta M)^-1 r.

**Discount factors as sets**: the discount factors where the profile is subgame perfect,
or a Nash equilibrium, are unions of intervals (:mod:`sim.repeated.sets`);
:func:`critical_discount` is the lower end of the one that reaches 1, if any.

Payoffs are normalised per player (``(u - min) / range``) before any comparison, so adding a
constant to a player's payoffs or scaling them changes no answer; a gain counts only above
``tolerance`` (relative to the payoff range) and the rounding band of the solve.

**The best response** to an automaton (a Markov decision problem) is in
:mod:`sim.play.best_response` and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.play.best_response import BestResponse, best_response
from sim.play.chain import joint_chain, scatter_sum
from sim.strategies.automaton import Automaton
from sim.tolerance import RELATIVE_TOLERANCE


@dataclass(frozen=True, eq=False)
class PerfectionCheck:
    """Result of the one-shot deviation check; arrays carry the batch shape in front.

    Attributes
    ----------
    subgame_perfect
        ``batch``: whether no one-shot deviation gains at any reachable joint state.
    largest_gain
        ``batch + (2,)``: each player's largest gain from a one-shot deviation (<= 0 if none).
    values
        ``batch + (N, 2)``: continuation values at the reachable joint states (0 elsewhere).
    reachable
        ``(N,)``: joint states some history reaches.
    labels
        ``(N,)``: readable joint states ``treaty | row state | col state``.
    worst
        For a single model, the most profitable deviation: ``(player, state label, action,
        gain)``; ``None`` if none gains or with batch axes.
    """

    subgame_perfect: np.ndarray
    largest_gain: np.ndarray
    values: np.ndarray
    reachable: np.ndarray
    labels: tuple[str, ...]
    worst: tuple[str, str, str, float] | None


def values(
    model: IteratedModel, row: Automaton, col: Automaton, states: np.ndarray | None = None
) -> np.ndarray:
    """Infinite-horizon discounted values ``V = (I - delta M)^-1 r``, shape ``batch + (N, 2)``.

    ``delta = discount * continuation`` must be below 1 at every batch point. ``states``: a
    boolean mask of joint states closed under the chain's transitions; the system is then
    solved on them alone and the other entries are 0.
    """
    chain = joint_chain(model, row, col)
    delta = _delta(model)
    keep = np.arange(chain.size) if states is None else np.flatnonzero(states)
    matrix = chain.transition[..., keep[:, None], keep[None, :]]
    batch = np.broadcast_shapes(matrix.shape[:-2], delta.shape, chain.rewards.shape[:-2])
    system = np.eye(len(keep)) - delta[..., None, None] * matrix
    system = np.broadcast_to(system, (*batch, len(keep), len(keep)))
    rewards = np.broadcast_to(chain.rewards[..., keep, :], (*batch, len(keep), 2))
    out = np.zeros((*batch, chain.size, 2))
    out[..., keep, :] = np.linalg.solve(system, rewards)
    return out


def check_subgame_perfect(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    tolerance: float = 10 * RELATIVE_TOLERANCE,
) -> PerfectionCheck:
    """One-shot deviation check of ``(row, col)`` under perfect monitoring, vectorised.

    Payoffs are first normalised per player and batch point to ``(u - min) / range``; a
    deviation gains if it beats the profile by more than ``tolerance`` (relative to the
    payoff range) and the rounding band of the solve,
    :func:`sim.repeated.exact.error_band`. Ties inside that band count as no gain (the
    exact decision of near ties is :class:`sim.repeated.perfection.OneShotProblem`'s);
    gains are reported in the model's own units.
    """
    from sim.repeated.exact import error_band

    perfect, span = _normalised(model.perfect())
    chain = joint_chain(perfect, row, col)
    reachable = _reachable(perfect, row, col)
    value = values(perfect, row, col, reachable)
    delta = _delta(perfect)
    gains = []
    for player in (0, 1):
        q = _deviation_values(perfect, row, col, value[..., player], delta, player)
        gains.append(np.where(reachable[:, None], q - value[..., player][..., None], -np.inf))
    allowed = np.maximum(tolerance, error_band(delta, int(reachable.sum())))
    largest = np.stack([g.max(axis=(-2, -1)) for g in gains], axis=-1)
    perfect_ok = np.all(largest <= allowed[..., None], axis=-1)
    largest = largest * span
    value = values(model.perfect(), row, col, reachable)
    gains = [g * span[..., p, None, None] for p, g in enumerate(gains)]
    labels = joint_labels(chain)
    worst = None
    if not np.shape(perfect_ok) and not bool(perfect_ok):
        player = int(np.argmax(largest))
        state, action = np.unravel_index(int(np.argmax(gains[player])), gains[player].shape)
        worst = (
            ("row", "col")[player],
            labels[state],
            model.actions[player][action],
            float(gains[player][state, action]),
        )
    return PerfectionCheck(perfect_ok, largest, value, reachable, labels, worst)


def critical_discount(model: IteratedModel, row: Automaton, col: Automaton) -> float | None:
    """Smallest ``delta*`` with the profile subgame perfect for all discounts in ``[delta*, 1)``.

    Perfect monitoring without trembles, the continuation probability kept. The lower end
    of the last interval of the subgame-perfection set
    (:func:`sim.repeated.sets.discount_sets`, root isolation on the one-shot gains), or
    ``None`` if that set does not reach 1 (for example tit-for-tat against itself). The
    whole set, which need not be one interval, is :func:`perfection_set`.
    """
    if model.batch_shape:
        raise ValueError("critical_discount takes a single model (no batch axes)")
    return perfection_set(model.perfect(), row, col).threshold


def perfection_set(model: IteratedModel, row: Automaton, col: Automaton, monitoring="perfect"):
    """The discount factors where ``(row, col)`` is subgame perfect (``"perfect"``) or a
    perfect public equilibrium (``"public"``), a :class:`sim.repeated.sets.DiscountSet`."""
    from sim.repeated.sets import discount_sets

    return discount_sets(model, row, col, monitoring, nash=False)[1]


def nash_set(model: IteratedModel, row: Automaton, col: Automaton, monitoring="perfect"):
    """The discount factors where ``(row, col)`` is a Nash equilibrium of the repeated game
    (perfect or public monitoring), a :class:`sim.repeated.sets.DiscountSet`."""
    from sim.repeated.sets import discount_sets

    return discount_sets(model, row, col, monitoring, perfection=False)[0]


def profile_values(model: IteratedModel, row: Automaton, col: Automaton) -> np.ndarray:
    """Infinite-horizon discounted payoffs of the profile from its start, ``batch + (2,)``."""
    start = joint_chain(model, row, col).initial
    return values(model, row, col)[..., start, :]


def _normalised(model: IteratedModel) -> tuple[IteratedModel, np.ndarray]:
    """The model with each player's payoffs mapped to ``(u - min) / range`` per batch point,
    and the ranges ``batch + (2,)`` (1 for a constant game)."""
    from dataclasses import replace

    scaled, spans = [], []
    for payoffs in (model.dynamics.row_payoffs, model.dynamics.col_payoffs):
        low = payoffs.min(axis=(-3, -2, -1), keepdims=True)
        span = payoffs.max(axis=(-3, -2, -1), keepdims=True) - low
        span = np.where(span > 0, span, 1.0)
        scaled.append((payoffs - low) / span)
        spans.append(span[..., 0, 0, 0])
    dynamics = replace(model.dynamics, row_payoffs=scaled[0], col_payoffs=scaled[1])
    span = np.stack(np.broadcast_arrays(*spans), axis=-1)
    return replace(model, dynamics=dynamics), span


def joint_labels(chain) -> tuple[str, ...]:
    """``treaty | row state | col state`` for every joint state of a chain."""
    treaty = chain.model.chain.labels
    return tuple(
        f"{t} | {a} | {b}" for t in treaty for a in chain.row.states for b in chain.col.states
    )


def _delta(model: IteratedModel, allow_one: bool = False) -> np.ndarray:
    delta = np.asarray(model.discount * model.continuation, dtype=float)
    if not allow_one and np.any(delta >= 1.0):
        raise ValueError("the checks need discount * continuation below 1")
    return delta


def _reachable(model: IteratedModel, row: Automaton, col: Automaton) -> np.ndarray:
    """Joint states reached by some history of actions (perfect monitoring)."""
    treaty = model.chain
    size_a, size_b = row.size, col.size
    live = _support_1d(treaty.probability)
    tau = np.flatnonzero(live)
    i, j, f = treaty.row_action[tau], treaty.col_action[tau], treaty.target[tau]
    k = treaty.state[f]
    a = np.arange(size_a)[:, None, None]
    b = np.arange(size_b)[None, :, None]
    source = (treaty.source[tau] * size_a + a) * size_b + b
    target = (f * size_a + row.next_state[a, i, j, k]) * size_b + col.next_state[b, j, i, k]
    size = treaty.size * size_a * size_b
    reached = np.zeros(size, dtype=bool)
    start = (treaty.initial * size_a + row.initial) * size_b + col.initial
    reached[start] = True
    edges_from, edges_to = source.reshape(-1), target.reshape(-1)
    while True:
        grown = reached.copy()
        grown[edges_to[reached[edges_from]]] = True
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def _support_1d(probability: np.ndarray) -> np.ndarray:
    probability = np.asarray(probability)
    return np.any(probability != 0, axis=tuple(range(probability.ndim - 1)))


def _deviation_values(model, row, col, value, delta, player: int) -> np.ndarray:
    """``Q_player(s, a)`` for every joint state and own action, ``batch + (N, m_player)``."""
    treaty = model.chain
    size_a, size_b = row.size, col.size
    tau = np.flatnonzero(_support_1d(treaty.probability))
    i, j, f = treaty.row_action[tau], treaty.col_action[tau], treaty.target[tau]
    k_next, k_now = treaty.state[f], treaty.state[treaty.source[tau]]
    a = np.arange(size_a)[:, None, None]
    b = np.arange(size_b)[None, :, None]
    shape = (size_a, size_b, len(tau))
    source = np.broadcast_to((treaty.source[tau] * size_a + a) * size_b + b, shape).reshape(-1)
    target = (f * size_a + row.next_state[a, i, j, k_next]) * size_b
    target = np.broadcast_to(target + col.next_state[b, j, i, k_next], shape).reshape(-1)
    a_flat = np.broadcast_to(a, shape).reshape(-1)
    b_flat = np.broadcast_to(b, shape).reshape(-1)
    tau_flat = np.broadcast_to(np.arange(len(tau)), shape).reshape(-1)
    i_flat, j_flat = i[tau_flat], j[tau_flat]
    if player == 0:
        other = col.policy[..., b_flat, j_flat]
        own, m = i_flat, model.shape[0]
        stage = model.dynamics.row_payoffs[..., k_now[tau_flat], i_flat, j_flat]
    else:
        other = row.policy[..., a_flat, i_flat]
        own, m = j_flat, model.shape[1]
        stage = model.dynamics.col_payoffs[..., k_now[tau_flat], i_flat, j_flat]
    weight = other * treaty.probability[..., tau[tau_flat]]
    future = np.take(value, target, axis=-1)
    contribution = weight * (stage + delta[..., None] * future)
    size = treaty.size * size_a * size_b
    q = scatter_sum(contribution, source * m + own, size * m)
    return q.reshape((*q.shape[:-1], size, m))


__all__ = [
    "BestResponse",
    "PerfectionCheck",
    "best_response",
    "check_subgame_perfect",
    "critical_discount",
    "nash_set",
    "perfection_set",
    "profile_values",
    "values",
]
