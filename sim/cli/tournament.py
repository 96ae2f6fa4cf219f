"""Commands on strategy pools: tournament, evolve."""

from __future__ import annotations

from typing import Annotated

import typer

from sim.cli.app import (
    JsonOption,
    ScenarioFile,
    SetOption,
    app,
    load_with_overrides,
    show,
)

PoolOption = Annotated[
    list[str] | None,
    typer.Option(help="Strategies of a pool, comma-separated or repeated (default: the file's)."),
]
TableMethod = Annotated[
    str | None, typer.Option("--method", help="Pairings: exact or monte_carlo (default: file's).")
]


@app.command()
def tournament(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: TableMethod = None,
) -> None:
    """Round robin of the row pool against the column pool, and its meta-game."""
    from sim.evolution.tournament import tournament as play_tournament
    from sim.report.tournament import split_pool, tournament_markdown

    scenario = load_with_overrides(file, set_)
    section = play_tournament(scenario, split_pool(row_pool), split_pool(col_pool), method)
    show(section.to_dict(), json_, tournament_markdown)


@app.command()
def evolve(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    dynamics: Annotated[
        str,
        typer.Option(
            help="replicator or moran (on the tournament table); fictitious or logit (on the "
            "stage game)."
        ),
    ] = "replicator",
    row_pool: PoolOption = None,
    col_pool: PoolOption = None,
    method: TableMethod = None,
) -> None:
    """Evolutionary and learning dynamics: which strategies spread, where learning leads."""
    from sim.evolution.dynamics import evolve as run_dynamics
    from sim.report.tournament import evolve_markdown, split_pool

    scenario = load_with_overrides(file, set_)
    pools = split_pool(row_pool), split_pool(col_pool)
    section = run_dynamics(scenario, dynamics, *pools, method)
    show(section.to_dict(), json_, evolve_markdown)
