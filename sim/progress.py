"""Progress of long computations: analyses count their steps, the command line shows them.

An analysis that can run for seconds (Monte Carlo rounds, the pairings of a round robin)
opens a :func:`task` and advances it; it neither prints nor knows whether anyone watches.
Whoever wants to see the progress (the command line: a rich bar on a terminal's stderr)
installs a *sink* for the duration of a call with :func:`reporting`. Without a sink a task
costs one context-variable look-up and does nothing, so library users and tests see no
output and the numbers are the same either way.
"""

from __future__ import annotations

import contextlib
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
