"""stabsim table: booktabs LaTeX, Markdown and CSV tables of result folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def inf_folder(tmp_path_factory) -> Path:
    from sim.cli import main

    out = tmp_path_factory.mktemp("runs")
    try:
        main(["run", str(SCENARIOS / "inf_treaty.toml"), "--out", str(out), "--quiet"])
    except SystemExit as done:
        assert done.code in (0, None)
    (folder,) = [p for p in (out / "inf_treaty").iterdir() if not p.is_symlink()]  # not latest
    return folder


# a full run of the INF scenario (tens of seconds); the quick table tests use a sweep
@pytest.mark.slow
def test_equilibria_table_lists_the_three_inf_equilibria(inf_folder, run_cli):
    status, out, err = run_cli("table", inf_folder, "--table", "equilibria", "--format", "csv")
    assert status == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == "equilibrium,US,Russia,US payoff,Russia payoff,kind"
    assert [line.split(",")[1] for line in lines[1:3]] == ["comply", "develop"]
    assert "mixed" in lines[3] and len(lines) == 4


# a full run of the INF scenario (tens of seconds); the quick table tests use a sweep
@pytest.mark.slow
@pytest.mark.parametrize("which", ["stage", "equilibria", "play", "tournament"])
def test_latex_tables_are_booktabs(inf_folder, run_cli, which):
    status, out, err = run_cli("table", inf_folder, "--table", which)
    assert status == 0, err
    assert out.index(r"\toprule") < out.index(r"\midrule") < out.index(r"\bottomrule")
    assert r"\hline" not in out and "nan" not in out.lower()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["stage", "tournament"])
def test_latex_tables_compile(inf_folder, run_cli, tmp_path, which):
    engine = shutil.which("pdflatex")
    if engine is None:
        pytest.skip("no LaTeX engine installed")
    status, out, _ = run_cli("table", inf_folder, "--table", which)
    assert status == 0
    # the tabular alone (no float), scaled to the text width for the wide tournament table
    tabular = "\n".join(
        line for line in out.splitlines()
        if not line.startswith(("\\begin{table}", "\\end{table}", "\\centering", "\\caption"))
    )  # fmt: skip
    document = (
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{graphicx}\n"
        "\\begin{document}\n\\resizebox{\\textwidth}{!}{%\n" + tabular + "}\n\\end{document}\n"
    )
    (tmp_path / "t.tex").write_text(document, encoding="utf-8")
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]


def test_bad_folder_and_unknown_table_are_one_line(tmp_path, run_cli):
    status, out, err = run_cli("table", tmp_path)
    assert status == 2 and "no report.json" in err and err.count("\n") == 1
    (tmp_path / "report.json").write_text("[]", encoding="utf-8")
    status, out, err = run_cli("table", tmp_path)
    assert status == 2 and "not a stabsim report" in err
    status, out, err = run_cli("table", tmp_path, "--table", "pie")
    assert status == 2 and "--table" in err


def test_sweep_summary_table(tmp_path, run_cli):
    sweep = tmp_path / "s.toml"
    sweep.write_text(
        f'name = "s"\nscenario = "{(SCENARIOS / "inf_treaty.toml").as_posix()}"\n'
        'outcomes = ["mutual_compliance"]\n\n[parameters]\n'
        "detect = { values = [0.0, 1.0] }\nsanction = { values = [0.0, 4.0] }\n",
        encoding="utf-8",
    )
    status, _, err = run_cli("sweep", sweep, "--out", tmp_path / "out", "--workers", "1", "--quiet")
    assert status == 0, err
    folder = tmp_path / "out" / "s"  # --out is the parent of the sweep's folder
    status, out, err = run_cli("table", folder, "--table", "sweep", "--format", "csv")
    assert status == 0, err
    # (comply, comply) is an equilibrium iff detect * sanction >= 1.75: one point in four
    assert out.splitlines()[1] == "mutual_compliance,4,0.25,0.5,0.0,1.0"
