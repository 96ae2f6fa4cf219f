"""The chunk store: one Parquet file per finished chunk, written atomically, and the merge.

A chunk of points ``start`` to ``stop - 1`` is the file ``chunks/points-START-STOP.parquet``.
It is written to a temporary name in the same folder, flushed to disk and renamed
(``os.replace``, atomic on POSIX and Windows), so a run killed at any moment leaves only
complete chunk files (and perhaps a temporary file, which is ignored and overwritten).
Resuming computes only the points no chunk file covers, so the chunk size may even change
between runs. The merge checks that the chunks cover every point exactly once.

One sweep at a time works in a folder: :func:`lock_work_folder` takes an exclusive lock
(``flock``) on the file ``.lock`` inside it, held until the run ends; a second sweep into
the same folder is refused at once. The kernel drops the lock when its process dies, so a
killed run can be resumed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

CHUNK_PATTERN = re.compile(r"^points-(\d{12})-(\d{12})\.parquet$")
LOCK_FILE = ".lock"


class FolderInUse(Exception):
    """Another process holds the lock of a sweep's work folder."""


@contextlib.contextmanager
def lock_work_folder(work: Path) -> Iterator[bool]:
    """Hold the exclusive lock of ``work`` (made if missing) while the block runs.

    Yields whether this call made the folder (so that a run that fails before storing any
    chunk can remove it again). Raises :class:`FolderInUse` if another process holds the
    lock, or if the folder was renamed away (completed) while the lock was being taken.
    """
    made = not work.exists()
    try:
        work.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(work)) from None
    lock_path = work / LOCK_FILE
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileNotFoundError:  # renamed away (completed) since the look above
        raise FolderInUse(str(work)) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderInUse(str(work)) from None
        if not _same_file(handle, lock_path):
            raise FolderInUse(str(work))
        yield made
    finally:
        os.close(handle)


def release_lock_file(folder: Path) -> None:
    """Remove the lock file of a folder that is complete (its lock is still held)."""
    with contextlib.suppress(FileNotFoundError):
        (folder / LOCK_FILE).unlink()


def _same_file(handle: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path))
    except FileNotFoundError:
        return False


class ChunkStore:
    """The chunk files of one run folder.

    Parameters
    ----------
    folder
        The run folder; chunks go into its ``chunks`` subfolder.
    """

    def __init__(self, folder: str | Path, keep_in_memory: bool = True):
        self.folder = Path(folder) / "chunks"
        self.keep_in_memory = keep_in_memory
        self._written: dict[tuple[int, int], pa.Table] = {}  # chunks kept for the merge

    def path(self, start: int, stop: int) -> Path:
        return self.folder / f"points-{start:012d}-{stop:012d}.parquet"

    def done(self) -> list[tuple[int, int]]:
        """The ``(start, stop)`` ranges of the chunk files present, sorted."""
        if not self.folder.is_dir():
            return []
        ranges = []
        for entry in os.scandir(self.folder):
            match = CHUNK_PATTERN.match(entry.name)
            if match:
                ranges.append((int(match[1]), int(match[2])))
        return sorted(ranges)

    def write(self, start: int, stop: int, table: pa.Table) -> Path:
        """Write one chunk atomically; return its path."""
        if table.num_rows != stop - start:
            raise ValueError(f"chunk {start}:{stop} has {table.num_rows} rows")
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.path(start, stop)
        temporary = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        write_parquet_atomically(table, temporary, final)
        if self.keep_in_memory:
            self._written[(start, stop)] = table
        return final

    def read_all(self, size: int) -> pa.Table:
        """Concatenate the chunks in point order; they must cover ``0..size-1`` exactly.

        Chunks this store wrote (and kept in memory) are taken from memory, the others (from
        an interrupted run, or written by worker processes) are read from their files.
        """
        ranges = self.done()
        expected = 0
        for start, stop in ranges:
            if start != expected:
                what = "missing" if start > expected else "overlapping"
                raise RuntimeError(f"chunk store: points {min(start, expected)}.. are {what}")
            expected = stop
        if expected != size:
            raise RuntimeError(f"chunk store: points {expected}..{size - 1} are missing")
        tables = [
            self._written[chunk] if chunk in self._written else pq.read_table(self.path(*chunk))
            for chunk in ranges
        ]
        return pa.concat_tables(tables) if tables else pa.table({})


def pending_ranges(
    done: list[tuple[int, int]], size: int, chunk_size: int
) -> list[tuple[int, int]]:
    """The ranges of points not yet in ``done``, cut into chunks of at most ``chunk_size``.

    The cuts fall on multiples of ``chunk_size`` where they can, so a fresh run and a resumed
    one with the same chunk size use the same chunk files.
    """
    gaps = []
    position = 0
    for start, stop in sorted(done):
        if start > position:
            gaps.append((position, start))
        position = max(position, stop)
    if position < size:
        gaps.append((position, size))
    chunks = []
    for low, high in gaps:
        start = low
        while start < high:
            stop = min(high, (start // chunk_size + 1) * chunk_size)
            chunks.append((start, stop))
            start = stop
    return chunks


def write_parquet_atomically(
    table: pa.Table, temporary: Path, final: Path, compression: str = "snappy"
) -> None:
    """Write ``table`` to ``temporary``, flush it to disk, rename it to ``final``.

    Chunk files are temporary (merged, then removed), so they use fast ``snappy``
    compression; the merged table uses ``zstd``.
    """
    with open(temporary, "wb") as handle:
        pq.write_table(table, handle, compression=compression)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)


def write_csv_atomically(table: pa.Table, final: Path) -> None:
    """A CSV copy of ``table``, written under a temporary name and renamed.

    Floating-point columns are written in their shortest round-trip form with a decimal
    point kept on whole values (``4.0``, not ``4``), so that a reader infers the same
    dtypes from the CSV as from the Parquet table.
    """
    import pyarrow.csv as pcsv

    temporary = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    pcsv.write_csv(_floats_as_text(table), temporary)
    os.replace(temporary, final)


def _floats_as_text(table: pa.Table) -> pa.Table:
    import pyarrow.compute as pc

    for position, field in enumerate(table.schema):
        if pa.types.is_floating(field.type):
            text = pc.cast(table.column(position), pa.string())
            whole = pc.match_substring_regex(text, r"^-?[0-9]+$")
            kept = pc.if_else(whole, pc.binary_join_element_wise(text, ".0", ""), text)
            table = table.set_column(position, field.name, kept)
    return table
