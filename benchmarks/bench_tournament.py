"""A 20 x 20 round robin on the prisoner's dilemma: exact tables against a plain Python loop.

The pool holds 20 library strategies (some with parameters); every pairing is a 200-round
match with noise 0.05 (each intended move flipped with probability 0.05), T=5, R=3, P=1,
S=0, no discounting. Ours: the exact expected totals of all 400 pairings from the Markov
chain (``stabsim tournament``'s path: the scenario's pools built as automata and
:func:`sim.play.exact.match_payoffs` per pairing). Reference: the same round robin played
match by match in a plain Python loop, the way general iterated-game libraries play
tournaments, with 100 repetitions per pairing. Both run here in one process; the script
prints both times, the ratio, and how far the sampled means lie from the exact ones (with
100 matches per pairing the standard errors of the heavy-tailed pairings, such as an
ultimatum that rarely fires, are themselves rough, so a few |z| above 3 are expected; with
20,000 matches the worst pairings agree within 1.5 standard errors).

    python benchmarks/bench_tournament.py
    python benchmarks/bench_tournament.py --repetitions 10    # a quicker reference run
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from sim.compile.check import load
from sim.evolution.scenario_table import scenario_table

ROUNDS = 200
NOISE = 0.05
POOL = [  # (label, library strategy, parameters as TOML)
    ("always_cooperate", "always_cooperate", ""),
    ("always_defect", "always_defect", ""),
    ("tit_for_tat", "tit_for_tat", ""),
    ("suspicious_tit_for_tat", "suspicious_tit_for_tat", ""),
    ("tit_for_two_tats", "tit_for_two_tats", ""),
    ("grim_trigger", "grim_trigger", ""),
    ("grudger", "grudger", ""),
    ("gtft_0.1", "generous_tit_for_tat", "forgiveness = 0.1"),
    ("gtft_0.2", "generous_tit_for_tat", "forgiveness = 0.2"),
    ("gtft_1/3", "generous_tit_for_tat", "forgiveness = 0.3333333333333333"),
    ("gtft_0.5", "generous_tit_for_tat", "forgiveness = 0.5"),
    ("win_stay_lose_shift", "win_stay_lose_shift", ""),
    ("alternator", "alternator", ""),
    ("random_0.5", "random", "weights = [0.5, 0.5]"),
    ("random_0.8", "random", "weights = [0.8, 0.2]"),
    ("random_0.2", "random", "weights = [0.2, 0.8]"),
    ("ultimatum_1", "ultimatum", "deadline = 1"),
    ("ultimatum_2", "ultimatum", "deadline = 2"),
    ("ultimatum_4", "ultimatum", "deadline = 4"),
    ("no_obligations", "no_obligations_if_abandoned", ""),
]

SCENARIO = """
[metadata]
name = "pd_noisy_round_robin"
title = "Noisy iterated prisoner's dilemma"

[players]
row = "Row"
col = "Column"

[actions]
row = ["cooperate", "defect"]
col = ["cooperate", "defect"]

[payoffs]
row = [[3, 0], [5, 1]]
col = [[3, 5], [0, 1]]

[monitoring]
noise = {noise}

[tournament]
rounds = {rounds}
discount = 1.0
pool = [{pool}]
"""


def scenario_file(folder: Path, pool: list[tuple[str, str, str]]) -> Path:
    entries = ", ".join(_entry(*entry) for entry in pool)
    path = folder / "pd_noisy.toml"
    path.write_text(SCENARIO.format(noise=NOISE, rounds=ROUNDS, pool=entries))
    return path


def _entry(label: str, strategy: str, parameters: str) -> str:
    return f'{{ strategy = "{strategy}", label = "{label}", parameters = {{ {parameters} }} }}'


def plain_match(row, col, payoffs, rounds: int, noise: float, rand: random.Random):
    """One noisy match, one round at a time, in plain Python (lists, no numpy)."""
    row_policy, col_policy = row.policy.tolist(), col.policy.tolist()
    row_next, col_next = row.next_state.tolist(), col.next_state.tolist()
    row_state, col_state = row.initial, col.initial
    row_total = col_total = 0.0
    for _ in range(rounds):
        i = _draw(row_policy[row_state], rand)
        j = _draw(col_policy[col_state], rand)
        if rand.random() < noise:
            i = 1 - i
        if rand.random() < noise:
            j = 1 - j
        row_total += payoffs[0][i][j]
        col_total += payoffs[1][i][j]
        row_state = row_next[row_state][i][j][0]
        col_state = col_next[col_state][j][i][0]
    return row_total, col_total


def _draw(probabilities, rand: random.Random) -> int:
    return 0 if rand.random() < probabilities[0] else 1


def plain_round_robin(row_pool, col_pool, repetitions: int, seed: int):
    """Mean totals and their standard errors from ``repetitions`` matches per pairing."""
    payoffs = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    rand = random.Random(seed)
    shape = (len(row_pool), len(col_pool))
    mean, se = np.zeros((2, *shape)), np.zeros((2, *shape))
    for a, row in enumerate(row_pool):
        for b, col in enumerate(col_pool):
            totals = [
                plain_match(row, col, payoffs, ROUNDS, NOISE, rand) for _ in range(repetitions)
            ]
            values = np.array(totals)
            mean[:, a, b] = values.mean(axis=0)
            se[:, a, b] = values.std(axis=0, ddof=1) / np.sqrt(repetitions)
    return mean, se


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scenario = load(scenario_file(Path(folder), POOL))
        scenario_table(scenario)  # warm-up: imports and the strategy library
        start = time.perf_counter()
        table = scenario_table(scenario)
        exact_seconds = time.perf_counter() - start
    meta = table.meta
    print(f"pool: {len(meta.row_names)} x {len(meta.col_names)} strategies, {ROUNDS} rounds, "
          f"noise {NOISE}")  # fmt: skip
    print(f"exact table (stabsim):        {exact_seconds:8.3f} s")

    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from sim.scenario.iterated import StrategyChoice

    with tempfile.TemporaryDirectory() as folder:
        scenario = load(scenario_file(Path(folder), POOL))
        model = build_model(scenario)
        choices = [
            StrategyChoice(strategy=e.strategy, parameters=dict(e.parameters))
            for e in scenario.model.tournament.pool
        ]
        pools = [[build_strategy(scenario, c, side, model) for c in choices] for side in (0, 1)]
    start = time.perf_counter()
    mean, se = plain_round_robin(pools[0], pools[1], args.repetitions, args.seed)
    plain_seconds = time.perf_counter() - start
    matches = len(POOL) ** 2 * args.repetitions
    print(
        f"plain Python loop:            {plain_seconds:8.3f} s "
        f"({matches} matches, {matches * ROUNDS / plain_seconds:,.0f} rounds/s)"
    )
    print(f"ratio (plain / exact):        {plain_seconds / exact_seconds:8.1f}")
    exact = np.stack([meta.row_payoffs, meta.col_payoffs])
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (mean - exact) / se, 0.0)
    worst = float(np.max(np.abs(z)))
    inside = float(np.mean(np.abs(z) <= 1.96))
    print(
        f"check: sampled means within 1.96 standard errors of the exact totals: "
        f"{100 * inside:.1f}% of {z.size} entries (largest |z| {worst:.2f})"
    )


if __name__ == "__main__":
    main()
