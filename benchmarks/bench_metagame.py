"""A 30-strategy INF tournament end to end, and its meta-game against Gambit's solvers.

The pool (both sides) is the first ``--strategies`` (default 30, at most 100) library
strategies of :func:`pool`: the 13 parameterless ones, then generous tit-for-tat with
forgiveness 0.05, 0.1, ..., ultimatums with deadlines 1 to 12, the reciprocal strategies
punishing by withdrawal or deployment, follow-suit variants and random strategies with
weights in twentieths, interleaved; played on ``scenarios/inf_treaty.toml`` (384 monthly
rounds, discount 0.99, noise and false alarms).

Ours: ``stabsim tournament``'s path, timed in parts: the exact table
(:func:`sim.evolution.scenario_table.scenario_table`), its analysis
(:func:`sim.evolution.analysis.analyse_metagame`: iterated strict dominance, the equilibria
of what survives, rankings) and the JSON report (``payload``, with the connected
components). It prints wall and CPU seconds, the peak resident memory of this process,
the number of equilibria listed, whether the list is complete and certified, and the note.

Reference, on the same table: Gambit's ``lcp_solve`` (Lemke paths, floating point), in this
process, its profiles checked with :func:`sim.equilibria.verify.is_equilibrium` and looked
up in our list (one of its four on the 30-strategy table has probabilities summing to
1.023), and Gambit's ``enummixed_solve`` (every extreme equilibrium, floating point) in a
child process stopped after ``--reference-seconds`` (default 60; a C call cannot be
interrupted in this one). Compiled code is loaded by a warm-up run first.

    python benchmarks/bench_metagame.py
    python benchmarks/bench_metagame.py --strategies 100 --reference-seconds 0
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BASE = (
    "always_comply", "always_violate", "always_withdraw", "always_develop", "tit_for_tat",
    "suspicious_tit_for_tat", "follow_suit", "tit_for_two_tats", "grim_trigger", "grudger",
    "win_stay_lose_shift", "alternator", "no_obligations_if_abandoned",
)  # fmt: skip
PUNISHERS = (
    "tit_for_tat", "suspicious_tit_for_tat", "tit_for_two_tats", "grim_trigger", "grudger",
    "win_stay_lose_shift", "alternator", "generous_tit_for_tat",
)  # fmt: skip
ANSWERS = ("violate", "withdraw", "comply", "develop")


def pool(size: int) -> list[str]:
    """The first ``size`` strategy names (with parameters) of the benchmark's pool."""
    names = list(BASE)
    for k in range(1, 20):
        names.append(f"generous_tit_for_tat(forgiveness={round(0.05 * k, 2)})")
        if k <= 12:
            names.append(f"ultimatum(deadline={k})")
        if k <= 16:
            names.append(f"{PUNISHERS[(k - 1) % 8]}(punish={'withdraw' if k <= 8 else 'develop'})")
        if k <= 4:
            names.append(f"follow_suit(answer={ANSWERS[k - 1]})")
    names += [f"random(weights=[{a}, {b}, 1, {19 - a - b}])" for a in range(1, 7)
              for b in range(1, 7)]  # fmt: skip
    if not 0 < size <= len(names):
        raise SystemExit(f"--strategies must be between 1 and {len(names)}")
    return names[:size]


def ours(scenario, names):
    """The tournament in three timed parts; the table, the analysis and the parts' times."""
    from sim.evolution.scenario_table import scenario_table
    from sim.evolution.tournament import analyse_table

    times = {}
    start = _clocks()
    table = scenario_table(scenario, names, names)
    times["table"] = _since(start)
    start = _clocks()
    result = analyse_table(table.meta, table.scale, "exact", dict(table.settings))
    times["analysis"] = _since(start)
    start = _clocks()
    payload = result.payload()
    times["report"] = _since(start)
    return table.meta, result, payload, times


def _clocks():
    return time.perf_counter(), time.process_time()


def _since(start):
    return time.perf_counter() - start[0], time.process_time() - start[1]


def _gambit_game(A, B):
    import pygambit as gbt

    return getattr(gbt, "StrategicGame", gbt.Game).from_arrays(A, B)  # pygambit 17 name


def gambit_lcp(A, B):
    """Gambit's equilibria as ``(E, m + n)`` probabilities, and the CPU seconds."""
    import pygambit as gbt

    start = time.process_time()
    game = _gambit_game(A, B)
    found = gbt.nash.lcp_solve(game, rational=False).equilibria
    seconds = time.process_time() - start
    players = list(game.players)
    points = [[float(p) for player in players for _, p in profile[player]] for profile in found]
    return np.array(points).reshape(len(found), -1), seconds


def _enummixed(A, B, out) -> None:
    import pygambit as gbt

    start = time.process_time()
    found = gbt.nash.enummixed_solve(_gambit_game(A, B), rational=False).equilibria
    out.put((len(found), time.process_time() - start))


def gambit_enummixed(A, B, seconds: float):
    """(count, CPU seconds) from a child process, or None if it did not finish in time."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_enummixed, args=(A, B, queue))
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def main() -> None:
    from sim.compile.check import load
    from sim.equilibria.components import component_records
    from sim.equilibria.verify import is_equilibrium

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strategies", type=int, default=30)
    parser.add_argument("--reference-seconds", type=float, default=60.0)
    args = parser.parse_args()
    scenario = load(ROOT / "scenarios" / "inf_treaty.toml")
    names = pool(args.strategies)
    ours(scenario, pool(12))  # warm-up: imports and compiled code
    meta, result, payload, times = ours(scenario, names)
    found = result.analysis.equilibria
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = [sum(t[k] for t in times.values()) for k in (0, 1)]
    print(f"INF tournament, {len(names)} x {len(names)} strategies (ours, wall / CPU seconds)")
    for part, (wall, cpu) in times.items():
        print(f"  {part:<10} {wall:8.2f} {cpu:8.2f}")
    print(f"  {'total':<10} {total[0]:8.2f} {total[1]:8.2f}   peak memory {peak:.0f} MB")
    survivors = result.analysis.dominance.surviving
    print(
        f"  {len(found)} equilibria listed, complete {found.complete}, certified "
        f"{found.certified}, {len(component_records(found))} connected components; "
        f"{len(survivors[0])} x {len(survivors[1])} survive iterated strict dominance"
    )
    print(f"  note: {found.note}")
    assert np.all(found.verify()) and len(payload["equilibria"]) == len(found)
    A, B = meta.row_payoffs, meta.col_payoffs
    try:
        points, seconds = gambit_lcp(A, B)
        m = A.shape[0]
        valid = points[is_equilibrium(A, B, points[:, :m], points[:, m:])]
        ours_points = np.hstack([found.row, found.col])
        listed = sum(np.abs(ours_points - p).max(axis=1).min() < 1e-6 for p in valid)
        print(
            f"Gambit lcp_solve on the table:        {len(points)} equilibria, {seconds:8.3f} s "
            f"CPU; {len(valid)} pass is_equilibrium, {listed} of those in our list"
        )
    except ImportError:
        print("Gambit: pygambit not installed, skipped")
        return
    except RuntimeError as exc:  # its pivoting breaks down on some degenerate tables
        print(f"Gambit lcp_solve on the table:        failed ({exc})")
    if args.reference_seconds <= 0:
        return
    enumerated = gambit_enummixed(A, B, args.reference_seconds)
    analysis_cpu = times["analysis"][1]
    if enumerated is None:
        print(
            f"Gambit enummixed_solve on the table:  not finished in {args.reference_seconds:g} s "
            f"(ratio > {args.reference_seconds / max(analysis_cpu, 1e-9):.0f} against our analysis)"
        )
    else:
        count, seconds = enumerated
        print(
            f"Gambit enummixed_solve on the table:  {count} equilibria, {seconds:8.3f} s CPU "
            f"(ratio {seconds / max(analysis_cpu, 1e-9):.1f} against our analysis)"
        )


if __name__ == "__main__":
    main()
