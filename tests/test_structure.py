"""The structure of ``sim/``: no import cycle, no import against the layer order, short modules.

The import graph is built by parsing (``ast``) every module, so it sees every import,
including the lazy ones inside functions, without running any code. The layer order is
the table of ``docs/architecture.md``, read from there so that it is written once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARCHITECTURE = ROOT / "docs" / "architecture.md"
MAX_LINES = 400

# Modules still over MAX_LINES while they are being split; this list only shrinks.
TOO_LONG_FOR_NOW: set[str] = set()

_ROW = re.compile(r"^\|\s*(\d+)\s*\|[^|]*\|([^|]*)\|\s*$")


def layer_table(text: str) -> dict[str, int]:
    """Package (or base module) name -> rank, from the markdown table of the layers page."""
    table: dict[str, int] = {}
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match:
            for name in re.findall(r"`([^`]+)`", match.group(2)):
                table[name] = int(match.group(1))
    return table


def module_files(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file under ``package``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported name belongs to: the longest dotted prefix that is a module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its body."""
    root = next(iter(modules)).split(".")[0]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_resolve(a.name, modules) for a in node.names if a.name.split(".")[0] == root}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base.split(".")[0] != root:
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else _resolve(base, modules))
    found.discard(None)
    found.discard(module)
    return found  # type: ignore[return-value]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports, for the package at ``package``."""
    modules = module_files(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def layer_name(module: str) -> str:
    """The entry of the layer table a module belongs to: ``sim.play.exact`` -> ``play``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def unplaced(graph: dict[str, set[str]], table: dict[str, int]) -> list[str]:
    """Modules whose package the layer table does not name."""
    return sorted(m for m in graph if layer_name(m) not in table)


def upward_imports(graph: dict[str, set[str]], table: dict[str, int]) -> list[str]:
    """Each import of a module from a layer below its own, as ``a -> b``."""
    out = []
    for module, targets in sorted(graph.items()):
        rank = table.get(layer_name(module))
        for target in sorted(targets):
            target_rank = table.get(layer_name(target))
            if rank is not None and target_rank is not None and target_rank > rank:
                out.append(f"{module} (layer {rank}) -> {target} (layer {target_rank})")
    return out


def long_modules(package: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Path relative to the package's parent -> line count, for modules over ``limit``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            out[path.relative_to(package.parent).as_posix()] = lines
    return out


# ----------------------------------------------------------------------------- sim/


@pytest.fixture(scope="module")
def graph():
    return import_graph(ROOT / "sim")


@pytest.fixture(scope="module")
def table():
    return layer_table(ARCHITECTURE.read_text(encoding="utf-8"))


def test_layer_table_is_read_from_the_architecture_page(table):
    assert table["errors"] < table["scenario"] < table["game"] < table["compile"]
    assert table["compile"] < table["play"] < table["sweep"] < table["report"] < table["cli"]


def test_no_import_cycle(graph):
    assert import_cycles(graph) == []


def test_every_package_has_a_layer(graph, table):
    assert unplaced(graph, table) == [], "add the package to the table in docs/architecture.md"


def test_imports_follow_the_layer_order(graph, table):
    assert upward_imports(graph, table) == []


def test_modules_are_short():
    too_long = long_modules(ROOT / "sim")
    assert set(too_long) <= TOO_LONG_FOR_NOW, {
        k: v for k, v in too_long.items() if k not in TOO_LONG_FOR_NOW
    }


def test_the_list_of_long_modules_only_shrinks():
    still_long = set(long_modules(ROOT / "sim"))
    assert TOO_LONG_FOR_NOW <= still_long, f"remove {sorted(TOO_LONG_FOR_NOW - still_long)}"


# ----------------------------------------------------------------------------- the checks


TABLE = """
| rank | layer | modules |
| --- | --- | --- |
| 1 | base | `errors` |
| 2 | model | `game` |
| 3 | analyses | `play` |
| 4 | api | `__init__` |
"""


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


CLEAN = {
    "__init__.py": "",
    "errors.py": "class Oops(Exception):\n    pass\n",
    "game/__init__.py": "",
    "game/stage.py": "from pkg.errors import Oops\n",
    "play/__init__.py": "",
    "play/exact.py": "from pkg.game.stage import Oops\nfrom ..game import stage\n",
    "play/chain.py": "def f():\n    from pkg.play import exact\n    return exact\n",
}


def test_a_clean_tree_passes(tmp_path):
    package = make_tree(tmp_path, CLEAN)
    graph = import_graph(package)
    assert graph["pkg.play.exact"] == {"pkg.game.stage"}
    assert graph["pkg.play.chain"] == {"pkg.play.exact"}
    assert import_cycles(graph) == []
    assert upward_imports(graph, layer_table(TABLE)) == []
    assert long_modules(package) == {}


def test_a_cycle_through_a_lazy_import_is_found(tmp_path):
    files = CLEAN | {"game/stage.py": "def g():\n    import pkg.game.gambit\n"}
    files["game/gambit.py"] = "from . import stage\n"
    cycles = import_cycles(import_graph(make_tree(tmp_path, files)))
    assert cycles == [["pkg.game.gambit", "pkg.game.stage"]]


def test_a_longer_cycle_across_packages_is_found(tmp_path):
    files = CLEAN | {"errors.py": "from pkg.play.chain import f\n"}
    cycles = import_cycles(import_graph(make_tree(tmp_path, files)))
    assert cycles == [["pkg.errors", "pkg.game.stage", "pkg.play.chain", "pkg.play.exact"]]


def test_an_upward_import_is_found(tmp_path):
    files = CLEAN | {"game/stage.py": "def g():\n    from pkg.play.exact import x\n"}
    graph = import_graph(make_tree(tmp_path, files))
    assert upward_imports(graph, layer_table(TABLE)) == [
        "pkg.game.stage (layer 2) -> pkg.play.exact (layer 3)"
    ]


def test_a_package_missing_from_the_table_is_found(tmp_path):
    files = CLEAN | {"extra/__init__.py": "", "extra/thing.py": "import pkg.errors\n"}
    graph = import_graph(make_tree(tmp_path, files))
    assert unplaced(graph, layer_table(TABLE)) == ["pkg.extra", "pkg.extra.thing"]


def test_a_long_module_is_found(tmp_path):
    files = CLEAN | {"play/long.py": "x = 1\n" * (MAX_LINES + 1)}
    assert long_modules(make_tree(tmp_path, files)) == {"pkg/play/long.py": MAX_LINES + 1}


# ----------------------------------------------------------------------------- the CLI


def past_the_public_api(graph: dict[str, set[str]], root: str) -> list[str]:
    """``a -> b`` for each import by a module of ``ROOT.cli`` of a module other than the
    public API (``ROOT`` itself, ``sim/__init__.py``) and the command line's own."""

    def allowed(target: str) -> bool:
        return target == root or target == f"{root}.cli" or target.startswith(f"{root}.cli.")

    return [
        f"{module} -> {target}"
        for module, targets in sorted(graph.items())
        if module == f"{root}.cli" or module.startswith(f"{root}.cli.")
        for target in sorted(targets)
        if not allowed(target)
    ]


def test_the_command_line_uses_only_the_public_api(graph):
    assert past_the_public_api(graph, "sim") == [], "import it from sim (add it to sim/__init__.py)"


def test_a_command_line_import_past_the_public_api_is_found(tmp_path):
    files = CLEAN | {
        "cli/__init__.py": "from pkg.cli import app\n",
        "cli/app.py": "from pkg import Oops\nfrom pkg.cli.app import x\n",
        "cli/run.py": "def run():\n    from pkg.play.exact import Oops\n    from pkg import game\n",
    }
    graph = import_graph(make_tree(tmp_path, files))
    assert past_the_public_api(graph, "pkg") == [
        "pkg.cli.run -> pkg.game",
        "pkg.cli.run -> pkg.play.exact",
    ]
