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
block, so that one pair's update is one contiguous vector operation; the pairs (sorted by
source) of a state that no pair applied so far has reached are skipped, which leaves
every sum as it is (they would add zeros) and, with a dated start, skips most of the work
before it.

This module imports numba; it is imported (and compiled, then cached on disk) only when a
batch of play outcomes is computed (:mod:`sim.play.batch`), never by ``import sim``.
"""

from __future__ import annotations

import numba
import numpy as np

BLOCK = 64
"""Points carried together through the rounds (the length of the innermost loop)."""


@numba.njit(cache=True, error_model="numpy")
def propagate(
    moves,
    pair_offsets,
    pair_target,
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
    """Fill ``occupation`` (``(size, P)``) and ``ended`` (``(causes, P)``); see the module."""
    points = moves.shape[1]
    rounds = active.shape[0]
    move = np.zeros((moves.shape[0], BLOCK))
    end = np.zeros((endings.shape[0], BLOCK))
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
        live = np.zeros(size, dtype=np.bool_)  # may hold mass (else it holds none)
        reached = np.zeros(size, dtype=np.bool_)
        live[initial] = True
        done = 0
        for t in range(rounds):
            while done < start_rounds.size and start_rounds[done] == t:
                new[:, :] = 0.0
                reached[:] = False
                for s in range(size):
                    if live[s]:
                        _add(new[start_maps[done, s]], x[s])
                        reached[start_maps[done, s]] = True
                x, new = new, x
                live, reached = reached, live
                done += 1
            last = t + 1 == rounds
            if not last:
                new[:, :] = 0.0
                reached[:] = False
            for s in range(size):
                if not live[s]:
                    continue  # no mass: its terms would add zeros
                here = x[s]
                _add_product(occupied[s], power, here)
                for e in range(end_offsets[s], end_offsets[s + 1]):
                    if active[t, end_class[e]]:
                        _add_triple(out[end_cause[e]], power, here, end[e])
                if last:
                    continue
                for k in range(pair_offsets[s], pair_offsets[s + 1]):
                    if active[t, pair_class[k]]:
                        _add_product(new[pair_target[k]], here, move[k])
                        reached[pair_target[k]] = True
            if not last:
                x, new = new, x
                live, reached = reached, live
                for q in range(BLOCK):
                    power[q] *= rate[q]
        occupation[:, first : first + width] = occupied[:, :width]
        ended[:, first : first + width] = out[:, :width]


@numba.njit(cache=True, inline="always")
def _add(target, a):
    for q in range(BLOCK):
        target[q] += a[q]


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
    propagate(
        np.ascontiguousarray(moves, dtype=float),
        np.searchsorted(skeleton.pair_source, states).astype(np.int64),
        skeleton.pair_target.astype(np.int64),
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
