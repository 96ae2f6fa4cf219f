"""A scenario's report read back from its result folder into result objects.

:func:`results_from_dict` inverts :meth:`sim.analysis.scenario.ScenarioAnalysis.to_dict`:
the stage game becomes a :class:`~sim.equilibria.stage.StageAnalysis` again, iterated
play a :class:`~sim.play.results.StoredPlay`, the tournament a
:class:`~sim.evolution.results.StoredTournament`, the repeated-game checks a
:class:`~sim.results.StoredResult`; ``to_dict()`` of what is read back equals what was
written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sim.analysis.scenario import ScenarioAnalysis
from sim.errors import StabsimError
from sim.results import Assumptions, StoredResult


def _readers() -> dict[str, Callable[[Mapping[str, Any]], Any]]:
    from sim.equilibria.results import stage_from_dict
    from sim.evolution.results import StoredTournament
    from sim.play.results import StoredPlay

    return {
        "stage": stage_from_dict,
        "play": StoredPlay.from_dict,
        "check": lambda data: StoredResult(**StoredResult.head(data)),
        "tournament": StoredTournament.from_dict,
    }


def results_from_dict(report: Mapping[str, Any], source: str = "report.json") -> ScenarioAnalysis:
    """The :class:`ScenarioAnalysis` of a ``report.json``; a section that is absent or
    ``null`` stays ``None``, a garbled one is refused in one line naming ``source``."""
    sections = {}
    for name, read in _readers().items():
        data = report.get(name)
        if data is None:
            continue
        try:
            sections[name] = read(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            raise StabsimError(f"a garbled {name!r} section ({reason})", source) from None
    return ScenarioAnalysis(
        method=str(report.get("method", "scenario-report")),
        parameters=dict(report.get("parameters", {})),
        assumptions=Assumptions.from_dict(report.get("assumptions", {})),
        scenario=dict(report.get("scenario", {})),
        **sections,
    )
