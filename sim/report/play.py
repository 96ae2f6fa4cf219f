"""Iterated play in reports: JSON-ready sections and readable text.

``play_section`` (exact outcomes, Monte Carlo summaries or one run's history) and
``check_section`` (subgame perfection, critical discount, best responses) return plain dicts;
``play_markdown`` and ``check_markdown`` explain them in words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sim.dynamics.treaty import CAUSES


def play_section(
    scenario,
    *,
    row: str | None = None,
    col: str | None = None,
    rounds: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
    parameters: dict[str, float] | None = None,
) -> dict[str, Any] | None:
    """The iterated-play section of a scenario's report, or None without a ``play`` section.

    With ``runs == 1``: one seeded run's ``history`` (a list of ``[row action, col action]``)
    and ``totals`` (the plain payoff sums). Otherwise: ``exact`` (Markov chain) and
    ``monte_carlo`` (``runs`` seeded runs) summaries, and ``per_round`` exact figures.
    """
    from sim.compile.setup import play_setup

    if scenario.model.play is None and (row is None or col is None):
        return None
    setup = play_setup(scenario, parameters, row=row, col=col, rounds=rounds)
    runs = setup.runs if runs is None else runs
    seed = setup.seed if seed is None else seed
    section = _header(scenario, setup)
    section["runs"], section["seed"] = runs, seed
    if runs == 1:
        section.update(_one_run(setup, seed))
        return section
    from sim.play.exact import exact_outcomes, expected_rounds_to_end
    from sim.play.montecarlo import simulate

    exact = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
    section["exact"] = _exact_summary(exact)
    unbounded = expected_rounds_to_end(setup.model, setup.row, setup.col)
    section["exact"]["expected_rounds_to_end_without_horizon"] = float(unbounded)
    section["per_round"] = _per_round(exact)
    result = simulate(
        setup.model, setup.row, setup.col, setup.rounds, runs, seed, trajectories=True
    )
    section["monte_carlo"] = _monte_carlo_summary(result, exact)
    section["monte_carlo"]["per_round"] = monte_carlo_per_round(result)
    return section


def check_section(
    scenario,
    *,
    row: str | None = None,
    col: str | None = None,
    parameters: dict[str, float] | None = None,
    monitoring: str | None = None,
) -> dict[str, Any]:
    """Repeated-game checks of the scenario's strategy profile.

    ``equilibrium``: the check under ``monitoring`` (default: the scenario's own signals),
    with the scenario's noise and treaty states, and its assumptions
    (:func:`sim.repeated.check.equilibrium_check`; ``None`` without discounting). The other
    entries are a reference under perfect monitoring without trembles (``reference``).

    With an effective discount factor ``discount * continuation`` below 1: the one-shot
    deviation check and best responses in the infinitely repeated game. At 1 (a fixed
    horizon, no discounting) ``subgame_perfect`` is None and the best responses are those of
    the finitely repeated game over the scenario's rounds. The critical discount factor is
    computed in both cases.
    """
    from sim.compile.setup import play_setup
    from sim.play.checks import (
        best_response,
        check_subgame_perfect,
        critical_discount,
        profile_values,
    )
    from sim.play.exact import match_payoffs

    setup = play_setup(scenario, parameters, row=row, col=col)
    model = setup.model
    delta = float(np.asarray(model.discount * model.continuation))
    section = _header(scenario, setup)
    section["effective_discount"] = delta
    infinite = delta < 1.0
    section["horizon"] = "infinite" if infinite else setup.rounds
    section["subgame_perfect"] = None
    section["largest_gain"] = None
    section["profitable_deviation"] = None
    if infinite:
        check = check_subgame_perfect(model, setup.row, setup.col)
        section["subgame_perfect"] = bool(check.subgame_perfect)
        gains = check.largest_gain.tolist()
        section["largest_gain"] = dict(zip(("row", "col"), gains, strict=True))
        if check.worst is not None:
            fields = ("player", "state", "action", "gain")
            section["profitable_deviation"] = dict(zip(fields, check.worst, strict=True))
    section["critical_discount"] = critical_discount(model, setup.row, setup.col)
    section["reference"] = "perfect monitoring, no trembles"
    section["equilibrium"] = None
    if infinite:
        from sim.repeated.check import equilibrium_check

        found = equilibrium_check(model, setup.row, setup.col, monitoring)
        section["equilibrium"] = found.to_dict()
    perfect = model.perfect()
    rounds = None if infinite else setup.rounds
    if infinite:
        current = profile_values(perfect, setup.row, setup.col)
    else:
        current = match_payoffs(perfect, setup.row, setup.col, setup.rounds)
    responses = {}
    for side, opponent in ((0, setup.col), (1, setup.row)):
        response = best_response(perfect, opponent, side, rounds)
        responses[("row", "col")[side]] = {
            "against": opponent.name,
            "payoff": response.payoff,
            "opponent_payoff": response.opponent_payoff,
            "current_payoff": float(current[side]),
            "gain": _clean(response.payoff - float(current[side]), response.payoff),
            "policy": _on_path(response),
        }
    section["best_response"] = responses
    return section


def play_markdown(section: dict[str, Any]) -> str:
    """The play section explained in words (Markdown)."""
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
        totals = section["totals"]
        lines += ["", f"Totals: {names[0]} {totals[0]:g}, {names[1]} {totals[1]:g}."]
        return "\n".join(lines) + "\n"
    exact, mc = section["exact"], section["monte_carlo"]
    pay, avg = exact["payoffs"], exact["average_payoffs"]
    lines.append(
        f"Exact (Markov chain), {time}: expected payoffs {names[0]} {pay[0]:.4g}, "
        f"{names[1]} {pay[1]:.4g} (per round {avg[0]:.4g} and {avg[1]:.4g})."
    )
    if len(section["treaty_states"]) > 1:
        ended = exact["ended_by"]
        lines.append(
            f"The treaty ends within the horizon with probability "
            f"{exact['end_probability']:.2%}: the {names[0]} side's move ends it with probability "
            f"{ended['row']:.2%}, the {names[1]} side's with {ended['col']:.2%}. Expected rounds "
            f"before it ends: {exact['expected_rounds_in_force']:.4g} of {section['rounds']}."
        )
        points = ", ".join(f"round {t}: {p:.2%}" for t, p in exact["survival_at"].items())
        lines.append(f"Probability that it is still in force: {points}.")
        unbounded = exact["expected_rounds_to_end_without_horizon"]
        if unbounded is None or not np.isfinite(unbounded):
            lines.append("Without a horizon it may last for ever (with positive probability).")
        else:
            lines.append(f"Without a horizon it would end after {unbounded:.4g} rounds on average.")
    lines += ["", _mc_text(mc, names, len(section["treaty_states"]) > 1), ""]
    return "\n".join(lines) + "\n"


def check_markdown(section: dict[str, Any]) -> str:
    """The repeated-game checks explained in words (Markdown)."""
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


def strategies_section(scenario=None) -> dict[str, Any]:
    """The strategy library (and a scenario's own strategies) as JSON-ready entries.

    With a scenario, ``always_{action}`` is spelled out for its actions and every strategy
    is built for the row player to show its states.
    """
    from sim.compile.library import find, library

    entries = []
    actions = tuple(scenario.model.actions.row) if scenario is not None else None
    for key, spec in library().items():
        names = [key]
        if actions is not None and "{action}" in key:
            names = [key.replace("{action}", a) for a in actions]
        for name in names:
            entry = _spec_entry(name, spec, "library")
            if scenario is not None and find(name, actions) is not None:
                entry["states"] = _built_states(scenario, name)
            entries.append(entry)
    if scenario is not None:
        for name, spec in scenario.model.strategies.items():
            entry = _spec_entry(name, spec, "scenario")
            entry["states"] = _built_states(scenario, name)
            entries.append(entry)
    return {"strategies": entries}


def strategies_markdown(section: dict[str, Any]) -> str:
    """The strategy list as Markdown."""
    lines = ["## Strategies", ""]
    for entry in section["strategies"]:
        where = " (defined in the scenario)" if entry["origin"] == "scenario" else ""
        lines.append(f"- `{entry['name']}`{where}: {entry['description']}")
        if entry["source"]:
            lines.append(f"  Source: {entry['source']}")
        for name, parameter in entry["parameters"].items():
            default = parameter["default"]
            shown = "" if default is None else f", default {default}"
            lines.append(
                f"  Parameter `{name}` ({parameter['kind']}{shown}): {parameter['description']}"
            )
        if "states" in entry:
            lines.append(f"  States: {'; '.join(entry['states'])}.")
    return "\n".join(lines) + "\n"


def _spec_entry(name: str, spec, origin: str) -> dict[str, Any]:
    return {
        "name": name,
        "origin": origin,
        "description": spec.description,
        "source": spec.source,
        "parameters": {
            p: {"kind": q.kind, "default": q.default, "description": q.description}
            for p, q in spec.parameters.items()
        },
    }


def _built_states(scenario, name: str) -> list[str]:
    from sim.compile.strategies import build_strategy

    automaton = build_strategy(scenario, name, 0, key=f"strategies.{name}")
    return [automaton.describe_state(q) for q in range(automaton.size)]


def write_play_csv(section: dict[str, Any], folder: str | Path) -> Path | None:
    """Write ``play_rounds.csv`` (the exact per-round figures) into ``folder``; None if none."""
    if "per_round" not in section:
        return None
    import pandas as pd

    path = Path(folder) / "play_rounds.csv"
    pd.DataFrame(section["per_round"]).to_csv(path, index=False)
    return path


# ----------------------------------------------------------------------------- helpers


def _header(scenario, setup) -> dict[str, Any]:
    model = setup.model
    return {
        "players": list(model.players),
        "actions": [list(a) for a in model.actions],
        "treaty_states": list(model.treaty_states),
        "rounds": setup.rounds,
        "discount": float(np.asarray(model.discount)),
        "continuation": float(np.asarray(model.continuation)),
        "noise": np.asarray(model.noise).tolist(),
        "strategies": {
            "row": _automaton(setup.row),
            "col": _automaton(setup.col),
        },
    }


def _automaton(automaton) -> dict[str, Any]:
    return {
        "name": automaton.name,
        "description": automaton.description,
        "states": [automaton.describe_state(q) for q in range(automaton.size)],
        "initial": automaton.states[automaton.initial],
    }


def _one_run(setup, seed: int) -> dict[str, Any]:
    from sim.play.montecarlo import simulate

    result = simulate(setup.model, setup.row, setup.col, setup.rounds, 1, seed, trajectories=True)
    row_names, col_names = setup.model.actions
    history = [
        [row_names[i], col_names[j]]
        for i, j in zip(result.row_actions[0], result.col_actions[0], strict=True)
    ]
    treaty = [setup.model.treaty_states[k] for k in result.treaty_states_path[0]]
    return {
        "history": history,
        "treaty_history": treaty,
        "totals": result.totals[0].tolist(),
        "discounted_totals": result.payoffs[0].tolist(),
    }


def _checkpoints(rounds: int) -> list[int]:
    return sorted({0, rounds // 4, rounds // 2, (3 * rounds) // 4, rounds - 1})


def _exact_summary(exact) -> dict[str, Any]:
    return {
        "payoffs": exact.payoffs.tolist(),
        "average_payoffs": exact.average_payoffs.tolist(),
        "end_probability": float(exact.end_probability),
        "ended_by": {"row": float(exact.ended_by[0]), "col": float(exact.ended_by[1])},
        "ended_by_cause": dict(zip(CAUSES, exact.ended_by_cause.tolist(), strict=True)),
        "expected_rounds_in_force": float(exact.expected_rounds_in_force),
        "survival_at": {t: float(exact.survival[t]) for t in _checkpoints(exact.rounds)},
        "final_treaty_state": dict(
            zip(exact.treaty_states, exact.treaty_probabilities[-1].tolist(), strict=True)
        ),
        "action_frequencies": {
            "row": dict(
                zip(exact.actions[0], exact.row_actions.mean(axis=0).tolist(), strict=True)
            ),
            "col": dict(
                zip(exact.actions[1], exact.col_actions.mean(axis=0).tolist(), strict=True)
            ),
        },
    }


def _per_round(exact) -> dict[str, list]:
    table: dict[str, list] = {"round": list(range(exact.rounds))}
    table["survival"] = exact.survival.tolist()
    for k, name in enumerate(exact.treaty_states):
        table[f"treaty_{name}"] = exact.treaty_probabilities[:, k].tolist()
    for side, actions, marginal in (
        ("row", exact.actions[0], exact.row_actions),
        ("col", exact.actions[1], exact.col_actions),
    ):
        for a, name in enumerate(actions):
            table[f"{side}_{name}"] = marginal[:, a].tolist()
    table["row_payoff"] = exact.stage_payoffs[:, 0].tolist()
    table["col_payoff"] = exact.stage_payoffs[:, 1].tolist()
    return table


def monte_carlo_per_round(result) -> dict[str, dict[str, list[float]]]:
    """Per-round Monte Carlo estimates with 95% half-widths, keyed like the exact table:
    ``survival`` (the treaty still in force in round t) and ``row_<action>`` /
    ``col_<action>`` (the share of runs playing the action in round t).

    Needs a result simulated with ``trajectories=True``.
    """
    rounds = np.arange(result.rounds)
    ended = np.where(result.end_round >= 0, result.end_round, result.rounds)
    per_run = {"survival": rounds[None, :] <= ended[:, None]}
    for side, names, paths in (
        ("row", result.actions[0], result.row_actions),
        ("col", result.actions[1], result.col_actions),
    ):
        for k, name in enumerate(names):
            per_run[f"{side}_{name}"] = paths == k
    estimates = {}
    for key, values in per_run.items():
        mean, half = result.mean(values.astype(float))
        estimates[key] = {"mean": mean.tolist(), "ci95": half.tolist()}
    return estimates


def _monte_carlo_summary(result, exact) -> dict[str, Any]:
    def pair(values) -> dict[str, Any]:
        mean, half = result.mean(values)
        half = np.where(np.abs(half) < 1e-9 * np.maximum(np.abs(mean), 1.0), 0.0, half)
        return {"mean": np.asarray(mean).tolist(), "ci95": np.asarray(half).tolist()}

    survival = result.survival()
    checkpoints = _checkpoints(result.rounds)
    summary = {
        "runs": result.runs,
        "seed": result.seed,
        "payoffs": pair(result.payoffs),
        "end_probability": pair(result.end_weight),
        "ended_by": pair(result.ended_by()),
        "rounds_in_force": pair(result.rounds_in_force),
        "survival_at": {t: float(survival[t]) for t in checkpoints},
    }
    mean, half = result.mean(result.payoffs)
    summary["agrees_with_exact"] = bool(np.all(np.abs(mean - exact.payoffs) <= 2 * half + 1e-9))
    return summary


def _mc_text(mc: dict[str, Any], names, treaty: bool) -> str:
    pay = mc["payoffs"]
    text = (
        f"Monte Carlo ({mc['runs']} runs, seed {mc['seed']}): payoffs {names[0]} "
        f"{pay['mean'][0]:.4g} ± {pay['ci95'][0]:.2g}, {names[1]} {pay['mean'][1]:.4g} ± "
        f"{pay['ci95'][1]:.2g} (95% intervals)"
    )
    if treaty:
        end = mc["end_probability"]
        text += f"; end probability {end['mean']:.2%} ± {end['ci95']:.2%}"
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
    if section["continuation"] < 1:
        text += f" (continuation probability {section['continuation']:g}, truncated)"
    if section["discount"] < 1:
        text += f", discount factor {section['discount']:g}"
    return text


def _horizon_text(section: dict[str, Any]) -> str:
    if section["horizon"] == "infinite":
        return f"infinite horizon, discount {section['effective_discount']:g}"
    return f"{section['horizon']} rounds"


def _clean(value: float, scale: float) -> float:
    """``value``, or 0 when it is rounding noise relative to ``scale``."""
    return 0.0 if abs(value) <= 1e-9 * max(1.0, abs(scale)) else value


def _on_path(response) -> dict[str, str]:
    """The best response's actions in the states it reaches from the start."""
    return {label: response.policy[label] for label in response.reached}
