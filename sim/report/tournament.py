"""The tournament and evolution sections: JSON-ready dicts and Markdown text.

``tournament_section(scenario)`` is the short section of ``stabsim run`` (``None`` when the
scenario names no pools); ``stabsim tournament`` prints :func:`tournament_markdown` of
:func:`tournament_report`, ``stabsim evolve`` prints :func:`evolve_markdown` of
:func:`evolve_report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.evolution.metagame import MetaGame, Ranking
from sim.report.tables import dominating_mixture, fmt, markdown_table, mixture
from sim.scenario.loader import LoadedScenario

DYNAMICS = ("replicator", "moran", "fictitious", "logit")
PATH_POINTS = 11
"""Points of a trajectory kept in a report (evenly spaced, the start and the end included)."""


# ----------------------------------------------------------------------------- tournament


def tournament_section(scenario: LoadedScenario) -> dict[str, Any] | None:
    """The short tournament section of ``stabsim run``; ``None`` without ``[tournament]``."""
    if scenario.model.tournament is None:
        return None
    return tournament_report(scenario)


def tournament_report(
    scenario: LoadedScenario,
    row_pool: Sequence[str] | None = None,
    col_pool: Sequence[str] | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """Play the round robin of the scenario's pools and analyse its table.

    ``row_pool``/``col_pool`` replace the scenario's pools by library or scenario strategy
    names; ``method`` (``exact`` or ``monte_carlo``) replaces the scenario's.
    """
    from sim.evolution.scenario_table import scenario_table

    table = scenario_table(scenario, row_pool, col_pool, method)
    return table_fields(table.meta, table.scale) | table.settings


def table_fields(meta: MetaGame, scale: float) -> dict[str, Any]:
    """Table, per-round table, ranking, equilibria and dominance of a tournament table.

    ``scale`` divides the totals into per-round payoffs (the number of rounds, or the sum of
    the discount weights).
    """
    from sim.evolution.analysis import analyse_metagame

    analysis = analyse_metagame(meta)
    eq = analysis.equilibria
    names = [list(meta.row_names), list(meta.col_names)]
    return {
        "players": list(meta.players),
        "pools": names,
        "shared_pool": meta.shares_pool(),
        "table": {
            "row": meta.row_payoffs,
            "col": meta.col_payoffs,
            "row_se": meta.row_se if meta.sampled else None,
            "col_se": meta.col_se if meta.sampled else None,
        },
        "per_round_scale": scale,
        "ranking": [_ranking(analysis.row_ranking, scale), _ranking(analysis.col_ranking, scale)],
        "equilibria": [
            {"strategies": [r, c], "payoffs": p}
            for r, c, p in zip(eq.row, eq.col, eq.payoffs, strict=True)
        ],
        "degenerate": eq.degenerate,
        "components": eq.components,
        "dominance": {
            "surviving": [[names[p][k] for k in analysis.dominance.surviving[p]] for p in (0, 1)],
            "eliminated": [
                {
                    "player": meta.players[e.player],
                    "strategy": names[e.player][e.action],
                    "round": e.round,
                    "by": {names[e.player][k]: w for k, w in e.by.items()},
                }
                for e in analysis.dominance.eliminated
            ],
        },
    }


def _ranking(ranking: Ranking, scale: float) -> list[dict[str, Any]]:
    return [
        {"strategy": name, "mean": mean, "se": se, "mean_per_round": mean / scale}
        for name, mean, se in zip(
            ranking.names, ranking.means, ranking.standard_errors, strict=True
        )
    ]


def tournament_markdown(section: dict[str, Any]) -> str:
    """The tournament section as Markdown: a summary in words, the table, what it means."""
    lines = ["## Tournament", "", _settings_sentence(section), ""]
    lines += _summary_markdown(section)
    lines += _table_markdown(section)
    lines += _ranking_markdown(section)
    lines += _metagame_markdown(section)
    return "\n".join(lines)


def _summary_markdown(section: dict[str, Any]) -> list[str]:
    players, pools = section["players"], section["pools"]
    lines = ["In short:", ""]
    for player, ranking in zip(players, section["ranking"], strict=True):
        best, worst = ranking[0], ranking[-1]
        lines.append(
            f"- Against the whole field, {player} does best with **{best['strategy']}** "
            f"({fmt(best['mean_per_round'], 3)} per round) and worst with {worst['strategy']} "
            f"({fmt(worst['mean_per_round'], 3)})."
        )
    equilibria = section["equilibria"]
    profiles = "; ".join(
        f"{players[0]} {mixture(pools[0], e['strategies'][0], digits=3)}, "
        f"{players[1]} {mixture(pools[1], e['strategies'][1], digits=3)}"
        for e in equilibria[:4]
    )
    more = f" (and {len(equilibria) - 4} more)" if len(equilibria) > 4 else ""
    lines.append(
        f"- Nash equilibria of the meta-game (choices of strategy from which neither side "
        f"gains by switching): {profiles}{more}."
    )
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
    table, scale = section["table"], section["per_round_scale"]
    sampled = table["row_se"] is not None
    lines = [
        f"Payoffs per round when {row_player} plays the row strategy and {col_player} the "
        "numbered column strategy"
        + (" (± standard error)" if sampled else "")
        + f"; totals over the horizon are {fmt(scale, 4)} times these (`--json` gives them).",
        "",
    ]
    header = [f"{row_player} \\ {col_player}", *(f"({k + 1})" for k in range(len(col_names)))]
    for player, key in ((row_player, "row"), (col_player, "col")):
        rows = []
        for i, name in enumerate(row_names):
            cells = []
            for j in range(len(col_names)):
                cell = f"{table[key][i][j] / scale:.2f}"
                if sampled:
                    cell += f" ±{table[key + '_se'][i][j] / scale:.2f}"
                cells.append(cell)
            rows.append([name, *cells])
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
            se = f" ± {fmt(entry['se'], 2)}" if entry["se"] > 0 else ""
            lines.append(
                f"{k + 1}. {entry['strategy']}: {fmt(entry['mean'])}{se} "
                f"({fmt(entry['mean_per_round'])})"
            )
        lines.append("")
    return lines


def _metagame_markdown(section: dict[str, Any]) -> list[str]:
    players, pools = section["players"], section["pools"]
    equilibria = section["equilibria"]
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
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}"]
    rows = [
        [
            str(k + 1),
            mixture(pools[0], e["strategies"][0], digits=3),
            mixture(pools[1], e["strategies"][1], digits=3),
            fmt(e["payoffs"][0]),
            fmt(e["payoffs"][1]),
        ]
        for k, e in enumerate(equilibria)
    ]
    lines += [f"Nash equilibria ({len(equilibria)}):", "", markdown_table(header, rows), ""]
    dominance = section["dominance"]
    if dominance["eliminated"]:
        lines.append(
            "Strictly dominated strategies (another strategy, or a mix, earns more against "
            "every remaining strategy of the other side), removed in turn:"
        )
        lines.append("")
        for e in dominance["eliminated"]:
            by = dominating_mixture(e["by"])
            lines.append(f"- round {e['round']}: {e['player']}'s {e['strategy']} (by {by})")
        lines.append("")
    else:
        lines += ["No strategy is strictly dominated.", ""]
    return lines


# ----------------------------------------------------------------------------- evolution


def evolve_report(
    scenario: LoadedScenario,
    dynamics: str = "replicator",
    row_pool: Sequence[str] | None = None,
    col_pool: Sequence[str] | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """Run one dynamics: replicator or Moran on the tournament table (per-round payoffs),
    fictitious play or logit dynamics on the stage game."""
    from sim.errors import OptionError

    if dynamics not in DYNAMICS:
        raise OptionError(f"unknown dynamics {dynamics!r} ({', '.join(DYNAMICS)})", "--dynamics")
    tournament = scenario.model.tournament
    settings = tournament.evolution if tournament is not None else None
    if settings is None:
        from sim.scenario.tournament import EvolutionSettings

        settings = EvolutionSettings()
    if dynamics in ("fictitious", "logit"):
        from sim.compile.game import build_game

        game = build_game(scenario)
        return learning_fields(
            game.row_payoffs, game.col_payoffs, game.players, game.actions, dynamics, settings
        )
    from sim.evolution.scenario_table import scenario_table

    table = scenario_table(scenario, row_pool, col_pool, method)
    meta = table.meta
    per_round = MetaGame(
        meta.row_names,
        meta.col_names,
        meta.row_payoffs / table.scale,
        meta.col_payoffs / table.scale,
        meta.row_se / table.scale,
        meta.col_se / table.scale,
        meta.players,
    )
    if dynamics == "replicator":
        start = _start(settings, meta.shape, scenario.path)
        section = replicator_fields(per_round, settings.time, start)
    else:
        rng = np.random.default_rng(np.random.SeedSequence(settings.seed))
        section = moran_fields(per_round, settings, rng)
    return section | table.settings


def _start(settings, shape: tuple[int, int], path: str):
    """The starting shares of ``[tournament.evolution]``, or ``None`` for equal shares."""
    from sim.errors import ScenarioError

    if settings.row_start is None and settings.col_start is None:
        return None
    shares = []
    for side, key in enumerate(("row_start", "col_start")):
        weights = getattr(settings, key)
        if weights is None:
            shares.append(np.full(shape[side], 1.0 / shape[side]))
            continue
        if len(weights) != shape[side]:
            raise ScenarioError(
                f"{len(weights)} weights for a pool of {shape[side]} strategies",
                path,
                f"tournament.evolution.{key}",
            )
        shares.append(np.asarray(weights, dtype=float) / sum(weights))
    return shares[0], shares[1]


def replicator_fields(meta: MetaGame, time: float, start=None) -> dict[str, Any]:
    """Replicator path from ``start`` (default: equal shares), and the rest points."""
    from sim.evolution.evolve import run_replicator

    result = run_replicator(meta.row_payoffs, meta.col_payoffs, time, start)
    path = result.trajectory
    keep = _sample(len(path.times))
    rest = None
    if result.rest is not None:
        rest = [
            {
                "shares": [p.row, p.col],
                "nash": p.nash,
                "isolated": p.isolated,
                "stability": p.stability,
                "eigenvalues": [[complex(v).real, complex(v).imag] for v in p.eigenvalues],
            }
            for p in sorted(result.rest, key=_rest_order)
        ]
    return {
        "dynamics": "replicator",
        "players": list(meta.players),
        "pools": [list(meta.row_names), list(meta.col_names)],
        "payoffs_per_round": [meta.row_payoffs, meta.col_payoffs],
        "time": time,
        "start": [path.row[0], path.col[0]],
        "start_text": "equal shares" if start is None else "the given shares",
        "path": {"times": path.times[keep], "row": path.row[keep], "col": path.col[keep]},
        "end": [path.row[-1], path.col[-1]],
        "rest_points": rest,
    }


def _rest_order(point) -> tuple:
    rank = {"asymptotically stable": 0, "neutral": 1, "unstable": 2}[point.stability]
    return (not point.nash, rank, np.count_nonzero(point.row) + np.count_nonzero(point.col))


def _sample(count: int) -> list[int]:
    return sorted({round(k * (count - 1) / (PATH_POINTS - 1)) for k in range(PATH_POINTS)})


def moran_fields(meta: MetaGame, settings, rng) -> dict[str, Any]:
    """Fixation probabilities within the shared pool, checked by simulation."""
    from sim.errors import OptionError
    from sim.evolution.evolve import run_moran

    if not meta.shares_pool():
        raise OptionError(
            "the Moran process runs within one pool: give the scenario one 'pool' "
            "(or the same --row-pool and --col-pool)",
            "--dynamics",
        )
    try:
        result = run_moran(
            meta.pool_payoffs(),
            settings.population,
            settings.intensity,
            settings.fitness,
            settings.runs,
            rng,
        )
    except ValueError as exc:
        raise OptionError(str(exc), "tournament.evolution.intensity") from None
    names = list(meta.row_names)
    agreement = result.agreement()
    return {
        "dynamics": "moran",
        "players": list(meta.players),
        "pool": names,
        "payoffs_per_round": result.payoffs,
        "population": result.population,
        "intensity": result.intensity,
        "fitness": result.fitness,
        "neutral": result.neutral,
        "fixation": result.rho,
        "simulated": result.simulated,
        "interval_low": result.low,
        "interval_high": result.high,
        "runs": result.runs,
        "closed_form_in_interval": agreement,
        "rare_mutation_shares": result.stationary,
        "seed": settings.seed,
    }


def learning_fields(A, B, players, actions, dynamics: str, settings) -> dict[str, Any]:
    """Fictitious play or logit dynamics on the stage game."""
    from sim.evolution.evolve import run_fictitious, run_logit

    if dynamics == "fictitious":
        result = run_fictitious(A, B, settings.learning_rounds)
    else:
        result = run_logit(A, B, settings.precision, settings.time)
    keep = _sample(len(result.times))
    fields = {
        "dynamics": dynamics,
        "game": "stage",
        "players": list(players),
        "actions": [list(a) for a in actions],
        "path": {"times": result.times[keep], "row": result.row[keep], "col": result.col[keep]},
        "end": [result.row[-1], result.col[-1]],
    }
    if dynamics == "fictitious":
        fields["rounds"] = settings.learning_rounds
    else:
        fields["precision"] = settings.precision
        fields["time"] = settings.time
    return fields


def evolve_markdown(section: dict[str, Any]) -> str:
    """An evolve section as Markdown, with what the numbers mean."""
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
            f"{row_player} {_shares(row_names, p['shares'][0], 1e-9)} with {col_player} "
            f"{_shares(col_names, p['shares'][1], 1e-9)}"
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
            _shares(row_names, p["shares"][0], 1e-9),
            _shares(col_names, p["shares"][1], 1e-9),
            p["stability"] + ("" if p["isolated"] else " (in a set of equilibria)"),
            "≈ 0"
            if p["stability"] == "neutral"
            else fmt(max((v[0] for v in p["eigenvalues"]), default=0.0), 3),
        ]
        for p in nash
    ]
    if rows:
        lines += ["The rest points that are Nash equilibria:", "", markdown_table(header, rows), ""]
    return lines


def _moran_markdown(section: dict[str, Any]) -> list[str]:
    names = section["pool"]
    n, w, neutral = section["population"], section["intensity"], section["neutral"]
    rho = np.asarray(section["fixation"], dtype=float)
    fitness = "1 - w + w·payoff" if section["fitness"] == "linear" else "exp(w·payoff)"
    off = ~np.eye(len(names), dtype=bool)
    invaders = [names[k] for k in range(len(names)) if np.all(rho[k][off[k]] > neutral)]
    resistant = [names[r] for r in range(len(names)) if np.all(rho[:, r][off[:, r]] <= neutral)]
    shares = section["rare_mutation_shares"]
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
                "-" if k == r else fmt(rho[k][r], 3) + ("*" if rho[k][r] > neutral else "")
                for r in range(len(names))
            ),
        ]
        for k, mutant in enumerate(names)
    ]
    legend = ", ".join(f"({k + 1}) {name}" for k, name in enumerate(names))
    lines += [markdown_table(header, rows), "", f"Residents: {legend}.", ""]
    agreement = section["closed_form_in_interval"]
    if agreement is None:
        lines += ["(No simulated check: runs = 0, or a population above 500.)", ""]
    else:
        count = len(names) * (len(names) - 1)
        inside = int(np.sum(np.asarray(agreement, dtype=bool)[off]))
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
