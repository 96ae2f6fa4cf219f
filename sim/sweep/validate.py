"""Every point of a sweep checked before the run: a bad point is refused before any work.

:func:`check_points` evaluates the payoffs of the whole design (vectorised, in blocks of
:data:`BLOCK` points) and, for a sweep with play outcomes, builds the iterated play of each
group of points that share their whole-number parameters, the same steps the workers take
first. A point that fails is refused in one line that names both files: the scenario's key
that fails and why, the point (its index and values), and the sweep file's key that sets
the value, for example ``error: s.toml: payoffs.row[0][0]: division by zero in '1 / x' at
sweep point 0 (x=0), set by w.toml: parameters.x``. No folder is made, no worker started.
"""

from __future__ import annotations

import numpy as np

from sim.errors import ScenarioError, StabsimError
from sim.sweep.task import ChunkTask, PointError, make_task

BLOCK = 16_384
"""Points whose payoffs (and play set-up) are evaluated at once."""


def check_points(sweep, design) -> None:
    """Raise :class:`~sim.sweep.task.PointError` for the first point of ``design`` whose
    payoffs or play set-up fail; the error names the sweep file's key that sets it."""
    if {"n_equilibria", "equilibrium_payoffs"} & set(sweep.model.outcomes):
        from sim.equilibria.batch import check_enumeration

        actions = sweep.scenario.model.actions
        try:
            check_enumeration(len(actions.row), len(actions.col))
        except StabsimError as exc:
            raise exc.located(sweep.path, "outcomes") from None
    for start in range(0, design.size, BLOCK):
        task = make_task(sweep, design, start, min(start + BLOCK, design.size))
        values = {name: np.asarray(v, dtype=float) for name, v in task.parameters.items()}
        error = _failure(task, values, grouped=True)
        if error is not None:  # the block's own error if no point fails alone
            raise _first_bad_point(sweep, task, values) or error from None


def _failure(task: ChunkTask, values: dict, grouped: bool = False) -> StabsimError | None:
    """The error the payoffs or the play set-up at ``values`` raise, or None."""
    from sim.compile.game import build_game
    from sim.sweep.play_outcomes import _point_error, _setup, point_groups
    from sim.sweep.schema import PLAY_OUTCOMES

    try:
        build_game(task.scenario, values)
        if not set(task.outcomes) & set(PLAY_OUTCOMES):
            return None
        structural = [n for n in task.integer_parameters if n in values] if grouped else []
        size = len(next(iter(values.values()), [])) if grouped else 1
        for members in point_groups(values, structural, size) if grouped else [None]:
            _setup(task, _group(values, members, structural))
    except StabsimError as exc:
        return exc if isinstance(exc, ScenarioError) and exc.source else _point_error(task, exc)
    return None


def _group(values: dict, members, structural: list[str]) -> dict:
    """The parameters of one group of points: whole-number ones as one value each."""
    if members is None:
        return values
    return {
        name: (float(v[members[0]]) if name in structural else v[members])
        for name, v in values.items()
    }


def _first_bad_point(sweep, task: ChunkTask, values: dict) -> PointError | None:
    """The error of the first point of the block that fails on its own, if one does."""
    for k in range(task.stop - task.start):
        point = {name: float(v[k]) for name, v in values.items()}
        error = _failure(task, point)
        if error is not None:
            where = ", ".join(f"{name}={value:g}" for name, value in point.items())
            culprit = next((n for n in point if _failure(task, {n: point[n]}) is not None), None)
            setting = f"parameters.{culprit}" if culprit else f"parameters ({where} together)"
            message = (
                f"{error.message} at sweep point {task.start + k} ({where}), "
                f"set by {sweep.path}: {setting}"
            )
            return PointError(message, error.source or task.scenario.path, error.key)
    return None
