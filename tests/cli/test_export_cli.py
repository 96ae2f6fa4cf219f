"""stabsim export: Gambit .nfg, a nashpy program and a booktabs LaTeX table of the stage game."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import pytest

from sim.game.gambit import from_nfg
from tests.conftest import SCENARIOS

INSPECTION = SCENARIOS / "inspection.toml"
PD = SCENARIOS / "prisoners_dilemma.toml"


def test_nfg_export_reads_back_to_the_same_exact_game(run_cli):
    status, out, err = run_cli("export", INSPECTION, "--exact")
    assert status == 0, err
    game = from_nfg(out)
    row, col = game.exact
    assert all(isinstance(v, Fraction) for line in (*row, *col) for v in line)
    assert [list(r) for r in row] == [[-1, -3], [0, -10]]
    assert [list(c) for c in col] == [[0, -3], [0, 1]]


def test_nashpy_program_runs_and_finds_the_inspection_equilibrium(run_cli):
    nashpy = pytest.importorskip("nashpy")
    status, out, err = run_cli("export", INSPECTION, "--format", "nashpy", "--exact")
    assert status == 0, err
    namespace: dict = {}
    exec(compile(out, "<exported>", "exec"), namespace)  # our own generated program
    assert isinstance(namespace["game"], nashpy.Game)
    (p, q), *rest = list(namespace["game"].support_enumeration())
    assert not rest
    # the inspection game's mixed equilibrium: inspect 1/4 of the time, violate 1/8
    assert p == pytest.approx([0.25, 0.75]) and q == pytest.approx([0.875, 0.125])


def test_latex_bimatrix_is_booktabs_and_marks_the_pure_equilibrium(run_cli):
    status, out, err = run_cli("export", PD, "--format", "latex")
    assert status == 0, err
    assert out.index(r"\toprule") < out.index(r"\midrule") < out.index(r"\bottomrule")
    assert r"\hline" not in out
    assert re.search(r"defect & \$5,\\ 0\$ & \$\\mathbf\{1,\\ 1\}\$ \\\\", out)
    assert out.count(r"\mathbf") == 1


@pytest.mark.slow
def test_latex_bimatrix_compiles(run_cli, tmp_path):
    engine = shutil.which("pdflatex")
    if engine is None:
        pytest.skip("no LaTeX engine installed")
    status, out, _ = run_cli("export", SCENARIOS / "inf_treaty.toml", "--format", "latex")
    assert status == 0
    document = "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
    (tmp_path / "t.tex").write_text(document + out + "\\end{document}\n", encoding="utf-8")
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "t.pdf").stat().st_size > 0


def test_unknown_format_is_one_line(run_cli):
    status, out, err = run_cli("export", PD, "--format", "xlsx")
    assert status == 2 and out == "" and err.strip().count("\n") == 0 and "--format" in err


def test_records_table_shows_estimates_with_their_interval():
    from sim.report.latex import records_latex
    from sim.results import estimate

    text = records_latex(
        [{"strategy": "tit_for_tat", "score": estimate(2.5, 0.1), "n": 3}],
        headers={"score": "mean score"},
    )
    assert r"\begin{tabular}{lrr}" in text and "mean score" in text
    assert r"$2.5 \pm 0.2$" in text and r"tit\_for\_tat" in text
    with pytest.raises(ValueError, match="non-finite"):
        records_latex([{"x": float("nan")}])
