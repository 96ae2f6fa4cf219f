"""Figures of evolutionary dynamics: replicator paths and Moran fixation probabilities.

The replicator figure draws each population's shares of its strategies against time, one
panel a population (the two-population replicator dynamics ``dx_i/dt = x_i [(A y)_i -
x'A y]`` of Taylor 1979 and Hofbauer and Sigmund 1998, ch. 10); each strategy keeps one
colour and dash pattern in both panels. The Moran figure is the table of ``N rho[k, r]``,
the fixation probability ``rho = 1 / (1 + sum_k prod_i g_i / f_i)`` of one mutant ``k``
among ``N - 1`` residents ``r`` (Nowak, Sasaki, Taylor and Fudenberg 2004, Nature 428,
646-650) in units of the neutral ``1 / N``: above 1, selection favours the mutant, and
those cells are outlined. Both are drawn from the
numbers a result carries (:class:`~sim.evolution.dynamics_results.ReplicatorAnalysis`,
:class:`~sim.evolution.dynamics_results.MoranAnalysis`); nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure

SHARE_GID = "share"
"""``gid`` prefix of the share lines: ``share:SIDE:STRATEGY``."""
DASHES = ("-", "--", ":", "-.")


def replicator_figure(
    times: np.ndarray,
    row_shares: np.ndarray,
    col_shares: np.ndarray,
    row_names: Sequence[str],
    col_names: Sequence[str],
    players: tuple[str, str] = ("row", "column"),
    title: str | None = None,
    width: str | float = "two",
):
    """Draw the shares of each population's strategies along a replicator path.

    Parameters
    ----------
    times
        Shape ``(T,)``.
    row_shares, col_shares
        Shapes ``(T, m)`` and ``(T, n)``: the shares at each time.
    row_names, col_names
        The strategies of each pool.
    players, title, width
        The populations' names, the figure's title, its width (``"one"``, ``"two"``,
        inches; one column stacks the panels).

    Returns
    -------
    matplotlib.figure.Figure
    """
    times = np.asarray(times, dtype=float)
    sides = [(np.asarray(row_shares, float), list(row_names)),
             (np.asarray(col_shares, float), list(col_names))]  # fmt: skip
    styles = _styles([*row_names, *col_names])
    with figure_style():
        inches = figure_width(width)
        wide = inches >= 5
        figure = new_figure(inches, 2.6 if wide else 4.4)
        axes = figure.subplots(1 if wide else 2, 2 if wide else 1, squeeze=False, sharey=True)
        for k, (ax, (shares, names)) in enumerate(zip(axes.ravel(), sides, strict=True)):
            for j, name in enumerate(names):
                colour, dashes = styles[name]
                (line,) = ax.plot(times, shares[:, j], color=colour, linestyle=dashes,
                                  label=name)  # fmt: skip
                line.set_gid(f"{SHARE_GID}:{k}:{name}")
            ax.set_title(f"{players[k]}: shares of the pool")
            ax.set_xlabel("time (replicator dynamics)")
            ax.set_ylim(-0.02, 1.02)
            ax.set_xlim(times.min(), times.max())
            ax.legend(loc="best", fontsize=6.5)
        axes.ravel()[0].set_ylabel("share")
        if title:
            add_title(figure, title, inches)
    return figure


def moran_figure(
    rho: np.ndarray,
    size: int,
    names: Sequence[str],
    title: str | None = None,
    width: str | float = "one",
):
    """Draw the fixation probabilities of single mutants as multiples of the neutral 1/N.

    Parameters
    ----------
    rho
        Shape ``(K, K)``: ``rho[k, r]``, the probability that one ``k`` mutant takes over
        a population of ``r`` residents (the diagonal is left blank).
    size
        The population size ``N``.
    names
        The ``K`` strategies.
    title, width
        The figure's title and width.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from sim.plots.table import table_heatmap_figure

    ratio = np.asarray(rho, dtype=float) * size
    np.fill_diagonal(ratio, np.nan)
    favoured = np.nan_to_num(ratio, nan=0.0) > 1.0
    return table_heatmap_figure(
        ratio, names, names, value_label=f"N\N{MIDDLE DOT}\N{GREEK SMALL LETTER RHO} "
        f"(N = {size}; 1 is neutral)", row_title="mutant", col_title="resident",
        highlight=favoured, highlight_label="mutant favoured (above 1/N)", title=title,
        width=width,
    )  # fmt: skip


def _styles(names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """One colour and dash pattern per strategy name, shared by both panels."""
    distinct = list(dict.fromkeys(names))
    return {name: (OKABE_ITO[k % len(OKABE_ITO)], DASHES[(k // len(OKABE_ITO)) % len(DASHES)])
            for k, name in enumerate(distinct)}  # fmt: skip


def dynamics_figure(result):
    """The figure of an evolution result: the replicator path of a
    :class:`~sim.evolution.dynamics_results.ReplicatorAnalysis`, the fixation table of a
    :class:`~sim.evolution.dynamics_results.MoranAnalysis`; ``None`` for other dynamics."""
    if hasattr(result, "trajectory"):
        path, meta = result.trajectory, result.meta
        return replicator_figure(path.times, path.row, path.col, meta.row_names,
                                 meta.col_names, meta.players)  # fmt: skip
    if hasattr(result, "moran"):
        return moran_figure(result.moran.rho, result.moran.population, result.names)
    return None
