"""Per-point seeds: one child of a ``numpy.random.SeedSequence`` per sweep point.

The seed of point ``i`` of a sweep with seed ``s`` is the state of
``SeedSequence(entropy=s, spawn_key=(i,))``. It depends on the point's index only, never on
the chunk, the worker or the executor. (``SeedSequence(s).spawn(k)`` would number the
children by the order they are spawned in, which changes with the chunking.)

Building a million ``SeedSequence`` objects takes about 20 s, so :func:`point_seeds`
computes the same numbers vectorised over the indices: the pool-mixing hash of
``SeedSequence`` (O'Neill 2015, as implemented in numpy's ``bit_generator.pyx``) uses hash
constants that do not depend on the data, so each step is one numpy operation on all
indices at once. The tests check it against ``SeedSequence`` itself.
"""

from __future__ import annotations

import numpy as np

POOL_SIZE = 4
INIT_A = 0x43B0D7E5
MULT_A = 0x931E8875
INIT_B = 0x8B51F9DD
MULT_B = 0x58F38DED
MIX_MULT_L = 0xCA01F9DD
MIX_MULT_R = 0x4973F715
XSHIFT = 16
MASK32 = 0xFFFFFFFF


def point_sequence(seed: int, index: int) -> np.random.SeedSequence:
    """The ``SeedSequence`` of point ``index`` of a sweep with seed ``seed``."""
    return np.random.SeedSequence(entropy=seed, spawn_key=(int(index),))


def point_generator(seed: int, index: int) -> np.random.Generator:
    """A ``numpy.random.Generator`` seeded from :func:`point_sequence`."""
    return np.random.default_rng(point_sequence(seed, index))


def point_seeds(seed: int, indices: np.ndarray) -> np.ndarray:
    """The 64-bit seed of every point: ``point_sequence(seed, i).generate_state(1, uint64)``.

    Parameters
    ----------
    seed
        The sweep's seed (a non-negative integer).
    indices
        Point indices, non-negative and below ``2**32``.

    Returns
    -------
    numpy.ndarray
        ``uint64`` array of the shape of ``indices``.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if indices.size and (indices.min() < 0 or indices.max() > MASK32):
        raise ValueError("point indices must lie in [0, 2**32)")
    words = _entropy_words(seed)
    if len(words) < POOL_SIZE:
        words = words + [0] * (POOL_SIZE - len(words))
    spawn = indices.astype(np.uint32)
    pool = _mix_entropy([np.uint32(w) for w in words], spawn)
    low, high = _generate_state(pool)
    return low.astype(np.uint64) | (high.astype(np.uint64) << np.uint64(32))


def _entropy_words(seed: int) -> list[int]:
    """Little-endian 32-bit words of a non-negative integer (``[0]`` for zero)."""
    if seed < 0:
        raise ValueError("the seed must be non-negative")
    words = []
    while True:
        words.append(seed & MASK32)
        seed >>= 32
        if not seed:
            return words


class _HashConstant:
    """The evolving multiplier of SeedSequence's ``hashmix``: the same for every point."""

    def __init__(self, start: int, step: int):
        self.value = start
        self.step = step

    def next(self) -> np.uint32:
        """The multiplier to use now, advancing the constant as ``hashmix`` does."""
        current = self.value
        self.value = (self.value * self.step) & MASK32
        return np.uint32(current), np.uint32(self.value)


def _hashmix(value, constant: _HashConstant):
    xor_with, multiplier = constant.next()
    value = np.asarray(value, dtype=np.uint32) ^ xor_with
    value = value * multiplier
    return value ^ (value >> np.uint32(XSHIFT))


def _mix(x, y):
    result = np.uint32(MIX_MULT_L) * np.asarray(x, np.uint32) - np.uint32(MIX_MULT_R) * np.asarray(
        y, np.uint32
    )
    return result ^ (result >> np.uint32(XSHIFT))


def _mix_entropy(words: list, spawn: np.ndarray) -> list[np.ndarray]:
    """SeedSequence.mix_entropy on ``words + [spawn]`` with ``spawn`` an array of keys."""
    with np.errstate(over="ignore"):
        constant = _HashConstant(INIT_A, MULT_A)
        pool = [_hashmix(words[i], constant) for i in range(POOL_SIZE)]
        for i_src in range(POOL_SIZE):
            for i_dst in range(POOL_SIZE):
                if i_src != i_dst:
                    pool[i_dst] = _mix(pool[i_dst], _hashmix(pool[i_src], constant))
        for extra in [*words[POOL_SIZE:], spawn]:
            for i_dst in range(POOL_SIZE):
                pool[i_dst] = _mix(pool[i_dst], _hashmix(extra, constant))
    return [np.broadcast_to(p, spawn.shape).astype(np.uint32) for p in pool]


def _generate_state(pool: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The first two 32-bit words of SeedSequence.generate_state (one uint64)."""
    constant = _HashConstant(INIT_B, MULT_B)
    out = []
    with np.errstate(over="ignore"):
        for word in pool[:2]:
            out.append(_hashmix(word, constant))
    return out[0], out[1]
