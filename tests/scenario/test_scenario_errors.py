"""Malformed scenario files: one line naming the file and the key path, exit 2, nothing written."""

from __future__ import annotations

import pytest

VALID = """
[metadata]
name = "tiny"
title = "Tiny"

[players]
row = "A"
col = "B"

[actions]
row = ["comply", "violate"]
col = ["comply", "violate"]

[parameters]
v = 2.0
c = { value = 1.0, description = "cost" }

[payoffs]
row = [["v", "0"], ["v + c", "1"]]
col = [["v", "v + c"], [0, 1]]
"""


def replace(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new)


# (case id, file text, key path the error must name, words the message must contain)
CASES = [
    ("toml-syntax", replace('title = "Tiny"', 'title = "Tiny'), None, "line 4"),
    ("not-toml", "<html><body>not a scenario</body></html>", None, "not valid TOML"),
    ("unknown-top-key", "extra = 1\n" + VALID, "extra", "unknown key"),
    (
        "unknown-nested-key",
        replace('name = "tiny"', 'name = "tiny"\nauthor = "x"'),
        "metadata.author",
        "unknown key",
    ),
    ("missing-section", replace('[players]\nrow = "A"\ncol = "B"\n', ""), "players", "missing"),
    ("missing-key", replace('col = "B"', ""), "players.col", "missing"),
    (
        "wrong-row-count",
        replace('row = [["v", "0"], ["v + c", "1"]]', 'row = [["v", "0"]]'),
        "payoffs.row",
        "1 rows, expected 2",
    ),
    (
        "wrong-col-count",
        replace('col = [["v", "v + c"], [0, 1]]', 'col = [["v", "v + c"], [0]]'),
        "payoffs.col[1]",
        "1 entries, expected 2",
    ),
    (
        "non-numeric-entry",
        replace("[0, 1]]", "[true, 1]]"),
        "payoffs.col[1][0]",
        "number or an expression",
    ),
    (
        "table-entry",
        replace("[0, 1]]", "[{a = 1}, 1]]"),
        "payoffs.col[1][0]",
        "number or an expression",
    ),
    (
        "unknown-parameter",
        replace('"v + c", "1"]]', '"v + cost", "1"]]'),
        "payoffs.row[1][0]",
        "unknown parameter 'cost'",
    ),
    (
        "attribute-access",
        replace('"v", "0"]', '"v.real", "0"]'),
        "payoffs.row[0][0]",
        "Attribute is not allowed",
    ),
    (
        "dunder-import",
        replace('"v", "0"]', '"__import__(\'os\')", "0"]'),
        "payoffs.row[0][0]",
        "only min, max and abs",
    ),
    (
        "other-call",
        replace('"v", "0"]', '"exp(v)", "0"]'),
        "payoffs.row[0][0]",
        "only min, max and abs",
    ),
    (
        "lambda",
        replace('"v", "0"]', '"(lambda: 1)()", "0"]'),
        "payoffs.row[0][0]",
        "only min, max and abs",
    ),
    (
        "bare-lambda",
        replace('"v", "0"]', '"lambda: 1", "0"]'),
        "payoffs.row[0][0]",
        "Lambda is not allowed",
    ),
    (
        "subscript",
        replace('"v", "0"]', '"v[0]", "0"]'),
        "payoffs.row[0][0]",
        "Subscript is not allowed",
    ),
    (
        "string-literal",
        replace('"v", "0"]', '"\'abc\'", "0"]'),
        "payoffs.row[0][0]",
        "only numbers",
    ),
    (
        "comparison",
        replace('"v", "0"]', '"v > 1", "0"]'),
        "payoffs.row[0][0]",
        "Compare is not allowed",
    ),
    (
        "syntax-in-expression",
        replace('"v", "0"]', '"v +", "0"]'),
        "payoffs.row[0][0]",
        "cannot parse",
    ),
    (
        "division-by-zero",
        replace('"v", "0"]', '"v / (c - 1)", "0"]'),
        "payoffs.row[0][0]",
        "division by zero",
    ),
    ("overflow", replace('"v", "0"]', '"10 ** 400", "0"]'), "payoffs.row[0][0]", "not finite"),
    (
        "duplicate-action",
        replace('row = ["comply", "violate"]', 'row = ["comply", "comply"]'),
        "actions.row",
        "duplicate action name 'comply'",
    ),
    ("empty-actions", replace('col = ["comply", "violate"]', "col = []"), "actions.col", "empty"),
    (
        "bad-action-name",
        replace('row = ["comply", "violate"]', 'row = ["comply", "vio late"]'),
        "actions.row[1]",
        "pattern",
    ),
    ("parameter-string", replace("v = 2.0", 'v = "two"'), "parameters.v", "number or a table"),
    (
        "parameter-unknown-field",
        replace('description = "cost"', 'descr = "cost"'),
        "parameters.c.descr",
        "unknown key",
    ),
    (
        "parameter-out-of-bounds",
        replace("v = 2.0", "v = { value = 2.0, max = 1.0 }"),
        "parameters.v",
        "above max",
    ),
    ("same-players", replace('col = "B"', 'col = "A"'), "players", "different names"),
    (
        "role-not-an-action",
        replace(
            'col = ["comply", "violate"]',
            'col = ["comply", "violate"]\nroles = { punishing = "nuke" }',
        ),
        "actions.roles.punishing",
        "'nuke' is not an action",
    ),
    ("reserved-parameter", replace("v = 2.0", "v = 2.0\nmax = 3.0"), "parameters", "reserved"),
]


@pytest.mark.parametrize(("case", "text", "key", "words"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_names_file_and_key(tmp_path, run_cli, case, text, key, words):
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    out = tmp_path / "out"
    status, stdout, stderr = run_cli("run", path, "--out", out)
    assert status == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    expected_prefix = f"error: {path}: " + (f"{key}: " if key else "")
    assert lines[0].startswith(expected_prefix), lines[0]
    assert words in lines[0]
    assert "Traceback" not in stderr
    assert not out.exists() or not any(out.rglob("*")), "bad input left files behind"


def test_table_has_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_the_valid_base_file_is_valid(tmp_path, run_cli):
    path = tmp_path / "tiny.toml"
    path.write_text(VALID)
    assert run_cli("validate", path)[0] == 0


def test_missing_file_and_directory(tmp_path, run_cli):
    status, _, stderr = run_cli("solve", tmp_path / "absent.toml")
    assert status == 2 and stderr.strip() == f"error: {tmp_path / 'absent.toml'}: no such file"
    status, _, stderr = run_cli("solve", tmp_path)
    assert status == 2 and "is a directory" in stderr


def test_binary_file_is_not_toml(tmp_path, run_cli):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00\x01")
    status, _, stderr = run_cli("validate", path)
    assert status == 2 and "not TOML" in stderr


def test_debug_shows_the_traceback(tmp_path):
    from sim.cli import main
    from sim.errors import ScenarioError

    with pytest.raises(ScenarioError):
        main(["solve", str(tmp_path / "absent.toml"), "--debug"])


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("nope=1", "--set: nope: unknown parameter"),
        ("v", "--set: expected NAME=VALUE"),
        ("v=abc", "--set: v: value 'abc' is not a number"),
    ],
)
def test_bad_set_option(tmp_path, run_cli, option, words):
    path = tmp_path / "tiny.toml"
    path.write_text(VALID)
    status, _, stderr = run_cli("solve", path, "--set", option)
    assert status == 2 and stderr.startswith(f"error: {words}")


def test_misspelled_keys_get_a_suggestion_and_every_error_is_on_the_one_line(tmp_path):
    from sim.compile.check import load
    from sim.errors import ScenarioError
    from tests.conftest import SCENARIOS

    text = (SCENARIOS / "prisoners_dilemma.toml").read_text(encoding="utf-8")
    bad = text.replace("[payoffs]", "[payofs]", 1).replace('row = "Row"', 'rwo = "Row"', 1)
    assert bad.count("payofs") == 1 and bad.count("rwo") == 1
    path = tmp_path / "two.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load(path)
    line = str(raised.value)
    assert "\n" not in line
    assert "unknown key (did you mean 'row'?)" in line
    assert "payofs: unknown key (did you mean 'payoffs'?)" in line
    assert "missing" not in line
