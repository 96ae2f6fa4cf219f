"""The full report of a scenario (``stabsim run``) rendered as Markdown, and its result folder.

The report is a :class:`~sim.analysis.scenario.ScenarioAnalysis` (or its ``to_dict()``, the
``report.json`` of a result folder); nothing here computes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.analysis.results import results_from_dict
from sim.output.folder import atomic_folder, result_folder_name, write_json
from sim.output.manifest import build_manifest, file_hashes, overridden
from sim.plots.defaults import write_default_figures
from sim.report.html import write_folder_index
from sim.report.play import check_markdown, play_markdown, write_play_csv
from sim.report.stage import stage_markdown
from sim.report.tables import as_data
from sim.report.tournament import tournament_markdown
from sim.scenario.loader import LoadedScenario


def report_markdown(analysis) -> str:
    """The report as Markdown, one part per section present."""
    report = as_data(analysis)
    info = report["scenario"]
    parts = [f"# {info['title']}", "", f"Scenario `{info['name']}` from `{info['path']}`.", ""]
    parts.append(parameters_markdown(report["stage"]["scenario_parameters"]))
    parts.append(stage_markdown(report["stage"]))
    if "play" in report:
        parts += [play_markdown(report["play"]), check_markdown(report["check"])]
    if "tournament" in report:
        parts.append(tournament_markdown(report["tournament"]))
    return "\n".join(parts)


def parameters_markdown(parameters: dict[str, float]) -> str:
    """The parameter values in force as a bullet list."""
    if not parameters:
        return ""
    items = ", ".join(f"{name} = {value:g}" for name, value in parameters.items())
    return f"Parameters: {items}.\n"


def write_result_folder(
    scenario: LoadedScenario,
    analysis,
    markdown: str,
    out: Path,
    started: str,
    argv: list[str] | None = None,
) -> Path:
    """Write ``out/<scenario>/<UTC time>-<hash>-<token>/`` atomically and return its path."""
    report = as_data(analysis)
    name = result_folder_name(scenario.sha256, scenario.parameters)
    final = Path(out) / scenario.name / name
    with atomic_folder(final) as folder:
        (folder / "report.md").write_text(markdown, encoding="utf-8")
        write_json(folder / "report.json", report)
        write_payoff_csvs(report["stage"], folder)
        if "play" in report:
            write_play_csv(report["play"], folder)
        write_default_figures(results_from_dict(report), folder)
        manifest = build_manifest(
            started=started,
            scenario_path=scenario.path,
            scenario_text=scenario.text,
            scenario_sha256=scenario.sha256,
            parameters=scenario.parameters,
            seed=report.get("play", {}).get("seed"),
            overrides=overridden(declared_parameters(scenario), scenario.parameters),
            argv=argv,
        )
        write_folder_index(folder, manifest)
        manifest["files"] = file_hashes(folder)
        write_json(folder / "manifest.json", manifest)
    return final


def declared_parameters(scenario: LoadedScenario) -> dict[str, float]:
    """The parameter values as the scenario file declares them (before any override)."""
    return {name: spec.value for name, spec in scenario.model.parameters.items()}


def write_payoff_csvs(stage: dict[str, Any], folder: Path) -> None:
    """``payoffs_<player>.csv`` for each player: rows and columns named by action."""
    import pandas as pd

    row_actions, col_actions = stage["actions"]
    for player, matrix in zip(stage["players"], stage["payoffs"], strict=True):
        table = pd.DataFrame(matrix, index=row_actions, columns=col_actions)
        table.index.name = f"{stage['players'][0]} \\ {stage['players'][1]}"
        table.to_csv(folder / f"payoffs_{_slug(player)}.csv")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_").lower() or "player"
