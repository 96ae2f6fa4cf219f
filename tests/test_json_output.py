"""docs/json-output.md documents the JSON of every command, checked against the results.

Each section of the page (a heading naming a command) has a table whose first column names
keys: ``key`` at the top level, ``parent.key`` inside an object, ``list[].key`` inside the
records of a list. For each section the test builds sample outputs from the result types'
``to_dict()`` (several where keys are optional: a single run, exact mode, a sampled table)
and checks that

- every documented key occurs in at least one sample, and
- every top-level key of every sample, and every field of every documented list of
  records, is documented.

The commands without a result type of their own (``sweep``, ``validate``, ``scenarios``)
and those that read a sweep's folder (``sensitivity``, ``where``) are checked on their
printed output. Every command with a ``--json`` option must have a section.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIOS

PAGE = ROOT / "docs" / "json-output.md"
HEADING = re.compile(r"^#{2,3} (.*)$", re.MULTILINE)
KEY = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*(?:\[\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\])?)*)`")
POOL = ["tit_for_tat", "always_defect", "grim_trigger"]


def documented_sections(text: str) -> dict[str, set[str]]:
    """Heading -> the keys in the first column of its table."""
    sections: dict[str, set[str]] = {}
    parts = HEADING.split(text)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        keys = set()
        for line in body.splitlines():
            cells = line.split("|")
            if len(cells) > 3 and line.startswith("|") and not set(cells[1]) <= set(" -"):
                keys |= set(KEY.findall(cells[1]))
        keys.discard("key")
        if keys:
            sections[heading.strip()] = keys
    return sections


def present(data, path: str) -> bool:
    """Whether ``path`` (``a.b``, ``a[].b``) occurs in ``data``; a list matches if any
    of its records has the rest of the path."""
    head, _, rest = path.partition(".")
    in_list = head.endswith("[]")
    name = head.removesuffix("[]")
    if not isinstance(data, dict) or name not in data:
        return False
    value = data[name]
    if in_list:
        if not isinstance(value, list):
            return False
        return not rest or any(present(item, rest) for item in value)
    return not rest or present(value, rest)


def record_fields(data, path: str) -> set[str]:
    """Fields of every record of the list at ``path`` (``a[]``, ``a.b[]``)."""
    value = data
    for part in path.removesuffix("[]").split("."):
        value = value.get(part.removesuffix("[]"), {}) if isinstance(value, dict) else {}
    fields: set[str] = set()
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            fields |= set(item)
    return fields


def load_scenario(name: str):
    from sim.compile.check import load

    return load(SCENARIOS / name)


def stage_samples():
    from sim.equilibria.stage import scenario_stage_analysis

    return [
        scenario_stage_analysis(load_scenario("inf_treaty.toml")).to_dict(),
        scenario_stage_analysis(load_scenario("stag_hunt.toml")).to_dict(),
        scenario_stage_analysis(load_scenario("inspection.toml"), exact=True).to_dict(),
    ]


def play_samples():
    from sim.play.analysis import play_analysis

    inf = load_scenario("inf_treaty.toml")
    return [
        play_analysis(inf, rounds=12, runs=40, seed=1).to_dict(),
        play_analysis(inf, rounds=12, runs=1, seed=1).to_dict(),
    ]


def check_samples():
    from sim.play.profile_check import profile_check

    return [profile_check(load_scenario("prisoners_dilemma.toml")).to_dict()]


def tournament_samples():
    from sim.evolution.tournament import tournament

    pd = load_scenario("prisoners_dilemma.toml")
    return [
        tournament(pd, POOL, POOL).to_dict(),
        tournament(pd, POOL[:2], POOL[1:], "monte_carlo").to_dict(),
    ]


def evolve_samples(*dynamics: str):
    from sim.evolution.dynamics import evolve

    pd = load_scenario("prisoners_dilemma.toml")
    return [evolve(pd, d, POOL, POOL).to_dict() for d in dynamics]


def run_samples():
    import tempfile

    from sim.analysis.scenario import analyse_scenario
    from sim.compile.check import load

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pd.toml"
        pool = ", ".join(f'"{name}"' for name in POOL)
        text = (SCENARIOS / "prisoners_dilemma.toml").read_text(encoding="utf-8")
        path.write_text(text + f"\n[tournament]\nrounds = 20\npool = [{pool}]\n")
        return [analyse_scenario(load(path)).to_dict()]


def strategies_samples():
    from sim.play.strategy_list import strategy_listing

    return [strategy_listing(), strategy_listing(load_scenario("inf_treaty.toml"))]


PROFILES = """
[[infer.profiles]]
label = "follow suit"
row = "follow_suit"
col = "follow_suit"

[[infer.profiles]]
label = "always comply"
row = "always_comply"
col = "always_comply"
"""


def infer_samples():
    """A toy record: two profiles on a grid (with the comparison and --mle), and no
    parameter to estimate (the likelihood at the scenario's values only)."""
    import tempfile

    from sim.infer.analysis import infer_record
    from sim.scenario.events import load_events
    from tests.infer.test_infer_cli import RECORD

    inf = load_scenario("inf_treaty.toml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(RECORD + PROFILES, encoding="utf-8")
        events = load_events(path)
    return [
        infer_record(inf, events, nodes=5, mle=True).to_dict(),
        infer_record(inf, events, names=()).to_dict(),
    ]


def printed(run_cli, *args) -> list[dict]:
    status, out, err = run_cli(*args, "--json")
    if status == 2 and "--json" in err:
        pytest.skip(f"{args[0]} has no --json yet")
    assert status in (0, 2), err
    return [json.loads(out)]


def sweep_samples(run_cli, tmp_path: Path):
    sweep = tmp_path / "tiny.toml"
    sweep.write_text(
        f'name = "tiny"\nscenario = "{SCENARIOS / "prisoners_dilemma.toml"}"\ndesign = "grid"\n'
        'outcomes = ["regime"]\n[parameters]\nT = { values = [4.0, 6.0] }\n'
    )
    return printed(run_cli, "sweep", sweep, "--out", tmp_path / "out", "--workers", "1")


def validate_samples(run_cli, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[metadata]\n")
    return printed(run_cli, "validate", SCENARIOS / "chicken.toml", bad)


def scenarios_samples(run_cli, tmp_path: Path):
    return printed(run_cli, "scenarios")


def design_sweep(run_cli, tmp_path: Path, design: str) -> Path:
    """A small sweep of the prisoner's dilemma over two payoffs on ``design``."""
    sweep = tmp_path / f"{design}.toml"
    sweep.write_text(
        f'name = "{design}"\nscenario = "{SCENARIOS / "prisoners_dilemma.toml"}"\n'
        f'design = "{design}"\npoints = 8\nseed = 4\noutcomes = ["equilibrium_payoffs"]\n'
        "[parameters]\nT = { start = 3.5, stop = 6.5 }\nP = { start = 0.5, stop = 2.5 }\n"
    )
    status, _, err = run_cli("sweep", sweep, "--out", tmp_path, "--workers", "1", "--quiet")
    assert status == 0, err
    return tmp_path / design


def sensitivity_samples(run_cli, tmp_path: Path):
    args = ("--outcome", "eq_row_payoff", "--resamples", "20", "--no-figure")
    return [
        sample
        for d in ("saltelli", "morris")
        for sample in printed(run_cli, "sensitivity", design_sweep(run_cli, tmp_path, d), *args)
    ]


def where_samples(run_cli, tmp_path: Path):
    folder = design_sweep(run_cli, tmp_path, "saltelli")
    return printed(run_cli, "where", folder, "eq_row_payoff > 1.5", "--no-figure")


SAMPLES = {
    "`stabsim solve --json`": stage_samples,
    "`stabsim play --json`": play_samples,
    "`stabsim check --json`": check_samples,
    "`stabsim tournament --json`": tournament_samples,
    "`--dynamics replicator`": lambda: evolve_samples("replicator"),
    "`--dynamics moran`": lambda: evolve_samples("moran"),
    "`--dynamics fictitious` and `--dynamics logit`": lambda: evolve_samples("fictitious", "logit"),
    "`stabsim run --json` and `report.json`": run_samples,
    "`stabsim infer --json`": infer_samples,
    "`stabsim strategies --json`": strategies_samples,
}
PRINTED = {
    "`stabsim sweep --json`": sweep_samples,
    "`stabsim validate --json`": validate_samples,
    "`stabsim scenarios --json`": scenarios_samples,
    "`stabsim sensitivity --json`": sensitivity_samples,
    "`stabsim where --json`": where_samples,
}


def test_the_page_has_a_section_for_every_command():
    sections = documented_sections(PAGE.read_text(encoding="utf-8"))
    assert set(sections) == set(SAMPLES) | set(PRINTED)


def test_every_command_with_json_output_has_a_section():
    from typer.main import get_command

    from sim.cli import app

    commands = get_command(app).commands
    with_json = {n for n, c in commands.items() if any("--json" in p.opts for p in c.params)}
    headings = set(HEADING.findall(PAGE.read_text(encoding="utf-8")))
    missing = sorted(n for n in with_json if f"`stabsim {n} --json`" not in " ".join(headings))
    assert with_json and missing == []


def check_section(keys: set[str], samples: list[dict]) -> None:
    missing = sorted(k for k in keys if not any(present(s, k) for s in samples))
    assert missing == [], f"documented but not in the output: {missing}"
    for sample in samples:
        undocumented = sorted(set(sample) - {k.split(".")[0].removesuffix("[]") for k in keys})
        assert undocumented == [], f"in the output but not documented: {undocumented}"
    lists = {k.rsplit(".", 1)[0] for k in keys if "[]." in k}
    for path in lists:
        documented = {k[len(path) + 1 :] for k in keys if k.startswith(path + ".")}
        fields = set().union(*(record_fields(s, path) for s in samples))
        assert fields <= documented, f"{path}: undocumented fields {sorted(fields - documented)}"


@pytest.mark.parametrize("heading", sorted(SAMPLES))
def test_documented_keys_match_the_result_types(heading):
    keys = documented_sections(PAGE.read_text(encoding="utf-8"))[heading]
    check_section(keys, SAMPLES[heading]())


SWEEPS_FIRST = {"`stabsim sensitivity --json`", "`stabsim where --json`"}
"""Sections whose samples run a sweep first (seconds each)."""


@pytest.mark.parametrize(
    "heading",
    [pytest.param(h, marks=pytest.mark.slow) if h in SWEEPS_FIRST else h for h in sorted(PRINTED)],
)
def test_documented_keys_match_the_printed_output(heading, run_cli, tmp_path):
    keys = documented_sections(PAGE.read_text(encoding="utf-8"))[heading]
    check_section(keys, PRINTED[heading](run_cli, tmp_path))


def test_the_check_finds_an_undocumented_and_a_missing_key():
    sample = {"method": "m", "table": [{"row": 1, "extra": 2}]}
    with pytest.raises(AssertionError, match="not documented"):
        check_section({"table", "table[].row", "table[].extra"}, [sample | {"new": 1}])
    with pytest.raises(AssertionError, match="not in the output"):
        check_section({"method", "table", "table[].row", "gone"}, [sample])
    with pytest.raises(AssertionError, match="undocumented fields"):
        check_section({"method", "table", "table[].row"}, [sample])


def test_estimates_have_one_form_everywhere():
    # every mapping with a "mean" is an estimate {mean, se, ci95}
    def estimates(value):
        if isinstance(value, dict):
            if "mean" in value:
                yield value
            for item in value.values():
                yield from estimates(item)
        elif isinstance(value, list):
            for item in value:
                yield from estimates(item)

    outputs = [*play_samples(), *tournament_samples(), *evolve_samples("moran")]
    found = [e for output in outputs for e in estimates(output)]
    assert found and all(set(e) == {"mean", "se", "ci95"} for e in found)
    for e in found:
        if e["ci95"] is not None:
            low, high = e["ci95"]
            assert low <= e["mean"] <= high
