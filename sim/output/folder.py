"""Result folders, written under a temporary name and renamed when complete."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def result_folder_name(scenario_sha256: str, when: dt.datetime | None = None) -> str:
    """``<UTC time>-<short hash>``, e.g. ``20261128T031500Z-1a2b3c4d``."""
    when = when or dt.datetime.now(dt.UTC)
    return f"{when.strftime('%Y%m%dT%H%M%SZ')}-{scenario_sha256[:8]}"


@contextlib.contextmanager
def atomic_folder(final: Path) -> Iterator[Path]:
    """Yield a temporary sibling folder; rename it to ``final`` only if the block succeeds.

    On any exception the temporary folder is removed, so a failed run leaves nothing behind.
    """
    final = Path(final)
    if final.exists():
        raise FileExistsError(f"{final} exists already")
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.parent / f".tmp-{final.name}-{os.getpid()}"
    temporary.mkdir()
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    os.replace(temporary, final)


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
