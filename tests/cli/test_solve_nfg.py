"""``stabsim solve FILE.nfg``: a game in Gambit's payoff format, solved as given."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np

BIG = 10**19


def write(path, text):
    path.write_text(text)
    return path


def test_exact_numbers_of_the_file_reach_the_exact_solution(run_cli, tmp_path):
    text = f'NFG 1 R "big" {{ "P1" "P2" }} {{ 2 2 }}\n""\n{BIG} 1 0 0 0 0 {BIG - 1} 1\n'
    game = write(tmp_path / "big.nfg", text)
    status, out, err = run_cli("solve", game, "--exact", "--json")
    assert status == 0, err
    stage = json.loads(out)
    mixed = [e for e in stage["equilibria"] if e["exact"][0] == ["1/2", "1/2"]]
    assert [e["exact"][1] for e in mixed] == [[f"{BIG - 1}/{2 * BIG - 1}", f"{BIG}/{2 * BIG - 1}"]]
    assert Fraction(mixed[0]["exact"][1][0]) != Fraction(1, 2)  # not the rounded game's answer


def test_the_file_gives_names_and_the_text_output(run_cli, tmp_path):
    text = 'NFG 1 R "pd" { "Me" "You" } { { "C" "D" } { "c" "d" } }\n""\n3 3 5 0 0 5 1 1\n'
    status, out, err = run_cli("solve", write(tmp_path / "pd.NFG", text))
    assert status == 0, err
    assert "Payoffs (Me, You)" in out and "| D | d |" not in out
    status, out, _ = run_cli("solve", tmp_path / "pd.NFG", "--json")
    stage = json.loads(out)
    assert stage["pure_equilibria"] == [["D", "d"]] and stage["actions"] == [["C", "D"], ["c", "d"]]


def test_a_large_game_is_summarised_not_drawn(run_cli, tmp_path):
    rng = np.random.default_rng(0)
    numbers = " ".join(str(v) for v in rng.integers(0, 9, 2 * 20 * 20))
    game = write(tmp_path / "big.nfg", f'NFG 1 R "r" {{ "A" "B" }} {{ 20 20 }}\n""\n{numbers}\n')
    status, out, err = run_cli("solve", game, "--solver", "lemke_howson")
    assert status == 0, err
    assert "a 20 x 20 game, too large a table to show here" in out
    assert "a20" not in out.split("Nash equilibria")[0]


def test_bad_files_and_options_get_one_line(run_cli, tmp_path):
    game = write(tmp_path / "g.nfg", 'NFG 1 R "x" { "P1" "P2" } { 2 2 }\n1 2 3\n')
    status, _, err = run_cli("solve", game)
    assert status == 2 and err.count("\n") == 1 and "g.nfg" in err and "expected 8" in err
    good = write(tmp_path / "ok.nfg", 'NFG 1 R "x" { "P1" "P2" } { 2 2 }\n1 2 3 4 5 6 7 8\n')
    status, _, err = run_cli("solve", good, "--set", "a=1")
    assert status == 2 and err.count("\n") == 1 and "no parameters to set" in err
    assert "ok.nfg" in err and "--set" in err
    huge = write(tmp_path / "h.nfg", 'NFG 1 R "x" { "P1" "P2" } { 100000 2 }\n1 2\n')
    status, _, err = run_cli("solve", huge)
    assert status == 2 and "limit of 256" in err and "STABSIM_LIMIT_ACTIONS" in err
    status, _, err = run_cli("solve", tmp_path / "missing.nfg")
    assert status == 2 and "missing.nfg" in err and "no such file" in err


def test_payoffs_at_the_float_maximum_are_solved_not_an_internal_error(run_cli, tmp_path):
    # the largest total payoff, 2e308 as a fraction, is beyond the floats: its float
    # bounds are the largest float below and no float (null) above
    text = 'NFG 1 R "x" { "P1" "P2" } { 2 2 }\n1e308 1e308 -1e308 -1e308 1e308 -1e308 0 0\n'
    game = write(tmp_path / "max.nfg", text)
    for mode, top in (("--json", 2 * int(1e308)), ("--exact", 2 * 10**308)):
        status, out, err = run_cli("solve", game, "--json", mode)
        assert status == 0, err
        total = json.loads(out)["correlated"]["total"]
        assert total["exact"] == str(top) and total["bounds"][1] is None
        assert total["bounds"][0] == np.finfo(float).max
    status, out, err = run_cli("solve", game)
    assert status == 0 and "largest total payoff" in out, err
