"""JSON-ready summaries and per-round tables of exact and Monte Carlo play.

The exact and the sampled summaries use the same keys for the same quantity: per-player
values as ``{"row": ..., "col": ...}``, treaty ends by cause as ``{cause: ...}``, round
checkpoints as ``{round: ...}``; an exact figure is a number, a sampled one an estimate
``{"mean", "se", "ci95"}`` (:func:`sim.results.estimate`, normal interval
``mean ± 1.96 s / sqrt(R)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.dynamics.treaty import CAUSES
from sim.results import estimate
from sim.tolerance import RELATIVE_TOLERANCE

SIDES = ("row", "col")


def checkpoints(rounds: int) -> list[int]:
    """The rounds a summary reports survival at: first, quarters, last."""
    return sorted({0, rounds // 4, rounds // 2, (3 * rounds) // 4, rounds - 1})


def _single(result) -> None:
    if np.ndim(result.end_probability):
        raise ValueError("a summary describes one point: index the batch first")


def exact_summary(exact) -> dict[str, Any]:
    """The exact outcomes of one point: payoffs, ends, survival, action frequencies."""
    _single(exact)
    return {
        "rounds": exact.rounds,
        "payoffs": dict(zip(SIDES, exact.payoffs.tolist(), strict=True)),
        "average_payoffs": dict(zip(SIDES, exact.average_payoffs.tolist(), strict=True)),
        "end_probability": float(exact.end_probability),
        "ended_by": dict(zip(SIDES, exact.ended_by.tolist(), strict=True)),
        "ended_by_cause": dict(zip(CAUSES, exact.ended_by_cause.tolist(), strict=True)),
        "expected_rounds_in_force": float(exact.expected_rounds_in_force),
        "survival_at": {t: float(exact.survival[t]) for t in checkpoints(exact.rounds)},
        "final_treaty_state": dict(
            zip(exact.treaty_states, exact.treaty_probabilities[-1].tolist(), strict=True)
        ),
        "action_frequencies": {
            side: dict(zip(names, marginal.mean(axis=0).tolist(), strict=True))
            for side, names, marginal in zip(
                SIDES, exact.actions, (exact.row_actions, exact.col_actions), strict=True
            )
        },
    }


def exact_records(exact) -> list[dict[str, Any]]:
    """One record per round: ``round``, ``survival``, ``treaty_<state>``, ``row_<action>``,
    ``col_<action>`` (probabilities) and ``row_payoff``, ``col_payoff`` (expected stage
    payoffs)."""
    _single(exact)
    columns: dict[str, np.ndarray] = {"survival": exact.survival}
    for k, name in enumerate(exact.treaty_states):
        columns[f"treaty_{name}"] = exact.treaty_probabilities[:, k]
    for side, names, marginal in zip(
        SIDES, exact.actions, (exact.row_actions, exact.col_actions), strict=True
    ):
        for a, name in enumerate(names):
            columns[f"{side}_{name}"] = marginal[:, a]
    columns["row_payoff"] = exact.stage_payoffs[:, 0]
    columns["col_payoff"] = exact.stage_payoffs[:, 1]
    return _rows(exact.rounds, columns)


def _rows(rounds: int, columns: dict[str, Any]) -> list[dict[str, Any]]:
    lists = {key: list(values) for key, values in columns.items()}
    return [
        {"round": t, **{key: values[t] for key, values in lists.items()}} for t in range(rounds)
    ]


def sample_estimates(result, values) -> list[dict[str, Any]] | dict[str, Any]:
    """Mean over runs (axis 0) of ``values`` with standard errors, as estimates.

    A standard error that is rounding noise relative to its mean (below the package's
    relative tolerance) is written as 0. One run: the error is undefined (``None``).
    """
    values = np.asarray(values, dtype=float)
    mean = values.mean(axis=0)
    if result.runs < 2:
        se = np.full(np.shape(mean), np.inf)
    else:
        se = values.std(axis=0, ddof=1) / np.sqrt(result.runs)
        se = np.where(se < RELATIVE_TOLERANCE * np.maximum(np.abs(mean), 1.0), 0.0, se)
    if np.ndim(mean) == 0:
        return estimate(mean, se)
    return [estimate(m, s) for m, s in zip(mean.ravel(), np.ravel(se), strict=True)]


def _in_force(result) -> np.ndarray:
    """``(R, T)`` booleans: the run's treaty still in force in round ``t``."""
    ended = np.where(result.end_round >= 0, result.end_round, result.rounds)
    return np.arange(result.rounds)[None, :] <= ended[:, None]


def monte_carlo_summary(result) -> dict[str, Any]:
    """Estimates from the runs, keyed like :func:`exact_summary`."""
    causes = np.stack([(result.end_cause == c) for c in range(len(CAUSES))], axis=-1)
    in_force = _in_force(result)
    summary = {
        "runs": result.runs,
        "rounds": result.rounds,
        "seed": result.seed,
        "payoffs": dict(zip(SIDES, sample_estimates(result, result.payoffs), strict=True)),
        "end_probability": sample_estimates(result, result.end_weight),
        "ended_by": dict(zip(SIDES, sample_estimates(result, result.ended_by()), strict=True)),
        "ended_by_cause": dict(
            zip(CAUSES, sample_estimates(result, causes * result.end_weight[:, None]), strict=True)
        ),
        "expected_rounds_in_force": sample_estimates(result, result.rounds_in_force),
        "survival_at": {
            t: sample_estimates(result, in_force[:, t]) for t in checkpoints(result.rounds)
        },
    }
    if result.row_actions is not None:
        summary["action_frequencies"] = {
            side: dict(
                zip(names, sample_estimates(result, _shares(paths, len(names))), strict=True)
            )
            for side, names, paths in zip(
                SIDES, result.actions, (result.row_actions, result.col_actions), strict=True
            )
        }
    return summary


def _shares(paths: np.ndarray, count: int) -> np.ndarray:
    """``(R, count)``: each run's share of rounds spent on each action."""
    return np.stack([(paths == k).mean(axis=1) for k in range(count)], axis=-1)


def monte_carlo_records(result) -> list[dict[str, Any]]:
    """One record per round: ``round``, ``survival`` and, with trajectories,
    ``row_<action>``/``col_<action>`` (the share of runs playing it), each an estimate."""
    columns: dict[str, Any] = {"survival": sample_estimates(result, _in_force(result))}
    if result.row_actions is not None:
        for side, names, paths in zip(
            SIDES, result.actions, (result.row_actions, result.col_actions), strict=True
        ):
            for k, name in enumerate(names):
                columns[f"{side}_{name}"] = sample_estimates(result, paths == k)
    return _rows(result.rounds, columns)


def one_run(result, treaty_states) -> dict[str, Any]:
    """The history of run 0 of a result with trajectories: actions by name, treaty states,
    plain and discounted totals."""
    row_names, col_names = result.actions
    return {
        "history": [
            [row_names[i], col_names[j]]
            for i, j in zip(result.row_actions[0], result.col_actions[0], strict=True)
        ],
        "treaty_history": [treaty_states[k] for k in result.treaty_states_path[0]],
        "totals": dict(zip(SIDES, result.totals[0].tolist(), strict=True)),
        "discounted_totals": dict(zip(SIDES, result.payoffs[0].tolist(), strict=True)),
    }
