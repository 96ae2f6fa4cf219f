"""Reading Gambit .nfg files: exact numbers, the legacy header, malformed input."""

from __future__ import annotations

from fractions import Fraction

import pytest

import sim
from sim.equilibria.nash import nash_equilibria


def test_exact_numbers_reach_exact_mode():
    # a 10^19 payoff beside 1 is not representable in floating point beside its neighbour
    big = 10**19
    text = f'NFG 1 R "big" {{ "P1" "P2" }} {{ 2 2 }}\n""\n{big} 1 0 0 0 0 {big - 1} 1\n'
    game = sim.from_nfg(text)
    assert game.exact[0][0][0] == big and game.exact[0][1][1] == big - 1
    found = nash_equilibria(game, exact=True)
    mixed = [y for x, y in found.exact if x == (Fraction(1, 2), Fraction(1, 2))]
    assert mixed == [(Fraction(big - 1, 2 * big - 1), Fraction(big, 2 * big - 1))]


def test_fractions_round_trip_exactly():
    text = 'NFG 1 R "x" { "P1" "P2" } { 2 2 }\n""\n1/3 2 3 4 5 6 7/2 8\n'
    game = sim.from_nfg(text)
    assert game.exact[0][0][0] == Fraction(1, 3)
    assert sim.from_nfg(sim.to_nfg(game)).exact == game.exact


def test_legacy_double_header_is_read():
    text = 'NFG 1 D "x" { "P1" "P2" } { 2 2 }\n""\n1 2 3 4 5 6 7.5 8\n'
    game = sim.from_nfg(text)
    assert game.row_payoffs[1, 1] == 7.5


@pytest.mark.parametrize(
    "body, message",
    [
        ("{ 2 2 }\n1e400 1 2 3 4 5 6 7", "beyond the floating-point range"),
        ("{ 0 0 }\n", "at least one"),
        ("{ 2 2 }\n1 2 3 x 5 6 7 8", "not a number"),
        ("{ 2 2 }\n1 2 3", "expected 8"),
        ("{ 2", "ends early"),
    ],
)
def test_malformed_input_is_one_clean_error(body, message):
    with pytest.raises(sim.ScenarioError) as error:
        sim.from_nfg(f'NFG 1 R "x" {{ "P1" "P2" }} {body}', "game.nfg")
    text = str(error.value)
    assert message in text and "\n" not in text
