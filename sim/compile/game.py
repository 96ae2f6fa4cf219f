"""Compiling the stage game of a loaded scenario at its parameters."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.compile.payoffs import evaluate_payoffs
from sim.game.stage import Game
from sim.scenario.loader import LoadedScenario


def build_game(
    scenario: LoadedScenario, parameters: Mapping[str, float | np.ndarray] | None = None
) -> Game:
    """The stage game at the scenario's parameters, or at ``parameters`` merged over them.

    Array-valued parameters give a batch of games (one per sweep point).
    """
    values = {**scenario.parameters, **(parameters or {})}
    model = scenario.model
    row, col = evaluate_payoffs(model, values)
    return Game(
        players=(model.players.row, model.players.col),
        actions=(tuple(model.actions.row), tuple(model.actions.col)),
        row_payoffs=row,
        col_payoffs=col,
    )
