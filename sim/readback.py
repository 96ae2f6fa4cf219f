"""Result folders read back into result objects: :func:`read_results`.

A folder written by ``stabsim run`` holds ``report.json``, the ``to_dict()`` of a
:class:`~sim.analysis.scenario.ScenarioAnalysis`; it is read back into one
(:func:`sim.analysis.results.results_from_dict`). A folder written by ``stabsim sweep``
holds ``results.parquet`` and ``manifest.json``; it is read back into a
:class:`~sim.sweep.folder_table.SweepTable`. Figures and tables are drawn from these
objects, never from the files' raw keys.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.errors import StabsimError


def result_folder(folder: str | Path) -> Path:
    """``folder`` itself if it is a result or sweep folder; for a scenario's folder of runs
    (``OUT/<scenario>/``, as ``stabsim run`` makes it) the newest run in it."""
    from sim.output.folder import newest_run

    folder = Path(folder)
    if (folder / "report.json").is_file() or (folder / "results.parquet").is_file():
        return folder
    return newest_run(folder) or folder


def read_results(folder: str | Path):
    """The result objects of a ``stabsim run`` or ``stabsim sweep`` folder (or of the
    newest run in a scenario's folder of runs, :func:`result_folder`).

    Returns
    -------
    ScenarioAnalysis or SweepTable
        The run's report, or the sweep's specification, design, table and manifest.

    Raises
    ------
    StabsimError
        On a folder that is neither, or whose files are corrupt (not JSON, NaN or
        infinities, a top level that is not an object, a garbled section, unreadable
        Parquet), in one line naming the file.
    """
    from sim.analysis.results import results_from_dict
    from sim.sweep.folder_table import read_sweep_table

    folder = result_folder(folder)
    report = folder / "report.json"
    if report.is_file():
        return results_from_dict(read_json_object(report), str(report))
    if (folder / "results.parquet").is_file():
        return read_sweep_table(folder)
    raise StabsimError("neither report.json nor results.parquet: not a result folder", str(folder))


def read_json_object(path: Path) -> dict:
    """A JSON object from a result folder; NaN, infinities and other top levels are refused."""
    from sim.scenario.loader import read_text

    def refuse_constant(name: str):
        raise ValueError(f"holds {name}, not a finite number")

    text = read_text(path, "JSON")
    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise StabsimError(f"not valid JSON: {exc.msg} (line {exc.lineno})", str(path)) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StabsimError(f"not a stabsim report: {reason}", str(path)) from None
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("NoneType", "null")
        raise StabsimError(f"not a stabsim report: the top level is a {kind}", str(path))
    return data
