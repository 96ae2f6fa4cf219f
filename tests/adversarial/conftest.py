"""Fixtures of the adversarial suite: one memory-capped worker process per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.adversarial.cases import DEV_ZERO, FIFO, HUGE
from tests.adversarial.harness import Worker


@pytest.fixture(scope="session")
def worker():
    """The worker that runs ``stabsim`` commands under a 3 GiB address-space cap."""
    process = Worker()
    yield process
    process.close()


def materialize(folder: Path, files: dict[str, str]) -> None:
    """Create ``files`` (relative name -> content or a special marker) under ``folder``."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == FIFO:
            os.mkfifo(path)
        elif content == DEV_ZERO:
            path.symlink_to("/dev/zero")
        elif content == HUGE:
            with open(path, "wb") as handle:
                handle.truncate(17 * 2**20)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogateescape")
