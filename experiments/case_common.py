"""Shared helpers of the INF case-study experiments (``experiments/case_*.py``).

Each experiment writes into ``results/<experiment>/``: its tables as CSV and Markdown, its
figures as PNG and PDF, and ``manifest.json`` (command line, package versions, git commit,
time), so that every committed number says how to get it again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def parse_arguments(name: str, description: str) -> argparse.Namespace:
    """``--out FOLDER`` (default ``results/<name>``) and ``--quick`` (a coarse grid, for tests)."""
    parser = argparse.ArgumentParser(prog=f"python experiments/{name}.py", description=description)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / name)
    parser.add_argument("--quick", action="store_true", help="coarse grid, fewer runs")
    return parser.parse_args()


MARKDOWN_ROWS = 60
"""Tables longer than this are written as CSV only (a Markdown copy would not be read)."""


def write_table(table, folder: Path, name: str, digits: int = 4) -> list[Path]:
    """Write a pandas table as ``name.csv`` (full precision) and, if it is short, ``name.md``
    (rounded to ``digits`` significant digits)."""
    folder.mkdir(parents=True, exist_ok=True)
    csv, md = folder / f"{name}.csv", folder / f"{name}.md"
    table.to_csv(csv, index=False)
    if len(table) > MARKDOWN_ROWS:
        md.unlink(missing_ok=True)
        return [csv]
    md.write_text(markdown_table(table, digits) + "\n", encoding="utf-8")
    return [csv, md]


def markdown_table(table, digits: int = 4) -> str:
    """A pandas table as a GitHub Markdown table, floats rounded to ``digits`` significant."""

    def cell(value) -> str:
        if isinstance(value, float):
            return "" if value != value else f"{value:.{digits}g}"
        return str(value)

    header = "| " + " | ".join(map(str, table.columns)) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join([header, rule, *rows])


def save(figure, folder: Path, name: str) -> list[Path]:
    """Write a figure as ``name.png`` and ``name.pdf``."""
    from sim.plots import save_figure

    return save_figure(figure, folder / name, ["png", "pdf"])


def write_manifest(folder: Path, started: str, extra: dict | None = None) -> Path:
    """``manifest.json``: the command line, versions, git commit and times."""
    from sim.output.folder import write_json
    from sim.output.manifest import git_commit, package_versions, utc_now

    manifest = {
        "command": " ".join(["python", *[_relative(a) for a in sys.argv]]),
        "started": started,
        "finished": utc_now(),
        "git_commit": git_commit(ROOT),
        "versions": package_versions(),
        **(extra or {}),
    }
    path = folder / "manifest.json"
    write_json(path, manifest)
    return path


def _relative(argument: str) -> str:
    try:
        return str(Path(argument).resolve().relative_to(ROOT))
    except ValueError:
        return argument


def is_nash(model, row, col, relative: float = 1e-9) -> bool:
    """Whether neither side gains by any deviation from the profile's start (a Nash
    equilibrium of the repeated game): each side's best response
    (:func:`sim.play.checks.best_response`, a Markov decision problem) is worth no more than
    the profile itself (:func:`sim.play.checks.profile_values`)."""
    from sim.play.checks import best_response, profile_values

    value = profile_values(model, row, col)
    gains = (
        best_response(model, col, 0).payoff - value[0],
        best_response(model, row, 1).payoff - value[1],
    )
    scale = max(1.0, float(abs(value).max()))
    return all(gain <= relative * scale for gain in gains)


def nash_threshold(model, row, col, steps: int = 30) -> float | None:
    """Smallest discount factor from which on the profile is a Nash equilibrium.

    Bisection on ``delta`` in ``(0, 1)`` with :func:`is_nash`, assuming (as for the classic
    trigger strategies) that the profile stays an equilibrium once it is one. ``None`` if it
    is not an equilibrium at ``delta = 1 - 1e-6``; ``0.0`` if it is one at ``1e-6``.
    """
    if not is_nash(model.with_discount(1 - 1e-6), row, col):
        return None
    if is_nash(model.with_discount(1e-6), row, col):
        return 0.0
    low, high = 1e-6, 1 - 1e-6
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (
            (low, middle) if is_nash(model.with_discount(middle), row, col) else (middle, high)
        )
    return high
