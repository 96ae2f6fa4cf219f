"""A finished sweep folder read back: its sweep specification, design and table.

The analyses of a sweep's table (:mod:`sim.sweep.sensitivity`, :mod:`sim.sweep.discovery`)
start from here, so that they see exactly the design the sweep ran: the specification is
re-read from the text the manifest stores, never from the sweep file as it is now.
:meth:`SweepTable.to_dict` gives it in the one JSON convention of :mod:`sim.results`
(method, parameters, assumptions, then the labelled table), and
:meth:`SweepTable.from_dict` reads that back.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ScenarioError
from sim.results import Assumptions, Result
from sim.sweep.design import Design
from sim.sweep.schema import Sweep

METHOD = "sweep"
"""The ``method`` of every :class:`SweepTable`; its design is among its parameters."""


@dataclass(frozen=True, eq=False, kw_only=True)
class SweepTable(Result):
    """A sweep's specification, its design and its table (a pandas DataFrame).

    ``parameters`` are the design's (``design``, ``points``, ``seed``, the varied
    parameters, the outcomes); ``assumptions`` the play settings every point shared
    (horizon and discount where the sweep file sets them).
    """

    method: str = METHOD
    folder: Path
    model: Sweep
    design: Design
    table: object
    manifest: Mapping = field(default_factory=dict)
    """The folder's ``manifest.json`` as written."""

    @property
    def parameter_names(self) -> list[str]:
        return list(self.model.parameters)

    def numeric_outcome(self, name: str) -> np.ndarray:
        """An outcome column as floats (booleans as 0 and 1); refuses text and missing columns."""
        table = self.table
        skip = {*self.parameter_names, "point", "seed"}
        numeric = [c for c in table.columns if c not in skip and _numeric(table[c])]
        if name not in table.columns:
            raise ScenarioError(
                f"no outcome {name!r}; numeric outcomes: {', '.join(numeric)}",
                str(self.folder),
                "outcome",
            )
        if name not in numeric:
            raise ScenarioError(
                f"outcome {name!r} is not numeric; numeric outcomes: {', '.join(numeric)}",
                str(self.folder),
                "outcome",
            )
        return table[name].to_numpy(dtype=float)

    def records(self) -> list[dict[str, Any]]:
        """The table, one record a point (a missing value as ``None``)."""
        table = self.table.astype(object).where(self.table.notna(), None)
        return table.to_dict(orient="records")

    def payload(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "sweep": self.model.model_dump(mode="json"),
            "table": self.records(),
            "manifest": dict(self.manifest),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SweepTable:
        """A :class:`SweepTable` back from its :meth:`to_dict`; a bad key raises."""
        import pandas as pd

        model = Sweep.model_validate(data["sweep"])
        columns = list(data["table"][0]) if data["table"] else None
        table = pd.DataFrame.from_records(data["table"], columns=columns)
        return sweep_table(Path(data["folder"]), model, table, data["manifest"])


def sweep_table(folder: Path, model: Sweep, table, manifest: Mapping) -> SweepTable:
    """The :class:`SweepTable` of a sweep's specification, table and manifest."""
    parameters = {
        "design": model.design, "points": len(table), "seed": model.seed,
        "parameters": list(model.parameters), "outcomes": list(model.outcomes),
    }  # fmt: skip
    assumptions = Assumptions(horizon=model.play.rounds, discount=model.play.discount)
    return SweepTable(
        parameters=parameters, assumptions=assumptions, folder=folder, model=model,
        design=Design(model), table=table, manifest=manifest,
    )  # fmt: skip


def read_sweep_table(folder: str | Path) -> SweepTable:
    """Read ``manifest.json`` and ``results.parquet`` of a finished sweep folder."""
    import pandas as pd

    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        text = manifest["sweep"]["text"]
        model = Sweep.model_validate(tomllib.loads(text))
    except FileNotFoundError:
        raise ScenarioError("not a sweep folder (no manifest.json)", str(folder)) from None
    except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(f"not a readable sweep manifest ({exc})", str(manifest_path)) from None
    try:
        table = pd.read_parquet(folder / "results.parquet")
    except Exception as exc:  # pyarrow raises several types for missing or corrupt files
        raise ScenarioError(
            f"cannot read the table: {exc}", str(folder / "results.parquet")
        ) from None
    size = Design(model).size
    if len(table) != size:
        raise ScenarioError(f"the table has {len(table)} rows, the design {size}", str(folder))
    table = table.sort_values("point").reset_index(drop=True)
    return sweep_table(folder, model, table, manifest)


def _numeric(column) -> bool:
    return column.dtype.kind in "biuf"


def sweep_summary(folder: Path) -> list[dict]:
    """Each numeric outcome of a sweep: mean, standard deviation, minimum, maximum."""
    sweep = read_sweep_table(folder)
    skip = {*sweep.parameter_names, "point", "seed"}
    records = []
    for name in sweep.table.columns:
        column = sweep.table[name]
        if name in skip or column.dtype.kind not in "biuf":
            continue
        values = column.to_numpy(dtype=float)
        records.append({
            "outcome": name, "points": int(values.size), "mean": float(values.mean()),
            "sd": float(values.std(ddof=1)) if values.size > 1 else 0.0,
            "min": float(values.min()), "max": float(values.max()),
        })  # fmt: skip
    if not records:
        raise ScenarioError("the sweep has no numeric outcome to summarise", str(folder))
    return records
