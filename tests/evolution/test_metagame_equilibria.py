"""The meta-game equilibria of INF tournaments: certified exactly against the table, and
the same as the exact enumeration of the whole table where that is affordable."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.compile.check import load
from sim.equilibria.components import connected_components
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.reduced import reduced_equilibria
from sim.equilibria.verify import is_equilibrium
from sim.evolution.analysis import analyse_metagame
from sim.evolution.metagame import MetaGame
from sim.evolution.scenario_table import scenario_table
from sim.limits import bound
from tests.conftest import SCENARIOS

POOL = [  # 30 library strategies, some with parameters
    "always_comply",
    "always_violate",
    "always_withdraw",
    "always_develop",
    "tit_for_tat",
    "suspicious_tit_for_tat",
    "follow_suit",
    "tit_for_two_tats",
    "grim_trigger",
    "grudger",
    "win_stay_lose_shift",
    "alternator",
    "no_obligations_if_abandoned",
    *(f"generous_tit_for_tat(forgiveness={f})" for f in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)),
    *(f"ultimatum(deadline={d})" for d in (1, 2, 3, 4, 6, 12)),
    *(f"random(weights=[{a}, {b}, 1, {18 - a - b}])" for a, b in ((2, 2), (8, 1), (1, 8), (5, 5))),
]


@pytest.fixture(scope="module")
def inf_30():
    return scenario_table(load(SCENARIOS / "inf_treaty.toml"), POOL, POOL).meta


def _certified_exactly(A, B, x, y) -> bool:
    """``(x, y)`` (fractions) is a Nash equilibrium of the table read as the exact binary
    values of its doubles: no pure strategy earns more than the profile."""
    A = [[Fraction(float(v)) for v in row] for row in A]
    B = [[Fraction(float(v)) for v in row] for row in B]
    m, n = len(A), len(A[0])
    row_values = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    col_values = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    value_row = sum(x[i] * row_values[i] for i in range(m))
    value_col = sum(y[j] * col_values[j] for j in range(n))
    distributions = sum(x) == 1 == sum(y) and min(x) >= 0 and min(y) >= 0
    return distributions and max(row_values) == value_row and max(col_values) == value_col


@pytest.mark.slow
def test_30_strategy_metagame_lists_every_extreme_equilibrium_certified(inf_30):
    analysis = analyse_metagame(inf_30)
    found = analysis.equilibria
    assert len(inf_30.row_names) == 30
    assert found.complete and found.certified and len(found) > 2
    assert np.all(found.verify())
    survivors = analysis.dominance.surviving
    assert "leaving" in found.note and sum(map(len, survivors)) < 60
    # The same list in exact mode, each equilibrium checked here in rational arithmetic.
    exact = reduced_equilibria(inf_30.game(), survivors, exact=True)
    assert len(exact) == len(found)
    for (x, y), row, col in zip(exact.exact, found.row, found.col, strict=True):
        assert _certified_exactly(inf_30.row_payoffs, inf_30.col_payoffs, x, y)
        np.testing.assert_allclose([float(v) for v in x], row, atol=1e-12)
        np.testing.assert_allclose([float(v) for v in y], col, atol=1e-12)


def test_the_scenarios_own_pool_agrees_with_the_whole_tables_enumeration():
    # 7 x 7: small enough to enumerate every basis of the whole table exactly.
    meta = scenario_table(load(SCENARIOS / "inf_treaty.toml")).meta
    whole = nash_equilibria(meta.game())
    assert whole.complete
    found = analyse_metagame(meta).equilibria
    assert found.complete and found.certified

    def profiles(result):
        pairs = zip(result.row, result.col, strict=True)
        return [tuple(np.round(np.concatenate([x, y]), 9)) for x, y in pairs]

    assert sorted(profiles(found)) == sorted(profiles(whole))
    found_profiles, whole_profiles = profiles(found), profiles(whole)
    parts = [
        {frozenset(p[k] for k in c) for c in connected_components(r.components, len(r))}
        for r, p in ((found, found_profiles), (whole, whole_profiles))
    ]
    assert parts[0] == parts[1]


def test_a_table_with_many_survivors_lists_certified_equilibria_labelled_incomplete():
    # Each strategy the best reply to one of the other side's: nothing is dominated, and
    # 2 x 14 strategies are more than the full search takes.
    rng = np.random.default_rng(7)
    names = tuple(f"s{k}" for k in range(14))
    A, B = rng.random((2, 14, 14))
    A[np.arange(14), rng.permutation(14)] += 2  # row i the best reply to one column
    B[rng.permutation(14), np.arange(14)] += 2  # column j the best reply to one row
    meta = MetaGame(names, names, A, B)
    analysis = analyse_metagame(meta)
    found = analysis.equilibria
    assert analysis.dominance.surviving == (tuple(range(14)), tuple(range(14)))
    assert len(found) >= 1 and found.certified and not found.complete
    assert found.note.startswith("a subset") and "Lemke-Howson from 28 of 28" in found.note
    assert np.all(found.verify())
    for subset in found.components:  # the middle of each Nash subset is an equilibrium
        middle = found.row[subset].mean(axis=0), found.col[subset].mean(axis=0)
        assert is_equilibrium(A, B, *middle)
    whole = nash_equilibria((A, B), budget=30.0)  # the basis search: a superset here
    assert "basis search" in whole.note and len(whole) < bound("equilibria")
    listed = {tuple(np.round(np.r_[x, y], 9)) for x, y in zip(found.row, found.col, strict=True)}
    every = {tuple(np.round(np.r_[x, y], 9)) for x, y in zip(whole.row, whole.col, strict=True)}
    assert listed <= every
