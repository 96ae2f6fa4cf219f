"""INF case study 1: when is compliance self-enforcing?

For each detection probability (which sets the expected sanction on a covert violation in
the INF stage game), the critical monthly discount factor above which mutual compliance is
self-enforcing, for three ways of enforcing it: both sides play grim trigger, both play
tit-for-tat ("follow suit"), or each plays its announced policy (US: the 60-day ultimatum,
then withdrawal; Russia: no obligations once the US leaves, follow suit on deployment).

Two notions, both under perfect monitoring (every act seen as it is):

- subgame perfection, :func:`sim.play.checks.critical_discount` (one-shot deviations in
  every state, also off the path of play);
- Nash equilibrium of the repeated game: no side gains from any deviation plan against the
  other's automaton (:func:`sim.play.checks.best_response`, a Markov decision problem),
  the smallest such discount factor found by bisection.

A second table repeats the Nash threshold of the announced policies for other values of
Russia's assumed gain from deployment (``advantage_ru``, 4.5 in the scenario).

Run: ``python experiments/case_self_enforcing.py`` (writes ``results/case_self_enforcing/``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from case_common import (
    SCENARIOS,
    nash_threshold,
    parse_arguments,
    save,
    write_manifest,
    write_table,
)

NAME = "case_self_enforcing"
PROFILES = {
    "grim trigger": ("grim_trigger", "grim_trigger"),
    "tit-for-tat": ("tit_for_tat", "tit_for_tat"),
    "announced policies": ("ultimatum", "no_obligations_if_abandoned"),
}


def detection_grid(quick: bool) -> np.ndarray:
    return np.linspace(0.0, 1.0, 3 if quick else 21)


def thresholds(scenario, detect: float, steps: int) -> list[dict]:
    """Both critical discount factors of each profile at one detection probability."""
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from sim.play.checks import critical_discount

    model = build_model(scenario, {"detect": float(detect)}).perfect()
    rows = []
    for label, (row_name, col_name) in PROFILES.items():
        row = build_strategy(scenario, row_name, 0, model)
        col = build_strategy(scenario, col_name, 1, model)
        rows.append(
            {
                "detect": float(detect),
                "profile": label,
                "subgame_perfect_from": critical_discount(model, row, col),
                "nash_from": nash_threshold(model, row, col, steps),
            }
        )
    return rows


def announced_by_advantage(scenario, advantages, steps: int) -> pd.DataFrame:
    """Nash threshold of the announced policies as Russia's gain from deployment varies."""
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy

    rows = []
    for advantage in advantages:
        model = build_model(scenario, {"advantage_ru": float(advantage)}).perfect()
        row = build_strategy(scenario, "ultimatum", 0, model)
        col = build_strategy(scenario, "no_obligations_if_abandoned", 1, model)
        rows.append({"advantage_ru": float(advantage), "detect": scenario.parameters["detect"],
                     "nash_from": nash_threshold(model, row, col, steps)})  # fmt: skip
    return pd.DataFrame(rows)


def regimes(table: pd.DataFrame, detect: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Label of each (discount, detect) cell: the profiles under which compliance is Nash."""
    labels = np.empty((len(discount), len(detect)), dtype=object)
    for j, d in enumerate(detect):
        at = table[table.detect == d]
        for i, delta in enumerate(discount):
            names = [
                p for p, t in zip(at.profile, at.nash_from, strict=True)
                if t is not None and np.isfinite(t) and delta >= t
            ]  # fmt: skip
            labels[i, j] = " + ".join(names) if names else "none"
    return labels


def main() -> None:
    from sim.compile.check import load
    from sim.output.manifest import utc_now
    from sim.plots import regime_map_figure
    from sim.plots.regimes import NEUTRAL

    args = parse_arguments(NAME, "Critical discount factors of mutual compliance.")
    started = utc_now()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    detect = detection_grid(args.quick)
    rows = [r for d in detect for r in thresholds(scenario, d, 12 if args.quick else 24)]
    table = pd.DataFrame(rows)
    write_table(table, args.out, "critical_discount")
    wide = table.pivot(
        index="detect", columns="profile", values=["subgame_perfect_from", "nash_from"]
    )
    wide.columns = [f"{kind}: {profile}" for kind, profile in wide.columns]
    write_table(wide.reset_index(), args.out, "critical_discount_wide")
    discount = np.linspace(0.0, 1.0, 101)
    order = ["grim trigger + tit-for-tat + announced policies", "grim trigger + tit-for-tat",
             "grim trigger + announced policies", "tit-for-tat + announced policies",
             "grim trigger", "tit-for-tat", "announced policies", "none"]  # fmt: skip
    labels = regimes(table, detect, discount)
    present = [name for name in order if (labels == name).any()]
    figure = regime_map_figure(
        detect, discount, labels, "detection probability of a covert violation",
        "monthly discount factor", order=present,
        legend_title="mutual compliance is a Nash equilibrium under",
        colours={"none": NEUTRAL},
    )  # fmt: skip
    save(figure, args.out, "self_enforcing")
    advantages = [3.5, 4.5] if args.quick else [3.0, 3.5, 4.0, 4.25, 4.5, 5.0]
    announced = announced_by_advantage(scenario, advantages, 12 if args.quick else 24)
    write_table(announced, args.out, "announced_by_advantage_ru")
    write_manifest(args.out, started, {"scenario": "inf_treaty", "monitoring": "perfect"})


if __name__ == "__main__":
    main()
