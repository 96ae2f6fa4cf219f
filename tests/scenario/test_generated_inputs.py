"""Generated expressions and ``--set`` values from hypothesis: parsed or refused cleanly.

Whatever is generated, a payoff expression parses and evaluates to finite numbers, or is
refused with a one-line :class:`~sim.errors.StabsimError`; a ``--set`` value is a finite
number or refused the same way. No generated text is ever executed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sim.errors import StabsimError  # noqa: E402
from sim.scenario.expressions import parse  # noqa: E402
from sim.scenario.loader import parse_overrides  # noqa: E402
from tests.conftest import examples  # noqa: E402

SETTINGS = settings(
    max_examples=examples(40),
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
