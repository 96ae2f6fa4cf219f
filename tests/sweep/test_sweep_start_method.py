"""Local workers are forked only where that is safe: on Linux, with no other Python thread."""

from __future__ import annotations

import sys
import threading

import pytest

from sim.sweep.executors import start_method


def test_spawn_while_another_thread_runs():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert start_method() == "spawn"
    finally:
        release.set()
        thread.join()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_fork_from_a_single_threaded_process():
    if threading.active_count() > 1:
        pytest.skip("an earlier test left a thread running in this process")
    assert start_method() == "fork"
