"""The stage-game section of a report, rendered from a :class:`~sim.equilibria.stage.StageAnalysis`
(or its ``to_dict()`` read back from ``report.json``)."""

from __future__ import annotations

from typing import Any

from sim.report.components import SUMMARY_AT, component_summary
from sim.report.tables import as_data, dominating_mixture, fmt, markdown_table, mixture
from sim.tolerance import SUPPORT_CUT

PAYOFF_TABLE_AT = 12
"""Most actions a side for which the payoff table is printed (wider tables do not fit)."""


def stage_markdown(analysis) -> str:
    """The stage-game section as Markdown: payoff table, equilibria, dominance, Pareto, maxmin."""
    section = as_data(analysis)
    (row_player, col_player), (row_actions, col_actions) = section["players"], section["actions"]
    lines = ["## Stage game", ""]
    header = [f"{row_player} \\ {col_player}", *col_actions]
    cells = [
        [name, *(f"{fmt(a)}, {fmt(b)}" for a, b in zip(ra, rb, strict=True))]
        for name, ra, rb in zip(row_actions, *section["payoffs"], strict=True)
    ]
    if max(len(row_actions), len(col_actions)) > PAYOFF_TABLE_AT:
        lines += [
            f"Payoffs ({row_player}, {col_player}): a {len(row_actions)} x {len(col_actions)} "
            "game, too large a table to show here (the JSON output has them).",
            "",
        ]
    else:
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
        value = certified_text(mm, mm["value"])
        lines.append(f"- {player}'s maxmin value {value}, {_mixed(actions, mm['strategy'])}")
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
    if len(equilibria) > SUMMARY_AT:
        return [
            *lines,
            *component_summary(section, _strategy_text(section)),
            *_selection_markdown(section),
        ]
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}", "kind"]
    rows = [
        [
            str(k + 1),
            _mixed(actions[0], e["strategies"][0], e["exact"][0] if "exact" in e else None),
            _mixed(actions[1], e["strategies"][1], e["exact"][1] if "exact" in e else None),
            e["exact_payoffs"][0] if "exact_payoffs" in e else fmt(e["payoffs"][0]),
            e["exact_payoffs"][1] if "exact_payoffs" in e else fmt(e["payoffs"][1]),
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


def _strategy_text(section: dict[str, Any]):
    """``mixed(k, player)``: player's strategy in equilibrium ``k``, as in the table."""
    equilibria, actions = section["equilibria"], section["actions"]

    def mixed(k: int, player: int) -> str:
        e = equilibria[k]
        return _mixed(
            actions[player], e["strategies"][player], e["exact"][player] if "exact" in e else None
        )

    return mixed


def _kind(equilibrium: dict[str, Any]) -> str:
    kind = "strict" if equilibrium.get("strict") else "pure" if equilibrium.get("pure") else "mixed"
    return kind + (", symmetric" if equilibrium.get("symmetric") else "")


def _selection_markdown(section: dict[str, Any]) -> list[str]:
    selection = section.get("selection", {})
    lines = []
    dominant = selection.get("payoff_dominant")
    if dominant is not None and len(section["equilibria"]) > 1:
        lines.append(f"- Equilibrium {dominant['equilibrium'] + 1} payoff-dominates the others.")
    risk = selection.get("risk_dominant")
    if risk:
        (row,), (col,) = risk["support"]
        lines.append(f"- ({row}, {col}) is risk-dominant (Harsanyi-Selten).")
    correlated = section.get("correlated", {}).get("total")
    if correlated:
        exact = correlated.get("exact_payoffs") or [None, None]
        payoffs = ", ".join(
            q if q is not None and _simple(q) else fmt(v)
            for q, v in zip(exact, correlated["payoffs"], strict=True)
        )
        total = certified_text(correlated, sum(correlated["payoffs"]))
        lines.append(
            f"- The correlated equilibrium with the largest total payoff ({total}) gives "
            f"({payoffs})."
        )
    lines += _qre_lines(section.get("qre", {}))
    skipped = section.get("not_computed", {})
    for key, name in (("correlated", "Correlated equilibria"), ("qre", "The logit QRE path")):
        if key in skipped:
            lines.append(f"- {name}: not computed, because {skipped[key]}.")
    return [*lines, ""] if lines else []


def _qre_lines(qre: dict[str, Any]) -> list[str]:
    """Where the logit QRE path ends and what it passes on the way."""
    limit = qre.get("limit") or {}
    lines = []
    if limit.get("equilibrium") is not None:
        lines.append(
            f"- The logit QRE path (principal branch) ends at equilibrium "
            f"{limit['equilibrium'] + 1} (lambda = {fmt(limit['precision'])})."
        )
    for event in qre.get("events", []):
        low, high = (fmt(v) for v in event["precision"])
        if event["kind"] == "turning_point":
            lines.append(f"- The QRE path turns back in lambda between {low} and {high}.")
        else:
            how = {"perturbation": "carried past on a slightly perturbed game"}.get(
                event["passed"], "followed straight through"
            )
            lines.append(
                f"- The QRE path passes a bifurcation between lambda {low} and {high} ({how})."
            )
    return lines


def certified_text(record: dict[str, Any], value: float) -> str:
    """A linear program's optimum as certified (:mod:`sim.equilibria.lp_certificate`): the
    exact fraction when it is short, the number when it is long, its exact interval when
    the bounds did not meet, and a warning when it was not certified at all."""
    exact = record.get("exact")
    if exact is not None:
        return exact if _simple(exact) else f"{fmt(value)} (certified)"
    if "bounds" in record:
        low, high = record["bounds"]
        return f"{fmt(value)} (certified between {low:.10g} and {high:.10g})"
    return f"{fmt(value)} (floating point, not certified)"


def _simple(fraction: str) -> bool:
    """Whether a ``"p/q"`` string is short enough to print (denominator below a million)."""
    return len(fraction.partition("/")[2]) <= 6


def _mixed(actions: list[str], probabilities: list[float], exact: list[str] | None = None) -> str:
    """``comply`` for a pure strategy, ``0.25 comply + 0.75 develop`` for a mixed one;
    with ``exact`` probabilities as fractions, ``1/4 comply + 3/4 develop``."""
    return mixture(actions, probabilities, exact, cut=SUPPORT_CUT)
