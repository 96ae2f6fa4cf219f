"""The tournament of a scenario as one result: the round-robin table and its meta-game.

:func:`tournament` plays every strategy of the row pool against every strategy of the
column pool (:func:`sim.evolution.scenario_table.scenario_table`, exactly from the Markov
chain or by Monte Carlo), then analyses the table as a bimatrix game
(:func:`sim.evolution.analysis.analyse_metagame`: Nash equilibria, iterated strict
dominance, mean rankings) and marks each side's best responses
(:func:`sim.equilibria.pure.best_response_masks`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.equilibria.stage import dominance_data, equilibrium_records
from sim.evolution.analysis import MetaGameAnalysis
from sim.evolution.metagame import MetaGame, Ranking
from sim.results import Result, estimate, named


def value(mean: float, se: float, sampled: bool) -> Any:
    """An exact table value as a number, a sampled one as an estimate."""
    return estimate(mean, se) if sampled else float(mean)


def table_records(meta: MetaGame, scale: float, best=None) -> list[dict[str, Any]]:
    """One record per pairing: ``row`` and ``col`` strategies (``{"name", "index"}``), each
    side's total payoff and payoff per round (numbers, or estimates when sampled) and, with
    ``best`` (two boolean masks), whether each side's strategy is a best response."""
    sampled = meta.sampled
    records = []
    for i in range(len(meta.row_names)):
        for j in range(len(meta.col_names)):
            record = {"row": named(meta.row_names, i), "col": named(meta.col_names, j)}
            for side, payoffs, errors in (
                ("row", meta.row_payoffs, meta.row_se),
                ("col", meta.col_payoffs, meta.col_se),
            ):
                mean, se = float(payoffs[i, j]), float(errors[i, j])
                record[f"{side}_payoff"] = value(mean, se, sampled)
                record[f"{side}_payoff_per_round"] = value(mean / scale, se / scale, sampled)
            if best is not None:
                record["row_best_response"] = bool(best[0][i, j])
                record["col_best_response"] = bool(best[1][i, j])
            records.append(record)
    return records


def ranking_records(ranking: Ranking, scale: float, sampled: bool) -> list[dict[str, Any]]:
    """A pool ranked by mean total payoff against the whole other pool, best first."""
    return [
        {
            "strategy": name,
            "payoff": value(mean, se, sampled),
            "payoff_per_round": value(mean / scale, se / scale, sampled),
        }
        for name, mean, se in zip(
            ranking.names, ranking.means, ranking.standard_errors, strict=True
        )
    ]


SHORT_EXACT = 192
"""Exact table entries of at most this many bits (numerator and denominator) are also
given as ``"p/q"``."""
HIGHLIGHTS = 3
"""Equilibria named in the summary of a long list, per criterion."""


def payoff_basis(meta: MetaGame, solved_exactly: bool) -> dict[str, Any]:
    """What the meta-game's payoffs are: exact, floating point within a proven bound, or
    estimated; and so what its equilibria are certified against."""
    if meta.sampled:
        largest = float(max(meta.row_se.max(), meta.col_se.max()))
        note = (
            f"payoffs estimated by Monte Carlo (largest standard error {largest:.3g}): the "
            "equilibria are those of the estimated table, conditional on the estimates"
        )
        return {"basis": "estimated", "largest_standard_error": largest, "conditional": True,
                "note": note}  # fmt: skip
    if meta.exact is not None:
        note = "payoffs exact (rational arithmetic); equilibria certified against them"
        if not solved_exactly:
            note = (
                "payoffs exact (rational arithmetic, too long to solve with: equilibria "
                "certified for their roundings to double precision, in which equal payoffs "
                "stay equal)"
            )
        return {"basis": "exact", "error_bound": 0.0, "conditional": False, "note": note}
    if meta.error is None:
        note = "payoffs in floating point without an error bound (a strategy starts on a date)"
    else:
        note = (
            f"payoffs in floating point, each within {meta.error:.2g} of its exact value "
            "(equal entries proven equal by exact lumping); equilibria certified for the "
            "computed table"
        )
    return {"basis": "floating_point", "error_bound": meta.error, "conditional": True,
            "note": note}  # fmt: skip


def equilibrium_highlights(records: Sequence[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Indices of the equilibria with the largest supports (both sides' sizes added) and
    with the highest welfare (sum of the two payoffs), :data:`HIGHLIGHTS` of each."""
    from sim.tolerance import SUPPORT_CUT

    def support(k: int) -> int:
        return sum(p > SUPPORT_CUT for side in records[k]["strategies"] for p in side)

    order = range(len(records))
    wide = sorted(order, key=lambda k: (-support(k), k))[:HIGHLIGHTS]
    rich = sorted(order, key=lambda k: (-sum(records[k]["payoffs"]), k))[:HIGHLIGHTS]
    return {"largest_support": wide, "highest_welfare": rich}


def exact_records(meta: MetaGame, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Table records with each exact entry as ``"p/q"`` where it is short."""
    if meta.exact is None:
        return records
    for record in records:
        i, j = record["row"]["index"], record["col"]["index"]
        for side, table in zip(("row", "col"), meta.exact, strict=True):
            value = table[i][j]
            if value.numerator.bit_length() + value.denominator.bit_length() <= SHORT_EXACT:
                record[f"{side}_payoff_exact"] = str(value)
    return records


@dataclass(frozen=True, eq=False, kw_only=True)
class TournamentResult(Result):
    """A round-robin table with its meta-game analysis.

    ``method`` is the pairing method (``"exact"`` or ``"monte_carlo"``).

    Attributes
    ----------
    meta
        The table of total (discounted) payoffs.
    scale
        ``sum_{t < T} (discount * continuation)^t``: a total divided by it is a per-round
        payoff.
    analysis
        Nash equilibria, dominance and rankings of the meta-game.
    best_responses
        Two ``(R, C)`` boolean masks: the row strategy is a best response to the column
        strategy (first), the column strategy to the row strategy (second).
    settings
        Rounds, discount, continuation, the horizon in words, runs and seed (Monte Carlo),
        and each side's pool ``entries`` with their strategy and parameters.
    """

    meta: MetaGame
    scale: float
    analysis: MetaGameAnalysis
    best_responses: tuple[np.ndarray, np.ndarray]
    settings: Mapping[str, Any] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """The table, one record per pairing (:func:`table_records`)."""
        return exact_records(self.meta, table_records(self.meta, self.scale, self.best_responses))

    def payload(self) -> dict[str, Any]:
        meta, analysis = self.meta, self.analysis
        names = [list(meta.row_names), list(meta.col_names)]
        sampled = meta.sampled
        equilibria = analysis.equilibria.payload()
        equilibria["equilibria"] = equilibrium_records(analysis.equilibria)
        equilibria["highlights"] = equilibrium_highlights(equilibria["equilibria"])
        basis = payoff_basis(meta, analysis.solved_exactly)
        equilibria["certificate"] += "; " + basis["note"]
        return {
            "players": list(meta.players),
            "pools": names,
            "shared_pool": meta.shares_pool(),
            "sampled": sampled,
            "payoffs": basis,
            "table": self.records(),
            "per_round_scale": self.scale,
            "ranking": [
                ranking_records(analysis.row_ranking, self.scale, sampled),
                ranking_records(analysis.col_ranking, self.scale, sampled),
            ],
            **equilibria,
            "dominance": dominance_data(analysis.dominance, meta.players, names, "strategy"),
            **self.settings,
        }


def analyse_table(meta: MetaGame, scale: float, method: str, settings=None, assumptions=None):
    """:class:`TournamentResult` of a table already played."""
    from sim.equilibria.pure import best_response_masks
    from sim.evolution.analysis import analyse_metagame
    from sim.results import Assumptions

    settings = dict(settings or {})
    parameters = {k: settings[k] for k in ("rounds", "runs", "seed") if k in settings}
    return TournamentResult(
        method=method,
        parameters=parameters,
        assumptions=assumptions or Assumptions(),
        meta=meta,
        scale=float(scale),
        analysis=analyse_metagame(meta),
        best_responses=best_response_masks(meta.row_payoffs, meta.col_payoffs),
        settings=settings,
    )


def tournament(
    scenario,
    row_pool: Sequence[str] | None = None,
    col_pool: Sequence[str] | None = None,
    method: str | None = None,
    *,
    rounds: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
) -> TournamentResult:
    """Play the round robin of the scenario's pools and analyse its table.

    ``row_pool``/``col_pool`` replace the scenario's pools by library or scenario strategy
    names; ``method`` (``exact`` or ``monte_carlo``) replaces the scenario's, and
    ``rounds``, ``runs``, ``seed`` its horizon and Monte Carlo settings.
    """
    from sim.evolution.scenario_table import scenario_table

    settings = {"rounds": rounds, "runs": runs, "seed": seed}
    table = scenario_table(scenario, row_pool, col_pool, method, **settings)
    settings = dict(table.settings)
    return analyse_table(
        table.meta, table.scale, settings.pop("method"), settings, table.assumptions
    )


def scenario_tournament(scenario) -> TournamentResult | None:
    """The tournament of the scenario's ``[tournament]`` section; ``None`` without one."""
    if scenario.model.tournament is None:
        return None
    return tournament(scenario)
