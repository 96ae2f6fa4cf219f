"""Run ``stabsim`` commands as a hostile user would, in a worker process with a memory cap.

Starting a fresh interpreter per case costs seconds (numpy, pydantic, numba), so the cases
run one after another in one long-lived worker process started with ``RLIMIT_AS`` at
:data:`MEMORY_CAP`: an allocation beyond it fails inside the worker (and shows up as a
``MemoryError`` traceback, which the checks reject). A case that does not answer within its
time limit is a hang: the worker is killed and a fresh one started for the next case.

:func:`check_refusal` asserts what every refusal must be: exit status 2, exactly one line on
stderr starting ``error:``, no traceback, and nothing left behind in the case's folder.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY_CAP = 3 * 2**30
DEFAULT_TIMEOUT = 30.0

WORKER = textwrap.dedent(
    """
    import contextlib, io, json, os, sys, time, traceback
    real_stdout = sys.stdout
    import sim.cli
    for line in sys.stdin:
        case = json.loads(line)
        os.chdir(case["cwd"])
        saved_env = {k: os.environ.get(k) for k in case["env"]}
        os.environ.update(case["env"])
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        status = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                sim.cli.main(case["args"])
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
                status = 1
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        answer = {"status": status, "stdout": out.getvalue()[-20000:],
                  "stderr": err.getvalue()[-20000:], "seconds": time.perf_counter() - start}
        real_stdout.write("@@answer " + json.dumps(answer) + "\\n")
        real_stdout.flush()
    """
)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@dataclass
class Answer:
    """What one command did."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    hung: bool = False


class Worker:
    """A long-lived ``python`` process that runs ``sim.cli.main`` on request."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
        return subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            preexec_fn=_cap_memory,
            env=env,
        )

    def run(self, args, cwd: Path, timeout: float = DEFAULT_TIMEOUT, env=None) -> Answer:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        request = {"args": [str(a) for a in args], "cwd": str(cwd), "env": env or {}}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = _read_line(self.process, timeout)
        if line is None:
            self.close()
            return Answer(-9, "", f"no answer within {timeout:.0f} s", timeout, hung=True)
        return Answer(**json.loads(line))

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def _read_line(process: subprocess.Popen, timeout: float) -> str | None:
    """One line of the worker's stdout, or None if none comes within ``timeout``."""
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=deadline - time.monotonic()):
                line = process.stdout.readline()
                if not line:
                    return '{"status": -1, "stdout": "", "stderr": "worker died", "seconds": 0}'
                if line.startswith("@@answer "):
                    return line.removeprefix("@@answer ")
                # anything else was written to the real stdout by the code under test: skip
        return None
    finally:
        selector.close()


def listing(folder: Path) -> set[str]:
    """Every path below ``folder`` (relative), hidden ones included."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check_refusal(answer: Answer, before: set[str], folder: Path) -> None:
    """Exit status 2, one ``error:`` line, no traceback, nothing new in ``folder``."""
    assert not answer.hung, answer.stderr
    assert "Traceback" not in answer.stderr, answer.stderr[-3000:]
    lines = answer.stderr.strip("\n").split("\n")
    assert answer.status == 2, (answer.status, answer.stderr[-2000:])
    assert len(lines) == 1 and lines[0].startswith("error: "), answer.stderr[-2000:]
    left = listing(folder) - before
    assert not left, f"left behind: {sorted(left)[:5]}"


def check_answer(answer: Answer) -> None:
    """Exit status 0, no traceback, and no non-finite number printed as an answer."""
    assert not answer.hung, answer.stderr
    assert "Traceback" not in answer.stderr, answer.stderr[-3000:]
    assert answer.status == 0, (answer.status, answer.stderr[-2000:])
    for word in ("nan", "NaN", "inf", "Infinity"):
        assert not _has_word(answer.stdout, word), answer.stdout[-2000:]


def _has_word(text: str, word: str) -> bool:
    import re

    return re.search(rf"(?<![A-Za-z_]){word}(?![A-Za-z_])", text) is not None
