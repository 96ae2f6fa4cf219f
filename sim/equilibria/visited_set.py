"""An open-addressing hash set of int64 keys for the basis search (compiled).

Keys are the bit masks of basic variables (never negative); ``EMPTY`` marks a free slot.
Linear probing from a multiplicative hash (Knuth, *The Art of Computer Programming*
vol. 3, section 6.4: the key times an odd 64-bit constant, high bits kept). The table is
kept at most half full, so a probe sequence is short; the caller doubles it
(:func:`grown`) before that bound is passed.

Of a large search's set only a small part fits in the cache, so a lookup is usually a
miss; :func:`prefetch` lets the caller start the loads of several lookups at once. A
table of ``LARGE_TABLE`` slots or more is allocated by numpy, which asks the kernel for
huge pages (``madvise``) for arrays of 4 MB and more: each probe then also misses the
translation buffer less often (on a random 20x20 game of 3.5 million bases the whole
search took 2.85 instead of 3.1 to 3.6 us per basis; on one of 2.3 million, no change).

This module imports numba; it is imported (and compiled, then cached on disk) on first use.
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

EMPTY = -1

LARGE_TABLE = 1 << 19
"""Slots (4 MB) from which a table is allocated by numpy, on huge pages where the kernel
offers them."""

MULTIPLIER = 0x2545F4914F6CDD1D
"""An odd 64-bit constant (Vigna's xorshift64* multiplier) for the hash."""


@numba.njit(cache=True, inline="always")
def slot_of(table, key) -> int:
    """The first slot probed for ``key``."""
    return ((key * MULTIPLIER) >> 17) & (table.shape[0] - 1)


@numba.njit(cache=True, inline="always")
def insert(table, key) -> bool:
    """Insert ``key`` into the set; True if it was not there."""
    mask = table.shape[0] - 1
    slot = slot_of(table, key)
    while table[slot] != EMPTY:
        if table[slot] == key:
            return False
        slot = (slot + 1) & mask
    table[slot] = key
    return True


@numba.njit(cache=True, inline="always")
def claim(table, key) -> bool:
    """:func:`insert` for a table that two threads insert into at once: a free slot is
    taken by an atomic compare-and-swap, so of two threads inserting one key exactly one
    gets True."""
    mask = table.shape[0] - 1
    slot = slot_of(table, key)
    while True:
        current = table[slot]
        if current == EMPTY:
            current = compare_and_swap(table, slot, EMPTY, key)
            if current == EMPTY:
                return True
        if current == key:
            return False
        slot = (slot + 1) & mask


@numba.njit(cache=True)
def empty_table(size):
    """A table of ``size`` free slots (a power of two)."""
    if size < LARGE_TABLE:
        return np.full(size, EMPTY, np.int64)
    with numba.objmode(table="int64[::1]"):  # numpy's allocation: huge pages
        table = np.full(size, EMPTY, np.int64)
    return table


@numba.njit(cache=True)
def grown(table):
    """A table of twice the size holding the same keys."""
    bigger = empty_table(table.shape[0] * 2)
    for key in table:
        if key != EMPTY:
            insert(bigger, key)
    return bigger


@intrinsic
def prefetch(typingctx, array, index):
    """Start loading ``array[index]`` into the cache (LLVM's ``llvm.prefetch``: a read,
    high locality); no effect on the program's values."""

    def codegen(context, builder, signature, arguments):
        view = context.make_array(signature.args[0])(context, builder, arguments[0])
        pointer = cgutils.get_item_pointer(context, builder, signature.args[0], view,
                                           [arguments[1]])  # fmt: skip
        byte_pointer = ir.IntType(8).as_pointer()
        word = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte_pointer, word, word, word]),
            "llvm.prefetch.p0i8",
        )
        read, locality, data = ir.Constant(word, 0), ir.Constant(word, 3), ir.Constant(word, 1)
        builder.call(function, [builder.bitcast(pointer, byte_pointer), read, locality, data])
        return context.get_dummy_value()

    return types.void(array, index), codegen


@intrinsic
def compare_and_swap(typingctx, array, index, expected, value):
    """Atomically: if ``array[index] == expected`` then ``array[index] = value``; the value
    that was there (LLVM's ``cmpxchg``, a ``lock cmpxchg`` on x86)."""
    item = array.dtype

    def codegen(context, builder, signature, arguments):
        view = context.make_array(signature.args[0])(context, builder, arguments[0])
        pointer = cgutils.get_item_pointer(context, builder, signature.args[0], view,
                                           [arguments[1]])  # fmt: skip
        old = context.cast(builder, arguments[2], signature.args[2], item)
        new = context.cast(builder, arguments[3], signature.args[3], item)
        pair = builder.cmpxchg(pointer, old, new, "monotonic", "monotonic")
        return builder.extract_value(pair, 0)

    return item(array, index, expected, value), codegen
