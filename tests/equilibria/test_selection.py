"""Selection helpers: payoff and risk dominance (Harsanyi-Selten), strict, pure, symmetric."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.nash import nash_equilibria
from sim.equilibria.selection import equilibrium_properties, payoff_dominant, risk_dominant


def stag_hunt(R, T, P, S):
    A = np.array([[R, S], [T, P]], float)
    return A, A.T


def test_stag_hunt_payoff_dominant_cooperation_risk_dominant_defection():
    A, B = stag_hunt(4, 3, 2, 0)
    result = nash_equilibria((A, B))
    k = payoff_dominant(result)
    np.testing.assert_array_equal(result.row[k], [1, 0])
    np.testing.assert_array_equal(result.col[k], [1, 0])
    assert risk_dominant((A, B)) == (1, 1)  # (P - S)^2 = 4 > (R - T)^2 = 1


def test_stag_hunt_where_cooperation_is_also_risk_dominant():
    assert risk_dominant(stag_hunt(4, 1, 2, 0)) == (0, 0)  # (R - T)^2 = 9 > (P - S)^2 = 4
    assert risk_dominant(stag_hunt(4, 2, 2, 0)) is None  # tie


def test_risk_dominant_equals_best_reply_to_even_mixing():
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(200):
        # a coordination game: strict equilibria (0, 0) and (1, 1), random deviation losses
        A, B = rng.integers(0, 10, (2, 2, 2)).astype(float)
        a0, a1, b0, b1 = rng.integers(1, 6, 4)
        A[0, 0], A[1, 1] = A[1, 0] + a0, A[0, 1] + a1
        B[0, 0], B[1, 1] = B[0, 1] + b0, B[1, 0] + b1
        winner = risk_dominant((A, B))
        # Harsanyi-Selten 1988: with deviation losses a0, b0 at (0, 0) and a1, b1 at (1, 1)
        assert winner == ((0, 0) if a0 * b0 > a1 * b1 else (1, 1) if a0 * b0 < a1 * b1 else None)
        # when both players' best replies to 50:50 mixing agree, they pick the risk-dominant one
        row_pref = A[0] @ [0.5, 0.5] - A[1] @ [0.5, 0.5]
        col_pref = B[:, 0] @ [0.5, 0.5] - B[:, 1] @ [0.5, 0.5]
        if row_pref > 0 and col_pref > 0:
            assert winner == (0, 0)
            checked += 1
        elif row_pref < 0 and col_pref < 0:
            assert winner == (1, 1)
            checked += 1
    assert checked > 50


def test_risk_dominance_needs_two_strict_equilibria_and_a_2x2_game():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    assert risk_dominant((A, A.T)) is None
    with pytest.raises(ValueError):
        risk_dominant((np.eye(3), np.eye(3)))


def test_battle_of_the_sexes_has_no_payoff_dominant_equilibrium():
    result = nash_equilibria((np.array([[2.0, 0], [0, 1]]), np.array([[1.0, 0], [0, 2]])))
    assert payoff_dominant(result) is None


def test_properties_strict_pure_symmetric():
    A, B = stag_hunt(4, 3, 2, 0)
    props = equilibrium_properties(nash_equilibria((A, B)))
    assert sorted(props["pure"]) == [False, True, True]
    np.testing.assert_array_equal(props["strict"], props["pure"])
    assert props["symmetric"].all()
    zero = np.zeros((2, 2))
    props = equilibrium_properties(nash_equilibria((zero, zero)))
    assert props["pure"].all() and not props["strict"].any()
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    props = equilibrium_properties(nash_equilibria((pennies, -pennies)))
    assert not props["pure"].any() and not props["symmetric"].any()
    chicken = np.array([[0.0, 7.0], [2.0, 6.0]])
    props = equilibrium_properties(nash_equilibria((chicken, chicken.T)))
    assert props["symmetric"].sum() == 1  # only the mixed one; (dare, chicken) is asymmetric


def stag_hunt_with_a_far_cell(far: float):
    """A 3x3 stag hunt whose third action pays ``-far`` against everything: it is strictly
    dominated, and it widens each player's payoff range to about ``far``."""
    A = np.array([[4.0, 0.0, 5.0], [3.0, 2.0, 5.0], [-far, -far, -far]])
    return A, A.T.copy()


@pytest.mark.parametrize("far", [10.0, 1e9, 1e12, 1e15])
def test_payoff_dominance_does_not_depend_on_a_far_payoff(far):
    # (4, 4) against (2, 2) and the mixed (8/3, 8/3): a margin of 4/3, far below 1e-9 of
    # a range of 1e15, must still be seen
    A, B = stag_hunt_with_a_far_cell(far)
    result = nash_equilibria((A, B))
    k = payoff_dominant(result)
    assert k is not None and result.row[k][0] == 1 and result.col[k][0] == 1
    exact = nash_equilibria((A, B), exact=True)
    assert payoff_dominant(exact) == k


@pytest.mark.parametrize("shift, scale", [(0.0, 1.0), (1e9, 1.0), (-3.5, 1e-6), (7.0, 1e12)])
def test_risk_dominance_is_invariant_to_affine_changes_of_payoffs(shift, scale):
    A, B = stag_hunt(4, 3, 2, 0)
    assert risk_dominant((A * scale + shift, B)) == (1, 1)
    assert risk_dominant((A, B * scale + shift)) == (1, 1)


def test_a_symmetric_game_is_recognised_exactly_near_the_float_maximum():
    A = np.array([[1e308, -1e308], [5e-324, 0.0]])
    props = equilibrium_properties(nash_equilibria((A, A.T.copy())))
    assert props["symmetric"].any()
    B = A.T.copy()
    B[0, 0] = np.nextafter(B[0, 0], 0)  # no longer B = A^T, by one unit in the last place
    assert not equilibrium_properties(nash_equilibria((A, B)))["symmetric"].any()
