"""Commands on strategy pools: tournament, evolve."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError
from sim.cli.app import app, load_with_overrides, renamed, show
from sim.cli.options import (
    JsonOption,
    LegacyMethod,
    Pairing,
    PairingOption,
    PoolOption,
    RoundsOption,
    RunsOption,
    ScenarioFile,
    SeedOption,
    SetOption,
)
from sim.cli.progress import progress_bars


class Dynamics(StrEnum):
    """The evolutionary or learning dynamics of ``stabsim evolve``."""

    replicator = "replicator"
    moran = "moran"
    fictitious = "fictitious"
    logit = "logit"


def _pairing(method: Pairing | None, legacy: str | None) -> str | None:
    chosen = renamed(method, legacy, "--pairing")
    return chosen.value if isinstance(chosen, Pairing) else chosen


@app.command()
def tournament(
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: PairingOption = None,
    legacy_method: LegacyMethod = None,
    rounds: RoundsOption = None,
    runs: RunsOption = None,
    seed: SeedOption = None,
) -> None:
    """Round robin of the row pool against the column pool, and its meta-game.

    --runs and --seed apply to sampled pairings (--pairing monte_carlo).
    """
    from sim import split_pool, tournament_markdown
    from sim import tournament as play_tournament

    scenario = load_with_overrides(file, overrides)
    pools = split_pool(row_pool), split_pool(col_pool)
    pairing = _pairing(method, legacy_method)
    with progress_bars(json_):
        section = play_tournament(scenario, *pools, pairing, rounds=rounds, runs=runs, seed=seed)
    show(section.to_dict(), json_, tournament_markdown)


@app.command()
def evolve(
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    dynamics: Annotated[
        Dynamics,
        typer.Option(
            help="replicator, moran (on the tournament table); fictitious, logit (on the stage "
            "game)."
        ),
    ] = Dynamics.replicator,
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: PairingOption = None,
    legacy_method: LegacyMethod = None,
    rounds: RoundsOption = None,
    runs: RunsOption = None,
    seed: SeedOption = None,
    figure: Annotated[
        Path | None,
        typer.Option(
            "--figure",
            help="Also draw the replicator path or the Moran fixation table into this file "
            "(.pdf, .png or .svg).",
        ),
    ] = None,
) -> None:
    """Evolutionary and learning dynamics: which strategies spread, where learning leads.

    --rounds, --runs and --seed are those of the tournament table (--runs and --seed apply
    to sampled pairings, --pairing monte_carlo) and --runs and --seed also those of the
    Moran process's simulated check.
    """
    from sim import evolve as run_dynamics
    from sim import evolve_markdown, split_pool

    scenario = load_with_overrides(file, overrides)
    pools = split_pool(row_pool), split_pool(col_pool)
    sampling = {"rounds": rounds, "runs": runs, "seed": seed}
    pairing = _pairing(method, legacy_method)
    if figure is not None:
        _check_figure(figure, dynamics.value)
    with progress_bars(json_):
        section = run_dynamics(scenario, dynamics.value, *pools, pairing, **sampling)
    if figure is not None:
        _draw_dynamics(section, figure, dynamics.value)
    show(section.to_dict(), json_, evolve_markdown)


def _check_figure(path: Path, dynamics: str) -> None:
    """Refuse a figure that cannot be drawn before anything is computed."""
    if path.suffix.lstrip(".").lower() not in ("pdf", "png", "svg"):
        raise OptionError(f"{path.name!r}: the figure's file ends in .pdf, .png or .svg",
                          "figure")  # fmt: skip
    if dynamics not in ("replicator", "moran"):
        raise OptionError(f"no figure for the {dynamics} dynamics (replicator, moran)", "figure")


def _draw_dynamics(section, path: Path, dynamics: str) -> None:
    from sim import dynamics_figure, save_figure

    save_figure(dynamics_figure(section), path.with_suffix(""), [path.suffix.lstrip(".").lower()])
