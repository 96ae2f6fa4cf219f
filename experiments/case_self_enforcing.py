"""INF case study 1: when is compliance self-enforcing?

For each detection probability (which sets the expected sanction on a covert violation in
the INF stage game, and under public monitoring also how often a violation is seen), the
sets of monthly discount factors at which mutual compliance is self-enforcing, for three
ways of enforcing it: both sides play grim trigger, both play tit-for-tat ("follow suit",
the reciprocal profile), or each plays its announced policy (US: the 60-day ultimatum, then
withdrawal; Russia: no obligations once the US leaves, follow suit on deployment).

Each set is a union of intervals (:mod:`sim.repeated.sets`, root isolation on the value
functions), under two monitoring assumptions, stated in every row:

- ``perfect``: every act seen as it is, no trembles (detection enters only through the
  expected sanction in the payoffs);
- ``public``: the scenario's signals (detection, false alarms) seen by both sides, its
  trembles, and the automata read the public record (perfect public equilibrium).

The baseline table also separates the trembles from the signals (each monitoring
assumption with and without the scenario's trembles).

Two notions: Nash equilibrium of the repeated game (no deviation plan gains against the
other's automaton) and subgame perfection / perfect public equilibrium (no one-shot
deviation gains after any history). At the baseline a third table adds private monitoring
(each side sees only its own signals): certain and not-excluded Nash sets from the bounds of
:mod:`sim.repeated.private_nash`, and a row per profile saying that sequential equilibrium is
not computed.

A last table gives the Nash set of the announced policies for other values of Russia's
assumed gain from deployment (``advantage_ru``, 4.5 in the scenario).

Run: ``python experiments/case_self_enforcing.py`` (writes ``results/case_self_enforcing/``;
it sets ``OPENBLAS_NUM_THREADS=1`` unless the environment sets it).
"""

from __future__ import annotations

import os

# Many small dense solves: one BLAS thread each is 20-40 times faster than OpenBLAS's own
# threads competing for the cores (measured on two shared cores); set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from case_common import (  # noqa: E402
    SCENARIOS,
    parse_arguments,
    save,
    set_columns,
    write_manifest,
    write_table,
)

NAME = "case_self_enforcing"
PROFILES = {
    "grim trigger": ("grim_trigger", "grim_trigger"),
    "tit-for-tat": ("tit_for_tat", "tit_for_tat"),
    "announced policies": ("ultimatum", "no_obligations_if_abandoned"),
}
MONITORING = ("perfect", "public")
"""The detection grid's assumptions: perfect monitoring without trembles, public monitoring
with the scenario's trembles."""
BASELINE_VARIANTS = (
    ("perfect", False),
    ("perfect", True),
    ("public", False),
    ("public", True),
    ("private", False),
    ("private", True),
)
"""Monitoring and whether the scenario's trembles are kept, for the baseline table."""


def detection_grid(quick: bool) -> np.ndarray:
    return np.linspace(0.0, 1.0, 2 if quick else 11)


def model_for(scenario, parameters: dict, trembles: bool):
    """The scenario's model at ``parameters``, with or without its trembles."""
    from dataclasses import replace

    from sim.compile.model import build_model

    model = build_model(scenario, parameters)
    return model if trembles else replace(model, noise=np.zeros_like(model.noise))


def profile_sets(
    scenario, parameters: dict, profiles=PROFILES, variants=(("perfect", False), ("public", True))
) -> list[dict]:
    """Nash and SPE/PPE sets of each profile under each (monitoring, trembles) variant."""
    from sim.compile.strategies import build_strategy
    from sim.repeated.sets import discount_sets

    rows = []
    for monitoring, trembles in variants:
        model = model_for(scenario, parameters, trembles)
        for label, (row_name, col_name) in profiles.items():
            row = build_strategy(scenario, row_name, 0, model)
            col = build_strategy(scenario, col_name, 1, model)
            for result in discount_sets(model, row, col, monitoring):
                rows.append(
                    {
                        **{k: float(v) for k, v in parameters.items()},
                        "profile": label,
                        "monitoring": monitoring,
                        "noise": float(model.noise[0]),
                        "concept": result.concept,
                        **set_columns(result),
                    }
                )
    return rows


def private_rows(scenario, profiles: dict, trembles: bool) -> list[dict]:
    """Certain and not-excluded Nash sets under private monitoring, at the baseline, and a
    row saying that sequential equilibrium (the perfection concept there) is not computed."""
    from sim.compile.strategies import build_strategy
    from sim.repeated.check import PRIVATE_CONCEPT
    from sim.repeated.private_nash import private_sets

    model = model_for(scenario, {}, trembles)
    rows = []
    for label, (row_name, col_name) in profiles.items():
        row = build_strategy(scenario, row_name, 0, model)
        col = build_strategy(scenario, col_name, 1, model)
        for result in private_sets(model, row, col):
            rows.append(
                {
                    "profile": label,
                    "monitoring": "private",
                    "noise": float(model.noise[0]),
                    "concept": result.concept,
                    "belief_tree_depth": result.parameters["belief_tree_depth"],
                    **set_columns(result),
                }
            )
        rows.append(
            {
                "profile": label,
                "monitoring": "private",
                "noise": float(model.noise[0]),
                "concept": PRIVATE_CONCEPT,
                "set": f"not computed (no {PRIVATE_CONCEPT} check)",
            }
        )
    return rows


def regimes(sets, table: pd.DataFrame, detect: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Label of each (discount, detect) cell: the profiles under which compliance is Nash."""
    labels = np.empty((len(discount), len(detect)), dtype=object)
    for j, d in enumerate(detect):
        for i, delta in enumerate(discount):
            names = [p for p in PROFILES if _contains(sets[(float(d), p)], delta)]
            labels[i, j] = " + ".join(names) if names else "none"
    return labels


def _contains(intervals: list, delta: float) -> bool:
    return any(low <= delta <= high for low, high in intervals)


def regime_figure(table: pd.DataFrame, detect: np.ndarray, monitoring: str):
    import json

    from sim.plots import regime_map_figure
    from sim.plots.regimes import NEUTRAL

    chosen = table[(table.monitoring == monitoring) & (table.concept == "Nash")]
    sets = {(float(r.detect), r.profile): json.loads(r.intervals) for r in chosen.itertuples()}
    discount = np.linspace(0.0, 1.0, 101)[1:-1]
    order = ["grim trigger + tit-for-tat + announced policies", "grim trigger + tit-for-tat",
             "grim trigger + announced policies", "tit-for-tat + announced policies",
             "grim trigger", "tit-for-tat", "announced policies", "none"]  # fmt: skip
    labels = regimes(sets, chosen, detect, discount)
    present = [name for name in order if (labels == name).any()]
    return regime_map_figure(
        detect, discount, labels, "detection probability of a covert violation",
        "monthly discount factor", order=present,
        legend_title=f"mutual compliance is a Nash equilibrium ({monitoring} monitoring) under",
        colours={"none": NEUTRAL},
    )  # fmt: skip


def main() -> None:
    from sim.compile.check import load
    from sim.output.manifest import utc_now

    args = parse_arguments(NAME, "Discount-factor sets of mutual compliance.")
    started = utc_now()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    detect = detection_grid(args.quick)
    rows = [r for d in detect for r in profile_sets(scenario, {"detect": float(d)})]
    table = pd.DataFrame(rows)
    write_table(table, args.out, "discount_sets")
    wide = table.pivot_table(
        index="detect", columns=["monitoring", "concept", "profile"], values="set", aggfunc="first"
    )
    wide.columns = [f"{c}, {m}: {p}" for m, c, p in wide.columns]
    write_table(wide.reset_index(), args.out, "discount_sets_wide")
    for monitoring in MONITORING:
        save(regime_figure(table, detect, monitoring), args.out, f"self_enforcing_{monitoring}")
    baseline = {k: PROFILES[k] for k in ("announced policies", "tit-for-tat")}
    exact_variants = [v for v in BASELINE_VARIANTS if v[0] != "private"]
    base_rows = profile_sets(scenario, {}, baseline, exact_variants)
    for _, trembles in [v for v in BASELINE_VARIANTS if v[0] == "private"]:
        base_rows += private_rows(scenario, baseline, trembles)
    write_table(pd.DataFrame(base_rows), args.out, "baseline_sets")
    advantages = [3.5, 4.5] if args.quick else [3.0, 3.5, 4.0, 4.25, 4.5, 5.0]
    announced = {"announced policies": PROFILES["announced policies"]}
    variants = (("perfect", False), ("public", False), ("public", True))
    by_advantage = [
        r
        for a in advantages
        for r in profile_sets(scenario, {"advantage_ru": a}, announced, variants)
    ]
    write_table(pd.DataFrame(by_advantage), args.out, "announced_by_advantage_ru")
    monitoring = ["perfect", "public", "private"]
    write_manifest(args.out, started, {"scenario": "inf_treaty", "monitoring": monitoring})


if __name__ == "__main__":
    main()
