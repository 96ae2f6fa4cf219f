"""Every error of the command line is one line ``error: ...``: usage errors from the
parser, user errors from the core, files the system refuses, and bugs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sim
from tests.conftest import ROOT, SCENARIOS

CHICKEN = SCENARIOS / "chicken.toml"


def one_line_error(result: tuple[int, str, str], status: int = 2) -> str:
    code, _, err = result
    assert code == status, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Usage:" not in err and "Traceback" not in err
    return lines[0]


@pytest.mark.slow
def test_unknown_option_in_a_separate_process():
    result = subprocess.run(
        [sys.executable, "-m", "sim", "solve", str(CHICKEN), "--rounds", "3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == "error: --rounds: no such option\n"
    assert result.stdout == ""


def test_unknown_option_suggests_a_close_one(run_cli):
    line = one_line_error(run_cli("solve", CHICKEN, "--jsn"))
    assert line == "error: --jsn: no such option (did you mean --json?)"


def test_missing_argument(run_cli):
    assert one_line_error(run_cli("solve")) == "error: FILE: missing argument"


def test_value_of_the_wrong_type(run_cli):
    line = one_line_error(run_cli("play", CHICKEN, "--rounds", "abc"))
    assert line.startswith("error: --rounds: ") and ("whole number" in line or "integer" in line)


def test_option_without_its_value(run_cli):
    line = one_line_error(run_cli("play", CHICKEN, "--rounds"))
    assert line == "error: --rounds: needs a value"


def test_unknown_command(run_cli):
    assert (
        one_line_error(run_cli("slove", CHICKEN))
        == "error: no such command 'slove' (did you mean 'solve'?)"
    )


def test_extra_argument(run_cli):
    line = one_line_error(run_cli("solve", CHICKEN, "surplus"))
    assert line.startswith("error: ") and "surplus" in line


def test_name_with_a_newline_is_escaped(run_cli, tmp_path):
    path = tmp_path / "two\nlines.toml"
    line = one_line_error(run_cli("solve", path))
    assert line == f"error: {tmp_path}/two\\nlines.toml: no such file"


def test_value_out_of_range(run_cli):
    line = one_line_error(run_cli("play", CHICKEN, "--runs", "0"))
    assert line.startswith("error: --runs: ") and "1" in line


def test_core_error_names_the_option(run_cli):
    # the core names the argument (method); the command line shows its option
    line = one_line_error(run_cli("solve", CHICKEN, "--solver", "magic"))
    known = "stabsim, lemke_howson, lemke_howson_all, pns, nashpy"
    assert line == f"error: --solver: unknown method 'magic' ({known})"


def test_system_refusing_a_folder_is_one_line(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    line = one_line_error(run_cli("run", CHICKEN, "--out", blocker, "--quiet"))
    assert line.startswith(f"error: {blocker}") and "directory" in line.lower()


def test_a_bug_is_one_line_asking_for_a_report(run_cli, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sim, "scenario_stage_analysis", broken)  # what the CLI calls
    line = one_line_error(run_cli("solve", CHICKEN), status=1)
    assert "internal error" in line and "ZeroDivisionError: division by zero" in line
    assert "--debug" in line and "report" in line


def test_debug_shows_the_bug(monkeypatch):
    from sim.cli import main

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sim, "scenario_stage_analysis", broken)  # what the CLI calls
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "solve", str(CHICKEN)])


def test_version(run_cli):
    status, out, _ = run_cli("--version")
    assert status == 0 and out == f"stabsim {sim.__version__}\n"


def test_no_arguments_prints_the_help(run_cli):
    status, out, _ = run_cli()
    assert status == 2 and "Commands:" in out and "solve" in out


@pytest.mark.parametrize("text", ["plain", "two\nlines", "tab\there", "esc\x1b[31m"])
def test_one_line_keeps_printable_text_and_escapes_the_rest(text):
    from sim.cli.errors import one_line

    escaped = one_line(text)
    assert escaped.isprintable()
    assert escaped.encode().decode("unicode_escape") == text
    assert one_line("équilibre") == "équilibre"
