"""Compiled kernel: a chain's distribution carried over the rounds, many points at once.

For each point ``p`` (the values of the pairs of a :class:`sim.play.skeleton.Skeleton`)::

    x_0 = e_initial,   x_{t+1}[s'] = sum over active pairs (s, s') of x_t[s] M_p[s, s']
    occupation[s] = sum_{t < T} w_p^t x_t[s]
    ended[c]      = sum_{t < T} w_p^t sum over active ending pairs (s, c) of x_t[s] D_p[s, c]

(Kemeny and Snell 1960, ch. 3: on the in-force states ``x_t`` is the first-passage
sub-distribution and ``ended`` the end probability by cause; on all states with
``w = discount * continuation`` the occupation gives the discounted payoffs as
``occupation . r``). A dated start moves the mass of each state to its image at the start
of its round. Points are taken in blocks and the innermost loop runs over the points of a
block, so that one pair's update is one contiguous vector operation. The pairs whose source
holds no mass yet (no pair applied so far has reached it) or whose class is inactive are
skipped, which leaves every sum as it is (they would add zeros) and, with a dated start,
skips most of the work before it. The pairs that apply are listed once per *regime* (the
set of states holding mass and the active classes; it changes in a few rounds only),
grouped by target, each target's in the order of their sources: ``x_{t+1}[s']`` is then
summed in one row, in the order a scatter over the sources would add the same terms, so
the numbers are those of that scatter to the last bit.

This module imports numba; it is imported (and compiled, then cached on disk) only when a
batch of play outcomes is computed (:mod:`sim.play.batch`), never by ``import sim``.
"""

from __future__ import annotations

import numba
import numpy as np

BLOCK = 128
"""Points carried together through the rounds (the length of the innermost loop)."""


@numba.njit(cache=True, error_model="numpy")
def propagate(
    moves,
    in_offsets,
    in_pair,
    pair_source,
    pair_class,
    endings,
    end_offsets,
    end_cause,
    end_class,
    active,
    start_rounds,
    start_maps,
    weight,
    size,
    initial,
    occupation,
    ended,
):
    """Fill ``occupation`` (``(size, P)``) and ``ended`` (``(causes, P)``); see the module.

    ``in_pair[in_offsets[s']:in_offsets[s' + 1]]`` are the pairs into ``s'`` by source.
    """
    points = moves.shape[1]
    rounds = active.shape[0]
    move = np.zeros((moves.shape[0], BLOCK))
    end = np.zeros((endings.shape[0], BLOCK))
    listed = np.zeros(in_pair.size, dtype=np.int64)  # the pairs that apply, by target
    targets = np.zeros(size, dtype=np.int64)
    bounds = np.zeros(size + 1, dtype=np.int64)
    listed_for = np.zeros(size, dtype=np.bool_)  # the states with mass they were listed for
    reached = np.zeros(size, dtype=np.bool_)
    for first in range(0, points, BLOCK):
        width = min(BLOCK, points - first)
        move[:, :] = 0.0
        end[:, :] = 0.0
        move[:, :width] = moves[:, first : first + width]
        end[:, :width] = endings[:, first : first + width]
        rate = np.zeros(BLOCK)
        rate[:width] = weight[first : first + width]
        x = np.zeros((size, BLOCK))
        new = np.zeros((size, BLOCK))
        occupied = np.zeros((size, BLOCK))
        out = np.zeros((ended.shape[0], BLOCK))
        power = np.ones(BLOCK)
        x[initial, :] = 1.0
        live = np.zeros(size, dtype=np.bool_)  # may hold mass (rows of x without it are stale)
        live[initial] = True
        count = 0
        done = 0
        for t in range(rounds):
            while done < start_rounds.size and start_rounds[done] == t:
                new[:, :] = 0.0
                moved = np.zeros(size, dtype=np.bool_)
                for s in range(size):
                    if live[s]:
                        _add(new[start_maps[done, s]], x[s])
                        moved[start_maps[done, s]] = True
                x, new = new, x
                live = moved
                done += 1
            for s in range(size):
                if not live[s]:
                    continue  # no mass: its terms would add zeros
                here = x[s]
                _add_product(occupied[s], power, here)
                for e in range(end_offsets[s], end_offsets[s + 1]):
                    if active[t, end_class[e]]:
                        _add_triple(out[end_cause[e]], power, here, end[e])
            if t + 1 == rounds:
                break
            if t == 0 or _regime_changed(live, listed_for, active, t):
                count = _list_pairs(
                    live,
                    active[t],
                    in_offsets,
                    in_pair,
                    pair_source,
                    pair_class,
                    listed,
                    targets,
                    bounds,
                    reached,
                )
                listed_for[:] = live
            for g in range(count):
                row = new[targets[g]]
                k = listed[bounds[g]]
                _set_product(row, x[pair_source[k]], move[k])
                for j in range(bounds[g] + 1, bounds[g + 1]):
                    k = listed[j]
                    _add_product(row, x[pair_source[k]], move[k])
            x, new = new, x
            live = reached.copy()
            for q in range(BLOCK):
                power[q] *= rate[q]
        occupation[:, first : first + width] = occupied[:, :width]
        ended[:, first : first + width] = out[:, :width]


@numba.njit(cache=True)
def _regime_changed(live, listed_for, active, t) -> bool:
    """Whether the states with mass or the active classes differ from the listed ones."""
    for s in range(live.size):
        if live[s] != listed_for[s]:
            return True
    for c in range(active.shape[1]):
        if active[t, c] != active[t - 1, c]:
            return True
    return False


@numba.njit(cache=True)
def _list_pairs(
    live, on, in_offsets, in_pair, pair_source, pair_class, listed, targets, bounds, reached
):
    """List the pairs that apply (live source, active class) by target; return how many
    targets they reach (``targets[:count]``, theirs ``listed[bounds[g]:bounds[g + 1]]``)."""
    used = 0
    count = 0
    bounds[0] = 0
    for target in range(live.size):
        begin = used
        for j in range(in_offsets[target], in_offsets[target + 1]):
            k = in_pair[j]
            if live[pair_source[k]] and on[pair_class[k]]:
                listed[used] = k
                used += 1
        reached[target] = used > begin
        if used > begin:
            targets[count] = target
            count += 1
            bounds[count] = used
    return count


@numba.njit(cache=True, inline="always")
def _add(target, a):
    for q in range(BLOCK):
        target[q] += a[q]


@numba.njit(cache=True, inline="always")
def _set_product(target, a, b):
    for q in range(BLOCK):
        target[q] = a[q] * b[q]


@numba.njit(cache=True, inline="always")
def _add_product(target, a, b):
    for q in range(BLOCK):
        target[q] += a[q] * b[q]


@numba.njit(cache=True, inline="always")
def _add_triple(target, a, b, c):
    for q in range(BLOCK):
        target[q] += a[q] * b[q] * c[q]


def run(moves, endings, skeleton, active, weight, causes):
    """``(occupation (size, P), ended (causes, P))`` of a skeleton at ``P`` points."""
    points = moves.shape[1]
    occupation = np.zeros((skeleton.size, points))
    ended = np.zeros((causes, points))
    starts = skeleton.starts
    rounds = np.array([r for r, _ in starts], dtype=np.int64)
    maps = np.array([m for _, m in starts], dtype=np.int64).reshape(len(starts), skeleton.size)
    states = np.arange(skeleton.size + 1)
    by_target = np.lexsort((skeleton.pair_source, skeleton.pair_target))  # then by source
    propagate(
        np.ascontiguousarray(moves, dtype=float),
        np.searchsorted(skeleton.pair_target[by_target], states).astype(np.int64),
        by_target.astype(np.int64),
        skeleton.pair_source.astype(np.int64),
        skeleton.pair_class.astype(np.int64),
        np.ascontiguousarray(endings, dtype=float),
        np.searchsorted(skeleton.end_source, states).astype(np.int64),
        skeleton.end_cause.astype(np.int64),
        skeleton.end_class.astype(np.int64),
        np.ascontiguousarray(active, dtype=np.bool_),
        rounds,
        maps,
        np.ascontiguousarray(weight, dtype=float),
        skeleton.size,
        skeleton.initial,
        occupation,
        ended,
    )
    return occupation, ended
