"""Progress bars of the command line: on a terminal's stderr only, never with --json."""

from __future__ import annotations

import io

import pytest

import sim.cli.progress as bars
from sim.progress import _SINK, task


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "flags", "shown"), [
    (True, (), True), (True, (True,), False), (True, (False, True), False), (False, (), False),
])  # fmt: skip
def test_bars_only_on_a_terminal_and_without_json_or_quiet(monkeypatch, tty, flags, shown):
    monkeypatch.setattr("sys.stderr", Terminal() if tty else io.StringIO())
    with bars.progress_bars(*flags):
        assert isinstance(_SINK.get(), bars.RichSink) is shown


def test_a_bar_is_drawn_once_its_task_has_run_past_the_delay(monkeypatch):
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    monkeypatch.setattr(bars, "DELAY", 0.0)
    with bars.reporting(bars.RichSink(console)), task("Round robin: pairings", 4) as handle:
        for _ in range(4):
            handle.advance(1)
    assert "Round robin: pairings" in out.getvalue() and "4/4" in out.getvalue()


def test_a_quick_task_draws_no_bar(monkeypatch):
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    monkeypatch.setattr(bars, "DELAY", 3600.0)
    with bars.reporting(bars.RichSink(console)), task("quick", 2) as handle:
        handle.advance(2)
    assert out.getvalue() == ""
