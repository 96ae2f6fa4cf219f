"""One option vocabulary: the same name means the same in every command, --json wherever a
command prints results, --out the parent folder for run and sweep, a version, completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.main import get_command

from sim.cli import app
from tests.conftest import SCENARIOS

INF = SCENARIOS / "inf_treaty.toml"
CHICKEN = SCENARIOS / "chicken.toml"
PRINTS_RESULTS = {
    "check",
    "evolve",
    "infer",
    "play",
    "run",
    "scenarios",
    "solve",
    "strategies",
    "sweep",
    "tournament",
    "validate",
}
SHARED = ("--set", "--json", "--out", "--seed", "--runs", "--rounds", "--quiet", "--exact")


def visible_options(command) -> dict[str, object]:
    """The options a command shows in its help, by their long name."""
    return {
        opt: param
        for param in command.params
        if param.param_type_name == "option" and not param.hidden
        for opt in param.opts
        if opt.startswith("--")
    }


COMMANDS = {name: visible_options(c) for name, c in get_command(app).commands.items()}


def test_json_on_every_command_that_prints_results():
    missing = sorted(name for name in PRINTS_RESULTS if "--json" not in COMMANDS[name])
    assert PRINTS_RESULTS <= set(COMMANDS) and not missing


@pytest.mark.parametrize("option", SHARED)
def test_a_shared_option_has_one_meaning(option):
    helps = {name: options[option].help for name, options in COMMANDS.items() if option in options}
    assert helps, f"no command has {option}"
    assert len(set(helps.values())) == 1, helps


def test_sampling_options_where_a_command_samples():
    for name in ("play", "sweep", "tournament", "evolve", "run"):
        assert {"--seed", "--runs", "--rounds"} <= set(COMMANDS[name]), name
    # the checks play over a horizon but draw nothing at random
    assert "--rounds" in COMMANDS["check"]


def test_algorithm_and_pairing_have_their_own_names():
    assert "--solver" in COMMANDS["solve"]
    assert "--pairing" in COMMANDS["tournament"] and "--pairing" in COMMANDS["evolve"]
    assert not any("--method" in options for options in COMMANDS.values())


def test_old_method_option_still_works_with_a_warning(run_cli):
    status, out, err = run_cli("solve", CHICKEN, "--json", "--method", "nashpy")
    assert status == 0 and json.loads(out)["equilibria"]
    assert err == "warning: --method is deprecated, use --solver\n"


def test_bad_choice_is_one_line(run_cli):
    status, _, err = run_cli("tournament", INF, "--pairing", "guess")
    assert status == 2
    assert err == "error: --pairing: 'guess' is not one of 'exact', 'monte_carlo'\n"


def test_validate_json(run_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("metadata = 1\n")
    status, out, err = run_cli("validate", CHICKEN, bad, "--json")
    data = json.loads(out)
    assert status == 2 and err == "" and data["valid"] is False
    assert [f["valid"] for f in data["files"]] == [True, False]
    assert data["files"][0] == {"file": str(CHICKEN), "valid": True, "error": None}
    assert data["files"][1]["error"].startswith(f"{bad}: ")


def test_scenarios_json(run_cli):
    status, out, _ = run_cli("scenarios", "--json")
    files = {Path(s["file"]).name: s["title"] for s in json.loads(out)["scenarios"]}
    assert status == 0 and "inf_treaty.toml" in files and files["chicken.toml"]


SWEEP = f"""
name = "vocabulary"
scenario = "{INF.as_posix()}"
design = "random"
points = 4
seed = 1
chunk_size = 4
outcomes = ["regime"]

[parameters]
detect = {{ start = 0.0, stop = 1.0 }}
"""


@pytest.mark.slow
def test_out_is_the_parent_folder_for_run_and_sweep(run_cli, tmp_path):
    out = tmp_path / "out"
    sweep_file = tmp_path / "vocabulary.toml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    status, stdout, err = run_cli("sweep", sweep_file, "--workers", "1", "--out", out, "--json")
    assert status == 0, err
    swept = json.loads(stdout)
    assert swept["points"] == 4 and swept["computed"] == 4
    assert Path(swept["result_folder"]) == out / "vocabulary"
    status, stdout, err = run_cli("run", CHICKEN, "--out", out, "--json")
    assert status == 0, err
    ran = json.loads(stdout)
    folder = Path(ran["result_folder"])
    assert folder.parent == out / "chicken" and (folder / "report.json").is_file()
    assert ran["report"]["scenario"]["name"] == "chicken"


@pytest.mark.slow
def test_sweep_seed_replaces_the_file_seed(run_cli, tmp_path):
    import pandas as pd

    sweep_file = tmp_path / "vocabulary.toml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    tables = []
    for seed, out in (("1", tmp_path / "a"), ("2", tmp_path / "b"), (None, tmp_path / "c")):
        extra = ["--seed", seed] if seed else []
        status, _, err = run_cli("sweep", sweep_file, "--workers", "1", "--out", out, *extra)
        assert status == 0, err
        tables.append(pd.read_parquet(out / "vocabulary" / "results.parquet"))
    assert tables[0].equals(tables[2])  # --seed 1 is the file's own seed
    assert not tables[0]["detect"].equals(tables[1]["detect"])


# a sweep and a run (over ten seconds)
@pytest.mark.slow
def test_quiet_prints_only_the_result_folder_in_run_and_sweep(run_cli, tmp_path):
    sweep_file = tmp_path / "vocabulary.toml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    args = ("--out", tmp_path, "--quiet")
    status, out, err = run_cli("sweep", sweep_file, "--workers", "1", *args)
    assert status == 0, err
    assert out == f"result folder: {tmp_path / 'vocabulary'}\n"
    status, out, err = run_cli("sweep", sweep_file, "--workers", "1", "--out", tmp_path)
    assert status == 0 and out.startswith("4 points (already complete)\n")  # not quiet
    status, out, err = run_cli("run", CHICKEN, *args, "--runs", "10", "--rounds", "4")
    assert status == 0, err
    (line,) = out.splitlines()
    folder = Path(line.removeprefix("result folder: "))
    assert line.startswith("result folder: ") and folder.parent == tmp_path / "chicken"


def test_exact_takes_the_same_payoffs_in_solve_and_export(run_cli):
    from fractions import Fraction

    from sim.game.gambit import from_nfg

    # d = 0.7: -c - (1 - d) L is -4 exactly, -4.000000000000001 in floating point
    args = (SCENARIOS / "inspection.toml", "--set", "d=0.7", "--exact")
    status, out, err = run_cli("export", *args)
    assert status == 0, err
    row, col = from_nfg(out).exact
    assert row[0][1] == -4
    status, out, err = run_cli("solve", *args, "--json")
    assert status == 0, err
    (found,) = json.loads(out)["equilibria"]
    x, y = ([Fraction(p) for p in part] for part in found["exact"])

    def value(matrix) -> Fraction:
        return sum(x[i] * y[j] * matrix[i][j] for i in range(2) for j in range(2))

    # the exact payoffs solve reports are those of the exported fractions
    assert [Fraction(v) for v in found["exact_payoffs"]] == [value(row), value(col)]


def test_sweep_runs_need_play_outcomes(run_cli, tmp_path):
    sweep_file = tmp_path / "vocabulary.toml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    status, _, err = run_cli("sweep", sweep_file, "--runs", "10", "--out", tmp_path)
    assert status == 2
    assert err == "error: --runs: the sweep records no play outcome\n"


def test_completion_script(run_cli):
    status, out, _ = run_cli("completion", "bash")
    assert status == 0
    assert "_STABSIM_COMPLETE=complete_bash" in out
    assert "complete -o default -F _stabsim_completion stabsim" in out
    status, out, _ = run_cli("completion", "zsh")
    assert status == 0 and out.startswith("#compdef stabsim")


def test_completion_completes(run_cli, monkeypatch):
    monkeypatch.setenv("_STABSIM_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "stabsim tournament --pai")
    monkeypatch.setenv("COMP_CWORD", "2")
    status, out, _ = run_cli()
    assert status == 0 and out.split() == ["--pairing"]


SEEDS = (3, 3, 4)


def by_seed(run_cli, *args) -> list[dict]:
    """The JSON of ``stabsim ARGS --seed S --json`` for each seed of :data:`SEEDS`."""
    outputs = []
    for seed in SEEDS:
        status, out, err = run_cli(*args, "--seed", str(seed), "--json")
        assert status == 0, err
        outputs.append(json.loads(out))
    return outputs


# three Monte Carlo tournaments (seconds)
@pytest.mark.slow
def test_tournament_takes_rounds_runs_and_seed(run_cli):
    args = ["tournament", INF, "--pairing", "monte_carlo", "--runs", "40", "--rounds", "12"]
    tables = []
    for seed, data in zip(SEEDS, by_seed(run_cli, *args), strict=True):
        assert data["parameters"] == {"rounds": 12, "runs": 40, "seed": seed}
        tables.append(data["table"])
    assert tables[0] == tables[1] and tables[0] != tables[2]


# three tournaments and their evolution (seconds)
@pytest.mark.slow
def test_evolve_takes_rounds_runs_and_seed(run_cli):
    args = ["evolve", INF, "--dynamics", "moran", "--runs", "30", "--rounds", "8"]
    results = []
    for seed, data in zip(SEEDS, by_seed(run_cli, *args), strict=True):
        assert data["parameters"]["runs"] == 30 and data["seed"] == seed
        assert data["tournament"]["rounds"] == 8
        results.append(data["fixation"])
    # the simulated fixation frequencies are Monte Carlo figures: the seed decides them
    assert results[0] == results[1] and results[0] != results[2]


# two checks of the prisoners' dilemma (seconds)
@pytest.mark.slow
def test_check_takes_rounds(run_cli):
    for rounds in (5, 9):
        status, out, err = run_cli("check", SCENARIOS / "prisoners_dilemma.toml", "--rounds",
                                   str(rounds), "--json")  # fmt: skip
        assert status == 0, err
        data = json.loads(out)
        assert data["rounds"] == data["parameters"]["rounds"] == rounds


@pytest.mark.slow
def test_run_takes_rounds_runs_and_seed(run_cli, tmp_path):
    scenario = tmp_path / "noisy.toml"  # with trembles, so that the runs differ
    text = (SCENARIOS / "prisoners_dilemma.toml").read_text(encoding="utf-8")
    scenario.write_text(text + "\n[monitoring]\nnoise = 0.05\n", encoding="utf-8")
    args = ["run", scenario, "--out", tmp_path, "--runs", "60", "--rounds", "7"]
    sampled = []
    for seed, data in zip(SEEDS, by_seed(run_cli, *args), strict=True):
        report = data["report"]
        play = report["play"]
        assert (play["rounds"], play["runs"], play["seed"]) == (7, 60, seed)
        assert len(play["per_round"]) == 7 and report["check"]["rounds"] == 7
        sampled.append(play["monte_carlo"]["payoffs"])
    assert sampled[0] == sampled[1] and sampled[0] != sampled[2]
