"""Equilibria through iterated strict dominance: solve the actions left, pad with zeros.

Let iterated elimination of strictly dominated actions (by pure or mixed strategies,
:mod:`sim.equilibria.dominance`) leave rows ``R`` and columns ``C``. Then the Nash
equilibria of the game are exactly those of its ``R x C`` subgame, with probability 0 on
every removed action:

- no equilibrium plays a removed action: an action strictly dominated against the actions
  still present when it went is never a best response to a strategy over them, and by
  induction along the eliminations no equilibrium uses an action once removed
  (Fudenberg and Tirole 1991, *Game Theory*, section 2.1);
- an equilibrium ``(x, y)`` of the subgame is one of the game: against ``y`` (over ``C``) a
  removed row ``i`` earns strictly less than the mixture ``s`` that dominated it, and each
  action of ``s`` is a survivor or was removed later, so backwards along the eliminations
  ``(A y)_i < max_{k in R} (A y)_k``; likewise for the columns.

The embedding ``x -> (x, 0)`` is linear and keeps vertices of the best-response polytopes
vertices (each removed row adds the tight constraint ``x_i = 0``; a removed column's
constraint is slack, being strictly worse), so the subgame's extreme equilibria are the
game's, its maximal Nash subsets and connected components the game's, listed with the same
indices. The eliminations are each proven in exact arithmetic
(:func:`sim.equilibria.dominance.dominating_strategy`), so a complete certified list of the
subgame is a complete certified list of the game. The degeneracy flag is the subgame's: a
degenerate subgame makes the game degenerate (against a strategy over ``R`` the removed
columns are strictly worse, so the best responses are the same), and whether equilibria
form convex sets is decided there; but mixtures that put weight on removed actions (never
part of an equilibrium) are not examined, so a nondegenerate subgame says so in the note.

A tournament table shrinks a lot this way: of 30 doctrines on the INF scenario, 5 per side
survive, whose 5 x 5 game is enumerated exactly in milliseconds.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np


def subgame(game, rows, cols):
    """The ``rows x cols`` subgame of a single :class:`~sim.game.stage.Game` (its exact
    payoffs too, when it has them)."""
    from sim.game.stage import Game

    rows, cols = list(rows), list(cols)
    actions = (
        tuple(game.actions[0][i] for i in rows),
        tuple(game.actions[1][j] for j in cols),
    )
    exact = None
    if getattr(game, "exact", None):
        exact = tuple(tuple(tuple(M[i][j] for j in cols) for i in rows) for M in game.exact)
    A = np.asarray(game.row_payoffs)[np.ix_(rows, cols)]
    B = np.asarray(game.col_payoffs)[np.ix_(rows, cols)]
    return Game(game.players, actions, A, B, exact)


def reduced_equilibria(game, survivors, method: str = "stabsim", **options):
    """The equilibria of ``game`` found in its subgame of ``survivors`` (the surviving row
    and column indices of iterated strict dominance), with copies of a strategy merged
    (:mod:`sim.equilibria.copies`), as an :class:`~sim.equilibria.nash.EquilibriumSet` of
    the whole game.

    ``method`` and ``options`` (``exact``, ``budget``) go to
    :func:`sim.equilibria.nash.nash_equilibria` for the subgame.
    """
    from sim.equilibria.copies import game_classes, lifted
    from sim.equilibria.nash import nash_equilibria
    from sim.limits import bound

    rows, cols = (sorted(map(int, side)) for side in survivors)
    left = subgame(game, rows, cols)
    row_classes, col_classes = game_classes(left)
    representatives = [c[0] for c in row_classes], [c[0] for c in col_classes]
    found = nash_equilibria(subgame(left, *representatives), method=method, **options)
    found = lifted(found, left, row_classes, col_classes, bound("equilibria"))
    found = embedded(found, game, rows, cols)
    if found.complete or method != "lemke_howson_all":
        return found
    # Paths from other starting labels reach other equilibria: add the certified ends of
    # those of the survivors' game and of the whole game (milliseconds at 100 x 100).
    left_ends = embedded(nash_equilibria(left, method=method, **options), game, rows, cols)
    return union([found, left_ends, nash_equilibria(game, method=method, **options)])


def embedded(found, game, rows, cols):
    """An ``EquilibriumSet`` of a subgame as one of ``game``: strategies padded with zeros,
    the game's payoffs kept for verification, the note saying what was removed."""
    m, n = game.shape
    row = _padded(found.row, rows, m, 0.0)
    col = _padded(found.col, cols, n, 0.0)
    exact = found.exact
    if exact is not None:
        zero = Fraction(0)
        exact = tuple(
            (tuple(_padded([x], rows, m, zero)[0]), tuple(_padded([y], cols, n, zero)[0]))
            for x, y in exact
        )
    removed = m - len(rows) + n - len(cols)
    note = (
        f"iterated strict dominance (each elimination proven exactly) removed {removed} of "
        f"{m + n} strategies, leaving {len(rows)} x {len(cols)}: {found.note}"
    )
    if removed and not found.degenerate:
        note += "; the game left is nondegenerate (ties among removed strategies not examined)"
    return dataclasses.replace(
        found,
        row=row,
        col=col,
        exact=exact,
        row_payoffs=np.asarray(game.row_payoffs, dtype=float),
        col_payoffs=np.asarray(game.col_payoffs, dtype=float),
        note=note,
    )


def _padded(parts, where, size, zero):
    """Each vector of ``parts`` placed at the indices ``where`` of a vector of ``size``."""
    if isinstance(zero, Fraction):
        out = []
        for part in parts:
            full = [zero] * size
            for k, v in zip(where, part, strict=True):
                full[k] = v
            out.append(full)
        return out
    full = np.zeros((len(parts), size))
    full[:, where] = np.asarray(parts, dtype=float).reshape(len(parts), len(where))
    return full


def union(sets):
    """The equilibria of several incomplete ``EquilibriumSet`` lists of one game, each
    distinct profile once, with the maximal Nash subsets among them (vertices told apart by
    their certified floating-point values)."""
    from sim.equilibria.subsets import maximal_nash_subsets

    first = sets[0]
    seen: dict[bytes, int] = {}
    keep = []
    for part, found in enumerate(sets):
        for k in range(len(found)):
            key = np.r_[found.row[k], found.col[k]].tobytes()
            if key not in seen:
                seen[key] = len(keep)
                keep.append((part, k))
    row = np.array([sets[p].row[k] for p, k in keep]).reshape(-1, first.row.shape[1])
    col = np.array([sets[p].col[k] for p, k in keep]).reshape(-1, first.col.shape[1])
    payoffs = np.array([sets[p].payoffs[k] for p, k in keep]).reshape(-1, 2)
    row_vertex = _numbers(row)
    col_vertex = _numbers(col)
    sources = "; ".join(dict.fromkeys(found.note for found in sets))
    return dataclasses.replace(
        first,
        row=row,
        col=col,
        payoffs=payoffs,
        degenerate=any(found.degenerate for found in sets),
        components=maximal_nash_subsets(row_vertex, col_vertex),
        exact=None,
        exact_payoffs=None,
        certified=all(found.certified for found in sets),
        complete=False,
        note=f"a subset: the {len(keep)} distinct equilibria of {len(sets)} lists ({sources})",
    )


def _numbers(points: np.ndarray) -> list[int]:
    """Number each distinct row of ``points`` (equal rows share a number)."""
    _, inverse = np.unique(points, axis=0, return_inverse=True)
    return [int(v) for v in np.asarray(inverse).reshape(-1)]
