"""Sweep files: every mistake is one line naming the file and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import OptionError, ScenarioError
from sim.sweep.loader import load_sweep

ROOT = Path(__file__).resolve().parents[2]
INF = (ROOT / "scenarios" / "inf_treaty.toml").as_posix()

HEAD = f'name = "t"\nscenario = "{INF}"\n'
GRID = "[parameters]\ndetect = { start = 0.0, stop = 1.0, count = 5 }\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sweep.toml"
    path.write_text(text, encoding="utf-8")
    return path


BAD = [
    (HEAD + "[parameters]\ndetct = { values = [0.1] }\n", "parameters.detct", "not a parameter"),
    (
        HEAD + "[parameters]\ndetect = { start = 0.5, stop = 0.1, count = 3 }\n",
        "parameters.detect.stop",
        "empty range",
    ),
    (HEAD + "[parameters]\ndetect = { values = [] }\n", "parameters.detect.values", "empty"),
    (
        HEAD + "[parameters]\ndetect = { start = 0.0, stop = 1.0, step = -0.1 }\n",
        "parameters.detect.step",
        "must be positive",
    ),
    (
        HEAD + "[parameters]\ndetect = { start = 0.0, stop = 1.0 }\n",
        "parameters.detect",
        "design 'grid' needs a step or a count",
    ),
    (
        HEAD + '[parameters]\ndetect = { distribution = "uniform", low = 0.0, high = 1.0 }\n',
        "parameters.detect",
        "design 'grid' needs values or a range, not a distribution",
    ),
    (HEAD + 'design = "lhs"\n' + GRID, "points", "missing (design 'lhs' needs"),
    (
        HEAD + 'design = "lhs"\npoints = 8\n[parameters]\ndetect = { start = 0.0 }\n',
        "parameters.detect.stop",
        "missing (a range needs start and stop)",
    ),
    (HEAD + 'design = "sobol"\npoints = 1000\n' + GRID, "points", "power of 2"),
    (
        HEAD + 'design = "random"\npoints = 10\n[parameters]\n'
        'blame = { distribution = "normal", mean = 1.0 }\n',
        "parameters.blame.sd",
        "missing",
    ),
    (
        HEAD + 'design = "random"\npoints = 10\n[parameters]\n'
        'blame = { distribution = "loguniform", low = 0.0, high = 1.0 }\n',
        "parameters.blame.low",
        "must be positive",
    ),
    (
        HEAD + "[parameters]\ndetect = { values = [0.1], start = 0.0 }\n",
        "parameters.detect",
        "only one of",
    ),
    (HEAD + 'colour = "red"\n' + GRID, "colour", "unknown key"),
    (HEAD + 'outcomes = ["regime", "happiness"]\n' + GRID, "outcomes[1]", ""),
    (HEAD + "points = 7\n" + GRID, "points", "the grid has 5 points"),
    (
        HEAD + "[parameters]\ndetect = { start = 0.0, stop = 1.5, count = 4 }\n",
        "parameters.detect",
        "above the parameter's max 1",
    ),
    (HEAD + "[parameters]\n", "parameters", "no parameter to vary"),
    ('name = "t"\nscenario = "nowhere.toml"\n' + GRID, "scenario", "no scenario file"),
    (HEAD + "seed = -1\n" + GRID, "seed", ""),
]


@pytest.mark.parametrize(("text", "key", "message"), BAD)
def test_bad_sweep_files_name_file_and_key(tmp_path, text, key, message):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_sweep(path)
    error = info.value
    assert error.source == str(path)
    assert error.key == key
    assert message in error.message
    assert str(error) == f"{path}: {key}: {error.message}"
    assert "\n" not in str(error)


def test_valid_sweep_resolves_scenario_relative_to_file(tmp_path):
    (tmp_path / "sc").mkdir()
    (tmp_path / "sc" / "inf.toml").write_text(Path(INF).read_text(), encoding="utf-8")
    path = write(tmp_path, 'name = "t"\nscenario = "sc/inf.toml"\n' + GRID)
    sweep = load_sweep(path)
    assert sweep.parameter_names == ["detect"]
    assert sweep.scenario.parameters["detect"] == 0.5


def test_set_fixes_other_parameters_and_refuses_swept_ones(tmp_path):
    path = write(tmp_path, HEAD + GRID)
    assert load_sweep(path, {"blame": 2.0}).scenario.parameters["blame"] == 2.0
    with pytest.raises(OptionError, match="varied by the sweep"):
        load_sweep(path, {"detect": 0.2})
    with pytest.raises(OptionError, match="unknown parameter"):
        load_sweep(path, {"nonsense": 0.2})


def test_fingerprint_ignores_chunk_size_but_not_values(tmp_path):
    base = load_sweep(write(tmp_path, HEAD + GRID)).fingerprint()
    chunked = load_sweep(write(tmp_path, HEAD + "chunk_size = 3\n" + GRID)).fingerprint()
    seeded = load_sweep(write(tmp_path, HEAD + "seed = 3\n" + GRID)).fingerprint()
    assert base == chunked
    assert base != seeded
    assert base != load_sweep(write(tmp_path, HEAD + GRID), {"blame": 2.0}).fingerprint()
