"""Markdown of a record inference (:class:`sim.infer.analysis.RecordInference`); renders only."""

from __future__ import annotations

from sim.infer.results import describe_likelihood

HIDDEN = "violate"
"""The hidden action whose posterior the per-round table shows, when the players have it."""


def infer_markdown(result) -> str:
    """The likelihood, estimates and hidden actions of each profile, then the comparison."""
    lines = [f"# What the record `{result.record}` says", ""]
    for fit in result.fits:
        lines += _fit_lines(fit)
    if result.comparison is not None:
        lines += ["## Which profiles fit", "", "| profile | log marginal likelihood | posterior |"]
        lines += ["|---|---|---|"]
        for row in result.comparison.payload()["profiles"]:
            if not row["possible"]:
                lines.append(f"| {row['profile']} | impossible | 0 |")
                continue
            z = f"{row['log_evidence']:.4f} ± {row['log_evidence_error']:.2g}"
            lines.append(f"| {row['profile']} | {z} | {row['posterior']:.3g} |")
        lines += ["", "Equal prior odds; uniform priors on the estimated parameters' ranges.", ""]
    notes = result.assumptions.notes
    lines += ["## Assumptions", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def _fit_lines(fit) -> list[str]:
    at = fit.at_values
    lines = [f"## Profile: {fit.label}", ""]
    lines.append(
        "Log-likelihood at the scenario's values: "
        f"{describe_likelihood(at.log_likelihood, at.impossible_at)}"
    )
    grid = fit.grid
    if grid is not None:
        if not grid.possible:
            lines += ["", "The record is impossible at every grid point: no posterior.", ""]
            return lines
        lines += ["", "| parameter | posterior mean | sd | 95% interval | grid step |"]
        lines += ["|---|---|---|---|---|"]
        for name, axis in zip(grid.names, grid.axes, strict=True):
            s = grid.summary(name)
            low, high = s["ci95"]
            step = axis[1] - axis[0]
            interval = f"[{low:.3g}, {high:.3g}]"
            lines.append(f"| {name} | {s['mean']:.4g} | {s['sd']:.3g} | {interval} | {step:.3g} |")
        error = grid.log_evidence_error
        lines += ["", f"Log marginal likelihood: {grid.log_evidence:.5g} ± {error:.2g}", ""]
    if fit.mle is not None:
        lines += _mle_lines(fit.mle)
    if fit.mcmc is not None:
        lines += _mcmc_lines(fit.mcmc)
    shown = fit.averaged if fit.averaged is not None else at
    if shown.possible:
        lines += _hidden_lines(shown, fit.averaged is not None)
    return lines


def _mcmc_lines(mcmc) -> list[str]:
    lines = [
        "",
        "| parameter | posterior mean (MCMC error) | sd | 95% interval |",
        "|---|---|---|---|",
    ]
    for name in mcmc.names:
        s = mcmc.summary(name)
        low, high = s["ci95"]
        mean = f"{s['mean']['mean']:.4g} ± {s['mean']['se']:.2g}"
        lines.append(f"| {name} | {mean} | {s['sd']:.3g} | [{low:.3g}, {high:.3g}] |")
    note = (
        "" if mcmc.reliable else " (chain shorter than 50 autocorrelation times: errors are rough)"
    )
    return [*lines, "", f"{len(mcmc.samples)} MCMC draws{note}; no marginal likelihood.", ""]


def _mle_lines(mle) -> list[str]:
    payload = mle.payload()
    if not payload["possible"]:
        return ["Maximum likelihood: the record is impossible at every start.", ""]
    lines = [f"Maximum likelihood (log L = {mle.log_likelihood:.6g}):", ""]
    for name, entry in payload["estimates"].items():
        if entry.get("se") is None:
            lines.append(f"- {name} = {entry['mean']:.4g} ({entry['note']})")
        else:
            low, high = entry["ci95"]
            lines.append(
                f"- {name} = {entry['mean']:.4g} ± {entry['se']:.2g} [{low:.3g}, {high:.3g}]"
            )
    return [*lines, ""]


def _hidden_lines(posterior, averaged: bool) -> list[str]:
    sides = [s for s in (0, 1) if HIDDEN in posterior.actions[s]]
    if not sides:
        return []
    given = "averaged over the parameters' posterior" if averaged else "at the scenario's values"
    names = [posterior.players[s] for s in sides]
    header = " | ".join(f"P({n} {HIDDEN}) all / so far" for n in names)
    lines = [f"Hidden {HIDDEN} per round ({given}):", "", f"| round | {header} |"]
    lines.append("|---" * (len(sides) + 1) + "|")
    for t, label in enumerate(posterior.labels):
        cells = []
        for s in sides:
            smoothed = posterior.action_probability(s, HIDDEN)[t]
            filtered = posterior.action_probability(s, HIDDEN, given="so far")[t]
            cells.append(f"{smoothed:.3f} / {filtered:.3f}")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return [*lines, ""]
