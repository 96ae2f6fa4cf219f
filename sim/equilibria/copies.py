"""Copies of a strategy merged, and the equilibria of the merged game lifted back.

Rows ``i`` and ``k`` are copies when ``A[i] = A[k]`` and ``B[i] = B[k]``: the row player earns
the same with either, and the column player's payoffs ``x^T B`` depend only on
``x_i + x_k``. So ``(x, y)`` is an equilibrium exactly when its merge (the weights of each
class of copies added) is one of the game with one representative per class. The
equilibria of the game are the preimage of those of the merged game; a vertex of a preimage
``{x >= 0 : M x in Q}`` maps to a vertex of ``Q`` (otherwise split ``x`` in proportion along
a segment of ``Q`` through ``M x``) and is a vertex of its fibre, a product of simplices: it
puts each class's weight on one member. The extreme equilibria of the game are therefore
the merged game's extreme equilibria with each class's weight moved onto one of its members
in every way, and its maximal Nash subsets (and connected components) the lifts of the
merged game's, every lift of a product ``X x Y`` being the product of the lifts.

A copy of a strategy that is a best response to something makes the game degenerate: the
two equal constraints of the best-response polytope are tight together at a vertex, so it
has more tight constraints than its dimension.
"""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction

import numpy as np


def copy_classes(A, B) -> list[list[int]]:
    """Classes of rows of ``A`` and ``B`` (both players' payoffs) that are equal, each sorted,
    ordered by first member (rows without a copy form a class of their own)."""
    classes: dict[tuple, list[int]] = {}
    for i in range(len(A)):
        classes.setdefault((tuple(A[i]), tuple(B[i])), []).append(i)
    return sorted(classes.values())


def game_classes(game) -> tuple[list[list[int]], list[list[int]]]:
    """The copy classes of the rows and of the columns of a single game (its exact payoffs
    when it has them, else the doubles: equal doubles are equal rationals)."""
    if getattr(game, "exact", None):
        A, B = game.exact
    else:
        A, B = (np.asarray(M, dtype=float).tolist() for M in (game.row_payoffs, game.col_payoffs))
    columns = copy_classes(list(zip(*A, strict=True)), list(zip(*B, strict=True)))
    return copy_classes(A, B), columns


def lifted(found, game, row_classes, col_classes, limit: int):
    """An ``EquilibriumSet`` of the game of class representatives (``found``) as one of
    ``game``: every way of moving each class's weight onto one member, at most ``limit``
    equilibria (then ``listing`` says so in the note)."""
    rows, cols, parents = [], [], []
    exact = [] if found.exact is not None else None
    for k in range(len(found)):
        for x, y in itertools.product(
            _choices(found.row[k], row_classes), _choices(found.col[k], col_classes)
        ):
            if len(rows) == limit:
                break
            rows.append(x)
            cols.append(y)
            parents.append(k)
            if exact is not None:
                fx, fy = found.exact[k]
                exact.append((_moved(fx, row_classes, x), _moved(fy, col_classes, y)))
    children: dict[int, list[int]] = {}
    for child, parent in enumerate(parents):
        children.setdefault(parent, []).append(child)
    components = [sorted(c for k in s for c in children.get(k, [])) for s in found.components]
    merged = sum(len(c) - 1 for c in row_classes) + sum(len(c) - 1 for c in col_classes)
    total = _count(found, row_classes, col_classes)
    note = found.note
    if merged:
        note = f"{merged} copies of other strategies merged, the equilibria lifted: {note}"
    if len(rows) < total:
        note += f"; listing the first {limit} of the {total} lifted equilibria"
    m, n = game.shape
    row = np.array(rows, dtype=float).reshape(-1, m)
    col = np.array(cols, dtype=float).reshape(-1, n)
    values = found.exact_payoffs
    return dataclasses.replace(
        found,
        row=row,
        col=col,
        payoffs=found.payoffs[parents].reshape(-1, 2),
        degenerate=bool(found.degenerate or merged),
        components=[c for c in components if c],
        exact=None if exact is None else tuple(exact),
        exact_payoffs=None if values is None else tuple(values[k] for k in parents),
        row_payoffs=np.asarray(game.row_payoffs, dtype=float),
        col_payoffs=np.asarray(game.col_payoffs, dtype=float),
        complete=bool(found.complete and len(rows) == total),
        note=note,
    )


def _count(found, row_classes, col_classes) -> int:
    """Number of lifted equilibria."""
    total = 0
    for x, y in zip(found.row, found.col, strict=True):
        total += _ways(x, row_classes) * _ways(y, col_classes)
    return total


def _ways(weights, classes) -> int:
    return int(np.prod([len(c) for c, w in zip(classes, weights, strict=True) if w > 0]))


def _choices(weights, classes):
    """Every full-size vector with each class's weight on one of its members."""
    size = sum(map(len, classes))
    options = [c if w > 0 else c[:1] for c, w in zip(classes, weights, strict=True)]
    for members in itertools.product(*options):
        full = np.zeros(size)
        full[list(members)] = weights
        yield full


def _moved(exact, classes, chosen) -> tuple[Fraction, ...]:
    """The exact weights placed as in ``chosen`` (the float vector with the same pattern)."""
    full = [Fraction(0)] * len(chosen)
    for c, w in zip(classes, exact, strict=True):
        target = next((k for k in c if chosen[k] != 0), c[0])
        full[target] = w
    return tuple(full)
