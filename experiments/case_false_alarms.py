"""INF case study 2: accusations without evidence.

The US plays its announced one-off ultimatum (the scenario's ``[play]`` choice: issued on
4 December 2018, round 372; Russia must be seen complying in each of the two deadline
months, else suspension and withdrawal). Russia plays tit-for-tat (answer in kind what was
seen last month: a seen violation by a covert violation, a withdrawal by a withdrawal;
files ``*_follow_suit``) or its announced "mirror response" (``no_obligations_if_abandoned``:
comply; released by a US withdrawal, deploy once the treaty is terminated; follow suit on a
seen deployment; the scenario's ``[play]`` choice, files ``*_mirror_response``). How long
does the treaty last, and which side ends it, as the false-alarm rate (compliance reported
as a violation) and the tremble probability (noise) grow?

Everything is exact (the Markov chain of :func:`sim.play.exact.exact_outcomes`, batched over
the grid); the baseline figure also shows 4,000 seeded Monte Carlo runs
(:func:`sim.play.montecarlo.simulate`) as 95% bands around the exact curves.

Run: ``python experiments/case_false_alarms.py`` (writes ``results/case_false_alarms/``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from case_common import SCENARIOS, parse_arguments, save, write_manifest, write_table

NAME = "case_false_alarms"
SEED = 20190202
RUNS = 4000


def grid(quick: bool) -> tuple[np.ndarray, np.ndarray]:
    """False-alarm rates and noise levels (per month)."""
    if quick:
        return np.linspace(0.0, 0.3, 4), np.linspace(0.0, 0.005, 3)
    return np.linspace(0.0, 0.3, 31), np.linspace(0.0, 0.005, 21)


RUSSIA = {"follow_suit": "tit_for_tat", "mirror_response": None}
"""Russia's policy by file-name suffix; ``None``: the scenario's own ``[play]`` choice."""


def sweep(scenario, false_alarm: np.ndarray, noise: np.ndarray, russia: str | None) -> pd.DataFrame:
    """Exact outcomes at every (false_alarm, noise) point, one row a point (one noise level
    at a time, so that the per-round figures stay within the memory limit)."""
    return pd.concat(
        [_sweep_at(scenario, false_alarm, np.array([z]), russia) for z in noise],
        ignore_index=True,
    )


def _sweep_at(scenario, false_alarm, noise, russia) -> pd.DataFrame:
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes

    FA, NZ = np.meshgrid(false_alarm, noise)
    setup = play_setup(scenario, {"false_alarm": FA, "noise": NZ}, col=russia)
    out = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
    ended = out.end_probability
    by_us, by_russia = out.ended_by[..., 0], out.ended_by[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        share_us = np.where(ended > 0, by_us / ended, np.nan)
    return pd.DataFrame(
        {
            "false_alarm": FA.ravel(),
            "noise": NZ.ravel(),
            "months_in_force": out.expected_rounds_in_force.ravel(),
            "p_end_within_horizon": ended.ravel(),
            "p_us_ends": by_us.ravel(),
            "p_russia_ends": by_russia.ravel(),
            "us_share_of_ends": share_us.ravel(),
            "horizon_months": setup.rounds,
        }
    )


def _range(column: str) -> tuple[float, float] | None:
    """The same colour scale for both of Russia's policies."""
    return (0.0, 384.0) if column == "months_in_force" else (0.0, 1.0)


def baseline_curves(scenario, runs: int):
    """Exact and Monte Carlo survival and action frequencies at the scenario's own values."""
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes
    from sim.play.montecarlo import simulate

    setup = play_setup(scenario)
    exact = exact_outcomes(setup.model, setup.row, setup.col, setup.rounds)
    mc = simulate(setup.model, setup.row, setup.col, setup.rounds, runs, SEED, trajectories=True)
    rounds = np.arange(setup.rounds)
    ended = np.where(mc.end_round >= 0, mc.end_round, setup.rounds)
    alive = (rounds[None, :] <= ended[:, None]).astype(float)
    survival = _curve(mc, alive, exact.survival)
    actions = {}
    sides = zip(
        mc.players, mc.actions, (mc.row_actions, mc.col_actions),
        (exact.row_actions, exact.col_actions), strict=True,
    )  # fmt: skip
    for player, names, paths, probabilities in sides:
        actions[player] = {
            name: _curve(mc, (paths == k).astype(float), probabilities[:, k])
            for k, name in enumerate(names)
        }
    return rounds + 1, survival, actions, exact, mc


def _curve(mc, per_run: np.ndarray, exact: np.ndarray) -> dict[str, np.ndarray]:
    mean, half = mc.mean(per_run)
    return {"exact": exact, "mean": mean, "low": mean - half, "high": mean + half}


def main() -> None:
    from sim.compile.check import load
    from sim.output.manifest import utc_now
    from sim.plots import outcome_heatmap_figure, play_figure

    args = parse_arguments(NAME, "False alarms and noise against the treaty's survival.")
    started = utc_now()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    false_alarm, noise = grid(args.quick)
    shape = (len(noise), len(false_alarm))
    for suffix, russia in RUSSIA.items():
        table = sweep(scenario, false_alarm, noise, russia)
        write_table(table, args.out, f"grid_{suffix}")
        at_zero_noise = table[table.noise == 0.0].drop(columns=["noise"])
        every = max(1, len(at_zero_noise) // 7)
        write_table(at_zero_noise.iloc[::every], args.out, f"summary_{suffix}")
        for column, label, name in (
            ("months_in_force", "expected months in force (of 384)", "months_in_force"),
            ("us_share_of_ends", "share of ends caused by the US", "us_share"),
        ):
            figure = outcome_heatmap_figure(
                false_alarm, noise, table[column].to_numpy().reshape(shape),
                "false-alarm rate per month", "noise (tremble) per month", label,
                contour_levels=None if column == "us_share_of_ends" else [120, 240, 360],
                missing_label="treaty never ends", value_range=_range(column),
                title=f"US ultimatum, Russia: {suffix.replace('_', ' ')}",
            )  # fmt: skip
            save(figure, args.out, f"{name}_{suffix}")
    rounds, survival, actions, exact, mc = baseline_curves(scenario, 400 if args.quick else RUNS)
    figure = play_figure(
        rounds, survival, actions, band_label=f"Monte Carlo 95% band ({mc.runs} runs)",
        title="INF Treaty under the announced policies (baseline assumptions)",
        round_label="month",
    )  # fmt: skip
    save(figure, args.out, "baseline_play")
    baseline = pd.DataFrame(
        {
            "quantity": ["P(ends within 384 months)", "P(US ends it)", "P(Russia ends it)",
                         "expected months in force"],
            "exact": [exact.end_probability, *exact.ended_by, exact.expected_rounds_in_force],
            "monte_carlo": [np.mean(mc.end_round >= 0), *mc.ended_by().mean(axis=0),
                            mc.rounds_in_force.mean()],
            "mc_95_half_width": [mc.mean((mc.end_round >= 0).astype(float))[1],
                                 *mc.mean(mc.ended_by())[1], mc.mean(mc.rounds_in_force)[1]],
        }
    )  # fmt: skip
    write_table(baseline, args.out, "baseline")
    write_manifest(args.out, started, {"seed": SEED, "runs": mc.runs, "scenario": "inf_treaty"})


if __name__ == "__main__":
    main()
