"""Progress bars of the command line: rich on a terminal's stderr, nothing otherwise.

The analyses count their steps through :mod:`sim.progress`; :func:`progress_bars` installs
a sink that draws them as rich bars on stderr, only when stderr is a terminal and neither
``--json`` nor ``--quiet`` was given, so that piped and logged output stays clean. A bar
appears only once its task has run for :data:`DELAY` seconds: quick commands print none.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any

from sim import reporting

DELAY = 0.5
"""Seconds a task runs before its bar is drawn."""


@contextlib.contextmanager
def progress_bars(*silenced: bool) -> Iterator[None]:
    """Draw the bars of the tasks run inside the block, unless any flag in ``silenced``
    (``--json``, ``--quiet``) is set or stderr is not a terminal."""
    enabled = not any(silenced) and sys.stderr.isatty()
    with reporting(RichSink() if enabled else None):
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
