"""All equilibria of larger random games: ours against QuantEcon and Gambit, side by side.

For each size ``k`` (default 4, 6, 8, 10, 12, 15, 18, 20) draws seeded random generic
``k x k`` games (uniform payoffs) and times, in this one process and on the same games:

- ours: :func:`sim.equilibria.nash.nash_equilibria` (exact enumeration up to
  ``EXACT_BASES`` bases, the compiled basis search beyond, every equilibrium certified in
  exact arithmetic), with a budget large enough never to cut it short;
- QuantEcon's ``vertex_enumeration`` (``quantecon.game_theory``);
- Gambit's ``enummixed`` (``pygambit.nash.enummixed_solve``, floating point).

A reference that cannot be imported is skipped, and the table says so. It prints seconds
per game (CPU time of this process, BLAS limited to one thread), the ratios reference/ours
(above 1: we are faster), whether the equilibrium counts agree, and the peak resident
memory of the process. The compile or cache load of our numba kernels is done first and
not timed.

    python benchmarks/bench_equilibria_size.py                 # default sizes, 3 games each
    python benchmarks/bench_equilibria_size.py --sizes 8 10 --games 10
"""

from __future__ import annotations

import argparse
import os
import resource
import time

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

from sim.equilibria.nash import nash_equilibria  # noqa: E402

SIZES = (4, 6, 8, 10, 12, 15, 18, 20)


def ours(A, B) -> int:
    found = nash_equilibria((A, B), budget=3600.0)
    assert found.complete or found.certified
    return len(found)


def quantecon_solver():
    try:
        import quantecon.game_theory as gt
    except ImportError:
        return None

    def solve(A, B) -> int:
        game = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
        return len(gt.vertex_enumeration(game))

    return solve


def gambit_solver():
    try:
        import pygambit as gbt
    except ImportError:
        return None

    def solve(A, B) -> int:
        game = gbt.Game.from_arrays(A, B)
        return len(gbt.nash.enummixed_solve(game, rational=False).equilibria)

    return solve


def timed(solver, games) -> tuple[float, list[int]]:
    start = time.process_time()
    counts = [solver(A, B) for A, B in games]
    return (time.process_time() - start) / len(games), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--games", type=int, default=3, help="games per size")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    references = {"QuantEcon": quantecon_solver(), "Gambit": gambit_solver()}
    for name, solver in references.items():
        if solver is None:
            print(f"{name}: not installed, skipped")
    warm = np.random.default_rng(0).random((2, 9, 9))
    nash_equilibria((warm[0], warm[1]))  # compile or load the kernels, untimed
    rng = np.random.default_rng(args.seed)
    header = f"{'size':>5} {'ours s/game':>12} {'games/s':>9}"
    for name, solver in references.items():
        if solver is not None:
            header += f" {name + ' s/game':>17} {'ratio':>7} {'same':>5}"
    print(header)
    for size in args.sizes:
        games = [tuple(rng.random((2, size, size))) for _ in range(args.games)]
        seconds, counts = timed(ours, games)
        line = f"{size:>5} {seconds:>12.4f} {1 / max(seconds, 1e-9):>9.1f}"
        for solver in references.values():
            if solver is None:
                continue
            theirs, their_counts = timed(solver, games)
            same = "yes" if their_counts == counts else "NO"
            line += f" {theirs:>17.4f} {theirs / max(seconds, 1e-9):>7.2f} {same:>5}"
        print(line, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
