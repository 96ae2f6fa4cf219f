"""Running a sweep: plan the chunks, evaluate them on an executor, store, resume, merge.

A run works in the folder ``OUT.partial`` and renames it to ``OUT`` when the merged table
and the manifest are written, so ``OUT`` only ever holds a complete result: ``results.parquet``
(and ``results.csv`` with ``csv``), ``manifest.json`` and the run state ``sweep.json``; the
chunk files, merged, are removed then. Running the
same sweep again on the same ``OUT`` resumes from the chunks in ``OUT.partial`` (the
results are the same, row for row, as an uninterrupted run), and does nothing if ``OUT``
is complete already. A folder holding a different sweep (another fingerprint, see
:meth:`LoadedSweep.fingerprint`) is never touched.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sim.errors import OptionError, StabsimError, output_error
from sim.results import Result
from sim.sweep.design import Design
from sim.sweep.evaluate import evaluate_and_store, evaluate_chunk
from sim.sweep.executors import ExecutorSpec, SerialExecutor, open_executor
from sim.sweep.loader import LoadedSweep
from sim.sweep.progress import Progress
from sim.sweep.store import (
    ChunkStore,
    FolderInUse,
    lock_work_folder,
    pending_ranges,
    release_lock_file,
    write_csv_atomically,
    write_parquet_atomically,
)
from sim.sweep.task import make_task
from sim.sweep.validate import check_points

STATE_FILE = "sweep.json"
TABLE_FILE = "results.parquet"
CSV_FILE = "results.csv"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True, eq=False, kw_only=True)
class SweepRun(Result):
    """What a call of :func:`run_sweep` did; ``method`` is the design (``grid``, ``sobol``,
    ...), ``parameters`` the sweep's seed, outcomes and varied parameters.

    Attributes
    ----------
    folder
        The complete result folder.
    points
        Points in the sweep.
    computed
        Points evaluated by this call (fewer after a resume, 0 if it was complete).
    """

    folder: Path
    points: int
    computed: int

    @property
    def table(self) -> Path:
        return self.folder / TABLE_FILE

    def payload(self) -> dict:
        return {"points": self.points, "computed": self.computed, "result_folder": str(self.folder)}

    def to_frame(self):
        """The sweep's table (``results.parquet``), one row a point."""
        import pandas as pd

        return pd.read_parquet(self.table)


def _sweep_run(sweep: LoadedSweep, folder: Path, points: int, computed: int) -> SweepRun:
    model = sweep.model
    return SweepRun(
        method=model.design,
        parameters={
            "seed": model.seed,
            "outcomes": list(model.outcomes),
            "varied": list(model.parameters),
        },
        folder=folder,
        points=points,
        computed=computed,
    )


def default_folder(sweep: LoadedSweep) -> Path:
    """``results/<sweep name>``."""
    return Path("results") / sweep.name


def partial_folder(final: Path) -> Path:
    """The folder a run works in until it is complete."""
    return final.with_name(final.name + ".partial")


def run_sweep(
    sweep: LoadedSweep,
    out: str | Path | None = None,
    executor: ExecutorSpec | cf.Executor | None = None,
    *,
    resume: bool = False,
    csv: bool = False,
    progress: bool | None = None,
    chunk_size: int | None = None,
    argv: list[str] | None = None,
) -> SweepRun:
    """Evaluate every point of ``sweep`` and write the result folder.

    Parameters
    ----------
    sweep
        The loaded sweep.
    out
        The result folder (default ``results/<sweep name>``).
    executor
        Where to evaluate the chunks: an :class:`ExecutorSpec` (default: one local process
        per core), or an executor that is already running (for example a Dask client's
        ``get_executor()``), which is used and left running.
    resume
        Require an interrupted run to resume (an error if there is none). Without it, an
        interrupted run of the same sweep is resumed anyway.
    csv
        Also write ``results.csv``.
    progress
        Show a progress bar (``None``: when stderr is a terminal).
    chunk_size
        Points per chunk (default: the sweep file's ``chunk_size``).
    argv
        The command line for the manifest.
    """
    final = Path(out) if out is not None else default_folder(sweep)
    if isinstance(executor, cf.Executor):
        spec, running, label = None, executor, f"given {type(executor).__name__}"
    else:
        spec, running = executor or ExecutorSpec(), None
        label = spec.label
    fingerprint = sweep.fingerprint()
    design = Design(sweep.model)
    size = chunk_size if chunk_size is not None else sweep.model.chunk_size
    if size < 1:
        raise OptionError(f"must be at least 1, got {size}", "chunk_size")
    if final.exists() or final.is_symlink():
        _check_state(final, fingerprint, "out")
        if csv and not (final / CSV_FILE).exists():
            _write_csv(final)
        return _sweep_run(sweep, final, design.size, 0)
    check_points(sweep, design)  # a bad point is refused before any folder or worker
    work = partial_folder(final)

    def run_locked() -> int:
        state = _existing_state(work, fingerprint, resume)
        store = ChunkStore(work)
        ranges = pending_ranges(store.done(), design.size, size)
        if not ranges or running is not None:
            starting = contextlib.nullcontext(running)
        else:
            starting = open_executor(spec)
        with starting as pool:
            state = _start_work_folder(work, sweep, fingerprint, state, label)
            with Progress(design.size, design.size - _count(ranges), sweep.name, progress) as bar:
                _evaluate(pool, _window(pool, spec), sweep, design, ranges, store, bar)
        _finish(work, final, sweep, design, store, state, label, csv, argv)
        return _count(ranges)

    new_parents = [folder for folder in final.parents if not folder.exists()]  # deepest first
    try:
        with lock_work_folder(work) as made:
            if final.exists():  # the other run finished between the first look and the lock
                if made:
                    shutil.rmtree(work, ignore_errors=True)
                _check_state(final, fingerprint, "out")
                return _sweep_run(sweep, final, design.size, 0)
            try:
                computed = run_locked()
            except (StabsimError, OSError):
                if made:  # nothing of an earlier run is lost: remove what this run began
                    shutil.rmtree(work, ignore_errors=True)
                    for folder in new_parents:
                        with contextlib.suppress(OSError):
                            folder.rmdir()
                raise
    except FolderInUse:
        if final.exists():  # the other run finished while this one waited for the lock
            return _sweep_run(sweep, final, design.size, 0)
        raise OptionError(f"{final} is in use by another sweep running now", "out") from None
    except OSError as exc:
        raise output_error(exc, final) from None
    return _sweep_run(sweep, final, design.size, computed)


def _count(ranges: list[tuple[int, int]]) -> int:
    return sum(stop - start for start, stop in ranges)


def _window(executor, spec: ExecutorSpec | None) -> int:
    """Chunks in flight at once: enough to keep every worker busy, few enough for memory."""
    if isinstance(executor, SerialExecutor):
        return 1
    capacity = spec.capacity() if spec is not None else 0
    return max(4, 2 * capacity) if capacity else 64


def _evaluate(executor, window: int, sweep, design, ranges, store, bar) -> None:
    if not ranges:
        return
    queue = iter(ranges)
    running: dict[cf.Future, tuple[int, int]] = {}

    # local worker processes share this machine's disk: they write their own chunk files,
    # in parallel; from other executors the tables come back and the driver writes them
    workers_write = isinstance(executor, cf.ProcessPoolExecutor)

    def submit_next() -> None:
        chunk = next(queue, None)
        if chunk is not None:
            task = make_task(sweep, design, *chunk)
            if workers_write:
                future = executor.submit(evaluate_and_store, task, str(store.folder.parent))
            else:
                future = executor.submit(evaluate_chunk, task)
            running[future] = chunk

    for _ in range(window):
        submit_next()
    try:
        while running:
            finished, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                start, stop = running.pop(future)
                result = future.result()
                if not workers_write:
                    store.write(start, stop, result)
                bar.advance(stop - start)
                submit_next()
    except BaseException:
        for future in running:
            future.cancel()
        raise


def _existing_state(work: Path, fingerprint: str, resume: bool) -> dict | None:
    """The state of an interrupted run of this sweep in ``work``, or None if there is none."""
    if (work / STATE_FILE).exists():
        return _check_state(work, fingerprint, "out")
    if resume:
        raise OptionError(f"nothing to resume: no interrupted run in {work}", "resume")
    return None


def _start_work_folder(work: Path, sweep, fingerprint: str, state: dict | None, label) -> dict:
    """Create the work folder with its state file, or note the resumption in it."""
    if state is not None:
        state["resumed"] = [*state.get("resumed", []), _now()]
    else:
        state = {
            "fingerprint": fingerprint,
            "sweep": sweep.path,
            "started": _now(),
            "executor": label,
        }
    _write_state(work, state)
    return state


def _check_state(folder: Path, fingerprint: str, option: str) -> dict:
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise OptionError(
            f"{folder} exists but is not a sweep folder; remove it or choose another `out`",
            option,
        ) from None
    if state.get("fingerprint") != fingerprint:
        raise OptionError(
            f"{folder} holds a different sweep (or other scenario values); "
            "remove it or choose another `out`",
            option,
        )
    return state


def _write_state(folder: Path, state: dict) -> None:
    temporary = folder / f".{STATE_FILE}.tmp"
    temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, folder / STATE_FILE)


def _finish(work, final, sweep, design, store, state, label, csv, argv) -> None:
    """Merge the chunks, write the table, the CSV copy and the manifest, rename the folder."""
    from sim.output.manifest import write_manifest
    from sim.sweep.manifest import sweep_manifest

    table = store.read_all(design.size)
    write_parquet_atomically(table, work / f".{TABLE_FILE}.tmp", work / TABLE_FILE, "zstd")
    if csv:
        write_csv_atomically(table, work / CSV_FILE)
    from sim.output.manifest import file_hashes

    manifest = sweep_manifest(sweep, design, state, label, table, argv)
    manifest["files"] = file_hashes(work, skip=(MANIFEST_FILE, store.folder.name))
    write_manifest(work / MANIFEST_FILE, manifest)
    os.rename(work, final)
    release_lock_file(final)
    shutil.rmtree(ChunkStore(final).folder, ignore_errors=True)


def _write_csv(folder: Path) -> None:
    import pyarrow.parquet as pq

    write_csv_atomically(pq.read_table(folder / TABLE_FILE), folder / CSV_FILE)


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
