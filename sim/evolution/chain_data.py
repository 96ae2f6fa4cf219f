"""The reachable joint chains of a round robin in exact integers over common denominators.

Every probability of a pairing's chain (:func:`sim.play.chain.joint_chain`) is a product of
five factors: the row and the column automaton's action probabilities after trembles, the
two observation probabilities and the treaty transition probability. Each factor is read
as a rational by :func:`sim.equilibria.exact.to_fraction` (the simplest fraction within a
few units in the last place of its float: ``0.001`` is 1/1000), and each kind of factor is
put over one common denominator for the whole pool, so a term's probability is an integer
over ``D = d_row d_col d_row_obs d_col_obs d_treaty`` and a stage payoff an integer over
``d_payoff``: sums and comparisons of them are exact. Only the states reachable from the
initial joint state are kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.equilibria.exact import to_fraction


@dataclass(frozen=True)
class Rationals:
    """Numerators (object arrays of Python ints) over one common denominator."""

    numerators: tuple[np.ndarray, ...]
    denominator: int


def over_common_denominator(arrays: Sequence[np.ndarray]) -> Rationals:
    """Float arrays read as fractions (:func:`~sim.equilibria.exact.to_fraction`), as
    integer numerators over their least common denominator."""
    fractions = [np.vectorize(to_fraction, otypes=[object])(np.asarray(a)) for a in arrays]
    denominator = math.lcm(1, *(f.denominator for a in fractions for f in a.flat))
    scale = np.vectorize(lambda f: int(f * denominator), otypes=[object])
    return Rationals(tuple(scale(a) for a in fractions), denominator)


@dataclass(frozen=True)
class PairChain:
    """One pairing's chain on its reachable states, exactly.

    ``source``/``target`` index the ``size`` reachable states (the initial one is 0); edge
    ``k`` has probability ``weight[k] / denominator`` (one edge per distinct pair of
    states); ``rewards[p][s] / reward_denominator`` is player ``p``'s expected stage payoff
    in state ``s``.
    """

    size: int
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    rewards: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class PoolData:
    """The exact factors of a model and both pools, ready to build each pairing's chain."""

    row_policies: Rationals
    col_policies: Rationals
    observes: tuple[Rationals, Rationals]
    treaty: Rationals
    payoffs: Rationals

    @property
    def denominator(self) -> int:
        """Common denominator of a term probability."""
        kinds = (self.row_policies, self.col_policies, *self.observes, self.treaty)
        return math.prod(kind.denominator for kind in kinds)

    @property
    def reward_denominator(self) -> int:
        """Common denominator of an expected stage payoff."""
        return self.denominator * self.payoffs.denominator


def pool_data(model, row_pool: Sequence, col_pool: Sequence) -> PoolData:
    """Exact factors of ``model`` (not a batch) and of the automata of both pools."""
    dynamics = model.dynamics
    return PoolData(
        row_policies=over_common_denominator([model.trembled(0, a.policy) for a in row_pool]),
        col_policies=over_common_denominator([model.trembled(1, a.policy) for a in col_pool]),
        observes=(
            over_common_denominator([model.row_observes]),
            over_common_denominator([model.col_observes]),
        ),
        treaty=over_common_denominator([model.chain.probability]),
        payoffs=over_common_denominator([dynamics.row_payoffs, dynamics.col_payoffs]),
    )


def reachable(source: np.ndarray, target: np.ndarray, size: int, initial: int) -> np.ndarray:
    """Boolean ``(size,)``: the states reachable from ``initial`` along the terms."""
    seen = np.zeros(size, dtype=bool)
    seen[initial] = True
    count = 1
    while True:
        seen[target[seen[source]]] = True
        grown = int(seen.sum())
        if grown == count:
            return seen
        count = grown


def group_sum(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` (sorted) and the exact sum of ``values`` over each."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[first], np.add.reduceat(values, first) if len(values) else values


def pair_chain(chain, data: PoolData, row_index: int, col_index: int) -> PairChain:
    """The exact reachable chain of a pairing from its :class:`~sim.play.chain.JointChain`.

    Term probability ``p = pi_row(i|a) pi_col(j|b) O_row(s_r|j) O_col(s_c|i) P(f|e,i,j)``
    (:func:`sim.play.chain.joint_chain`), here as a product of integer numerators.
    """
    _, size_a, size_b = chain.shape
    keep = reachable(chain.source, chain.target, chain.size, chain.initial)
    terms = np.flatnonzero(keep[chain.source])
    source, target = chain.source[terms], chain.target[terms]
    a, b = (source // size_b) % size_a, source % size_b
    i, j = chain.row_action[terms], chain.col_action[terms]
    weight = (
        data.row_policies.numerators[row_index][a, i]
        * data.col_policies.numerators[col_index][b, j]
        * data.observes[0].numerators[0][j, chain.row_signal[terms]]
        * data.observes[1].numerators[0][i, chain.col_signal[terms]]
        * data.treaty.numerators[0][chain.treaty_term[terms]]
    )
    states = np.flatnonzero(keep)
    states = np.r_[chain.initial, states[states != chain.initial]]  # the initial state first
    local = np.full(chain.size, -1)
    local[states] = np.arange(len(states))
    k = chain.model.chain.state[chain.treaty_index[source]]
    rewards = tuple(
        group_sum(local[source], weight * payoffs[k, i, j])[1]
        for payoffs in data.payoffs.numerators
    )
    pairs, summed = group_sum(local[source] * len(states) + local[target], weight)
    return PairChain(len(states), pairs // len(states), pairs % len(states), summed, rewards)
