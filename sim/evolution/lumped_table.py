"""The exact tournament table: every pairing's chain built once, lumped and summed together.

Each pairing's joint chain (:func:`sim.play.chain.joint_chain`) is cut to its reachable
states and written in exact integers (:mod:`sim.evolution.chain_data`); the disjoint union
of all pairings is lumped for each player (:mod:`sim.evolution.lumping`), which proves
which entries are equal, and the totals of all pairings come from one backward induction
on the lumped chain (:mod:`sim.evolution.table_values`): in exact rationals when that is
affordable, else in floating point with a proven error bound, equal entries equal in both.

A pairing in which a strategy starts at a dated round is not time-homogeneous and cannot
be lumped; its totals come from :func:`sim.play.exact.match_payoffs` in floating point, and
the table then has no exact values and no error bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim.evolution.roundrobin import Entrant, check_pools


@dataclass(frozen=True)
class TableTotals:
    """Both players' totals ``(R, C)``, the exact ones (or ``None``) and the error bound
    (``None`` when some pairing could not be bounded)."""

    row: np.ndarray
    col: np.ndarray
    exact: tuple | None
    error: float | None


def lumped_totals(
    model, row_pool: Sequence[Entrant], col_pool: Sequence[Entrant], rounds: int, exact=True
) -> TableTotals:
    """Totals of every pairing over ``rounds`` rounds in ``model`` (a single model).

    ``exact``: compute exact rational totals when the work is affordable
    (:data:`sim.evolution.table_values.EXACT_WORK`).
    """
    from sim.equilibria.exact import to_fraction
    from sim.evolution.chain_data import pair_chain, pool_data
    from sim.evolution.lumping import lump
    from sim.evolution.table_values import totals
    from sim.play.chain import joint_chain

    check_pools(row_pool, col_pool)
    rows = [e.strategy for e in row_pool]
    cols = [e.strategy for e in col_pool]
    data = pool_data(model, rows, cols)
    shape = (len(rows), len(cols))
    chains, dated = [], {}
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            chain = joint_chain(model, row, col)
            if chain.starts():  # lumped like the others, its totals replaced below
                dated[(i, j)] = _dated_totals(model, row, col, rounds)
            chains.append(pair_chain(chain, data, i, j))
    weight = to_fraction(float(model.discount)) * to_fraction(float(model.continuation))
    sides = [totals(lump(chains, p), rounds, weight, data, exact and not dated) for p in (0, 1)]
    tables = [side.values.reshape(shape).copy() for side in sides]
    for (i, j), values in dated.items():
        tables[0][i, j], tables[1][i, j] = values
    exact_values = None
    if all(side.exact is not None for side in sides):
        exact_values = tuple(_grid(side.exact, shape) for side in sides)
    error = None if dated else max(side.error for side in sides)
    return TableTotals(tables[0], tables[1], exact_values, error)


def _grid(values: Sequence[Fraction], shape: tuple[int, int]) -> tuple:
    """A flat row-major sequence as a tuple of row tuples."""
    return tuple(tuple(values[i * shape[1] : (i + 1) * shape[1]]) for i in range(shape[0]))


def _dated_totals(model, row, col, rounds: int) -> tuple[float, float]:
    from sim.play.exact import match_payoffs

    values = match_payoffs(model, row, col, rounds)
    return float(values[0]), float(values[1])
