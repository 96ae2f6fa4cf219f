"""Scenario section ``tournament``: the pools of strategies that meet in a round robin, and
the settings of the evolutionary and learning dynamics run on the resulting table.

Example (TOML)::

    [tournament]
    pool = [
      { strategy = "tit_for_tat", label = "follow suit" },
      { strategy = "ultimatum", parameters = { deadline = 2 } },
      "grim_trigger",
    ]
    method = "exact"            # or "monte_carlo" (with runs and seed)

    [tournament.evolution]
    population = 20             # Moran population size N
    intensity = 0.1             # selection intensity w

``pool`` serves both sides (a symmetric treatment: both states choose among the same
doctrines); ``row_pool`` and ``col_pool`` give each side its own. A pool entry is a library
or scenario strategy name, or a table with ``strategy``, ``parameters``, an optional display
``label`` and a ``description``. Rounds and discounting come from ``[play]`` unless
``rounds``/``discount`` are given here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StrictFloat,
    StrictInt,
    model_validator,
)

from sim.errors import FieldError
from sim.scenario.types import IntValue, Name, Strict, Value


class Entrant(Strict):
    """One strategy in a pool: a library or scenario strategy with parameter values."""

    strategy: Name
    parameters: dict[Name, Value | list[Value] | dict[str, Value]] = {}
    label: str | None = Field(None, min_length=1, max_length=40)
    description: str = ""

    @property
    def display_name(self) -> str:
        """The label, or the strategy name with its parameters (``ultimatum(deadline=2)``)."""
        if self.label:
            return self.label
        if not self.parameters:
            return self.strategy
        values = ", ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.strategy}({values})"


def _entrant(value: Any) -> Any:
    return {"strategy": value} if isinstance(value, str) else value


PoolEntry = Annotated[Entrant, BeforeValidator(_entrant)]
Pool = Annotated[list[PoolEntry], Field(min_length=1, max_length=64)]


class EvolutionSettings(Strict):
    """Settings of the dynamics run on the tournament table.

    ``population``/``intensity``/``fitness``: the Moran process (``N``, ``w``, and
    ``1 - w + w*payoff`` or ``exp(w*payoff)``), on per-round payoffs; ``runs``: simulated
    runs per pairing for the cross-check of the closed form (0: none);
    ``time``: how long the replicator and logit dynamics run; ``precision``: the logit
    ``lambda``; ``learning_rounds``: rounds of fictitious play; ``row_start``/``col_start``:
    the replicator dynamics' starting shares, one weight per pool entry in order (normalised;
    default: equal shares). ``time`` lies in [0.001, 1e6], ``precision`` and ``intensity``
    in [0, 1e6], so that the integration and the exponentials stay finite.
    """

    population: StrictInt = Field(20, ge=2, le=100_000)
    intensity: StrictFloat | StrictInt = Field(0.1, ge=0, le=1e6)
    fitness: Literal["linear", "exponential"] = "linear"
    runs: StrictInt = Field(2000, ge=0, le=10_000_000)
    time: StrictFloat | StrictInt = Field(50.0, ge=0.001, le=1e6)
    precision: StrictFloat | StrictInt = Field(5.0, ge=0, le=1e6)
    learning_rounds: StrictInt = Field(1000, ge=1, le=1_000_000)
    seed: StrictInt = Field(0, ge=0)
    row_start: list[Annotated[StrictFloat | StrictInt, Field(ge=0, le=1e300)]] | None = None
    col_start: list[Annotated[StrictFloat | StrictInt, Field(ge=0, le=1e300)]] | None = None

    @model_validator(mode="after")
    def _starts(self) -> EvolutionSettings:
        for key in ("row_start", "col_start"):
            weights = getattr(self, key)
            if weights is not None and sum(weights) <= 0:
                raise FieldError(key, "the weights must not all be zero")
        return self


class Tournament(Strict):
    """The ``[tournament]`` section."""

    description: str = ""
    pool: Pool | None = None
    row_pool: Pool | None = None
    col_pool: Pool | None = None
    method: Literal["exact", "monte_carlo"] = "exact"
    runs: StrictInt | None = Field(None, ge=2, le=10_000_000)
    seed: StrictInt | None = Field(None, ge=0)
    rounds: IntValue | None = None
    discount: Value | None = None
    evolution: EvolutionSettings = EvolutionSettings()

    @model_validator(mode="after")
    def _pools(self) -> Tournament:
        if self.pool is not None and (self.row_pool is not None or self.col_pool is not None):
            raise FieldError("pool", "give either 'pool' or 'row_pool' and 'col_pool', not both")
        if self.pool is None and (self.row_pool is None or self.col_pool is None):
            missing = "row_pool" if self.row_pool is None else "col_pool"
            raise FieldError(missing, "missing (required unless 'pool' is given)")
        for key in ("pool", "row_pool", "col_pool"):
            names: dict[str, int] = {}
            for index, entrant in enumerate(getattr(self, key) or []):
                name = entrant.display_name
                if name in names:
                    raise FieldError(
                        f"{key}[{index}]",
                        f"{name!r} is already entry {names[name]}; give a distinct 'label'",
                    )
                names[name] = index
        return self

    @property
    def shared_pool(self) -> bool:
        """Whether one pool serves both sides."""
        return self.pool is not None

    def pools(self) -> tuple[list[Entrant], list[Entrant]]:
        """The row pool and the column pool (the same list when one pool serves both)."""
        if self.pool is not None:
            return list(self.pool), list(self.pool)
        return list(self.row_pool or []), list(self.col_pool or [])

    def pool_key(self, side: int) -> str:
        """The key of a side's pool in the file, for error messages."""
        if self.pool is not None:
            return "tournament.pool"
        return "tournament.row_pool" if side == 0 else "tournament.col_pool"
