"""All equilibria of larger random games: ours against QuantEcon and Gambit, side by side.

For each size ``k`` (default 4, 6, 8, 10, 12, 15, 18, 20) draws seeded random generic
``k x k`` games (uniform payoffs) and times, in this one process and on the same games:

- ours: :func:`sim.equilibria.nash.nash_equilibria` (exact enumeration up to
  ``EXACT_BASES`` bases, the compiled basis search beyond, every equilibrium certified in
  exact arithmetic), with a budget and an ``enumeration_pairs`` bound large enough never
  to cut it short;
- QuantEcon's ``vertex_enumeration`` (``quantecon.game_theory``);
- Gambit's ``enummixed`` (``pygambit.nash.enummixed_solve``, floating point).

A reference that cannot be imported is skipped, and the table says so. It prints seconds
per game (CPU time of this process, BLAS limited to one thread), the ratios reference/ours
(above 1: we are faster), whether the equilibrium counts agree, and the peak resident
memory of the process, also right after ours at each size (``peak MB``; ours run before
the references at each size, so the column is the larger of ours there and everything
at the smaller sizes, references included). The compile or cache load of every numba
kernel (ours and QuantEcon's) is done first and not timed.

Then one equilibrium of random ``--lh-size`` square games (default 200) by Lemke-Howson:
ours (``method="lemke_howson"``, certified exactly) against QuantEcon's ``lemke_howson``
and nashpy's ``lemke_howson`` (both from label 0, floating point; nashpy on the first
game only, as it is slow), seconds per game and the ratio.

    python benchmarks/bench_equilibria_size.py                 # default sizes, 3 games each
    python benchmarks/bench_equilibria_size.py --sizes 8 10 --games 10 --lh-size 0
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import time
import warnings

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

from sim.equilibria.nash import nash_equilibria  # noqa: E402
from sim.limits import raised  # noqa: E402

SIZES = (4, 6, 8, 10, 12, 15, 18, 20)


def warm_up() -> None:
    """Compile or load every numba kernel, ours and QuantEcon's, before timing."""
    warm = np.random.default_rng(0)
    for size in (5, 9):
        A, B = warm.random((2, size, size))
        for method in ("stabsim", "lemke_howson"):
            nash_equilibria((A, B), method=method)
        for solver in (quantecon_solver(), quantecon_lemke_howson()):
            if solver is not None:
                solver(A, B)


def ours(A, B) -> int:
    found = nash_equilibria((A, B), budget=3600.0)
    assert found.complete or found.certified
    return len(found)


def reference(module: str, solver):
    """``solver`` bound to the imported ``module``, or None if it cannot be imported."""
    try:
        return functools.partial(solver, importlib.import_module(module))
    except ImportError:
        return None


def _quantecon_game(gt, A, B):
    return gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))


def _quantecon_all(gt, A, B) -> int:
    return len(gt.vertex_enumeration(_quantecon_game(gt, A, B)))


def _gambit_all(gbt, A, B) -> int:
    game = getattr(gbt, "StrategicGame", gbt.Game).from_arrays(A, B)  # pygambit 17: new name
    return len(gbt.nash.enummixed_solve(game, rational=False).equilibria)


def _quantecon_one(gt, A, B) -> int:
    gt.lemke_howson(_quantecon_game(gt, A, B), init_pivot=0)
    return 1


def _nashpy_one(nashpy, A, B) -> int:
    with warnings.catch_warnings():  # nashpy divides by zero in its ratio test
        warnings.simplefilter("ignore", RuntimeWarning)
        nashpy.Game(A, B).lemke_howson(initial_dropped_label=0)
    return 1


def quantecon_solver():
    return reference("quantecon.game_theory", _quantecon_all)


def gambit_solver():
    return reference("pygambit", _gambit_all)


def quantecon_lemke_howson():
    return reference("quantecon.game_theory", _quantecon_one)


def nashpy_lemke_howson():
    return reference("nashpy", _nashpy_one)


def ours_lemke_howson(A, B) -> int:
    found = nash_equilibria((A, B), method="lemke_howson")
    assert found.certified
    return len(found)


def lemke_howson_table(size: int, games: int, rng) -> None:
    """One equilibrium of ``games`` random ``size x size`` games: ours against the others."""
    instances = [tuple(rng.random((2, size, size))) for _ in range(games)]
    seconds, _ = timed(ours_lemke_howson, instances)
    print(f"\nLemke-Howson, {size}x{size}, one equilibrium, s/game (ratio: theirs/ours)")
    print(f"{'ours (certified)':>24} {seconds:>9.4f}")
    references = (
        ("QuantEcon lemke_howson", quantecon_lemke_howson(), instances),
        ("nashpy lemke_howson", nashpy_lemke_howson(), instances[:1]),
    )
    for name, solver, chosen in references:
        if solver is None:
            print(f"{name:>24}: not installed, skipped")
            continue
        theirs, _ = timed(solver, chosen)
        print(f"{name:>24} {theirs:>9.4f} {theirs / max(seconds, 1e-9):>7.2f}", flush=True)


def peak_mb() -> float:
    """Peak resident memory of the process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(solver, games) -> tuple[float, list[int]]:
    start = time.process_time()
    counts = [solver(A, B) for A, B in games]
    return (time.process_time() - start) / len(games), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--games", type=int, default=3, help="games per size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--gambit-up-to", type=int, default=12, help="largest size given to Gambit (12 s at 12)"
    )
    parser.add_argument("--lh-size", type=int, default=200, help="0: no Lemke-Howson table")
    args = parser.parse_args()
    references = {"QuantEcon": quantecon_solver(), "Gambit": gambit_solver()}
    for name, solver in references.items():
        if solver is None:
            print(f"{name}: not installed, skipped")
    warm_up()
    rng = np.random.default_rng(args.seed)
    header = f"{'size':>5} {'ours s/game':>12} {'games/s':>9} {'peak MB':>8}"
    for name, solver in references.items():
        if solver is not None:
            header += f" {name + ' s/game':>17} {'ratio':>7} {'same':>5}"
    print(header)
    for size in args.sizes:
        games = [tuple(rng.random((2, size, size))) for _ in range(args.games)]
        with raised(enumeration_pairs=10**9):  # the default bound cuts 20x20 games short
            seconds, counts = timed(ours, games)
        line = f"{size:>5} {seconds:>12.4f} {1 / max(seconds, 1e-9):>9.1f} {peak_mb():>8.0f}"
        for name, solver in references.items():
            if solver is None:
                continue
            if name == "Gambit" and size > args.gambit_up_to:
                line += f" {'(skipped: slow)':>17} {'':>7} {'':>5}"
                continue
            theirs, their_counts = timed(solver, games)
            same = "yes" if their_counts == counts else "NO"
            line += f" {theirs:>17.4f} {theirs / max(seconds, 1e-9):>7.2f} {same:>5}"
        print(line, flush=True)
    if args.lh_size > 0:
        lemke_howson_table(args.lh_size, args.games, rng)
    print(f"peak resident memory of the process: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
