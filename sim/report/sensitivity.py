"""Markdown of a sweep's sensitivity indices and of its PRIM box (render only)."""

from __future__ import annotations

from sim.results import Z95

INDEX_NAMES = {"S1": "S1", "ST": "ST", "mu_star": "mu*", "sigma": "sigma"}


def sensitivity_markdown(result) -> str:
    """A table of each parameter's indices with their 95% intervals."""
    indices = list(result.indices)
    head = ["parameter", *(INDEX_NAMES.get(i, i) for i in indices)]
    lines = [
        f"## Sensitivity of {result.outcome}",
        "",
        f"Method: {result.method}, {result.points} points, "
        f"{result.parameters['resamples']} bootstrap resamples (95% intervals).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for k, name in enumerate(result.names):
        cells = [name]
        for index in indices:
            value = result.indices[index][k]
            errors = result.errors.get(index)
            cells.append(
                f"{value:.3f}" if errors is None else f"{value:.3f} ± {Z95 * errors[k]:.3f}"
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def prim_markdown(result) -> str:
    """The PRIM box as a table of limits, with its coverage, density and mass."""
    lines = [
        f"## Where {result.condition}",
        "",
        f"PRIM box (threshold {result.parameters['threshold']}): coverage "
        f"{result.coverage:.3f} ({result.of_interest_in_box} of {result.of_interest} points of "
        f"interest), density {result.density:.3f} ({result.of_interest_in_box} of "
        f"{result.in_box} points in the box), mass {result.mass:.3f}.",
        "",
        "| parameter | lower | upper | restricted |",
        "|---|---|---|---|",
    ]
    for name, (low, high) in zip(result.names, result.limits, strict=True):
        mark = "yes" if name in result.restricted else ""
        lines.append(f"| {name} | {low:.4g} | {high:.4g} | {mark} |")
    return "\n".join(lines) + "\n"
