"""The scenario file format as a pydantic schema.

A scenario is a TOML file with the sections ``metadata``, ``players``, ``actions``,
``parameters`` and ``payoffs``; the sections of iterated play (``dynamics``, ``monitoring``,
``play``, ``strategies``, in :mod:`sim.scenario.iterated`) and ``tournament``
(:mod:`sim.scenario.tournament`) are optional. Unknown keys are errors everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from sim.errors import FieldError, did_you_mean
from sim.scenario.iterated import AutomatonSpec, Dynamics, Monitoring, Play
from sim.scenario.responsibility import Responsibility
from sim.scenario.tournament import Tournament
from sim.scenario.types import NAME_PATTERN, Name, Number, Strict, Value

DEFAULT_ACTIONS = ("comply", "violate", "withdraw", "develop")


def _number_or_table(value: Any) -> Any:
    """A parameter written as a plain number is short for ``{ value = number }``."""
    if isinstance(value, bool) or not isinstance(value, int | float | dict):
        raise ValueError(f"must be a number or a table with a value, not {type(value).__name__}")
    return {"value": value} if isinstance(value, int | float) else value


Entry = Value
Matrix = list[list[Entry]]


class Source(Strict):
    """A source the scenario's facts or numbers come from."""

    title: str
    date: dt.date | str | None = None
    url: str | None = None
    note: str | None = None


class Metadata(Strict):
    """Who and what the scenario is about."""

    name: Name
    title: str
    description: str = ""
    sources: list[Source] = []


class Players(Strict):
    """The two players: the row player first."""

    row: str = Field(min_length=1, max_length=64)
    col: str = Field(min_length=1, max_length=64)

    @field_validator("row", "col")
    @classmethod
    def _printable(cls, name: str) -> str:
        if not name.isprintable():
            raise ValueError("a name may not hold control characters such as a newline")
        return name

    @model_validator(mode="after")
    def _distinct(self) -> Players:
        if self.row == self.col:
            raise ValueError("the two players need different names")
        return self


def _unique(names: list[str]) -> list[str]:
    if not names:
        raise ValueError("the action list is empty")
    seen = set()
    for name in names:
        if name in seen:
            raise ValueError(f"duplicate action name {name!r}")
        seen.add(name)
    return names


class Roles(Strict):
    """Which action plays the cooperative and which the punishing role."""

    cooperative: Name | None = None
    punishing: Name | None = None


class Actions(Strict):
    """Each player's named actions (default ``comply, violate, withdraw, develop``)."""

    row: list[Name] = list(DEFAULT_ACTIONS)
    col: list[Name] = list(DEFAULT_ACTIONS)
    roles: Roles = Roles()

    @field_validator("row", "col")
    @classmethod
    def _unique_names(cls, names: list[str]) -> list[str]:
        return _unique(names)

    @model_validator(mode="after")
    def _roles_exist(self) -> Actions:
        for role in ("cooperative", "punishing"):
            name = getattr(self.roles, role)
            if name is not None and (name not in self.row or name not in self.col):
                hint = did_you_mean(name, set(self.row) & set(self.col))
                raise FieldError(
                    f"roles.{role}", f"{name!r} is not an action of both players{hint}"
                )
        return self

    def role(self, role: str, player: int) -> str:
        """Name of the action that plays ``role`` ("cooperative" or "punishing") for ``player``."""
        names = self.row if player == 0 else self.col
        chosen = getattr(self.roles, role)
        if chosen is not None:
            return chosen
        return names[0] if role == "cooperative" else names[-1]


class Parameter(Strict):
    """A named number with its meaning; ``assumption`` says it is not from a source."""

    value: Number
    description: str = ""
    unit: str = ""
    assumption: bool = True
    min: Number | None = None
    max: Number | None = None

    @model_validator(mode="after")
    def _in_bounds(self) -> Parameter:
        for key in ("value", "min", "max"):
            number = getattr(self, key)
            if number is not None and not math.isfinite(number):
                raise FieldError(key, f"must be a finite number, not {number}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise FieldError("max", f"max {self.max} is below min {self.min}")
        if self.min is not None and self.value < self.min:
            raise ValueError(f"value {self.value} is below min {self.min}")
        if self.max is not None and self.value > self.max:
            raise ValueError(f"value {self.value} is above max {self.max}")
        return self


class Payoffs(Strict):
    """One payoff matrix per player; rows are the row player's actions."""

    row: Matrix
    col: Matrix


class Scenario(Strict):
    """A whole scenario file."""

    metadata: Metadata
    players: Players
    actions: Actions = Actions()
    parameters: dict[Name, Annotated[Parameter, BeforeValidator(_number_or_table)]] = {}
    payoffs: Payoffs
    tournament: Tournament | None = None
    dynamics: Dynamics | None = None
    monitoring: Monitoring | None = None
    play: Play | None = None
    responsibility: Responsibility | None = None
    strategies: dict[Name, AutomatonSpec] = {}

    @field_validator("parameters")
    @classmethod
    def _parameter_names(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name in value:
            if name in {"min", "max", "abs"}:
                raise ValueError(f"parameter name {name!r} is reserved for a function")
        return value

    def parameter_values(self) -> dict[str, float]:
        """The default value of every parameter."""
        return {name: float(p.value) for name, p in self.parameters.items()}


def is_name(text: str) -> bool:
    """Whether ``text`` is a valid identifier for actions, parameters and states."""
    return re.match(NAME_PATTERN, text) is not None
