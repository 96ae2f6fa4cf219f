"""The examples in README.md and docs/ run, each document's blocks in order.

- A fenced block tagged ``toml file=NAME`` is written to NAME (``append`` adds it to NAME).
- A block tagged ``python`` is executed.
- In a block tagged ``bash``, each line that starts with ``stabsim`` is run in-process and
  must exit with status 0.
- A block whose info string has ``no-test`` is skipped: use it for commands that need a
  cluster or take long.

Everything runs in a scratch folder holding a copy of the scenarios and experiments, so no
example writes into the repository; an example that would write into ``results/`` (the
committed results) fails, since a reader following it would change a tracked folder.
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


def runnable_blocks(document: Path) -> list[tuple[list[str], str]]:
    """The blocks of a document that the test runs, as (info words, body)."""
    found = []
    for match in FENCE.finditer(document.read_text(encoding="utf-8")):
        words = match.group(1).split()
        if words and "no-test" not in words and words[0] in ("python", "bash", "toml"):
            if words[0] != "toml" or any(w.startswith("file=") for w in words):
                found.append((words, match.group(2)))
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


def run_block(words: list[str], body: str, where: str, run_cli) -> None:
    if words[0] == "toml":
        name = next(w.removeprefix("file=") for w in words if w.startswith("file="))
        with open(name, "a" if "append" in words else "w", encoding="utf-8") as handle:
            handle.write(("\n" if "append" in words else "") + body)
        return
    if words[0] == "python":
        exec(compile(body, where, "exec"), {"__name__": "__doc_example__"})  # noqa: S102
        return
    for line in body.splitlines():
        command = line.split("#", 1)[0].strip()
        if command.startswith("stabsim "):
            arguments = [p for a in shlex.split(command)[1:] for p in expand(a)]
            status, _, err = run_cli(*arguments)
            assert status == 0, f"{where}: {command}\n{err}"


DOCUMENTS_WITH_EXAMPLES = [d for d in DOCUMENTS if runnable_blocks(d)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "document",
    DOCUMENTS_WITH_EXAMPLES,
    ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS_WITH_EXAMPLES],
)
def test_documented_examples_run(tmp_path, run_cli, document):
    with scratch_copy(tmp_path):
        for number, (words, body) in enumerate(runnable_blocks(document)):
            run_block(words, body, f"{document.name} block {number + 1}", run_cli)
            assert not (tmp_path / "results").exists(), f"block {number + 1} writes into results/"


def test_documents_have_examples():
    names = {d.name for d in DOCUMENTS_WITH_EXAMPLES}
    assert {"README.md", "tutorial.md"} <= names
