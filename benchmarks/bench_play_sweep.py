"""Benchmark: a sweep of the exact INF play outcomes, batched against per point.

The outcomes are those of iterated play under the scenario's announced policies
(``scenarios/inf_treaty.toml``, 384 monthly rounds): the probability that the treaty ends,
who ends it, and its end split by cause (``responsibility``), at random points over the
detection and false-alarm probabilities, the tremble probability, the sanction and the
treaty's value. Three ways to the same numbers, side by side:

1. ours: :func:`sim.play.batch.batch_outcomes` on all N points at once (one skeleton, the
   compiled kernel), and the whole sweep (``run_sweep``: workers, Parquet) on 2 processes;
2. the per-point path: :func:`sim.play.exact.exact_outcomes` and
   :func:`sim.play.responsibility.attribute_end` at each point of a sample; and the sweep's
   former path, :func:`sim.play.exact.exact_outcomes` on batches of 16 points (the size its
   memory bound gave for this chain), without the split by cause;
3. a plain reference: at each point of a sample, the chain's dense transition matrix and
   ``x_{t+1} = x_t M`` on the in-force states with numpy (end probability and who ends it
   only, no split by cause).

Points per second of each, the ratios, and the time at 10^6 points (measured when
``--points`` is 10^6, else extrapolated from N and labelled so), with the CPU seconds of all
processes: on a shared, loaded machine the wall time overstates the cost, and the CPU time
divided by the cores is what the sweep takes on idle ones. Every process is held to
one BLAS thread. The largest differences between ours and the per-point figures on the
sample are printed too.

A one-process sweep (``--serial-points``, in chunks the size of the 10^6-point run's) gives
the CPU seconds a point, extrapolated to 10^6 points on the workers' cores: the figure to
read on a shared machine, where other processes inflate the wall time.

Run: ``python benchmarks/bench_play_sweep.py --points 1000000`` (default 200000).
Target on a 2-core machine: 10^6 points in under 60 s.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from bench_sweep import cpu_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "inf_treaty.toml"
RANGES = {
    "detect": (0.1, 0.9),
    "false_alarm": (0.0, 0.2),
    "noise": (0.0001, 0.01),
    "sanction": (1.0, 8.0),
    "treaty_value": (1.0, 5.0),
}
MILLION = 1_000_000


def points(count: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.uniform(lo, hi, count) for name, (lo, hi) in RANGES.items()}


def ours(scenario, values) -> tuple[float, float, object]:
    """Wall and CPU seconds of the batched analysis over all points (setup included), and
    its result."""
    from sim.compile.setup import play_setup
    from sim.play.batch import batch_outcomes

    cpu, start = cpu_seconds(), time.perf_counter()
    setup = play_setup(scenario, values)
    result = batch_outcomes(setup.model, setup.row, setup.col, setup.rounds, causes=True)
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def per_point(scenario, values, sample: int) -> tuple[float, list]:
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes
    from sim.play.responsibility import attribute_end

    out = []
    start = time.perf_counter()
    for k in range(sample):
        setup = play_setup(scenario, {n: float(v[k]) for n, v in values.items()})
        exact = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
        split = attribute_end(setup.model, setup.row, setup.col, setup.rounds)
        out.append((exact.end_probability, exact.ended_by, split.by_cause))
    return (time.perf_counter() - start) / sample, out


def former_batches(scenario, values, sample: int) -> float:
    """Seconds per point of ``exact_outcomes`` on batches of 16 points (no split by cause)."""
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes

    count = 16 * max(1, sample // 16)
    start = time.perf_counter()
    for k in range(0, count, 16):
        setup = play_setup(scenario, {n: v[k : k + 16] for n, v in values.items()})
        exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
    return (time.perf_counter() - start) / count


def dense_reference(scenario, values, sample: int) -> tuple[float, list]:
    """Plain numpy: dense ``M`` per point, first passage on the in-force states."""
    from sim.compile.setup import play_setup
    from sim.dynamics.treaty import BOTH, COL, ROW
    from sim.play.chain import joint_chain

    out = []
    start = time.perf_counter()
    for k in range(sample):
        setup = play_setup(scenario, {n: float(v[k]) for n, v in values.items()})
        chain = joint_chain(setup.model, setup.row, setup.col)
        matrix, endings, alive = chain.transition, chain.endings, chain.in_force.astype(float)
        starts = dict(chain.starts())
        y = np.zeros(chain.size)
        y[chain.initial] = alive[chain.initial]
        ended = np.zeros(4)
        for t in range(setup.rounds):
            if t in starts:
                y = np.bincount(starts[t], y, chain.size)
            ended += y @ endings
            y = (y @ matrix) * alive
        by = [ended[ROW] + ended[BOTH], ended[COL] + ended[BOTH]]
        out.append((ended.sum(), np.array(by)))
    return (time.perf_counter() - start) / sample, out


def whole_sweep(count: int, workers: int, chunk: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of ``run_sweep`` over ``count`` random points,
    workers and Parquet included (chunks of ``chunk`` points, default a quarter of each
    worker's share)."""
    from sim.sweep.executors import ExecutorSpec
    from sim.sweep.loader import load_sweep
    from sim.sweep.run import run_sweep

    listed = "\n".join(f"{n} = {{ start = {lo}, stop = {hi} }}" for n, (lo, hi) in RANGES.items())
    scratch = Path(tempfile.mkdtemp(prefix="bench_play_sweep_"))
    try:
        (scratch / "bench.toml").write_text(
            f'name = "bench"\nscenario = "{SCENARIO.as_posix()}"\ndesign = "random"\n'
            f"points = {count}\nseed = 1\nchunk_size = {chunk or max(1, count // (4 * workers))}\n"
            f'outcomes = ["survival", "who_ends", "responsibility"]\n\n[parameters]\n{listed}\n',
            encoding="utf-8",
        )
        sweep = load_sweep(scratch / "bench.toml")
        cpu, start = cpu_seconds(), time.perf_counter()
        run_sweep(sweep, scratch / "out", ExecutorSpec(workers=workers), progress=False)
        return time.perf_counter() - start, cpu_seconds() - cpu
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    from sim.compile.check import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=20, help="points of the per-point paths")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--serial-points",
        type=int,
        default=40_000,
        help="points of the one-process sweep whose CPU time is extrapolated to 10^6",
    )
    args = parser.parse_args()
    scenario = load(SCENARIO)
    values = points(args.points)
    ours(scenario, {n: v[:64] for n, v in values.items()})  # compile the kernel first
    seconds, cpu, result = ours(scenario, values)
    each, exact = per_point(scenario, values, args.sample)
    each_dense, dense = dense_reference(scenario, values, args.sample)
    each_former = former_batches(scenario, values, 4 * args.sample)
    rate = args.points / seconds
    print(f"INF announced policies, {result.rounds} rounds, {args.points} random points")
    print(
        f"  ours, batched, one process:   {rate:12.0f} points/s  ({seconds:.2f} s, CPU {cpu:.2f} s)"
    )
    print(f"  per-point path (sample {args.sample}):  {1 / each:12.1f} points/s")
    print(f"  former sweep path (16-point batches, no causes): {1 / each_former:9.1f} points/s")
    print(f"  dense numpy reference:        {1 / each_dense:12.1f} points/s")
    print(f"  ratio ours / per-point:       {rate * each:12.0f}")
    print(f"  ratio ours / former path:     {rate * each_former:12.0f}")
    print(f"  ratio ours / dense reference: {rate * each_dense:12.0f}")
    gaps = [
        max(
            abs(result.end_probability[k] - e[0]),
            np.max(np.abs(result.ended_by[k] - e[1])),
            np.max(np.abs(result.by_cause[k] - e[2])),
            abs(result.end_probability[k] - d[0]),
        )
        for k, (e, d) in enumerate(zip(exact, dense, strict=True))
    ]
    print(f"  largest difference to the per-point and dense figures: {max(gaps):.2e}")
    sweep_seconds, sweep_cpu = whole_sweep(args.points, args.workers)
    label = "measured" if args.points == MILLION else f"extrapolated from {args.points} points"
    print(
        f"  whole sweep, {args.workers} processes:    {args.points / sweep_seconds:12.0f} points/s"
    )
    projected = sweep_seconds * MILLION / args.points
    print(f"  10^6 points, {args.workers} processes:    {projected:12.1f} s ({label})")
    busy = sweep_cpu * MILLION / args.points / args.workers
    print(
        f"  CPU of all its processes / {args.workers}, at 10^6: {busy:9.1f} s (wall on idle cores)"
    )
    print(
        f"  10^6 points, per-point path, 1 process: {each * MILLION / 60:9.1f} min (extrapolated)"
    )
    serial = min(args.points, args.serial_points)
    chunk = min(serial, MILLION // (4 * args.workers))  # the chunks of the 10^6-point run
    _, serial_cpu = whole_sweep(serial, 1, chunk)
    print(f"  whole sweep, 1 process, {serial} points: {serial / serial_cpu:9.0f} points per CPU s")
    print(
        f"  10^6 points on {args.workers} idle cores from it: "
        f"{serial_cpu * MILLION / serial / args.workers:9.1f} s (extrapolated, no driver overhead)"
    )


if __name__ == "__main__":
    main()
