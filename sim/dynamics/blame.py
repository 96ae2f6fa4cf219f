"""Who is held responsible for the treaty's end: shares of blame by what the ending move answered.

The exact attribution (:mod:`sim.play.responsibility`) classes each end by the move that set
the treaty on its way out and by what the mover had seen of the other side, the *accused*:

``first_move``
    no non-cooperative signal seen (a deliberate first move, or an answer to a violation the
    mover did not detect: an accusation without evidence);
``real_violation``
    the last such signal was true: the accused had violated on purpose and was detected;
``tremble``
    it was true, but the accused's violation was an execution error;
``false_alarm``
    it was false: the accused had complied (an accusation without evidence);
``accident``
    the move itself was a tremble of the mover.

The accused knows its own actions, so what it could observe is exactly this: whether it had
violated (on purpose or not) when it was accused. A rule gives each kind a triple
``(mover's share, accused's share, nobody's share)``: ``mover`` is ``(1, 0, 0)``,
``accused`` ``(0, 1, 0)``, ``shared`` ``(1/2, 1/2, 0)``, ``nobody`` ``(0, 0, 1)`` (the end
counts as no one's), a number ``f`` in ``[0, 1]`` ``(f, 1 - f, 0)``. Ends by both sides at
once (``simultaneous``) and by chance or time (``chance``) have no mover: ``shared`` or
``nobody``. Whatever the rules, the row side's, the column side's and nobody's parts sum to
the end probability.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("first_move", "real_violation", "tremble", "false_alarm", "accident")
"""What the move that ended the treaty answered (see the module docstring)."""

WORDS = {
    "mover": (1.0, 0.0, 0.0),
    "accused": (0.0, 1.0, 0.0),
    "shared": (0.5, 0.5, 0.0),
    "nobody": (0.0, 0.0, 1.0),
}
DEFAULTS = {
    "first_move": "mover",
    "real_violation": "accused",
    "tremble": "accused",
    "false_alarm": "mover",
    "accident": "mover",
    "simultaneous": "shared",
    "chance": "nobody",
}
"""The rules without a ``[responsibility]`` section: a move answering a detected violation is
the violator's; one answering a false alarm or no evidence, or made by accident, the mover's."""


@dataclass(frozen=True)
class BlameRules:
    """``(mover's share, accused's share, nobody's share)`` for each kind of :data:`KINDS`,
    and the ``(row, column, nobody)`` shares of a simultaneous end and of an end by chance;
    each triple sums to 1."""

    kinds: tuple[tuple[float, float, float], ...]
    simultaneous: tuple[float, float, float]
    chance: tuple[float, float, float]
    words: tuple[tuple[str, str | float], ...] = ()

    @classmethod
    def from_words(cls, **given: str | float) -> BlameRules:
        """Rules from words (or numbers, the mover's share); unnamed kinds take the defaults."""
        words = {**DEFAULTS, **given}
        shares = {key: share(value) for key, value in words.items()}
        return cls(
            kinds=tuple(shares[k] for k in KINDS),
            simultaneous=shares["simultaneous"],
            chance=shares["chance"],
            words=tuple(words.items()),
        )

    def to_dict(self) -> dict:
        return dict(self.words)


def share(value: str | float) -> tuple[float, float, float]:
    """``(mover's, accused's, nobody's share)`` of a word or of the mover's share ``f``."""
    if isinstance(value, str):
        return WORDS[value]
    return float(value), 1.0 - float(value), 0.0


DEFAULT_RULES = BlameRules.from_words()
