"""The manifest every result folder carries: how to get the same result again."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

PACKAGES = ("stabsim", "numpy", "scipy", "nashpy", "pydantic", "matplotlib", "pandas", "pyarrow")


def utc_now() -> str:
    """The current UTC time in ISO 8601 with seconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed versions of the packages that shape the numbers (None if missing)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit(path: str | Path = ".") -> str | None:
    """The commit of the checkout that holds ``path`` (with ``-dirty`` if modified), or None."""
    folder = Path(path).resolve()
    folder = folder if folder.is_dir() else folder.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=5
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    dirty = "-dirty" if status.stdout.strip() else ""
    return commit.stdout.strip() + dirty


def file_hashes(folder: Path, skip: tuple[str, ...] = ("manifest.json",)) -> list[dict[str, Any]]:
    """Every regular file below ``folder`` (hidden files and the top-level entries named in
    ``skip`` left out), with its size and sha256, sorted by path: what a reader checks a
    copy of the folder against."""

    folder = Path(folder)
    listed = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or path.is_symlink() or relative.parts[0] in skip:
            continue
        if any(part.startswith(".") for part in relative.parts):
            continue
        listed.append(file_entry(folder, path))
    return listed


def file_entry(folder: Path, path: Path) -> dict[str, Any]:
    """``path`` (a file below ``folder``) as the manifest lists it: its path relative to
    ``folder``, its size and its sha256."""
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {
        "path": Path(path).relative_to(folder).as_posix(),
        "bytes": Path(path).stat().st_size,
        "sha256": digest.hexdigest(),
    }


def overridden(declared: dict[str, Any], in_force: dict[str, Any]) -> dict[str, Any]:
    """The parameters whose value in force differs from the one the file declares."""
    return {name: value for name, value in in_force.items() if declared.get(name) != value}


def build_manifest(
    *,
    started: str,
    scenario_path: str | None = None,
    scenario_text: str | None = None,
    scenario_sha256: str | None = None,
    parameters: dict[str, Any] | None = None,
    seed: int | None = None,
    overrides: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    argv: list[str] | None = None,
) -> dict[str, Any]:
    """A JSON-ready manifest: command line, scenario text and hash, parameters (and which
    of them were overridden), the seed used, package versions, git commit and start and end
    times. The caller adds ``files`` (:func:`file_hashes`) once the outputs are written."""
    manifest: dict[str, Any] = {
        "command": ["stabsim", *(sys.argv[1:] if argv is None else argv)],
        "scenario": {"path": scenario_path, "sha256": scenario_sha256, "text": scenario_text},
        "parameters": parameters or {},
        "overrides": overrides or {},
        "seed": seed,
        "versions": package_versions(),
        "git_commit": git_commit(Path(__file__).parent),
        "started": started,
        "finished": utc_now(),
    }
    manifest.update(extra or {})
    return manifest


def amend_manifest(folder: Path, written: list[Path], argv: list[str] | None = None) -> bool:
    """Record files written into a finished result folder after it was made (figures drawn
    by a later command) in its ``manifest.json``: an entry of ``amended`` with that
    command, its time and the files' paths, and each file's size and sha256 in ``files``
    (replacing the entry of the same path). The manifest is replaced whole (a temporary
    file renamed). False, and nothing written, when the folder has no manifest."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    if manifest is None:
        return False
    paths = sorted({_relative(folder, p) for p in written})
    manifest.setdefault("amended", []).append(
        {
            "command": ["stabsim", *(sys.argv[1:] if argv is None else argv)],
            "at": utc_now(),
            "files": paths,
        }  # fmt: skip
    )
    _write_manifest(folder, _with_hashes(folder, manifest, paths, add=True))
    return True


def refresh_hashes(folder: Path, written: list[Path]) -> None:
    """Update the sizes and sha256 that ``folder/manifest.json`` lists for ``written``
    (files it already lists; others are left out, as when the folder was made)."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    if manifest is None:
        return
    paths = [_relative(folder, p) for p in written]
    _write_manifest(folder, _with_hashes(folder, manifest, paths, add=False))


def _with_hashes(folder: Path, manifest: dict, paths: list[str], *, add: bool) -> dict:
    """``manifest`` with the ``files`` entries of ``paths`` hashed again (added if ``add``)."""
    if "files" not in manifest:
        return manifest
    entries = {entry["path"]: entry for entry in manifest["files"]}
    for path in paths:  # only the files written, not the whole folder again
        if add or path in entries:
            entries[path] = file_entry(folder, folder / path)
    manifest["files"] = [entries[path] for path in sorted(entries)]
    return manifest


def _relative(folder: Path, path) -> str:
    """``path`` relative to ``folder``, as a manifest lists it."""
    return Path(path).resolve().relative_to(Path(folder).resolve()).as_posix()


def _read_manifest(folder: Path) -> dict | None:
    """The folder's manifest as a dict, or None when it has none."""
    import json

    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _write_manifest(folder: Path, manifest: dict) -> None:
    write_manifest(folder / "manifest.json", manifest)


def write_manifest(path: Path, manifest: dict) -> None:
    """Write the manifest as JSON under a temporary name, then rename it (the old one is
    replaced whole or not at all)."""
    import os

    from sim.output.folder import write_json

    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    write_json(temporary, manifest)
    os.replace(temporary, path)
