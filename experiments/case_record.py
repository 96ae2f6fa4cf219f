"""INF case study 6: what the historical record says.

The record ``scenarios/inf_record_2013_2019.toml`` (January 2013 to August 2019, monthly:
each side's public acts, its stated accusations, the treaty state) is read as observations
of the iterated INF game (``scenarios/inf_treaty.toml``) under each doctrine profile the
record lists. For each profile: the posterior of the detection and false-alarm rates on a
41 x 41 grid (uniform priors on [0, 1] and [0, 0.5]), the posterior probability that Russia
(and the US) was covertly violating in each month, averaged over that posterior, given the
whole record and given the record up to the month, and the profile's marginal likelihood
with its numerical error; the profiles' posterior probabilities with equal prior odds.

What the findings depend on is varied: (a) the coding of months without a stated
accusation (missing, the record's own coding, or read as an all-clear), (b) the tremble
probability (0.001 a month, the scenario's, or 0.01). The calibration of the method is
checked by interval coverage on records sampled at parameters drawn from the prior.

Everything is exact (forward-backward on the joint chain) except the grid quadrature,
whose error is printed with each marginal likelihood, and the coverage, a binomial count.

Run: ``python experiments/case_record.py`` (writes ``results/case_record/``).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from case_common import SCENARIOS, parse_arguments, save, write_manifest, write_table

NAME = "case_record"
SEED = 20140731
NOISE = {"noise 0.001": 0.001, "noise 0.01": 0.01}
CODINGS = ("silence missing", "silence all-clear")


def silence_as_all_clear(events):
    """The record with every missing accusation read as an all-clear (``comply``).

    Only in months where the treaty is in force and the accused side's act is quiet (a
    public act is seen as it is, whatever is said).
    """
    rounds = []
    for values in events.rounds:
        values = dict(values)
        for side, other in (("row", "col"), ("col", "row")):
            quiet = values.get(f"act.{other}") == ("comply", "violate")
            if values.get(f"signal.{side}") is None and quiet and values.get("treaty"):
                values[f"signal.{side}"] = ("comply",)
        rounds.append(values)
    return dataclasses.replace(events, rounds=tuple(rounds))


def analyse(scenario, events, nodes: int):
    from sim.infer.analysis import infer_record

    return infer_record(scenario, events, nodes=nodes)


def profile_rows(result, coding: str, noise: str) -> list[dict]:
    comparison = result.comparison
    rows = []
    for k, fit in enumerate(result.fits):
        row = {"profile": fit.label, "coding": coding, "noise": noise}
        row["log_evidence"] = float(comparison.log_evidence[k])
        row["log_evidence_error"] = float(comparison.log_evidence_error[k])
        row["posterior"] = float(comparison.posterior[k])
        for name in fit.grid.names if fit.grid.possible else ():
            s = fit.grid.summary(name)
            row[f"{name}_mean"], (row[f"{name}_low"], row[f"{name}_high"]) = s["mean"], s["ci95"]
        if fit.averaged is not None:
            row["mean_p_russia_violating"] = float(
                fit.averaged.action_probability(1, "violate").mean()
            )
        rows.append(row)
    return rows


def monthly_table(result) -> pd.DataFrame:
    data = {"month": list(result.fits[0].at_values.labels)}
    for fit in result.fits:
        if fit.averaged is None:
            continue
        for side, who in ((1, "russia"), (0, "us")):
            data[f"{fit.label} | P({who} violating)"] = fit.averaged.action_probability(
                side, "violate"
            )
            data[f"{fit.label} | P({who} violating) so far"] = fit.averaged.action_probability(
                side, "violate", given="so far"
            )
    return pd.DataFrame(data)


def marks(events) -> list[tuple[int, str]]:
    """Vertical lines at the US accusations, labels at the turning points."""
    named = {"2014-07": "report", "2017-03": "deployed", "2018-12": "ultimatum",
             "2019-02": "notice"}  # fmt: skip
    out = []
    for t, values in enumerate(events.rounds):
        label = events.labels[t]
        if values.get("signal.row") == ("violate",) or label in named:
            out.append((t, named.get(label, "")))
    return out


def violation_figure(result, events, title: str, side: int = 1):
    from sim.plots import hidden_action_figure

    series = {
        fit.label: {
            "smoothed": fit.averaged.action_probability(side, "violate"),
            "filtered": fit.averaged.action_probability(side, "violate", given="so far"),
        }
        for fit in result.fits
        if fit.averaged is not None
    }
    who = ("US", "Russia")[side]
    return hidden_action_figure(events.labels, series, marks(events),
                                ylabel=f"P({who} violating covertly)", title=title)  # fmt: skip


def coverage_table(scenario, seeds: int) -> pd.DataFrame:
    from sim.compile.model import build_model
    from sim.compile.strategies import build_strategy
    from sim.infer.recovery import interval_coverage
    from sim.play.chain import joint_chain
    from sim.scenario.iterated import StrategyChoice

    def chain_at(values):
        model = build_model(scenario, values)
        row = build_strategy(scenario, "always_comply", 0, model, values)
        choice = StrategyChoice(strategy="random", parameters={"weights": [0.7, 0.3, 0, 0]})
        return joint_chain(model, row, build_strategy(scenario, choice, 1, model, values))

    names = ("detect", "false_alarm")
    result = interval_coverage(
        chain_at, names, dict.fromkeys(names, (0.0, 1.0)),
        {"signal.row": 1.0, "act.row": 1.0, "act.col": 0.3}, hide_as={"act.col": (0, 1)},
        rounds=60, seeds=seeds, seed=SEED,
    )  # fmt: skip
    data = result.to_dict()["coverage"]
    return pd.DataFrame(
        [{"parameter": n, "coverage": e["mean"], "se": e["se"], "seeds": seeds}
         for n, e in data.items()]
    )  # fmt: skip


def main() -> None:
    from sim.compile.check import load
    from sim.output.manifest import utc_now
    from sim.plots import posterior_grid_figure, profile_posterior_figure
    from sim.scenario.events import load_events

    args = parse_arguments(NAME, "What the INF record says about violations and doctrines.")
    started = utc_now()
    nodes = 11 if args.quick else 41
    base = load(SCENARIOS / "inf_treaty.toml")
    record = load_events(SCENARIOS / "inf_record_2013_2019.toml")
    rows, results = [], {}
    for noise_label, noise in NOISE.items():
        scenario = base.with_parameters({"noise": noise})
        for coding in CODINGS:
            events = record if coding == CODINGS[0] else silence_as_all_clear(record)
            result = analyse(scenario, events, nodes)
            results[(noise_label, coding)] = result
            rows += profile_rows(result, coding, noise_label)
    write_table(pd.DataFrame(rows), args.out, "profiles")
    for (noise_label, coding), result in results.items():
        stem = f"{coding.replace(' ', '_').replace('-', '_')}_{noise_label.split()[-1]}"
        events = record if coding == CODINGS[0] else silence_as_all_clear(record)
        write_table(monthly_table(result), args.out, f"months_{stem}")
        title = f"Covert Russian violation, month by month ({coding}, {noise_label})"
        save(violation_figure(result, events, title), args.out, f"russia_violation_{stem}")
    main_result = results[("noise 0.001", CODINGS[0])]
    fits = [f for f in main_result.fits if f.grid.possible]
    grid = fits[0].grid
    figure = posterior_grid_figure(
        grid.axes[0], grid.axes[1], {f.label: f.grid.weights for f in fits},
        "detect", "false_alarm", title="Posterior of the monitoring rates by profile",
    )  # fmt: skip
    save(figure, args.out, "posterior_grids")
    comparison = main_result.comparison
    figure = profile_posterior_figure(
        comparison.labels, comparison.log_evidence, comparison.log_evidence_error,
        title="Which doctrines fit the record",
    )  # fmt: skip
    save(figure, args.out, "profile_posterior")
    save(violation_figure(main_result, record, "Covert US violation, month by month", 0),
         args.out, "us_violation_silence_missing_0.001")  # fmt: skip
    write_table(coverage_table(base, 30 if args.quick else 300), args.out, "coverage")
    write_manifest(args.out, started, {"seed": SEED, "nodes": nodes, "scenario": "inf_treaty",
                                       "record": "inf_record_2013_2019"})  # fmt: skip


if __name__ == "__main__":
    main()
