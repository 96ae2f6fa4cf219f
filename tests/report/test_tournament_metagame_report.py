"""The meta-game in the tournament text: shares that add up to 1, long lists summarised, an
incomplete list and the payoffs' basis said in words."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from sim.evolution.metagame import MetaGame
from sim.evolution.tournament import analyse_table
from sim.report.tournament import tournament_markdown
from sim.report.tournament_metagame import LISTED, metagame_markdown, rounded_shares


def test_rounded_shares_add_up_to_one_exactly():
    cases = [[0.999587, 0.000413], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.25, 0.25], [1.0, 0.0],
             [0.1234567, 0.2345678, 0.6419755], [1 / 7] * 7]  # fmt: skip
    for shares in cases:
        labels = rounded_shares(shares)
        total = sum(Fraction(label) for label in labels)
        assert total == 1, (shares, labels)
        for share, label in zip(shares, labels, strict=True):
            if share > 1e-6:
                assert Fraction(label) > 0 and abs(float(label) - share) < 1e-3
    # The smallest share is shown, not rounded away: 0.99959 and 0.00041.
    assert rounded_shares([0.999587, 0.000413]) == ["0.99959", "0.00041"]


def _constant_meta(size: int, exact: bool) -> MetaGame:
    """A table where every profile is an equilibrium: ``size**2`` pure extreme ones."""
    names = tuple(f"s{k}" for k in range(size))
    zeros = np.zeros((size, size))
    table = tuple(tuple(Fraction(0) for _ in names) for _ in names)
    return MetaGame(names, names, zeros, zeros, exact=(table, table) if exact else None,
                    error=0.0)  # fmt: skip


def test_a_long_list_of_equilibria_is_summarised():
    data = analyse_table(_constant_meta(6, exact=True), 1.0, "exact").to_dict()
    assert len(data["equilibria"]) == 36 > LISTED
    text = "\n".join(metagame_markdown(data))
    assert "Nash equilibria (36)" in text and "the full list is in the JSON output" in text
    shown = {int(line.split("|")[1]) for line in text.splitlines() if line.startswith("| ")
             and line.split("|")[1].strip().isdigit()}  # fmt: skip
    picked = {k + 1 for ks in data["highlights"].values() for k in ks}
    assert shown == picked and 0 < len(shown) <= 6
    assert len(tournament_markdown(data).splitlines()) < 120
    assert "payoffs exact" in text


def test_an_incomplete_list_says_so_in_the_text():
    data = analyse_table(_constant_meta(3, exact=False), 1.0, "exact").to_dict()
    data["complete"] = False
    data["certificate"] = "basis search: cut short by the time budget"
    text = tournament_markdown(data)
    assert "This list may be incomplete: basis search: cut short by the time budget." in text
    assert "The list may be incomplete." in text  # the summary at the top says it too


def test_estimated_payoffs_make_the_list_conditional():
    names = ("a", "b")
    meta = MetaGame(names, names, [[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]],
                    row_se=np.full((2, 2), 0.1), col_se=np.full((2, 2), 0.1))  # fmt: skip
    data = analyse_table(meta, 1.0, "monte_carlo", {"runs": 100, "seed": 1}).to_dict()
    assert data["payoffs"]["basis"] == "estimated" and data["payoffs"]["conditional"]
    assert "conditional on the estimates" in data["certificate"]
    assert "conditional on the estimates" in tournament_markdown(data)
