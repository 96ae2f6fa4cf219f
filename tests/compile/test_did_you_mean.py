"""A misspelled action, strategy or parameter gets the closest known name as a suggestion.

Each case misspells one name of the prisoner's dilemma scenario, in the file or on the
command line, and names the key the error must point at and the suggestion it must make.
A name that resembles nothing known gets no suggestion.
"""

from __future__ import annotations

import pytest

from sim.errors import did_you_mean
from tests.conftest import SCENARIOS

PD = (SCENARIOS / "prisoners_dilemma.toml").read_text(encoding="utf-8")

# (case id, (old, new) replacement in the file, command-line arguments, key, suggestion)
CASES = [
    ("strategy in file", ('row = "grim_trigger"', 'row = "grim_triger"'), [], "play.row",
     "'grim_trigger'"),
    ("parameter in expression", ('["T", "P"]]', '["T", "PP"]]'), [], "payoffs.row[1][1]",
     "'P'"),
    ("strategy option", None, ["--row", "tit_for_tatt"], "--row", "'tit_for_tat'"),
    ("strategy parameter", None, ["--row", "tit_for_tat(punsh=defect)"],
     "parameters.punsh", "'punish'"),
    ("action of a strategy", None, ["--row", "tit_for_tat(punish=defct)"],
     "parameters.punish", "'defect'"),
    ("parameter override", None, ["--set", "TT=3"], "TT", "'T'"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "replacement", "args", "key", "suggestion"), CASES)
def test_misspelled_name_gets_the_closest_suggestion(
    run_cli, tmp_path, case, replacement, args, key, suggestion
):
    text = PD
    if replacement is not None:
        old, new = replacement
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "pd.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("play", str(path), *args)
    assert code == 2 and out == ""
    line = err.strip()
    assert "\n" not in line
    assert f"{key}:" in line
    assert f"(did you mean {suggestion}?)" in line


@pytest.mark.parametrize(
    ("name", "known", "expected"),
    [
        ("comply", ["comply", "violate"], " (did you mean 'comply'?)"),
        ("complie", ["comply", "violate"], " (did you mean 'comply'?)"),
        ("withdrew", ["comply", "withdraw"], " (did you mean 'withdraw'?)"),
        ("nuke", ["comply", "violate"], ""),
        ("x", [], ""),
    ],
)
def test_suggestion_only_for_a_close_name(name, known, expected):
    assert did_you_mean(name, known) == expected
