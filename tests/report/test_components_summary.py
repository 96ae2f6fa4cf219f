"""Many equilibria are summarised by component in the text, with the caps respected."""

from __future__ import annotations

from sim.report.components import COMPONENTS_SHOWN, POINTS_SHOWN, SUMMARY_AT
from sim.report.stage import _equilibria_markdown


def _section(sizes):
    equilibria, components, start = [], [], 0
    for size in sizes:
        members = list(range(start, start + size))
        start += size
        components.append(
            {"equilibria": members, "nash_subsets": [len(components)],
             "payoff_range": [[1.0, 2.0], [0.0, 0.5]]}
        )  # fmt: skip
    for _ in range(start):
        equilibria.append({"strategies": [[1.0, 0.0], [0.0, 1.0]], "payoffs": [1.0, 0.0]})
    return {
        "players": ["US", "Russia"],
        "actions": [["comply", "violate"], ["comply", "violate"]],
        "equilibria": equilibria,
        "degenerate": True,
        "components": [c["equilibria"] for c in components],
        "connected_components": components,
    }


def test_many_equilibria_are_summarised_by_component():
    sizes = [20] + [1] * (COMPONENTS_SHOWN + 3)
    text = "\n".join(_equilibria_markdown(_section(sizes)))
    total = sum(sizes)
    assert f"{total} extreme equilibria in {len(sizes)} connected components" in text
    assert text.count("- component ") == COMPONENTS_SHOWN
    assert f"and {20 - POINTS_SHOWN} more" in text
    rest = len(sizes) - COMPONENTS_SHOWN  # single points, one equilibrium each
    assert f"- and {rest} more components ({rest} extreme equilibria)" in text
    assert "payoffs US 1 to 2, Russia 0 to 0.5" in text
    assert "| #" not in text  # no full table
    assert len(text.splitlines()) < 20


def test_few_equilibria_keep_the_full_table():
    text = "\n".join(_equilibria_markdown(_section([2] * (SUMMARY_AT // 2))))
    assert "connected components" not in text
    assert text.count("comply") >= SUMMARY_AT
