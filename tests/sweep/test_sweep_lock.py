"""The lock of a sweep's work folder: one holder at a time, released when its process dies."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sim.sweep.store import LOCK_FILE, FolderInUse, lock_work_folder


def test_a_second_holder_is_refused_and_the_first_release_frees_it(tmp_path):
    work = tmp_path / "o.partial"
    with lock_work_folder(work) as made:
        assert made and (work / LOCK_FILE).exists()
        with pytest.raises(FolderInUse), lock_work_folder(work):
            pass
    with lock_work_folder(work) as made:
        assert not made


def test_the_lock_of_a_killed_process_is_free(tmp_path):
    work = tmp_path / "o.partial"
    code = (
        "import os, sys; from pathlib import Path; from sim.sweep.store import lock_work_folder\n"
        f"with lock_work_folder(Path({str(work)!r})):\n    os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with lock_work_folder(work) as made:
        assert not made
