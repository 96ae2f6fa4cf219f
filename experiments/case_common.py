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


def is_nash(model, row, col, monitoring: str = "perfect") -> bool:
    """Whether the profile is a Nash equilibrium of the repeated game at the model's discount
    factor: neither side's best deviation (a Markov decision problem,
    :mod:`sim.repeated.deviation`) beats the profile, near ties decided exactly."""
    from sim.repeated.nash import NashProblem
    from sim.repeated.perfection import OneShotProblem

    problem = NashProblem(OneShotProblem(model, row, col, monitoring))
    return problem.holds(float(model.discount * model.continuation))


def nash_threshold(model, row, col) -> float | None:
    """Lower end of the interval of the Nash set that reaches 1 (``None`` if none does).

    The whole set, which need not be one interval, is :func:`sim.play.checks.nash_set`; a
    profile that is an equilibrium only below some discount factor has no threshold.
    """
    from sim.play.checks import nash_set

    return nash_set(model, row, col).threshold


def set_columns(result, prefix: str = "") -> dict:
    """A discount-factor set as table columns: its text, its intervals (JSON) and the lower
    end of an interval reaching 1 (empty if none)."""
    import json

    intervals = [[low, high] for low, high in result.intervals]
    return {
        f"{prefix}set": result.text,
        f"{prefix}intervals": json.dumps(intervals),
        f"{prefix}threshold": result.threshold,
    }
