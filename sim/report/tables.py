"""Small text helpers shared by the report sections: number format, Markdown tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sim.tolerance import SUPPORT_CUT


def as_data(result) -> Mapping[str, Any]:
    """A result object's JSON-ready data (``to_dict()``); a mapping is taken as it is."""
    return result if isinstance(result, Mapping) else result.to_dict()


def fmt(value: float, digits: int = 4) -> str:
    """A number with at most ``digits`` significant digits, integers without a point."""
    value = float(value)
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.{digits}g}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; the first column left-aligned, the others right."""
    align = [":--"] + ["--:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def mixture(
    names: Sequence[str],
    probabilities: Sequence[float],
    labels: Sequence[str] | None = None,
    digits: int = 4,
    cut: float = SUPPORT_CUT,
) -> str:
    """``comply`` for a pure strategy, ``0.25 comply + 0.75 develop`` for a mixed one.

    ``labels`` replace the printed probabilities (exact fractions, say); probabilities at
    or below ``cut`` are left out.
    """
    labels = labels or [fmt(p, digits) for p in probabilities]
    support = [
        (name, label)
        for name, p, label in zip(names, probabilities, labels, strict=True)
        if p > cut
    ]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{label} {name}" for name, label in support)


def dominating_mixture(by: dict[str, float]) -> str:
    """The dominating strategy of an elimination: ``comply`` or ``0.5 a + 0.5 b``."""
    return " + ".join(f"{fmt(w)} {a}" if w < 1 else a for a, w in by.items())
