"""Figures of a sweep's sensitivity indices and of its PRIM box.

- :func:`sensitivity_figure`: one horizontal bar per parameter and index, with the index's
  bootstrap 95% interval as an error bar (Sobol ``S1`` and ``ST``; Morris ``mu*`` beside
  ``sigma``; given-data ``S1``), parameters sorted by their largest index.
- :func:`prim_figure`: the peeling trajectory (coverage against density, the chosen box
  marked) beside the box drawn over the sweep's points in its two most restricted
  parameters.

Both draw from result objects only (:class:`~sim.sweep.sensitivity.SensitivityResult`,
:class:`~sim.sweep.discovery.PrimResult`) and compute nothing of their own.
"""

from __future__ import annotations

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure
from sim.results import Z95

INDEX_LABELS = {
    "S1": "first order $S_i$",
    "ST": "total $S_{Ti}$",
    "mu_star": r"$\mu^*$ (mean |elementary effect|)",
    "sigma": r"$\sigma$ (spread of effects)",
}


def sensitivity_figure(result, labels: dict[str, str] | None = None, title=None, width="one"):
    """Bars of each index per parameter, with 95% intervals where the index has one.

    Parameters
    ----------
    result
        A :class:`~sim.sweep.sensitivity.SensitivityResult`.
    labels
        Parameter name to the label shown (its description and unit), default the name.
    title, width
        Figure title and width (``"one"``, ``"two"`` or inches).
    """
    labels = labels or {}
    indices = list(result.indices)
    order = np.argsort(
        [max(result.indices[i][k] for i in indices) for k in range(len(result.names))]
    )
    names = [labels.get(result.names[k], result.names[k]) for k in order]
    with figure_style():
        inches = figure_width(width)
        height = 0.9 + 0.28 * len(names) * max(1, len(indices) / 1.5)
        figure = new_figure(inches, height)
        ax = figure.add_subplot()
        bar = 0.8 / len(indices)
        for j, index in enumerate(indices):
            values = result.indices[index][order]
            errors = result.errors.get(index)
            half = None if errors is None else Z95 * errors[order]
            position = np.arange(len(names)) + (j - (len(indices) - 1) / 2) * bar
            ax.barh(
                position,
                values,
                height=bar,
                xerr=half,
                color=OKABE_ITO[j % len(OKABE_ITO)],
                label=INDEX_LABELS.get(index, index),
                capsize=2,
                error_kw={"linewidth": 0.8},
            )
        ax.set_yticks(np.arange(len(names)), names)
        ax.axvline(0.0, color="0.3", linewidth=0.6)
        ax.set_xlabel(_axis_label(result))
        ax.legend(loc="lower right", fontsize="small", frameon=False)
        add_title(figure, title or f"Sensitivity of {result.outcome}", inches)
    return figure


def prim_figure(result, points, labels: dict[str, str] | None = None, title=None, width="two"):
    """The peeling trajectory and the box over the sweep's points.

    Parameters
    ----------
    result
        A :class:`~sim.sweep.discovery.PrimResult`.
    points
        ``(x, y)``: the DataFrame of the swept parameters and the boolean outcome of
        interest, as the box was found on.
    labels, title, width
        As for :func:`sensitivity_figure`.
    """
    labels = labels or {}
    x, y = points
    y = np.asarray(y, dtype=bool)
    with figure_style():
        inches = figure_width(width)
        figure = new_figure(inches, inches * 0.45 + 0.5)
        left, right = figure.subplots(1, 2)
        _trajectory(left, result)
        _box(right, result, x, y, labels)
        add_title(figure, title or f"Where {result.condition}: PRIM box", inches)
    return figure


def _trajectory(ax, result) -> None:
    coverage, density = result.trajectory[:, 0], result.trajectory[:, 1]
    ax.plot(coverage, density, marker="o", markersize=2.5, color=OKABE_ITO[0], linewidth=0.8)
    ax.plot(
        [result.coverage],
        [result.density],
        marker="*",
        markersize=9,
        color=OKABE_ITO[1],
        linestyle="none",
        label=f"box: coverage {result.coverage:.2f}, density {result.density:.2f}",
    )
    ax.axhline(result.parameters["threshold"], color="0.4", linewidth=0.6, linestyle="--")
    ax.set_xlabel("coverage (share of points of interest in the box)")
    ax.set_ylabel("density (share of the box's points of interest)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower left", fontsize="small", frameon=False)


def _box(ax, result, x, y, labels) -> None:
    from matplotlib.patches import Rectangle

    shown = _shown_parameters(result)
    dims = [result.names.index(n) for n in shown]
    values = x[list(shown)].to_numpy(dtype=float)
    ax.scatter(
        values[~y, 0], values[~y, 1], s=3, color="0.75", label="other points", rasterized=True
    )
    ax.scatter(
        values[y, 0], values[y, 1], s=3, color=OKABE_ITO[2], label=result.condition, rasterized=True
    )
    (x0, x1), (y0, y1) = result.limits[dims[0]], result.limits[dims[1]]
    ax.add_patch(
        Rectangle(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            fill=False,
            edgecolor=OKABE_ITO[1],
            linewidth=1.4,
            label="PRIM box",
        )
    )
    ax.set_xlabel(labels.get(shown[0], shown[0]))
    ax.set_ylabel(labels.get(shown[1], shown[1]))
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.2), fontsize="small", frameon=False, ncol=3)


def _shown_parameters(result) -> tuple[str, str]:
    """The two parameters the box narrows most (relative to their range)."""
    span = np.maximum(result.ranges[:, 1] - result.ranges[:, 0], np.finfo(float).tiny)
    kept = (result.limits[:, 1] - result.limits[:, 0]) / span
    order = np.argsort(kept, kind="stable")
    if len(order) < 2:
        raise ValueError("a PRIM figure needs at least two swept parameters")
    return result.names[order[0]], result.names[order[1]]


def _axis_label(result) -> str:
    if result.method.startswith("morris"):
        return f"effect on {result.outcome} per unit of the parameter's range"
    return f"share of the variance of {result.outcome}"
