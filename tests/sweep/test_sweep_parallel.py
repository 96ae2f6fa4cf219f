"""Same table whatever the executor and the chunking: serial, local processes, Dask.

The Dask tests start a real ``LocalCluster`` with two worker processes on loopback.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.errors import OptionError
from sim.sweep.executors import ExecutorSpec, local_cluster
from sim.sweep.loader import load_sweep
from sim.sweep.run import run_sweep

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()

SWEEP = f"""
name = "parallel"
scenario = "{INF}"
design = "lhs"
points = 240
seed = 2019
outcomes = ["regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
sanction = {{ distribution = "loguniform", low = 0.1, high = 10.0 }}
blame = {{ values = [0.0, 0.5, 1.0, 2.0] }}
"""


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    path = tmp_path_factory.mktemp("sweep") / "parallel.toml"
    path.write_text(SWEEP, encoding="utf-8")
    return load_sweep(path)


@pytest.fixture(scope="module")
def serial_table(sweep, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    run = run_sweep(sweep, out, ExecutorSpec(workers=1), chunk_size=240, progress=False)
    return pd.read_parquet(run.table)


def assert_same(table: pd.DataFrame, reference: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(table, reference, check_exact=True)


@pytest.mark.slow
def test_chunk_size_does_not_change_the_table(sweep, serial_table, tmp_path):
    for size in (5, 64):
        run = run_sweep(
            sweep, tmp_path / f"c{size}", ExecutorSpec(workers=1), chunk_size=size, progress=False
        )
        assert_same(pd.read_parquet(run.table), serial_table)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_two_local_processes_give_the_serial_table(sweep, serial_table, tmp_path):
    run = run_sweep(sweep, tmp_path / "p2", ExecutorSpec(workers=2), chunk_size=37, progress=False)
    assert_same(pd.read_parquet(run.table), serial_table)
    assert serial_table["seed"].is_unique


@pytest.mark.slow
def test_a_running_executor_is_used_and_left_running(sweep, serial_table, tmp_path):
    import concurrent.futures as cf
    import json

    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        run = run_sweep(sweep, tmp_path / "t2", pool, chunk_size=33, progress=False)
        assert pool.submit(sum, [1, 2]).result() == 3
    assert_same(pd.read_parquet(run.table), serial_table)
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["executor"] == "given ThreadPoolExecutor"


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_dask_local_cluster_gives_the_serial_table(sweep, serial_table, tmp_path):
    run = run_sweep(
        sweep, tmp_path / "d2", ExecutorSpec(dask_local=2), chunk_size=50, progress=False
    )
    assert_same(pd.read_parquet(run.table), serial_table)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_running_dask_scheduler_gives_the_serial_table(sweep, serial_table, tmp_path):
    from distributed import Client, get_task_stream

    with local_cluster(2) as cluster, Client(cluster) as client:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        spec = ExecutorSpec(scheduler=cluster.scheduler_address)
        with get_task_stream(client) as stream:
            run = run_sweep(sweep, tmp_path / "ds", spec, chunk_size=29, progress=False)
        workers = {task["worker"] for task in stream.data}
    assert_same(pd.read_parquet(run.table), serial_table)
    assert len(workers) == 2, "both workers should have evaluated chunks"


@pytest.mark.slow
def test_unreachable_scheduler_is_an_option_error(sweep, tmp_path):
    with pytest.raises(OptionError) as info:
        run_sweep(
            sweep,
            tmp_path / "x",
            ExecutorSpec(scheduler="tcp://127.0.0.1:9", connect_timeout=1.0),
            progress=False,
        )
    assert info.value.argument == "scheduler"
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.partial").exists()


def test_executor_options_exclude_each_other():
    with pytest.raises(OptionError, match="only one of"):
        ExecutorSpec(workers=2, dask_local=2)
    with pytest.raises(OptionError, match="at least 1"):
        ExecutorSpec(workers=0)
