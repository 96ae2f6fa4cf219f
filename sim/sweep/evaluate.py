"""Evaluating one chunk of sweep points: the function the executors run.

:func:`evaluate_chunk` is importable at module level and takes one picklable
:class:`ChunkTask`, so local processes and Dask workers can run it. Inside a chunk every
step works on whole arrays: the parameters are arrays, the payoff expressions are evaluated
on them (one game a point, shape ``(N, m, n)``), and the equilibrium and play analyses are
batched.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sim.errors import StabsimError
from sim.sweep.schema import PLAY_OUTCOMES
from sim.sweep.seeds import point_seeds
from sim.sweep.task import ChunkTask, PointError


def evaluate_chunk(task: ChunkTask) -> pa.Table:
    """The result rows of one chunk: point index, parameters, seed, then the outcomes."""
    from sim.compile.game import build_game

    index = np.arange(task.start, task.stop, dtype=np.int64)
    columns: dict[str, object] = {"point": index}
    for name, values in task.parameters.items():
        integer = name in task.integer_parameters
        columns[name] = np.asarray(values, dtype=np.int64 if integer else float)
    columns["seed"] = point_seeds(task.seed, index)
    values = {name: np.asarray(v, dtype=float) for name, v in task.parameters.items()}
    try:
        game = build_game(task.scenario, values)
    except StabsimError:
        raise first_failing_point(task, values) from None
    game = _as_batch(game, index.size)
    columns.update(stage_game_columns(task, game))
    play = [name for name in task.outcomes if name in PLAY_OUTCOMES]
    if play:
        from sim.sweep.play_outcomes import play_columns

        columns.update(play_columns(task, values, play))
    return pa.table(columns)


def evaluate_and_store(task: ChunkTask, folder: str) -> int:
    """Evaluate a chunk and write its file into the run folder ``folder`` (a worker on the
    driver's machine does its own writing); return the number of rows."""
    from sim.sweep.store import ChunkStore

    table = evaluate_chunk(task)
    ChunkStore(folder, keep_in_memory=False).write(task.start, task.stop, table)
    return table.num_rows


def first_failing_point(task: ChunkTask, values: dict[str, np.ndarray]) -> PointError:
    """The error of the first point of the chunk whose payoffs cannot be evaluated."""
    from sim.compile.game import build_game

    for k in range(task.stop - task.start):
        point = {name: float(v[k]) for name, v in values.items()}
        try:
            build_game(task.scenario, point)
        except StabsimError as exc:
            where = ", ".join(f"{name}={value:g}" for name, value in point.items())
            message = f"{exc.message} at sweep point {task.start + k} ({where})"
            return PointError(message, task.scenario.path, exc.key)
    return PointError(f"payoffs fail at points {task.start}..{task.stop - 1}", task.scenario.path)


def stage_game_columns(task: ChunkTask, game) -> dict[str, object]:
    """The requested stage-game outcomes of a batch of games."""
    from sim.sweep.stage_outcomes import equilibrium_columns, regime_columns

    out: dict[str, object] = {}
    wanted = set(task.outcomes)
    if wanted & {"regime", "mutual_compliance"}:
        actions = task.scenario.model.actions
        cooperative = (
            actions.row.index(actions.role("cooperative", 0)),
            actions.col.index(actions.role("cooperative", 1)),
        )
        regime = regime_columns(game, cooperative)
        if "regime" not in wanted:
            regime = {"mutual_compliance": regime["mutual_compliance"]}
        elif "mutual_compliance" not in wanted:
            regime.pop("mutual_compliance")
        out.update(regime)
    if wanted & {"n_equilibria", "equilibrium_payoffs"}:
        out.update(equilibrium_columns(game, task.select, "equilibrium_payoffs" in wanted))
    return out


def _as_batch(game, size: int):
    """Broadcast a game to ``size`` points (payoffs that no varied parameter touches)."""
    from sim.game.stage import Game

    shape = (size, *game.shape)
    if game.row_payoffs.shape == shape:
        return game
    return Game(
        game.players,
        game.actions,
        np.broadcast_to(game.row_payoffs, shape),
        np.broadcast_to(game.col_payoffs, shape),
    )
