"""What a sweep will cost before it runs: points, chunks, time and memory (a dry run).

The estimate evaluates a probe of the sweep's own points (the first ``probe`` points, the
same code path as the run, after a warm-up chunk that pays the one-off import and
compilation costs) and a chunk of ``s = p / 8`` points, and scales them: with ``t``
seconds for the ``p`` probe points and ``t_s`` for ``s``, a point costs
``c = (t - t_s) / (p - s)`` and a chunk ``f = t_s - s c`` (compiling the chain of a batch,
say), so ``N`` points in ``K`` chunks on
``w`` workers take about ``(K f + N c) / w`` seconds (``t N / (p w)`` when the two timings
are too noisy to separate them); the table takes ``b N / p`` bytes for the ``b`` bytes of
the probe's table. Per-point time grows with the
chunk's batch efficiency, so the probe is one chunk of up to ``probe`` points; the
estimate is labelled as such, with the probe size it rests on.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from sim.results import Result


@dataclass(frozen=True, eq=False)
class SweepPlan(Result):
    """A sweep's size and cost estimate.

    Attributes
    ----------
    points, chunks, chunk_size, workers
        The design's size, the chunk plan and the workers it would run on.
    probe_points, probe_seconds
        The points evaluated for the estimate and the time they took.
    estimated_seconds
        Wall time on ``workers`` workers, scaled from the probe.
    table_bytes
        Estimated size of the result table in memory.
    chunk_bytes
        Estimated memory of one chunk's table (what one worker holds at a time).
    """

    name: str = ""
    design: str = ""
    points: int = 0
    chunks: int = 0
    chunk_size: int = 0
    workers: int = 1
    probe_points: int = 0
    probe_seconds: float = 0.0
    estimated_seconds: float = 0.0
    table_bytes: int = 0
    chunk_bytes: int = 0

    def payload(self) -> dict:
        fields = ("name", "design", "points", "chunks", "chunk_size", "workers")
        out = {k: getattr(self, k) for k in fields}
        out["estimate"] = {
            "probe_points": self.probe_points,
            "probe_seconds": self.probe_seconds,
            "seconds": self.estimated_seconds,
            "table_bytes": self.table_bytes,
            "chunk_bytes": self.chunk_bytes,
        }
        return out


def sweep_plan(sweep, *, workers: int | None = None, chunk_size: int | None = None,
               probe: int = 512) -> SweepPlan:  # fmt: skip
    """The plan of a loaded sweep, with a time and memory estimate from a probe."""
    from sim.sweep.design import Design
    from sim.sweep.evaluate import evaluate_chunk
    from sim.sweep.run import make_task

    design = Design(sweep.model)
    size = chunk_size or sweep.model.chunk_size
    workers = max(1, workers or os.cpu_count() or 1)
    probe_points = min(probe, design.size)
    # a first small chunk pays the one-off costs (imports, compiled kernels) outside the timing
    small = min(probe // 8, design.size)
    evaluate_chunk(make_task(sweep, design, 0, min(4, design.size)))
    started = time.perf_counter()
    evaluate_chunk(make_task(sweep, design, 0, small))
    fixed = time.perf_counter() - started
    started = time.perf_counter()
    table = evaluate_chunk(make_task(sweep, design, 0, probe_points))
    seconds = time.perf_counter() - started
    per_point_bytes = table.nbytes / probe_points
    chunks = -(-design.size // size)
    each = (seconds - fixed) / (probe_points - small) if probe_points > small else 0.0
    if each <= 0:  # too noisy to separate the cost of a chunk from that of a point
        each, fixed = seconds / probe_points, 0.0
    else:
        fixed = max(0.0, fixed - each * small)
    return SweepPlan(
        method="probe-extrapolation",
        parameters={"probe": probe},
        name=sweep.model.name,
        design=sweep.model.design,
        points=design.size,
        chunks=chunks,
        chunk_size=size,
        workers=min(workers, chunks),
        probe_points=probe_points,
        probe_seconds=seconds,
        estimated_seconds=(fixed * chunks + each * design.size) / min(workers, chunks),
        table_bytes=int(per_point_bytes * design.size),
        chunk_bytes=int(per_point_bytes * min(size, design.size)),
    )


def plan_text(plan: SweepPlan) -> str:
    """The plan in a few lines."""
    return (
        f"sweep {plan.name}: {plan.points} points ({plan.design} design) in {plan.chunks} "
        f"chunks of up to {plan.chunk_size}, on {plan.workers} worker(s)\n"
        f"estimate from {plan.probe_points} points in {plan.probe_seconds:.3g} s: about "
        f"{_duration(plan.estimated_seconds)}; table about {_bytes(plan.table_bytes)}, "
        f"a chunk about {_bytes(plan.chunk_bytes)}\n"
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:.3g} h"


def _bytes(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.3g} {unit}" if unit != "B" else f"{count} B"
        count /= 1000
    return f"{count:.3g} TB"
