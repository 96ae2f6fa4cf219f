"""The meta-game part of the tournament section as Markdown: equilibria and dominance.

Renders the ``to_dict()`` of a :class:`~sim.evolution.tournament.TournamentResult`. Mixed
strategies print their exact fractions where the result has them, and otherwise decimals
rounded by the largest-remainder rule, so that the printed shares of one side add up to 1
exactly. A list longer than :data:`LISTED` is summarised: its size, the equilibria the
result highlights (largest supports, highest welfare), and where the full list is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sim.report.components import SUMMARY_AT, component_summary
from sim.report.tables import dominating_mixture, fmt, markdown_table, mixture
from sim.tolerance import SUPPORT_CUT

LISTED = SUMMARY_AT
"""Equilibria listed in full in the text; a longer list is summarised by component
(:func:`sim.report.components.component_summary`) and by the highlighted equilibria."""
DECIMALS, MAX_DECIMALS = 3, 9


def rounded_shares(probabilities: Sequence[float]) -> list[str]:
    """Decimals that add up to exactly 1 (largest-remainder rounding, Hamilton's method).

    The number of decimals is the smallest of at least :data:`DECIMALS` that shows every
    share above the support cut as non-zero, up to :data:`MAX_DECIMALS`.
    """
    shown = [p for p in probabilities if p > SUPPORT_CUT]
    smallest = min(shown, default=1.0)
    decimals = max(DECIMALS, min(MAX_DECIMALS, 1 - math.floor(math.log10(smallest))))
    unit = 10**decimals
    total = sum(p for p in probabilities if p > SUPPORT_CUT)
    scaled = [(p / total) * unit if p > SUPPORT_CUT else 0.0 for p in probabilities]
    floors = [math.floor(x) for x in scaled]
    left = unit - sum(floors)
    order = sorted(range(len(scaled)), key=lambda k: (floors[k] - scaled[k], k))
    for k in order[:left]:
        floors[k] += 1
    return [f"{units / unit:.{decimals}f}" for units in floors]


def strategy_text(names: Sequence[str], record: dict[str, Any], side: int) -> str:
    """One side's strategy of an equilibrium: a name, or shares adding up to 1."""
    probabilities = record["strategies"][side]
    labels = record["exact"][side] if "exact" in record else rounded_shares(probabilities)
    return mixture(names, probabilities, labels=labels)


def profile_text(players, pools, record: dict[str, Any]) -> str:
    """Both sides of an equilibrium in words."""
    return ", ".join(
        f"{players[side]} {strategy_text(pools[side], record, side)}" for side in (0, 1)
    )


def equilibria_bullet(section: dict[str, Any]) -> str:
    """The summary line on the meta-game's equilibria."""
    players, pools, equilibria = section["players"], section["pools"], section["equilibria"]
    profiles = "; ".join(profile_text(players, pools, e) for e in equilibria[:4])
    more = f" (and {len(equilibria) - 4} more)" if len(equilibria) > 4 else ""
    incomplete = "" if section.get("complete", True) else " The list may be incomplete."
    return (
        f"- Nash equilibria of the meta-game (choices of strategy from which neither side "
        f"gains by switching): {profiles}{more}.{incomplete}"
    )


def metagame_markdown(section: dict[str, Any]) -> list[str]:
    """The meta-game: what its payoffs are, its equilibria (listed or summarised) and its
    dominated strategies."""
    lines = [
        "### The meta-game",
        "",
        "Treating each strategy as a move and the table of totals as payoffs: a Nash "
        "equilibrium is a choice of strategies (possibly mixed) from which neither side gains "
        "by switching.",
        "",
    ]
    if section["degenerate"]:
        lines += [
            "The table has ties (strategies that earn the same against some opponents), so "
            "equilibria may come in connected sets; the extreme ones are listed.",
            "",
        ]
    lines += _equilibria_lines(section)
    return lines + _dominance_lines(section["dominance"])


def _equilibria_lines(section: dict[str, Any]) -> list[str]:
    equilibria = section["equilibria"]
    count = len(equilibria)
    if count <= LISTED:
        lines = [f"Nash equilibria ({count}):", "", _table(section, range(count)), ""]
    else:
        highlights = section.get("highlights", {})
        picked = sorted({k for ks in highlights.values() for k in ks})
        pools = section["pools"]
        lines = [f"Nash equilibria ({count}):", ""]
        lines += component_summary(
            section, lambda k, side: strategy_text(pools[side], section["equilibria"][k], side)
        )
        lines += [
            "Those with the largest supports and those with the highest total payoff:",
            "",
            _table(section, picked),
            "",
        ]
    if section.get("payoffs"):
        lines += [f"About these numbers: {section['payoffs']['note']}.", ""]
    if not section.get("complete", True):
        lines += [f"This list may be incomplete: {section.get('certificate', '')}.", ""]
    return lines


def _table(section: dict[str, Any], indices) -> str:
    players, pools, equilibria = section["players"], section["pools"], section["equilibria"]
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}"]
    rows = [
        [
            str(k + 1),
            strategy_text(pools[0], equilibria[k], 0),
            strategy_text(pools[1], equilibria[k], 1),
            fmt(equilibria[k]["payoffs"][0]),
            fmt(equilibria[k]["payoffs"][1]),
        ]
        for k in indices
    ]
    return markdown_table(header, rows)


def _dominance_lines(dominance: dict[str, Any]) -> list[str]:
    if not dominance["eliminated"]:
        return ["No strategy is strictly dominated.", ""]
    lines = [
        "Strictly dominated strategies (another strategy, or a mix, earns more against "
        "every remaining strategy of the other side), removed in turn:",
        "",
    ]
    for e in dominance["eliminated"]:
        by = dominating_mixture(e["by"])
        lines.append(f"- round {e['round']}: {e['player']}'s {e['strategy']} (by {by})")
    return [*lines, ""]
