"""Reading scenario files: TOML, schema validation, parameter overrides, clear errors.

This is the file format only; compiling the model is :mod:`sim.compile`.

Every problem is raised as a :class:`~sim.errors.ScenarioError` naming the file and the
key path, for example ``scenarios/x.toml: payoffs.row[2][1]: unknown parameter 'cost'``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from sim.errors import FieldError, OptionError, ScenarioError, format_key, join_key
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from and the parameter values in force."""

    path: str
    text: str
    model: Scenario
    parameters: dict[str, float] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def name(self) -> str:
        return self.model.metadata.name

    def with_parameters(self, overrides: Mapping[str, float]) -> LoadedScenario:
        """A copy with some parameter values replaced; unknown names are errors."""
        values = dict(self.parameters)
        for name, value in overrides.items():
            if name not in values:
                known = ", ".join(sorted(values)) or "none"
                raise OptionError(f"unknown parameter (known: {known})", "--set", name)
            values[name] = float(value)
        return LoadedScenario(self.path, self.text, self.model, values)


def read_toml(path: str | Path) -> tuple[str, dict[str, Any]]:
    """Read a TOML file; errors name the file, and the line and column of a syntax error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError("no such file", str(path)) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a file", str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError("not a text file (not UTF-8), so not TOML", str(path)) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read: {exc.strerror}", str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}", str(path)) from None
    return text, data


def validation_error(exc: pydantic.ValidationError, data: Any, source: str) -> ScenarioError:
    """The first error of a pydantic validation as a ScenarioError with a clean key path."""
    error = exc.errors()[0]
    key = format_key(data_location(error["loc"], data))
    message = error["msg"]
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldError):
        key = join_key(key, cause.key) if key else cause.key
        message = cause.message
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "missing":
        message = "missing (required)"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return ScenarioError(message, source, key or "(top level)")


def data_location(loc: Sequence[str | int], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic location that are keys of the data, dropping union tags.

    A key that is missing from the data (a required key left out) is kept as the last part.
    """
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_union_tag(part):
            kept.append(part)
            break
        else:
            continue
        kept.append(part)
    return tuple(kept)


def _is_union_tag(part: str) -> bool:
    """Pydantic names union members in locations: ``float``, ``str``, ``Parameter``, ..."""
    plain_types = {"float", "int", "str", "bool", "list", "dict", "date"}
    return part in plain_types or part[:1].isupper() or any(c in part for c in "[-")


def validate_model(model_type: type[pydantic.BaseModel], data: Any, source: str) -> Any:
    """Validate ``data`` against a pydantic model; errors become one-line ScenarioErrors."""
    try:
        return model_type.model_validate(data)
    except pydantic.ValidationError as exc:
        raise validation_error(exc, data, source) from None


def parse(path: str | Path, overrides: Mapping[str, float] | None = None) -> LoadedScenario:
    """Read and validate a scenario file against the schema, with parameter overrides.

    This checks the file format only; :func:`sim.compile.check.load` also compiles the
    model, which finds the errors that need parameter values (an unknown parameter in an
    expression, a probability above 1, an unknown strategy).
    """
    text, data = read_toml(path)
    model = validate_model(Scenario, data, str(path))
    loaded = LoadedScenario(str(path), text, model, model.parameter_values())
    return loaded.with_parameters(overrides or {})


def parse_overrides(items: Sequence[str]) -> dict[str, float]:
    """Parse ``--set NAME=VALUE`` items into a dict."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise OptionError(f"expected NAME=VALUE, got {item!r}", "--set")
        try:
            number = float(value)
        except ValueError:
            raise OptionError(f"value {value.strip()!r} is not a number", "--set", name) from None
        out[name] = number
    return out
