"""The default figures of a result folder (``stabsim run``) or a sweep folder (``stabsim sweep``).

Figures are drawn from result objects, never from the files' raw keys: a run's
:class:`~sim.analysis.scenario.ScenarioAnalysis` (live, or read back from ``report.json``
by :func:`sim.read_results`) gives the stage game's payoff matrix and its logit QRE path,
iterated play (survival and action frequencies per round, exact curves over Monte Carlo
bands) and the tournament table of each side, with its best responses outlined. A sweep's
:class:`~sim.sweep.folder_table.SweepTable` (``results.parquet`` and ``manifest.json``)
that is a grid over two or more parameters gets a regime map and one heatmap per numeric
outcome, over the first two parameters that vary (the others held at their first value,
said in the title). Figures are written to ``<folder>/figures/<name>.<format>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import OptionError, StabsimError

FIGURE_FOLDER = "figures"
FORMATS = ("pdf", "png", "svg")
SKIPPED_COLUMNS = {"point", "seed", "regime_code"}
ONE_COLUMN_CELLS = 5
"""Tables of at most this many columns are drawn one column wide, wider ones two."""


def write_default_figures(
    results, folder: Path, formats: Sequence[str] = ("pdf", "png")
) -> list[Path]:
    """Draw every figure a run's results (a :class:`~sim.analysis.scenario.ScenarioAnalysis`)
    have data for into ``folder/figures``; return the paths."""
    return _write(report_figures(results), Path(folder) / FIGURE_FOLDER, None, formats)


def write_figures(
    results,
    folder: Path,
    names: Sequence[str] | None = None,
    formats: Sequence[str] = ("pdf", "png"),
) -> list[Path]:
    """Draw the figures ``names`` (default: all) of a folder's results into the folder.

    ``results`` is what :func:`sim.read_results` gives for ``folder``. A figure that cannot
    be drawn from garbled data (non-finite payoffs, say) is refused in one line, and
    nothing is written: the figures are drawn into a temporary folder and moved when all
    are done.
    """
    folder = Path(folder)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise OptionError(f"unknown format {bad[0]!r} (one of {', '.join(FORMATS)})", "formats")
    figures = result_figures(results, folder)
    if not figures and not names:
        raise StabsimError("the folder's results have no section with a figure", str(folder))
    return _write_atomically(figures, folder / FIGURE_FOLDER, names, formats, folder)


def result_figures(results, folder: Path) -> dict[str, Callable[[], Any]]:
    """The figures available for a folder's results (a run's report or a sweep's table)."""
    folder = Path(folder)
    if hasattr(results, "table") and hasattr(results, "manifest"):
        figures = sweep_figures(results.table, results.manifest)
        return _guarded(figures, folder / "results.parquet")
    return _guarded(report_figures(results), folder / "report.json")


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


def report_figures(results) -> dict[str, Callable[[], Any]]:
    """Figure makers for the sections of a run's results (a ``ScenarioAnalysis``)."""
    figures: dict[str, Callable[[], Any]] = {}
    stage = results.stage
    if stage is not None:
        title = results.scenario.get("title")
        figures["payoff_matrix"] = lambda: _payoff_matrix(stage, title)
        figures["qre_path"] = lambda: _qre_path(stage)
    play = results.play
    if play is not None and len(play.per_round):
        figures["play"] = lambda: _play(play)
    tournament = results.tournament
    if tournament is not None:
        for side, name in enumerate(("tournament_row", "tournament_col")):
            figures[name] = _tournament_maker(tournament, side)
    return figures


def _payoff_matrix(stage, title: str | None):
    """The payoff matrix of a :class:`~sim.equilibria.stage.StageAnalysis`, its pure
    equilibria outlined and its mixed ones listed."""
    from sim.plots.payoff_matrix import payoff_matrix_figure

    found = stage.equilibria
    mixed = [
        (found.row[k], found.col[k])
        for k in range(len(found))
        if any(len(part) > 1 for part in stage.support(k))
    ]
    return payoff_matrix_figure(
        stage.row_payoffs, stage.col_payoffs, stage.actions, stage.players, list(stage.pure),
        mixed, title=title,
    )  # fmt: skip


def _qre_path(stage):
    from sim.plots.qre import qre_path_figure

    qre = stage.qre
    return qre_path_figure(
        qre.precision, qre.row, qre.col, stage.actions, stage.players,
        limit=(qre.row[-1], qre.col[-1]),
    )  # fmt: skip


def _play(play):
    """Exact per-round curves of a :class:`~sim.play.results.StoredPlay`; Monte Carlo bands
    where it has per-round estimates."""
    from sim.plots.play import play_figure

    rounds = np.asarray(play.per_round["round"]) + 1

    def curve(key: str) -> dict[str, np.ndarray]:
        result = {"exact": np.asarray(play.per_round[key], dtype=float)}
        if key in play.sampled:
            result.update(zip(("mean", "low", "high"), play.sampled[key].T, strict=True))
        return result

    actions = {
        player: {a: curve(f"{prefix}_{a}") for a in names if f"{prefix}_{a}" in play.per_round}
        for player, names, prefix in zip(play.players, play.actions, ("row", "col"), strict=True)
    }
    label = f"Monte Carlo 95% band ({play.runs} runs)" if play.runs else "Monte Carlo 95% band"
    return play_figure(rounds, curve("survival"), actions, band_label=label)


def _tournament_maker(tournament, side: int):
    """The table of a :class:`~sim.evolution.results.StoredTournament` from one side."""

    def draw():
        from sim.plots.table import table_heatmap_figure

        players, pools = tournament.players, tournament.pools
        return table_heatmap_figure(
            tournament.per_round[side], pools[0], pools[1],
            value_label=f"{players[side]}'s payoff per round", row_title=players[0],
            col_title=players[1], highlight=tournament.best_responses[side],
            highlight_label=f"{players[side]}'s best response",
            width="one" if len(pools[1]) <= ONE_COLUMN_CELLS else "two",
        )  # fmt: skip

    return draw


# -- sweep folders (results.parquet) ----------------------------------------------------


def sweep_figures(table, manifest: Mapping[str, Any]) -> dict[str, Callable[[], Any]]:
    """Figure makers for a sweep table: a regime map and one heatmap per numeric outcome.

    Only a grid over at least two varying parameters is drawn (other designs give no map).
    """
    sweep = manifest.get("sweep", {})
    parameters = [p for p in sweep.get("parameters", {}) if p in table.columns]
    if not parameters:
        parameters = [c for c in table.columns if c.startswith("param_")]
    varying = [p for p in parameters if table[p].nunique() > 1]
    if len(varying) < 2 or sweep.get("design", "grid") != "grid":
        return {}
    x_name, y_name = varying[:2]
    table, fixed = _hold_others(table, [p for p in varying[2:]])
    figures: dict[str, Callable[[], Any]] = {}
    if "regime" in table.columns:
        figures["regime_map"] = lambda: _regime_map(table, x_name, y_name, fixed)
    overlays = _critical_discount_overlays(table, manifest, x_name, y_name)
    for column in table.columns:
        if column in parameters or column in SKIPPED_COLUMNS or column == "regime":
            continue
        if table[column].dtype.kind in "biuf":
            figures[f"heatmap_{column}"] = _heatmap_maker(
                table, x_name, y_name, column, fixed, overlays.get(column, overlays.get("*", {}))
            )
    return figures


def discount_parameter(manifest: Mapping[str, Any]) -> str | None:
    """The scenario parameter that sets the discount factor (``[play] discount = "NAME"``)."""
    import tomllib

    text = manifest.get("scenario", {}).get("text")
    if not text:
        return None
    try:
        play = tomllib.loads(text).get("play", {})
    except tomllib.TOMLDecodeError:
        return None
    name = play.get("discount")
    return name if isinstance(name, str) and name.isidentifier() else None


def _critical_discount_overlays(table, manifest, x_name: str, y_name: str) -> dict[str, dict]:
    """Where the critical discount factor applies, how to show it on the heatmaps.

    With the discount factor on the y axis, every heatmap gets the curve ``delta*(x)``;
    otherwise the heatmap of ``critical_discount`` gets a contour at the scenario's own
    discount factor (the edge of the region where the profile is subgame perfect).
    """
    if "critical_discount" not in table.columns:
        return {}
    discount = discount_parameter(manifest)
    if discount is not None and discount == y_name:
        by_x = table.groupby(x_name)["critical_discount"].first().sort_index()
        curve = {"x": by_x.index.to_numpy(float), "y": by_x.to_numpy(float),
                 "label": "critical discount factor"}  # fmt: skip
        return {"*": {"curve": curve}}
    value = manifest.get("parameters", {}).get(discount) if discount else None
    values = table["critical_discount"].astype(float)
    if value is not None and values.min() < value < values.max():
        return {"critical_discount": {"contour_levels": [float(value)]}}
    return {}


def _hold_others(table, others: list[str]):
    fixed = {}
    for name in others:
        value = sorted(table[name].unique())[0]
        table = table[table[name] == value]
        fixed[name] = value
    return table, fixed


def _grid(table, x_name: str, y_name: str, column: str):
    pivot = table.pivot_table(index=y_name, columns=x_name, values=column, aggfunc="first")
    pivot = pivot.sort_index().sort_index(axis=1)
    return pivot.columns.to_numpy(float), pivot.index.to_numpy(float), pivot.to_numpy()


def _fixed_note(fixed: Mapping[str, Any]) -> str | None:
    if not fixed:
        return None
    return "at " + ", ".join(f"{k} = {v:g}" for k, v in fixed.items())


def _regime_map(table, x_name, y_name, fixed):
    from sim.plots.regimes import regime_map_figure

    x, y, regimes = _grid(table, x_name, y_name, "regime")
    regimes = np.where(regimes == None, "not computed", regimes)  # noqa: E711
    return regime_map_figure(x, y, regimes, x_name, y_name, title=_fixed_note(fixed))


def _heatmap_maker(table, x_name, y_name, column, fixed, overlay: Mapping[str, Any]):
    def draw():
        from sim.plots.regimes import outcome_heatmap_figure

        numeric = table.assign(**{column: table[column].astype(float)})
        x, y, values = _grid(numeric, x_name, y_name, column)
        return outcome_heatmap_figure(
            x, y, values.astype(float), x_name, y_name, column.replace("_", " "),
            title=_fixed_note(fixed), missing_label="not defined", **overlay,
        )  # fmt: skip

    return draw
