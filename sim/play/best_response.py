"""The best response to an automaton, as a Markov decision problem.

The responder faces the other side's automaton and the treaty dynamics: its states are
(expanded treaty state, opponent automaton state), its actions its own, and the transition
and reward follow from the opponent's policy, the treaty transitions, the opponent's
observation of the responder's action and both sides' trembles. The optimal policy is found
by policy iteration for the infinite discounted problem (Puterman 1994, sec. 6.4) and by
backward induction for a fixed horizon (sec. 4.5). The opponent's state is taken as known
to the responder: exact under perfect monitoring, an upper bound on what a responder who
sees only signals can earn otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.play.chain import scatter_sum
from sim.strategies.automaton import Automaton
from sim.tolerance import relative_slack


@dataclass(frozen=True, eq=False)
class BestResponse:
    """The best response of one side to the other's automaton.

    Attributes
    ----------
    side
        0: the row player responds to the column player's automaton; 1: the reverse.
    payoff
        The responder's expected (discounted) payoff from the initial state.
    opponent_payoff
        The opponent's payoff against it.
    policy
        Intended action in each (treaty state | opponent state) of the decision problem; for
        a fixed horizon, the policy of the first round.
    labels
        The decision problem's states.
    rounds
        The horizon, or ``None`` for the infinite discounted problem.
    """

    side: int
    payoff: float
    opponent_payoff: float
    policy: dict[str, str]
    labels: tuple[str, ...]
    rounds: int | None
    reached: tuple[str, ...] = ()


def best_response(
    model: IteratedModel, opponent: Automaton, side: int, rounds: int | None = None
) -> BestResponse:
    """Best response of player ``side`` to the other's automaton ``opponent``.

    Parameters
    ----------
    model
        A single model (pass ``model.perfect()`` for perfect monitoring); its monitoring is
        the opponent's view of the responder, its noise applies to both.
    opponent
        The other side's automaton.
    side
        0 if the row player responds, 1 if the column player does.
    rounds
        ``None``: infinite horizon with ``delta = discount * continuation < 1`` (policy
        iteration); an integer: that many rounds with weights ``delta^t`` (backward
        induction).
    """
    if model.batch_shape or opponent.batch_shape:
        raise ValueError("best_response takes a single model (no batch axes)")
    problem = _DecisionProblem.of(model, opponent, side)
    delta = float(_delta(model, allow_one=rounds is not None))
    if rounds is None:
        policy, value, other = problem.policy_iteration(delta)
    else:
        policy, value, other = problem.backward_induction(delta, rounds)
    start = problem.initial
    own_actions = model.actions[side]
    return BestResponse(
        side=side,
        payoff=float(value[start]),
        opponent_payoff=float(other[start]),
        policy={label: own_actions[a] for label, a in zip(problem.labels, policy, strict=True)},
        labels=problem.labels,
        rounds=rounds,
        reached=tuple(problem.labels[x] for x in problem.reached(policy)),
    )


@dataclass(frozen=True, eq=False)
class _DecisionProblem:
    """States ``x = e * B + b``; ``transition[x, a, x']``; rewards ``[x, a]`` for both sides."""

    labels: tuple[str, ...]
    initial: int
    transition: np.ndarray
    reward: np.ndarray
    opponent_reward: np.ndarray

    @classmethod
    def of(cls, model: IteratedModel, opponent: Automaton, side: int) -> _DecisionProblem:
        if opponent.start > 0:
            raise ValueError(
                f"{opponent.name!r} starts at round {opponent.start}: a stationary best "
                "response does not apply to a dated strategy"
            )
        treaty = model.chain
        size_b = opponent.size
        m = model.shape[side]
        opponent_policy = model.trembled(1 - side, opponent.policy)
        observe = model.col_observes if side == 0 else model.row_observes
        own_of = treaty.row_action if side == 0 else treaty.col_action
        other_of = treaty.col_action if side == 0 else treaty.row_action
        tau, b, signal = np.nonzero(
            np.ones((len(own_of), size_b, m), dtype=bool) & (treaty.probability[:, None, None] > 0)
        )
        own, other = own_of[tau], other_of[tau]
        f = treaty.target[tau]
        b_next = opponent.next_state[b, other, signal, treaty.state[f]]
        weight = opponent_policy[b, other] * treaty.probability[tau] * observe[own, signal]
        source = treaty.source[tau] * size_b + b
        target = f * size_b + b_next
        size = treaty.size * size_b
        actual = scatter_sum(weight, (source * m + own) * size + target, size * m * size)
        actual = actual.reshape(size, m, size)
        payoffs = (model.dynamics.row_payoffs, model.dynamics.col_payoffs)
        k = treaty.state[treaty.source[tau]]
        rows, cols = treaty.row_action[tau], treaty.col_action[tau]
        own_pay = payoffs[side][k, rows, cols]
        their_pay = payoffs[1 - side][k, rows, cols]
        rewards = [
            scatter_sum(weight * pay, source * m + own, size * m).reshape(size, m)
            for pay in (own_pay, their_pay)
        ]
        shake = model.trembled(side, np.eye(m))  # [intended, actual]
        labels = tuple(f"{t} | {s}" for t in treaty.labels for s in opponent.states)
        return cls(
            labels=labels,
            initial=treaty.initial * size_b + opponent.initial,
            transition=np.einsum("ia,xay->xiy", shake, actual),
            reward=rewards[0] @ shake.T,
            opponent_reward=rewards[1] @ shake.T,
        )

    def reached(self, policy: np.ndarray) -> np.ndarray:
        """States reached from the start with positive probability under ``policy``."""
        step = self.transition[np.arange(len(policy)), policy] > 0
        seen = np.zeros(len(policy), dtype=bool)
        seen[self.initial] = True
        while True:
            grown = seen | step[seen].any(axis=0)
            if np.array_equal(grown, seen):
                return np.flatnonzero(seen)
            seen = grown

    def policy_iteration(self, delta: float):
        size = len(self.labels)
        policy = np.argmax(self.reward, axis=1)
        rows = np.arange(size)
        for _ in range(10 * size + 10):
            value, other = self._evaluate(policy, delta)
            q = self.reward + delta * self.transition @ value
            best = np.argmax(q, axis=1)
            tolerance = float(relative_slack(np.max(np.abs(q))))
            improve = q[rows, best] > q[rows, policy] + tolerance
            if not np.any(improve):
                return policy, value, other
            policy = np.where(improve, best, policy)
        return policy, value, other

    def _evaluate(self, policy: np.ndarray, delta: float):
        rows = np.arange(len(policy))
        matrix = np.eye(len(policy)) - delta * self.transition[rows, policy]
        rewards = np.stack([self.reward[rows, policy], self.opponent_reward[rows, policy]], -1)
        solved = np.linalg.solve(matrix, rewards)
        return solved[:, 0], solved[:, 1]

    def backward_induction(self, delta: float, rounds: int):
        size = len(self.labels)
        rows = np.arange(size)
        value, other = np.zeros(size), np.zeros(size)
        policy = np.zeros(size, dtype=np.intp)
        for _ in range(rounds):
            q = self.reward + delta * self.transition @ value
            policy = np.argmax(q, axis=1)
            value, other = (
                q[rows, policy],
                self.opponent_reward[rows, policy] + delta * self.transition[rows, policy] @ other,
            )
        return policy, value, other


def _delta(model: IteratedModel, allow_one: bool = False) -> np.ndarray:
    delta = np.asarray(model.discount * model.continuation, dtype=float)
    if not allow_one and np.any(delta >= 1.0):
        raise ValueError("the checks need discount * continuation below 1")
    return delta
