"""The horizon of iterated play: a fixed number of rounds, or one implied by a continuation.

With a continuation probability ``q`` the game goes on after each round with probability
``q`` (Fudenberg and Tirole 1991, sec. 5.1); the exact analysis truncates it after ``T``
rounds with ``q^T < TRUNCATION``, so that the weight left out is below that bound.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.compile.defaults import MAX_ROUNDS, ROUNDS
from sim.compile.model import continuation_of
from sim.compile.values import whole_number
from sim.errors import ScenarioError
from sim.tolerance import TRUNCATION


def horizon(continuation) -> int:
    """Rounds ``T`` with ``q^T < TRUNCATION`` for continuation probability ``q`` (its largest)."""
    q = float(np.max(continuation))
    if q >= 1.0:
        raise ScenarioError("a continuation probability of 1 needs a fixed number of rounds")
    if q <= 0.0:
        return 1
    return min(MAX_ROUNDS, max(1, math.ceil(math.log(TRUNCATION) / math.log(q))))


def rounds_of(play, values: Mapping[str, Any]) -> int:
    """Rounds to play for a ``[play]`` section (the default without one)."""
    if play is None:
        return ROUNDS
    if play.rounds is not None:
        return whole_number(play.rounds, values, "play.rounds", minimum=1)
    return horizon(continuation_of(play, values))
