"""Repeated-game checks of a scenario's strategy profile under perfect monitoring, as one result.

With an effective discount factor ``delta = discount * continuation`` below 1: the one-shot
deviation check (:func:`sim.play.checks.check_subgame_perfect`) and each side's best
response in the infinitely repeated game. At ``delta = 1`` (a fixed horizon, no
discounting) the check is not made and the best responses are those of the finitely
repeated game over the scenario's rounds. The critical discount factor
(:func:`sim.play.checks.critical_discount`) is computed in both cases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sim.play.analysis import automaton_data
from sim.play.assumptions import play_assumptions
from sim.results import Result
from sim.strategies.automaton import Automaton
from sim.tolerance import RELATIVE_TOLERANCE


@dataclass(frozen=True, eq=False, kw_only=True)
class ProfileCheck(Result):
    """Subgame perfection, critical discount factor and best responses of a profile.

    Attributes
    ----------
    effective_discount
        ``discount * continuation``.
    horizon
        ``None`` for the infinitely repeated game, else the number of rounds.
    subgame_perfect, largest_gain, profitable_deviation
        The one-shot deviation check (``None`` without discounting); ``largest_gain`` per
        side, ``profitable_deviation`` the worst one as ``{player, state, action, gain}``.
    critical_discount
        The least discount factor from which the profile is subgame perfect up to 1, or
        ``None`` if there is none.
    best_response
        Per side: ``against``, ``payoff``, ``opponent_payoff``, ``current_payoff``,
        ``gain`` and ``policy`` (its actions in the states it reaches).
    equilibrium
        The check under the stated monitoring, with the scenario's noise and treaty states
        (:func:`sim.repeated.check.equilibrium_check`; ``None`` without discounting). The
        other entries are a reference under perfect monitoring without trembles.
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    treaty_states: tuple[str, ...]
    row: Automaton
    col: Automaton
    rounds: int
    effective_discount: float
    horizon: int | None
    subgame_perfect: bool | None
    largest_gain: dict[str, float] | None
    profitable_deviation: dict[str, Any] | None
    critical_discount: float | None
    best_response: dict[str, dict[str, Any]]
    equilibrium: Result | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "actions": [list(a) for a in self.actions],
            "treaty_states": list(self.treaty_states),
            "rounds": self.rounds,
            "strategies": {"row": automaton_data(self.row), "col": automaton_data(self.col)},
            "effective_discount": self.effective_discount,
            "horizon": "infinite" if self.horizon is None else self.horizon,
            "subgame_perfect": self.subgame_perfect,
            "largest_gain": self.largest_gain,
            "profitable_deviation": self.profitable_deviation,
            "critical_discount": self.critical_discount,
            "best_response": self.best_response,
            "reference": "perfect monitoring, no trembles",
            "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
        }


def profile_check(
    scenario,
    *,
    row: str | None = None,
    col: str | None = None,
    parameters: dict[str, float] | None = None,
    monitoring: str | None = None,
    rounds: int | None = None,
) -> ProfileCheck:
    """The repeated-game checks of the scenario's (or the given) strategy profile;
    ``monitoring`` (perfect, public or private) overrides the scenario's signals, ``rounds``
    its horizon (the finitely repeated game's, without discounting)."""
    from sim.compile.setup import play_setup
    from sim.play.checks import check_subgame_perfect, critical_discount

    setup = play_setup(scenario, parameters, row=row, col=col, rounds=rounds)
    # a dated strategy is checked from its date on (the subgame where it starts)
    setup = replace(setup, row=setup.row.from_start(), col=setup.col.from_start())
    model = setup.model
    delta = float(np.asarray(model.discount * model.continuation))
    infinite = delta < 1.0
    perfect_fields: dict[str, Any] = {
        "subgame_perfect": None,
        "largest_gain": None,
        "profitable_deviation": None,
    }
    if infinite:
        check = check_subgame_perfect(model, setup.row, setup.col)
        perfect_fields["subgame_perfect"] = bool(check.subgame_perfect)
        gains = check.largest_gain.tolist()
        perfect_fields["largest_gain"] = dict(zip(("row", "col"), gains, strict=True))
        if check.worst is not None:
            names = ("player", "state", "action", "gain")
            perfect_fields["profitable_deviation"] = dict(zip(names, check.worst, strict=True))
    horizon = None if infinite else setup.rounds
    equilibrium = None
    if infinite:
        from sim.repeated.check import equilibrium_check

        equilibrium = equilibrium_check(model, setup.row, setup.col, monitoring)
    return ProfileCheck(
        method="one-shot-deviation" if infinite else "backward-induction",
        parameters={"row": setup.row.name, "col": setup.col.name, "rounds": setup.rounds},
        assumptions=play_assumptions(
            model.perfect(), horizon, "checked under perfect monitoring without trembles"
        ),
        players=model.players,
        actions=model.actions,
        treaty_states=model.treaty_states,
        row=setup.row,
        col=setup.col,
        rounds=setup.rounds,
        effective_discount=delta,
        horizon=horizon,
        critical_discount=critical_discount(model, setup.row, setup.col),
        best_response=_best_responses(setup, horizon),
        equilibrium=equilibrium,
        **perfect_fields,
    )


def _best_responses(setup, rounds: int | None) -> dict[str, dict[str, Any]]:
    from sim.play.best_response import best_response
    from sim.play.checks import profile_values
    from sim.play.exact import match_payoffs

    perfect = setup.model.perfect()
    if rounds is None:
        current = profile_values(perfect, setup.row, setup.col)
    else:
        current = match_payoffs(perfect, setup.row, setup.col, rounds)
    responses = {}
    for side, opponent in ((0, setup.col), (1, setup.row)):
        response = best_response(perfect, opponent, side, rounds)
        now = float(current[side])
        gain = response.payoff - now
        if abs(gain) <= RELATIVE_TOLERANCE * max(1.0, abs(response.payoff)):
            gain = 0.0
        responses[("row", "col")[side]] = {
            "against": opponent.name,
            "payoff": response.payoff,
            "opponent_payoff": response.opponent_payoff,
            "current_payoff": now,
            "gain": gain,
            "policy": {label: response.policy[label] for label in response.reached},
        }
    return responses
