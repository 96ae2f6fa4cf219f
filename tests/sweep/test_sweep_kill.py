"""A sweep killed with SIGKILL half-way and resumed gives the uninterrupted table, row for row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep
from sim.sweep.run import partial_folder, run_sweep
from sim.sweep.store import ChunkStore

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()

SWEEP = f"""
name = "killed"
scenario = "{INF}"
design = "random"
points = 400
seed = 8
chunk_size = 10
outcomes = ["regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
sanction = {{ start = 0.0, stop = 8.0 }}
"""

# The run to kill: serial, each chunk slowed down so that the kill lands half-way.
SCRIPT = """
import sys
import time

import sim.sweep.run as run_module
from sim.sweep.evaluate import evaluate_chunk
from sim.sweep.executors import ExecutorSpec
from sim.sweep.loader import load_sweep


def slow_chunk(task):
    time.sleep(0.05)
    return evaluate_chunk(task)


if __name__ == "__main__":
    run_module.evaluate_chunk = slow_chunk
    sweep = load_sweep(sys.argv[1])
    run_module.run_sweep(sweep, sys.argv[2], ExecutorSpec(workers=1), progress=False)
"""


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_sigkill_then_resume_gives_the_uninterrupted_table(tmp_path):
    sweep_file = tmp_path / "killed.toml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    script = tmp_path / "run_to_kill.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    store = ChunkStore(partial_folder(out))

    process = subprocess.Popen([sys.executable, str(script), str(sweep_file), str(out)])
    try:
        deadline = time.monotonic() + 60
        while len(store.done()) < 8:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "the run wrote no chunks"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    finished = len(store.done())
    assert 8 <= finished < 40
    assert not out.exists()

    resumed = run_sweep(
        load_sweep(sweep_file), out, ExecutorSpec(workers=1), resume=True, progress=False
    )
    assert resumed.computed == 400 - 10 * finished
    whole = run_sweep(
        load_sweep(sweep_file), tmp_path / "whole", ExecutorSpec(workers=1), progress=False
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(resumed.table), pd.read_parquet(whole.table), check_exact=True
    )
