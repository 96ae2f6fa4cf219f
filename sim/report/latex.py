"""LaTeX tables for papers, in the booktabs style (render only).

- :func:`bimatrix_latex`: a stage game as the usual bimatrix, the row player's payoff first
  in each cell, pure equilibria optionally marked;
- :func:`records_latex`: any table of labelled records (a tournament table, a sweep
  summary, an equilibrium list) as a ``tabular`` with ``\\toprule``, ``\\midrule`` and
  ``\\bottomrule`` (Fear 2020, *Publication quality tables in LaTeX*, the booktabs manual).

Text is escaped for LaTeX; numbers are printed with ``digits`` significant digits, exact
rationals as ``\\frac{p}{q}``. The output needs ``\\usepackage{booktabs}`` only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped."""
    return "".join(_ESCAPES.get(c, c) for c in str(text))


def number(value, digits: int = 4) -> str:
    """A number as LaTeX math content: ``p/q`` as ``\\frac{p}{q}``, floats in ``%g`` form."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite number {value} in a table")
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return text


def bimatrix_latex(
    players: tuple[str, str],
    actions: tuple[Sequence[str], Sequence[str]],
    row_payoffs,
    col_payoffs,
    *,
    caption: str | None = None,
    label: str | None = None,
    marked: Sequence[tuple[int, int]] = (),
    digits: int = 4,
) -> str:
    """The bimatrix ``(A, B)`` as a booktabs table; cells in ``marked`` are set in bold.

    Each cell reads ``a_ij, b_ij``; the row player's name heads the rows, the column
    player's the columns.
    """
    m, n = len(actions[0]), len(actions[1])
    marked = set(marked)
    head = " & ".join(escape(a) for a in actions[1])
    lines = [
        r"\begin{tabular}{l" + "c" * n + "}",
        r"\toprule",
        rf" & \multicolumn{{{n}}}{{c}}{{{escape(players[1])}}} \\",
        rf"\cmidrule(lr){{2-{n + 1}}}",
        rf"{escape(players[0])} & {head} \\",
        r"\midrule",
    ]
    for i in range(m):
        cells = []
        for j in range(n):
            pair = f"{number(row_payoffs[i][j], digits)},\\ {number(col_payoffs[i][j], digits)}"
            cells.append(rf"$\mathbf{{{pair}}}$" if (i, j) in marked else f"${pair}$")
        lines.append(rf"{escape(actions[0][i])} & " + " & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return _float_table(lines, caption, label)


def records_latex(
    records: Sequence[dict],
    columns: Sequence[str] | None = None,
    *,
    headers: dict[str, str] | None = None,
    caption: str | None = None,
    label: str | None = None,
    digits: int = 4,
) -> str:
    """A list of records with the same keys as a booktabs table, numbers right-aligned.

    An estimate ``{"mean", "se", "ci95"}`` is shown as ``mean \\pm 1.96 se``.
    """
    if not records:
        raise ValueError("no rows to tabulate")
    columns = list(columns or records[0])
    headers = headers or {}
    numeric = [all(_is_number(r.get(c)) for r in records) for c in columns]
    spec = "".join("r" if is_number else "l" for is_number in numeric)
    lines = [
        rf"\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        " & ".join(escape(headers.get(c, c)) for c in columns) + r" \\",
        r"\midrule",
    ]
    for record in records:
        lines.append(" & ".join(_cell(record.get(c), digits) for c in columns) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return _float_table(lines, caption, label)


def _is_number(value) -> bool:
    if isinstance(value, dict):
        return "mean" in value
    return isinstance(value, int | float | Fraction) and not isinstance(value, bool)


def _cell(value, digits: int) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "mean" in value:
        half = value["ci95"][1] - value["mean"] if "ci95" in value else 1.959964 * value["se"]
        return f"${number(value['mean'], digits)} \\pm {number(half, 2)}$"
    if isinstance(value, bool) or not _is_number(value):
        return escape(value if not isinstance(value, bool) else ("yes" if value else "no"))
    return f"${number(value, digits)}$"


def _float_table(lines: list[str], caption: str | None, label: str | None) -> str:
    if caption is None and label is None:
        return "\n".join(lines) + "\n"
    out = [r"\begin{table}[htbp]", r"\centering"]
    if caption is not None:
        out.append(rf"\caption{{{escape(caption)}}}")
    if label is not None:
        out.append(rf"\label{{{label}}}")
    return "\n".join([*out, *lines, r"\end{table}"]) + "\n"
