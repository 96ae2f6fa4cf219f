"""Iterated play in reports, rendered as readable text from the result objects.

``play_markdown`` explains a :class:`~sim.play.analysis.PlayAnalysis`, ``check_markdown`` a
:class:`~sim.play.profile_check.ProfileCheck` and ``strategies_markdown`` the strategy
listing; each also takes the result's ``to_dict()`` read back from ``report.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.report.tables import as_data


def play_markdown(analysis) -> str:
    """The play section explained in words (Markdown)."""
    section = as_data(analysis)
    names = section["players"]
    lines = ["## Iterated play", ""]
    lines += _strategies_markdown(section)
    time = _time_text(section)
    if "history" in section:
        history = section["history"]
        lines.append(f"One run ({time}, seed {section['seed']}):")
        lines.append("")
        shown = history if len(history) <= 40 else history[:40]
        for t, (a, b) in enumerate(shown):
            lines.append(f"- round {t}: {names[0]} {a}, {names[1]} {b}")
        if len(history) > len(shown):
            lines.append(f"- ... ({len(history) - len(shown)} more rounds in the JSON output)")
        lines += ["", _totals_text(section, names)]
        return "\n".join(lines) + "\n"
    exact, mc = section["exact"], section["monte_carlo"]
    pay, avg = exact["payoffs"], exact["average_payoffs"]
    lines.append(
        f"Exact (Markov chain), {time}: expected payoffs {names[0]} {pay['row']:.4g}, "
        f"{names[1]} {pay['col']:.4g} (per round {avg['row']:.4g} and {avg['col']:.4g})."
    )
    lines.append(_frequencies_text(exact["action_frequencies"], names))
    if len(section["treaty_states"]) > 1:
        ended = exact["ended_by"]
        lines.append(
            f"The treaty ends within the horizon with probability "
            f"{exact['end_probability']:.2%}: the {names[0]} side's move ends it with probability "
            f"{ended['row']:.2%}, the {names[1]} side's with {ended['col']:.2%}. Expected rounds "
            f"before it ends: {exact['expected_rounds_in_force']:.4g} of {section['rounds']}."
        )
        lines += _causes_text(exact.get("causes"), names)
        points = ", ".join(f"round {t}: {p:.2%}" for t, p in exact["survival_at"].items())
        lines.append(f"Probability that it is still in force: {points}.")
        unbounded = exact["expected_rounds_to_end_without_horizon"]
        if unbounded is None:
            lines.append("Without a horizon it may last for ever (with positive probability).")
        else:
            lines.append(f"Without a horizon it would end after {unbounded:.4g} rounds on average.")
    lines += ["", _mc_text(mc, names, len(section["treaty_states"]) > 1), ""]
    return "\n".join(lines) + "\n"


def _totals_text(section: dict[str, Any], names) -> str:
    """The one run's totals: plain sums, and the discounted sums when there is discounting."""
    plain = section["totals"]
    text = f"Totals (undiscounted): {names[0]} {plain['row']:g}, {names[1]} {plain['col']:g}."
    discount = section["assumptions"].get("discount", 1.0)
    if discount < 1 and "discounted_totals" in section:
        worth = section["discounted_totals"]
        text += (
            f" Discounted at {discount:g}: {names[0]} {worth['row']:.6g}, "
            f"{names[1]} {worth['col']:.6g}."
        )
    return text


def _frequencies_text(frequencies: dict[str, dict[str, float]], names) -> str:
    """Expected share of rounds in which each side plays each action."""
    sides = [
        f"{who} " + ", ".join(f"{action} {share:.2%}" for action, share in shares.items())
        for who, shares in zip(names, (frequencies["row"], frequencies["col"]), strict=True)
    ]
    return f"Action frequencies (expected share of rounds): {'; '.join(sides)}."


def _causes_text(causes, names) -> list[str]:
    """One sentence: the end split by cause (who moved, on what evidence)."""
    if not causes:
        return []
    named = ", ".join(
        f"{k.replace('row', names[0]).replace('col', names[1]).replace('_', ' ')} {v:.2%}"
        for k, v in causes["by_cause"].items()
        if v > 0
    )
    return [
        f"By cause (the move that set it on its way out, and the evidence it answered): "
        f"{named or 'none'}. Ended by the {names[0]} side without a real violation behind "
        f"it: {causes['row_without_real_violation']:.2%}; by accidents: "
        f"{causes['accidents']:.2%}."
    ] + _responsibility_text(causes.get("responsibility"), names)


def _responsibility_text(parts, names) -> list[str]:
    """One sentence: whose the end is under the scenario's ``[responsibility]`` rules."""
    if not parts:
        return []
    rules = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in parts["rules"].items())
    return [
        f"Responsibility for the end ({rules}): {names[0]} {parts['row']:.2%}, "
        f"{names[1]} {parts['col']:.2%}, nobody {parts['nobody']:.2%}."
    ]


def check_markdown(check) -> str:
    """The repeated-game checks explained in words (Markdown)."""
    section = as_data(check)
    names = section["players"]
    delta = section["effective_discount"]
    lines = ["## Repeated-game checks", ""]
    lines += _strategies_markdown(section)
    found = section.get("equilibrium")
    if found is not None:
        verdicts = [f"- {line}" for line in found["text"].split("\n")]
        lines += ["### Under the scenario's monitoring", "", *verdicts, ""]
    lines += ["### Reference: perfect monitoring, no trembles", ""]
    if section["subgame_perfect"] is None:
        lines.append(
            f"Without discounting ({section['horizon']} rounds) the one-shot deviation check "
            "is not made: it needs a discount factor below 1 (in a finitely repeated game "
            "only the repeated stage equilibrium survives backward induction)."
        )
    else:
        verdict = "is" if section["subgame_perfect"] else "is not"
        lines.append(
            f"In the infinitely repeated game with discount factor {delta:g} the profile "
            f"{verdict} subgame perfect (one-shot deviation principle)."
        )
    deviation = section["profitable_deviation"]
    if deviation is not None:
        who = names[0] if deviation["player"] == "row" else names[1]
        lines.append(
            f"For example {who} gains {deviation['gain']:.4g} by playing {deviation['action']} "
            f"once in state `{deviation['state']}` (treaty | {names[0]} | {names[1]})."
        )
    critical = section["critical_discount"]
    if critical is None:
        lines.append("No interval of discount factors up to 1 makes it subgame perfect.")
    else:
        lines.append(
            f"It is subgame perfect for every discount factor from {critical:.6g} up to 1."
        )
    lines.append("")
    for side, response in section["best_response"].items():
        who, other = (names[0], names[1]) if side == "row" else (names[1], names[0])
        lines.append(
            f"- Best response of {who} to {other}'s {response['against']} "
            f"({_horizon_text(section)}): payoff "
            f"{response['payoff']:.4g} against {response['current_payoff']:.4g} now (gain "
            f"{response['gain']:.4g}); {other} then gets {response['opponent_payoff']:.4g}."
        )
        plays = "; ".join(f"{state}: {action}" for state, action in response["policy"].items())
        when = "" if section["horizon"] == "infinite" else " in the first round"
        lines.append(f"  It plays{when}, in the states it reaches: {plays}.")
    return "\n".join(lines) + "\n"


def strategies_markdown(section: dict[str, Any]) -> str:
    """The strategy list as Markdown."""
    lines = ["## Strategies", ""]
    for entry in section["strategies"]:
        where = " (defined in the scenario)" if entry["origin"] == "scenario" else ""
        lines.append(f"- `{entry['name']}`{where}: {entry['description']}")
        if entry["source"]:
            lines.append(f"  Source: {entry['source']}")
        for name, parameter in entry["parameters"].items():
            shown = _default_text(parameter["default"], parameter["kind"])
            lines.append(
                f"  Parameter `{name}` ({parameter['kind']}{shown}): {parameter['description']}"
            )
        if "states" in entry:
            lines.append(f"  States: {'; '.join(entry['states'])}.")
    return "\n".join(lines) + "\n"


def _default_text(default: Any, kind: str) -> str:
    """``, default X`` for a strategy parameter: a list of candidate actions reads as the
    first of them that is an action of the side, a list of signals as the signals."""
    if default is None:
        return ""
    if not isinstance(default, list):
        return f", default {default}"
    names = ", ".join(str(name) for name in default)
    if kind == "action" and len(default) > 1:
        return f", default the first of {names} that is an action"
    return f", default {names or 'none'}"


def write_play_csv(analysis, folder: str | Path) -> Path | None:
    """Write ``play_rounds.csv`` (the exact per-round table) into ``folder``; None if none."""
    import pandas as pd

    section = as_data(analysis)
    if "per_round" not in section:
        return None
    path = Path(folder) / "play_rounds.csv"
    pd.DataFrame(section["per_round"]).to_csv(path, index=False)
    return path


def _mc_text(mc: dict[str, Any], names, treaty: bool) -> str:
    row, col = mc["payoffs"]["row"], mc["payoffs"]["col"]
    text = (
        f"Monte Carlo ({mc['runs']} runs, seed {mc['seed']}): payoffs {names[0]} "
        f"{row['mean']:.4g} ± {_half(row):.2g}, {names[1]} {col['mean']:.4g} ± "
        f"{_half(col):.2g} (95% intervals)"
    )
    if treaty:
        end = mc["end_probability"]
        text += f"; end probability {end['mean']:.2%} ± {_half(end):.2%}"
    text += "."
    verdict = "agree" if mc["agrees_with_exact"] else "do NOT agree"
    return text + f" The exact and Monte Carlo payoffs {verdict} (within two half-widths)."


def _strategies_markdown(section: dict[str, Any]) -> list[str]:
    lines = []
    for side, name in zip(("row", "col"), section["players"], strict=True):
        strategy = section["strategies"][side]
        states = "; ".join(strategy["states"])
        lines.append(f"- {name}: `{strategy['name']}`: {strategy['description']}")
        lines.append(f"  States (starts in {strategy['initial']}): {states}.")
    lines.append("")
    return lines


def _time_text(section: dict[str, Any]) -> str:
    text = f"{section['rounds']} rounds"
    assumed = section["assumptions"]
    if assumed.get("continuation", 1.0) < 1:
        text += f" (continuation probability {assumed['continuation']:g}, truncated)"
    if assumed.get("discount", 1.0) < 1:
        text += f", discount factor {assumed['discount']:g}"
    return text


def _horizon_text(section: dict[str, Any]) -> str:
    if section["horizon"] == "infinite":
        return f"infinite horizon, discount {section['effective_discount']:g}"
    return f"{section['horizon']} rounds"


def _half(estimate: dict[str, Any]) -> float:
    """Half the width of an estimate's 95% interval (0 when it has none)."""
    interval = estimate.get("ci95")
    return 0.0 if interval is None else (interval[1] - interval[0]) / 2
