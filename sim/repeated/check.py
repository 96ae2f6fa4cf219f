"""The equilibrium check of a profile under the monitoring the scenario states.

One call answers "are the announced policies an equilibrium?" with its assumptions:

- ``"perfect"`` or ``"public"`` monitoring: Nash equilibrium (:mod:`sim.repeated.nash`) and
  subgame perfection / perfect public equilibrium (:mod:`sim.repeated.perfection`) at the
  model's discount factor, both exact, and the sets of discount factors where they hold
  (:mod:`sim.repeated.sets`);
- ``"private"`` monitoring: the Nash verdict from the deviator's belief problem
  (:mod:`sim.repeated.private_nash`), "equilibrium", "not an equilibrium (gain at least
  x)" or "undetermined (gain between a and b)", and the certain and not-excluded sets.
  Sequential equilibrium, the perfection concept there, is not computed; the result names
  it and says so (``perfection`` is ``None``, ``not_computed`` lists it) rather than leaving
  it out.

The model's own noise, signals, treaty states and discount are used as they are; only
``"perfect"`` replaces the observation matrices by the identity (and says so).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated.nash import NashProblem
from sim.repeated.perfection import OneShotProblem
from sim.repeated.sets import CONCEPTS, DiscountSet, assumptions, discount_sets
from sim.repeated.terms import normalising
from sim.results import Result
from sim.strategies.automaton import Automaton

SIDES = ("row", "col")
PRIVATE_CONCEPT = "sequential equilibrium"
"""The perfection concept under private monitoring, which no check here computes."""
EXACT_BASIS = (
    "each side's exact best deviation plan against the other's automaton "
    "(a Markov decision problem on the joint state)"
)


@dataclass(frozen=True, eq=False)
class EquilibriumCheck(Result):
    """Verdicts at the model's discount factor and the discount-factor sets.

    ``nash`` is ``"equilibrium"``, ``"not an equilibrium"`` or ``"undetermined"``;
    ``nash_gain`` each side's best deviation gain as ``(low, high)`` in payoff units (equal
    ends when exact); ``nash_basis`` how the verdict was decided; ``perfection`` whether
    the profile is subgame perfect / a perfect public equilibrium, ``None`` when
    ``perfection_concept`` is in ``not_computed`` (sequential equilibrium under private
    monitoring); ``deviation`` the most profitable one-shot deviation if it is not.
    """

    nash: str = ""
    nash_gain: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))
    perfection_concept: str | None = None
    perfection: bool | None = None
    deviation: dict[str, Any] | None = None
    sets: tuple[DiscountSet, ...] = ()
    nash_basis: str = EXACT_BASIS
    not_computed: tuple[str, ...] = ()

    def payload(self) -> dict[str, Any]:
        return {
            "nash": self.nash,
            "nash_basis": self.nash_basis,
            "nash_gain": {
                side: {"low": low, "high": high}
                for side, (low, high) in zip(SIDES, self.nash_gain, strict=True)
            },
            "perfection_concept": self.perfection_concept,
            "perfection": self.perfection,
            "deviation": self.deviation,
            "not_computed": list(self.not_computed),
            "discount_sets": [s.to_dict() for s in self.sets],
            "text": self.text(),
        }

    def text(self) -> str:
        """The verdicts in words, with the assumptions they rest on."""
        a = self.assumptions
        lines = [
            f"Monitoring: {a.monitoring}; noise {a.noise[0]:g} / {a.noise[1]:g}; "
            f"discount {a.discount:g}; horizon "
            f"{'infinite' if a.horizon is None else a.horizon}.",
            f"Nash equilibrium: {self._nash_words()}; from {self.nash_basis}.",
        ]
        if self.perfection is not None:
            verdict = "yes" if self.perfection else "no"
            lines.append(f"{self.perfection_concept.capitalize()}: {verdict}.")
        for concept in self.not_computed:
            lines.append(f"{concept.capitalize()}: not computed (no {concept} check).")
        for found in self.sets:
            lines.append(f"Discount factors where it is {found.concept}: {found.text}.")
        for concept in self.not_computed if self.sets else ():
            lines.append(f"Discount factors where it is a {concept}: not computed.")
        return "\n".join(lines)

    def _nash_words(self) -> str:
        low = max(g[0] for g in self.nash_gain)
        high = max(g[1] for g in self.nash_gain)
        if self.nash == "not an equilibrium":
            return f"not an equilibrium (gain at least {low:.4g})"
        if self.nash == "undetermined":
            return f"undetermined (gain between {low:.4g} and {high:.4g})"
        return "equilibrium"


def equilibrium_check(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    monitoring: str | None = None,
    *,
    sets: bool = True,
) -> EquilibriumCheck:
    """Check ``(row, col)`` under ``monitoring`` (default: the model's own signals).

    The effective discount factor ``discount * continuation`` must be below 1 (infinite
    horizon).
    """
    monitoring = monitoring or model.signals
    delta = float(model.discount * model.continuation)
    if delta >= 1.0:
        raise ValueError("the equilibrium check needs discount * continuation below 1")
    if monitoring == "private":
        return _private(model, row, col, sets)
    span = normalising(model)[1]
    one_shot = OneShotProblem(model, row, col, monitoring)
    gains, _, _ = NashProblem(one_shot).gain(delta)
    band = one_shot.band(delta)
    nash = "equilibrium" if np.all(gains <= band) else "not an equilibrium"
    gain = tuple((max(float(g * s), 0.0),) * 2 for g, s in zip(gains, span, strict=True))
    holds = one_shot.holds(delta)
    found = discount_sets(model, row, col, monitoring) if sets else ()
    return EquilibriumCheck(
        method="one-shot-and-best-deviation",
        parameters={},
        assumptions=assumptions(model, monitoring),
        nash=nash,
        nash_gain=gain,
        perfection_concept=CONCEPTS[monitoring],
        perfection=holds,
        deviation=None if holds else _worst(one_shot, delta, span),
        sets=tuple(found),
    )


def _worst(one_shot: OneShotProblem, delta: float, span: np.ndarray) -> dict[str, Any]:
    gains = one_shot.gains(np.array([delta]))[0]
    k = int(np.argmax(gains))
    player, state, action = one_shot.candidates[k]
    return {
        "player": SIDES[player],
        "state": one_shot.labels()[state],
        "action": one_shot.model.actions[player][action],
        "gain": float(gains[k] * span[player]),
    }


def _private(model, row, col, sets: bool) -> EquilibriumCheck:
    from sim.repeated.private_nash import private_nash, private_sets

    verdict = private_nash(model, row, col)
    found = private_sets(model, row, col) if sets else ()
    gain = ((verdict.gain_low, verdict.gain_high),) * 2
    notes = (*verdict.assumptions.notes, "gains: the larger side's bounds")
    tree = f"belief tree of depth {verdict.depth}" + (
        "" if verdict.complete else ", cut by the budget"
    )
    basis = (
        "bounds on each side's best deviation gain in its belief problem over the other's "
        f"automaton state given its own history ({tree}): an equilibrium if both upper "
        "bounds are zero, not one if a lower bound is positive, else undetermined"
    )
    return EquilibriumCheck(
        method=verdict.method,
        parameters=dict(verdict.parameters),
        assumptions=replace(verdict.assumptions, notes=notes),
        nash=verdict.verdict,
        nash_gain=gain,
        nash_basis=basis,
        perfection_concept=PRIVATE_CONCEPT,
        perfection=None,
        sets=tuple(found),
        not_computed=(PRIVATE_CONCEPT,),
    )
