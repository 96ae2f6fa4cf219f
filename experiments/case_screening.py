"""INF case study 6: which findings survive the assumed numbers? A Morris screening.

Morris's elementary effects (Morris 1991; Campolongo, Cariboni and Saltelli 2007, the
``mu*`` measure) over every assumed input of ``scenarios/inf_treaty.toml``: the ten payoff
parameters and the three monitoring assumptions (false alarms, detection, trembles), each
over a range around its value. Sampling and indices are computed with SALib (Herman and
Usher 2017). The findings screened, each evaluated exactly at every sample point:

``end``
    probability that the treaty ends within 32 years under the announced policies;
``us_without_violation``
    probability that it ends by a US withdrawal with no real Russian violation behind the
    US evidence (false alarm, no evidence, or an accident);
``compliance_is_stage_nash``
    1 if mutual compliance is a Nash equilibrium of the one-shot game in force, else 0.

``mu*`` is in the finding's units (a probability); an input with ``mu*`` = 0 cannot change
the finding over its range. Run: ``python experiments/case_screening.py``
(writes ``results/case_screening/``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from case_common import SCENARIOS, parse_arguments, write_manifest, write_table

NAME = "case_screening"
RANGES = {
    "treaty_value": (1.5, 4.5),
    "advantage_us": (2.0, 6.0),
    "advantage_ru": (2.5, 6.5),
    "threat_us": (1.5, 4.5),
    "threat_ru": (2.0, 6.0),
    "build_cost": (0.5, 1.5),
    "covert_share": (0.25, 0.75),
    "sanction": (2.0, 6.0),
    "detect": (0.25, 0.75),
    "blame": (0.0, 2.0),
    "false_alarm": (0.0, 0.1),
    "noise": (0.0, 0.002),
}
FINDINGS = ("end", "us_without_violation", "compliance_is_stage_nash")


def problem() -> dict:
    return {"num_vars": len(RANGES), "names": list(RANGES), "bounds": list(RANGES.values())}


CHUNK = 40
"""Sample points evaluated in one batch (bounds the memory of the augmented chain)."""


def evaluate(scenario, sample: np.ndarray) -> pd.DataFrame:
    """Every finding at every sample point, in batches of :data:`CHUNK` points."""
    parts = [_evaluate(scenario, sample[k : k + CHUNK]) for k in range(0, len(sample), CHUNK)]
    return pd.concat(parts, ignore_index=True)


def _evaluate(scenario, sample: np.ndarray) -> pd.DataFrame:
    """Every finding at the points of one batch."""
    from sim.compile.setup import play_setup
    from sim.play.responsibility import attribute_end

    values = {name: sample[:, k] for k, name in enumerate(RANGES)}
    setup = play_setup(scenario, values)
    result = attribute_end(setup.model, setup.row, setup.col, setup.rounds)
    claims = result.claims()
    dynamics = setup.model.dynamics
    row, col = dynamics.row_payoffs[..., 0, :, :], dynamics.col_payoffs[..., 0, :, :]
    nash = (row[..., 0, 0] >= row[..., :, 0].max(axis=-1) - 1e-9) & (
        col[..., 0, 0] >= col[..., 0, :].max(axis=-1) - 1e-9
    )
    return pd.DataFrame(
        {
            "end": result.end_probability,
            "us_without_violation": claims["row_without_real_violation"],
            "compliance_is_stage_nash": nash.astype(float),
        }
    )


def main() -> None:
    args = parse_arguments(NAME, "Morris screening of the INF findings over the assumed inputs.")
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    from sim.compile.check import load

    started = pd.Timestamp.now(tz="UTC").isoformat()
    scenario = load(SCENARIOS / "inf_treaty.toml")
    spec = problem()
    trajectories = 6 if args.quick else 40
    points = sample.sample(spec, trajectories, num_levels=4, seed=1)
    table = evaluate(scenario, points)
    rows = []
    for finding in FINDINGS:
        indices = analyze.analyze(spec, points, table[finding].to_numpy(), num_levels=4, seed=2)
        for k, name in enumerate(spec["names"]):
            rows.append(
                {
                    "finding": finding,
                    "input": name,
                    "mu_star": float(indices["mu_star"][k]),
                    "sigma": float(indices["sigma"][k]),
                    "mu_star_conf": float(indices["mu_star_conf"][k]),
                }
            )
    screening = pd.DataFrame(rows)
    summary = table.describe().T[["mean", "min", "max"]].reset_index(names="finding")
    folder = args.out
    folder.mkdir(parents=True, exist_ok=True)
    write_table(screening, folder, "morris")
    write_table(summary, folder, "findings_over_the_sample")
    write_manifest(folder, started, {"points": len(points), "trajectories": trajectories})
    print(screening.pivot(index="input", columns="finding", values="mu_star").round(4))
    print(summary)


if __name__ == "__main__":
    main()
