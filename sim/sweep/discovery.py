"""Scenario discovery on a sweep: where in parameter space does an outcome of interest hold?

The Patient Rule Induction Method (Friedman and Fisher 1999; Bryant and Lempert 2010)
finds a box ``B = prod_i [l_i, u_i]`` of the swept parameters in which the points of
interest (``y = 1``) are concentrated. For the sweep's points ``x_j``,

    coverage(B) = #{j : x_j in B, y_j = 1} / #{j : y_j = 1}
    density(B)  = #{j : x_j in B, y_j = 1} / #{j : x_j in B}
    mass(B)     = #{j : x_j in B} / N

Peeling removes, step by step, the ``peel_alpha`` slice of one parameter's range whose
removal raises the density most, until the box holds a fraction ``mass_min`` of the points;
the peeling trajectory trades coverage for density (Bryant and Lempert 2010, fig. 2). The
box is the one of highest coverage among those whose density reaches ``threshold``.

The peeling is the EMA Workbench's implementation (Kwakkel 2017); coverage, density and
mass of the chosen box are then counted again here from its limits, so the numbers
reported are exact ratios of point counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from sim.errors import ScenarioError, StabsimError
from sim.results import Result

CONDITION = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*"
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|true|false)\s*$"
)
COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


@dataclass(frozen=True, eq=False)
class PrimResult(Result):
    """A PRIM box and the peeling trajectory that led to it.

    Attributes
    ----------
    condition
        The outcome of interest, as written (``"survival >= 0.5"``).
    names
        The swept parameters.
    limits
        ``(D, 2)`` lower and upper limit of the box per parameter.
    ranges
        ``(D, 2)`` the smallest and largest value of each parameter in the sweep.
    restricted
        The parameters whose limits the box narrows.
    coverage, density, mass
        Exact ratios of counts for the chosen box.
    points, of_interest, in_box, of_interest_in_box
        The counts behind them.
    trajectory
        ``(steps, 3)`` coverage, density and mass of each peeling step.
    """

    condition: str = ""
    names: tuple[str, ...] = ()
    limits: np.ndarray | None = None
    ranges: np.ndarray | None = None
    restricted: tuple[str, ...] = ()
    coverage: float = 0.0
    density: float = 0.0
    mass: float = 0.0
    points: int = 0
    of_interest: int = 0
    in_box: int = 0
    of_interest_in_box: int = 0
    trajectory: np.ndarray | None = None

    def payload(self) -> dict:
        box = [
            {
                "parameter": n,
                "lower": float(lo),
                "upper": float(hi),
                "restricted": n in self.restricted,
            }
            for n, (lo, hi) in zip(self.names, self.limits, strict=True)
        ]
        steps = [
            {"coverage": float(c), "density": float(d), "mass": float(m)}
            for c, d, m in self.trajectory
        ]
        counts = {
            "points": self.points,
            "of_interest": self.of_interest,
            "in_box": self.in_box,
            "of_interest_in_box": self.of_interest_in_box,
        }
        return {
            "condition": self.condition,
            "box": box,
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
            "counts": counts,
            "trajectory": steps,
        }

    def to_frame(self):
        """The box, one row per parameter."""
        import pandas as pd

        return pd.DataFrame(self.payload()["box"])


def parse_condition(text: str) -> tuple[str, str, float]:
    """``"survival >= 0.5"`` to ``("survival", ">=", 0.5)``; ``true``/``false`` are 1 and 0."""
    match = CONDITION.match(text)
    if not match:
        raise StabsimError(
            f"condition {text!r} is not of the form 'OUTCOME OP NUMBER' (OP one of < <= > >= == !=)"
        )
    name, op, value = match.groups()
    number = {"true": 1.0, "false": 0.0}.get(value)
    return name, op, float(value) if number is None else number


def prim_box(
    x,
    y: np.ndarray,
    *,
    condition: str = "y",
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> PrimResult:
    """The PRIM box of the points ``y`` among the rows of the DataFrame ``x``."""
    y = np.asarray(y, dtype=bool)
    names = [str(c) for c in x.columns]
    if not y.any():
        raise StabsimError(f"no point of the sweep satisfies {condition!r}")
    if y.all():
        raise StabsimError(f"every point of the sweep satisfies {condition!r}: no box to find")
    box = _peel(x.astype(float), y, threshold, peel_alpha, mass_min)
    trajectory = box.peeling_trajectory[["coverage", "density", "mass"]].to_numpy(dtype=float)
    chosen = _choose(trajectory, threshold)
    limits = box.box_lims[chosen][names].to_numpy(dtype=float).T
    values = x.to_numpy(dtype=float)
    ranges = np.stack([values.min(axis=0), values.max(axis=0)], axis=1)
    inside = np.all((values >= limits[:, 0]) & (values <= limits[:, 1]), axis=1)
    hits = int(np.count_nonzero(inside & y))
    restricted = tuple(
        n for n, lim, r in zip(names, limits, ranges, strict=True) if _narrower(lim, r)
    )
    return PrimResult(
        method="prim",
        parameters={
            "threshold": threshold,
            "peel_alpha": peel_alpha,
            "mass_min": mass_min,
            "implementation": "ema_workbench.analysis.prim",
            "box_step": int(chosen),
        },
        condition=condition,
        names=tuple(names),
        limits=limits,
        ranges=ranges,
        restricted=restricted,
        coverage=hits / int(y.sum()),
        density=hits / int(inside.sum()),
        mass=int(inside.sum()) / y.size,
        points=int(y.size),
        of_interest=int(y.sum()),
        in_box=int(inside.sum()),
        of_interest_in_box=hits,
        trajectory=trajectory,
    )


def sweep_prim(folder, condition: str, **options) -> PrimResult:
    """The PRIM box of ``condition`` (``"OUTCOME OP NUMBER"``) in a finished sweep folder."""
    x, y = sweep_prim_points(folder, condition)
    return prim_box(x, y, condition=condition, **options)


def sweep_prim_points(folder, condition: str):
    """The swept parameters (a DataFrame) and whether ``condition`` holds, point by point."""
    from sim.sweep.folder_table import read_sweep_table

    sweep = read_sweep_table(folder)
    try:
        name, op, value = parse_condition(condition)
    except StabsimError as exc:
        raise ScenarioError(exc.message, str(folder), "condition") from None
    outcome = sweep.numeric_outcome(name)
    return sweep.table[sweep.parameter_names], COMPARE[op](outcome, value)


def _peel(x, y, threshold, peel_alpha, mass_min):
    import logging
    import warnings

    with warnings.catch_warnings():
        # the workbench warns about optional parallel back ends and pandas deprecations
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        logging.getLogger("EMA").setLevel(logging.WARNING)
        finder = prim.Prim(x, y, threshold=threshold, peel_alpha=peel_alpha, mass_min=mass_min)
        return finder.find_box()


def _choose(trajectory: np.ndarray, threshold: float) -> int:
    """The step of highest coverage among those of density at least ``threshold``."""
    coverage, density = trajectory[:, 0], trajectory[:, 1]
    good = np.flatnonzero(density >= threshold)
    if good.size == 0:
        return int(np.argmax(density))
    return int(good[np.argmax(coverage[good])])


def _narrower(limit: np.ndarray, full: np.ndarray) -> bool:
    return bool(limit[0] > full[0] or limit[1] < full[1])
