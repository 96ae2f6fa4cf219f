"""The public API in ``sim/__init__.py``: every name resolves, ``import sim`` does no work,
and ``docs/api.md`` documents exactly the names of ``sim.__all__``."""

from __future__ import annotations

import re
import subprocess
import sys

import sim
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "api.md"
ROW = re.compile(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \| `(sim[\w.]*)`", re.MULTILINE)


def test_every_public_name_resolves_from_its_module():
    for name in sim.__all__:
        assert getattr(sim, name) is not None, name
    assert sim.load_scenario is sim.load
    assert sim.read_results.__module__ == "sim.readback"


def test_an_unknown_name_is_an_attribute_error():
    try:
        sim.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("sim.no_such_name resolved")


def test_importing_sim_imports_none_of_its_modules():
    code = "import sys, sim; print(sorted(m for m in sys.modules if m.startswith('sim.')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


def test_the_api_page_lists_every_public_name_and_no_other():
    rows = dict(ROW.findall(PAGE.read_text(encoding="utf-8")))
    assert sorted(rows) == sim.__all__
    assert all(rows[name] == sim._PUBLIC[name] for name in rows)
