"""The default figures of a result folder (``stabsim run``) or a sweep folder (``stabsim sweep``).

Figures are drawn from result objects, never from the files' raw keys: a run's
:class:`~sim.analysis.scenario.ScenarioAnalysis` (live, or read back from ``report.json``
by :func:`sim.read_results`) gives the stage game's payoff matrix and its logit QRE path,
iterated play (survival and action frequencies per round, exact curves over Monte Carlo
bands) and the tournament table of each side, with its best responses outlined. A sweep's
:class:`~sim.sweep.folder_table.SweepTable` (``results.parquet`` and ``manifest.json``)
that is a grid over two or more parameters gets the maps of :mod:`sim.plots.sweep_folder`.
Figures are written to ``<folder>/figures/<name>.<format>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import OptionError, StabsimError
from sim.plots.sweep_folder import sweep_figures, sweep_notes

__all__ = ["report_figures", "result_figures", "result_notes", "sweep_figures",
           "write_default_figures", "write_figures"]  # fmt: skip

FIGURE_FOLDER = "figures"
FORMATS = ("pdf", "png", "svg")
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
    slices: Mapping[str, float] | None = None,
    scales: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Path]:
    """Draw the figures ``names`` (default: all) of a folder's results into the folder.

    ``results`` is what :func:`sim.read_results` gives for ``folder``; ``slices`` chooses
    the value of each sweep parameter beyond the first two (default: its first value), as
    in :func:`sim.plots.sweep_folder.sweep_figures`, and ``scales`` a sweep outcome's colour
    limits and contour levels there. A figure that cannot
    be drawn from garbled data (non-finite payoffs, say) is refused in one line, and
    nothing is written: the figures are drawn into a temporary folder and moved when all
    are done.
    """
    folder = Path(folder)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise OptionError(f"unknown format {bad[0]!r} (one of {', '.join(FORMATS)})", "formats")
    figures = result_figures(results, folder, slices, scales)
    if not figures and not names:
        raise StabsimError("the folder's results have no section with a figure", str(folder))
    return _write_atomically(figures, folder / FIGURE_FOLDER, names, formats, folder)


def result_figures(
    results,
    folder: Path,
    slices: Mapping[str, float] | None = None,
    scales: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Callable[[], Any]]:
    """The figures available for a folder's results (a run's report or a sweep's table)."""
    folder = Path(folder)
    if _is_sweep(results):
        figures = sweep_figures(results.table, results.manifest, slices, scales)
        return _guarded(figures, folder / "results.parquet")
    return _guarded(report_figures(results), folder / "report.json")


def result_notes(results, slices: Mapping[str, float] | None = None) -> list[str]:
    """What a folder's figures leave out: a sweep's slice and its constant outcomes."""
    return sweep_notes(results.table, results.manifest, slices) if _is_sweep(results) else []


def _is_sweep(results) -> bool:
    return hasattr(results, "table") and hasattr(results, "manifest")


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
        if len(stage.qre.precision):
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
