"""Commands on scenario files and the stage game: validate, schema, scenarios, solve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim import OptionError, StabsimError
from sim.cli.app import app, load_with_overrides, print_json, renamed, show
from sim.cli.errors import one_line, option_names, user_error_parts
from sim.cli.options import ExactOption, JsonOption, LegacyMethod, ScenarioFile, SetOption


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Scenario, events or sweep files to check.")],
    overrides: SetOption = None,
    json_: JsonOption = False,
) -> None:
    """Check scenario files; print one line per file, exit 2 if any is invalid."""
    from sim import parse_overrides

    values = parse_overrides(overrides or [])
    checked = [_checked(path, values, option_names(ctx.command)) for path in files]
    if json_:
        print_json({"files": checked, "valid": all(c["valid"] for c in checked)})
    for entry in [] if json_ else checked:
        if entry["valid"]:
            typer.echo(f"ok: {one_line(entry['file'])}")
        else:
            typer.echo(f"error: {one_line(entry['error'])}", err=True)
    if not all(c["valid"] for c in checked):
        raise typer.Exit(2)


def _checked(path: Path, values: dict[str, float], options: dict[str, str]) -> dict:
    """``{"file", "valid", "error"}`` for one scenario, events or sweep file."""
    from sim import load, load_if_events, load_if_sweep

    try:
        load_if_events(path) or load_if_sweep(path, values) or load(path, values)
    except StabsimError as exc:
        error = ": ".join(p for p in user_error_parts(exc, options) if p)
        return {"file": str(path), "valid": False, "error": error}
    return {"file": str(path), "valid": True, "error": None}


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario file format."""
    from sim import ScenarioSchema

    print_json(ScenarioSchema.model_json_schema())


@app.command()
def scenarios(json_: JsonOption = False) -> None:
    """List the bundled scenarios."""
    from sim import bundled_scenarios

    found = bundled_scenarios()
    if json_:
        print_json({"scenarios": [{"file": str(p), "title": t} for p, t in found]})
    for path, title in [] if json_ else found:
        typer.echo(f"{path}\t{title}")


@app.command()
def solve(
    file: ScenarioFile,
    overrides: SetOption = None,
    json_: JsonOption = False,
    method: Annotated[
        str,
        typer.Option(
            "--solver",
            help="Equilibrium algorithm: stabsim (all equilibria), lemke_howson (one, fast), "
            "lemke_howson_all (from every starting label), pns (one, by the "
            "Porter-Nudelman-Shoham support search) or nashpy.",
        ),
    ] = "stabsim",
    exact: ExactOption = False,
    legacy_method: LegacyMethod = None,
) -> None:
    """Analyse the stage game: equilibria, dominance, Pareto optimality, maxmin values.

    FILE is a scenario (TOML) or a two-player game in Gambit's .nfg payoff format, whose
    numbers are kept exactly (--exact solves that game in rational arithmetic).
    """
    from sim import scenario_stage_analysis, stage_markdown

    method = renamed(method, legacy_method, "--solver")
    if file.suffix.lower() == ".nfg":
        analysis = nfg_stage_analysis(file, overrides, method, exact)
    else:
        scenario = load_with_overrides(file, overrides)
        analysis = scenario_stage_analysis(scenario, method=method, exact=exact)
    show(analysis.to_dict(), json_, stage_markdown)


def nfg_stage_analysis(file: Path, overrides: list[str] | None, method: str, exact: bool):
    """The stage analysis of the game in a ``.nfg`` file (which has no parameters to set)."""
    from sim import analyse_stage, read_nfg

    if overrides:
        raise OptionError("a .nfg game has no parameters to set", "--set", source=str(file))
    game = read_nfg(file)
    return analyse_stage(game, method=method, exact_payoffs=game.exact if exact else None)
