"""The one tolerance module: its helpers, and no literal tolerance anywhere else in sim/."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from sim.tolerance import RELATIVE_TOLERANCE, negligible, payoff_ties, relative_slack
from tests.conftest import ROOT

SMALLEST_PLAIN_NUMBER = 1e-3
"""A float literal below this (and not zero) reads as a tolerance, a cut-off or a step."""

# Files that still hold such literals while their owners name them in sim/tolerance.py;
# this list only shrinks (it is empty: every tolerance is named there).
LITERALS_STILL_TO_NAME: set[str] = set()


def small_literals(package: Path, exempt: str = "tolerance.py") -> dict[str, list[str]]:
    """File (relative to the package's parent) -> ``line: value`` of each small float literal."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).as_posix() == exempt:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = getattr(node, "value", None) if isinstance(node, ast.Constant) else None
            if isinstance(value, float) and 0 < abs(value) < SMALLEST_PLAIN_NUMBER:
                name = path.relative_to(package.parent).as_posix()
                found.setdefault(name, []).append(f"{node.lineno}: {value!r}")
    return found


@pytest.fixture(scope="module")
def found():
    return small_literals(ROOT / "sim")


def test_no_literal_tolerance_outside_the_tolerance_module(found):
    new = {k: v for k, v in found.items() if k not in LITERALS_STILL_TO_NAME}
    assert new == {}, "name these in sim/tolerance.py and import them"


def test_the_list_of_files_with_literals_only_shrinks(found):
    done = LITERALS_STILL_TO_NAME - set(found)
    assert done == set(), f"remove {sorted(done)} from LITERALS_STILL_TO_NAME"


def test_the_literal_check_finds_a_tolerance_and_spares_the_tolerance_module(tmp_path):
    package = tmp_path / "pkg"
    (package / "play").mkdir(parents=True)
    (package / "tolerance.py").write_text("TIE = 1e-9\n")
    (package / "play" / "exact.py").write_text(
        "def f(x):\n    return abs(x) < 1e-10 and x != 0.5 and x > -2.5e-12\n"
    )
    assert small_literals(package) == {"pkg/play/exact.py": ["2: 1e-10", "2: 2.5e-12"]}


def test_payoff_ties_are_invariant_to_positive_affine_changes():
    rng = np.random.default_rng(3)
    payoffs = rng.normal(size=(5, 3, 3))
    first = payoffs[:, 0, :]
    nudged = first + RELATIVE_TOLERANCE * 0.5 * np.ptp(payoffs, axis=(-2, -1))[:, None]
    apart = first + 1e-6 * np.ptp(payoffs, axis=(-2, -1))[:, None]
    for scale, shift in ((1.0, 0.0), (1e6, 3.0), (1e-6, -7.0)):
        a, b, c, u = (scale * v + shift for v in (first, nudged, apart, payoffs))
        assert payoff_ties(a, b, u).all()
        assert not payoff_ties(a, c, u).any()


def test_relative_slack_and_negligible_follow_the_size_of_the_numbers():
    assert relative_slack(0.5) == pytest.approx(RELATIVE_TOLERANCE)
    assert relative_slack(2.0, -1e6) == pytest.approx(1e6 * RELATIVE_TOLERANCE)
    assert negligible(1e-4, scale=1e6) and not negligible(1e-4)
    assert np.array_equal(negligible(np.array([0.0, 1e-3]), scale=1.0), [True, False])
