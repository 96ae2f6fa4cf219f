"""Progress of the command line: rich bars on a terminal's stderr, plain lines otherwise.

The analyses count their steps through :mod:`sim.progress`; :func:`progress_bars` installs
a sink that shows them on stderr unless ``--json`` or ``--quiet`` was given: rich bars on
a terminal (drawn once a task has run for :data:`DELAY` seconds), and when stderr is a file
or a pipe (a batch job's log) one plain line every ten seconds
(:class:`sim.progress.LineSink`), so that a long job is never silent there; quick commands
print nothing.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any

from sim import LineSink, reporting

DELAY = 0.5
"""Seconds a task runs before its bar is drawn."""


@contextlib.contextmanager
def progress_bars(*silenced: bool) -> Iterator[None]:
    """Show the progress of the tasks run inside the block, unless any flag in
    ``silenced`` (``--json``, ``--quiet``) is set: bars on a terminal, lines otherwise."""
    if any(silenced):
        sink = None
    else:
        sink = RichSink() if sys.stderr.isatty() else LineSink(sys.stderr)
    with reporting(sink):
        yield


class RichSink:
    """Starts one rich bar on stderr per task."""

    def __init__(self, console: Any = None):
        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        self.console = console

    def start(self, description: str, total: int) -> _Bar:
        return _Bar(self.console, description, total)


class _Bar:
    """A bar drawn after :data:`DELAY` seconds: description, bar, count, elapsed, left."""

    def __init__(self, console, description: str, total: int):
        self._console, self._description, self._total = console, description, total
        self._started, self._done = time.monotonic(), 0
        self._progress: Any = None
        self._task: Any = None

    def advance(self, steps: int) -> None:
        self._done += steps
        if self._progress is None and time.monotonic() - self._started >= DELAY:
            self._show()
        if self._progress is not None:
            self._progress.update(self._task, completed=self._done)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=self._done)
            self._progress.stop()

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("elapsed"), TimeRemainingColumn(),
            TextColumn("left"), console=self._console, transient=False,
        )  # fmt: skip
        self._task = self._progress.add_task(self._description, total=self._total,
                                             completed=self._done)  # fmt: skip
        self._progress.start()
