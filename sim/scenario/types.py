"""Building blocks shared by every section of the scenario and sweep formats."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=64)]
"""An identifier: actions, parameters, treaty states, strategies."""
Number = StrictFloat | StrictInt


def _number_or_expression(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"must be a number or an expression string, not {type(value).__name__}")
    return value


def _integer_or_expression(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"must be an integer or an expression string, not {type(value).__name__}")
    return value


Value = Annotated[Number | str, BeforeValidator(_number_or_expression)]
"""A number, or an expression string over the scenario's parameters."""
IntValue = Annotated[StrictInt | str, BeforeValidator(_integer_or_expression)]
"""An integer, or an expression evaluated to one scalar (a sweep groups its points by it)."""


class Strict(BaseModel):
    """Base of every section: unknown keys are errors, values are not coerced from strings."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
