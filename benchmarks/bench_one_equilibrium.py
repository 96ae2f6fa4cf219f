"""One equilibrium of large random games: the Porter-Nudelman-Shoham search and
Lemke-Howson, ours against QuantEcon's, side by side.

For each size ``k`` (default 10, 25, 50, 100, 200) draws seeded random ``k x k`` games
(standard normal payoffs) and times, in this one process and on the same games:

- ours, ``pns``: :func:`sim.equilibria.nash.nash_equilibria` with ``method="pns"`` (the
  search of :mod:`sim.equilibria.pns`, then the exact certificate of the answer), and the
  search alone (:func:`sim.equilibria.pns.pns_proposal`);
- ours, ``lemke_howson``: the same entry point with ``method="lemke_howson"``;
- QuantEcon's ``lemke_howson`` (``quantecon.game_theory``, float, not certified), skipped
  with a note when it cannot be imported.

It prints seconds per game (wall clock) and the ratio QuantEcon / ours for each of our
methods (above 1: we are faster). Imports and numba compilation are done first, not timed.

    python benchmarks/bench_one_equilibrium.py
    python benchmarks/bench_one_equilibrium.py --sizes 50 100 --games 5
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sim.equilibria.nash import nash_equilibria
from sim.equilibria.pns import pns_proposal

SIZES = (10, 25, 50, 100, 200)


def _timed(function, games) -> float:
    start = time.perf_counter()
    for A, B in games:
        function(A, B)
    return (time.perf_counter() - start) / len(games)


def _quantecon():
    try:
        from quantecon.game_theory import NormalFormGame, Player, lemke_howson
    except ImportError:
        return None
    return lambda A, B: lemke_howson(NormalFormGame([Player(A), Player(B.T)]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    warm = rng.standard_normal((2, 4, 4))
    quantecon = _quantecon()
    methods = {
        "pns": lambda A, B: nash_equilibria((A, B), method="pns", budget=600.0),
        "pns search": lambda A, B: pns_proposal(A, B, budget=600.0),
        "lemke_howson": lambda A, B: nash_equilibria((A, B), method="lemke_howson"),
    }
    for function in [*methods.values(), *([quantecon] if quantecon else [])]:
        function(*warm)
    if quantecon is None:
        print("QuantEcon not importable: its column is skipped")
    print(f"{'size':>5} " + " ".join(f"{name:>13}" for name in methods) + "   quantecon  ratios")
    for k in args.sizes:
        games = [tuple(rng.standard_normal((2, k, k))) for _ in range(args.games)]
        times = {name: _timed(function, games) for name, function in methods.items()}
        line = f"{k:>5} " + " ".join(f"{t:13.4f}" for t in times.values())
        if quantecon is not None:
            reference = _timed(quantecon, games)
            ratios = " ".join(f"{name} {reference / t:.3g}x" for name, t in times.items())
            line += f"  {reference:10.4f}  {ratios}"
        print(line)


if __name__ == "__main__":
    main()
