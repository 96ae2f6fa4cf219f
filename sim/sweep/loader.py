"""Reading sweep files: TOML, schema validation, checks against the base scenario.

Errors are :class:`~sim.errors.ScenarioError` with the sweep file and the key path, the same
one-line form as scenario files, for example
``experiments/x.toml: parameters.detct: not a parameter of scenarios/inf_treaty.toml``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.compile.check import load
from sim.errors import OptionError, ScenarioError
from sim.scenario.loader import LoadedScenario, read_toml, validate_model
from sim.scenario.schema import Parameter
from sim.sweep.schema import Sweep


@dataclass(frozen=True)
class LoadedSweep:
    """A validated sweep with its base scenario (fixed parameters in force)."""

    path: str
    text: str
    model: Sweep
    scenario: LoadedScenario

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def parameter_names(self) -> list[str]:
        return list(self.model.parameters)

    def fingerprint(self) -> str:
        """sha256 of everything that fixes the results (not the chunk size, not the path).

        A run folder records it; resuming into a folder with another fingerprint is refused.
        """
        content = {
            "sweep": self.model.model_dump(mode="json", exclude={"chunk_size", "description"}),
            "scenario_sha256": self.scenario.sha256,
            "fixed_parameters": self.scenario.parameters,
        }
        text = json.dumps(content, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def load_if_sweep(
    path: str | Path, overrides: Mapping[str, float] | None = None
) -> LoadedSweep | None:
    """Load ``path`` as a sweep file if it is one (a top-level ``scenario`` path), else
    ``None``; scenario files have no such key."""
    _, data = read_toml(path)
    return load_sweep(path, overrides) if isinstance(data.get("scenario"), str) else None


def load_sweep(
    path: str | Path,
    overrides: Mapping[str, float] | None = None,
    *,
    seed: int | None = None,
    runs: int | None = None,
    rounds: int | None = None,
) -> LoadedSweep:
    """Read and check a sweep file and its base scenario.

    Parameters
    ----------
    path
        The sweep file. Its ``scenario`` path is taken relative to the sweep file's folder.
    overrides
        Fixed values for parameters of the scenario that the sweep does not vary.
    seed, runs, rounds
        Replace the file's ``seed``, ``play.runs`` and ``play.rounds`` (``runs`` and
        ``rounds`` only for a sweep that records play outcomes).
    """
    text, data = read_toml(path)
    source = str(path)
    model = _with_settings(validate_model(Sweep, data, source), seed, runs, rounds)
    scenario = _load_scenario(Path(path), model, overrides or {})
    _check_parameters(model, scenario, source)
    if model.play_outcomes:
        _check_play(model, scenario, source)
    return LoadedSweep(source, text, model, scenario)


def _with_settings(model: Sweep, seed, runs, rounds) -> Sweep:
    """The sweep with its seed and its play settings replaced where given."""
    for name, value, low, high in (
        ("seed", seed, 0, 2**63 - 1),
        ("runs", runs, 1, 10_000_000),
        ("rounds", rounds, 1, None),
    ):
        if value is not None and value < low:
            raise OptionError(f"must be at least {low}, not {value}", name)
        if value is not None and high is not None and value > high:
            raise OptionError(f"must be at most {high}, not {value}", name)
    play = {k: v for k, v in (("runs", runs), ("rounds", rounds)) if v is not None}
    if play and not model.play_outcomes:
        raise OptionError("the sweep records no play outcome", next(iter(play)))
    update = {"seed": model.seed if seed is None else seed}
    update["play"] = model.play.model_copy(update=play)
    return model.model_copy(update=update)


def _check_play(model: Sweep, scenario: LoadedScenario, source: str) -> None:
    """Build the iterated play once at the scenario's values, so errors show before a run."""
    from sim.compile.setup import play_setup
    from sim.sweep.play_outcomes import play_key

    play = model.play
    try:
        play_setup(scenario, row=play.row, col=play.col, rounds=play.rounds)
    except ScenarioError as exc:
        if exc.argument in ("row", "col"):
            raise ScenarioError(exc.message, source, play_key(exc)) from None
        if exc.key == "play" and scenario.model.play is None:
            raise ScenarioError(
                f"{scenario.path} has no [play] section: give play.row and play.col",
                source,
                "play",
            ) from None
        raise exc.located(scenario.path) from None


def _load_scenario(path: Path, model: Sweep, overrides: Mapping[str, float]) -> LoadedScenario:
    scenario_path = Path(model.scenario)
    if not scenario_path.is_absolute():
        scenario_path = path.parent / scenario_path
    if not scenario_path.is_file():
        raise ScenarioError(f"no scenario file {str(scenario_path)!r}", str(path), "scenario")
    swept = sorted(set(overrides) & set(model.parameters))
    if swept:
        raise OptionError("is varied by the sweep, so it cannot also be set", "overrides", swept[0])
    return load(scenario_path, overrides)


def _check_parameters(model: Sweep, scenario: LoadedScenario, source: str) -> None:
    """Every varied parameter exists in the scenario and stays within its min and max."""
    from sim.sweep.design import parameter_support

    known = scenario.parameters
    for name, spec in model.parameters.items():
        key = f"parameters.{name}"
        if name not in known:
            listing = ", ".join(sorted(known)) or "none"
            raise ScenarioError(
                f"not a parameter of {scenario.path} (known: {listing})", source, key
            )
        declared = scenario.model.parameters[name]
        if not isinstance(declared, Parameter):
            continue
        low, high = parameter_support(spec)
        if declared.min is not None and low < declared.min:
            raise ScenarioError(
                f"reaches {_number(low)}, below the parameter's min {_number(declared.min)}",
                source,
                key,
            )
        if declared.max is not None and high > declared.max:
            raise ScenarioError(
                f"reaches {_number(high)}, above the parameter's max {_number(declared.max)}",
                source,
                key,
            )


def _number(value: float) -> str:
    return f"{value:g}" if np.isfinite(value) else ("inf" if value > 0 else "-inf")
