"""The discount factors at which a profile is an equilibrium, under a monitoring assumption.

:func:`discount_sets` returns, for a single model and a profile of automata, the set of
discount factors in ``(0, 1)`` where the profile is

- a Nash equilibrium of the repeated game (:mod:`sim.repeated.nash`), and
- subgame perfect (perfect monitoring) or a perfect public equilibrium (public monitoring)
  (:mod:`sim.repeated.perfection`),

each a union of closed intervals (:mod:`sim.repeated.intervals`). The model's continuation
probability is kept and its discount factor varies, so the sets are in the discount factor.
Under private monitoring see :mod:`sim.repeated.private` (bounds only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated.intervals import GRID, closed_intervals, describe, isolate_roots, smallest
from sim.repeated.nash import NashProblem, nash_intervals
from sim.repeated.perfection import OneShotProblem
from sim.results import Assumptions, Result
from sim.strategies.automaton import Automaton
from sim.tolerance import RELATIVE_TOLERANCE

CONCEPTS = {"perfect": "subgame perfect", "public": "perfect public"}


@dataclass(frozen=True, eq=False)
class DiscountSet(Result):
    """A set of discount factors, as closed intervals ``[low, high]`` in ``(0, 1)``.

    ``low == 0`` and ``high == 1`` mean the interval reaches that open end.
    """

    concept: str = ""
    profile: tuple[str, str] = ("", "")
    intervals: tuple[tuple[float, float], ...] = ()

    @property
    def text(self) -> str:
        """Interval notation, such as ``(0, 0.7965]`` or ``[0.5, 1)``; ``∅`` if empty."""
        return describe(list(self.intervals))

    @property
    def threshold(self) -> float | None:
        """The lower end of an interval that reaches 1 (the classic critical discount)."""
        return smallest(list(self.intervals))

    def contains(self, discount: float) -> bool:
        return any(low <= discount <= high for low, high in self.intervals)

    def payload(self) -> dict:
        return {
            "concept": self.concept,
            "profile": {"row": self.profile[0], "col": self.profile[1]},
            "intervals": [{"low": low, "high": high} for low, high in self.intervals],
            "text": self.text,
        }


def assumptions(model: IteratedModel, monitoring: str, notes: tuple[str, ...] = ()) -> Assumptions:
    """The assumptions of a repeated-game check of ``model`` (infinite horizon)."""
    return Assumptions(
        monitoring=monitoring,
        noise=(float(model.noise[0]), float(model.noise[1])),
        horizon=None,
        discount=float(model.discount),
        continuation=float(model.continuation),
        tolerance=RELATIVE_TOLERANCE,
        notes=notes,
    )


def discount_sets(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    monitoring: str = "perfect",
    *,
    nash: bool = True,
    perfection: bool = True,
) -> tuple[DiscountSet | None, DiscountSet | None]:
    """The Nash set (if ``nash``) and the SPE/PPE set (if ``perfection``) of ``(row, col)``.

    Parameters
    ----------
    model
        A single model; its noise is kept, its observation matrices are replaced by the
        identity under ``"perfect"`` monitoring.
    monitoring
        ``"perfect"`` or ``"public"``; for ``"private"`` use
        :func:`sim.repeated.private.private_nash`.
    """
    if monitoring not in CONCEPTS:
        raise ValueError(
            f"discount sets are exact under perfect or public monitoring, not {monitoring!r}"
        )
    continuation = float(model.continuation)
    grid = GRID * continuation
    one_shot = OneShotProblem(model, row, col, monitoring)
    names = (row.name, col.name)
    parameters = {"grid_step": float(np.diff(GRID[:2])[0]), "grid_points": len(GRID)}
    notes = (
        "sets in the discount factor with the continuation probability kept",
        "an interval narrower than the grid step can be missed",
    )
    nash_set = None
    if nash:
        nash_set = DiscountSet(
            method="policy-roots",
            parameters=parameters,
            assumptions=assumptions(model, monitoring, notes),
            concept="Nash",
            profile=names,
            intervals=_in_discount(nash_intervals(NashProblem(one_shot), grid), continuation),
        )
    if not perfection:
        return nash_set, None
    roots = isolate_roots(one_shot.gains, grid, one_shot.band)
    perfect = closed_intervals(roots, one_shot.holds, grid)
    perfect_set = DiscountSet(
        method="one-shot-roots",
        parameters=parameters,
        assumptions=assumptions(model, monitoring, notes),
        concept=CONCEPTS[monitoring],
        profile=names,
        intervals=_in_discount(perfect, continuation),
    )
    return nash_set, perfect_set


def _in_discount(intervals, continuation: float) -> tuple[tuple[float, float], ...]:
    """Intervals in ``delta = discount * continuation`` as intervals in the discount."""
    out = []
    for low, high in intervals:
        out.append((low / continuation if low > 0 else 0.0, min(high / continuation, 1.0)))
    return tuple(out)
