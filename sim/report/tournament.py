"""The tournament and evolution sections rendered as Markdown.

:func:`tournament_markdown` renders a :class:`~sim.evolution.tournament.TournamentResult`
and :func:`evolve_markdown` the result of :func:`sim.evolution.dynamics.evolve` (each also
takes the result's ``to_dict()``, as read back from ``report.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.report.tables import as_data, fmt, markdown_table
from sim.report.tournament_metagame import equilibria_bullet, metagame_markdown
from sim.tolerance import SUPPORT_CUT

# ----------------------------------------------------------------------------- tournament


def tournament_markdown(result) -> str:
    """The tournament section as Markdown: a summary in words, the table, what it means."""
    section = as_data(result)
    lines = ["## Tournament", "", _settings_sentence(section), ""]
    lines += _summary_markdown(section)
    lines += _table_markdown(section)
    lines += _ranking_markdown(section)
    lines += metagame_markdown(section)
    return "\n".join(lines)


def _summary_markdown(section: dict[str, Any]) -> list[str]:
    players = section["players"]
    lines = ["In short:", ""]
    for player, ranking in zip(players, section["ranking"], strict=True):
        best, worst = ranking[0], ranking[-1]
        lines.append(
            f"- Against the whole field, {player} does best with **{best['strategy']}** "
            f"({fmt(_mean(best['payoff_per_round']), 3)} per round) and worst with "
            f"{worst['strategy']} ({fmt(_mean(worst['payoff_per_round']), 3)})."
        )
    lines.append(equilibria_bullet(section))
    surviving = section["dominance"]["surviving"]
    if section["dominance"]["eliminated"]:
        lines.append(
            "- Strategies that survive the removal of strictly dominated ones: "
            + "; ".join(
                f"{player}: {', '.join(names)}"
                for player, names in zip(players, surviving, strict=True)
            )
            + "."
        )
    lines.append("")
    return lines


def _table_markdown(section: dict[str, Any]) -> list[str]:
    """Per-round payoffs, one table per player, numbered columns (totals are in the JSON)."""
    row_player, col_player = section["players"]
    row_names, col_names = section["pools"]
    scale = section["per_round_scale"]
    cells = {(r["row"]["index"], r["col"]["index"]): r for r in section["table"]}
    sampled = section["sampled"]
    lines = [
        f"Payoffs per round when {row_player} plays the row strategy and {col_player} the "
        "numbered column strategy"
        + (" (± standard error)" if sampled else "")
        + f"; totals over the horizon are {fmt(scale, 4)} times these (in the JSON output).",
        "",
    ]
    header = [f"{row_player} \\ {col_player}", *(f"({k + 1})" for k in range(len(col_names)))]
    for player, key in ((row_player, "row"), (col_player, "col")):
        rows = []
        for i, name in enumerate(row_names):
            shown = []
            for j in range(len(col_names)):
                entry = cells[(i, j)][f"{key}_payoff_per_round"]
                cell = f"{_mean(entry):.2f}"
                if sampled:
                    cell += f" ±{entry['se']:.2f}"
                shown.append(cell)
            rows.append([name, *shown])
        lines += [f"{player}'s payoff:", "", markdown_table(header, rows), ""]
    legend = ", ".join(f"({k + 1}) {name}" for k, name in enumerate(col_names))
    lines += [f"Columns: {legend}.", ""]
    return lines


def _settings_sentence(section: dict[str, Any]) -> str:
    method = section.get("method", "exact")
    how = (
        "exact expected payoffs from the Markov chain of each pairing"
        if method == "exact"
        else f"Monte Carlo means over {section.get('runs')} runs per pairing "
        f"(seed {section.get('seed')}); where two strategies earn nearly the same, sampling "
        "error can change the equilibria and the ranking, so compare with the exact table"
    )
    horizon = section.get("horizon", "")
    return f"Round robin, {how}; {horizon}".rstrip("; ") + "."


def _ranking_markdown(section: dict[str, Any]) -> list[str]:
    lines = []
    for player, ranking, others in zip(
        section["players"], section["ranking"], reversed(section["pools"]), strict=True
    ):
        lines.append(
            f"{player}'s strategies ranked by mean total payoff against all {len(others)} of "
            "the other side's (per round in brackets):"
        )
        lines.append("")
        for k, entry in enumerate(ranking):
            payoff = entry["payoff"]
            se = f" ± {fmt(payoff['se'], 2)}" if isinstance(payoff, dict) and payoff["se"] else ""
            lines.append(
                f"{k + 1}. {entry['strategy']}: {fmt(_mean(payoff))}{se} "
                f"({fmt(_mean(entry['payoff_per_round']))})"
            )
        lines.append("")
    return lines


def _mean(value) -> float:
    """A table value: an exact number, or the mean of an estimate."""
    return value["mean"] if isinstance(value, dict) else value


# ----------------------------------------------------------------------------- evolution


def evolve_markdown(result) -> str:
    """An evolve section as Markdown, with what the numbers mean."""
    section = as_data(result)
    render = {
        "replicator": _replicator_markdown,
        "moran": _moran_markdown,
        "fictitious": _learning_markdown,
        "logit": _learning_markdown,
    }[section["dynamics"]]
    return "\n".join(render(section))


def _shares(names: Sequence[str], shares: Sequence[float], cut: float = 0.005) -> str:
    """The strategies holding at least ``cut`` of a population, largest first."""
    pairs = sorted(zip(shares, names, strict=True), reverse=True)
    kept = [f"{name} {fmt(100 * share, 3)}%" for share, name in pairs if share >= cut]
    return ", ".join(kept) or "none"


def _share_table(names: Sequence[str], times, shares, player: str, clock: str) -> list[str]:
    """Shares in percent: one row a strategy, one column a time (six of the kept times)."""
    picks = sorted({round(k * (len(times) - 1) / 5) for k in range(6)})
    header = [f"{player} ({clock})", *(fmt(times[k], 3) for k in picks)]
    rows = [[name, *(f"{100 * shares[k][i]:.1f}%" for k in picks)] for i, name in enumerate(names)]
    return [markdown_table(header, rows), ""]


def _replicator_markdown(section: dict[str, Any]) -> list[str]:
    (row_player, col_player), (row_names, col_names) = section["players"], section["pools"]
    path, rest = section["path"], section["rest_points"]
    end_row, end_col = section["end"]
    lines = ["## Replicator dynamics", ""]
    stable = [p for p in rest or [] if p["stability"] == "asymptotically stable"]
    lines += [
        "In short:",
        "",
        f"- From {section['start_text']}, after time {fmt(section['time'])}: {row_player} "
        f"{_shares(row_names, end_row)}; {col_player} {_shares(col_names, end_col)}.",
    ]
    if rest is not None:
        where = "; ".join(
            f"{row_player} {_shares(row_names, p['shares'][0], SUPPORT_CUT)} with {col_player} "
            f"{_shares(col_names, p['shares'][1], SUPPORT_CUT)}"
            for p in stable
        )
        lines.append(
            f"- Asymptotically stable outcomes (a small invasion by any other strategy dies "
            f"out): {where or 'none'}."
        )
    lines += [
        "",
        f"Two populations: {row_player} policy-makers choosing among {row_player}'s strategies "
        f"and {col_player}'s among {col_player}'s. A strategy's share grows in proportion to how "
        "much more than its population's average it earns against the other population "
        "(per-round payoffs from the tournament table); time is in units of one over a "
        "per-round payoff.",
        "",
    ]
    lines += _share_table(row_names, path["times"], path["row"], row_player, "time")
    lines += _share_table(col_names, path["times"], path["col"], col_player, "time")
    if rest is None:
        lines += ["(Rest points are enumerated for pools of at most 8 strategies.)", ""]
        return lines
    nash = [p for p in rest if p["nash"]]
    lines += [
        f"Rest points (where no share changes): {len(rest)}, of which "
        + ("1 is a Nash equilibrium" if len(nash) == 1 else f"{len(nash)} are Nash equilibria")
        + f" of the meta-game and {len(stable)} asymptotically stable (all eigenvalues of the "
        "Jacobian have negative real parts). A rest point that is not a Nash equilibrium is "
        "unstable: some strategy absent from it would earn more and spread. A neutral point "
        "(largest real part zero) lies in a set of rest points, where ties in the table let "
        "shares drift, or is a centre.",
        "",
    ]
    header = [row_player, col_player, "stability", "largest real part"]
    rows = [
        [
            _shares(row_names, p["shares"][0], SUPPORT_CUT),
            _shares(col_names, p["shares"][1], SUPPORT_CUT),
            p["stability"] + ("" if p["isolated"] else " (in a set of equilibria)"),
            "≈ 0" if p["stability"] == "neutral" else fmt(p["largest_real_part"], 3),
        ]
        for p in nash
    ]
    if rows:
        lines += ["The rest points that are Nash equilibria:", "", markdown_table(header, rows), ""]
    return lines


def _moran_markdown(section: dict[str, Any]) -> list[str]:
    names = section["pools"][0]
    n, w, neutral = section["population"], section["intensity"], section["neutral"]
    cells = {(r["mutant"]["index"], r["resident"]["index"]): r for r in section["fixation"]}
    fitness = "1 - w + w·payoff" if section["fitness"] == "linear" else "exp(w·payoff)"
    invaders, resistant = section["invaders"], section["resistant"]
    shares = [section["rare_mutation_shares"][name] for name in names]
    lines = [
        "## Moran process (one pool, finite population)",
        "",
        "In short:",
        "",
        f"- Favoured to take over from every other strategy: {', '.join(invaders) or 'none'}.",
        f"- Established strategies that no single newcomer is favoured to replace: "
        f"{', '.join(resistant) or 'none'}.",
        f"- With rare innovation, the share of time each strategy is the established one "
        f"(Fudenberg and Imhof 2006): {_shares(names, shares, 0.0)}.",
        "",
        f"A population of {n} states, each playing either side's role half of the time, all "
        f"following one strategy (the resident); one state adopts another (the mutant). Each "
        f"step a state is imitated with probability proportional to its fitness {fitness} "
        f"(w = {fmt(w)}, per-round payoffs) and the copy replaces a state chosen at random. "
        f"The table gives the probability that a single mutant takes over; neutral drift "
        f"gives 1/N = {fmt(neutral)}, and * marks a mutant favoured by selection (above 1/N).",
        "",
    ]
    header = ["mutant \\ resident", *(f"({k + 1})" for k in range(len(names)))]
    rows = [
        [
            mutant,
            *(
                "-"
                if k == r
                else fmt(cells[(k, r)]["fixation"], 3) + ("*" if cells[(k, r)]["favoured"] else "")
                for r in range(len(names))
            ),
        ]
        for k, mutant in enumerate(names)
    ]
    legend = ", ".join(f"({k + 1}) {name}" for k, name in enumerate(names))
    lines += [markdown_table(header, rows), "", f"Residents: {legend}.", ""]
    inside, count = section["closed_form_in_interval_count"], section["pairs"]
    if inside is None:
        lines += ["(No simulated check: runs = 0, or a population above 500.)", ""]
    else:
        lines += [
            f"Check: {section['runs']} simulated runs per pair (seed {section['seed']}); the "
            f"closed form lies inside the 95% interval of the simulation for {inside} of "
            f"{count} pairs (about 95% of them expected).",
            "",
        ]
    return lines


def _learning_markdown(section: dict[str, Any]) -> list[str]:
    (row_player, col_player), (row_actions, col_actions) = section["players"], section["actions"]
    end_row, end_col = section["end"]
    summary = [
        "In short:",
        "",
        f"- At the end: {row_player} {_shares(row_actions, end_row)}; "
        f"{col_player} {_shares(col_actions, end_col)}.",
        "",
    ]
    if section["dynamics"] == "fictitious":
        lines = ["## Fictitious play on the stage game", "", *summary]
        lines += [
            f"Each round both sides choose the action that is best against the other's past "
            f"actions so far (their empirical frequencies); {section['rounds']} rounds. The "
            "first round, with no past, breaks the tie towards the first listed action. Where "
            "the frequencies settle they form a Nash equilibrium of the stage game. Shares of "
            "each action in the rounds played so far:",
            "",
        ]
        clock = "round"
    else:
        lines = ["## Logit best-response dynamics on the stage game", "", *summary]
        lines += [
            f"Each side moves its mix of actions towards a noisy best response (logit, precision "
            f"λ = {fmt(section['precision'])} per unit of payoff: larger is less noisy) to the "
            "other's current mix, starting from equal shares. Its rest points are logit quantal "
            "response equilibria (McKelvey and Palfrey 1995). Shares of each action:",
            "",
        ]
        clock = "time"
    path = section["path"]
    lines += _share_table(row_actions, path["times"], path["row"], row_player, clock)
    lines += _share_table(col_actions, path["times"], path["col"], col_player, clock)
    return lines


def split_pool(items: Sequence[str] | None) -> list[str] | None:
    """Pool names from repeated or comma-separated options; commas inside ``(...)`` are kept.

    ``["tit_for_tat,ultimatum(deadline=2, then=withdraw)"]`` gives two names.
    """
    if items is None:
        return None
    names: list[str] = []
    for item in items:
        depth, current = 0, ""
        for char in item:
            depth += (char == "(") - (char == ")")
            if char == "," and depth == 0:
                names.append(current.strip())
                current = ""
            else:
                current += char
        names.append(current.strip())
    return [name for name in names if name]
