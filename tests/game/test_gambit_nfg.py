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
        ("{ 2 2 }\n1/0 2 3 4 5 6 7 8", "payoff '1/0' divides by zero"),
    ],
)
def test_malformed_input_is_one_clean_error(body, message):
    with pytest.raises(sim.ScenarioError) as error:
        sim.from_nfg(f'NFG 1 R "x" {{ "P1" "P2" }} {body}', "game.nfg")
    text = str(error.value)
    assert message in text and "\n" not in text


OUTCOME_VERSION = """NFG 1 R "two by two" { "Player 1" "Player 2" }

{ { "T" "B" }
{ "L" "R" }
}
""

{
{ "first" 2, 0 }
{ "second" 0,1 }
{ "" 0 , 1/3 }
}
1 0 3 2
"""


def test_outcome_version_is_read_profile_by_profile():
    game = sim.from_nfg(OUTCOME_VERSION)
    # profiles in order (T,L), (B,L), (T,R), (B,R); outcome 0 is the null outcome
    assert game.exact[0] == ((2, 0), (0, 0)) and game.exact[1] == ((0, Fraction(1, 3)), (0, 1))
    assert game.actions == (("T", "B"), ("L", "R"))


@pytest.mark.parametrize(
    "numbers, message",
    [
        ("1 0 4 2", "outcome number 4: there are 3 outcomes"),
        ("1 2 3", "3 outcome numbers"),
        ("1 2 3 x", "outcome number 'x' is not a whole number"),
        ("1 2 3 -1", "outcome number '-1' is not a whole number"),
    ],
)
def test_outcome_version_errors_name_the_problem(numbers, message):
    with pytest.raises(sim.ScenarioError, match=message):
        sim.from_nfg(OUTCOME_VERSION.replace("1 0 3 2", numbers), "game.nfg")


# von Stengel (1999), "New maximal numbers of equilibria in bimatrix games", Discrete and
# Computational Geometry 21, 557-568: a 6x6 game with 75 equilibria (more than the 2^6 - 1
# once conjectured to be the most); payoffs as in the paper's example, player 1 fastest.
VON_STENGEL_75 = """NFG 1 R "6x6 with 75 equilibria" { "1" "2" } { 6 6 } ""
9504 72336 -111771 -461736 397584 1227336 171204 -1718376 1303104 1303104 737154 -453420
-660 48081 31680 -300036 -113850 774576 -45936 -1039236 -453420 737154 -227040 -227040
19976 29216 -130944 -178761 451176 451176 208626 -586476 1227336 397584 774576 -113850
-20526 14124 168124 -84436 -586476 208626 -263076 -263076 -1718376 171204 -1039236 -45936
1776 1776 -8514 -8976 29216 19976 14124 -20526 72336 9504 48081 -660 -8976 -8514 52764
52764 -178761 -130944 -84436 168124 -461736 -111771 -300036 31680
"""


@pytest.mark.parametrize("exact", [False, True])
def test_von_stengels_game_has_its_75_equilibria(exact):
    game = sim.from_nfg(VON_STENGEL_75)
    found = nash_equilibria(game, exact=exact)
    assert len(found.row) == 75 and found.complete
    if exact:
        assert len(set(found.exact)) == 75
