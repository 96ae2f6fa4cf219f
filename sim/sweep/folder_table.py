"""A finished sweep folder read back: its sweep specification, design and table.

The analyses of a sweep's table (:mod:`sim.sweep.sensitivity`, :mod:`sim.sweep.discovery`)
start from here, so that they see exactly the design the sweep ran: the specification is
re-read from the text the manifest stores, never from the sweep file as it is now.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.errors import ScenarioError
from sim.sweep.design import Design
from sim.sweep.schema import Sweep


@dataclass(frozen=True, eq=False)
class SweepTable:
    """A sweep's specification, its design and its table (a pandas DataFrame)."""

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
    design = Design(model)
    if len(table) != design.size:
        raise ScenarioError(
            f"the table has {len(table)} rows, the design {design.size}", str(folder)
        )
    table = table.sort_values("point").reset_index(drop=True)
    return SweepTable(folder, model, design, table, manifest)


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
