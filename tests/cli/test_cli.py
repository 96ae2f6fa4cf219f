"""The command line: solve, run and its result folder, validate, schema, scenarios."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SCENARIOS


def test_solve_json_prisoners_dilemma(run_cli):
    status, out, _ = run_cli("solve", SCENARIOS / "prisoners_dilemma.toml", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["players"] == ["Row", "Column"]
    assert data["actions"] == [["cooperate", "defect"], ["cooperate", "defect"]]
    assert data["scenario_parameters"] == {"T": 5.0, "R": 3.0, "P": 1.0, "S": 0.0}
    assert data["payoffs"] == [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["strategies"] == [[0, 1], [0, 1]]
    assert data["equilibria"][0]["payoffs"] == [1, 1]
    assert data["degenerate"] is False


def test_set_changes_the_answer(run_cli):
    # with T below R the prisoner's dilemma becomes a stag hunt: two pure equilibria
    status, out, _ = run_cli(
        "solve", SCENARIOS / "prisoners_dilemma.toml", "--json", "--set", "T=2"
    )
    pure = json.loads(out)["pure_equilibria"]
    assert status == 0 and pure == [["cooperate", "cooperate"], ["defect", "defect"]]


def test_inf_treaty_is_a_security_dilemma(run_cli):
    status, out, _ = run_cli("solve", SCENARIOS / "inf_treaty.toml", "--json")
    data = json.loads(out)
    assert ["develop", "develop"] in data["pure_equilibria"]
    assert ["comply", "comply"] in data["pure_equilibria"]
    payoffs = {tuple(p) for p in data["pareto_optimal"]}
    assert ("comply", "comply") in payoffs


def test_human_output_names_actions(run_cli):
    status, out, _ = run_cli("solve", SCENARIOS / "inf_treaty.toml")
    assert status == 0
    assert "comply" in out and "develop" in out and "Nash equilibria" in out


@pytest.mark.slow
def test_run_writes_a_complete_result_folder(tmp_path, run_cli):
    status, out, _ = run_cli("run", SCENARIOS / "inf_treaty.toml", "--out", tmp_path)
    assert status == 0
    folders = list((tmp_path / "inf_treaty").iterdir())
    assert len(folders) == 1
    folder = folders[0]
    # <UTC time>-<hash of the scenario and its parameters>-<random token>
    from sim.output.folder import result_folder_name

    stamp, _, token = folder.name.split("-")
    when = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    manifest = json.loads((folder / "manifest.json").read_text())
    sha = json.loads((folder / "report.json").read_text())["scenario"]["sha256"]
    assert folder.name == result_folder_name(sha, manifest["parameters"], when, token)
    names = {p.name for p in folder.iterdir()}
    assert {
        "report.md",
        "report.json",
        "manifest.json",
        "payoffs_us.csv",
        "payoffs_russia.csv",
        "play_rounds.csv",
        "figures",
    } <= names
    report = json.loads((folder / "report.json").read_text())
    assert {"stage", "play", "check", "tournament"} <= set(report)
    assert any((folder / "figures").glob("*.pdf"))
    manifest = json.loads((folder / "manifest.json").read_text())
    text = (SCENARIOS / "inf_treaty.toml").read_text()
    assert manifest["scenario"]["text"] == text
    assert manifest["parameters"]["detect"] == 0.5
    assert manifest["versions"]["numpy"]
    assert manifest["started"] <= manifest["finished"]
    assert manifest["command"][:2] == ["stabsim", "run"]
    assert not any(p.name.startswith(".tmp") for p in tmp_path.rglob("*"))
    assert str(folder) in out


def test_validate_every_bundled_scenario(run_cli):
    files = sorted(SCENARIOS.glob("*.toml"))
    assert len(files) >= 5
    status, out, _ = run_cli("validate", *files)
    assert status == 0 and out.count("ok: ") == len(files)


def test_schema_is_json_schema(run_cli):
    status, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert status == 0 and {"metadata", "players", "payoffs"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_scenarios_lists_bundled_files(run_cli):
    status, out, _ = run_cli("scenarios")
    assert status == 0 and "inf_treaty.toml" in out and "Prisoner" in out


def test_unknown_method_is_an_option_error(run_cli):
    status, _, err = run_cli("solve", SCENARIOS / "chicken.toml", "--solver", "magic")
    assert status == 2 and err.startswith("error: --solver: unknown method")


@pytest.mark.slow
@pytest.mark.parametrize("module", [["-m", "sim"], ["-m", "sim.cli"]])
def test_python_dash_m_works(module):
    result = subprocess.run(
        [sys.executable, *module, "solve", str(SCENARIOS / "chicken.toml"), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["actions"][0] == ["back_down", "stand_firm"]


def test_import_is_light():
    code = "import sys, sim; heavy = {'scipy', 'nashpy', 'matplotlib', 'pandas', 'pydantic'};"
    code += "print(sorted(heavy & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_solve_stag_hunt_mixed_equilibrium_closed_form(run_cli):
    # Jervis's stag hunt: cooperate with p = (P - S) / ((R - T) + (P - S)) in the mixed one
    R, T, P, S = 4.0, 3.0, 2.0, 0.0
    status, out, _ = run_cli("solve", SCENARIOS / "stag_hunt.toml", "--json")
    data = json.loads(out)
    mixed = [e for e in data["equilibria"] if not e["pure"]]
    assert status == 0 and len(data["equilibria"]) == 3 and len(mixed) == 1
    p = (P - S) / ((R - T) + (P - S))
    assert mixed[0]["strategies"][0] == pytest.approx([p, 1 - p])
    assert data["selection"]["risk_dominant"]["support"] == [["defect"], ["defect"]]
    assert data["verified"] is True


def test_solve_exact_inspection_game(run_cli):
    # Kilgour and Brams (1992): p* = g / (d (g + f)) = 1/4, q* = c / (d L) = 1/8
    status, out, _ = run_cli("solve", SCENARIOS / "inspection.toml", "--json", "--exact")
    (equilibrium,) = json.loads(out)["equilibria"]
    assert status == 0
    assert equilibrium["exact"] == [["1/4", "3/4"], ["7/8", "1/8"]]


def test_solve_degenerate_game_lists_components(tmp_path, run_cli):
    # the column player is indifferent everywhere: a continuum of equilibria
    path = tmp_path / "flat.toml"
    path.write_text(
        '[metadata]\nname = "flat"\ntitle = "t"\n[players]\nrow = "A"\ncol = "B"\n'
        '[actions]\nrow = ["u", "d"]\ncol = ["l", "r"]\n'
        "[payoffs]\nrow = [[1, 0], [0, 1]]\ncol = [[0, 0], [0, 0]]\n"
    )
    status, out, _ = run_cli("solve", path, "--json")
    data = json.loads(out)
    assert status == 0 and data["degenerate"] is True
    assert any(len(component) > 1 for component in data["components"])
    status, text, _ = run_cli("solve", path)
    assert "degenerate" in text and "Nash subsets" in text


def test_solve_with_nashpy_method(run_cli):
    status, out, _ = run_cli("solve", SCENARIOS / "chicken.toml", "--json", "--solver", "nashpy")
    data = json.loads(out)
    assert status == 0 and data["method"] == "nashpy" and len(data["equilibria"]) == 3
