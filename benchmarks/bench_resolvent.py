"""Values for many discount factors: one Schur form against one LU solve per discount factor.

The discount-factor sets (``sim.repeated.sets``) evaluate ``V(delta) = (I - delta M)^-1 r``
on a grid of 534 discount factors for every candidate deviation policy. This compares
:func:`sim.repeated.resolvent.discounted_values` (one complex Schur form, a triangular
solve per discount factor) with numpy's batched LU solve (the former path) on the profile
chain of the INF announced policies (152 reached states) and on random sparse chains of 80
and 300 states, and prints the CPU time of each, the ratio and the largest difference
relative to the value scale ``1 / (1 - delta)``.

CPU time of this process (``time.process_time``), BLAS threads limited to one so that the
figures mean one core even on a busy machine.

    python benchmarks/bench_resolvent.py
"""

from __future__ import annotations

import os
import time

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

from sim.repeated.intervals import GRID  # noqa: E402
from sim.repeated.resolvent import discounted_values  # noqa: E402


def inf_chain() -> tuple[np.ndarray, np.ndarray]:
    from sim.compile.check import load
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from sim.repeated.perfection import OneShotProblem

    scenario = load("scenarios/inf_treaty.toml")
    model = build_model(scenario, {}).perfect()
    row = build_strategy(scenario, "ultimatum", 0, model)
    col = build_strategy(scenario, "no_obligations_if_abandoned", 1, model)
    _, matrix, reward = OneShotProblem(model, row, col, "perfect")._system
    return matrix, reward


def random_chain(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    matrix = rng.random((size, size)) * (rng.random((size, size)) < 0.05)
    matrix[np.arange(size), rng.integers(size, size=size)] += 1.0
    return matrix / matrix.sum(axis=1, keepdims=True), rng.normal(size=(size, 2))


def lu(matrix: np.ndarray, reward: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    system = np.eye(len(matrix)) - deltas[:, None, None] * matrix
    return np.linalg.solve(system, np.broadcast_to(reward, (len(deltas), *reward.shape)))


def timed(function, *args) -> tuple[float, np.ndarray]:
    start = time.process_time()
    out = function(*args)
    return time.process_time() - start, out


def main() -> None:
    cases = {"INF announced profile": inf_chain()}
    cases |= {f"random sparse, {n} states": random_chain(n, n) for n in (80, 300)}
    print(f"{len(GRID)} discount factors, CPU seconds (one BLAS thread)")
    print(f"{'chain':28} {'states':>6} {'Schur':>8} {'LU':>8} {'LU/Schur':>9} {'max diff':>9}")
    scale = 1.0 / (1.0 - GRID)[:, None, None]
    for name, (matrix, reward) in cases.items():
        ours, values = timed(discounted_values, matrix, reward, GRID)
        theirs, reference = timed(lu, matrix, reward, GRID)
        diff = float(np.max(np.abs(values - reference) / scale))
        row = f"{name:28} {len(matrix):6d} {ours:8.3f} {theirs:8.3f} {theirs / ours:9.1f}"
        print(f"{row} {diff:9.1e}")


if __name__ == "__main__":
    main()
