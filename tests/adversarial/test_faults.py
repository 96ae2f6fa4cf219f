"""Faults of the machine: full and read-only file systems, kills, runs at the same time.

The file systems are small ``tmpfs`` mounts (the tests skip where ``mount`` is not allowed).
Every refusal is one line with exit status 2 and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.sweep.store import LOCK_FILE, lock_work_folder
from tests.adversarial.cases import GRID_X, scenario, sweep
from tests.adversarial.harness import listing

SCENARIO = scenario()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str, read_only: bool = False):
    """A ``tmpfs`` of ``size`` mounted on ``folder`` for the block (skip if not allowed)."""
    folder.mkdir()
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def one_line_refusal(status: int, err: str) -> str:
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def write_inputs(folder: Path) -> tuple[Path, Path]:
    (folder / "s.toml").write_text(SCENARIO, encoding="utf-8")
    (folder / "w.toml").write_text(sweep(GRID_X), encoding="utf-8")
    return folder / "s.toml", folder / "w.toml"


# a whole run before the write fails (seconds); the sweep's full disk is the quick check
@pytest.mark.slow
def test_run_on_a_full_disk_leaves_nothing(run_cli, tmp_path):
    source, _ = write_inputs(tmp_path)
    with tmpfs(tmp_path / "disk", "96k") as disk:
        line = one_line_refusal(*run_cli("run", source, "--out", disk / "out", "--quiet")[::2])
        assert "no space left" in line
        assert listing(disk) == set()


def test_sweep_on_a_full_disk_leaves_nothing(run_cli, tmp_path):
    _, sweep_file = write_inputs(tmp_path)
    with tmpfs(tmp_path / "disk", "8k") as disk:
        filler = disk / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            handle.write(b"\0" * 6000)
        before = listing(disk)
        status, _, err = run_cli("sweep", sweep_file, "--out", disk / "o", "--workers", "1")
        line = one_line_refusal(status, err)
        assert "no space left" in line
        assert listing(disk) == before


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_read_only_file_system_is_one_line(run_cli, tmp_path, command):
    source, sweep_file = write_inputs(tmp_path)
    with tmpfs(tmp_path / "ro", "64k", read_only=True) as disk:
        args = (source, "--out", disk / "out", "--quiet") if command == "run" else (
            sweep_file, "--out", disk / "out", "--workers", "1")  # fmt: skip
        line = one_line_refusal(*run_cli(command, *args)[::2])
        assert "read-only" in line
        assert listing(disk) == set()


def test_a_second_sweep_into_a_folder_in_use_is_refused(run_cli, tmp_path):
    _, sweep_file = write_inputs(tmp_path)
    out = tmp_path / "o"  # the sweep's folder is OUT/NAME
    folder = out / "sw"
    with lock_work_folder(folder.with_name("sw.partial")):  # another sweep holds the folder
        line = one_line_refusal(*run_cli("sweep", sweep_file, "--out", out, "--workers", "1")[::2])
        assert "in use by another sweep" in line
        assert not folder.exists()
    status, _, err = run_cli("sweep", sweep_file, "--out", out, "--workers", "1")
    assert status == 0, err
    assert (folder / "results.parquet").is_file() and not (folder / LOCK_FILE).exists()
    assert not folder.with_name("sw.partial").exists()


# a whole run (seconds); remove_stale_temporaries itself is tested in tests/output
@pytest.mark.slow
def test_a_stale_temporary_folder_of_a_dead_run_is_removed(run_cli, tmp_path):
    source, _ = write_inputs(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)  # fmt: skip
    stale = tmp_path / "out" / "pd" / f".tmp-x-{int(dead.stdout)}-0123abcd"
    (stale / "figures").mkdir(parents=True)
    status, out, err = run_cli("run", source, "--out", tmp_path / "out", "--quiet")
    assert status == 0, err
    assert not stale.exists()
    runs = [p for p in (tmp_path / "out" / "pd").iterdir() if not p.is_symlink()]  # not latest
    assert [p.name[:1] for p in runs] == ["2"]  # one result


def stabsim(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_three_runs_into_one_folder_at_once_all_succeed(tmp_path):
    write_inputs(tmp_path)
    processes = [
        stabsim("run", "s.toml", "--out", "out", "--quiet", *extra, cwd=tmp_path)
        for extra in ((), (), ("--set", "x=0.25"))
    ]
    answers = [p.communicate(timeout=240) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], answers
    folders = sorted(p for p in (tmp_path / "out" / "pd").iterdir() if not p.is_symlink())
    assert len(folders) == 3 and all(not f.name.startswith(".") for f in folders)
    hashes = {f.name.split("-")[1] for f in folders}
    assert len(hashes) == 2  # the override changes the hash; the token keeps names apart
    assert all((f / "manifest.json").is_file() for f in folders)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_two_sweeps_at_once_one_runs_one_is_refused_or_finds_it_done(tmp_path):
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    body = 'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 1.0, count = 4000 }\n'
    (tmp_path / "w.toml").write_text(sweep(body), encoding="utf-8")
    args = ("sweep", "w.toml", "--out", "o", "--workers", "1")
    first = stabsim(*args, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "o" / "sw.partial" / LOCK_FILE).exists() and first.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = stabsim(*args, cwd=tmp_path)
    out2, err2 = second.communicate(timeout=240)
    out1, err1 = first.communicate(timeout=240)
    assert first.returncode == 0, err1
    if second.returncode != 0:
        assert second.returncode == 2 and "in use by another sweep" in err2, err2
        assert len(err2.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o", "s.toml", "w.toml"]
    assert not (tmp_path / "o" / "sw" / LOCK_FILE).exists()


def _wait_for_temporary(process, results: Path) -> bool:
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if results.is_dir() and any(p.name.startswith(".tmp-") for p in results.iterdir()):
            return True
        time.sleep(0.005)
    return False


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_run_stopped_while_writing_leaves_nothing_once_the_next_run_is_done(tmp_path, signum):
    write_inputs(tmp_path)
    results = tmp_path / "out" / "pd"
    first = stabsim("run", "s.toml", "--out", "out", "--quiet", cwd=tmp_path)
    caught = _wait_for_temporary(first, results)
    first.send_signal(signum)
    first.communicate(timeout=60)
    if caught and signum == signal.SIGTERM:
        assert first.returncode == 128 + signal.SIGTERM
        assert not results.exists() or not list(results.iterdir())  # cleaned up at once
    second = stabsim("run", "s.toml", "--out", "out", "--quiet", cwd=tmp_path)
    _, err = second.communicate(timeout=240)
    assert second.returncode == 0, err
    names = [p.name for p in results.iterdir()]
    assert not [n for n in names if n.startswith(".tmp-")], names
