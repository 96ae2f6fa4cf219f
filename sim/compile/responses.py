"""Action rows from strategy parameters: ``weights`` and ``response``.

A ``weights`` parameter gives one weight per own action (a list, or a table action ->
weight), normalised; a ``response`` parameter a named own action or the terminal best
response.

A strategy released from a treaty (``no_obligations_if_abandoned``) or past its deadline
(``ultimatum``) plays, once the treaty is out of force, either an action the scenario names
or ``best_response``: in each point the own action that weakly dominates in the terminal
treaty state, else the maxmin (security) action there (von Neumann and Morgenstern 1944,
sec. 17).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from sim.compile.values import number
from sim.errors import ScenarioError, did_you_mean
from sim.tolerance import RELATIVE_TOLERANCE


def response_row(
    raw: Any,
    actions: tuple[str, ...],
    terminal_payoffs: np.ndarray | None,
    resolve: Callable[[str], list[str]],
) -> np.ndarray:
    """One-hot row ``batch + (m,)``: the named own action, or the terminal best response.

    ``resolve`` turns a name or ``@token`` into action names.
    """
    if raw != "best_response":
        candidates = raw if isinstance(raw, list) else [raw]
        found = [a for c in candidates for a in resolve(str(c)) if a in actions]
        if not found:
            hint = did_you_mean(candidates[0], actions) if len(candidates) == 1 else ""
            raise ScenarioError(f"none of {candidates} is an action of this side{hint}")
        return np.eye(len(actions))[actions.index(found[0])]
    if terminal_payoffs is None:
        raise ScenarioError("'best_response' needs the model's payoffs")
    return terminal_best_response(terminal_payoffs)


def terminal_best_response(payoffs: np.ndarray) -> np.ndarray:
    """One-hot ``batch + (m,)``: a weakly dominant row of ``payoffs``, else the maxmin row.

    ``a`` weakly dominates if ``u(a, j) >= u(b, j)`` for all ``b, j`` (within the relative
    tolerance); the first such row is taken. Where no row dominates, the row maximising
    ``min_j u(a, j)`` (the first of ties). Payoffs equal at every batch point are read once.
    """
    u = np.asarray(payoffs, dtype=float)
    batch = u.shape[:-2]
    if batch and u.size and np.all(u == u[(0,) * len(batch)]):  # the same at every point
        one = terminal_best_response(u[(0,) * len(batch)])
        return np.broadcast_to(one, (*batch, *one.shape)).copy()
    slack = RELATIVE_TOLERANCE * np.maximum(1.0, np.abs(u).max(axis=(-2, -1), keepdims=True))
    dominates = np.all(u[..., :, None, :] >= u[..., None, :, :] - slack[..., None], axis=(-2, -1))
    security = u.min(axis=-1)
    choice = np.where(
        dominates.any(axis=-1), np.argmax(dominates, axis=-1), np.argmax(security, axis=-1)
    )
    return np.eye(u.shape[-2])[choice]


def weights_row(raw: Any, actions: tuple[str, ...], namespace) -> np.ndarray:
    """Normalised weights ``batch + (m,)``: uniform when ``raw`` is None."""
    if raw is None:
        return np.full(len(actions), 1.0 / len(actions))
    if isinstance(raw, dict):
        unknown = [a for a in raw if a not in actions]
        if unknown:
            hint = did_you_mean(unknown[0], actions)
            raise ScenarioError(f"{unknown[0]!r} is not an action of this side{hint}")
        items = [raw.get(a, 0.0) for a in actions]
    elif isinstance(raw, list):
        if len(raw) != len(actions):
            raise ScenarioError(f"has {len(raw)} weights, expected {len(actions)} (one an action)")
        items = raw
    else:
        raise ScenarioError("must be a list of weights or a table action = weight")
    values = np.broadcast_arrays(*(number(v, namespace) for v in items))
    weights = np.stack(values, axis=-1)
    total = weights.sum(axis=-1, keepdims=True)
    if np.any(weights < 0) or np.any(total <= 0):
        raise ScenarioError("weights must be >= 0 with a positive sum")
    return weights / total
