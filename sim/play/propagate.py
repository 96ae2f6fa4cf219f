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
block, so that one pair's update is one contiguous vector operation.

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
    pair_source,
    pair_target,
    pair_class,
    endings,
    end_source,
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
    move = np.zeros((pair_source.size, BLOCK))
    end = np.zeros((end_source.size, BLOCK))
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
        done = 0
        for t in range(rounds):
            while done < start_rounds.size and start_rounds[done] == t:
                new[:, :] = 0.0
                for s in range(size):
                    _add(new[start_maps[done, s]], x[s])
                x, new = new, x
                done += 1
            for s in range(size):
                _add_product(occupied[s], power, x[s])
            for e in range(end_source.size):
                if active[t, end_class[e]]:
                    _add_triple(out[end_cause[e]], power, x[end_source[e]], end[e])
            if t + 1 < rounds:
                new[:, :] = 0.0
                for k in range(pair_source.size):
                    if active[t, pair_class[k]]:
                        _add_product(new[pair_target[k]], x[pair_source[k]], move[k])
                x, new = new, x
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
    propagate(
        np.ascontiguousarray(moves, dtype=float),
        skeleton.pair_source.astype(np.int64),
        skeleton.pair_target.astype(np.int64),
        skeleton.pair_class.astype(np.int64),
        np.ascontiguousarray(endings, dtype=float),
        skeleton.end_source.astype(np.int64),
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
