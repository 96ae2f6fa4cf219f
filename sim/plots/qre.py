"""The logit quantal response equilibrium path: probabilities against lambda.

Along the principal branch of the logit QRE (McKelvey and Palfrey 1995), play starts at
uniform randomisation at ``lambda = 0`` and approaches a Nash equilibrium as
``lambda -> infinity``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure


def qre_path_figure(
    lambdas: np.ndarray,
    row_probabilities: np.ndarray,
    col_probabilities: np.ndarray,
    actions: tuple[Sequence[str], Sequence[str]],
    players: tuple[str, str] = ("row", "column"),
    limit: tuple[np.ndarray, np.ndarray] | None = None,
    title: str | None = None,
    width: str | float = "two",
    log_scale: bool | None = None,
):
    """Draw each player's action probabilities along the QRE path.

    Parameters
    ----------
    lambdas
        Precision values, shape ``(L,)``, increasing.
    row_probabilities, col_probabilities
        Shapes ``(L, m)`` and ``(L, n)``: each player's mixed strategy at each ``lambda``.
    actions, players
        Action names of both players, and the players' names.
    limit
        Optional Nash equilibrium ``(p, q)`` the path approaches, marked at the right edge.
    title, width
        Figure title and width (``"one"``, ``"two"`` or inches).
    log_scale
        Logarithmic lambda axis (points at ``lambda = 0`` are then left out); by default when
        the positive lambdas span more than two decades.

    Returns
    -------
    matplotlib.figure.Figure
    """
    lambdas = np.asarray(lambdas, dtype=float)
    paths = (np.asarray(row_probabilities, float), np.asarray(col_probabilities, float))
    positive = lambdas > 0
    if log_scale is None:
        smallest = lambdas[positive].min() if positive.any() else 0.0
        log_scale = bool(smallest > 0 and lambdas.max() / smallest > 100)
    if log_scale:
        lambdas, paths = lambdas[positive], (paths[0][positive], paths[1][positive])
    with figure_style():
        inches = figure_width(width)
        stacked = inches < 5
        figure = new_figure(inches, 3.4 if stacked else 2.2)
        shape = (2, 1) if stacked else (1, 2)
        axes = figure.subplots(*shape, sharex=True, sharey=True).ravel()
        names = list(dict.fromkeys([*actions[0], *actions[1]]))
        colours = {name: OKABE_ITO[k % len(OKABE_ITO)] for k, name in enumerate(names)}
        for side, ax in enumerate(axes):
            for k, action in enumerate(actions[side]):
                (line,) = ax.plot(lambdas, paths[side][:, k], color=colours[action], label=action)
                line.set_gid(f"qre:{side}:{action}")
                if limit is not None:
                    ax.plot([lambdas[-1]], [limit[side][k]], marker="o", color=colours[action],
                            clip_on=False, markersize=3, gid=f"limit:{side}:{action}")  # fmt: skip
            ax.set_title(players[side])
            ax.set_ylim(-0.02, 1.02)
            ax.set_xlim(lambdas[0], lambdas[-1])
            if log_scale:
                ax.set_xscale("log")
            ax.legend(loc="best")
        axes[-1].set_xlabel("precision \N{GREEK SMALL LETTER LAMDA}")
        if not stacked:
            axes[0].set_xlabel("precision \N{GREEK SMALL LETTER LAMDA}")
        for ax in axes if stacked else axes[:1]:
            ax.set_ylabel("probability")
        if title:
            add_title(figure, title, inches)
    return figure
