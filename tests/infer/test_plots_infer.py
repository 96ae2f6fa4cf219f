"""Figures of inference: they draw what they are given."""

from __future__ import annotations

import numpy as np

from sim.plots import hidden_action_figure, posterior_grid_figure, profile_posterior_figure


def test_hidden_action_figure_draws_one_line_per_curve():
    labels = [f"2014-{m:02d}" for m in range(1, 13)]
    series = {"a": {"smoothed": np.linspace(0, 1, 12), "filtered": np.linspace(0, 0.5, 12)},
              "b": {"smoothed": np.full(12, 0.2), "filtered": None}}  # fmt: skip
    figure = hidden_action_figure(labels, series, [(6, "report")])
    lines = figure.axes[0].get_lines()
    plotted = [line for line in lines if len(line.get_xdata()) == 12]
    assert len(plotted) == 3
    np.testing.assert_array_equal(plotted[0].get_ydata(), series["a"]["smoothed"])


def test_posterior_grid_and_profile_figures():
    x, y = np.linspace(0, 1, 5), np.linspace(0, 0.5, 4)
    weights = {"p": np.outer(np.arange(5), np.arange(4)).astype(float), "q": np.ones((5, 4))}
    figure = posterior_grid_figure(x, y, weights, "detect", "false_alarm")
    assert sum(ax.get_visible() for ax in figure.axes) == 2
    figure = profile_posterior_figure(["p", "q", "r"], np.array([-3.0, -1.0, -np.inf]),
                                      np.array([0.1, 0.1, 0.0]))  # fmt: skip
    widths = [patch.get_width() for patch in figure.axes[0].patches]
    assert widths[:2] == [-2.0, 0.0] and np.isnan(widths[2])
