"""Evolutionary and learning dynamics of a scenario, with the settings of its
``[tournament.evolution]`` section.

Replicator dynamics and the Moran process run on the tournament table rescaled to
per-round payoffs (totals divided by the sum of the round weights, so that time and
selection intensity have the units of one round's payoff); fictitious play and logit
dynamics run on the stage game.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim import limits
from sim.errors import OptionError, ScenarioError
from sim.evolution.dynamics_results import (
    LearningAnalysis,
    MoranAnalysis,
    ReplicatorAnalysis,
    rest_order,
)
from sim.evolution.metagame import MetaGame
from sim.results import Assumptions
from sim.tolerance import RELATIVE_TOLERANCE

DYNAMICS = ("replicator", "moran", "fictitious", "logit")


def evolve(
    scenario,
    dynamics: str = "replicator",
    row_pool: Sequence[str] | None = None,
    col_pool: Sequence[str] | None = None,
    method: str | None = None,
    *,
    rounds: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
):
    """Run one dynamics: ``replicator`` or ``moran`` on the tournament table,
    ``fictitious`` or ``logit`` on the stage game; return its typed result.

    ``rounds``, ``runs`` and ``seed`` replace the horizon and Monte Carlo settings of the
    tournament table (as in :func:`sim.evolution.tournament.tournament`); ``runs`` and
    ``seed`` also replace those of the Moran process's simulated check of its closed form.
    """
    if dynamics not in DYNAMICS:
        raise OptionError(f"unknown dynamics {dynamics!r} ({', '.join(DYNAMICS)})", "dynamics")
    settings = evolution_settings(scenario)
    given = {"runs": runs, "seed": seed}
    if runs is not None:
        limits.check("runs", runs, key="runs")
    settings = settings.model_copy(update={k: v for k, v in given.items() if v is not None})
    if dynamics in ("fictitious", "logit"):
        from sim.compile.game import build_game

        return learning(build_game(scenario), dynamics, settings)
    from sim.evolution.scenario_table import scenario_table

    table = scenario_table(
        scenario, row_pool, col_pool, method, rounds=rounds, runs=runs, seed=seed
    )
    per_round = per_round_table(table.meta, table.scale)
    described = {"tournament": dict(table.settings)}
    if dynamics == "replicator":
        start = start_shares(settings, table.meta.shape, scenario.path)
        return replicator(per_round, settings.time, start, described, table.assumptions)
    return moran(per_round, settings, described, table.assumptions)


def evolution_settings(scenario):
    """The scenario's ``[tournament.evolution]`` settings, or the defaults."""
    from sim.scenario.tournament import EvolutionSettings

    tournament = scenario.model.tournament
    settings = tournament.evolution if tournament is not None else None
    return settings if settings is not None else EvolutionSettings()


def per_round_table(meta: MetaGame, scale: float) -> MetaGame:
    """The table with totals (and standard errors) divided by ``scale``."""
    return MetaGame(
        meta.row_names,
        meta.col_names,
        meta.row_payoffs / scale,
        meta.col_payoffs / scale,
        meta.row_se / scale,
        meta.col_se / scale,
        meta.players,
    )


def start_shares(settings, shape: tuple[int, int], path: str):
    """The starting shares of ``[tournament.evolution]`` (normalised weights), or ``None``
    for equal shares."""
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


def replicator(
    meta: MetaGame, time: float, start=None, settings=None, assumptions=None
) -> ReplicatorAnalysis:
    """Replicator path from ``start`` (default: equal shares) and the sorted rest points."""
    from sim.evolution.evolve import run_replicator

    result = run_replicator(meta.row_payoffs, meta.col_payoffs, time, start)
    rest = None if result.rest is None else tuple(sorted(result.rest, key=rest_order))
    return ReplicatorAnalysis(
        method="replicator",
        parameters={"time": float(time), "start": "given" if start is not None else "equal"},
        assumptions=assumptions or Assumptions(tolerance=RELATIVE_TOLERANCE),
        meta=meta,
        time=float(time),
        given_start=start is not None,
        trajectory=result.trajectory,
        rest=rest,
        settings=dict(settings or {}),
    )


def moran(meta: MetaGame, settings, table_settings=None, assumptions=None) -> MoranAnalysis:
    """Fixation probabilities within the shared pool, checked by seeded simulation."""
    from sim.evolution.evolve import run_moran

    if not meta.shares_pool():
        raise OptionError(
            "the Moran process runs within one pool: give the scenario one 'pool' "
            "(or the same `row_pool` and `col_pool`)",
            "dynamics",
        )
    rng = np.random.default_rng(np.random.SeedSequence(settings.seed))
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
    return MoranAnalysis(
        method="moran",
        parameters={
            "population": settings.population,
            "intensity": float(settings.intensity),
            "fitness": settings.fitness,
            "runs": settings.runs,
            "seed": settings.seed,
        },
        assumptions=assumptions or Assumptions(),
        meta=meta,
        moran=result,
        seed=settings.seed,
        settings=dict(table_settings or {}),
    )


def learning(game, dynamics: str, settings) -> LearningAnalysis:
    """Fictitious play or logit dynamics on the stage game."""
    from sim.evolution.evolve import run_fictitious, run_logit

    if dynamics == "fictitious":
        result = run_fictitious(game.row_payoffs, game.col_payoffs, settings.learning_rounds)
        parameters = {"rounds": settings.learning_rounds}
    else:
        result = run_logit(game.row_payoffs, game.col_payoffs, settings.precision, settings.time)
        parameters = {"precision": settings.precision, "time": settings.time}
    return LearningAnalysis(
        method=dynamics,
        parameters=parameters,
        players=tuple(game.players),
        actions=tuple(tuple(a) for a in game.actions),
        learning=result,
    )
