"""Exact lumping of many Markov chains at once: states that earn the same for ever are merged.

A partition of the states of a chain with rewards ``r`` is *ordinarily lumpable* when
states of one block have the same reward and the same probability of moving into each
block (Kemeny and Snell 1960, Finite Markov Chains, sec. 6.3; probabilistic bisimulation,
Larsen and Skou 1991). Then the expected reward in every round, and so every discounted
total over every horizon, is the same from any state of a block. The coarsest such
partition is found by refinement: start from the blocks of equal reward, split each block
by the exact probability mass its states send to each block, until nothing splits.

Done on the disjoint union of all pairings of a round robin, it proves which table entries
are equal (their initial states share a block) with integers only, and the totals are then
computed once per block of the quotient chain, so equal entries are equal in floating
point too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.evolution.chain_data import PairChain, group_sum


@dataclass(frozen=True)
class Quotient:
    """The lumped chain of a union of pairings, for one player's rewards.

    ``source``/``target``/``weight`` are its edges (``weight`` over the chains' common
    denominator), ``rewards`` its stage payoffs per block (over the reward denominator) and
    ``initial[k]`` the block of pairing ``k``'s initial state.
    """

    size: int
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    rewards: np.ndarray
    initial: np.ndarray

    @property
    def out_degree(self) -> int:
        """The largest number of edges leaving one block."""
        return int(np.bincount(self.source, minlength=1).max())


def union(chains: Sequence[PairChain], player: int):
    """The disjoint union of the pairings' chains: edges, rewards and initial states."""
    offsets = np.cumsum([0, *(c.size for c in chains)])
    source = np.concatenate([c.source + o for c, o in zip(chains, offsets, strict=False)])
    target = np.concatenate([c.target + o for c, o in zip(chains, offsets, strict=False)])
    weight = np.concatenate([c.weight for c in chains])
    rewards = np.concatenate([c.rewards[player] for c in chains])
    return source, target, weight, rewards, offsets[:-1]


def coarsest_lumping(source, target, weight, rewards) -> np.ndarray:
    """Block index of every state in the coarsest ordinarily lumpable partition.

    Refinement (Kemeny and Snell 1960, Theorem 6.3.2): a state's signature is its block and
    the exact mass it sends to each block; states with equal signatures stay together.
    """
    size = len(rewards)
    _, block = np.unique(rewards, return_inverse=True)
    count = int(block.max()) + 1 if size else 0
    order = np.argsort(source, kind="stable")
    source, target, weight = source[order], target[order], weight[order]
    small = _fits_int64(weight)
    while True:
        keys, mass = group_sum(source * count + block[target], weight)
        owner, into = keys // count, keys % count
        signatures = _signatures if small else _signatures_exact
        refined, found = signatures(block, owner, into, mass, size)
        if found == count:
            return refined
        block, count = refined, found


def _fits_int64(weight: np.ndarray) -> bool:
    """Whether every sum of these non-negative integers fits a 64-bit integer."""
    return sum(int(w) for w in weight) < 2**62


def _signatures(block, owner, into, mass, size) -> tuple[np.ndarray, int]:
    """New block of every state: equal (block, targets, masses) rows, found by sorting one
    integer row per state (``-1`` padded)."""
    bounds = np.searchsorted(owner, np.arange(size + 1))
    degree = np.diff(bounds)
    width = int(degree.max(initial=0))
    slot = np.arange(len(owner)) - bounds[owner]
    rows = np.full((size, 1 + 2 * width), -1, dtype=np.int64)
    rows[:, 0] = block
    rows[owner, 1 + slot] = into
    rows[owner, 1 + width + slot] = mass.astype(np.int64)
    _, refined = np.unique(rows, axis=0, return_inverse=True)
    refined = refined.reshape(-1)
    return refined, int(refined.max(initial=-1)) + 1


def _signatures_exact(block, owner, into, mass, size) -> tuple[np.ndarray, int]:
    """As :func:`_signatures`, with masses of any size (Python integers)."""
    bounds = np.searchsorted(owner, np.arange(size + 1)).tolist()
    intos, masses = into.tolist(), mass.tolist()
    names: dict[tuple, int] = {}
    refined = np.empty(size, dtype=np.int64)
    for s in range(size):
        lo, hi = bounds[s], bounds[s + 1]
        signature = (int(block[s]), tuple(intos[lo:hi]), tuple(masses[lo:hi]))
        refined[s] = names.setdefault(signature, len(names))
    return refined, len(names)


def lump(chains: Sequence[PairChain], player: int) -> Quotient:
    """The quotient of the union of ``chains`` under its coarsest lumping for ``player``."""
    source, target, weight, rewards, initial = union(chains, player)
    block = coarsest_lumping(source, target, weight, rewards)
    size = int(block.max()) + 1
    first = np.full(size, len(block))
    np.minimum.at(first, block, np.arange(len(block)))
    representative = np.zeros(len(block), dtype=bool)
    representative[first] = True
    mine = representative[source]
    keys, mass = group_sum(block[source[mine]] * size + block[target[mine]], weight[mine])
    return Quotient(size, keys // size, keys % size, mass, rewards[first], block[initial])
