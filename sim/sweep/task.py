"""What a sweep worker is given (one chunk of points) and the error it reports for a point.

Both are plain picklable objects, shared by the stage-game and the play outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.errors import ScenarioError
from sim.scenario.loader import LoadedScenario


@dataclass(frozen=True)
class ChunkTask:
    """Everything a worker needs to evaluate points ``start`` to ``stop - 1``.

    Attributes
    ----------
    scenario
        The base scenario with its fixed parameter values.
    start, stop
        The point indices of the chunk.
    parameters
        One array of length ``stop - start`` per varied parameter.
    integer_parameters
        Names of the parameters that take whole numbers (stored as integers).
    seed
        The sweep's seed; point ``i`` gets ``SeedSequence(seed, spawn_key=(i,))``.
    outcomes
        The outcome names to compute (see :mod:`sim.sweep.schema`).
    select
        The rule that picks the reported equilibrium.
    play
        Settings of the iterated play (strategies, rounds, discount), possibly empty.
    """

    scenario: LoadedScenario
    start: int
    stop: int
    parameters: dict[str, np.ndarray]
    integer_parameters: tuple[str, ...]
    seed: int
    outcomes: tuple[str, ...]
    select: str = "max_total"
    play: dict = field(default_factory=dict)


class PointError(ScenarioError):
    """A scenario error at one sweep point; keeps its file and key when pickled."""

    def __reduce__(self):
        return (type(self), (self.message, self.source, self.key))


def make_task(sweep, design, start: int, stop: int) -> ChunkTask:
    """The task that evaluates points ``start`` to ``stop - 1`` of a
    :class:`~sim.sweep.loader.LoadedSweep` and its :class:`~sim.sweep.design.Design`."""
    model = sweep.model
    return ChunkTask(
        scenario=sweep.scenario,
        start=start,
        stop=stop,
        parameters=design.points(start, stop),
        integer_parameters=tuple(n for n, p in model.parameters.items() if p.is_integer),
        seed=model.seed,
        outcomes=tuple(dict.fromkeys(model.outcomes)),
        select=model.select,
        play=model.play.model_dump(exclude_none=True),
    )
