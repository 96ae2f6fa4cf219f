"""stabsim: a game-theoretic simulator of strategic stability between two states.

The public API: every name in ``__all__``, listed below by the module that defines it and
documented in ``docs/api.md``. The command line (``sim.cli``) uses nothing else. Each
name is imported on first use (a module-level ``__getattr__``, PEP 562), so that
``import sim`` does no work and stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_MODULES: dict[str, tuple[str, ...]] = {
    # base: errors, results, output
    "sim.errors": ("StabsimError", "ScenarioError", "OptionError"),
    "sim.results": ("Result", "StoredResult", "Assumptions"),
    "sim.output.folder": ("json_ready", "check_destination"),
    "sim.output.manifest": ("utc_now", "amend_manifest", "refresh_hashes"),
    # file format
    "sim.scenario.loader": ("parse_scenario", "parse_overrides"),
    "sim.scenario.schema": ("ScenarioSchema",),
    "sim.scenario.bundled": ("bundled_scenarios",),
    "sim.scenario.events": ("load_events", "load_if_events"),
    # model and compile step
    "sim.game.stage": ("Game",),
    "sim.game.gambit": ("to_nfg", "from_nfg", "read_nfg"),
    "sim.dynamics.model": ("IteratedModel",),
    "sim.strategies.automaton": ("Automaton",),
    "sim.compile.check": ("load", "load_scenario"),
    "sim.compile.game": ("build_game",),
    "sim.compile.payoffs": ("exact_payoffs",),
    "sim.compile.model": ("build_model",),
    "sim.compile.strategies": ("build_strategy",),
    "sim.compile.setup": ("play_setup", "PlaySetup"),
    "sim.compile.library": ("library_strategy", "strategy_names"),
    # analyses: the stage game
    "sim.equilibria.pure": ("pure_equilibria",),
    "sim.equilibria.dominance": ("dominance",),
    "sim.equilibria.pareto": ("pareto_optimal",),
    "sim.equilibria.maxmin": ("maxmin",),
    "sim.equilibria.nash": ("nash_equilibria", "EquilibriumSet"),
    "sim.equilibria.batch": ("nash_batch", "NashBatch"),
    "sim.equilibria.correlated": ("correlated_equilibrium", "correlated_equilibria"),
    "sim.equilibria.qre": ("logit_qre", "qre_path"),
    "sim.equilibria.selection": ("payoff_dominant", "risk_dominant", "equilibrium_properties"),
    "sim.equilibria.stage": ("StageAnalysis", "analyse_stage", "scenario_stage_analysis"),
    # analyses: iterated play and repeated games
    "sim.play.exact": (
        "exact_outcomes",
        "match_payoffs",
        "expected_rounds_to_end",
        "ExactOutcomes",
    ),
    "sim.play.montecarlo": ("simulate", "MonteCarloResult"),
    "sim.play.checks": ("check_subgame_perfect", "critical_discount", "best_response"),
    "sim.play.analysis": ("PlayAnalysis", "play_analysis"),
    "sim.play.profile_check": ("ProfileCheck", "profile_check"),
    "sim.play.strategy_list": ("strategy_listing",),
    "sim.repeated.sets": ("discount_sets",),
    "sim.repeated.check": ("equilibrium_check",),
    "sim.repeated.private_nash": ("private_nash",),
    "sim.repeated.payoff_set": ("equilibrium_payoff_set",),
    # analyses: tournaments and evolution
    "sim.evolution.metagame": ("MetaGame",),
    "sim.evolution.roundrobin": ("round_robin",),
    "sim.evolution.scenario_table": ("scenario_table",),
    "sim.evolution.analysis": ("analyse_metagame",),
    "sim.evolution.replicator": ("replicator_trajectory",),
    "sim.evolution.restpoints": ("rest_points",),
    "sim.evolution.moran": ("fixation_probability", "fixation_matrix", "simulate_fixation"),
    "sim.evolution.learning": ("fictitious_play", "logit_trajectory"),
    "sim.evolution.tournament": ("TournamentResult", "tournament"),
    "sim.evolution.dynamics": ("evolve",),
    # analyses: a record, a whole scenario
    "sim.infer.analysis": ("infer_record",),
    "sim.analysis.scenario": ("ScenarioAnalysis", "analyse_scenario"),
    "sim.analysis.results": ("results_from_dict",),
    # sweeps
    "sim.sweep.loader": ("load_sweep", "load_if_sweep"),
    "sim.sweep.run": ("run_sweep",),
    "sim.sweep.executors": ("ExecutorSpec",),
    "sim.sweep.plan": ("sweep_plan", "plan_text"),
    "sim.sweep.folder_table": ("sweep_summary",),
    "sim.sweep.sensitivity": ("sweep_sensitivity",),
    "sim.sweep.discovery": ("sweep_prim", "sweep_prim_points"),
    # rendering: Markdown, LaTeX, tables, figures, result folders
    "sim.report.stage": ("stage_markdown",),
    "sim.report.play": ("play_markdown", "check_markdown", "strategies_markdown"),
    "sim.report.tournament": ("tournament_markdown", "evolve_markdown", "split_pool"),
    "sim.report.infer": ("infer_markdown",),
    "sim.report.sensitivity": ("sensitivity_markdown", "prim_markdown"),
    "sim.report.run": ("report_markdown", "write_result_folder"),
    "sim.report.latex": ("bimatrix_latex",),
    "sim.report.paper_tables": ("TABLES", "TABLE_FORMATS", "folder_table", "render_table"),
    "sim.plots.defaults": ("result_figures", "result_notes", "write_figures"),
    "sim.report.html": ("write_folder_index",),
    "sim.progress": ("reporting", "task", "LineSink", "ProgressLines"),
    "sim.plots.sensitivity": ("sensitivity_figure", "prim_figure"),
    "sim.plots.style": ("save_figure",),
    "sim.plots.evolution": ("dynamics_figure",),
    "sim.readback": ("read_results", "result_folder"),
}
_ALIASES = {
    # public name: name in its module
    "load_scenario": "load",
    "parse_scenario": "parse",
    "json_ready": "_plain",
    "ScenarioSchema": "Scenario",
    "TABLE_FORMATS": "FORMATS",
    "render_table": "render",
}
_PUBLIC = {name: module for module, names in _MODULES.items() for name in names}

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
