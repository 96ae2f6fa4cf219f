"""Figures of inference from a record: hidden actions per round, parameter posteriors, profiles.

Render only: every function takes arrays computed by :mod:`sim.infer` and draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure


def hidden_action_figure(
    labels: Sequence,
    series: Mapping[str, Mapping[str, np.ndarray]],
    marks: Sequence[tuple[int, str]] = (),
    ylabel: str = "P(violating)",
    title: str | None = None,
    width: str | float = "two",
):
    """Per round, the posterior probability of a hidden action under each profile.

    Parameters
    ----------
    labels
        Round labels (tick text), ``T`` of them.
    series
        ``{profile: {"smoothed": (T,), "filtered": (T,)}}``: given the whole record (solid)
        and given the record up to the round (dashed).
    marks
        ``(round index, text)`` of events drawn as thin vertical lines.
    """
    rounds = np.arange(len(labels))
    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, 3.4)
        ax = figure.subplots()
        for k, (profile, curves) in enumerate(series.items()):
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            ax.plot(rounds, curves["smoothed"], color=colour, label=profile, zorder=3)
            if curves.get("filtered") is not None:
                ax.plot(rounds, curves["filtered"], color=colour, linewidth=0.7, linestyle="--")
        for index, text in marks:
            ax.axvline(index, color="0.6", linewidth=0.5, zorder=1)
            ax.text(index, 1.04, text, rotation=90, fontsize=6, ha="center", va="bottom",
                    transform=ax.get_xaxis_transform())  # fmt: skip
        step = max(1, len(labels) // 12)
        ax.set_xticks(rounds[::step], [str(x) for x in labels][::step], rotation=45, ha="right")
        ax.set_xlim(rounds[0], rounds[-1])
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel(ylabel)
        legend = "solid: given the whole record; dashed: given the record so far"
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, fontsize=6,
                  title=legend)  # fmt: skip
        if title:
            add_title(figure, title, inches)
    return figure


def posterior_grid_figure(
    x: np.ndarray,
    y: np.ndarray,
    weights: Mapping[str, np.ndarray],
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    width: str | float = "two",
):
    """Posterior weights on a 2-parameter grid, one panel per profile (``weights[p]``: (x, y))."""
    with figure_style():
        inches = figure_width(width)
        count = len(weights)
        columns = min(count, 3)
        rows = -(-count // columns)
        figure = new_figure(inches, 2.0 * rows + 0.4)
        axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).ravel()
        for ax, (profile, w) in zip(axes, weights.items(), strict=False):
            shown = w / w.max() if w.max() > 0 else w
            ax.pcolormesh(x, y, shown.T, shading="nearest", cmap="viridis", vmin=0, vmax=1)
            ax.set_title(profile, fontsize=7)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
        for ax in axes[count:]:
            ax.set_visible(False)
        if title:
            add_title(figure, title, inches)
    return figure


def profile_posterior_figure(
    labels: Sequence[str],
    log_evidence: np.ndarray,
    errors: np.ndarray,
    title: str | None = None,
    width: str | float = "one",
):
    """Log marginal likelihood of each profile relative to the best, with its error bar."""
    z = np.asarray(log_evidence, dtype=float)
    finite = np.isfinite(z)
    relative = np.where(finite, z - (z[finite].max() if finite.any() else 0.0), np.nan)
    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, 0.35 * len(labels) + 0.9)
        ax = figure.subplots()
        positions = np.arange(len(labels))
        ax.barh(positions, relative, xerr=errors, color=OKABE_ITO[0])
        ax.set_yticks(positions, labels, fontsize=6)
        ax.invert_yaxis()
        ax.set_xlabel("log Bayes factor against the best profile")
        for p in positions[~finite]:
            ax.text(0, p, " impossible", va="center", fontsize=6)
        if title:
            add_title(figure, title, inches)
    return figure
