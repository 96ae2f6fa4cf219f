"""The examples in README.md and docs/ run: Python blocks execute, `stabsim` lines succeed.

A fenced block tagged ``python`` is executed; in a block tagged ``bash``, each line that
starts with ``stabsim`` is run in-process and must exit with status 0. A block whose info
string has ``no-test`` (e.g. ```` ```bash no-test ````) is skipped: use it for commands that
need a cluster or take long. Everything runs in a scratch copy of the scenarios and
experiments, so no example writes into the repository.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks() -> list[tuple[str, str, str]]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for number, match in enumerate(FENCE.finditer(text)):
            info, body = match.group(1).strip(), match.group(2)
            words = info.split()
            if not words or "no-test" in words or words[0] not in ("python", "bash"):
                continue
            found.append((f"{document.relative_to(ROOT)}#{number}", words[0], body))
    return found


@contextlib.contextmanager
def scratch_copy(tmp_path: Path):
    for folder in ("scenarios", "experiments"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


def expand(argument: str) -> list[str]:
    """Shell-style glob expansion of one argument (unchanged if it has no wildcard)."""
    if not any(c in argument for c in "*?["):
        return [argument]
    return [str(p) for p in sorted(Path().glob(argument))] or [argument]


BLOCKS = blocks()


@pytest.mark.parametrize(("where", "language", "body"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_documented_example_runs(tmp_path, run_cli, where, language, body):
    with scratch_copy(tmp_path):
        if language == "python":
            exec(compile(body, where, "exec"), {"__name__": "__doc_example__"})  # noqa: S102
            return
        for line in body.splitlines():
            command = line.split("#", 1)[0].strip()
            if not command.startswith("stabsim "):
                continue
            arguments = [os.path.expandvars(a) for a in shlex.split(command)[1:]]
            arguments = [str(p) for a in arguments for p in expand(a)]
            status, _, err = run_cli(*arguments)
            assert status == 0, f"{where}: {command}\n{err}"


def test_documents_have_examples():
    assert len(BLOCKS) >= 2
