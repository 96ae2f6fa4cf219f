"""Connected components of the equilibrium set: maximal Nash subsets joined where they meet.

The Nash equilibria of a bimatrix game form finitely many connected components; each is a
union of maximal Nash subsets (:mod:`sim.equilibria.subsets`), and two maximal Nash subsets
lie in one component when they intersect, which they do exactly when they share an extreme
equilibrium: their intersection is a product of faces of the two best-response polytopes,
whose vertices are extreme equilibria (Jansen 1981, "Maximal Nash subsets for bimatrix
games", Naval Res. Logist. Q. 28; Avis, Rosenberg, Savani and von Stengel 2010, Economic
Theory 42, section 6, the components lrsnash and Gambit's ``enummixed`` report). The
components are the connected components of the graph on extreme equilibria that joins two
equilibria of a common maximal Nash subset, found by union-find. An isolated extreme
equilibrium (in a nondegenerate game, every one) is a component of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def connected_components(subsets: Sequence[Sequence[int]], count: int) -> list[list[int]]:
    """The connected components of the equilibrium set, as sorted lists of the indices of
    the ``count`` extreme equilibria, ordered by first index.

    Parameters
    ----------
    subsets
        The maximal Nash subsets, each a list of extreme-equilibrium indices.
    count
        The number of extreme equilibria (indices ``0 .. count - 1``).
    """
    parent = list(range(count))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for subset in subsets:
        first = root(subset[0]) if subset else None
        for k in subset[1:]:
            parent[root(k)] = first
    groups: dict[int, list[int]] = {}
    for k in range(count):
        groups.setdefault(root(k), []).append(k)
    return sorted(groups.values())


def component_records(found) -> list[dict]:
    """One JSON-ready record per connected component of an ``EquilibriumSet``: its extreme
    equilibria (``equilibria``, indices), the maximal Nash subsets it unites (``nash_subsets``,
    indices into ``found.components``) and the range of each player's payoff over its
    extreme points (``payoff_range``, ``[[row min, row max], [column min, column max]]``;
    a payoff is bilinear, so over a Nash subset ``conv X x conv Y`` its extremes are at
    pairs of ``X x Y``, all extreme equilibria: the range is that of the whole component)."""
    components = connected_components(found.components, len(found))
    where = {k: c for c, members in enumerate(components) for k in members}
    unites: list[list[int]] = [[] for _ in components]
    for s, subset in enumerate(found.components):
        if subset:
            unites[where[subset[0]]].append(s)
    payoffs = np.asarray(found.payoffs, dtype=float).reshape(-1, 2)
    return [
        {
            "equilibria": members,
            "nash_subsets": unites[c],
            "payoff_range": [
                [float(payoffs[members, p].min()), float(payoffs[members, p].max())]
                for p in range(2)
            ],
        }
        for c, members in enumerate(components)
    ]
