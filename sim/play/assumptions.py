"""What an analysis of iterated play assumes about the model, read off the model itself."""

from __future__ import annotations

import numpy as np

from sim.results import Assumptions
from sim.tolerance import RELATIVE_TOLERANCE


def monitoring_of(model) -> str:
    """``"perfect"`` when both observation matrices are the identity, else ``"private"``
    (each side sees its own signal of the other's action)."""
    m, n = model.shape
    perfect = np.array_equal(
        np.asarray(model.row_observes), np.broadcast_to(np.eye(n), np.shape(model.row_observes))
    )
    perfect &= np.array_equal(
        np.asarray(model.col_observes), np.broadcast_to(np.eye(m), np.shape(model.col_observes))
    )
    return "perfect" if perfect else "private"


def play_assumptions(model, rounds: int | None, *notes: str) -> Assumptions:
    """Monitoring, noise, horizon, discount and continuation of ``model``.

    Batched models (one slice per sweep point) have no single value: their numbers are left
    out and a note says so.
    """
    if model.batch_shape:
        return Assumptions(
            monitoring=monitoring_of(model),
            horizon=rounds,
            tolerance=RELATIVE_TOLERANCE,
            notes=("batched model: values per point", *notes),
        )
    noise = np.asarray(model.noise, dtype=float)
    return Assumptions(
        monitoring=monitoring_of(model),
        noise=(float(noise[0]), float(noise[1])),
        horizon=rounds,
        discount=float(np.asarray(model.discount)),
        continuation=float(np.asarray(model.continuation)),
        tolerance=RELATIVE_TOLERANCE,
        notes=tuple(notes),
    )
