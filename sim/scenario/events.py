"""The events file: what was observed, round by round, of an iterated game's history.

An events file is TOML, validated like a scenario (unknown keys are errors, one-line errors
naming the file and the key). It holds a *record* of rounds and, for each round, what was
seen of five things (any of them may be missing):

``treaty``
    The treaty state the round was played in.
``act.row``, ``act.col``
    Each side's public act: an action name, or a list of names when the act cannot be told
    apart among them (a covert violation looks like compliance from outside).
``signal.row``, ``signal.col``
    What each side said it saw of the other's action: its accusation (``"violate"``) or its
    all-clear (``"comply"``), or a public act it saw (``"withdraw"``); signals are named like
    the other side's actions.

``"?"`` marks a value as missing (TOML has no null). Names can be grouped under
``record.aliases`` (``quiet = ["comply", "violate"]``). Every round starts from
``record.default``; each ``[[events]]`` entry then sets some values for one round
(``when``) or a span (``when`` to ``until``), in file order, with its own sources and a
``timing`` note where the month is an assumption. Example::

    [metadata]
    name = "toy_record"
    title = "A short record"

    [record]
    first = "2014-01"
    last = "2014-12"
    aliases = { quiet = ["comply", "violate"] }
    default = { treaty = "in_force", act = { row = "quiet", col = "quiet" } }

    [[events]]
    when = "2014-07"
    signal = { row = "violate" }
    note = "The row side names the column side in violation"
    sources = [{ title = "Compliance report", date = 2014-07-31 }]

Rounds are labelled by month (``"YYYY-MM"``) or by number (``first = 0``). This module only
reads the file; :mod:`sim.infer.observations` checks the names against a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictInt, field_validator, model_validator

from sim.errors import FieldError, ScenarioError
from sim.limits import bound
from sim.scenario.iterated import StrategyRef
from sim.scenario.loader import read_toml, validate_model
from sim.scenario.schema import Source
from sim.scenario.types import Name, Strict

MISSING = "?"
FIELDS = ("treaty", "act.row", "act.col", "signal.row", "signal.col")
"""The observed values of a round, in a fixed order."""
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Value = Literal["?"] | Name | list[Name]
"""A name, a list of names (any of them), an alias, or ``"?"`` (missing)."""
Label = StrictInt | str


def _value(value):
    if value == MISSING:
        return value
    if isinstance(value, list) and not value:
        raise ValueError("an empty list allows nothing; write '?' for a missing value")
    if isinstance(value, list) and MISSING in value:
        raise ValueError("'?' stands alone, not in a list")
    return value


class Sides(Strict):
    """One value per side."""

    row: Value | None = None
    col: Value | None = None

    @field_validator("row", "col", mode="before")
    @classmethod
    def _missing(cls, value):
        return _value(value)


class Observed(Strict):
    """What was seen in a round (any field may be left out or ``"?"``)."""

    treaty: Value | None = None
    act: Sides = Sides()
    signal: Sides = Sides()

    @field_validator("treaty", mode="before")
    @classmethod
    def _missing(cls, value):
        return _value(value)

    def values(self) -> dict[str, str | list[str] | None]:
        """The set values by field name (:data:`FIELDS`); ``None``: not set here."""
        return {
            "treaty": self.treaty,
            "act.row": self.act.row,
            "act.col": self.act.col,
            "signal.row": self.signal.row,
            "signal.col": self.signal.col,
        }


class Event(Observed):
    """Values for one round (``when``) or a span of rounds (``when`` to ``until``)."""

    when: Label
    until: Label | None = None
    note: str = ""
    timing: str = Field(default="", description="Why this month: say when it is an assumption")
    sources: list[Source] = []


class Record(Strict):
    """The rounds of the record and the values every round starts from."""

    scenario: str = ""
    first: Label
    last: Label
    offset: StrictInt = Field(default=0, ge=0, description="Rounds played before `first`")
    aliases: dict[Name, list[Name]] = {}
    default: Observed = Observed()

    @field_validator("aliases")
    @classmethod
    def _no_reserved(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, names in value.items():
            if not names:
                raise FieldError(name, "an alias needs at least one name")
        return value


class Prior(Strict):
    """A uniform prior on ``[low, high]`` (default: the parameter's declared range)."""

    low: float | None = None
    high: float | None = None


class Profile(Strict):
    """A strategy profile (an announced doctrine for each side) to weigh against the record."""

    label: str = Field(min_length=1, max_length=100)
    row: StrategyRef
    col: StrategyRef
    description: str = ""


class Inference(Strict):
    """What to estimate from the record, and which profiles to compare."""

    parameters: list[Name] = []
    priors: dict[Name, Prior] = {}
    grid: StrictInt = Field(default=41, ge=3, le=1001, description="Points per parameter (odd)")
    profiles: list[Profile] = []

    @field_validator("grid")
    @classmethod
    def _odd(cls, value: int) -> int:
        if value % 2 == 0:
            raise ValueError("must be odd (the error estimate halves the grid)")
        return value


class EventsMetadata(Strict):
    name: Name
    title: str
    description: str = ""
    sources: list[Source] = []


class EventsFile(Strict):
    """A whole events file."""

    metadata: EventsMetadata
    record: Record
    events: list[Event] = []
    infer: Inference = Inference()

    @model_validator(mode="after")
    def _labels(self) -> EventsFile:
        labels = round_labels(self.record.first, self.record.last)
        for k, event in enumerate(self.events):
            for field in ("when", "until"):
                label = getattr(event, field)
                if label is not None and label not in labels:
                    raise FieldError(
                        f"events[{k}].{field}", f"{label!r} is not a round of the record"
                    )
            if event.until is not None and labels.index(event.until) < labels.index(event.when):
                raise FieldError(f"events[{k}].until", "comes before `when`")
        return self


def round_labels(first: Label, last: Label) -> list[Label]:
    """Every round label from ``first`` to ``last``: months ``"YYYY-MM"`` or integers."""
    if isinstance(first, int) and isinstance(last, int):
        _check_count(last - first + 1)
        return list(range(first, last + 1))
    months = []
    for key, label in (("record.first", first), ("record.last", last)):
        match = _MONTH.match(label) if isinstance(label, str) else None
        if match is None:
            raise FieldError(
                key, f"{label!r} is neither a month YYYY-MM nor, with the other, a number"
            )
        months.append(int(match[1]) * 12 + int(match[2]) - 1)
    _check_count(months[1] - months[0] + 1)
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(months[0], months[1] + 1)]


def _check_count(count: int) -> None:
    """A record has at least one round and at most the ``rounds`` bound of :mod:`sim.limits`."""
    if count < 1:
        raise FieldError("record.last", "comes before `first`")
    if count > bound("rounds"):
        message = f"{count:,} rounds is more than the limit of {bound('rounds'):,} (limit 'rounds')"
        raise FieldError("record.last", message)


@dataclass(frozen=True)
class LoadedEvents:
    """A validated events file with every round's values resolved.

    Attributes
    ----------
    rounds
        ``rounds[t][field]``: a tuple of allowed names, or ``None`` when missing;
        fields as in :data:`FIELDS`.
    keys
        ``keys[t][field]``: the key path the value came from (for error messages).
    labels
        The round labels.
    """

    path: str
    text: str
    model: EventsFile
    labels: tuple[Label, ...]
    rounds: tuple[dict[str, tuple[str, ...] | None], ...]
    keys: tuple[dict[str, str], ...]

    @property
    def offset(self) -> int:
        return self.model.record.offset

    @property
    def name(self) -> str:
        return self.model.metadata.name


def is_events_file(data: dict) -> bool:
    """Whether parsed TOML is an events file (it has a ``record`` table)."""
    return isinstance(data, dict) and "record" in data and "payoffs" not in data


def load_if_events(path: str | Path) -> LoadedEvents | None:
    """Load ``path`` as an events file if it is one (a ``record`` table), else ``None``."""
    _, data = read_toml(path)
    return load_events(path) if is_events_file(data) else None


def load_events(path: str | Path) -> LoadedEvents:
    """Read and validate an events file; resolve defaults, spans and aliases per round."""
    text, data = read_toml(path)
    model = validate_model(EventsFile, data, str(path))
    try:
        return _resolve(str(path), text, model)
    except ScenarioError as exc:
        raise exc.located(str(path)) from None


def _resolve(path: str, text: str, model: EventsFile) -> LoadedEvents:
    record = model.record
    labels = round_labels(record.first, record.last)
    base = _expanded(record.default.values(), record.aliases, "record.default")
    rounds = [dict(base[0]) for _ in labels]
    keys = [dict(base[1]) for _ in labels]
    for k, event in enumerate(model.events):
        values, where = _expanded(event.values(), record.aliases, f"events[{k}]")
        start = labels.index(event.when)
        stop = labels.index(event.until) if event.until is not None else start
        for t in range(start, stop + 1):
            for field, value in values.items():
                rounds[t][field] = value
                keys[t][field] = where[field]
    return LoadedEvents(path, text, model, tuple(labels), tuple(rounds), tuple(keys))


def _expanded(values, aliases, prefix):
    """Set values as tuples of names (aliases replaced, ``"?"`` as ``None``), with key paths."""
    out, where = {}, {}
    for field, value in values.items():
        if value is None:
            continue
        where[field] = f"{prefix}.{field}"
        if value == MISSING:
            out[field] = None
            continue
        names = []
        for position, name in enumerate([value] if isinstance(value, str) else value):
            key = where[field] if isinstance(value, str) else f"{where[field]}[{position}]"
            if name == MISSING:
                raise ScenarioError("'?' stands alone, not in a list", key=key)
            names += aliases.get(name, [name])
        out[field] = tuple(dict.fromkeys(names))
    return out, where
