"""The default figures of a result folder (``stabsim run``) or a sweep folder (``stabsim sweep``).

A result folder holds ``report.json`` (the ``to_dict()`` of a
:class:`~sim.analysis.scenario.ScenarioAnalysis`); each section of the report that has a
figure gets one, drawn from the numbers the result carries: the stage game's payoff matrix
and its logit QRE path, iterated play (survival and action frequencies per round, exact
curves over Monte Carlo bands) and the tournament table of each side, with its best
responses outlined. A sweep folder holds ``results.parquet`` and ``manifest.json``; its
maps are drawn by :mod:`sim.plots.sweep_folder`. Figures are written to
``<folder>/figures/<name>.<format>``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import OptionError, StabsimError
from sim.plots.sweep_folder import sweep_figures, sweep_notes

__all__ = ["folder_figures", "folder_notes", "report_figures", "sweep_figures",
           "write_default_figures", "write_figures"]  # fmt: skip

FIGURE_FOLDER = "figures"
FORMATS = ("pdf", "png", "svg")
ONE_COLUMN_CELLS = 5
"""Tables of at most this many columns are drawn one column wide, wider ones two."""


def write_default_figures(
    report: Mapping[str, Any], folder: Path, formats: Sequence[str] = ("pdf", "png")
) -> list[Path]:
    """Draw every figure the report has data for into ``folder/figures``; return the paths."""
    return _write(report_figures(report), Path(folder) / FIGURE_FOLDER, None, formats)


def write_figures(
    folder: Path,
    names: Sequence[str] | None = None,
    formats: Sequence[str] = ("pdf", "png"),
    slices: Mapping[str, float] | None = None,
) -> list[Path]:
    """Draw the figures ``names`` (default: all) of a result or sweep folder into it.

    ``slices`` chooses the value of each sweep parameter beyond the first two (default: its
    first value). A folder whose files are corrupt (unreadable Parquet, a report that is
    not a JSON object, a garbled section, non-finite payoffs) is refused in one line, and
    nothing is written: the figures are drawn into a temporary folder and moved when all
    are done.
    """
    folder = Path(folder)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise OptionError(f"unknown format {bad[0]!r} (one of {', '.join(FORMATS)})", "formats")
    figures = folder_figures(folder, slices)
    if not figures and not names:
        raise StabsimError("the folder's results have no section with a figure", str(folder))
    return _write_atomically(figures, folder / FIGURE_FOLDER, names, formats, folder)


def folder_figures(
    folder: Path, slices: Mapping[str, float] | None = None
) -> dict[str, Callable[[], Any]]:
    """The figures available for a result folder or a sweep folder, by name."""
    folder = Path(folder)
    if (folder / "report.json").is_file():
        report = _read_json(folder / "report.json")
        try:
            figures = report_figures(report)
        except (AttributeError, TypeError) as exc:
            reason = " ".join(str(exc).split())[:200]
            source = str(folder / "report.json")
            raise StabsimError(f"a garbled section ({reason})", source) from None
        return _guarded(figures, folder / "report.json")
    if (folder / "results.parquet").is_file():
        table, manifest = _sweep_folder(folder)
        return _guarded(sweep_figures(table, manifest, slices), folder / "results.parquet")
    raise StabsimError("neither report.json nor results.parquet: not a result folder", str(folder))


def folder_notes(folder: Path, slices: Mapping[str, float] | None = None) -> list[str]:
    """What the figures of a folder leave out (a sweep's slice, its constant outcomes)."""
    folder = Path(folder)
    if (folder / "report.json").is_file() or not (folder / "results.parquet").is_file():
        return []
    return sweep_notes(*_sweep_folder(folder), slices)


def _sweep_folder(folder: Path):
    manifest_path = folder / "manifest.json"
    manifest = _read_json(manifest_path) if manifest_path.is_file() else {}
    return _read_table(folder / "results.parquet"), manifest


def _read_json(path: Path) -> dict:
    """A JSON object from a result folder; NaN, infinities and other top levels are refused."""
    from sim.scenario.loader import read_text

    def refuse_constant(name: str):
        raise ValueError(f"holds {name}, not a finite number")

    text = read_text(path, "JSON")
    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise StabsimError(f"not valid JSON: {exc.msg} (line {exc.lineno})", str(path)) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StabsimError(f"not a stabsim result: {reason}", str(path)) from None
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("NoneType", "null")
        raise StabsimError(f"not a stabsim result: the top level is a {kind}", str(path))
    return data


def _read_table(path: Path):
    import pandas as pd
    import pyarrow as pa

    try:
        return pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise StabsimError(f"not a readable Parquet table: {reason}", str(path)) from None


def _guarded(figures: dict[str, Callable[[], Any]], source: Path) -> dict[str, Callable[[], Any]]:
    """Figure makers whose failures on garbled data are one-line errors naming the file."""

    def guard(name: str, draw: Callable[[], Any]) -> Callable[[], Any]:
        def guarded_draw():
            try:
                return draw()
            except StabsimError:
                raise
            except (KeyError, TypeError, ValueError, IndexError, AttributeError,
                    ArithmeticError, np.linalg.LinAlgError) as exc:  # fmt: skip
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                raise StabsimError(f"cannot draw {name!r} from garbled data ({reason})",
                                   str(source)) from None  # fmt: skip

        return guarded_draw

    return {name: guard(name, draw) for name, draw in figures.items()}


def _write_atomically(figures, target: Path, names, formats, folder: Path) -> list[Path]:
    """Draw into a temporary sibling of ``target``; move the files in when all are drawn."""
    import os
    import shutil

    from sim.errors import output_error

    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        drawn = _write(figures, temporary, names, formats)
        target.mkdir(exist_ok=True)
        paths = []
        for path in drawn:
            final = target / path.relative_to(temporary)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, final)
            paths.append(final)
        return paths
    except OSError as exc:
        raise output_error(exc, folder) from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _write(figures, target: Path, names, formats) -> list[Path]:
    from sim.plots.style import save_figure

    if names:
        unknown = [n for n in names if n not in figures]
        if unknown:
            known = ", ".join(figures) or "none"
            raise OptionError(f"no figure {unknown[0]!r} here (available: {known})", "names")
    paths: list[Path] = []
    for name, draw in figures.items():
        if not names or name in names:
            paths += save_figure(draw(), target / name, formats)
    return paths


# -- result folders (report.json) -------------------------------------------------------


def report_figures(report: Mapping[str, Any]) -> dict[str, Callable[[], Any]]:
    """Figure makers for the sections of a ``stabsim run`` report."""
    figures: dict[str, Callable[[], Any]] = {}
    stage = report.get("stage")
    if stage and "payoffs" in stage:
        figures["payoff_matrix"] = lambda: _payoff_matrix(stage, report.get("scenario", {}))
        figures["qre_path"] = lambda: _qre_path(stage)
    play = report.get("play")
    if play and play.get("per_round"):
        figures["play"] = lambda: _play(play)
    tournament = report.get("tournament")
    if tournament and "table" in tournament:
        for side, name in enumerate(("tournament_row", "tournament_col")):
            figures[name] = _tournament_maker(tournament, side)
    return figures


def _payoff_matrix(stage: Mapping[str, Any], scenario: Mapping[str, Any]):
    from sim.plots.payoff_matrix import payoff_matrix_figure

    actions = tuple(tuple(a) for a in stage["actions"])
    index = [{name: k for k, name in enumerate(a)} for a in actions]
    pure = [(index[0][a], index[1][b]) for a, b in stage.get("pure_equilibria", [])]
    mixed = [
        tuple(np.asarray(s, dtype=float) for s in equilibrium["strategies"])
        for equilibrium in stage.get("equilibria", [])
        if not equilibrium["pure"]
    ]
    row, col = (np.asarray(m, dtype=float) for m in stage["payoffs"])
    return payoff_matrix_figure(
        row, col, actions, tuple(stage["players"]), pure, mixed, title=scenario.get("title")
    )


def _qre_path(stage: Mapping[str, Any]):
    from sim.plots.qre import qre_path_figure

    qre = stage["qre"]
    precision = np.asarray(qre["precision"], dtype=float)
    row, col = (np.asarray(qre[side], dtype=float) for side in ("row", "col"))
    actions = tuple(tuple(a) for a in stage["actions"])
    return qre_path_figure(
        precision, row, col, actions, tuple(stage["players"]), limit=(row[-1], col[-1])
    )


def _play(play: Mapping[str, Any]):
    """Exact per-round curves; Monte Carlo bands where the report has per-round estimates."""
    from sim.plots.play import play_figure

    per_round = play["per_round"]
    sampled = play.get("monte_carlo", {}).get("per_round", [])
    rounds = np.array([record["round"] for record in per_round]) + 1
    columns = set(per_round[0]) if per_round else set()

    def curve(key: str) -> dict[str, np.ndarray]:
        result = {"exact": np.array([record[key] for record in per_round], dtype=float)}
        if sampled and key in sampled[0] and sampled[0][key]["ci95"] is not None:
            estimates = [record[key] for record in sampled]
            result.update(
                mean=np.array([e["mean"] for e in estimates], dtype=float),
                low=np.array([e["ci95"][0] for e in estimates], dtype=float),
                high=np.array([e["ci95"][1] for e in estimates], dtype=float),
            )
        return result

    actions = {
        player: {a: curve(f"{prefix}_{a}") for a in names if f"{prefix}_{a}" in columns}
        for player, names, prefix in zip(
            play["players"], play["actions"], ("row", "col"), strict=True
        )
    }
    runs = play.get("monte_carlo", {}).get("runs")
    label = f"Monte Carlo 95% band ({runs} runs)" if runs else "Monte Carlo 95% band"
    return play_figure(rounds, curve("survival"), actions, band_label=label)


def _tournament_maker(tournament: Mapping[str, Any], side: int):
    def draw():
        from sim.plots.table import table_heatmap_figure

        key = ("row", "col")[side]
        players, pools = tournament["players"], tournament["pools"]
        shape = (len(pools[0]), len(pools[1]))
        values, best = np.zeros(shape), np.zeros(shape, dtype=bool)
        for record in tournament["table"]:
            cell = record["row"]["index"], record["col"]["index"]
            payoff = record[f"{key}_payoff_per_round"]
            values[cell] = payoff["mean"] if isinstance(payoff, Mapping) else payoff
            best[cell] = record[f"{key}_best_response"]
        return table_heatmap_figure(
            values, pools[0], pools[1],
            value_label=f"{players[side]}'s payoff per round", row_title=players[0],
            col_title=players[1], highlight=best,
            highlight_label=f"{players[side]}'s best response",
            width="one" if len(pools[1]) <= ONE_COLUMN_CELLS else "two",
        )  # fmt: skip

    return draw
