"""The scenarios that ship with stabsim."""

from __future__ import annotations

import tomllib
from pathlib import Path


def scenario_folder() -> Path:
    """The folder of bundled scenarios: inside an installed wheel, or the checkout's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled_scenarios"
    return installed if installed.is_dir() else package.parent / "scenarios"


def bundled_scenarios() -> list[tuple[Path, str]]:
    """Each bundled scenario file with its title, sorted by file name."""
    out = []
    for path in sorted(scenario_folder().glob("*.toml")):
        with path.open("rb") as handle:
            title = tomllib.load(handle).get("metadata", {}).get("title", "")
        out.append((path, title))
    return out
