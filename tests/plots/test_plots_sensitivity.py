"""Sensitivity and PRIM figures: what they draw, checked on their artists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.plots.sensitivity import prim_figure, sensitivity_figure
from sim.sweep.sensitivity import SensitivityResult


def _result() -> SensitivityResult:
    return SensitivityResult(
        method="sobol-saltelli",
        outcome="survival",
        names=("detect", "sanction", "noise"),
        indices={"S1": np.array([0.5, 0.1, 0.0]), "ST": np.array([0.6, 0.2, 0.05])},
        errors={"S1": np.array([0.01, 0.02, 0.01]), "ST": np.array([0.02, 0.02, 0.01])},
        points=1024,
    )


def test_sensitivity_bars_sorted_with_intervals_and_labelled_parameters():
    figure = sensitivity_figure(_result(), labels={"detect": "detection probability"})
    ax = figure.axes[0]
    bars = [p for p in ax.patches]
    assert len(bars) == 6
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "noise",
        "sanction",
        "detection probability",
    ]
    # the widest bar is detect's total index, drawn last (top)
    widths = sorted(b.get_width() for b in bars)
    assert widths[-1] == pytest.approx(0.6)
    from matplotlib.container import BarContainer

    bar_sets = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bar_sets) == 2 and all(c.errorbar is not None for c in bar_sets)
    figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert figure.bbox.contains(legend.x0, legend.y0) and figure.bbox.contains(legend.x1, legend.y1)


# a sweep and a PRIM box (seconds)
@pytest.mark.slow
def test_prim_figure_draws_the_box_on_the_two_most_restricted_parameters():
    from sim.sweep.discovery import prim_box

    pytest.importorskip("ema_workbench")
    rng = np.random.default_rng(2)
    x = pd.DataFrame(rng.random((1500, 3)), columns=["a", "b", "c"])
    y = ((x.b > 0.5) & (x.c > 0.5)).to_numpy()
    result = prim_box(x, y, condition="b and c high")
    figure = prim_figure(result, (x, y))
    box_axes = figure.axes[1]
    assert box_axes.get_xlabel() in ("b", "c") and box_axes.get_ylabel() in ("b", "c")
    rectangle = [p for p in box_axes.patches][0]
    assert rectangle.get_width() == pytest.approx(
        np.ptp(result.limits[[1, 2]][0 if box_axes.get_xlabel() == "b" else 1])
    )
