"""Every sweep point checked before the run: a bad point is refused before any work, in one
line naming the scenario's failing key, the point and the sweep file's key that sets it."""

from __future__ import annotations

import concurrent.futures as cf

import pytest

from sim.errors import ScenarioError
from sim.sweep.loader import load_sweep
from sim.sweep.run import partial_folder, run_sweep
from tests.sweep.test_sweep_run import FRAGILE

# the fragile scenario of the run tests with two parameters, two payoffs that divide
SCENARIO = FRAGILE.replace("s = 1.0", "x = 1.0\ny = 0.5").replace(
    '[["1/s", "0"]', '[["1/x", "1/(x - y)"]'
)
assert "1/(x - y)" in SCENARIO


class NoWork(cf.Executor):
    """An executor that fails the test if any chunk reaches it."""

    def submit(self, fn, /, *args, **kwargs):
        raise AssertionError("a chunk was submitted before the bad point was found")


def sweep_at(tmp_path, grid: str):
    (tmp_path / "fragile.toml").write_text(SCENARIO, encoding="utf-8")
    path = tmp_path / "w.toml"
    path.write_text(
        f'name = "w"\nscenario = "fragile.toml"\nchunk_size = 2\n[parameters]\n{grid}\n',
        encoding="utf-8",
    )
    return load_sweep(path)


def refusal(tmp_path, grid: str) -> ScenarioError:
    sweep = sweep_at(tmp_path, grid)
    with pytest.raises(ScenarioError) as info:
        run_sweep(sweep, tmp_path / "out", NoWork(), progress=False)
    assert not (tmp_path / "out").exists() and not partial_folder(tmp_path / "out").exists()
    assert "\n" not in str(info.value)
    return info.value


def test_the_last_point_of_the_grid_is_refused_before_any_chunk_runs(tmp_path):
    error = refusal(tmp_path, "x = { values = [4, 3, 2, 0] }")
    assert error.source.endswith("fragile.toml") and error.key == "payoffs.row[0][0]"
    assert "sweep point 3 (x=0)" in error.message
    assert error.message.endswith("w.toml: parameters.x")


def test_the_parameter_that_fails_alone_is_named(tmp_path):
    # x = 0 divides by zero whatever y is; y = 1 alone (with x = 1) divides by x - y = 0 too
    error = refusal(tmp_path, "x = { values = [2, 0] }\ny = { values = [0.5] }")
    assert "sweep point 1 (x=0, y=0.5)" in error.message
    assert error.message.endswith("parameters.x")


def test_values_that_fail_only_together_are_named_together(tmp_path):
    # x = y = 3: 1/(x - y) fails, but x = 3 with y = 0.5 and y = 3 with x = 1 do not
    error = refusal(tmp_path, "x = { values = [3] }\ny = { values = [2, 3] }")
    assert error.key == "payoffs.row[0][1]"
    assert "sweep point 1 (x=3, y=3)" in error.message
    assert error.message.endswith("parameters (x=3, y=3 together)")


def test_a_clean_grid_runs(tmp_path):
    sweep = sweep_at(tmp_path, "x = { values = [4, 3, 2] }")
    from sim.sweep.executors import ExecutorSpec

    done = run_sweep(sweep, tmp_path / "out", ExecutorSpec(workers=1), progress=False)
    assert done.points == 3 and done.to_frame()["x"].tolist() == [4.0, 3.0, 2.0]
