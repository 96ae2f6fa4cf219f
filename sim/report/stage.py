"""The stage-game section of a report: equilibria, dominance, Pareto optimality, maxmin."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.compile.game import build_game
from sim.compile.payoffs import exact_payoffs
from sim.equilibria.dominance import iterated_elimination
from sim.equilibria.maxmin import maxmin
from sim.equilibria.pareto import pareto_optimal
from sim.equilibria.pure import pure_equilibria
from sim.game.stage import Game
from sim.report.tables import dominating_mixture, fmt, markdown_table, mixture
from sim.scenario.loader import LoadedScenario


def stage_section(
    scenario: LoadedScenario, method: str = "stabsim", exact: bool = False
) -> dict[str, Any]:
    """The stage-game analysis of a scenario as a JSON-ready dict.

    Keys: ``players``, ``actions``, ``parameters``, ``payoffs`` (two matrices),
    ``equilibria`` (each with ``strategies``, two probability lists in action order, and
    ``payoffs``), ``degenerate``, ``components``, ``pure_equilibria``, ``pareto_optimal``,
    ``dominance`` and ``maxmin``.
    """
    game = build_game(scenario)
    actions = game.actions
    section: dict[str, Any] = {
        "players": list(game.players),
        "actions": [list(a) for a in actions],
        "parameters": dict(scenario.parameters),
        "payoffs": [game.row_payoffs.tolist(), game.col_payoffs.tolist()],
    }
    exact_game = exact_payoffs(scenario.model, scenario.parameters) if exact else None
    section.update(equilibria_fields(game, method, exact_game))
    section["pure_equilibria"] = [[actions[0][i], actions[1][j]] for i, j in pure_equilibria(game)]
    section["pareto_optimal"] = [[actions[0][i], actions[1][j]] for i, j in pareto_optimal(game)]
    section["dominance"] = dominance_fields(game)
    section["correlated"] = correlated_fields(game)
    row_mm, col_mm = maxmin(game)
    section["maxmin"] = [
        {"value": row_mm.value, "strategy": row_mm.strategy.tolist()},
        {"value": col_mm.value, "strategy": col_mm.strategy.tolist()},
    ]
    return section


def equilibria_fields(game: Game, method: str, exact_game=None) -> dict[str, Any]:
    """``equilibria``, ``degenerate`` and ``components`` from the equilibrium engine.

    Each equilibrium carries its ``strategies``, ``payoffs``, whether it is ``pure``,
    ``strict`` and ``symmetric``, and, when ``exact_game`` (the two payoff matrices as
    fractions) is given, its probabilities in rational arithmetic as ``"p/q"`` strings.
    """
    from sim.equilibria.nash import nash_equilibria
    from sim.equilibria.selection import equilibrium_properties, payoff_dominant, risk_dominant

    if exact_game is None:
        found = nash_equilibria(game, method=method)
    else:
        found = nash_equilibria(exact_game, method=method, exact=True)
    properties = equilibrium_properties(found)
    equilibria = []
    for k in range(len(found)):
        entry = {
            "strategies": [found.row[k].tolist(), found.col[k].tolist()],
            "payoffs": found.payoffs[k].tolist(),
            **{name: bool(flags[k]) for name, flags in properties.items()},
        }
        if found.exact is not None:
            entry["exact"] = [[str(p) for p in part] for part in found.exact[k]]
        equilibria.append(entry)
    selection: dict[str, Any] = {"payoff_dominant": payoff_dominant(found)}
    if game.shape == (2, 2):
        risk = risk_dominant(game)
        actions = game.actions
        selection["risk_dominant"] = (
            None if risk is None else [actions[0][risk[0]], actions[1][risk[1]]]
        )
    return {
        "equilibria": equilibria,
        "degenerate": bool(found.degenerate),
        "components": found.components,
        "method": method,
        "verified": bool(np.all(found.verify())),
        "certified": bool(found.certified),
        "complete": bool(found.complete),
        "certificate": found.note,
        "selection": selection,
    }


def correlated_fields(game: Game) -> dict[str, Any]:
    """Correlated equilibria maximising the total payoff and each player's payoff (LP)."""
    from sim.equilibria.correlated import correlated_equilibria

    return {
        objective: {"distribution": ce.distribution.tolist(), "payoffs": ce.payoffs.tolist()}
        for objective, ce in correlated_equilibria(game).items()
    }


def dominance_fields(game: Game) -> dict[str, Any]:
    """Survivors of iterated strict dominance and each elimination, by action name."""
    result = iterated_elimination(game, mixed=True)
    names = game.actions
    return {
        "certified": result.certified,
        "surviving": [[names[p][k] for k in result.surviving[p]] for p in (0, 1)],
        "eliminated": [
            {
                "player": game.players[e.player],
                "action": names[e.player][e.action],
                "round": e.round,
                "by": {names[e.player][k]: w for k, w in e.by.items()},
            }
            for e in result.eliminated
        ],
    }


def stage_markdown(section: dict[str, Any]) -> str:
    """The stage-game section as Markdown: payoff table, equilibria, dominance, Pareto, maxmin."""
    (row_player, col_player), (row_actions, col_actions) = section["players"], section["actions"]
    lines = ["## Stage game", ""]
    header = [f"{row_player} \\ {col_player}", *col_actions]
    cells = [
        [name, *(f"{fmt(a)}, {fmt(b)}" for a, b in zip(ra, rb, strict=True))]
        for name, ra, rb in zip(row_actions, *section["payoffs"], strict=True)
    ]
    lines += [f"Payoffs ({row_player}, {col_player}):", "", markdown_table(header, cells), ""]
    lines += _equilibria_markdown(section)
    dom = section["dominance"]
    if dom["eliminated"]:
        lines.append("Iterated elimination of strictly dominated actions:")
        lines.append("")
        for e in dom["eliminated"]:
            by = dominating_mixture(e["by"])
            lines.append(f"- round {e['round']}: {e['player']}'s {e['action']} (dominated by {by})")
        lines.append("")
    else:
        lines += ["No action is strictly dominated.", ""]
    pareto = ", ".join(f"({a}, {b})" for a, b in section["pareto_optimal"])
    lines += [f"Pareto-optimal pure profiles: {pareto}.", ""]
    for player, actions, mm in zip(
        section["players"], section["actions"], section["maxmin"], strict=True
    ):
        lines.append(
            f"- {player}'s maxmin value {fmt(mm['value'])}, {_mixed(actions, mm['strategy'])}"
        )
    lines.append("")
    return "\n".join(lines)


def _equilibria_markdown(section: dict[str, Any]) -> list[str]:
    players, actions = section["players"], section["actions"]
    equilibria = section["equilibria"]
    lines = [f"Nash equilibria ({len(equilibria)}):", ""]
    if section.get("degenerate"):
        lines += ["The game is degenerate: these are the extreme equilibria.", ""]
    if not section.get("complete", True):
        lines += [f"Not a complete list ({section.get('certificate', '')}).", ""]
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}", "kind"]
    rows = [
        [
            str(k + 1),
            _mixed(actions[0], e["strategies"][0], e["exact"][0] if "exact" in e else None),
            _mixed(actions[1], e["strategies"][1], e["exact"][1] if "exact" in e else None),
            fmt(e["payoffs"][0]),
            fmt(e["payoffs"][1]),
            _kind(e),
        ]
        for k, e in enumerate(equilibria)
    ]
    lines += [markdown_table(header, rows), ""]
    lines += _selection_markdown(section)
    components = section.get("components", [])
    if section.get("degenerate") and any(len(c) > 1 for c in components):
        lines.append("Maximal convex sets of equilibria (Nash subsets), by equilibrium number:")
        lines += [f"- {{{', '.join(str(k + 1) for k in c)}}}" for c in components]
        lines.append("")
    return lines


def _kind(equilibrium: dict[str, Any]) -> str:
    kind = "strict" if equilibrium.get("strict") else "pure" if equilibrium.get("pure") else "mixed"
    return kind + (", symmetric" if equilibrium.get("symmetric") else "")


def _selection_markdown(section: dict[str, Any]) -> list[str]:
    selection = section.get("selection", {})
    lines = []
    dominant = selection.get("payoff_dominant")
    if dominant is not None and len(section["equilibria"]) > 1:
        lines.append(f"- Equilibrium {dominant + 1} payoff-dominates the others.")
    risk = selection.get("risk_dominant")
    if risk:
        lines.append(f"- ({risk[0]}, {risk[1]}) is risk-dominant (Harsanyi-Selten).")
    correlated = section.get("correlated", {}).get("total")
    if correlated:
        payoffs = ", ".join(fmt(v) for v in correlated["payoffs"])
        lines.append(
            f"- The correlated equilibrium with the largest total payoff gives ({payoffs})."
        )
    return [*lines, ""] if lines else []


def _mixed(actions: list[str], probabilities: list[float], exact: list[str] | None = None) -> str:
    """``comply`` for a pure strategy, ``0.25 comply + 0.75 develop`` for a mixed one;
    with ``exact`` probabilities as fractions, ``1/4 comply + 3/4 develop``."""
    return mixture(actions, probabilities, exact, cut=1e-12)
