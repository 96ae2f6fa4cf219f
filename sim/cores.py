"""The cores this process may use (its CPU affinity, where the system reports one)."""

from __future__ import annotations

import os


def available_cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
