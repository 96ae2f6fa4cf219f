"""Figures for papers: stabsim's style and one function per kind of figure.

Every figure function takes plain data (numpy arrays, dicts, pandas tables) and labels and
returns a :class:`matplotlib.figure.Figure` created without pyplot, under stabsim's style
(:mod:`sim.plots.style`), which is never applied globally. Names are imported on first use
so that ``import sim.plots`` does not import matplotlib.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "payoff_matrix_figure": "sim.plots.payoff_matrix",
    "play_figure": "sim.plots.play",
    "regime_map_figure": "sim.plots.regimes",
    "outcome_heatmap_figure": "sim.plots.heatmap",
    "table_heatmap_figure": "sim.plots.table",
    "qre_path_figure": "sim.plots.qre",
    "replicator_figure": "sim.plots.evolution",
    "moran_figure": "sim.plots.evolution",
    "payoff_set_figure": "sim.plots.payoff_set",
    "hidden_action_figure": "sim.plots.infer",
    "posterior_grid_figure": "sim.plots.infer",
    "profile_posterior_figure": "sim.plots.infer",
    "figure_style": "sim.plots.style",
    "save_figure": "sim.plots.style",
    "ONE_COLUMN": "sim.plots.style",
    "TWO_COLUMN": "sim.plots.style",
    "write_default_figures": "sim.plots.defaults",
    "write_figures": "sim.plots.defaults",
    "result_notes": "sim.plots.defaults",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module 'sim.plots' has no attribute {name!r}")
    value = getattr(importlib.import_module(_NAMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])
