"""Nash equilibrium under private monitoring: the deviator's partially observed problem.

Under private monitoring a deviator sees its own actions, its own signals of the other's
actions and the treaty state, but not the other's automaton state, which moves on the
*other's* signals of the deviator's actions. Its problem is a partially observed Markov
decision problem over the other's state (Kaelbling, Littman and Cassandra 1998; for
repeated games with private monitoring Mailath and Samuelson 2006, ch. 12 and 14). A
*belief node* is ``(treaty state e, own automaton state a, belief beta over the other's
states)``; after the deviator plays ``i`` and observes ``(y, f)`` the belief moves to::

    beta'(b') ∝ sum_b beta(b) sum_j pi(j|b) O_dev(y|j) P(f|e,i,j)
                 sum_z O_oth(z|i) [b' = next(b, j, z, k_f)]

The tree of belief nodes reached in ``T`` rounds (identical beliefs merged, at most
``budget`` nodes) is solved backwards for every discount factor at once::

    W_t(n) = max_x sum_i shake(x -> i) [ r(n, i) + delta sum_{y,f} q(n, i, y, f) W_{t+1}(child) ]

with two terminal values at depth ``T``, which bracket the best deviation's value:

- *lower*: ``sum_b beta(b) V_profile(e, a, b)``: after ``T`` rounds the deviator resumes
  its own automaton from ``a``; this is the value of an actual strategy, so a lower bound
  (and at least the profile's own value);
- *upper*: ``sum_b beta(b) V*(e, b)`` with ``V*`` the value when the other's state is
  revealed (:mod:`sim.repeated.deviation`): information cannot hurt, an upper bound.

With a finite horizon of ``T`` rounds both terminal values are 0 and the answer is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated.deviation import DeviationProblem
from sim.repeated.resolvent import discounted_values
from sim.repeated.terms import normalising, round_terms, transition_matrix
from sim.strategies.automaton import Automaton

NODE_BUDGET = 5_000
"""Belief nodes kept over all depths of the tree."""
MAX_DEPTH = 200


@dataclass(frozen=True, eq=False)
class BeliefTree:
    """Layers of belief nodes; ``edges[t] = (parent, own action, child, probability)``."""

    depth: int
    nodes: list[list[tuple[int, int, np.ndarray]]]
    rewards: list[np.ndarray]
    edges: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]
    complete: bool


@dataclass(frozen=True, eq=False)
class PrivateProblem:
    """Side ``side``'s deviation problem against ``(row, col)`` under private monitoring."""

    model: IteratedModel
    row: Automaton
    col: Automaton
    side: int

    @property
    def own(self) -> Automaton:
        return self.row if self.side == 0 else self.col

    @property
    def other(self) -> Automaton:
        return self.col if self.side == 0 else self.row

    @cached_property
    def kernel(self) -> tuple[np.ndarray, np.ndarray]:
        """``K[e, i, y, f, b, b']`` (belief move, unnormalised) and ``R[e, i, b]`` (reward)."""
        model, side = self.model, self.side
        chain = model.chain
        m, n = model.shape[side], model.shape[1 - side]
        low, span = normalising(model)
        other = self.other
        policy = model.trembled(1 - side, other.policy)
        see_other = model.row_observes if side == 0 else model.col_observes  # [j, y]
        other_sees = model.col_observes if side == 0 else model.row_observes  # [i, z]
        E, B = chain.size, other.size
        own_of = chain.row_action if side == 0 else chain.col_action
        other_of = chain.col_action if side == 0 else chain.row_action
        treaty = np.zeros((E, m, n, E))
        np.add.at(treaty, (chain.source, own_of, other_of, chain.target), chain.probability)
        kernel = np.zeros((E, m, n, E, B, B))
        for z in range(m):
            for j in range(n):
                nxt = other.next_state[:, j, z, :]  # (B, K) next state per treaty state
                step = np.zeros((E, B, B))
                for f in range(E):
                    step[f, np.arange(B), nxt[:, chain.state[f]]] = 1.0
                # weight[e, i, y, f, b] = pi(j|b) O(y|j) P(f|e,i,j) O(z|i)
                weight = (
                    policy[None, None, None, None, :, j]
                    * see_other[j][None, None, :, None, None]
                    * treaty[:, :, j, :][:, :, None, :, None]
                    * other_sees[:, z][None, :, None, None, None]
                )
                kernel += weight[..., None] * step[None, None, None, :, :, :]
        payoff = model.dynamics.row_payoffs if side == 0 else model.dynamics.col_payoffs
        k = chain.state
        stage = (payoff[k] - low[side]) / span[side]  # [e, i, j] in the row-col orientation
        if side == 1:
            stage = np.swapaxes(stage, 1, 2)
        reward = np.einsum("bj,eij->eib", policy, stage)
        return kernel, reward

    def tree(self, depth: int, budget: int = NODE_BUDGET) -> BeliefTree:
        """Belief nodes up to ``depth`` rounds (fewer if ``budget`` is reached first)."""
        kernel, reward = self.kernel
        chain, own = self.model.chain, self.own
        root = (chain.initial, own.initial, np.eye(self.other.size)[self.other.initial])
        layers, rewards, edges = [[root]], [], []
        total = 1
        for _ in range(depth):
            children, index, parents, actions, targets, weights = [], {}, [], [], [], []
            layer_reward = []
            for p, (e, a, belief) in enumerate(layers[-1]):
                layer_reward.append(belief @ reward[e].T)
                moved = np.einsum("b,iyfbc->iyfc", belief, kernel[e])
                mass = moved.sum(axis=-1)
                for i, y, f in zip(*np.nonzero(mass > 0), strict=True):
                    posterior = moved[i, y, f] / mass[i, y, f]
                    a_next = int(own.next_state[a, i, y, chain.state[f]])
                    key = (int(f), a_next, tuple(np.round(posterior, 12)))
                    if key not in index:
                        index[key] = len(children)
                        children.append((int(f), a_next, posterior))
                    parents.append(p)
                    actions.append(int(i))
                    targets.append(index[key])
                    weights.append(mass[i, y, f])
            rewards.append(np.array(layer_reward))
            edges.append(tuple(np.array(x) for x in (parents, actions, targets, weights)))
            total += len(children)
            layers.append(children)
            if total > budget:
                return BeliefTree(len(edges), layers, rewards, edges, complete=False)
        return BeliefTree(len(edges), layers, rewards, edges, complete=True)

    def backward(self, tree: BeliefTree, terminal: np.ndarray, deltas: np.ndarray) -> np.ndarray:
        """Optimal values ``(D,)`` at the root, for terminal values ``(D, nodes at depth)``."""
        m = self.model.shape[self.side]
        shake = self.model.trembled(self.side, np.eye(m))
        value = terminal
        for t in range(tree.depth - 1, -1, -1):
            parents, actions, targets, weights = tree.edges[t]
            size = len(tree.nodes[t])
            future = np.zeros((len(deltas), size * m))
            np.add.at(future.T, parents * m + actions, (weights * value[:, targets]).T)
            q = tree.rewards[t][None] + deltas[:, None, None] * future.reshape(-1, size, m)
            value = (q @ shake.T).max(axis=-1)
        return value[:, 0]

    @cached_property
    def _joint_values(self):
        terms = round_terms(self.model, self.row, self.col, "private")
        low, span = normalising(self.model)
        matrix = transition_matrix(terms)
        reward = np.bincount(
            terms.source,
            terms.probability * (terms.payoff(self.side) - low[self.side]) / span[self.side],
            terms.size,
        )
        return matrix, reward, terms.initial

    def profile_values(self, deltas: np.ndarray) -> np.ndarray:
        """Normalised profile values ``(D, E, A_own, B_other)`` to the deviator."""
        matrix, reward, _ = self._joint_values
        values = discounted_values(matrix, reward, deltas)
        E, A, B = self.model.chain.size, self.row.size, self.col.size
        values = values.reshape(len(deltas), E, A, B)
        return values if self.side == 0 else np.swapaxes(values, 2, 3)

    def revealed_values(self, deltas: np.ndarray) -> np.ndarray:
        """``V*(e, b)`` with the other's state revealed, ``(D, E, B_other)``."""
        problem = DeviationProblem(self.model, self.other, self.side, "private")
        E, B = self.model.chain.size, self.other.size
        return np.stack([problem.solve(float(d))[1].reshape(E, B) for d in deltas])

    def gain_bounds(self, tree: BeliefTree, deltas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Normalised ``(lower, upper)`` bounds ``(D,)`` on the best deviation's gain."""
        deltas = np.asarray(deltas, dtype=float).reshape(-1)
        profile = self.profile_values(deltas)
        revealed = self.revealed_values(deltas)
        leaves = tree.nodes[tree.depth]
        lower = np.stack([profile[:, e, a, :] @ belief for e, a, belief in leaves], axis=1)
        upper = np.stack([revealed[:, e, :] @ belief for e, _, belief in leaves], axis=1)
        start = profile[:, self.model.chain.initial, self.own.initial, self.other.initial]
        return self.backward(tree, lower, deltas) - start, self.backward(
            tree, upper, deltas
        ) - start

    def finite_start_value(self, rounds: int, deltas: np.ndarray) -> np.ndarray:
        """The profile's normalised value over ``rounds`` rounds from the start, ``(D,)``."""
        matrix, reward, start = self._joint_values
        value = np.zeros((len(deltas), len(reward)))
        for _ in range(rounds):
            value = reward[None] + deltas[:, None] * value @ matrix.T
        return value[:, start]

    def finite_gain(self, tree: BeliefTree, deltas: np.ndarray) -> np.ndarray:
        """Exact normalised gain of the best deviation over ``tree.depth`` rounds."""
        leaves = np.zeros((len(deltas), len(tree.nodes[tree.depth])))
        best = self.backward(tree, leaves, deltas)
        return best - self.finite_start_value(tree.depth, deltas)
