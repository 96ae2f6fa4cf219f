"""The checks of a scenario value evaluated on parameters: number, probability, whole number.

Every numeric field of a scenario (a payoff, a detection probability, a strategy parameter,
a notice period, the tournament's rounds) is a number or an expression over the scenario's
parameters, which may be arrays (one value per sweep point). These three functions are the
only place where such a value is evaluated and range-checked; errors are
:class:`~sim.errors.ScenarioError` naming ``key`` (or no key, for the caller to add one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.errors import ScenarioError
from sim.scenario.expressions import evaluate_entry
from sim.tolerance import PROBABILITY_SLACK


def number(value: Any, parameters: Mapping[str, Any], key: str | None = None) -> np.ndarray:
    """Evaluate a number or an expression string on ``parameters`` (scalars or arrays)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioError("must be a number or an expression", key=key)
    try:
        return np.asarray(evaluate_entry(value, parameters), dtype=float)
    except ScenarioError as exc:
        raise ScenarioError(exc.message, key=key or exc.key) from None


def probability(
    value: Any, parameters: Mapping[str, Any], key: str | None = None, *, positive: bool = False
) -> np.ndarray:
    """A probability in ``[0, 1]`` (``(0, 1]`` if ``positive``) at every point.

    Values within :data:`~sim.tolerance.PROBABILITY_SLACK` outside the interval (rounding
    of an expression such as ``1 - 0.7 - 0.3``) are accepted as they are.
    """
    p = number(value, parameters, key)
    low = p <= 0 if positive else p < -PROBABILITY_SLACK
    bad = low | (p > 1 + PROBABILITY_SLACK)
    if np.any(bad):
        first = float(p[bad].flat[0]) if p.ndim else float(p)
        interval = "(0, 1]" if positive else "[0, 1]"
        raise ScenarioError(f"probability {first:g} is outside {interval}", key=key)
    return p


def whole_number(
    value: Any,
    parameters: Mapping[str, Any],
    key: str | None = None,
    *,
    minimum: int,
    why: str = "",
) -> int:
    """A whole number ``>= minimum`` with one value for all sweep points.

    Integer fields set sizes (a notice period, a deadline's automaton states, the horizon),
    so a sweep may vary them only by grouping its points; ``why`` says what it sets.
    """
    distinct = np.unique(number(value, parameters, key))
    if distinct.size != 1:
        reason = f" ({why})" if why else ""
        raise ScenarioError(f"must have one value for all sweep points{reason}", key=key)
    value = float(distinct[0])
    if not np.isfinite(value) or value != round(value) or value < minimum:
        raise ScenarioError(f"must be a whole number >= {minimum}, not {value:g}", key=key)
    return int(value)
