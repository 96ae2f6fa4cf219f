"""The size bounds of sim.limits where equilibria are enumerated: `equilibria` cuts a list
short (labelled incomplete, naming the variable that raises it), `enumeration_pairs`
refuses an enumeration that would visit too many support pairs or stops a search there."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim import limits
from sim.equilibria.batch import nash_batch
from sim.equilibria.nash import nash_equilibria


def coordination_equilibria(m: int) -> set[tuple[int, ...]]:
    """The equilibria of the m x m identity game: both uniform on one nonempty subset."""
    return {s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)}


def supports(result) -> set[tuple[int, ...]]:
    found = set()
    for x, y in zip(result.row, result.col, strict=True):
        support = tuple(np.flatnonzero(x > 0))
        assert tuple(np.flatnonzero(y > 0)) == support
        np.testing.assert_allclose(x[list(support)], 1 / len(support))
        found.add(support)
    return found


def test_the_exact_enumeration_lists_at_most_the_bound_and_says_so():
    game = (np.eye(4), np.eye(4))
    full = nash_equilibria(game)
    assert supports(full) == coordination_equilibria(4) and full.complete
    with limits.raised(equilibria=5):
        cut = nash_equilibria(game)
    assert len(cut) == 5 and not cut.complete and cut.verify().all()
    assert supports(cut) <= coordination_equilibria(4)
    assert "limit 'equilibria'" in cut.note and "STABSIM_LIMIT_EQUILIBRIA" in cut.note


def test_the_certified_float_path_stops_at_the_bound_and_says_so():
    with limits.raised(equilibria=2):  # a budget that a loaded machine cannot exhaust
        cut = nash_equilibria((np.eye(4), np.eye(4)), method="lemke_howson_all", budget=120)
    assert len(cut) == 2 and not cut.complete and cut.verify().all()
    assert "STABSIM_LIMIT_EQUILIBRIA" in cut.payload()["certificate"]


def test_nashpy_is_refused_before_it_visits_too_many_support_pairs():
    # nashpy visits every pair of nonempty supports: (2^4 - 1)^2 = 225 in a 4x4 game
    with limits.raised(enumeration_pairs=224), pytest.raises(limits.LimitError) as info:
        nash_equilibria((np.eye(4), np.eye(4)), method="nashpy")
    assert "225" in info.value.message and "STABSIM_LIMIT_ENUMERATION_PAIRS" in info.value.message
    assert info.value.argument == "method"
    with limits.raised(enumeration_pairs=225):
        assert supports(nash_equilibria((np.eye(4), np.eye(4)), method="nashpy")) == (
            coordination_equilibria(4)
        )


def test_the_batch_engine_is_refused_before_it_enumerates_too_many_bases():
    # C(4 + 4, 4) - 1 = 69 support pairs of equal size in a 4x4 game
    games = np.broadcast_to(np.eye(4), (3, 4, 4))
    with limits.raised(enumeration_pairs=68), pytest.raises(limits.LimitError) as info:
        nash_batch(games, games)
    assert "69" in info.value.message and "STABSIM_LIMIT_ENUMERATION_PAIRS" in info.value.message
    with limits.raised(enumeration_pairs=69):
        assert nash_batch(games, games).counts().tolist() == [15, 15, 15]


@pytest.mark.slow
def test_the_basis_search_stops_at_the_bound_and_says_so():
    # 8x8 is beyond the exact enumeration (C(16, 8) - 1 bases): the basis search runs
    game = (np.eye(8), np.eye(8))
    with limits.raised(enumeration_pairs=50):
        cut = nash_equilibria(game)
    assert not cut.complete and cut.verify().all()
    assert supports(cut) < coordination_equilibria(8)
    assert "limit 'enumeration_pairs'" in cut.note and "STABSIM_LIMIT_ENUMERATION_PAIRS" in cut.note
