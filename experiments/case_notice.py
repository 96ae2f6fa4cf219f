"""INF case study 4: the notice period.

Article XV of the INF Treaty lets a party withdraw on six months' notice. How do shorter and
longer notice periods (1 to 24 months) change how long the treaty stays in force and what
each side gets, under the announced policies and the scenario's assumed false-alarm rate
and noise?

Exact Markov-chain outcomes (:func:`sim.play.exact.exact_outcomes`), one notice period at a
time (the period sets the size of the treaty chain), batched over the false-alarm rates.

Run: ``python experiments/case_notice.py`` (writes ``results/case_notice/``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from case_common import SCENARIOS, parse_arguments, save, write_manifest, write_table

NAME = "case_notice"


def notice_periods(quick: bool) -> np.ndarray:
    return np.array([1, 6, 12]) if quick else np.arange(1, 25)


def main() -> None:
    from sim.compile.check import load
    from sim.compile.setup import play_setup
    from sim.output.manifest import utc_now
    from sim.play.exact import exact_outcomes
    from sim.plots import outcome_heatmap_figure

    args = parse_arguments(NAME, "Article XV's notice period against shorter and longer ones.")
    started = utc_now()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    fa = np.array([0.0, float(scenario.parameters["false_alarm"]), 0.1, 0.2])
    rows, in_force = [], []
    for notice in notice_periods(args.quick):
        setup = play_setup(scenario, {"notice_rounds": int(notice), "false_alarm": fa})
        out = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
        states = list(out.treaty_states)
        for j, rate in enumerate(fa):
            rows.append(
                {
                    "notice_months": int(notice),
                    "false_alarm": rate,
                    "months_before_termination": out.expected_rounds_in_force[j],
                    "p_terminated_within_horizon": out.end_probability[j],
                    "expected_months_under_notice": out.treaty_probabilities[
                        j, :, states.index("notice")
                    ].sum(),
                    "p_us_ends": out.ended_by[j, 0],
                    "p_russia_ends": out.ended_by[j, 1],
                    "us_payoff": out.payoffs[j, 0],
                    "russia_payoff": out.payoffs[j, 1],
                }
            )
        in_force.append(out.survival[1])
    table = pd.DataFrame(rows)
    write_table(table, args.out, "notice")
    baseline = table[table.false_alarm == fa[1]]
    write_table(baseline, args.out, "at_baseline_false_alarm")
    periods = notice_periods(args.quick).astype(float)
    months = np.arange(1, setup.rounds + 1)
    figure = outcome_heatmap_figure(
        months, periods, np.array(in_force), "month", "notice period (months)",
        f"P(treaty in force), false alarm {fa[1]:g}/month", contour_levels=[0.75, 0.9],
        value_range=(0.0, 1.0),
        curve={"x": [months[0], months[-1]], "y": [6, 6], "label": "Article XV: 6 months"},
    )  # fmt: skip
    save(figure, args.out, "survival_by_notice")
    write_manifest(args.out, started, {"scenario": "inf_treaty", "horizon_months": setup.rounds})


if __name__ == "__main__":
    main()
