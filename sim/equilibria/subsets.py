"""Maximal Nash subsets: the maximal convex sets of equilibria spanned by extreme equilibria.

Join an extreme row strategy ``x`` and an extreme column strategy ``y`` by an edge when
``(x, y)`` is an (extreme) equilibrium. A set ``X x Y`` of row and column strategies all of
whose pairs are equilibria is a biclique of this bipartite graph, and the product of the
convex hulls of ``X`` and ``Y`` consists of equilibria. The maximal bicliques are the maximal
Nash subsets; the equilibrium set of the game is their union, and its connected components
are unions of overlapping subsets (Winkels 1979; Jansen 1981; Audet, Hansen, Jaumard and
Savard 2001, "Enumeration of all extreme equilibria of bimatrix games", SIAM J. Sci. Comput.
23(1); the "cliques" of Gambit's ``enummixed``).

The maximal bicliques are found as the formal concepts of the incidence relation: each is
``(X, Y)`` with ``Y`` an intersection of neighbourhoods ``N(x)`` and ``X = {x : Y within
N(x)}`` (Ganter and Wille 1999, *Formal Concept Analysis*, section 1.1).
"""

from __future__ import annotations

from collections.abc import Sequence


def maximal_nash_subsets(row_vertex: Sequence[int], col_vertex: Sequence[int]) -> list[list[int]]:
    """The maximal Nash subsets of one game, as lists of equilibrium indices.

    Parameters
    ----------
    row_vertex, col_vertex
        For each extreme equilibrium ``k``, the numbers of its row and its column strategy
        among the game's distinct extreme strategies.

    Returns
    -------
    list of list of int
        One sorted list per maximal Nash subset (the extreme equilibria ``(x, y)`` with ``x``
        in ``X`` and ``y`` in ``Y``), ordered by first index. Without ties every equilibrium
        is a subset of its own.
    """
    if len(set(map(int, row_vertex))) == len(row_vertex) == len(set(map(int, col_vertex))):
        return [[k] for k in range(len(row_vertex))]  # no two equilibria share a vertex
    edges = {
        (int(u), int(v)): k for k, (u, v) in enumerate(zip(row_vertex, col_vertex, strict=True))
    }
    neighbours: dict[int, frozenset[int]] = {}
    for u, v in edges:
        neighbours[u] = neighbours.get(u, frozenset()) | {v}
    intents = set(neighbours.values())
    frontier = set(intents)
    while frontier:
        new = {a & b for a in frontier for b in intents} - intents - {frozenset()}
        intents |= new
        frontier = new
    subsets = []
    for intent in intents:
        extent = [u for u, vs in neighbours.items() if intent <= vs]
        subsets.append(sorted(edges[(u, v)] for u in extent for v in intent))
    return sorted(subsets)
