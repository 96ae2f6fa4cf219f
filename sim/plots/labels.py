"""Axis and legend labels of a folder's figures: parameter descriptions, units, player names.

A figure of a sweep labels an axis with what the parameter means, not its name: the
sweep file's ``description`` of it, else the scenario's, with the scenario's ``unit`` in
parentheses ("probability a violation is detected", "notice period (months)"); the name is
the fallback. An outcome is labelled in words with the players' names in place of
``row`` and ``col`` ("probability that Russia's move ends the treaty"). The texts are read
from the scenario and sweep files that the folder's manifest stores.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OUTCOME_LABELS = {
    "regime": "pure equilibria",
    "regime_code": "pure equilibria (bit mask)",
    "mutual_compliance": "mutual compliance is an equilibrium",
    "n_equilibria": "number of Nash equilibria",
    "degenerate": "the game is degenerate",
    "eq_row_payoff": "{row}'s payoff in the selected equilibrium",
    "eq_col_payoff": "{col}'s payoff in the selected equilibrium",
    "eq_pure": "the selected equilibrium is pure",
    "play_row_payoff": "{row}'s expected discounted payoff",
    "play_col_payoff": "{col}'s expected discounted payoff",
    "survival": "probability the treaty is in force at the end",
    "rounds_in_force": "expected rounds before the treaty ends",
    "ended_by_row": "probability that {row}'s move ends the treaty",
    "ended_by_col": "probability that {col}'s move ends the treaty",
    "subgame_perfect": "the profile is subgame perfect",
    "critical_discount": "critical discount factor",
    "mc_row_payoff": "{row}'s payoff (Monte Carlo)",
    "mc_col_payoff": "{col}'s payoff (Monte Carlo)",
    "mc_survival": "treaty survival (Monte Carlo)",
}
"""Outcome columns of a sweep table (docs/sweeps.md) in words; ``{row}`` and ``{col}``
stand for the players' names."""


@dataclass(frozen=True)
class Labels:
    """The words for a folder's parameters and outcomes.

    Attributes
    ----------
    players
        The row and the column player's names.
    descriptions
        ``{parameter: description}``, the sweep file's before the scenario's.
    units
        ``{parameter: unit}`` from the scenario.
    """

    players: tuple[str, str] = ("row", "column")
    descriptions: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)

    def parameter(self, name: str) -> str:
        """``description (unit)``, or the name when the files describe it nowhere."""
        text = self.descriptions.get(name) or name.replace("_", " ")
        unit = self.units.get(name)
        return f"{text} ({unit})" if unit else text

    def outcome(self, column: str) -> str:
        """The outcome in words, with the players' names for ``row`` and ``col``."""
        template = OUTCOME_LABELS.get(column)
        row, col = self.players
        if template is not None:
            return template.format(row=row, col=col)
        words = [row if w == "row" else col if w == "col" else w for w in column.split("_")]
        return " ".join(words)


def folder_labels(manifest: Mapping[str, Any]) -> Labels:
    """The labels of a folder, from the scenario and sweep texts its manifest stores."""
    scenario = _toml(manifest.get("scenario", {}).get("text"))
    sweep = _toml(manifest.get("sweep", {}).get("text"))
    players = scenario.get("players", {})
    names = (str(players.get("row", "row")), str(players.get("col", "column")))
    descriptions, units = {}, {}
    for name, entry in _tables(scenario.get("parameters")).items():
        if entry.get("description"):
            descriptions[name] = _first_clause(str(entry["description"]))
        if entry.get("unit"):
            units[name] = str(entry["unit"])
    recorded = _tables(manifest.get("sweep", {}).get("parameters"))
    for name, entry in {**_tables(sweep.get("parameters")), **recorded}.items():
        if entry.get("description"):
            descriptions[name] = str(entry["description"])
    return Labels(names, descriptions, units)


def _first_clause(text: str) -> str:
    """A scenario description without its closing parenthetical remark, which is for
    readers of the file ("Cost of deploying (sanctions, lost standing)" -> "Cost of
    deploying"; "Rounds (months) before ..." keeps its unit), lower-cased as on an axis."""
    plain = " ".join(text.split())
    while plain.endswith(")") and " (" in plain:
        depth, k = 0, len(plain) - 1
        for k in range(len(plain) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(plain[k], 0)
            if depth == 0:
                break
        if k == 0:
            break
        plain = plain[:k].rstrip()
    return plain[:1].lower() + plain[1:] if plain[1:2].islower() else plain


def _tables(section) -> dict[str, Mapping[str, Any]]:
    if not isinstance(section, Mapping):
        return {}
    return {k: v for k, v in section.items() if isinstance(v, Mapping)}


def _toml(text) -> dict:
    if not isinstance(text, str):
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
