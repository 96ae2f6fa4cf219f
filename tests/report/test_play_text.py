"""The play text states what its numbers are: plain and discounted totals of one run, and
the exact action frequencies that the JSON holds."""

from __future__ import annotations

import json
import re

from tests.conftest import SCENARIOS

PD = str(SCENARIOS / "prisoners_dilemma.toml")


def test_one_run_gives_plain_and_discounted_totals(run_cli):
    """Tit-for-tat against always-defect over 200 rounds: 199 against 204 (Axelrod 1984);
    discounted at 0.95 the column player gets 5 + sum_{t=1}^{199} 0.95^t."""
    args = ["play", PD, "--row", "tit_for_tat", "--col", "always_defect", "--runs", "1"]
    code, out, _ = run_cli(*args)
    assert code == 0
    text = " ".join(out.split())
    assert "Totals (undiscounted): Row 199, Column 204." in text
    col = 5 + sum(0.95**t for t in range(1, 200))
    row = sum(0.95**t for t in range(1, 200))
    assert f"Discounted at 0.95: Row {row:.6g}, Column {col:.6g}." in text


def test_exact_text_shows_the_action_frequencies_of_the_json(run_cli):
    code, out, _ = run_cli("play", PD, "--row", "tit_for_tat", "--col", "always_defect")
    assert code == 0
    text = " ".join(out.split())
    _, data, _ = run_cli("play", PD, "--row", "tit_for_tat", "--col", "always_defect", "--json")
    frequencies = json.loads(data)["exact"]["action_frequencies"]
    # tit-for-tat cooperates in round 0 only: 1/200 of the rounds
    assert frequencies["row"]["cooperate"] == 1 / 200
    shown = re.search(r"Action frequencies \(expected share of rounds\): (.*?)\.(?: |$)", text)
    assert shown is not None
    assert (
        shown.group(1)
        == "Row cooperate 0.50%, defect 99.50%; Column cooperate 0.00%, defect 100.00%"
    )
