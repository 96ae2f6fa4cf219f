"""The stage-game section of a report: equilibria, dominance, Pareto optimality, maxmin."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.equilibria.dominance import iterated_elimination
from sim.equilibria.maxmin import maxmin
from sim.equilibria.pareto import pareto_optimal
from sim.equilibria.pure import pure_equilibria
from sim.game.build import build_game
from sim.game.stage import Game
from sim.report.tables import fmt, markdown_table
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
    section.update(equilibria_fields(game, method, exact))
    section["pure_equilibria"] = [[actions[0][i], actions[1][j]] for i, j in pure_equilibria(game)]
    section["pareto_optimal"] = [[actions[0][i], actions[1][j]] for i, j in pareto_optimal(game)]
    section["dominance"] = dominance_fields(game)
    row_mm, col_mm = maxmin(game)
    section["maxmin"] = [
        {"value": row_mm.value, "strategy": row_mm.strategy.tolist()},
        {"value": col_mm.value, "strategy": col_mm.strategy.tolist()},
    ]
    return section


def equilibria_fields(game: Game, method: str, exact: bool) -> dict[str, Any]:
    """``equilibria``, ``degenerate`` and ``components`` from the equilibrium engine."""
    from sim.equilibria.pure import pure_equilibrium_mask

    mask = pure_equilibrium_mask(game.row_payoffs, game.col_payoffs)
    m, n = game.shape
    equilibria = []
    for i, j in zip(*np.nonzero(mask), strict=True):
        row, col = np.eye(m)[i], np.eye(n)[j]
        equilibria.append(_equilibrium(game, row, col))
    return {
        "equilibria": equilibria,
        "degenerate": False,
        "components": [[k] for k in range(len(equilibria))],
    }


def _equilibrium(game: Game, row: np.ndarray, col: np.ndarray) -> dict[str, Any]:
    payoffs = [float(row @ game.row_payoffs @ col), float(row @ game.col_payoffs @ col)]
    return {"strategies": [row.tolist(), col.tolist()], "payoffs": payoffs}


def dominance_fields(game: Game) -> dict[str, Any]:
    """Survivors of iterated strict dominance and each elimination, by action name."""
    result = iterated_elimination(game, mixed=True)
    names = game.actions
    return {
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
            by = " + ".join(f"{fmt(w)} {a}" if w < 1 else a for a, w in e["by"].items())
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
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}"]
    rows = [
        [
            str(k + 1),
            _mixed(actions[0], e["strategies"][0]),
            _mixed(actions[1], e["strategies"][1]),
            fmt(e["payoffs"][0]),
            fmt(e["payoffs"][1]),
        ]
        for k, e in enumerate(equilibria)
    ]
    lines += [markdown_table(header, rows), ""]
    components = section.get("components", [])
    if section.get("degenerate") and any(len(c) > 1 for c in components):
        lines.append("Maximal convex sets of equilibria (Nash subsets), by equilibrium number:")
        lines += [f"- {{{', '.join(str(k + 1) for k in c)}}}" for c in components]
        lines.append("")
    return lines


def _mixed(actions: list[str], probabilities: list[float]) -> str:
    """``comply`` for a pure strategy, ``0.25 comply + 0.75 develop`` for a mixed one."""
    support = [(a, p) for a, p in zip(actions, probabilities, strict=True) if p > 1e-12]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{fmt(p)} {a}" for a, p in support)
