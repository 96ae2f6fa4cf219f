"""Progress: analyses count their steps on whatever sink is installed, and only then."""

from __future__ import annotations

import numpy as np

from sim.compile.check import load
from sim.compile.setup import play_setup
from sim.evolution.roundrobin import Entrant, PairResult, round_robin
from sim.play.montecarlo import simulate
from sim.progress import reporting, task
from tests.conftest import ROOT


class Recorder:
    """A sink that records each task's description, total and steps."""

    def __init__(self):
        self.tasks: list[dict] = []

    def start(self, description: str, total: int):
        record = {"description": description, "total": total, "steps": 0, "finished": False}
        self.tasks.append(record)

        class Handle:
            def advance(self, steps: int) -> None:
                record["steps"] += steps

            def finish(self) -> None:
                record["finished"] = True

        return Handle()


def test_monte_carlo_counts_its_rounds_and_draws_the_same_numbers_watched_or_not():
    setup = play_setup(load(ROOT / "scenarios" / "inf_treaty.toml"), rounds=30)
    quiet = simulate(setup.model, setup.row, setup.col, 30, 200, seed=5)
    recorder = Recorder()
    with reporting(recorder):
        watched = simulate(setup.model, setup.row, setup.col, 30, 200, seed=5)
    ((record),) = recorder.tasks
    assert record["total"] == record["steps"] == 30 and record["finished"]
    assert "200 runs" in record["description"]
    np.testing.assert_array_equal(quiet.payoffs, watched.payoffs)
    np.testing.assert_array_equal(quiet.end_round, watched.end_round)


def test_a_round_robin_counts_its_pairings_and_hides_the_tasks_inside_them():
    def evaluate(row, col) -> PairResult:
        with task("inner", 5) as inner:
            inner.advance(5)
        return PairResult(float(row), float(col))

    recorder = Recorder()
    with reporting(recorder):
        meta = round_robin([Entrant("a", 1), Entrant("b", 2)], [Entrant("x", 7)] * 1, evaluate)
    assert [t["description"] for t in recorder.tasks] == ["Round robin: pairings"]
    assert recorder.tasks[0]["total"] == recorder.tasks[0]["steps"] == 2
    assert meta.row_payoffs.tolist() == [[1.0], [2.0]]


def test_without_a_sink_a_task_does_nothing():
    with task("anything", 3) as handle:
        handle.advance(3)
    recorder = Recorder()
    with reporting(recorder), reporting(None), task("silenced", 1) as handle:
        handle.advance(1)
    assert recorder.tasks == []
