"""Global sensitivity of a sweep outcome to the swept parameters, through SALib.

Three estimators, chosen by the sweep's design:

- **Sobol indices** (``design = "saltelli"``). For an outcome ``Y = f(X_1, ..., X_D)`` with
  independent inputs, the first-order index and the total index of ``X_i`` are

      S_i  = Var(E[Y | X_i]) / Var(Y),
      ST_i = E[Var(Y | X_~i)] / Var(Y) = 1 - Var(E[Y | X_~i]) / Var(Y)

  (Sobol' 1993, 2001; Homma and Saltelli 1996). They are estimated from the Saltelli
  cross-sampled table with the estimators of Saltelli et al. (2010), Table 2, (b) for
  ``S_i`` and (f) (Jansen 1999) for ``ST_i``, with bootstrap 95% intervals.
- **Morris elementary effects** (``design = "morris"``): the effect of a step ``Delta`` of
  ``X_i`` along a trajectory, ``EE_i = (f(x + Delta e_i) - f(x)) / Delta``; ``mu*`` is the
  mean of ``|EE_i|`` over trajectories (Campolongo, Cariboni and Saltelli 2007, eq. 3),
  ``sigma`` their standard deviation (Morris 1991). Effects are in outcome units per unit
  of the parameter's marginal (the unit cube), so parameters of different units compare.
- **Given data** (any other design): the first-order index by random balance designs
  FAST on the sample as it is (Tarantola, Gatelli and Mara 2006; Plischke 2010's
  given-data form, sorting the sample along each input): the power of the first ``M = 10``
  harmonics of ``Y`` reordered by ``X_i``, over ``Var(Y)``, bias-corrected as in Tissot
  and Prieur (2012). It suits random, Latin hypercube, Sobol and grid sweeps.

Every index carries its bootstrap standard error: SALib's ``conf`` is the normal 95%
half-width ``1.96 * sd`` of the bootstrap replicates, so ``se = conf / 1.96``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.errors import StabsimError
from sim.results import Z95, Result, estimate
from sim.sweep.design import salib_seed

METHODS = {
    "saltelli": "sobol-saltelli",
    "morris": "morris-elementary-effects",
}
GIVEN_DATA = "rbd-fast-given-data"


@dataclass(frozen=True, eq=False)
class SensitivityResult(Result):
    """Sensitivity indices of one outcome, one row per parameter.

    Attributes
    ----------
    outcome
        The sweep outcome analysed.
    names
        The parameters, in the sweep's order.
    indices
        Index name (``"S1"``, ``"ST"``, ``"mu_star"``, ``"sigma"``) to an
        array of one value per parameter.
    errors
        Index name to the bootstrap standard errors (absent for ``sigma``).
    points
        Number of rows used.
    """

    outcome: str = ""
    names: tuple[str, ...] = ()
    indices: dict[str, np.ndarray] | None = None
    errors: dict[str, np.ndarray] | None = None
    points: int = 0

    def index(self, name: str) -> dict[str, float]:
        """One index by parameter name."""
        return dict(zip(self.names, map(float, self.indices[name]), strict=True))

    def payload(self) -> dict:
        rows = []
        for k, name in enumerate(self.names):
            row = {"parameter": name}
            for index, values in self.indices.items():
                if index in self.errors:
                    row[index] = estimate(values[k], self.errors[index][k])
                else:
                    row[index] = float(values[k])
            rows.append(row)
        return {"outcome": self.outcome, "points": self.points, "indices": rows}

    def to_frame(self):
        """One row per parameter; each index with its standard error in ``<index>_se``."""
        import pandas as pd

        columns = {"parameter": list(self.names)}
        for index, values in self.indices.items():
            columns[index] = np.asarray(values, dtype=float)
            if index in self.errors:
                columns[f"{index}_se"] = np.asarray(self.errors[index], dtype=float)
        return pd.DataFrame(columns)


def sobol_indices(
    outputs: np.ndarray,
    names: list[str],
    *,
    outcome: str = "y",
    resamples: int = 1000,
    seed: int = 0,
) -> SensitivityResult:
    """First-order and total Sobol indices from a Saltelli table (rows in SALib's order).

    Parameters
    ----------
    outputs
        The outcome at each of the ``N (D + 2)`` rows.
    names
        The ``D`` parameters.
    resamples, seed
        Bootstrap replicates for the standard errors, and their seed.
    """
    from SALib.analyze import sobol

    y = _finite_outputs(outputs, "saltelli")
    problem = _problem(names)
    if y.size % (len(names) + 2):
        raise StabsimError(f"a Saltelli table over {len(names)} parameters has N (D + 2) rows")
    out = sobol.analyze(
        problem, y, calc_second_order=False, num_resamples=resamples, seed=salib_seed(seed)
    )
    indices = {"S1": out["S1"], "ST": out["ST"]}
    errors = {"S1": out["S1_conf"], "ST": out["ST_conf"]}
    return _result(METHODS["saltelli"], outcome, names, y.size, indices, errors, resamples, seed)


def morris_indices(
    unit_points: np.ndarray,
    outputs: np.ndarray,
    names: list[str],
    *,
    outcome: str = "y",
    levels: int = 4,
    resamples: int = 1000,
    seed: int = 0,
) -> SensitivityResult:
    """Morris ``mu*`` (with its bootstrap error) and ``sigma`` from Morris trajectories."""
    from SALib.analyze import morris

    y = _finite_outputs(outputs, "morris")
    out = morris.analyze(
        _problem(names),
        np.asarray(unit_points, dtype=float),
        y,
        num_resamples=resamples,
        num_levels=levels,
        seed=salib_seed(seed),
    )
    indices = {"mu_star": out["mu_star"], "sigma": out["sigma"]}
    errors = {"mu_star": out["mu_star_conf"]}
    return _result(METHODS["morris"], outcome, names, y.size, indices, errors, resamples, seed)


def given_data_indices(
    points: np.ndarray,
    outputs: np.ndarray,
    names: list[str],
    *,
    outcome: str = "y",
    resamples: int = 1000,
    seed: int = 0,
) -> SensitivityResult:
    """First-order indices (RBD-FAST) from any sample of the inputs."""
    from SALib.analyze import rbd_fast

    y = _finite_outputs(outputs, "given-data")
    x = np.asarray(points, dtype=float)
    if np.ptp(y) == 0:
        raise StabsimError("the outcome is constant over the sweep: every index is zero")
    out = rbd_fast.analyze(_problem(names), x, y, num_resamples=resamples, seed=salib_seed(seed))
    indices, errors = {"S1": out["S1"]}, {"S1": out["S1_conf"]}
    return _result(GIVEN_DATA, outcome, names, y.size, indices, errors, resamples, seed)


def _result(method, outcome, names, points, indices, errors, resamples, seed):
    return SensitivityResult(
        method=method,
        parameters={"resamples": resamples, "seed": seed, "confidence": 0.95},
        outcome=outcome,
        names=tuple(names),
        indices={k: np.asarray(v, dtype=float) for k, v in indices.items()},
        errors={k: np.asarray(v, dtype=float) / Z95 for k, v in errors.items()},
        points=int(points),
    )


def _problem(names: list[str]) -> dict:
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def _finite_outputs(outputs: np.ndarray, design: str) -> np.ndarray:
    y = np.asarray(outputs, dtype=float).ravel()
    if y.size == 0:
        raise StabsimError(f"no rows to analyse ({design} design)")
    if not np.all(np.isfinite(y)):
        bad = int(np.count_nonzero(~np.isfinite(y)))
        raise StabsimError(f"the outcome is not finite at {bad} of {y.size} points")
    return y


def sweep_sensitivity(
    folder, outcome: str, *, resamples: int = 1000, seed: int = 0
) -> SensitivityResult:
    """Sensitivity indices of ``outcome`` in a finished sweep folder, by its design.

    A Saltelli design gives Sobol indices, a Morris design elementary effects, any other
    design first-order indices from the sample as it is (RBD-FAST).
    """
    from sim.sweep.folder_table import read_sweep_table

    sweep = read_sweep_table(folder)
    y = sweep.numeric_outcome(outcome)
    names = sweep.parameter_names
    options = {"outcome": outcome, "resamples": resamples, "seed": seed}
    if sweep.model.design == "saltelli":
        return sobol_indices(y, names, **options)
    if sweep.model.design == "morris":
        unit = sweep.design.unit_points()
        return morris_indices(unit, y, names, levels=sweep.model.levels, **options)
    x = sweep.table[names].to_numpy(dtype=float)
    return given_data_indices(x, y, names, **options)
