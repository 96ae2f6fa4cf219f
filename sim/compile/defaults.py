"""Every default of the model that the scenario file may leave out, in one place.

The scenario schema leaves these fields empty (``None``) when the file does not give them;
the compile step fills them in from here, so that ``stabsim play``, tournaments, sweeps
and the Python API agree.
"""

from __future__ import annotations

ROUNDS = 200
"""Rounds played when the scenario gives neither ``play.rounds`` nor a continuation."""

MONTE_CARLO_RUNS = 10_000
"""Monte Carlo runs of one strategy profile: ``play.runs``, and ``tournament.runs`` for each
pairing of a sampled tournament."""

SEED = 0
"""Seed of the random draws when the scenario gives none."""

MAX_ROUNDS = 100_000
"""The longest horizon a continuation probability may imply."""
