"""Generated hostile inputs: scenario files, expressions and ``--set`` values from hypothesis.

Whatever is generated, the answer is a clean one: a result with only finite numbers, or one
``error:`` line with exit status 2; never a traceback, a hang or a file left behind.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sim.errors import StabsimError  # noqa: E402
from sim.scenario.expressions import parse  # noqa: E402
from sim.scenario.loader import parse_overrides  # noqa: E402
from tests.adversarial.cases import PLAY, scenario  # noqa: E402
from tests.adversarial.harness import check_answer, check_refusal, listing  # noqa: E402

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NAMES = ["T", "R", "P", "S", "x", "abs", "max", "min", "nope", "__import__", "inf", "nan"]
LITERALS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.sampled_from(["1e308", "1e400", "9" * 120, "0", "0.0", "1_0", "0x10", "1e-400"]),
)


def _combine(parts):
    return st.one_of(
        st.tuples(
            parts, st.sampled_from([" + ", " - ", " * ", " / ", " ** ", " // ", " < "]), parts
        ).map("".join),  # fmt: skip
        parts.map(lambda p: f"({p})"),
        parts.map(lambda p: f"-{p}"),
        st.tuples(st.sampled_from(["abs", "max", "min", "T", "eval"]), parts).map(
            lambda fp: f"{fp[0]}({fp[1]})"
        ),
        st.tuples(parts, parts).map(lambda ab: f"max({ab[0]}, {ab[1]})"),
    )


EXPRESSIONS = st.recursive(st.one_of(LITERALS, st.sampled_from(NAMES)), _combine, max_leaves=12)
TOML_VALUES = st.one_of(
    EXPRESSIONS.map(lambda e: '"' + e.replace("\\", "").replace('"', "") + '"'),
    st.floats(width=64).map(lambda v: repr(v) if math.isfinite(v) else str(v).lower()),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["true", "[]", "{}", '""', "[1, 2]", "1987-12-08", "nan", "-inf"]),
)


@st.composite
def scenario_texts(draw) -> str:
    """A small scenario with one to three of its fields replaced by generated values."""
    row = [["R", "S"], ["T", "P"]]
    parameters = {"T": "5.0", "R": "3.0", "P": "1.0", "S": "0.0", "x": "0.5"}
    play = dict(rounds="20", discount="0.9", deadline="2")
    for _ in range(draw(st.integers(1, 3))):
        value = draw(TOML_VALUES)
        where = draw(st.sampled_from(["payoff", "parameter", "rounds", "discount", "deadline"]))
        if where == "payoff":
            row[draw(st.integers(0, 1))][draw(st.integers(0, 1))] = value
        elif where == "parameter":
            parameters[draw(st.sampled_from(sorted(parameters)))] = value
        else:
            play[where] = value
    quoted = [[c if c not in "RSTP" else f'"{c}"' for c in r] for r in row]
    row_text = "[" + ", ".join("[" + ", ".join(r) + "]" for r in quoted) + "]"
    extra = (
        PLAY.replace("rounds = 20", f"rounds = {play['rounds']}")
        .replace("discount = 0.9", f"discount = {play['discount']}")
        .replace(
            'row = "grim_trigger"',
            f'row = {{ strategy = "ultimatum", parameters = {{ deadline = {play["deadline"]} }} }}',
        )
    )
    return scenario(
        parameters="\n".join(f"{k} = {v}" for k, v in parameters.items()),
        row=row_text,
        extra=extra,
    )


@pytest.mark.parametrize("command", ["solve", "play"])
@settings(SETTINGS, max_examples=25)
@given(text=scenario_texts())
def test_generated_scenarios_get_a_clean_answer(worker, command, text):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "s.toml").write_text(text, encoding="utf-8")
        before = listing(folder)
        answer = worker.run([command, "s.toml", "--json"], folder, timeout=60)
        if answer.status == 0:
            check_answer(answer)
        else:
            check_refusal(answer, before, folder)


@SETTINGS
@given(text=st.one_of(EXPRESSIONS, st.text(max_size=200)))
def test_generated_expressions_parse_and_evaluate_or_refuse(text):
    values = {"T": 5.0, "R": 3.0, "P": 1.0, "S": 0.0, "x": np.array([0.0, 0.5, 1.0])}
    try:
        expression = parse(text)
        value = expression.evaluate(values)
    except StabsimError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
        return
    assert np.all(np.isfinite(value))


@SETTINGS
@given(value=st.one_of(st.text(max_size=60), st.floats().map(repr), st.integers().map(str)))
def test_generated_set_values_are_finite_numbers_or_refused(value):
    try:
        parsed = parse_overrides([f"x={value}"])
    except StabsimError as exc:
        assert "\n" not in str(exc)
        return
    assert math.isfinite(parsed["x"])
