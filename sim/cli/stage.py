"""Commands on scenario files and the stage game: validate, schema, scenarios, solve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import (
    JsonOption,
    ScenarioFile,
    SetOption,
    app,
    load_with_overrides,
    print_json,
    show,
)
from sim.errors import OptionError, StabsimError


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files to check.")],
    set_: SetOption = None,
) -> None:
    """Check scenario files; print one line per file, exit 2 if any is invalid."""
    from sim.compile.check import load
    from sim.scenario.events import load_if_events
    from sim.scenario.loader import parse_overrides

    overrides = parse_overrides(set_ or [])
    failed = False
    for path in files:
        try:
            load_if_events(path) or load(path, overrides)
            typer.echo(f"ok: {path}")
        except StabsimError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
    if failed:
        raise typer.Exit(2)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario file format."""
    from sim.scenario.schema import Scenario

    print_json(Scenario.model_json_schema())


@app.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    from sim.scenario.bundled import bundled_scenarios

    for path, title in bundled_scenarios():
        typer.echo(f"{path}\t{title}")


@app.command()
def solve(
    file: ScenarioFile,
    set_: SetOption = None,
    json_: JsonOption = False,
    method: Annotated[
        str,
        typer.Option(
            help="Equilibrium method: stabsim (all equilibria), lemke_howson (one, fast), "
            "lemke_howson_all (from every starting label) or nashpy."
        ),
    ] = "stabsim",
    exact: Annotated[bool, typer.Option("--exact", help="Exact rational arithmetic.")] = False,
) -> None:
    """Analyse the stage game: equilibria, dominance, Pareto optimality, maxmin values."""
    from sim.equilibria.nash import METHODS
    from sim.equilibria.stage import scenario_stage_analysis
    from sim.report.stage import stage_markdown

    if method not in METHODS:
        raise OptionError(f"unknown method {method!r} ({', '.join(METHODS)})", "--method")
    scenario = load_with_overrides(file, set_)
    analysis = scenario_stage_analysis(scenario, method=method, exact=exact)
    show(analysis.to_dict(), json_, stage_markdown)
