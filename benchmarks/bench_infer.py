"""Inference from a record: the forward pass against a textbook loop, the grid against a loop.

1. The log-likelihood of the first 72 months of ``scenarios/inf_record_2013_2019.toml``
   under the announced profile (US ultimatum, Russian mirror response) at the scenario's
   values (target: under 10 ms). Ours (:func:`sim.infer.forward.forward`, the chain
   built once) against a textbook forward recursion that loops over the chain's terms in
   Python, round by round, with the record's test written out per term. Both values are
   printed; they must agree.
2. The posterior over a 100 x 100 grid of (detect, false_alarm), 10^4 points (target: under
   10 s on 2 cores; ours runs on one): one batched pass
   (:class:`sim.infer.likelihood.RecordLikelihood`) against a loop that builds the model
   and runs the forward pass one point at a time, timed on ``--reference-points`` points
   and extrapolated to the grid (printed as such).

    python benchmarks/bench_infer.py
    python benchmarks/bench_infer.py --reference-points 20 --repeat 3   # quicker
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from sim.compile.check import load
from sim.infer.forward import forward
from sim.infer.likelihood import RecordLikelihood
from sim.scenario.events import load_events
from sim.scenario.iterated import StrategyChoice

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 72
ROW = StrategyChoice(strategy="ultimatum", parameters={"deadline": 1, "then": "withdraw"})
COL = StrategyChoice(strategy="no_obligations_if_abandoned", parameters={"then": "develop"})


def textbook_forward(chain, observations) -> float:
    """Scaled forward recursion, one term at a time in Python (Rabiner 1989, eqs. 91-92)."""
    treaty_of = chain.model.chain.state[chain.treaty_index]
    terms = list(
        zip(
            chain.source.tolist(),
            chain.target.tolist(),
            treaty_of[chain.source].tolist(),
            chain.row_action.tolist(),
            chain.col_action.tolist(),
            chain.row_signal.tolist(),
            chain.col_signal.tolist(),
            np.asarray(chain.probability).tolist(),
            strict=True,
        )
    )
    alpha = [0.0] * chain.size
    alpha[chain.initial] = 1.0
    total = 0.0
    for allowed in observations.allowed:
        nxt = [0.0] * chain.size
        for source, target, *values, p in terms:
            if all(ok is None or v in ok for v, ok in zip(values, allowed, strict=True)):
                nxt[target] += alpha[source] * p
        scale = sum(nxt)
        if scale == 0.0:
            return -np.inf
        total += np.log(scale)
        alpha = [x / scale for x in nxt]
    return total


def best_of(call, repeat: int) -> tuple[float, object]:
    best, value = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = call()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-points", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=100)
    args = parser.parse_args()
    scenario = load(ROOT / "scenarios" / "inf_treaty.toml")
    events = load_events(ROOT / "scenarios" / "inf_record_2013_2019.toml")
    base = RecordLikelihood.of(scenario, events, ("detect", "false_alarm"), ROW, COL)
    observations = base.observations.truncated(ROUNDS)
    likelihood = RecordLikelihood(scenario, observations, base.names, ROW, COL)

    chain = RecordLikelihood(scenario, observations, (), ROW, COL).chain()
    ours, value = best_of(lambda: forward(chain, observations).log_likelihood[0], args.repeat)
    build, _ = best_of(lambda: RecordLikelihood(scenario, observations, (), ROW, COL)(
        np.zeros((1, 0))), args.repeat)  # fmt: skip
    ref, ref_value = best_of(lambda: textbook_forward(chain, observations), 1)
    print(f"1. log-likelihood of {ROUNDS} months, announced profile "
          f"({chain.size} joint states, {len(chain.source)} terms)")  # fmt: skip
    print(f"   ours (forward pass):          {ours * 1e3:8.2f} ms   log L = {value:.12g}")
    print(f"   ours (model + chain + pass):  {build * 1e3:8.2f} ms")
    print(f"   textbook loop over terms:     {ref * 1e3:8.2f} ms   log L = {ref_value:.12g}")
    print(f"   ratio (forward pass):         {ref / ours:8.1f} x   target: under 10 ms")

    axes = np.linspace(0.0, 1.0, args.nodes), np.linspace(0.0, 0.5, args.nodes)
    mesh = np.meshgrid(*axes, indexing="ij")
    points = np.stack([m.reshape(-1) for m in mesh], axis=-1)
    grid, values = best_of(lambda: likelihood(points), 1)
    sample = points[np.random.default_rng(0).choice(len(points), args.reference_points)]

    def loop():
        return np.array([likelihood(p[None, :])[0] for p in sample])

    per_point, looped = best_of(loop, 1)
    index = [int(np.flatnonzero((points == p).all(axis=1))[0]) for p in sample]
    agree = np.allclose(values[index], looped, rtol=1e-12, atol=1e-9, equal_nan=True)
    estimate = per_point / len(sample) * len(points)
    print(f"2. posterior over a {args.nodes} x {args.nodes} grid ({len(points)} points)")
    print(f"   ours (one batched pass):      {grid:8.2f} s")
    print(f"   loop, one point at a time:    {estimate:8.2f} s   "
          f"(extrapolated from {len(sample)} points; values agree: {agree})")  # fmt: skip
    print(f"   ratio:                        {estimate / grid:8.1f} x   target: under 10 s")


if __name__ == "__main__":
    main()
