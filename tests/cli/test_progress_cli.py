"""Progress of the command line: bars on a terminal's stderr, plain lines in a log, nothing
with --json or --quiet."""

from __future__ import annotations

import io

import pytest

import sim.cli.progress as bars
from sim.progress import _SINK, LineSink, reporting, task


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "flags", "shown"), [
    (True, (), "bars"), (True, (True,), None), (True, (False, True), None),
    (False, (), "lines"), (False, (True,), None),
])  # fmt: skip
def test_bars_on_a_terminal_lines_in_a_log_nothing_with_json_or_quiet(
    monkeypatch, tty, flags, shown
):
    monkeypatch.setattr("sys.stderr", Terminal() if tty else io.StringIO())
    kinds = {"bars": bars.RichSink, "lines": LineSink}
    with bars.progress_bars(*flags):
        sink = _SINK.get()
        assert (sink is None) if shown is None else isinstance(sink, kinds[shown])


def test_a_log_gets_a_line_per_interval_and_a_last_one():
    out = io.StringIO()
    with reporting(LineSink(out, interval=0.0)), task("Monte Carlo: rounds", 4) as handle:
        for _ in range(4):
            handle.advance(1)
    lines = out.getvalue().splitlines()
    assert len(lines) == 5  # one per step, and the last line at the finish
    assert lines[0].startswith("Monte Carlo: rounds: 1/4 (25%), ")
    assert "s left" in lines[0] and lines[-1].startswith("Monte Carlo: rounds: 4/4 (100%), ")
    assert "left" not in lines[-1]


def test_a_quick_task_writes_no_line():
    out = io.StringIO()
    with reporting(LineSink(out, interval=3600.0)), task("quick", 2) as handle:
        handle.advance(2)
    assert out.getvalue() == ""


def test_a_sweep_in_a_log_writes_lines(monkeypatch):
    from sim.sweep.progress import Progress

    out = io.StringIO()
    monkeypatch.setattr("sys.stderr", out)
    monkeypatch.setattr("sim.sweep.progress.LINE_INTERVAL", 0.0)
    with Progress(total=10, done=4, description="inf_sweep") as progress:
        progress.advance(3)
        progress.advance(3)
    assert progress.enabled
    assert out.getvalue().splitlines()[-1].startswith("inf_sweep: 6/6 (100%), ")


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
