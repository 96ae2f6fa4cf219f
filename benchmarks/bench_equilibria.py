"""Throughput of the batch equilibrium engine against nashpy's support enumeration.

Runs both, in this one process, on the same seeded games (generic: standard normal payoffs;
degenerate: integer payoffs in 0..3) of sizes 2x2, 4x4 and 6x6, and prints games per second,
the ratio, and in how many games nashpy found fewer (or more) equilibria than we did. Then
solves 10^6 4x4 games in one call and reports the peak memory of the process.

Throughput is games per CPU second of this process (``time.process_time``), with BLAS
threads limited to one, so that "one core" holds even on a busy machine; the wall-clock rate
is printed beside it. The compile time of the numba kernel (first call, or loading it from
numba's disk cache) is measured and printed separately, before any timing.

    python benchmarks/bench_equilibria.py            # everything
    python benchmarks/bench_equilibria.py --quick    # smaller samples, no 10^6 run
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import warnings

for _variable in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMBA_NUM_THREADS",
):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

from sim.equilibria.batch import nash_batch  # noqa: E402

SIZES = (2, 4, 6)
OURS_GAMES = {2: 200_000, 4: 100_000, 6: 4_000}
NASHPY_GAMES = {2: 400, 4: 150, 6: 15}


def make_games(kind: str, size: int, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    shape = (2, count, size, size)
    if kind == "generic":
        A, B = rng.standard_normal(shape)
    else:
        A, B = rng.integers(0, 4, shape).astype(float)
    return A, B


def clocks() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def since(start: tuple[float, float]) -> tuple[float, float]:
    cpu, wall = clocks()
    return cpu - start[0], wall - start[1]


def time_ours(A, B) -> tuple[tuple[float, float], np.ndarray]:
    nash_batch(A[:8], B[:8])  # warm caches of index tables
    start = clocks()
    result = nash_batch(A, B)
    return since(start), result.counts()


def time_nashpy(A, B) -> tuple[tuple[float, float], np.ndarray]:
    import nashpy

    counts = np.zeros(len(A), dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = clocks()
        for g in range(len(A)):
            counts[g] = sum(1 for _ in nashpy.Game(A[g], B[g]).support_enumeration())
        elapsed = since(start)
    return elapsed, counts


def compile_kernel() -> None:
    from sim.equilibria.batch import _choose_kernel

    kernel = _choose_kernel("auto")
    start = clocks()
    for size in SIZES:
        A, B = make_games("degenerate", size, 4, seed=0)
        nash_batch(A, B, kernel=kernel)
    cpu, wall = since(start)
    print(f"kernel: {kernel}; first calls (compile or load from cache): {wall:.2f} s wall")


def compare(kind: str, size: int, scale: float) -> None:
    count = max(100, int(OURS_GAMES[size] * scale))
    reference = max(5, int(NASHPY_GAMES[size] * scale))
    A, B = make_games(kind, size, count, seed=size * 100 + (kind == "degenerate"))
    (ours_cpu, ours_wall), ours_counts = time_ours(A, B)
    (nashpy_cpu, _), nashpy_counts = time_nashpy(A[:reference], B[:reference])
    ours_rate = count / ours_cpu
    nashpy_rate = reference / nashpy_cpu
    fewer = int(np.sum(nashpy_counts < ours_counts[:reference]))
    more = int(np.sum(nashpy_counts > ours_counts[:reference]))
    print(
        f"{kind:10s} {size}x{size}  ours {ours_rate:10,.0f} games/s "
        f"(wall {count / ours_wall:10,.0f}; {count} games)  "
        f"nashpy {nashpy_rate:7,.1f} games/s ({reference} games)  "
        f"ratio {ours_rate / nashpy_rate:7,.0f}  "
        f"nashpy found fewer in {fewer}/{reference}, more in {more}/{reference}"
    )


def million() -> None:
    A, B = make_games("generic", 4, 1_000_000, seed=2024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = clocks()
    result = nash_batch(A, B)
    cpu, wall = since(start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    odd = bool(np.all(result.counts() % 2))
    print(
        f"10^6 generic 4x4 games in one call: {cpu:.1f} s CPU ({1e6 / cpu:,.0f} games/s), "
        f"{wall:.1f} s wall; {len(result.game_index):,} equilibria, every count odd: {odd}; "
        f"peak RSS {peak:,.0f} MB (inputs {2 * A.nbytes / 2**20:,.0f} MB, "
        f"before the call {before:,.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small samples, no 10^6 run")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    print("one process, one thread; nashpy on the first games of the same sample")
    compile_kernel()
    for kind in ("generic", "degenerate"):
        for size in SIZES:
            compare(kind, size, scale)
    if not args.quick:
        million()


if __name__ == "__main__":
    main()
