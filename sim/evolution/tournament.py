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
        return table_records(self.meta, self.scale, self.best_responses)

    def payload(self) -> dict[str, Any]:
        meta, analysis = self.meta, self.analysis
        names = [list(meta.row_names), list(meta.col_names)]
        sampled = meta.sampled
        equilibria = analysis.equilibria.payload()
        equilibria["equilibria"] = equilibrium_records(analysis.equilibria)
        return {
            "players": list(meta.players),
            "pools": names,
            "shared_pool": meta.shares_pool(),
            "sampled": sampled,
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
