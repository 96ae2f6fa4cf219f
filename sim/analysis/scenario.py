"""Every analysis that applies to a scenario, as one result (what ``stabsim run`` reports).

The stage game always (:func:`sim.equilibria.stage.scenario_stage_analysis`); with a
``[play]`` section the iterated play of its profile (:func:`sim.play.analysis.play_analysis`)
and its repeated-game checks (:func:`sim.play.profile_check.profile_check`); with a
``[tournament]`` section the round robin of its pools
(:func:`sim.evolution.tournament.tournament`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.results import Result


@dataclass(frozen=True, eq=False, kw_only=True)
class ScenarioAnalysis(Result):
    """The sections of a scenario's report; ``None`` for a section that does not apply."""

    scenario: dict[str, Any]
    stage: Result | None = None
    play: Result | None = None
    check: Result | None = None
    tournament: Result | None = None

    def sections(self) -> dict[str, Result]:
        """The sections present, by name, in report order."""
        named = {
            "stage": self.stage,
            "play": self.play,
            "check": self.check,
            "tournament": self.tournament,
        }
        return {name: section for name, section in named.items() if section is not None}

    def payload(self) -> dict[str, Any]:
        sections = {name: section.to_dict() for name, section in self.sections().items()}
        return {"scenario": dict(self.scenario), **sections}


def analyse_scenario(
    scenario, *, rounds: int | None = None, runs: int | None = None, seed: int | None = None
) -> ScenarioAnalysis:
    """Run every analysis that applies to a loaded scenario.

    ``rounds``, ``runs`` and ``seed`` replace the scenario's horizon and Monte Carlo
    settings in iterated play, its checks (the horizon) and the tournament.
    """
    from sim.equilibria.stage import scenario_stage_analysis
    from sim.evolution.tournament import tournament
    from sim.play.analysis import play_analysis
    from sim.play.profile_check import profile_check

    model = scenario.model
    play = play_analysis(scenario, rounds=rounds, runs=runs, seed=seed)
    sampling = {"rounds": rounds, "runs": runs, "seed": seed}
    return ScenarioAnalysis(
        method="scenario-report",
        parameters=dict(scenario.parameters),
        scenario={
            "name": model.metadata.name,
            "title": model.metadata.title,
            "path": scenario.path,
            "sha256": scenario.sha256,
        },
        stage=scenario_stage_analysis(scenario),
        play=play,
        check=profile_check(scenario, rounds=rounds) if play is not None else None,
        tournament=tournament(scenario, **sampling) if scenario.model.tournament else None,
    )
