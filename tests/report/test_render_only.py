"""``sim/report`` and ``sim/plots`` render results: they import no analysis, model or compile
module (a result's own module, such as ``sim.infer.results``, may be read for its types)."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.test_structure import import_graph, make_tree

RENDERERS = ("report", "plots")
COMPUTING = ("equilibria", "play", "evolution", "repeated", "infer", "analysis", "compile",
             "game", "dynamics", "strategies", "sweep")  # fmt: skip
RESULT_MODULES = {"results"}
"""Modules of a computing package that only define result types and their text."""


def computing_imports(graph: dict[str, set[str]], root: str) -> list[str]:
    """``renderer -> imported`` for every import of a computing module by a renderer."""
    found = []
    for module, imported in sorted(graph.items()):
        parts = module.split(".")
        if len(parts) < 2 or parts[1] not in RENDERERS:
            continue
        for target in sorted(imported):
            pieces = target.split(".")
            if len(pieces) > 1 and pieces[1] in COMPUTING and pieces[-1] not in RESULT_MODULES:
                found.append(f"{module} -> {target}")
    return found


def test_report_and_plots_import_no_analysis():
    assert computing_imports(import_graph(ROOT / "sim"), "sim") == []


def test_a_renderer_that_computes_is_found(tmp_path):
    files = {
        "__init__.py": "",
        "equilibria/__init__.py": "",
        "equilibria/qre.py": "def qre_path(game):\n    return game\n",
        "infer/__init__.py": "",
        "infer/results.py": "class Posterior:\n    pass\n",
        "plots/__init__.py": "",
        "plots/defaults.py": "def draw(s):\n    from pkg.equilibria.qre import qre_path\n"
        "    return qre_path(s)\n",
        "report/__init__.py": "",
        "report/infer.py": "from pkg.infer.results import Posterior\n",
    }
    graph = import_graph(make_tree(tmp_path, files))
    assert computing_imports(graph, "pkg") == ["pkg.plots.defaults -> pkg.equilibria.qre"]
