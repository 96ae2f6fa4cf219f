"""The sweep file format (``experiments/*.toml``) as a pydantic schema.

A sweep file names a base scenario, the parameters to vary, the design that places the
points, the seed and the outcomes to record::

    name = "inf_detect_discount"
    scenario = "../scenarios/inf_treaty.toml"   # relative to the sweep file
    design = "grid"                              # grid, random, lhs, sobol, saltelli, morris
    seed = 1987
    outcomes = ["regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs"]

    [parameters]
    detect = { start = 0.0, stop = 1.0, count = 21 }
    sanction = { values = [1.0, 2.0, 4.0] }
    blame = { distribution = "uniform", low = 0.0, high = 2.0 }   # random, lhs, sobol

Unknown keys are errors everywhere; checks that need the scenario (parameter names and
bounds) are made by :mod:`sim.sweep.loader`.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator

from sim import limits
from sim.errors import FieldError
from sim.scenario.schema import Name, Number, Strict
from sim.tolerance import relative_slack

DESIGNS = ("grid", "random", "lhs", "sobol")
DISTRIBUTIONS = ("uniform", "loguniform", "normal", "integers")
STAGE_OUTCOMES = ("regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs")
PLAY_OUTCOMES = (
    "expected_payoffs",
    "survival",
    "collapse_time",
    "who_ends",
    "responsibility",
    "subgame_perfect",
    "critical_discount",
    "monte_carlo",
)
OUTCOMES = STAGE_OUTCOMES + PLAY_OUTCOMES
SELECTIONS = ("max_total", "min_total", "max_row", "max_col")
MAX_POINTS = 2**32


class ParameterSpec(Strict):
    """How one parameter varies: a list of values, a range, or a distribution.

    Exactly one form is allowed:

    - ``values = [...]``: these values;
    - ``start``, ``stop`` and ``step`` or ``count``: an evenly spaced range, ``stop``
      included when it lies on the grid (for random designs, ``start`` and ``stop`` alone
      are the bounds of a uniform draw);
    - ``distribution`` with its arguments: ``uniform`` and ``loguniform`` (``low``,
      ``high``), ``normal`` (``mean``, ``sd``), ``integers`` (``low`` to ``high``
      inclusive); only for the random, Latin hypercube and Sobol designs.
    """

    values: list[Number] | None = None
    start: Number | None = None
    stop: Number | None = None
    step: Number | None = None
    count: Annotated[int, Field(strict=True)] | None = None
    distribution: Literal["uniform", "loguniform", "normal", "integers"] | None = None
    low: Number | None = None
    high: Number | None = None
    mean: Number | None = None
    sd: Number | None = None
    integer: StrictBool = False
    description: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> ParameterSpec:
        self._check_finite()
        forms = [
            name
            for name, given in (
                ("values", self.values is not None),
                ("start/stop", self.start is not None or self.stop is not None),
                ("distribution", self.distribution is not None),
            )
            if given
        ]
        if not forms:
            raise ValueError("give values, a range (start, stop, step or count) or a distribution")
        if len(forms) > 1:
            raise ValueError(f"give only one of {' and '.join(forms)}")
        if self.values is not None:
            self._check_values()
        elif self.distribution is not None:
            self._check_distribution()
        else:
            self._check_range()
        return self

    def _check_finite(self) -> None:
        for key in ("start", "stop", "step", "low", "high", "mean", "sd"):
            value = getattr(self, key)
            if value is not None and not math.isfinite(value):
                raise FieldError(key, f"must be a finite number, got {value}")
        for index, value in enumerate(self.values or []):
            if not math.isfinite(value):
                raise FieldError(f"values[{index}]", f"must be a finite number, got {value}")

    def _check_values(self) -> None:
        if not self.values:
            raise FieldError("values", "the list of values is empty")
        self._no_extra(("step", "count", "low", "high", "mean", "sd"), "values")

    def _check_range(self) -> None:
        self._no_extra(("low", "high", "mean", "sd"), "a range")
        for key in ("start", "stop"):
            if getattr(self, key) is None:
                raise FieldError(key, "missing (a range needs start and stop)")
        if self.step is not None and self.count is not None:
            raise ValueError("give step or count, not both")
        if self.stop < self.start:
            raise FieldError("stop", f"empty range: stop {self.stop} is below start {self.start}")
        if self.step is not None and self.step <= 0:
            raise FieldError("step", f"must be positive, got {self.step}")
        if self.count is not None and self.count < 1:
            raise FieldError("count", f"must be at least 1, got {self.count}")
        if self.count is not None and self.count > 1 and self.stop == self.start:
            raise FieldError("count", "a range with stop equal to start has one value")
        if self.step is not None and self.stop > self.start and self.range_count() > MAX_POINTS:
            raise FieldError("step", "the range has too many values")

    def _check_distribution(self) -> None:
        self._no_extra(("start", "stop", "step", "count"), "a distribution")
        if self.distribution == "normal":
            self._need(("mean", "sd"))
            self._no_extra(("low", "high"), "the normal distribution")
            if self.sd <= 0:
                raise FieldError("sd", f"must be positive, got {self.sd}")
            return
        self._need(("low", "high"))
        self._no_extra(("mean", "sd"), f"the {self.distribution} distribution")
        if self.high < self.low:
            raise FieldError("high", f"empty interval: high {self.high} is below low {self.low}")
        if self.distribution == "loguniform" and self.low <= 0:
            raise FieldError("low", f"must be positive for loguniform, got {self.low}")
        if self.distribution == "integers":
            for key in ("low", "high"):
                if getattr(self, key) != int(getattr(self, key)):
                    raise FieldError(key, "must be a whole number for integers")

    def _need(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            if getattr(self, key) is None:
                raise FieldError(key, f"missing (the {self.distribution} distribution needs it)")

    def _no_extra(self, keys: tuple[str, ...], form: str) -> None:
        for key in keys:
            if getattr(self, key) is not None:
                raise FieldError(key, f"does not go with {form}")

    @property
    def form(self) -> str:
        """``values``, ``range`` (with step or count), ``bounds`` (start/stop only) or
        ``distribution``."""
        if self.values is not None:
            return "values"
        if self.distribution is not None:
            return "distribution"
        if self.step is None and self.count is None:
            return "bounds"
        return "range"

    @property
    def is_integer(self) -> bool:
        """Whether the parameter takes whole numbers (declared, or an integer distribution)."""
        return self.integer or self.distribution == "integers"

    def range_count(self) -> int:
        """Number of values of a range with a step or a count (``stop`` included on the grid)."""
        if self.count is not None:
            return self.count
        span = (self.stop - self.start) / self.step
        return math.floor(span + float(relative_slack(span))) + 1


class Play(Strict):
    """Iterated play to analyse at every point: strategies, horizon, discount factor and
    Monte Carlo runs.

    Keys left out take the scenario's own ``play`` section.
    """

    row: str | None = None
    col: str | None = None
    rounds: Annotated[int, Field(strict=True, ge=1)] | None = None
    discount: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    runs: Annotated[int, Field(strict=True, ge=1, le=10_000_000)] | None = None


class Sweep(Strict):
    """A whole sweep file."""

    name: Name
    description: str = ""
    scenario: str = Field(min_length=1)
    design: Literal["grid", "random", "lhs", "sobol", "saltelli", "morris"] = "grid"
    points: Annotated[int, Field(strict=True, ge=1, le=MAX_POINTS)] | None = None
    seed: Annotated[int, Field(strict=True, ge=0, lt=2**63)] = 0
    levels: Annotated[int, Field(strict=True, ge=2, le=64)] = 4
    chunk_size: Annotated[int, Field(strict=True, ge=1, le=10_000_000)] = 20_000
    outcomes: list[Literal[OUTCOMES]] = ["regime", "mutual_compliance"]  # type: ignore[valid-type]
    select: Literal["max_total", "min_total", "max_row", "max_col"] = "max_total"
    parameters: dict[Name, ParameterSpec]
    play: Play = Play()

    @model_validator(mode="after")
    def _design_fits(self) -> Sweep:
        if not self.parameters:
            raise FieldError("parameters", "no parameter to vary")
        if not self.outcomes:
            raise FieldError("outcomes", "no outcome to record")
        if self.design == "grid":
            self._check_grid()
        elif self.points is None:
            raise FieldError("points", f"missing (design {self.design!r} needs a number of points)")
        else:
            _check_points(self.design_size(), "points", "points")
        if self.design in ("sobol", "saltelli") and self.points & (self.points - 1):
            better = 1 << (self.points - 1).bit_length()
            raise FieldError(
                "points",
                f"design {self.design!r} needs a power of 2 points, got {self.points} ({better}?)",
            )
        if self.design in ("saltelli", "morris"):
            self._check_screening()
        return self

    def _check_screening(self) -> None:
        for name, spec in self.parameters.items():
            if spec.distribution == "normal":
                raise FieldError(
                    f"parameters.{name}",
                    f"design {self.design!r} needs a bounded parameter, not a normal distribution",
                )
        if self.design == "morris" and self.levels % 2:
            raise FieldError(
                "levels", f"design 'morris' needs an even number of levels, got {self.levels}"
            )

    def design_size(self) -> int:
        """Rows of the table: ``points`` itself, or the rows a screening design expands it to.

        A Saltelli design of ``N`` base points over ``D`` parameters has ``N (D + 2)`` rows
        (first-order and total indices, Saltelli et al. 2010, section 4); a Morris design of
        ``r`` trajectories has ``r (D + 1)`` rows (Morris 1991).
        """
        dimension = len(self.parameters)
        if self.design == "saltelli":
            return self.points * (dimension + 2)
        if self.design == "morris":
            return self.points * (dimension + 1)
        return self.points

    def _check_grid(self) -> None:
        total = 1
        for name, spec in self.parameters.items():
            if spec.form == "distribution":
                raise FieldError(
                    f"parameters.{name}",
                    "design 'grid' needs values or a range, not a distribution",
                )
            if spec.form == "bounds":
                raise FieldError(
                    f"parameters.{name}", "design 'grid' needs a step or a count for this range"
                )
            total *= len(spec.values) if spec.values is not None else spec.range_count()
        _check_points(total, "parameters", "the grid's points")
        if self.points is not None and self.points != total:
            raise FieldError(
                "points", f"the grid has {total} points; leave points out or set it to {total}"
            )

    @property
    def play_outcomes(self) -> list[str]:
        """The requested outcomes that need iterated play."""
        return [name for name in self.outcomes if name in PLAY_OUTCOMES]


def _check_points(count: int, key: str, what: str) -> None:
    """Refuse a design of more points than the ``sweep_points`` bound of :mod:`sim.limits`."""
    try:
        limits.check("sweep_points", count, what)
    except limits.LimitError as exc:
        raise FieldError(key, exc.message) from None
