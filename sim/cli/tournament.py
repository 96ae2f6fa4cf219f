"""Commands on strategy pools: tournament, evolve."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

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
    with progress_bars(json_):
        section = run_dynamics(scenario, dynamics.value, *pools, pairing, **sampling)
    show(section.to_dict(), json_, evolve_markdown)
