"""The command on an observed record: infer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError
from sim.cli.app import app, load_with_overrides, show
from sim.cli.options import JsonOption, ScenarioFile, SeedOption, SetOption, StrategyOption


@app.command()
def infer(
    file: ScenarioFile,
    events: Annotated[
        Path, typer.Argument(help="Events file (TOML): the observed record.", show_default=False)
    ],
    overrides: SetOption = None,
    json_: JsonOption = False,
    row: StrategyOption = None,
    col: StrategyOption = None,
    estimate: Annotated[
        list[str] | None,
        typer.Option(help="Parameter to estimate (repeatable; 1-3 on a grid, more by MCMC)."),
    ] = None,
    grid: Annotated[int | None, typer.Option(help="Odd number of nodes per parameter.")] = None,
    mle: Annotated[bool, typer.Option("--mle", help="Also maximise the likelihood.")] = False,
    seed: SeedOption = None,
) -> None:
    """What a record says: likelihood, hidden violations, parameters, which profiles fit.

    --seed seeds the MCMC draws (more than three parameters); a grid draws nothing at
    random.
    """
    from sim import ScenarioError, infer_markdown, infer_record, load_events

    if grid is not None and (grid < 3 or grid % 2 == 0):
        raise OptionError(f"must be odd and at least 3, not {grid}", "grid")
    names = [n for item in estimate or [] for n in item.split(",") if n] or None
    scenario = load_with_overrides(file, overrides)
    record = load_events(events)
    try:
        result = infer_record(
            scenario, record, row=row, col=col, names=names, nodes=grid, mle=mle, seed=seed
        )
    except ScenarioError as exc:
        raise (exc if exc.source else exc.located(str(file))) from None
    show(result.to_dict() if json_ else result, json_, infer_markdown)
