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


# a full stage analysis (about three seconds)
@pytest.mark.slow
def test_tables_are_drawn_from_the_result_objects():
    """The stage, equilibria and tournament tables of results read back from JSON: the
    prisoner's dilemma has one equilibrium, (defect, defect), strict, paying (P, P) = (1, 1);
    a sampled tournament cell shows its mean."""
    import json

    import numpy as np

    from sim import load, scenario_stage_analysis
    from sim.analysis.results import results_from_dict
    from sim.evolution.metagame import MetaGame
    from sim.evolution.tournament import analyse_table
    from sim.report.paper_tables import results_table

    stage = scenario_stage_analysis(load(SCENARIOS / "prisoners_dilemma.toml"))
    row = np.array([[3.0, 0.0], [5.0, 1.0]])
    meta = MetaGame(("a", "b"), ("x", "y"), row, row.T, players=("Row", "Column"))
    tournament = analyse_table(meta, 2.0, "exact").to_dict()
    cell = tournament["table"][1]  # (a, y): sampled, as a mean with its error
    cell["row_payoff_per_round"] = {"mean": 0.0, "se": 0.01, "ci95": [-0.0196, 0.0196]}
    written = {"scenario": {"title": "PD"}, "stage": stage.to_dict(), "tournament": tournament}
    results = results_from_dict(json.loads(json.dumps(written)))
    lines = results_table(results, "equilibria", "csv").splitlines()
    assert lines == [
        "equilibrium,Row,Column,Row payoff,Column payoff,kind",
        '1,defect,defect,1.0,1.0,"pure, strict"',
    ]
    assert results_table(results, "stage", "csv").splitlines()[1:] == [
        'cooperate,"3, 3","0, 5"', 'defect,"5, 0","1, 1"',
    ]  # fmt: skip
    assert results_table(results, "tournament", "csv").splitlines() == [
        "strategy,x,y", 'a,"1.5, 1.5","0, 2.5"', 'b,"2.5, 0","0.5, 0.5"',
    ]  # fmt: skip
    with pytest.raises(Exception, match="no play section"):
        results_table(results, "play", "csv")
