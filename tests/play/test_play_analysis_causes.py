"""``stabsim play``'s exact split of the treaty's end: the batched kernel's figures equal the
per-point attribution's (:func:`sim.play.responsibility.attribute_end`) to 1e-12."""

from __future__ import annotations

import pytest

from sim.compile.check import load
from sim.compile.setup import play_setup
from sim.play.analysis import play_analysis
from sim.play.responsibility import attribute_end
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def inf():
    return load(SCENARIOS / "inf_treaty.toml")


def assert_close(a, b, where=""):
    """Equal structure, equal strings, numbers within 1e-12 (relative above 1)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_close(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, f"{where}[{k}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert abs(a - b) <= 1e-12 * max(1.0, abs(b)), (where, a, b)
    else:
        assert a == b, where


@pytest.mark.parametrize(
    ("rounds", "parameters"),
    [
        (40, {"ultimatum_round": 12, "false_alarm": 0.1, "noise": 0.02}),
        pytest.param(None, None, marks=pytest.mark.slow),  # the scenario as it is: 384 rounds
    ],
)
def test_play_reports_the_per_point_attribution(inf, rounds, parameters):
    analysis = play_analysis(inf, rounds=rounds, runs=50, parameters=parameters)
    setup = play_setup(inf, parameters, rounds=rounds)
    expected = attribute_end(setup.model, setup.row, setup.col, setup.rounds)
    assert expected.end_probability > 0.01
    out = analysis.to_dict()
    assert_close(out["exact"]["causes"], expected.to_dict())
