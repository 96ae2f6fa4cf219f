"""Benchmark: a 10^6-point sweep of the INF stage game, serial, 2 processes and Dask.

The sweep varies the detection probability and the sanction of ``scenarios/inf_treaty.toml``
on a 1000 x 1000 grid and records the equilibrium regime of every point (which pure profiles
are equilibria, and whether mutual compliance is one). It is run, whole and from an empty
folder each time, with ``run_sweep`` on

- one process (``--workers 1``),
- two local processes (``--workers 2``),
- a Dask ``LocalCluster`` of two worker processes on loopback (``--dask-local 2``),

and compared with a plain loop that builds each game and calls nashpy on a sample of
points (support enumeration, the pure equilibria among its output give the regime).
Times include starting the workers and writing the Parquet chunks and the merged table;
each parallel run is repeated with its workers started beforehand, to show the start-up
apart from the evaluation.

Every process is held to one BLAS/OpenMP thread (set below, before numpy is imported; the
local and Dask workers are started that way anyway), so that "1 worker" means one core.

A second sweep (``--heavy``, 10^6 points) also counts every Nash equilibrium of
each point with the batch engine, so that the work per point, not the start of the
workers, dominates its time.

Run: ``python benchmarks/bench_sweep.py`` (``--points`` and ``--outcomes`` to change it).
Targets on a 2-core machine: the sweep in under 60 s with 2 processes, 2 processes at least
1.6 times faster than 1, peak memory under 2 GB.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "inf_treaty.toml"


def sweep_text(points: int, outcomes: list[str]) -> str:
    side = math.isqrt(points)
    listed = ", ".join(f'"{name}"' for name in outcomes)
    return f"""
name = "bench"
scenario = "{SCENARIO.as_posix()}"
design = "grid"
seed = 1
chunk_size = 50000
outcomes = [{listed}]

[parameters]
detect = {{ start = 0.0, stop = 1.0, count = {side} }}
sanction = {{ start = 0.0, stop = 8.0, count = {side} }}
"""


def time_sweep(sweep, folder: Path, spec) -> tuple[float, object, float]:
    """Wall seconds, the run, and CPU seconds of all processes (workers included)."""
    from sim.sweep.run import run_sweep

    shutil.rmtree(folder, ignore_errors=True)
    before = cpu_seconds()
    start = time.perf_counter()
    run = run_sweep(sweep, folder, spec, progress=False)
    elapsed = time.perf_counter() - start
    return elapsed, run, cpu_seconds() - before


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_started(sweep, folder: Path, spec) -> tuple[float, float]:
    """Seconds to start the workers, and seconds of the sweep on the running workers."""
    from sim.sweep.executors import open_executor
    from sim.sweep.run import run_sweep

    shutil.rmtree(folder, ignore_errors=True)
    begin = time.perf_counter()
    with open_executor(spec) as pool:
        started = time.perf_counter()
        run_sweep(sweep, folder, pool, progress=False)
        done = time.perf_counter()
    return started - begin, done - started


def nashpy_rate(sweep, sample: int) -> float:
    """Points per second of a plain loop: build one game, nashpy support enumeration."""
    import nashpy

    from sim.compile.game import build_game
    from sim.sweep.design import Design

    design = Design(sweep.model)
    rng = np.random.default_rng(0)
    chosen = rng.choice(design.size, size=sample, replace=False)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index in chosen:
            point = {n: float(v[0]) for n, v in design.points(int(index), int(index) + 1).items()}
            game = build_game(sweep.scenario, point)
            found = nashpy.Game(game.row_payoffs, game.col_payoffs).support_enumeration()
            pure = [
                (int(np.argmax(x)), int(np.argmax(y)))
                for x, y in found
                if x.max() == 1.0 and y.max() == 1.0
            ]
            _ = (pure, (0, 0) in pure)
    return sample / (time.perf_counter() - start)


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def main() -> None:
    from sim.sweep.executors import ExecutorSpec
    from sim.sweep.loader import load_sweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--outcomes", default="regime,mutual_compliance")
    parser.add_argument("--sample", type=int, default=300, help="points for the nashpy loop")
    parser.add_argument(
        "--heavy",
        type=int,
        default=1_000_000,
        help="points of a second sweep that also counts all equilibria (0: skip it)",
    )
    args = parser.parse_args()
    outcomes = [o.strip() for o in args.outcomes.split(",") if o.strip()]

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "bench.toml").write_text(sweep_text(args.points, outcomes), encoding="utf-8")
        sweep = load_sweep(scratch / "bench.toml")
        points = math.isqrt(args.points) ** 2
        print(f"INF stage game, detect x sanction grid, {points:,} points, outcomes {outcomes}")
        print(
            f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
            f"on {os.cpu_count()} cores (other processes slow the parallel runs most)"
        )
        rows = []
        tables = []
        warm_two = math.nan
        for label, spec in (
            ("serial (--workers 1)", ExecutorSpec(workers=1)),
            ("2 local processes (--workers 2)", ExecutorSpec(workers=2)),
            ("Dask LocalCluster, 2 workers", ExecutorSpec(dask_local=2)),
        ):
            seconds, run, cpu = time_sweep(sweep, scratch / "out", spec)
            tables.append(_read(run.table))
            rows.append((label, seconds, points / seconds))
            print(
                f"  {label:34s} {seconds:8.2f} s  {points / seconds:12,.0f} points/s"
                f"  (CPU {cpu:.1f} s)"
            )
            if spec.workers != 1:
                start, warm = time_started(sweep, scratch / "out", spec)
                warm_two = warm if spec.workers == 2 else warm_two
                print(
                    f"  {'  the same, workers started first':34s} {warm:8.2f} s  "
                    f"{points / warm:12,.0f} points/s  (start-up {start:.2f} s apart)"
                )
        same = all(t.equals(tables[0]) for t in tables[1:])
        print(f"  identical tables from the three executors: {same}")
        reference = nashpy_rate(sweep, args.sample)
        print(
            f"  {'nashpy loop (sample of ' + str(args.sample) + ')':34s} "
            f"{'':8s}    {reference:12,.0f} points/s"
        )
        serial, two = rows[0][1], rows[1][1]
        print(f"speed-up of 2 processes over 1:        {serial / two:.2f} (target >= 1.6)")
        print(f"  with the workers started first:      {serial / warm_two:.2f}")
        print(f"2 processes, time per 10^6 points:     {two * 1e6 / points:.1f} s (target < 60 s)")
        print(f"ratio 2 processes / nashpy loop:       {rows[1][2] / reference:,.0f}")
        if args.heavy:
            heavy(scratch, args.heavy)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        own, child = peak_memory_mb()
        print(
            f"peak memory: driver {own:,.0f} MB, largest worker process {child:,.0f} MB "
            "(target < 2,048 MB)"
        )


def heavy(scratch: Path, points: int) -> None:
    """A sweep whose points cost more (all Nash equilibria and the chosen one's payoffs):
    the scaling of the evaluation itself, less diluted by starting the workers."""
    from sim.sweep.executors import ExecutorSpec
    from sim.sweep.loader import load_sweep

    outcomes = ["regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs"]
    text = sweep_text(points, outcomes).replace("chunk_size = 50000", "chunk_size = 25000")
    (scratch / "heavy.toml").write_text(text, encoding="utf-8")
    sweep = load_sweep(scratch / "heavy.toml")
    size = math.isqrt(points) ** 2
    print(f"heavier sweep: {size:,} points, outcomes {outcomes}")
    serial, _, cpu = time_sweep(sweep, scratch / "heavy", ExecutorSpec(workers=1))
    label = "serial (--workers 1)"
    print(f"  {label:34s} {serial:8.2f} s  {size / serial:12,.0f} points/s  (CPU {cpu:.1f} s)")
    two, _, cpu = time_sweep(sweep, scratch / "heavy", ExecutorSpec(workers=2))
    label = "2 local processes (--workers 2)"
    print(f"  {label:34s} {two:8.2f} s  {size / two:12,.0f} points/s  (CPU {cpu:.1f} s)")
    start, warm = time_started(sweep, scratch / "heavy", ExecutorSpec(workers=2))
    print(
        f"  {'  the same, workers started first':34s} {warm:8.2f} s  "
        f"{size / warm:12,.0f} points/s  (start-up {start:.2f} s apart)"
    )
    print(f"speed-up of 2 processes over 1:        {serial / two:.2f} (target >= 1.6)")
    print(f"  with the workers started first:      {serial / warm:.2f}")


def _read(path):
    import pandas as pd

    return pd.read_parquet(path)


if __name__ == "__main__":
    main()
