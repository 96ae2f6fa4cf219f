"""The tournament table of a scenario: its pools played against each other on its model.

Each pairing is evaluated on the Markov chain over (treaty state, row automaton state,
column automaton state): exactly, all pairings at once on their lumped chains
(:func:`sim.evolution.lumped_table.lumped_totals`: exact rationals, or floating point with
a proven error bound), or by Monte Carlo on request. The treaty states,
monitoring, noise and discounting are the scenario's; rounds and discount come from
``[tournament]`` or else ``[play]`` (the defaults of :mod:`sim.compile.defaults`, no
discounting, without either).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.errors import OptionError, ScenarioError
from sim.evolution.metagame import MetaGame
from sim.evolution.roundrobin import Entrant, PairResult, round_robin
from sim.results import Assumptions
from sim.scenario.loader import LoadedScenario

MAX_PAIRINGS = 64 * 64
"""Pools hold at most 64 strategies (the scenario schema's limit)."""
METHODS = ("exact", "monte_carlo")
POOL_ARGUMENTS = ("row_pool", "col_pool")


@dataclass(frozen=True)
class ScenarioTable:
    """A tournament table with what it was computed from.

    Attributes
    ----------
    meta
        Total (discounted) payoffs of every pairing.
    scale
        The sum of the round weights ``sum_{t < T} (discount * continuation)^t``: dividing
        a total by it gives a per-round payoff.
    settings
        JSON-ready description: method, rounds, discount, continuation, a sentence on the
        horizon, runs and seed (Monte Carlo), and ``entries``: each side's pool entries with
        their strategy and parameters.
    assumptions
        Monitoring, noise, horizon and discounting of the pairings.
    """

    meta: MetaGame
    scale: float
    settings: dict[str, Any] = field(default_factory=dict)
    assumptions: Assumptions = field(default_factory=Assumptions)


def scenario_table(
    scenario: LoadedScenario,
    row_pool: Sequence[str] | None = None,
    col_pool: Sequence[str] | None = None,
    method: str | None = None,
    *,
    rounds: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
) -> ScenarioTable:
    """Play the round robin of a scenario's pools (or of the pools given by name).

    ``rounds``, ``runs`` and ``seed`` replace the horizon and the Monte Carlo settings of
    the scenario's ``[tournament]`` section.

    Parameters
    ----------
    scenario
        A loaded scenario; its ``[tournament]`` section names the pools unless both are given.
    row_pool, col_pool
        Strategy names (library or scenario; ``name(param=value, ...)`` sets parameters)
        replacing the scenario's pools. Given only one, with no pools in the scenario, it
        serves both sides.
    method
        ``exact`` or ``monte_carlo``; default: the section's, else exact.
    """
    from sim.compile.model import build_model
    from sim.compile.setup import monte_carlo_settings

    section = scenario.model.tournament
    method = method or (section.method if section is not None else "exact")
    if method not in METHODS:
        raise OptionError(f"unknown method {method!r} ({' or '.join(METHODS)})", "method")
    entries = _pools(scenario, row_pool, col_pool)
    try:
        model = build_model(scenario)
        if section is not None and section.discount is not None:
            model = model.with_discount(_discount(scenario, section.discount))
        rounds = _rounds(scenario) if rounds is None else rounds
        pools = [
            [_entrant(scenario, *entry, side, model) for entry in entries[side]] for side in (0, 1)
        ]
    except ScenarioError as exc:
        raise exc.located(scenario.path) from None
    default_runs, default_seed = monte_carlo_settings(section)
    runs = default_runs if runs is None else runs
    seed = default_seed if seed is None else seed
    meta = _table(model, pools, rounds, method, runs, seed)
    weight = float(np.asarray(model.discount) * np.asarray(model.continuation))
    scale = float(np.sum(weight ** np.arange(rounds)))
    settings = {
        "method": method,
        "rounds": rounds,
        "discount": float(np.asarray(model.discount)),
        "continuation": float(np.asarray(model.continuation)),
        "horizon": _horizon_text(rounds, model),
    }
    if method == "monte_carlo":
        settings |= {"runs": runs, "seed": seed}
    settings["entries"] = [[_described(*entry) for entry in entries[side]] for side in (0, 1)]
    from sim.play.assumptions import play_assumptions

    return ScenarioTable(meta, scale, settings, play_assumptions(model, rounds))


def _described(name: str, choice, _key: str) -> dict[str, Any]:
    """A pool entry for the JSON output: its name, strategy and parameters."""
    if isinstance(choice, str):
        return {"name": name, "strategy": choice, "parameters": {}}
    return {"name": name, "strategy": choice.strategy, "parameters": dict(choice.parameters)}


def _entrant(scenario, name: str, choice, where: str, side: int, model) -> Entrant:
    """An entrant; ``where`` is its key in the scenario, or the argument that gave it."""
    from sim.compile.strategies import build_strategy

    if where not in POOL_ARGUMENTS:
        return Entrant(name, build_strategy(scenario, choice, side, model, key=where))
    try:
        return Entrant(name, build_strategy(scenario, choice, side, model))
    except ScenarioError as exc:
        raise exc.located(argument=where) from None


def _pools(scenario, row_pool, col_pool) -> list[list[tuple[str, Any, str]]]:
    """Each side's entries as (display name, strategy choice, where it comes from)."""
    section = scenario.model.tournament
    given = [row_pool, col_pool]
    if section is None and row_pool is None and col_pool is None:
        raise ScenarioError(
            "the scenario names no pools: add a [tournament] section or give `row_pool` "
            "and `col_pool`",
            scenario.path,
            "tournament",
        )
    if section is None:
        given = [row_pool or col_pool, col_pool or row_pool]
    out = []
    for side in (0, 1):
        option = POOL_ARGUMENTS[side]
        if given[side] is not None:
            names = [n.strip() for n in given[side] if n.strip()]
            if not names:
                raise OptionError("the pool is empty", option)
            if len(set(names)) != len(names):
                raise OptionError("the pool names a strategy twice", option)
            out.append([(name, name, option) for name in names])
            continue
        pool = section.pools()[side]
        key = section.pool_key(side)
        out.append(
            [
                (entrant.display_name, _choice(entrant), f"{key}[{k}]")
                for k, entrant in enumerate(pool)
            ]
        )
    return out


def _choice(entrant):
    from sim.scenario.iterated import StrategyChoice

    return StrategyChoice(strategy=entrant.strategy, parameters=dict(entrant.parameters))


def _rounds(scenario) -> int:
    from sim.compile.horizon import rounds_of
    from sim.compile.values import whole_number

    section = scenario.model.tournament
    if section is not None and section.rounds is not None:
        return whole_number(section.rounds, scenario.parameters, "tournament.rounds", minimum=1)
    return rounds_of(scenario.model.play, scenario.parameters)


def _discount(scenario, value) -> float:
    from sim.compile.values import probability

    return float(probability(value, scenario.parameters, "tournament.discount"))


def _horizon_text(rounds: int, model) -> str:
    discount = float(np.asarray(model.discount))
    continuation = float(np.asarray(model.continuation))
    text = f"{rounds} rounds"
    if continuation < 1:
        text = f"continuation probability {continuation:g} (truncated at {rounds} rounds)"
    if discount < 1:
        return f"{text}, discount factor {discount:g} per round"
    return f"{text}, no discounting"


def _table(model, pools, rounds: int, method: str, runs: int, seed: int) -> MetaGame:
    """The round robin: exact pairings of a single model lumped and summed at once
    (:func:`sim.evolution.lumped_table.lumped_totals`), else pairing by pairing."""
    from sim.evolution.lumped_table import lumped_totals

    if method != "exact" or model.batch_shape or np.ndim(model.discount):
        return round_robin(*pools, _evaluator(model, rounds, method, runs, seed), model.players)
    totals = lumped_totals(model, *pools, rounds)
    return MetaGame(
        row_names=tuple(e.name for e in pools[0]),
        col_names=tuple(e.name for e in pools[1]),
        row_payoffs=totals.row,
        col_payoffs=totals.col,
        players=model.players,
        exact=totals.exact,
        error=totals.error,
    )


def _evaluator(model, rounds: int, method: str, runs: int, seed: int):
    """The pairing evaluator for the round robin."""
    if method == "exact":

        def exact(row, col) -> PairResult:
            payoffs = pair_payoffs(model, row, col, rounds)
            return PairResult(float(payoffs[0]), float(payoffs[1]))

        return exact
    return _monte_carlo_evaluator(model, rounds, runs, seed)


CALL_OVERHEAD = 20_000
"""Rough cost of one numpy call in floating-point operations, for choosing a method."""


def pair_payoffs(model, row, col, rounds: int) -> np.ndarray:
    """Expected (discounted) totals ``(2,)`` of one pairing, exactly.

    ``V = sum_{t < T} w^t x_t r`` with ``x_{t+1} = x_t M`` over the joint chain of
    :func:`sim.play.chain.joint_chain`. Two ways to sum: ``T`` vector-matrix products
    (about ``T N^2`` operations), or doubling matrix powers as
    :func:`sim.play.exact.match_payoffs` does (about ``3 log2(T) N^3``); the cheaper one is
    used. Treaty chains with notice clocks make ``N`` a few hundred, where stepping the
    vector is much faster; small chains are cheaper by doubling. Batched models (sweeps) go
    to :func:`~sim.play.exact.match_payoffs`.
    """
    from sim.play.chain import joint_chain
    from sim.play.exact import geometric_sum, match_payoffs

    if np.ndim(model.discount) or np.ndim(model.continuation) or model.batch_shape:
        return match_payoffs(model, row, col, rounds)  # a batch: leave it to the engine
    chain = joint_chain(model, row, col)
    if chain.transition.ndim > 2:
        return match_payoffs(model, row, col, rounds)
    size = chain.size
    weight = float(model.discount) * float(model.continuation)
    start = np.zeros(size)
    start[chain.initial] = 1.0
    stepping = rounds * (size * size + CALL_OVERHEAD)
    doubling = 3 * max(1, int(rounds).bit_length()) * (size**3 + CALL_OVERHEAD)
    if doubling < stepping:
        return start @ geometric_sum(weight * chain.transition, rounds) @ chain.rewards
    transition, rewards = chain.transition, chain.rewards
    total = np.zeros(rewards.shape[-1])
    factor = 1.0
    for _ in range(rounds):
        total += factor * (start @ rewards)
        start = start @ transition
        factor *= weight
    return total


def _monte_carlo_evaluator(model, rounds: int, runs: int, seed: int):
    """Sampled pairings: ``runs`` seeded runs each (:func:`sim.play.montecarlo.simulate`).

    Pairing ``k`` in row-major order draws from the ``k``-th child of
    ``SeedSequence(seed)``, so a table is the same however often it is computed.
    """
    from sim.play.montecarlo import simulate

    children = iter(np.random.SeedSequence(seed).spawn(MAX_PAIRINGS))

    def sampled(row, col) -> PairResult:
        result = simulate(model, row, col, rounds, runs, next(children))
        mean, se = result.payoff_mean, result.payoff_se
        return PairResult(float(mean[0]), float(mean[1]), float(se[0]), float(se[1]))

    return sampled
