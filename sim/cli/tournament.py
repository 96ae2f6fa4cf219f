"""Commands on strategy pools: tournament, evolve."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sim.cli.app import (
    JsonOption,
    LegacyMethod,
    RoundsOption,
    RunsOption,
    ScenarioFile,
    SeedOption,
    SetOption,
    app,
    load_with_overrides,
    renamed,
    show,
)


class Pairing(StrEnum):
    """How each pairing of the round robin is played."""

    exact = "exact"
    monte_carlo = "monte_carlo"


class Dynamics(StrEnum):
    """The evolutionary or learning dynamics of ``stabsim evolve``."""

    replicator = "replicator"
    moran = "moran"
    fictitious = "fictitious"
    logit = "logit"


PoolOption = Annotated[
    list[str] | None,
    typer.Option(help="Strategies of a pool, comma-separated or repeated (default: the file's)."),
]
PairingOption = Annotated[
    Pairing | None,
    typer.Option("--pairing", help="How pairings are played (default: the file's, else exact)."),
]


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
    from sim.evolution.tournament import tournament as play_tournament
    from sim.report.tournament import split_pool, tournament_markdown

    scenario = load_with_overrides(file, overrides)
    pools = split_pool(row_pool), split_pool(col_pool)
    pairing = _pairing(method, legacy_method)
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
) -> None:
    """Evolutionary and learning dynamics: which strategies spread, where learning leads."""
    from sim.evolution.dynamics import evolve as run_dynamics
    from sim.report.tournament import evolve_markdown, split_pool

    scenario = load_with_overrides(file, overrides)
    pools = split_pool(row_pool), split_pool(col_pool)
    section = run_dynamics(scenario, dynamics.value, *pools, _pairing(method, legacy_method))
    show(section.to_dict(), json_, evolve_markdown)
