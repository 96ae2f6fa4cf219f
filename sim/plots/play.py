"""Survival of the agreement and action frequencies over rounds of iterated play.

Monte Carlo estimates are drawn as confidence bands (and a thin mean line); the exact
curve from the Markov chain is drawn on top, so a reader sees at once whether the
simulation agrees with the exact figure. Each action has its own colour and dash pattern,
so curves that coincide (several actions never played, all at zero) stay visible, and the
legend marks an action whose curve is zero in every round.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.plots.style import OKABE_ITO, add_title, figure_style, figure_width, new_figure

Curve = Mapping[str, np.ndarray]
"""A curve over rounds: any of ``exact``, ``mean``, ``low``, ``high`` (arrays of one length)."""

DASHES = ("-", "--", ":", "-.")
"""Dash patterns of the actions in turn (solid, dashed, dotted, dash-dot)."""
NEVER = "0 throughout"
"""Legend note of an action whose curve is zero in every round."""
SURVIVAL_TITLE = "Still in force"
"""Title of the survival panel: what holds, whether a treaty or a moratorium."""
SURVIVAL_KEY = "treaty in force"
"""The survival curve's name in its artists' ``gid``."""
EXACT_GID = "exact"
BAND_GID = "band"
MEAN_GID = "mean"


def play_figure(
    rounds: np.ndarray,
    survival: Curve,
    action_frequencies: Mapping[str, Mapping[str, Curve]] | None = None,
    band_label: str = "Monte Carlo 95% band",
    title: str | None = None,
    width: str | float = "two",
    round_label: str = "round",
):
    """Draw treaty survival, and each player's action frequencies, against the round.

    Parameters
    ----------
    rounds
        Round numbers, shape ``(T,)``.
    survival
        Probability that the treaty is still in force after each round: a :data:`Curve`
        with the exact values and/or the Monte Carlo mean and band.
    action_frequencies
        ``{player: {action: Curve}}``: probability of each action in each round.
        One panel per player, beside the survival panel.
    band_label
        Legend text of the Monte Carlo band.
    title, width, round_label
        Figure title, width (``"one"``, ``"two"`` or inches), x-axis label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rounds = np.asarray(rounds)
    players = list(action_frequencies or {})
    with figure_style():
        panels = 1 + len(players)
        inches = figure_width(width)
        figure = new_figure(inches, 2.3 if inches >= 5 or panels == 1 else 1.9 * panels)
        if inches >= 5 or panels == 1:
            axes = figure.subplots(1, panels, squeeze=False, sharex=True)[0]
        else:
            axes = figure.subplots(panels, 1, squeeze=False, sharex=True)[:, 0]
        _draw_curve(axes[0], rounds, survival, ("black", "-"), SURVIVAL_KEY, band_label,
                    label="in force")  # fmt: skip
        axes[0].set_title(SURVIVAL_TITLE)
        axes[0].set_ylabel("probability")
        curves = [survival, *(c for a in (action_frequencies or {}).values() for c in a.values())]
        _legend_exact_band(axes[0], band_label, curves)
        colours = _action_colours(action_frequencies or {})
        for ax, player in zip(axes[1:], players, strict=True):
            for action, curve in action_frequencies[player].items():
                label = f"{action} ({NEVER})" if _never(curve) else action
                _draw_curve(ax, rounds, curve, colours[action], action, band_label, label)
            ax.set_title(f"{player}: actions")
            ax.legend(loc="best", title=None)
        for ax in axes:
            ax.set_ylim(-0.02, 1.02)
            ax.set_xlim(rounds.min(), rounds.max())
        for ax in axes[-1:] if inches < 5 and panels > 1 else axes:
            ax.set_xlabel(round_label)
        if title:
            add_title(figure, title, inches)
    return figure


def _action_colours(action_frequencies) -> dict[str, tuple]:
    """One colour and dash pattern per action name, the same in every player's panel."""
    names: list[str] = []
    for actions in action_frequencies.values():
        names += [a for a in actions if a not in names]
    return {name: (OKABE_ITO[k % len(OKABE_ITO)], DASHES[k % len(DASHES)])
            for k, name in enumerate(names)}  # fmt: skip


def _never(curve: Curve) -> bool:
    """Whether every value the curve has (exact, mean, band) is zero."""
    drawn = [np.asarray(v, dtype=float) for v in curve.values() if v is not None]
    return bool(drawn) and all(np.all(v == 0) for v in drawn)


def _draw_curve(ax, rounds, curve: Curve, style: tuple, key: str, band_label: str,
                label: str | None = None) -> None:  # fmt: skip
    """The band, mean and exact line of one curve, their ``gid`` ``KIND:key``."""
    colour, dashes = style
    label = key if label is None else label
    has_exact = curve.get("exact") is not None
    if curve.get("low") is not None and curve.get("high") is not None:
        band = ax.fill_between(rounds, curve["low"], curve["high"], color=colour, alpha=0.25,
                               linewidth=0, label=None if has_exact else label)  # fmt: skip
        band.set_gid(f"{BAND_GID}:{key}")
    if curve.get("mean") is not None:
        (line,) = ax.plot(rounds, curve["mean"], color=colour, linewidth=0.6, linestyle="--")
        line.set_gid(f"{MEAN_GID}:{key}")
    if has_exact:
        (line,) = ax.plot(rounds, curve["exact"], color=colour, linestyle=dashes, label=label,
                          zorder=3)  # fmt: skip
        line.set_gid(f"{EXACT_GID}:{key}")


def _legend_exact_band(ax, band_label: str, curves) -> None:
    """Legend of the line styles, naming only the kinds of curve actually drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def drawn(*keys: str) -> bool:
        return any(all(c.get(k) is not None for k in keys) for c in curves)

    handles = []
    if drawn("exact"):
        handles.append(Line2D([], [], color="black", label="exact (Markov chain)"))
    if drawn("mean"):
        handles.append(Line2D([], [], color="black", linewidth=0.6, linestyle="--",
                              label="Monte Carlo mean"))  # fmt: skip
    if drawn("low", "high"):
        handles.append(Patch(facecolor="black", alpha=0.25, label=band_label))
    ax.legend(handles=handles, loc="lower left")
