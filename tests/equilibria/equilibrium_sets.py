"""Shared by the tests of reduced and merged games: a game of two matrices, and an
equilibrium list as profiles and as sets of profiles by connected component."""

from __future__ import annotations

import numpy as np

from sim.equilibria.components import connected_components
from sim.game.stage import Game


def game_of(A, B) -> Game:
    """The game of payoff matrices ``A`` and ``B``, actions ``r0, r1, ...`` and ``c0, ...``."""
    m, n = np.shape(A)
    names = (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))
    return Game(("row", "col"), names, A, B)


def profiles(found) -> list[tuple]:
    """Each equilibrium as one tuple of both strategies, rounded to 9 digits."""
    pairs = zip(found.row, found.col, strict=True)
    return [tuple(np.round(np.concatenate([x, y]), 9)) for x, y in pairs]


def component_sets(found) -> set[frozenset]:
    """The connected components of an equilibrium list, each as a set of its profiles."""
    listed = profiles(found)
    components = connected_components(found.components, len(found))
    return {frozenset(listed[k] for k in members) for members in components}
