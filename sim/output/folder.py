"""Result folders: written under a temporary name and renamed when complete.

A result folder appears only when it is complete. It is written in a hidden sibling
``.tmp-<name>-<pid>-<token>`` and renamed; on every way out of the block (an exception, a
full disk, ``SIGTERM``, Ctrl-C) the temporary folder and any parent folder made for it are
removed again. A process killed outright (``SIGKILL``) cannot clean up: the next result
folder written beside it removes temporary folders whose process is gone.

Names are unique even for runs started in the same second: ``<UTC time>-<hash>-<token>``,
where the hash covers the scenario text and the parameter values in force (runs that
differ only in an override get different hashes) and the token is random, so the
newest of a scenario's runs is the last by name (:func:`newest_run`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sim.errors import OutputError, output_error

TEMPORARY = re.compile(r"^\.tmp-.+-(\d+)-[0-9a-f]{8}$")
RUN_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}-[0-9a-f]{4}$")


def newest_run(folder: Path, marker: str = "report.json") -> Path | None:
    """The newest result folder in ``folder`` (a scenario's folder of runs), or None.

    Run folders are named ``<UTC time>-<hash>-<token>`` (:func:`result_folder_name`), so
    the newest is the last by name; only complete folders (holding ``marker``) count.
    """
    try:
        runs = [p for p in Path(folder).iterdir() if RUN_NAME.match(p.name)]
    except OSError:
        return None
    complete = sorted(p for p in runs if (p / marker).is_file())
    return complete[-1] if complete else None


def result_folder_name(
    scenario_sha256: str,
    parameters: Mapping[str, float] | None = None,
    when: dt.datetime | None = None,
    token: str | None = None,
) -> str:
    """``<UTC time>-<hash>-<token>``, e.g. ``20261128T031500Z-1a2b3c4d-9f0e``.

    The hash is of the scenario's sha256 and the parameter values in force; the token is
    random, so two runs started in the same second never share a name.
    """
    when = when or dt.datetime.now(dt.UTC)
    content = json.dumps([scenario_sha256, sorted((parameters or {}).items())], default=repr)
    digest = hashlib.sha256(content.encode()).hexdigest()[:8]
    token = token or secrets.token_hex(2)
    return f"{when.strftime('%Y%m%dT%H%M%SZ')}-{digest}-{token}"


@contextlib.contextmanager
def atomic_folder(final: Path) -> Iterator[Path]:
    """Yield a temporary sibling folder; rename it to ``final`` only if the block succeeds.

    On any exception (and on ``SIGTERM``, turned into ``SystemExit``) the temporary folder
    and the parent folders made for it are removed, so a failed run leaves nothing behind.
    Operating-system errors (read-only or full file system, a file in the way) are raised as
    one-line :class:`OutputError`.
    """
    final = Path(final)
    made = _make_parents(final.parent)
    temporary = None
    try:
        if final.exists() or final.is_symlink():
            raise OutputError("exists already", str(final))
        remove_stale_temporaries(final.parent)
        temporary = final.parent / f".tmp-{final.name}-{os.getpid()}-{secrets.token_hex(4)}"
        temporary.mkdir()
        with _terminate_as_exit():
            yield temporary
        _rename_new(temporary, final)
    except BaseException as exc:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        _remove_empty(made)
        if isinstance(exc, OSError):
            raise output_error(exc, final) from None
        raise


def check_destination(folder: Path) -> None:
    """Refuse, before any work is done, a folder that no result folder can be made in.

    The nearest existing folder on the way up must be a directory on a writable file
    system that this process may write to; a file in the way (the output folder a file, a
    path under one, ``/dev/null``) is refused as :func:`atomic_folder` would refuse it
    after the work. Passing this check does not promise the write (a full disk is found
    only when written); it spares the work when the answer is known.
    """
    current, _ = _nearest_existing(Path(folder))
    if not current.exists():
        return
    if not current.is_dir():
        raise OutputError("is a file, not a directory", str(current))
    if os.statvfs(current).f_flag & os.ST_RDONLY:
        raise output_error(OSError(errno.EROFS, "read-only"), folder)
    if not os.access(current, os.W_OK | os.X_OK):
        raise output_error(OSError(errno.EACCES, "permission denied"), folder)


def _nearest_existing(folder: Path) -> tuple[Path, list[Path]]:
    """The nearest existing folder (or file) on the way up, and the missing ones below it,
    deepest first."""
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        if current.is_symlink():
            break
        missing.append(current)
        current = current.parent
    return current, missing


def _make_parents(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return the ones made, deepest first."""
    current, missing = _nearest_existing(folder)
    if current.exists() and not current.is_dir():
        raise OutputError("is a file, not a directory", str(current))
    made: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            made.insert(0, path)
    except OSError as exc:
        _remove_empty(made)
        raise output_error(exc, folder) from None
    return made


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _rename_new(temporary: Path, final: Path) -> None:
    """Rename ``temporary`` to ``final``, which must not exist (never replace a result)."""
    if final.exists():
        raise OutputError("exists already", str(final))
    try:
        os.rename(temporary, final)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise OutputError("exists already", str(final)) from None
        raise


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove ``.tmp-*`` folders in ``folder`` left by processes that no longer run."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = TEMPORARY.match(entry.name)
            if match and entry.is_dir(follow_symlinks=False) and not _alive(int(match[1])):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """In the main thread, turn ``SIGTERM`` into ``SystemExit(143)`` so cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented JSON (NaN is written as null)."""
    path.write_text(json.dumps(_plain(data), indent=2, allow_nan=False) + "\n", encoding="utf-8")


def _plain(value: Any) -> Any:
    """Make numpy scalars and arrays, NaN and infinities JSON-ready."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
