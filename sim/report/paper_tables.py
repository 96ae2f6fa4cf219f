"""Tables for papers from a result folder: ``stabsim table`` (render only).

Each table is built from a result folder's ``report.json`` (or a sweep folder's table) as
labelled records and written as booktabs LaTeX (:mod:`sim.report.latex`), Markdown or CSV.
Nothing is computed here beyond arranging the numbers the analyses stored.

Tables: ``stage`` (the bimatrix), ``equilibria`` (each Nash equilibrium with its support
and payoffs), ``play`` (exact expected payoffs and the treaty's end), ``tournament`` (the
round-robin table, per-round payoffs); ``sweep`` (each numeric outcome's distribution
over a sweep's points, :func:`sim.sweep.folder_table.sweep_summary`) is rendered by
:func:`render`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from sim.errors import ScenarioError
from sim.report.latex import bimatrix_latex, escape, records_latex

TABLES = ("stage", "equilibria", "play", "tournament", "sweep")
FORMATS = ("latex", "markdown", "csv")


def folder_table(folder: str | Path, table: str, form: str = "latex") -> str:
    """Table ``table`` of a result or sweep folder in format ``form``."""
    folder = Path(folder)
    report = _report(folder)
    if table not in report and table != "equilibria":
        raise ScenarioError(f"the report has no {table} section", str(folder / "report.json"))
    if table == "stage":
        return _stage(report["stage"], form)
    builders = {"equilibria": equilibrium_records, "play": play_records}
    builders["tournament"] = tournament_records
    section = report["stage"] if table == "equilibria" else report[table]
    try:
        records = builders[table](section)
    except (KeyError, TypeError, IndexError) as exc:
        raise ScenarioError(
            f"garbled {table} section ({exc})", str(folder / "report.json")
        ) from None
    return render(records, form, caption=f"{report['scenario']['title']}: {table}")


def equilibrium_records(stage: dict) -> list[dict]:
    """One record per Nash equilibrium: each side's mixture, payoffs, and kind."""
    players = stage["players"]
    records = []
    for k, eq in enumerate(stage["equilibria"], start=1):
        mixes = [
            _mixture(actions, p)
            for actions, p in zip(stage["actions"], eq["strategies"], strict=True)
        ]
        records.append({
            "equilibrium": k,
            players[0]: mixes[0],
            players[1]: mixes[1],
            f"{players[0]} payoff": eq["payoffs"][0],
            f"{players[1]} payoff": eq["payoffs"][1],
            "kind": "pure" + (", strict" if eq.get("strict") else "") if eq["pure"] else "mixed",
        })  # fmt: skip
    return records


def play_records(play: dict) -> list[dict]:
    """The exact outcomes of iterated play: payoffs per player, and the treaty's end."""
    exact, players = play["exact"], play["players"]
    rows = [
        {"quantity": f"expected discounted payoff, {players[0]}", "value": exact["payoffs"]["row"]},
        {"quantity": f"expected discounted payoff, {players[1]}", "value": exact["payoffs"]["col"]},
        {"quantity": "probability the treaty ends", "value": exact["end_probability"]},
        {"quantity": f"... by a move of {players[0]}", "value": exact["ended_by"]["row"]},
        {"quantity": f"... by a move of {players[1]}", "value": exact["ended_by"]["col"]},
        {"quantity": "expected rounds in force", "value": exact["expected_rounds_in_force"]},
    ]
    return rows


def tournament_records(tournament: dict) -> list[dict]:
    """The round-robin table: one row per row strategy, cells ``row, column`` per round."""
    rows, cols = tournament["pools"]
    cells = {(e["row"]["index"], e["col"]["index"]): e for e in tournament["table"]}
    records = []
    for i, name in enumerate(rows):
        record = {"strategy": name}
        for j, other in enumerate(cols):
            entry = cells[(i, j)]
            record[other] = (
                f"{entry['row_payoff_per_round']:.3g}, {entry['col_payoff_per_round']:.3g}"
            )
        records.append(record)
    return records


def render(records: list[dict], form: str, caption: str | None = None) -> str:
    """Records as LaTeX (booktabs), Markdown (a pipe table) or CSV."""
    if form == "latex":
        return records_latex(records, caption=caption)
    columns = list(records[0])
    if form == "csv":
        import pandas as pd

        buffer = io.StringIO()
        pd.DataFrame(records, columns=columns).to_csv(buffer, index=False)
        return buffer.getvalue()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for record in records:
        lines.append("| " + " | ".join(_text(record.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def _stage(stage: dict, form: str) -> str:
    players, actions = stage["players"], stage["actions"]
    row, col = stage["payoffs"]
    if form == "latex":
        marked = [
            (actions[0].index(a), actions[1].index(b)) for a, b in stage.get("pure_equilibria", [])
        ]
        return bimatrix_latex(players, actions, row, col, marked=marked)
    records = []
    for i, a in enumerate(actions[0]):
        record = {f"{players[0]} \\ {players[1]}": a}
        for j, b in enumerate(actions[1]):
            record[b] = f"{_text(row[i][j])}, {_text(col[i][j])}"
        records.append(record)
    return render(records, form)


def _mixture(actions: list[str], probabilities: list[float]) -> str:
    parts = [(a, p) for a, p in zip(actions, probabilities, strict=True) if p > 0]
    if len(parts) == 1:
        return parts[0][0]
    return " + ".join(f"{p:.4g} {a}" for a, p in parts)


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def _report(folder: Path) -> dict:
    path = folder / "report.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError("not a result folder (no report.json)", str(folder)) from None
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"not readable JSON ({exc})", str(path)) from None
    if not isinstance(data, dict) or "stage" not in data or "scenario" not in data:
        raise ScenarioError("not a stabsim report (no stage section)", str(path))
    return data


__all__ = ["TABLES", "FORMATS", "folder_table", "render", "escape"]
