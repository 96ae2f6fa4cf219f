"""The progress of a sweep: points done, rate and time left; a rich bar on a terminal,
plain lines (:class:`sim.progress.ProgressLines`) in a log."""

from __future__ import annotations

import sys
from typing import Any

from sim.progress import LINE_INTERVAL, ProgressLines


class Progress:
    """Progress counted in points; silent when ``enabled`` is false.

    Parameters
    ----------
    total
        All points of the sweep.
    done
        Points already finished (from an earlier, interrupted run).
    description
        Text before the bar.
    enabled
        Show the bar (``None``: a bar when stderr is a terminal, plain lines every ten
        seconds when it is not).
    """

    def __init__(self, total: int, done: int, description: str, enabled: bool | None = None):
        self._bar: Any = None
        self._lines: ProgressLines | None = None
        terminal = sys.stderr.isatty()
        if enabled is None and not terminal:  # the points of this run only
            self._lines = ProgressLines(sys.stderr, description, total - done, LINE_INTERVAL)
        show_bar = terminal if enabled is None else enabled
        self.enabled = show_bar or self._lines is not None
        if not show_bar:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("elapsed"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._bar.add_task(description, total=total, completed=done, rate="")
        self._start_done = done

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
        if self._lines is not None:
            self._lines.finish()

    def advance(self, points: int) -> None:
        """Count ``points`` more points as finished."""
        if self._lines is not None:
            self._lines.advance(points)
        if self._bar is None:
            return
        self._bar.advance(self._task, points)
        task = self._bar.tasks[0]
        elapsed = task.elapsed or 0.0
        if elapsed > 0:
            rate = (task.completed - self._start_done) / elapsed
            self._bar.update(self._task, rate=f"{rate:,.0f} points/s")
