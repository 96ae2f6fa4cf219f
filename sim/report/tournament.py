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
from sim.report.tables import fmt, markdown_table
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
    """The tournament section as Markdown, with what each part means."""
    row_player, col_player = section["players"]
    row_names, col_names = section["pools"]
    lines = ["## Tournament", ""]
    lines += [_settings_sentence(section), ""]
    lines += [
        f"Each cell: {row_player}'s and {col_player}'s total payoff when {row_player} follows "
        f"the row doctrine and {col_player} the column doctrine"
        + (" (± standard error)." if section["table"]["row_se"] is not None else "."),
        "",
    ]
    table = section["table"]
    header = [f"{row_player} \\ {col_player}", *col_names]
    rows = []
    for i, name in enumerate(row_names):
        cells = []
        for j in range(len(col_names)):
            cell = f"{fmt(table['row'][i][j])}, {fmt(table['col'][i][j])}"
            if table["row_se"] is not None:
                cell += f" (±{fmt(table['row_se'][i][j], 2)}, ±{fmt(table['col_se'][i][j], 2)})"
            cells.append(cell)
        rows.append([name, *cells])
    lines += [markdown_table(header, rows), ""]
    lines += _ranking_markdown(section)
    lines += _metagame_markdown(section)
    return "\n".join(lines)


def _settings_sentence(section: dict[str, Any]) -> str:
    method = section.get("method", "exact")
    how = (
        "exact expected payoffs from the Markov chain of each pairing"
        if method == "exact"
        else f"Monte Carlo means over {section.get('runs')} runs per pairing "
        f"(seed {section.get('seed')})"
    )
    horizon = section.get("horizon", "")
    return f"Round robin, {how}; {horizon}".rstrip("; ") + "."


def _ranking_markdown(section: dict[str, Any]) -> list[str]:
    lines = []
    for player, ranking, others in zip(
        section["players"], section["ranking"], reversed(section["pools"]), strict=True
    ):
        lines.append(
            f"{player}'s doctrines ranked by mean payoff against all {len(others)} of the "
            "other side's (per round in brackets):"
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
        "Treating each doctrine as a move and the table as payoffs: a Nash equilibrium is a "
        "choice of doctrines (possibly mixed) from which neither side gains by switching.",
        "",
    ]
    if section["degenerate"]:
        lines += [
            "The table has ties (doctrines that earn the same against some opponents), so "
            "equilibria may come in connected sets; the extreme ones are listed.",
            "",
        ]
    header = ["#", players[0], players[1], f"payoff {players[0]}", f"payoff {players[1]}"]
    rows = [
        [
            str(k + 1),
            mixture(pools[0], e["strategies"][0]),
            mixture(pools[1], e["strategies"][1]),
            fmt(e["payoffs"][0]),
            fmt(e["payoffs"][1]),
        ]
        for k, e in enumerate(equilibria)
    ]
    lines += [f"Nash equilibria ({len(equilibria)}):", "", markdown_table(header, rows), ""]
    dominance = section["dominance"]
    if dominance["eliminated"]:
        lines.append("Strictly dominated doctrines, removed in turn:")
        lines.append("")
        for e in dominance["eliminated"]:
            by = " + ".join(f"{fmt(w)} {a}" if w < 1 else a for a, w in e["by"].items())
            lines.append(f"- round {e['round']}: {e['player']}'s {e['strategy']} (by {by})")
        lines.append("")
    else:
        lines += ["No doctrine is strictly dominated.", ""]
    return lines


def mixture(names: Sequence[str], probabilities: Sequence[float]) -> str:
    """``tit_for_tat`` for a pure choice, ``0.25 a + 0.75 b`` for a mixed one."""
    support = [(a, p) for a, p in zip(names, probabilities, strict=True) if p > 1e-9]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{fmt(p, 3)} {a}" for a, p in support)


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
        from sim.game.build import build_game

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
        section = replicator_fields(per_round, settings.time)
    else:
        rng = np.random.default_rng(np.random.SeedSequence(settings.seed))
        section = moran_fields(per_round, settings, rng)
    return section | table.settings


def replicator_fields(meta: MetaGame, time: float) -> dict[str, Any]:
    """Replicator path from equal shares, and the rest points with their stability."""
    from sim.evolution.evolve import run_replicator

    result = run_replicator(meta.row_payoffs, meta.col_payoffs, time)
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


def _replicator_markdown(section: dict[str, Any]) -> list[str]:
    (row_player, col_player), (row_names, col_names) = section["players"], section["pools"]
    lines = [
        "## Replicator dynamics",
        "",
        f"Two populations, one of {row_player} policy-makers over {row_player}'s doctrines and "
        f"one of {col_player}'s over {col_player}'s; a doctrine's share grows in proportion to "
        "how much better than its population's average it does against the other population "
        "(per-round payoffs from the tournament table). Start: equal shares.",
        "",
    ]
    header = ["time", row_player, col_player]
    path = section["path"]
    rows = [
        [fmt(t, 3), _shares(row_names, r), _shares(col_names, c)]
        for t, r, c in zip(path["times"], path["row"], path["col"], strict=True)
    ]
    lines += [markdown_table(header, rows), ""]
    end_row, end_col = section["end"]
    lines += [
        f"At time {fmt(section['time'])}: {row_player} {_shares(row_names, end_row)}; "
        f"{col_player} {_shares(col_names, end_col)}.",
        "",
    ]
    rest = section["rest_points"]
    if rest is None:
        lines += ["(Rest points are enumerated for pools of at most 8 doctrines.)", ""]
        return lines
    nash = [p for p in rest if p["nash"]]
    stable = [p for p in rest if p["stability"] == "asymptotically stable"]
    lines += [
        f"Rest points: {len(rest)}, of which {len(nash)} are Nash equilibria of the meta-game "
        f"and {len(stable)} asymptotically stable (all eigenvalues of the Jacobian have negative "
        "real parts: a small invasion dies out). A rest point that is not a Nash equilibrium "
        "is unstable: some absent doctrine would do better and spread. Neutral points lie on "
        "sets of rest points (ties in the table) or are centres; nearby paths neither leave nor "
        "return.",
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
    n, w = section["population"], section["intensity"]
    fitness = "1 - w + w·payoff" if section["fitness"] == "linear" else "exp(w·payoff)"
    lines = [
        "## Moran process (one pool, finite population)",
        "",
        f"A population of {n} states (each playing either role half the time) holds one "
        f"doctrine; one adopts another doctrine (the mutant). Each step one state is imitated in "
        f"proportion to its fitness {fitness} (w = {fmt(w)}, per-round payoffs) and the copy "
        f"replaces a random state. The table gives the probability that a single mutant takes "
        f"over. Neutral drift gives 1/N = {fmt(section['neutral'])}: larger means selection "
        "favours the mutant's spread.",
        "",
    ]
    rho = section["fixation"]
    header = ["mutant \\ resident", *names]
    rows = [
        [
            mutant,
            *(
                "-"
                if k == r
                else fmt(rho[k][r], 3) + ("*" if rho[k][r] > section["neutral"] else "")
                for r in range(len(names))
            ),
        ]
        for k, mutant in enumerate(names)
    ]
    lines += [markdown_table(header, rows), "", "(* above 1/N: favoured by selection)", ""]
    agreement = section["closed_form_in_interval"]
    if agreement is not None:
        count = len(names) * (len(names) - 1)
        inside = sum(
            bool(agreement[k][r]) for k in range(len(names)) for r in range(len(names)) if k != r
        )
        lines += [
            f"Check: {section['runs']} simulated runs per pair (seed {section['seed']}); the "
            f"closed form lies inside the 95% interval of the simulation for {inside} of "
            f"{count} pairs (about 95% expected).",
            "",
        ]
    shares = section["rare_mutation_shares"]
    lines += [
        "When new doctrines arise rarely, the population spends this share of time with each "
        f"doctrine established (Fudenberg and Imhof 2006): {_shares(names, shares, 0.0)}.",
        "",
    ]
    return lines


def _learning_markdown(section: dict[str, Any]) -> list[str]:
    (row_player, col_player), (row_actions, col_actions) = section["players"], section["actions"]
    if section["dynamics"] == "fictitious":
        lines = [
            "## Fictitious play on the stage game",
            "",
            f"Each round both sides choose the action that is best against the other's past "
            f"actions so far (their empirical frequencies); {section['rounds']} rounds, the "
            "first choice breaks ties towards the first listed action. Where the frequencies "
            "settle they form a Nash equilibrium of the stage game.",
            "",
        ]
        clock = "round"
    else:
        lines = [
            "## Logit best-response dynamics on the stage game",
            "",
            f"Each side moves its mix of actions towards a noisy best response (logit, precision "
            f"λ = {fmt(section['precision'])}: larger is less noisy) to the other's current mix, "
            "starting from equal shares. Its rest points are logit quantal response equilibria.",
            "",
        ]
        clock = "time"
    path = section["path"]
    rows = [
        [fmt(t, 3), _shares(row_actions, r), _shares(col_actions, c)]
        for t, r, c in zip(path["times"], path["row"], path["col"], strict=True)
    ]
    lines += [markdown_table([clock, row_player, col_player], rows), ""]
    end_row, end_col = section["end"]
    lines += [
        f"End: {row_player} {_shares(row_actions, end_row)}; "
        f"{col_player} {_shares(col_actions, end_col)}.",
        "",
    ]
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
