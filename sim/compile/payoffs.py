"""Compiling payoff matrices: shapes checked, entries evaluated on parameter arrays or exactly."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from sim.errors import ScenarioError
from sim.scenario.expressions import evaluate_entry, parse
from sim.scenario.schema import Matrix, Scenario


def evaluate_payoffs(
    model: Scenario, parameters: Mapping[str, float | np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Both players' payoff matrices, shape ``batch + (m, n)``.

    Parameters may be arrays that broadcast together (one value per sweep point); the
    matrices then carry their broadcast shape as leading batch axes.
    """
    shape = (len(model.actions.row), len(model.actions.col))
    batch = np.broadcast_shapes(*(np.shape(v) for v in parameters.values()))
    return tuple(  # type: ignore[return-value]
        evaluate_matrix(getattr(model.payoffs, player), shape, batch, parameters, player)
        for player in ("row", "col")
    )


def evaluate_matrix(
    matrix: Matrix,
    shape: tuple[int, int],
    batch: tuple[int, ...],
    parameters: Mapping[str, float | np.ndarray],
    player: str,
) -> np.ndarray:
    """Evaluate one matrix; errors name ``payoffs.PLAYER[i][j]``."""
    key = f"payoffs.{player}"
    m, n = shape
    if len(matrix) != m:
        raise ScenarioError(f"has {len(matrix)} rows, expected {m} (one per row action)", key=key)
    out = np.empty((*batch, m, n))
    for i, row in enumerate(matrix):
        if len(row) != n:
            raise ScenarioError(
                f"has {len(row)} entries, expected {n} (one per column action)", key=f"{key}[{i}]"
            )
        for j, entry in enumerate(row):
            try:
                out[..., i, j] = evaluate_entry(entry, parameters)
            except ScenarioError as exc:
                raise exc.located(key_prefix=f"{key}[{i}][{j}]") from None
    return out


def exact_payoffs(
    model: Scenario, parameters: Mapping[str, float]
) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """Both payoff matrices in rational arithmetic, for exact equilibria.

    Numbers are read as the decimals they are written as (a parameter 0.8 is 4/5), so that
    ``(1 - d) * L`` with ``d = 0.8`` is exactly 2, not the double nearest to it.
    """
    values = {name: Fraction(repr(float(v))) for name, v in parameters.items()}
    matrices = []
    for player in ("row", "col"):
        matrix = []
        for i, row in enumerate(getattr(model.payoffs, player)):
            entries = []
            for j, entry in enumerate(row):
                try:
                    if isinstance(entry, str):
                        entries.append(parse(entry).evaluate_exact(values))
                    else:
                        entries.append(Fraction(repr(entry)))
                except ScenarioError as exc:
                    raise exc.located(key_prefix=f"payoffs.{player}[{i}][{j}]") from None
            matrix.append(entries)
        matrices.append(matrix)
    return matrices[0], matrices[1]
