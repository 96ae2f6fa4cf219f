"""INF case study 3: the ultimatum's deadline.

The US announced on 4 December 2018 that it would suspend its obligations in 60 days unless
Russia returned to full and verifiable compliance. With a round of a month, that deadline is
two rounds. How does the length of the deadline (0 to 12 months) change the treaty's
survival, when compliance is sometimes reported as a violation (false alarms)?

Exact Markov-chain outcomes (:func:`sim.play.exact.exact_outcomes`), batched over the
false-alarm rates, one deadline at a time (the deadline sets the automaton's size).

Run: ``python experiments/case_deadline.py`` (writes ``results/case_deadline/``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from case_common import SCENARIOS, parse_arguments, save, write_manifest, write_table

NAME = "case_deadline"


def deadlines(quick: bool) -> np.ndarray:
    return np.array([0, 1, 2, 4]) if quick else np.arange(0, 13)


def false_alarms(quick: bool) -> np.ndarray:
    return np.linspace(0.0, 0.3, 4 if quick else 16)


def outcomes(scenario, deadline: int, false_alarm: np.ndarray):
    """Exact outcomes for one deadline, batched over the false-alarm rates."""
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes

    setup = play_setup(scenario, {"deadline_rounds": int(deadline), "false_alarm": false_alarm})
    return exact_outcomes(setup.model, setup.row, setup.col, setup.rounds), setup.rounds


def _sixty_days(x) -> dict:
    """An outline around the row of the announced deadline: 60 days, two monthly rounds."""
    from sim.plots.regimes import cell_edges

    left, right = cell_edges(np.asarray(x, dtype=float))[[0, -1]]
    return {
        "x": [left, right, right, left, left],
        "y": [1.5, 1.5, 2.5, 2.5, 1.5],
        "label": "announced: 60 days",
    }


def main() -> None:
    from sim.compile.check import load
    from sim.output.manifest import utc_now
    from sim.plots import outcome_heatmap_figure

    args = parse_arguments(NAME, "The ultimatum's deadline against the treaty's survival.")
    started = utc_now()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    baseline_fa = float(scenario.parameters["false_alarm"])
    fa = np.unique(np.append(false_alarms(args.quick), baseline_fa))
    rows, survival = [], []
    for k in deadlines(args.quick):
        out, horizon = outcomes(scenario, k, fa)
        for j, rate in enumerate(fa):
            rows.append(
                {
                    "deadline_months": int(k),
                    "false_alarm": rate,
                    "p_end_within_horizon": out.end_probability[j],
                    "months_in_force": out.expected_rounds_in_force[j],
                    "p_us_ends": out.ended_by[j, 0],
                    "p_russia_ends": out.ended_by[j, 1],
                    "us_payoff": out.payoffs[j, 0],
                    "russia_payoff": out.payoffs[j, 1],
                }
            )
        survival.append(out.survival[int(np.flatnonzero(fa == baseline_fa)[0])])
    table = pd.DataFrame(rows)
    write_table(table, args.out, "grid")
    write_table(table[table.false_alarm == baseline_fa], args.out, "at_baseline_false_alarm")
    ks = deadlines(args.quick)
    grid = table[table.false_alarm.isin(false_alarms(args.quick))]
    values = grid.pivot(
        index="deadline_months", columns="false_alarm", values="p_end_within_horizon"
    )
    figure = outcome_heatmap_figure(
        values.columns.to_numpy(float), values.index.to_numpy(float), values.to_numpy(),
        "false-alarm rate per month", "deadline (months)",
        f"P(treaty ends within {horizon} months)", curve=_sixty_days(values.columns),
    )  # fmt: skip
    save(figure, args.out, "end_probability")
    months = np.arange(1, horizon + 1)
    figure = outcome_heatmap_figure(
        months, ks.astype(float), np.array(survival), "month", "deadline (months)",
        f"P(in force), false alarm {baseline_fa:g}/month", value_range=(0.0, 1.0),
        curve=_sixty_days(months),
    )  # fmt: skip
    save(figure, args.out, "survival_by_deadline")
    write_manifest(args.out, started, {"scenario": "inf_treaty", "horizon_months": horizon})


if __name__ == "__main__":
    main()
