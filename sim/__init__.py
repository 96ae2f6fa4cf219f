"""stabsim: a game-theoretic simulator of strategic stability between two states.

The public API is listed in ``_PUBLIC``; each name is imported on first use, so that
``import sim`` does no work and stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    # name: module that defines it
    "StabsimError": "sim.errors",
    "ScenarioError": "sim.errors",
    "load_scenario": "sim.compile.check",
    "load": "sim.compile.check",
    "parse_scenario": "sim.scenario.loader",
    "Game": "sim.game.stage",
    "build_game": "sim.compile.game",
    "pure_equilibria": "sim.equilibria.pure",
    "dominance": "sim.equilibria.dominance",
    "pareto_optimal": "sim.equilibria.pareto",
    "maxmin": "sim.equilibria.maxmin",
    "nash_equilibria": "sim.equilibria.nash",
    "nash_batch": "sim.equilibria.batch",
    "EquilibriumSet": "sim.equilibria.nash",
    "NashBatch": "sim.equilibria.batch",
    "correlated_equilibrium": "sim.equilibria.correlated",
    "correlated_equilibria": "sim.equilibria.correlated",
    "logit_qre": "sim.equilibria.qre",
    "qre_path": "sim.equilibria.qre",
    "payoff_dominant": "sim.equilibria.selection",
    "risk_dominant": "sim.equilibria.selection",
    "equilibrium_properties": "sim.equilibria.selection",
    "to_nfg": "sim.game.gambit",
    "from_nfg": "sim.game.gambit",
    "load_sweep": "sim.sweep.loader",
    "run_sweep": "sim.sweep.run",
    "ExecutorSpec": "sim.sweep.executors",
    "IteratedModel": "sim.dynamics.model",
    "Automaton": "sim.strategies.automaton",
    "build_model": "sim.compile.model",
    "build_strategy": "sim.compile.strategies",
    "play_setup": "sim.compile.setup",
    "PlaySetup": "sim.compile.setup",
    "library_strategy": "sim.compile.library",
    "strategy_names": "sim.compile.library",
    "exact_outcomes": "sim.play.exact",
    "match_payoffs": "sim.play.exact",
    "expected_rounds_to_end": "sim.play.exact",
    "ExactOutcomes": "sim.play.exact",
    "simulate": "sim.play.montecarlo",
    "MonteCarloResult": "sim.play.montecarlo",
    "check_subgame_perfect": "sim.play.checks",
    "critical_discount": "sim.play.checks",
    "best_response": "sim.play.checks",
    "discount_sets": "sim.repeated.sets",
    "equilibrium_check": "sim.repeated.check",
    "private_nash": "sim.repeated.private_nash",
    "equilibrium_payoff_set": "sim.repeated.payoff_set",
    "PlayAnalysis": "sim.play.analysis",
    "play_analysis": "sim.play.analysis",
    "ProfileCheck": "sim.play.profile_check",
    "profile_check": "sim.play.profile_check",
    "strategy_listing": "sim.play.strategy_list",
    "StageAnalysis": "sim.equilibria.stage",
    "analyse_stage": "sim.equilibria.stage",
    "scenario_stage_analysis": "sim.equilibria.stage",
    "ScenarioAnalysis": "sim.analysis.scenario",
    "analyse_scenario": "sim.analysis.scenario",
    "MetaGame": "sim.evolution.metagame",
    "round_robin": "sim.evolution.roundrobin",
    "scenario_table": "sim.evolution.scenario_table",
    "analyse_metagame": "sim.evolution.analysis",
    "replicator_trajectory": "sim.evolution.replicator",
    "rest_points": "sim.evolution.restpoints",
    "fixation_probability": "sim.evolution.moran",
    "fixation_matrix": "sim.evolution.moran",
    "simulate_fixation": "sim.evolution.moran",
    "fictitious_play": "sim.evolution.learning",
    "logit_trajectory": "sim.evolution.learning",
    "TournamentResult": "sim.evolution.tournament",
    "tournament": "sim.evolution.tournament",
    "evolve": "sim.evolution.dynamics",
    "Result": "sim.results",
    "StoredResult": "sim.results",
    "read_results": "sim.readback",
    "results_from_dict": "sim.analysis.results",
    "Assumptions": "sim.results",
}
_ALIASES = {"load_scenario": "load", "parse_scenario": "parse"}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    module = importlib.import_module(_PUBLIC[name])
    value = getattr(module, _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
