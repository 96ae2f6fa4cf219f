"""The options the commands share, defined once: one vocabulary for the whole command line.

``--set``, ``--json``, ``--seed``, ``--runs``, ``--rounds``, ``--out``, ``--quiet``,
``--exact``, ``--row``/``--col`` and the pool and pairing options mean the same in every
command that has them. A command's parameter is named like the argument of the function it
is passed to, so that an error naming that argument is shown with the option.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

ScenarioFile = Annotated[
    Path, typer.Argument(help="Scenario file (TOML).", show_default=False, metavar="FILE")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario parameter: NAME=VALUE (repeatable)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
OutOption = Annotated[
    Path,
    typer.Option(
        "--out", help="Folder in which the result folder is made (OUT/NAME/...).", metavar="OUT"
    ),
]
RoundsOption = Annotated[
    int | None,
    typer.Option("--rounds", min=1, help="Rounds to play (default: the scenario's horizon)."),
]
RunsOption = Annotated[
    int | None,
    typer.Option("--runs", min=1, help="Monte Carlo runs (default: the scenario's)."),
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", min=0, help="Seed of the random draws (default: the scenario's)."),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", help="No progress bar; print only the line naming the result folder."),
]
ExactOption = Annotated[
    bool,
    typer.Option(
        "--exact",
        help="Payoffs as the exact rationals of their decimals (0.8 is 4/5): printed as "
        "fractions, and equilibria solved in rational arithmetic.",
    ),
]
LegacyMethod = Annotated[str | None, typer.Option("--method", hidden=True)]
"""``--method``, the former name of ``--solver`` and ``--pairing``, still accepted."""

FigureFormatOption = Annotated[
    str, typer.Option("--format", help="Comma-separated figure formats: pdf, png, svg.")
]

StrategyOption = Annotated[
    str | None,
    typer.Option(help="Strategy: a library or scenario name, or NAME(PARAM=VALUE, ...)."),
]


class Pairing(StrEnum):
    """How each pairing of the round robin is played."""

    exact = "exact"
    monte_carlo = "monte_carlo"


PoolOption = Annotated[
    list[str] | None,
    typer.Option(help="Strategies of a pool, comma-separated or repeated (default: the file's)."),
]
PairingOption = Annotated[
    Pairing | None,
    typer.Option("--pairing", help="How pairings are played (default: the file's, else exact)."),
]
