"""Tables for papers from a result folder: ``stabsim table`` (render only).

Each table is drawn from the result objects a folder reads back into
(:func:`sim.readback.read_results`: a :class:`~sim.analysis.scenario.ScenarioAnalysis`
whose stage is a :class:`~sim.equilibria.stage.StageAnalysis`, its play a
:class:`~sim.play.results.StoredPlay`, its tournament a
:class:`~sim.evolution.results.StoredTournament`), arranged as labelled records and
written as booktabs LaTeX (:mod:`sim.report.latex`), Markdown or CSV. Nothing is computed
here beyond arranging the numbers the analyses stored.

Tables: ``stage`` (the bimatrix), ``equilibria`` (each Nash equilibrium with its support
and payoffs), ``play`` (exact expected payoffs and the treaty's end), ``tournament`` (the
round-robin table, per-round payoffs); ``sweep`` (each numeric outcome's distribution
over a sweep's points, :func:`sim.sweep.folder_table.sweep_summary`) is rendered by
:func:`render`.
"""

from __future__ import annotations

import io
from pathlib import Path

from sim.errors import ScenarioError
from sim.report.latex import bimatrix_latex, escape, records_latex

TABLES = ("stage", "equilibria", "play", "tournament", "sweep")
FORMATS = ("latex", "markdown", "csv")


def folder_table(folder: str | Path, table: str, form: str = "latex") -> str:
    """Table ``table`` of a result folder in format ``form``, drawn from the result
    objects the folder reads back into (:func:`results_table`)."""
    from sim.readback import read_results

    folder = Path(folder)
    if not (folder / "report.json").is_file():
        raise ScenarioError("not a result folder (no report.json)", str(folder))
    return results_table(read_results(folder), table, form, str(folder / "report.json"))


def results_table(results, table: str, form: str = "latex", source: str = "report.json") -> str:
    """Table ``table`` of a run's results (a ``ScenarioAnalysis``) in format ``form``;
    ``source`` names the file in errors."""
    if results.stage is None or not results.scenario:
        raise ScenarioError("not a stabsim report (no stage section)", source)
    if table == "stage":
        return _stage(results.stage, form)
    builders = {"equilibria": equilibrium_records, "play": play_records}
    builders["tournament"] = tournament_records
    sections = {"equilibria": results.stage, **results.sections()}
    if sections.get(table) is None:
        raise ScenarioError(f"the report has no {table} section", source)
    try:
        records = builders[table](sections[table])
    except (KeyError, TypeError, IndexError) as exc:
        raise ScenarioError(f"garbled {table} section ({exc})", source) from None
    return render(records, form, caption=f"{results.scenario['title']}: {table}")


def equilibrium_records(stage) -> list[dict]:
    """One record per Nash equilibrium of a ``StageAnalysis``: each side's mixture,
    payoffs, and kind (the ``pure`` and ``strict`` flags of its ``to_dict()``)."""
    players, found = stage.players, stage.equilibria
    flags = stage.to_dict()["equilibria"]
    records = []
    for k, eq in enumerate(flags):
        mixes = [
            _mixture(actions, part.tolist())
            for actions, part in zip(stage.actions, (found.row[k], found.col[k]), strict=True)
        ]
        row_payoff, col_payoff = found.payoffs[k].tolist()
        records.append({
            "equilibrium": k + 1,
            players[0]: mixes[0],
            players[1]: mixes[1],
            f"{players[0]} payoff": row_payoff,
            f"{players[1]} payoff": col_payoff,
            "kind": "pure" + (", strict" if eq.get("strict") else "") if eq["pure"] else "mixed",
        })  # fmt: skip
    return records


def play_records(play) -> list[dict]:
    """The exact outcomes of iterated play (a ``StoredPlay``): payoffs per player, and the
    treaty's end."""
    exact, players = play.content["exact"], play.players
    rows = [
        {"quantity": f"expected discounted payoff, {players[0]}", "value": exact["payoffs"]["row"]},
        {"quantity": f"expected discounted payoff, {players[1]}", "value": exact["payoffs"]["col"]},
        {"quantity": "probability the treaty ends", "value": exact["end_probability"]},
        {"quantity": f"... by a move of {players[0]}", "value": exact["ended_by"]["row"]},
        {"quantity": f"... by a move of {players[1]}", "value": exact["ended_by"]["col"]},
        {"quantity": "expected rounds in force", "value": exact["expected_rounds_in_force"]},
    ]
    return rows


def tournament_records(tournament) -> list[dict]:
    """The round-robin table of a ``StoredTournament``: one row per row strategy, cells
    ``row, column`` payoff per round (the sampled mean where the table was sampled)."""
    rows, cols = tournament.pools
    row_values, col_values = (values.tolist() for values in tournament.per_round)
    records = []
    for i, name in enumerate(rows):
        record = {"strategy": name}
        for j, other in enumerate(cols):
            record[other] = f"{row_values[i][j]:.3g}, {col_values[i][j]:.3g}"
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


def _stage(stage, form: str) -> str:
    """The bimatrix of a ``StageAnalysis``, its pure equilibria in bold (LaTeX)."""
    players, actions = list(stage.players), [list(a) for a in stage.actions]
    row, col = stage.row_payoffs.tolist(), stage.col_payoffs.tolist()
    if form == "latex":
        return bimatrix_latex(players, actions, row, col, marked=list(stage.pure))
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


__all__ = ["TABLES", "FORMATS", "folder_table", "results_table", "render", "escape"]
