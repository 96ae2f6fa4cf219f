"""Iterated play: vectorised Monte Carlo against a plain Python loop, and the exact analysis.

1. Monte Carlo of tit-for-tat against random (uniform) on the prisoner's dilemma (T=5, R=3,
   P=1, S=0) with noise 0.05, 10^5 runs of 200 rounds: ours (:func:`sim.play.montecarlo.
   simulate`, all runs at once) against a plain Python loop that plays one match at a time,
   one round at a time, with strategy objects reading the history, the way general
   iterated-game libraries do. Rounds per second of both and the ratio; both means printed
   next to the exact value. The loop plays fewer matches (``--reference-runs``) and its rate
   is measured on those.
2. The exact analysis (Markov chain) of the INF scenario under its announced policies over
   200 rounds (target: under 50 ms), and of a batch of sweep points in one call.
3. A 20 x 20 round robin of exact 200-round matches (:func:`sim.play.exact.match_payoffs`).

    python benchmarks/bench_play.py
    python benchmarks/bench_play.py --runs 20000 --reference-runs 200   # quicker
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np

from sim.compile.check import load
from sim.compile.library import library_strategy, strategy_names
from sim.compile.model import build_model
from sim.compile.setup import play_setup
from sim.compile.strategies import build_strategy
from sim.dynamics.model import IteratedModel
from sim.play.exact import exact_outcomes, match_payoffs
from sim.play.montecarlo import simulate

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 200
NOISE = 0.05
PAYOFF = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}


class TitForTat:
    """Cooperate first, then copy the opponent's last move."""

    def play(self, own: list[str], other: list[str]) -> str:
        return other[-1] if other else "C"


class Random:
    """Cooperate or defect with probability 1/2 each."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def play(self, own: list[str], other: list[str]) -> str:
        return "C" if self.rng.random() < 0.5 else "D"


def reference_match(rng: random.Random, rounds: int) -> tuple[int, int]:
    """One noisy match, round by round, as a general library plays it."""
    players = (TitForTat(), Random(rng))
    histories: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for _ in range(rounds):
        moves = []
        for me, player in enumerate(players):
            move = player.play(histories[me], histories[1 - me])
            if rng.random() < NOISE:
                move = "D" if move == "C" else "C"
            moves.append(move)
        for me in (0, 1):
            histories[me].append(moves[me])
        scores = PAYOFF[(moves[0], moves[1])]
        totals[0] += scores[0]
        totals[1] += scores[1]
    return totals[0], totals[1]


def bench_monte_carlo(runs: int, reference_runs: int) -> None:
    row = np.array([[3.0, 0.0], [5.0, 1.0]])
    model = IteratedModel.repeated(row, row.T, (("C", "D"), ("C", "D")), noise=NOISE)
    tft, rand = library_strategy("tit_for_tat", model, 0), library_strategy("random", model, 1)
    exact = exact_outcomes(model, tft, rand, ROUNDS).payoffs
    simulate(model, tft, rand, ROUNDS, 1000, seed=1)  # warm up
    start = time.perf_counter()
    result = simulate(model, tft, rand, ROUNDS, runs, seed=2024)
    ours = time.perf_counter() - start
    rng = random.Random(2024)
    start = time.perf_counter()
    totals = np.array([reference_match(rng, ROUNDS) for _ in range(reference_runs)], dtype=float)
    theirs = time.perf_counter() - start
    ours_rate = runs * ROUNDS / ours
    theirs_rate = reference_runs * ROUNDS / theirs
    mean, half = result.mean(result.payoffs)
    print("Monte Carlo, tit-for-tat vs random, noise 0.05, 200 rounds")
    print(f"  ours:      {runs} runs in {ours:.3f} s = {ours_rate:,.0f} rounds/s")
    print(f"  reference: {reference_runs} matches in {theirs:.3f} s = {theirs_rate:,.0f} rounds/s")
    print(f"  ratio:     {ours_rate / theirs_rate:,.0f}x (target: at least 10^7 rounds/s ours)")
    reference_mean = totals.mean(0).round(3)
    print(f"  means: ours {mean.round(3)} ± {half.round(3)}, reference {reference_mean}")
    print(f"  exact: {exact.round(3)}")


def best_time(call, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_exact(points: int) -> None:
    scenario = load(ROOT / "scenarios" / "inf_treaty.toml")
    setup = play_setup(scenario)
    one = best_time(lambda: exact_outcomes(setup.model, setup.row, setup.col, ROUNDS))
    print("Exact analysis, INF scenario, announced policies, 200 rounds")
    print(f"  one point: {1000 * one:.1f} ms (target: under 50 ms)")
    rng = np.random.default_rng(0)
    grid = {
        "detect": rng.uniform(0.1, 0.9, points),
        "false_alarm": rng.uniform(0.0, 0.2, points),
        "discount": rng.uniform(0.9, 1.0, points),
    }

    def batch():
        model = build_model(scenario, grid)
        row = build_strategy(scenario, scenario.model.play.row, 0, model, grid)
        col = build_strategy(scenario, scenario.model.play.col, 1, model, grid)
        return exact_outcomes(model, row, col, ROUNDS)

    many = best_time(batch, repeat=3)
    print(f"  {points} points in one call: {many:.2f} s = {1000 * many / points:.2f} ms a point")


def bench_round_robin() -> None:
    row = np.array([[3.0, 0.0], [5.0, 1.0]])
    model = IteratedModel.repeated(row, row.T, (("C", "D"), ("C", "D")), noise=NOISE)
    names = strategy_names(model.actions[0])
    pool = [(n, {}) for n in names]
    pool += [("generous_tit_for_tat", {"forgiveness": g}) for g in (0.1, 0.2)]
    pool += [("random", {"weights": [w, 1 - w]}) for w in (0.2, 0.8)]
    pool += [("ultimatum", {"deadline": k}) for k in (1, 3, 4)]
    pool += [("always_defect", {}), ("tit_for_tat", {})][: 20 - len(pool)]
    pool = pool[:20]
    rows = [library_strategy(n, model, 0, p) for n, p in pool]
    cols = [library_strategy(n, model, 1, p) for n, p in pool]

    def table():
        return [[match_payoffs(model, r, c, ROUNDS) for c in cols] for r in rows]

    table()
    seconds = best_time(table, repeat=3)
    print(f"Round robin, {len(rows)} x {len(cols)} exact 200-round matches: {seconds:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--reference-runs", type=int, default=1000)
    parser.add_argument("--points", type=int, default=1000)
    args = parser.parse_args()
    bench_monte_carlo(args.runs, args.reference_runs)
    bench_exact(args.points)
    bench_round_robin()


if __name__ == "__main__":
    main()
