"""The manifest of a sweep folder: how to get the same table again.

Built on the result-folder helpers of :mod:`sim.output.manifest` (command line, scenario
text and hash, package versions, git commit, times), with the sweep's own entries: the
sweep file and its hash, the design, the seed and how point seeds derive from it, the
columns of the table and the executor that ran it.
"""

from __future__ import annotations

import hashlib
from typing import Any


def sweep_manifest(
    sweep, design, state: dict, executor: str, table, argv: list[str] | None
) -> dict:
    """The JSON-ready manifest of a finished sweep."""
    from sim.output.manifest import build_manifest

    model = sweep.model
    scenario = sweep.scenario
    extra: dict[str, Any] = {
        "kind": "sweep",
        "sweep": {
            "name": model.name,
            "path": sweep.path,
            "sha256": hashlib.sha256(sweep.text.encode()).hexdigest(),
            "text": sweep.text,
            "fingerprint": state["fingerprint"],
            "design": model.design,
            "points": design.size,
            "chunk_size": model.chunk_size,
            "parameters": {n: p.model_dump(exclude_none=True) for n, p in model.parameters.items()},
            "outcomes": list(dict.fromkeys(model.outcomes)),
            "select": model.select,
            "point_seed": "numpy.random.SeedSequence(entropy=seed, spawn_key=(point,))"
            " ; column 'seed' is its generate_state(1, numpy.uint64)[0]",
        },
        "executor": executor,
        "resumed": state.get("resumed", []),
        "table": {"file": "results.parquet", "rows": table.num_rows, "columns": table.column_names},
    }
    return build_manifest(
        started=state["started"],
        scenario_path=scenario.path,
        scenario_text=scenario.text,
        scenario_sha256=scenario.sha256,
        parameters={k: v for k, v in scenario.parameters.items() if k not in model.parameters},
        seed=model.seed,
        extra=extra,
        argv=argv,
    )
