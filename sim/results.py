"""The common shape of every analysis result, and the one JSON convention.

Every analysis returns a frozen result object, in the manner of Gambit's
``NashComputationResult(game, method, rational, parameters, equilibria)``: it carries

- ``method``: the name of the algorithm that produced it (``"vertex-enumeration"``,
  ``"exact-chain"``, ``"monte-carlo"``, ...);
- ``parameters``: the method's own parameters (runs, seed, tolerance, budget, ...);
- ``assumptions``: what the answer takes for granted about the model (monitoring,
  noise, horizon, discount, tolerance), see :class:`Assumptions`;

and renders itself as JSON-ready data with :meth:`Result.to_dict` (and, for tables, as a
pandas DataFrame with ``to_frame()``).

JSON convention
---------------
- Actions and strategies are named; an index is added where useful
  (``{"name": "comply", "index": 0}``).
- An estimate with its error is always :func:`estimate`'s form
  ``{"mean": m, "se": s, "ci95": [lo, hi]}``; an exact number is a plain number (or, in
  exact mode, a string ``"p/q"``).
- Tables are lists of records with named fields, never unlabelled nested lists.
- Non-finite numbers are never written: :func:`jsonable` raises on NaN and infinity.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

Z95 = 1.959963984540054
"""Standard normal quantile for a two-sided 95% interval."""


@dataclass(frozen=True)
class Assumptions:
    """What an analysis assumed about the model; ``None`` where it does not apply.

    Attributes
    ----------
    monitoring
        ``"perfect"``, ``"public"`` or ``"private"``.
    noise
        Tremble probability per player (row, column).
    horizon
        Number of rounds, or ``None`` for an infinite horizon.
    discount
        Discount factor per round.
    continuation
        Probability that another round is played.
    tolerance
        The relative payoff tolerance used in comparisons.
    notes
        Further assumptions in words.
    """

    monitoring: str | None = None
    noise: tuple[float, float] | None = None
    horizon: int | None = None
    discount: float | None = None
    continuation: float | None = None
    tolerance: float | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The assumptions that apply, as JSON-ready data."""
        out = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value is None or value == ():
                continue
            out[item.name] = jsonable(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assumptions:
        """The assumptions back from :meth:`to_dict`'s data (a result folder read back)."""
        values = dict(data)
        if values.get("noise") is not None:
            values["noise"] = tuple(values["noise"])
        values["notes"] = tuple(values.get("notes", ()))
        return cls(**values)


@dataclass(frozen=True, eq=False)
class Result:
    """Base of every analysis result.

    Subclasses are frozen dataclasses that add their own fields and override
    :meth:`payload` to give their content as JSON-ready data.
    """

    method: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    assumptions: Assumptions = field(default_factory=Assumptions)

    def payload(self) -> dict[str, Any]:
        """The result's own content, JSON-ready; subclasses override this."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: method, parameters, assumptions, then content."""
        return {
            "method": self.method,
            "parameters": jsonable(dict(self.parameters)),
            "assumptions": self.assumptions.to_dict(),
            **jsonable(self.payload()),
        }

    def records(self) -> list[dict[str, Any]]:
        """The result's table as a list of records; results that are tables override this."""
        raise TypeError(f"{type(self).__name__} is not a table")

    def to_frame(self):
        """The result's table (:meth:`records`) as a pandas DataFrame, one row a record.

        Nested values (an estimate ``{"mean", "se", "ci95"}``) become flat columns
        ``KEY_mean``, ``KEY_se``, ``KEY_ci95_low``, ``KEY_ci95_high``.
        """
        import pandas as pd

        return pd.DataFrame([flat_record(r) for r in self.records()])

    def _repr_html_(self) -> str:
        """HTML for notebooks: a caption with the method, parameters and assumptions, then
        the result's table (``to_frame()``) or its content as nested tables."""
        import html

        data = self.to_dict()
        head = {"method": data.pop("method"), **data.pop("parameters"), **data.pop("assumptions")}
        caption = ", ".join(f"{k}: {v}" for k, v in head.items())
        try:
            body = self.to_frame().to_html(index=False, border=0)
        except TypeError:
            body = html_table(data)
        title = html.escape(type(self).__name__)
        return f"<div><p><b>{title}</b> ({html.escape(caption)})</p>{body}</div>"


@dataclass(frozen=True, eq=False, kw_only=True)
class StoredResult(Result):
    """A result read back from a result folder (:func:`sim.read_results`).

    ``content`` is the section as it was written, less method, parameters and assumptions,
    so that ``to_dict()`` gives back exactly what the folder holds; subclasses add typed
    fields (numpy arrays, names) for what the renderers draw.
    """

    content: Mapping[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return dict(self.content)

    @staticmethod
    def head(data: Mapping[str, Any]) -> dict[str, Any]:
        """The constructor arguments every stored result shares, from a ``to_dict()``."""
        head = ("method", "parameters", "assumptions")
        return {
            "method": data["method"],
            "parameters": dict(data["parameters"]),
            "assumptions": Assumptions.from_dict(data["assumptions"]),
            "content": {k: v for k, v in data.items() if k not in head},
        }


def flat_record(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One table row with nested mappings flattened to ``outer_inner`` columns.

    A named entry ``{"name", "index"}`` becomes ``KEY`` (its name) and ``KEY_index``; a
    ``ci95`` pair becomes ``..._ci95_low`` and ``..._ci95_high``.
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and set(value) == {"name", "index"}:
            out[name], out[f"{name}_index"] = value["name"], value["index"]
        elif isinstance(value, Mapping):
            out.update(flat_record(value, f"{name}_"))
        elif key == "ci95" and isinstance(value, list | tuple) and len(value) == 2:
            out[f"{name}_low"], out[f"{name}_high"] = value
        else:
            out[name] = value
    return out


def html_table(data: Any) -> str:
    """JSON-ready data as nested HTML tables (escaped)."""
    import html

    if isinstance(data, Mapping):
        rows = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html_table(v)}</td></tr>"
            for k, v in data.items()
        )
        return f"<table>{rows}</table>"
    if isinstance(data, list) and data and all(isinstance(v, Mapping) for v in data):
        keys = list(dict.fromkeys(k for v in data for k in v))
        head = "".join(f"<th>{html.escape(str(k))}</th>" for k in keys)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html_table(v.get(k, ''))}</td>" for k in keys) + "</tr>"
            for v in data
        )
        return f"<table><tr>{head}</tr>{rows}</table>"
    if isinstance(data, list):
        return html.escape(", ".join(str(v) for v in data))
    return html.escape(str(data))


def estimate(mean: float, se: float) -> dict[str, Any]:
    """An estimate with its standard error and normal 95% interval.

    ``{"mean": m, "se": s, "ci95": [m - 1.96 s, m + 1.96 s]}``; with an undefined error
    (one sample: ``se`` infinite) ``se`` and ``ci95`` are ``None``.
    """
    mean, se = float(mean), float(se)
    if not math.isfinite(se):
        return jsonable({"mean": mean, "se": None, "ci95": None})
    half = Z95 * se
    return jsonable({"mean": mean, "se": se, "ci95": [mean - half, mean + half]})


def interval_estimate(mean: float, se: float, low: float, high: float) -> dict[str, Any]:
    """An estimate whose 95% interval is not ``mean ± 1.96 se`` (a Wilson interval, say)."""
    return jsonable({"mean": float(mean), "se": float(se), "ci95": [float(low), float(high)]})


def per_player(values) -> dict[str, Any]:
    """A pair of values, one per player, as ``{"row": ..., "col": ...}``."""
    row, col = values
    return {"row": jsonable(row), "col": jsonable(col)}


def named(names: tuple[str, ...] | list[str], index: int) -> dict[str, Any]:
    """An action or strategy by name, with its index."""
    return {"name": names[index], "index": int(index)}


def jsonable(value: Any) -> Any:
    """Convert numpy values, tuples, fractions and mappings to JSON-ready data.

    Raises
    ------
    ValueError
        On a NaN or infinite number: stabsim never prints a non-finite number as an answer.
    """
    if isinstance(value, Result | Assumptions):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"non-finite number {number} in a result")
        return number
    return value
