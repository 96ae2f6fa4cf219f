"""Maxmin values and correlated-equilibrium optima certified in rational arithmetic.

Closed forms: the value of a 2x2 zero-sum game without a saddle point is
(ad - bc) / (a + d - b - c) (von Neumann and Morgenstern 1944, sec. 17.8); rock-paper-
scissors is worth 0; in Aumann's game of chicken (6,6 / 2,7 / 7,2 / 0,0) the correlated
equilibrium with the largest total payoff puts 1/2 on (C, C) and 1/4 on each of the two
asymmetric profiles and gives 21/4 to each (Aumann 1974, sec. 8; Papadimitriou and
Roughgarden 2008). Independent method: in a zero-sum game the maxmin value is the payoff of
every Nash equilibrium, which the exact support enumeration gives as a fraction.
Invariance: a positive affine change of a player's payoffs moves the certified value by
exactly that change.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim.equilibria.correlated import correlated_equilibrium
from sim.equilibria.lp_certificate import ValueBounds
from sim.equilibria.maxmin import security_strategy
from sim.equilibria.nash import nash_equilibria

# (case, payoffs of the maximiser (rows) against the opponent (columns), exact value)
MAXMIN_CASES = [
    ("saddle point", [[4, 2], [3, 1]], F(2)),
    ("2x2 mixed", [[3, 0], [0, 2]], F(6, 5)),
    ("matching pennies", [[1, -1], [-1, 1]], F(0)),
    ("rock paper scissors", [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], F(0)),
    ("decimals", [[0.1, 0.7], [0.5, 0.2]], F(11, 30)),
    ("inspection, inspector", [[-1, -3], [0, -10]], F(-3)),
]


def two_by_two(a, b, c, d) -> F:
    return (a * d - b * c) / (a + d - b - c)


def test_decimal_case_is_the_closed_form():
    a, b, c, d = (F(x) for x in ("0.1", "0.7", "0.5", "0.2"))
    assert two_by_two(a, b, c, d) == MAXMIN_CASES[4][2] == F(11, 30)


@pytest.mark.parametrize(("case", "P", "value"), MAXMIN_CASES, ids=[c[0] for c in MAXMIN_CASES])
def test_maxmin_value_is_certified_exactly(case, P, value):
    found = security_strategy(np.array(P, dtype=float))
    assert found.bounds == ValueBounds(value, value)
    assert found.bounds.exact == value and found.value == float(value)
    assert sum(found.exact_strategy) == 1 and min(found.exact_strategy) >= 0


def test_maxmin_of_zero_sum_games_equals_the_exact_nash_payoff():
    rng = np.random.default_rng(2026)
    for _ in range(30):
        m, n = rng.integers(2, 6, size=2)
        A = rng.integers(-9, 10, size=(m, n)).astype(float)
        found = security_strategy(A)
        equilibria = nash_equilibria((A, -A), exact=True)
        values = {payoffs[0] for payoffs in equilibria.exact_payoffs}
        assert values == {found.bounds.exact}


def test_random_float_games_are_certified_or_bounded_exactly():
    rng = np.random.default_rng(7)
    for shape in ((3, 4), (6, 6), (9, 5)):
        P = rng.normal(size=shape)
        found = security_strategy(P)
        low, high = found.bounds.low, found.bounds.high
        assert low <= high
        x = np.array([float(v) for v in found.exact_strategy])
        assert np.min(x @ P) == pytest.approx(float(low), abs=1e-12)
        assert (
            found.bounds.to_dict()["bounds"][0]
            <= low
            <= high
            <= found.bounds.to_dict()["bounds"][1]
        )


@pytest.mark.parametrize(("scale", "shift"), [(3, 0), (F(1, 7), 5), (10**6, -(10**9))])
def test_affine_change_moves_the_certified_value_exactly(scale, shift):
    P = np.array([[3.0, 0.0, 1.0], [0.0, 2.0, 1.5]])
    base = security_strategy(P).bounds.exact
    moved = security_strategy(P * float(scale) + float(shift)).bounds.exact
    assert moved == base * scale + shift


CHICKEN = (np.array([[6.0, 2.0], [7.0, 0.0]]), np.array([[6.0, 7.0], [2.0, 0.0]]))


def test_chicken_welfare_optimum_is_aumanns():
    ce = correlated_equilibrium(CHICKEN, "total")
    assert ce.bounds.exact == F(21, 2)
    assert ce.exact_payoffs == (F(21, 4), F(21, 4))
    np.testing.assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=0)


@pytest.mark.parametrize(
    ("objective", "value"),
    [("row", F(7)), ("col", F(7)), ("egalitarian", F(21, 4))],
)
def test_chicken_other_objectives(objective, value):
    ce = correlated_equilibrium(CHICKEN, objective)
    assert ce.bounds.exact == value


def test_correlated_value_under_affine_change_of_one_player():
    A, B = CHICKEN
    base = correlated_equilibrium((A, B), "row").bounds.exact
    moved = correlated_equilibrium((4 * A - 3, B), "row").bounds.exact
    assert moved == 4 * base - 3


def test_correlated_welfare_optimum_is_at_least_every_nash_welfare():
    rng = np.random.default_rng(99)
    for _ in range(15):
        A = rng.integers(0, 6, size=(3, 3)).astype(float)
        B = rng.integers(0, 6, size=(3, 3)).astype(float)
        ce = correlated_equilibrium((A, B), "total")
        assert ce.bounds is not None and ce.bounds.low <= ce.bounds.high
        best_nash = max(a + b for a, b in nash_equilibria((A, B), exact=True).exact_payoffs)
        assert ce.bounds.high >= best_nash


def test_bounds_round_trip_through_their_dictionary():
    exact = ValueBounds(F(-5, 4), F(-5, 4))
    assert ValueBounds.from_dict(exact.to_dict()) == exact
    loose = ValueBounds(F(1, 3), F(1, 3) + F(1, 10**20))
    data = loose.to_dict()
    assert data["certified"] is False and data["exact"] is None
    assert F(data["bounds"][0]) <= loose.low and F(data["bounds"][1]) >= loose.high
    assert ValueBounds.from_dict(ValueBounds.from_dict(data).to_dict()) == ValueBounds.from_dict(
        data
    )


def test_bounds_beyond_the_float_range_are_written_as_null_and_read_back_outside_it():
    import sys
    from fractions import Fraction

    from sim.equilibria.lp_certificate import ValueBounds

    huge = 3 * Fraction(sys.float_info.max)
    record = ValueBounds(Fraction(1), huge).to_dict()
    assert record["bounds"] == [1.0, None] and not record["certified"]
    back = ValueBounds.from_dict(record)
    assert back.low == 1 and back.high > Fraction(sys.float_info.max)
    record = ValueBounds(-huge, -huge).to_dict()
    assert record["bounds"] == [None, -sys.float_info.max] and record["exact"] == str(-huge)
