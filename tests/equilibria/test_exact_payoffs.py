"""In exact mode each equilibrium's payoffs are exact rationals, x^T A y and x^T B y.

Closed forms: in a 2x2 game with a completely mixed equilibrium each player gets the value
that makes the other indifferent; for the inspection game (Avenhaus, von Stengel and Zamir
2002, sec. 2) with the payoffs of scenarios/inspection.toml the inspector gets -5/4.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim.equilibria.nash import nash_equilibria

# (case, A, B, {equilibrium payoffs})
CASES = [
    ("matching pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], {(F(0), F(0))}),
    (
        "battle of the sexes",
        [[3, 0], [0, 2]],
        [[2, 0], [0, 3]],
        {(F(3), F(2)), (F(2), F(3)), (F(6, 5), F(6, 5))},
    ),
    ("inspection", [[-1, -3], [0, -10]], [[0, -3], [0, 1]], {(F(-5, 4), F(0))}),
    (
        "thirds",
        [[1, 0], [0, 2]],
        [[1, 0], [0, 2]],
        {(F(1), F(1)), (F(2), F(2)), (F(2, 3), F(2, 3))},
    ),
]


@pytest.mark.parametrize(("case", "A", "B", "expected"), CASES, ids=[c[0] for c in CASES])
def test_exact_payoffs_match_the_closed_form(case, A, B, expected):
    found = nash_equilibria((np.array(A, float), np.array(B, float)), exact=True)
    assert set(found.exact_payoffs) == expected
    for record, values in zip(found.records(), found.exact_payoffs, strict=True):
        assert record["exact_payoffs"] == [str(v) for v in values]
        assert np.allclose(record["payoffs"], [float(v) for v in values])


def test_float_mode_has_no_exact_payoffs():
    found = nash_equilibria((np.eye(2), np.eye(2)))
    assert found.exact_payoffs is None
    assert all("exact_payoffs" not in r for r in found.records())
