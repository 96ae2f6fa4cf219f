"""Reading scenario files: TOML, schema validation, parameter overrides, clear errors.

This is the file format only; compiling the model is :mod:`sim.compile`.

Every problem is raised as a :class:`~sim.errors.ScenarioError` naming the file and the
key path, for example ``scenarios/x.toml: payoffs.row[2][1]: unknown parameter 'cost'``.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from sim import limits
from sim.errors import (
    FieldError,
    OptionError,
    ScenarioError,
    did_you_mean,
    format_key,
    join_key,
)
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
        """A copy with some parameter values replaced.

        Each value must name a parameter, be a finite number and lie within the parameter's
        declared ``min`` and ``max``; anything else is an :class:`~sim.errors.OptionError`.
        """
        values = dict(self.parameters)
        for name, value in overrides.items():
            if name not in values:
                known = ", ".join(sorted(values)) or "none"
                hint = did_you_mean(name, values)
                raise OptionError(
                    f"unknown parameter{hint} (known: {known})", "overrides", one_line(name)
                )
            values[name] = self._checked(name, value)
        return LoadedScenario(self.path, self.text, self.model, values)

    def _checked(self, name: str, value: Any) -> float:
        """``value`` as a float within the declared range of parameter ``name``."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OptionError(f"must be a number, not {type(value).__name__}", "overrides", name)
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise OptionError(f"must be a finite number, not {value}", "overrides", name)
        declared = self.model.parameters[name]
        low, high = getattr(declared, "min", None), getattr(declared, "max", None)
        if low is not None and number < low:
            raise OptionError(f"{number:g} is below the parameter's min {low:g}", "overrides", name)
        if high is not None and number > high:
            raise OptionError(
                f"{number:g} is above the parameter's max {high:g}", "overrides", name
            )
        return number


def read_text(path: str | Path, what: str = "text") -> str:
    """Read a UTF-8 text file safely: a regular file of at most ``file_bytes`` bytes.

    The file is opened without blocking and checked with ``fstat`` before anything is read,
    so a FIFO, a device such as ``/dev/zero`` or a directory is refused at once instead of
    hanging or filling memory, and at most ``file_bytes + 1`` bytes are ever read.
    """
    path = Path(path)
    limit = limits.bound("file_bytes")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ScenarioError("no such file", str(path)) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a file", str(path)) from None
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"cannot read: {_reason(exc)}", str(path)) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError("is a directory, not a file", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(f"not a regular file ({_file_kind(info.st_mode)})", str(path))
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit)
        data = _read_at_most(handle, limit + 1)
    except OSError as exc:
        raise ScenarioError(f"cannot read: {_reason(exc)}", str(path)) from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"not a text file (not UTF-8), so not {what}", str(path)) from None


def _read_at_most(handle: int, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining > 0:
        chunk = os.read(handle, min(remaining, 2**20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _too_large(path: Path, size: int, limit: int) -> ScenarioError:
    return ScenarioError(
        f"file of {limits.format_bytes(size)} or more is larger than the limit of "
        f"{limits.format_bytes(limit)} (limit 'file_bytes'; raise it with "
        f"{limits.ENV_PREFIX}FILE_BYTES)",
        str(path),
    )


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def _reason(exc: BaseException) -> str:
    """The operating system's reason for an error, on one line."""
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return one_line(reason)


def read_toml(path: str | Path) -> tuple[str, dict[str, Any]]:
    """Read a TOML file; errors name the file, and the line and column of a syntax error."""
    text = read_text(path, "TOML")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {one_line(str(exc))}", str(path)) from None
    except RecursionError:
        raise ScenarioError("not valid TOML: nested too deeply", str(path)) from None
    except ValueError as exc:  # an integer of more than 4300 digits, for one
        raise ScenarioError(f"not valid TOML: {one_line(str(exc))[:200]}", str(path)) from None
    check_numbers(data, str(path))
    return text, data


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def check_numbers(data: Any, source: str) -> None:
    """Refuse TOML integers with more than ``number_digits`` digits (``10**400``) or beyond
    the 64-bit range of TOML integers.

    Python reads TOML integers of any size; one too large for a float would overflow later,
    far from its key. The walk is iterative, so deep nesting cannot exhaust the stack.
    """
    digits = limits.bound("number_digits")
    largest = 2**63 - 1
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*key, name), item) for name, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*key, index), item) for index, item in enumerate(value))
        elif type(value) is int and not -largest - 1 <= value <= largest:
            where = format_key(key) or None
            if abs(value) >= 10**digits:
                raise ScenarioError(
                    f"integer of {len(str(abs(value)))} digits is more than the limit of "
                    f"{digits} (limit 'number_digits')",
                    source,
                    where,
                )
            raise ScenarioError("integer beyond the 64-bit range", source, where)


def check_action_counts(data: Any, source: str) -> None:
    """Refuse more actions than the ``actions`` bound before the schema validates the file.

    Checked on the raw TOML data, so that a 1000 x 1000 payoff table is refused at once
    rather than after a million entries have been validated.
    """
    sections = [("actions", data.get("actions")), ("payoffs", data.get("payoffs"))]
    for section, table in sections:
        if not isinstance(table, dict):
            continue
        for side in ("row", "col"):
            entries = table.get(side)
            if isinstance(entries, list):
                width = max((len(r) for r in entries if isinstance(r, list)), default=0)
                try:
                    limits.check("actions", max(len(entries), width), "the number of actions")
                except limits.LimitError as exc:
                    raise ScenarioError(exc.message, source, f"{section}.{side}") from None


def validation_error(exc: pydantic.ValidationError, data: Any, source: str) -> ScenarioError:
    """The errors of a pydantic validation as one ScenarioError on one line.

    The first error gives the key; the others follow it as ``; also KEY: what`` (at most
    :data:`MAX_LISTED_ERRORS` of them, then a count). A misspelled key is reported once, as
    an unknown key with the required key it resembles (``did you mean 'payoffs'?``), not
    also as that key missing.
    """
    found = [_one_error(error, data) for error in exc.errors()]
    found = _merge_misspellings(found)
    (key, message), rest = found[0], found[1:]
    shown = [f"{k or '(top level)'}: {m}" for k, m in rest[:MAX_LISTED_ERRORS]]
    if len(rest) > MAX_LISTED_ERRORS:
        shown.append(f"{len(rest) - MAX_LISTED_ERRORS} more")
    if shown:
        message += "; also " + "; ".join(shown)
    return ScenarioError(message, source, key or "(top level)")


MAX_LISTED_ERRORS = 5
"""Further errors of a file listed after the first one."""


def _one_error(error: dict, data: Any) -> tuple[str, str]:
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
    return key, message


def _merge_misspellings(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pair each unknown key with a missing key of the same table that it resembles."""
    import difflib

    missing = {k for k, m in found if m == "missing (required)"}
    merged, used = [], set()
    for key, message in found:
        if message == "unknown key":
            parent, _, name = key.rpartition(".")
            siblings = {m.rpartition(".")[2]: m for m in missing if m.rpartition(".")[0] == parent}
            close = difflib.get_close_matches(name, list(siblings), n=1, cutoff=0.6)
            if close:
                message = f"unknown key (did you mean {close[0]!r}?)"
                used.add(siblings[close[0]])
        merged.append((key, message))
    return [item for item in merged if item[0] not in used or item[1] != "missing (required)"]


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
    check_action_counts(data, str(path))
    model = validate_model(Scenario, data, str(path))
    loaded = LoadedScenario(str(path), text, model, model.parameter_values())
    return loaded.with_parameters(overrides or {})


NUMBER_PATTERN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
"""A decimal number as written in TOML: no ``_`` separators, no hex, no ``inf`` or ``nan``."""


def parse_number(text: str, argument: str, key: str | None = None) -> float:
    """The one parser for numbers given as text (parameter overrides): a finite decimal.

    ``1_0``, ``0x10``, ``inf``, ``nan``, ``1e400`` (overflows) and literals of more than
    ``number_digits`` digits are refused; Python's ``float`` would take several of them.
    """
    stripped = text.strip()
    digits = limits.bound("number_digits")
    if sum(c.isdigit() for c in stripped) > digits:
        raise OptionError(
            f"a number of more than {digits} digits (limit 'number_digits')", argument, key
        )
    if not NUMBER_PATTERN.match(stripped):
        shown = one_line(stripped)
        raise OptionError(
            f"value {shown!r} is not a number (write it as 0.25 or 1e-3)", argument, key
        )
    number = float(stripped)
    if not math.isfinite(number):
        raise OptionError(f"{stripped} is too large for a number", argument, key)
    mantissa = stripped.lower().partition("e")[0]
    if number == 0 and any(c in "123456789" for c in mantissa):
        raise OptionError(f"{stripped} is too small for a number (it rounds to 0)", argument, key)
    return number


def parse_overrides(items: Sequence[str], argument: str = "overrides") -> dict[str, float]:
    """Parse ``NAME=VALUE`` items (parameter overrides) into a dict (by :func:`parse_number`).

    ``argument`` names the argument in errors (``"slices"`` for the slice of a sweep's map).
    """
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise OptionError(f"expected NAME=VALUE, got {one_line(item)!r}", argument)
        out[name] = parse_number(value, argument, one_line(name))
    return out
