"""Progress of long computations: analyses count their steps, the command line shows them.

An analysis that can run for seconds (Monte Carlo rounds, the pairings of a round robin)
opens a :func:`task` and advances it; it neither prints nor knows whether anyone watches.
Whoever wants to see the progress (the command line: a rich bar on a terminal's stderr)
installs a *sink* for the duration of a call with :func:`reporting`; :class:`LineSink` is
the plain one, a line now and then for logs that are not a terminal. Without a sink a task
costs one context-variable look-up and does nothing, so library users and tests see no
output and the numbers are the same either way.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Protocol


class Handle(Protocol):
    """One task as a sink shows it."""

    def advance(self, steps: int) -> None: ...

    def finish(self) -> None: ...


class Sink(Protocol):
    """Something that shows tasks: ``start`` returns the handle the task advances."""

    def start(self, description: str, total: int) -> Handle: ...


LINE_INTERVAL = 10.0
"""Seconds between two plain progress lines (the first after as long)."""


class LineSink:
    """Writes one plain progress line per :data:`LINE_INTERVAL` seconds to ``stream``."""

    def __init__(self, stream, interval: float = LINE_INTERVAL):
        self.stream, self.interval = stream, interval

    def start(self, description: str, total: int) -> ProgressLines:
        return ProgressLines(self.stream, description, total, self.interval)


class ProgressLines:
    """``description: done/total (p%), N s elapsed, about M s left``, now and then."""

    def __init__(self, stream, description: str, total: int, interval: float):
        self._stream, self._description, self._total = stream, description, total
        self._interval = interval
        self._started = self._last = time.monotonic()
        self._done, self._written = 0, False

    def advance(self, steps: int) -> None:
        self._done += steps
        now = time.monotonic()
        if now >= self._last + self._interval:
            self._write(now)

    def finish(self) -> None:
        if self._written:
            self._write(time.monotonic())

    def _write(self, now: float) -> None:
        self._last, self._written = now, True
        self._stream.write(progress_line(self._description, self._done, self._total,
                                         now - self._started) + "\n")  # fmt: skip
        self._stream.flush()


def progress_line(description: str, done: int, total: int, elapsed: float) -> str:
    """One line of progress: count, share, elapsed time and, once something is done, the
    time left at the rate so far."""
    share = f" ({done / total:.0%})" if total else ""
    line = f"{description}: {done:,}/{total:,}{share}, {elapsed:.0f} s elapsed"
    if 0 < done < total:
        line += f", about {elapsed * (total - done) / done:.0f} s left"
    return line


class _Silent:
    def advance(self, steps: int) -> None:
        return None

    def finish(self) -> None:
        return None


_SINK: ContextVar[Sink | None] = ContextVar("stabsim_progress_sink", default=None)
SILENT = _Silent()


@contextlib.contextmanager
def reporting(sink: Sink | None) -> Iterator[None]:
    """Show the tasks started inside the ``with`` block on ``sink`` (``None``: on nothing)."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


@contextlib.contextmanager
def task(description: str, total: int) -> Iterator[Handle]:
    """A task of ``total`` steps; advance the handle as steps finish.

    Nested tasks are shown only at the outermost level: the inner ones (a round robin's
    Monte Carlo pairings) would only flicker under it.
    """
    sink = _SINK.get()
    if sink is None:
        yield SILENT
        return
    handle = sink.start(description, int(total))
    token = _SINK.set(None)
    try:
        yield handle
    finally:
        _SINK.reset(token)
        handle.finish()
