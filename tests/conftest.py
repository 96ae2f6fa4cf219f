"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One BLAS thread per test process, set before numpy loads OpenBLAS (and inherited by the
# worker processes the tests start): the tests' matrices are small, and on a machine whose
# cores are all busy two spinning BLAS threads make an SVD or a solve 10 to 50 times slower.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def run_cli(capsys):
    """Run ``stabsim ARGS`` in-process; return (exit status, stdout, stderr)."""
    from sim.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main([str(a) for a in args])
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


MAX_WORKERS = 4
"""Most test processes ``-n auto`` starts: each imports the whole package and its libraries."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """Workers for ``-n auto`` (pytest-xdist): one per usable core, at most :data:`MAX_WORKERS`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS))


QUICK_EXAMPLES = 5
"""Examples a hypothesis test draws in the quick run (``-m "not slow"``)."""


def pytest_configure(config):
    """Load the hypothesis profile of the run: ``quick`` when slow tests are deselected."""
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover - hypothesis is in the dev extra
        return
    settings.register_profile("quick", max_examples=QUICK_EXAMPLES)
    settings.register_profile("full")  # hypothesis's defaults; tests set their own counts
    quick = "not slow" in (config.getoption("markexpr", "") or "")
    settings.load_profile("quick" if quick else "full")


def examples(full: int) -> int:
    """``max_examples`` for a hypothesis test: ``full`` in the full run, at most
    :data:`QUICK_EXAMPLES` in the quick run (read from the profile loaded at collection)."""
    from hypothesis import settings

    quick = settings.default.max_examples <= QUICK_EXAMPLES
    return min(full, QUICK_EXAMPLES) if quick else full
