"""Maxmin values of games whose payoffs reach the float maximum: finite, exact scaling."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.maxmin import security_strategy

TOPS = [1e308, np.finfo(float).max]


@pytest.mark.parametrize("top", TOPS)
def test_a_spread_beyond_the_float_range_has_the_closed_form_value(top):
    # rows (top, 0) and (1, -top): the first guarantees 0, any weight on the second less
    result = security_strategy(np.array([[top, 0.0], [1.0, -top]]))
    assert result.value == 0.0
    np.testing.assert_allclose(result.strategy, [1.0, 0.0], atol=1e-12)


@pytest.mark.parametrize("top", TOPS)
def test_matching_pennies_at_the_float_maximum(top):
    result = security_strategy(np.array([[top, -top], [-top, top]]))
    np.testing.assert_allclose(result.strategy, [0.5, 0.5], atol=1e-9)
    assert abs(result.value) <= 1e-9 * top


def test_a_constant_game_at_the_float_maximum_guarantees_it_not_infinity():
    top = np.finfo(float).max
    result = security_strategy(np.full((3, 2), top))
    assert result.value == top


def test_scaling_by_a_power_of_two_scales_the_value_exactly():
    # 2x2 without a saddle point, v = (ad - bc) / (a - b - c + d) = 5/2 (see test_stage)
    P = np.array([[4.0, 1.0], [2.0, 3.0]])
    factor = 2.0**1020
    base, huge = security_strategy(P), security_strategy(P * factor)
    assert base.value == pytest.approx(2.5)
    assert huge.value / factor == pytest.approx(base.value, rel=1e-9)
    np.testing.assert_allclose(huge.strategy, base.strategy, atol=1e-9)
