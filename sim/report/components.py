"""A short summary of many equilibria by connected component (render only).

A game with more than :data:`SUMMARY_AT` extreme equilibria is summarised: how many, in how
many connected components and maximal Nash subsets, and per component (up to
:data:`COMPONENTS_SHOWN`) its size, payoff range and first :data:`POINTS_SHOWN` extreme
points; the full list stays in the JSON output (``equilibria``, ``components``,
``connected_components``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.report.tables import fmt

SUMMARY_AT = 12
"""More extreme equilibria than this are summarised by component instead of listed."""

COMPONENTS_SHOWN = 10
"""Components described one by one; the rest are counted."""

POINTS_SHOWN = 5
"""Extreme points listed per component; the rest are counted."""


def component_summary(section: dict[str, Any], mixed: Callable[[int, int], str]) -> list[str]:
    """Markdown lines summarising ``section["equilibria"]`` by ``connected_components``;
    ``mixed(k, player)`` renders player ``player``'s strategy in equilibrium ``k``."""
    equilibria = section["equilibria"]
    components = section.get("connected_components") or [[k] for k in range(len(equilibria))]
    components = [c if isinstance(c, dict) else {"equilibria": c} for c in components]
    subsets = len(section.get("components", []))
    players = section["players"]
    lines = [
        f"{len(equilibria)} extreme equilibria in {len(components)} connected "
        f"component{'s' * (len(components) != 1)} ({subsets} maximal Nash subsets); "
        "the full list is in the JSON output.",
        "",
    ]
    for c, component in enumerate(components[:COMPONENTS_SHOWN]):
        members = component["equilibria"]
        points = ", ".join(
            f"#{k + 1} ({mixed(k, 0)}; {mixed(k, 1)})" for k in members[:POINTS_SHOWN]
        )
        more = len(members) - POINTS_SHOWN
        points += f", and {more} more" if more > 0 else ""
        ranges = component.get("payoff_range")
        payoff = (
            "; payoffs "
            + ", ".join(
                f"{p} {fmt(lo)} to {fmt(hi)}" for p, (lo, hi) in zip(players, ranges, strict=True)
            )
            if ranges
            else ""
        )
        size = f"{len(members)} extreme point{'s' * (len(members) != 1)}"
        united = len(component.get("nash_subsets", []))
        size += f" in {united} Nash subsets" if united > 1 else ""
        lines.append(f"- component {c + 1}: {size}{payoff}; {points}")
    rest = components[COMPONENTS_SHOWN:]
    if rest:
        count = sum(len(c["equilibria"]) for c in rest)
        lines.append(f"- and {len(rest)} more components ({count} extreme equilibria)")
    return [*lines, ""]
