"""Scenario section ``responsibility``: who is held responsible for the treaty's end, by its cause.

Each key names what the move that ended the treaty answered, as the side it answered (the
accused) could observe it (:mod:`sim.dynamics.blame` defines the kinds), and says whose it
is: ``mover``, ``accused``, ``shared`` (half each), ``nobody``, or a number in ``[0, 1]``,
the mover's share (the accused takes the rest). Keys left out take the defaults below::

    [responsibility]
    description = "Blame follows the evidence"
    first_move = "mover"          # no evidence seen: a first move, or an undetected violation
    real_violation = "accused"    # a detected, intended violation: the violator's
    tremble = "accused"           # a detected execution error of the accused
    false_alarm = "mover"         # an accusation without evidence: the accuser's
    accident = "mover"            # the move was itself a tremble
    simultaneous = "shared"       # both sides at once: "shared" or "nobody"
    chance = "nobody"             # chance or time, no move: "nobody" or "shared"
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator

from sim.scenario.types import Number, Strict

Word = Literal["mover", "accused", "shared", "nobody"]


def _share(value):
    if not isinstance(value, str) and not 0.0 <= value <= 1.0:
        raise ValueError(f"a share must lie in [0, 1], got {value}")
    return value


Share = Annotated[Word | Number, AfterValidator(_share)]
"""A word, or the mover's share of the blame."""


class Responsibility(Strict):
    """Whose is the treaty's end, by what the ending move answered (see the module)."""

    description: str = ""
    first_move: Share = "mover"
    real_violation: Share = "accused"
    tremble: Share = "accused"
    false_alarm: Share = "mover"
    accident: Share = "mover"
    simultaneous: Literal["shared", "nobody"] = "shared"
    chance: Literal["nobody", "shared"] = "nobody"

    def rules(self) -> dict:
        """The rules as keywords of :meth:`sim.dynamics.blame.BlameRules.from_words`."""
        return self.model_dump(exclude={"description"})
