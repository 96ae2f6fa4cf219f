"""Reading ``name(param=value, ...)`` strategy choices, list values included."""

from __future__ import annotations

import pytest

from sim.compile.strategies import parse_choice, split_arguments
from sim.errors import ScenarioError


def test_a_list_parameter_is_one_value():
    choice = parse_choice("random(weights=[1, 0])")
    assert choice.strategy == "random" and choice.parameters == {"weights": [1, 0]}


def test_lists_numbers_and_expressions_together():
    choice = parse_choice("x(a=[0.5, 1 - p], b=2, c=min(p, 0.3))")
    assert choice.parameters == {"a": [0.5, "1 - p"], "b": 2, "c": "min(p, 0.3)"}


def test_commas_inside_brackets_do_not_split():
    assert split_arguments("a=[1, 2], b=f(1, 2)") == ["a=[1, 2]", "b=f(1, 2)"]


@pytest.mark.parametrize("text", ["random(weights=[1, 0)", "random(weights=1, 0])"])
def test_unbalanced_brackets_are_an_error(text):
    with pytest.raises(ScenarioError, match="unbalanced|PARAM=VALUE"):
        parse_choice(text)
