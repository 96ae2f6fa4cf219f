"""The 28x7 reduced strategic form of Gambit's ``subgames`` test game: every equilibrium.

The game (``tests/test_games/subgames.efg`` of the Gambit repository) is a two-player
zero-sum game tree with 19 outcomes paying ``(k, -k)`` for outcome ``k``; it is written
below in a short preorder notation (``P.I``: player ``P`` moves at information set ``I``
with two actions; ``tK``: outcome ``K``) and its reduced strategic form built here (one
strategy per plan of actions at the information sets the player's own moves leave
reachable), which has Gambit's 28 x 7 strategies. A zero-sum game's equilibria are the
product of the two players' sets of optimal strategies (von Neumann), so the extreme
equilibria are all pairs of extreme optimal strategies, one Nash subset, every payoff the
value; the value is checked by an independent linear program and the list against the
closed form of this game's optimal strategies.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from sim.equilibria.components import connected_components
from sim.equilibria.nash import nash_equilibria

TREE = (
    "2.1 1.1 t1 t2 1.2 2.2 t3 1.3 t4 t5 2.2 2.3 1.4 2.4 t6 t7 t8 1.5 2.5 t9 t10 2.5 1.6 2.6 "
    "1.4 t11 t12 1.4 t13 t14 t15 1.6 t16 t17 1.7 t18 t19"
)


def _parse(tokens):
    token = next(tokens)
    if token.startswith("t"):
        return int(token[1:])
    player, infoset = map(int, token.split("."))
    return (player, infoset, [_parse(tokens), _parse(tokens)])


def _infosets(node, player, found):
    if isinstance(node, tuple):
        if node[0] == player:
            found.add(node[1])
        for child in node[2]:
            _infosets(child, player, found)
    return found


def _reachable(node, player, plan, found):
    """Information sets of ``player`` that ``plan`` (its own moves) leaves reachable."""
    if isinstance(node, tuple):
        if node[0] == player:
            found.add(node[1])
            _reachable(node[2][plan[node[1]]], player, plan, found)
        else:
            for child in node[2]:
                _reachable(child, player, plan, found)
    return found


def _reduced_strategies(tree, player):
    sets = sorted(_infosets(tree, player, set()))
    plans = {}
    for choice in itertools.product((0, 1), repeat=len(sets)):
        plan = dict(zip(sets, choice, strict=True))
        key = tuple(sorted((h, plan[h]) for h in _reachable(tree, player, plan, set())))
        plans.setdefault(key, plan)
    return list(plans.values())


def _outcome(node, first, second):
    while isinstance(node, tuple):
        node = node[2][(first if node[0] == 1 else second)[node[1]]]
    return node


@pytest.fixture(scope="module")
def subgames():
    tree = _parse(iter(TREE.split()))
    rows, cols = _reduced_strategies(tree, 1), _reduced_strategies(tree, 2)
    A = np.array([[_outcome(tree, a, b) for b in cols] for a in rows], dtype=float)
    return A, -A


@pytest.fixture(scope="module")
def solved(subgames):
    return nash_equilibria(subgames)


def _value(A):
    """The row player's maxmin value by an LP of its own: max v, x^T A >= v, x in simplex."""
    m, n = A.shape
    result = linprog(
        np.append(np.zeros(m), -1.0),
        A_ub=np.hstack([-A.T, np.ones((n, 1))]),
        b_ub=np.zeros(n),
        A_eq=np.append(np.ones(m), 0.0)[None],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
    )
    return result.x[-1]


def test_the_reduced_strategic_form_has_gambits_size(subgames):
    A, _ = subgames
    assert A.shape == (28, 7)
    assert set(np.unique(A)) <= set(range(1, 20))


@pytest.mark.slow
def test_every_equilibrium_of_the_subgames_form(subgames, solved):
    A, B = subgames
    # each equilibrium certified exactly; the search ran to its end (completeness is only
    # proven by the exact enumeration of small games, so it is checked below instead)
    assert solved.certified and "incomplete" not in solved.note and len(solved) > 0
    value = _value(A)
    np.testing.assert_allclose(solved.payoffs[:, 0], value, atol=1e-9)
    # exact: every listed profile is an equilibrium, each player's strategies optimal
    Af = [[Fraction(int(v)) for v in r] for r in A]
    for x, y in zip(solved.row, solved.col, strict=True):
        xf = [Fraction(v).limit_denominator(10**6) for v in x]
        yf = [Fraction(v).limit_denominator(10**6) for v in y]
        guaranteed = min(sum(xf[i] * Af[i][j] for i in range(28)) for j in range(7))
        conceded = max(sum(Af[i][j] * yf[j] for j in range(7)) for i in range(28))
        assert guaranteed == conceded  # x guarantees and y holds the row player to the value
    # zero-sum: the extreme equilibria are all pairs of extreme optimal strategies
    rows = {tuple(np.round(x, 9)) for x in solved.row}
    cols = {tuple(np.round(y, 9)) for y in solved.col}
    pairs = {
        (tuple(np.round(x, 9)), tuple(np.round(y, 9)))
        for x, y in zip(solved.row, solved.col, strict=True)
    }
    assert pairs == set(itertools.product(rows, cols))
    assert len(connected_components(solved.components, len(solved))) == 1


@pytest.mark.slow
def test_the_equilibria_are_those_of_the_closed_form(subgames, solved):
    # Column 1 pays the row player 1 or 2 and every other column at least 3, and the value is
    # 2: an optimal x must put all its weight on the rows with 2 in column 1 (then every
    # other column gives at least 3), and an optimal y must hold those rows to 2, which only
    # column 1 alone does. So the equilibria are {rows with A[i, 0] = 2} x {column 1}: 14
    # extreme ones, as Gambit's enummixed also lists (pygambit 17.0.0b2, measured once).
    A, _ = subgames
    assert _value(A) == pytest.approx(2.0)
    expected = {(tuple(np.eye(28)[i]), tuple(np.eye(7)[0])) for i in np.flatnonzero(A[:, 0] == 2)}
    ours = {(tuple(x), tuple(y)) for x, y in zip(solved.row, solved.col, strict=True)}
    assert len(expected) == 14 and ours == expected
