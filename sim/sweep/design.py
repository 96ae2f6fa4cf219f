"""Designs: where the points of a sweep lie.

- ``grid``: the full factorial of every parameter's values, the last parameter varying
  fastest; point ``i`` is ``numpy.unravel_index(i, shape)``, computed per chunk.
- ``random``: independent uniform draws in the unit cube from the sweep's seed.
- ``lhs``: a Latin hypercube (McKay, Beckman and Conover 1979), ``scipy.stats.qmc``.
- ``sobol``: a scrambled Sobol sequence (Sobol' 1967; Owen 1998 scrambling),
  ``scipy.stats.qmc``, with a power-of-2 number of points.
- ``saltelli``: the Saltelli (2002) cross-sampling scheme for first-order and total Sobol
  indices, ``N (D + 2)`` rows from ``N`` scrambled Sobol base points (SALib's
  ``sample.sobol``); :mod:`sim.sweep.sensitivity` estimates the indices from its table.
- ``morris``: ``r`` one-at-a-time trajectories on a ``levels``-level grid, ``r (D + 1)``
  rows (Morris 1991; SALib's ``sample.morris``), for elementary-effect screening.

The unit-cube designs are mapped to each parameter through its marginal: a list of values
or a range with a step is picked from evenly (``values[floor(u k)]``), ``start``/``stop``
alone and ``uniform`` are uniform, ``loguniform`` uniform in the logarithm, ``normal`` by
its quantile function, ``integers`` uniform over the whole numbers from low to high.
The unit-cube points come from ``SeedSequence(seed)`` alone, once for the whole sweep, so
they never depend on the chunking.
"""

from __future__ import annotations

import math

import numpy as np

from sim.sweep.schema import ParameterSpec, Sweep


def parameter_values(spec: ParameterSpec) -> np.ndarray:
    """The finite list of values of a ``values`` or ``range`` parameter."""
    if spec.values is not None:
        values = np.asarray(spec.values, dtype=float)
    elif spec.count is not None:
        values = np.linspace(spec.start, spec.stop, spec.count)
    else:
        values = np.minimum(spec.start + spec.step * np.arange(spec.range_count()), spec.stop)
    return np.round(values) if spec.is_integer else values


def parameter_support(spec: ParameterSpec) -> tuple[float, float]:
    """The smallest and largest value the parameter can take."""
    if spec.form in ("values", "range"):
        values = parameter_values(spec)
        return float(values.min()), float(values.max())
    if spec.form == "bounds":
        return float(spec.start), float(spec.stop)
    if spec.distribution == "normal":
        return -math.inf, math.inf
    return float(spec.low), float(spec.high)


def from_unit(spec: ParameterSpec, u: np.ndarray) -> np.ndarray:
    """Map uniform numbers ``u`` in [0, 1) to the parameter's marginal distribution."""
    u = np.clip(u, np.finfo(float).tiny, 1.0 - np.finfo(float).epsneg)
    if spec.form in ("values", "range"):
        values = parameter_values(spec)
        index = np.minimum((u * values.size).astype(np.int64), values.size - 1)
        return values[index]
    if spec.form == "bounds":
        out = spec.start + u * (spec.stop - spec.start)
    elif spec.distribution == "uniform":
        out = spec.low + u * (spec.high - spec.low)
    elif spec.distribution == "loguniform":
        out = np.exp(np.log(spec.low) + u * (np.log(spec.high) - np.log(spec.low)))
    elif spec.distribution == "normal":
        from scipy.special import ndtri

        out = spec.mean + spec.sd * ndtri(u)
    else:
        span = spec.high - spec.low + 1
        out = spec.low + np.minimum(np.floor(u * span), span - 1)
    return np.round(out) if spec.is_integer else out


class Design:
    """The points of a sweep, by index.

    Parameters
    ----------
    sweep
        The validated sweep model.
    """

    def __init__(self, sweep: Sweep):
        self.sweep = sweep
        self.names = list(sweep.parameters)
        if sweep.design == "grid":
            self.axes = [parameter_values(sweep.parameters[n]) for n in self.names]
            self.shape = tuple(a.size for a in self.axes)
            self.size = math.prod(self.shape)
        else:
            self.size = sweep.design_size()
        self._unit: np.ndarray | None = None

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Parameter arrays of the points ``start`` to ``stop - 1``, keyed by name."""
        if not 0 <= start <= stop <= self.size:
            raise ValueError(f"points {start}:{stop} outside 0:{self.size}")
        if self.sweep.design == "grid":
            index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            return {n: axis[i] for n, axis, i in zip(self.names, self.axes, index, strict=True)}
        unit = self.unit_points()[start:stop]
        return {
            n: from_unit(self.sweep.parameters[n], unit[:, k]) for k, n in enumerate(self.names)
        }

    def unit_points(self) -> np.ndarray:
        """The whole design in the unit cube, shape ``(points, parameters)`` (cached)."""
        if self._unit is None:
            sweep = self.sweep
            if sweep.design in ("saltelli", "morris"):
                self._unit = screening_design(sweep.design, sweep.points, self.names, sweep)
            else:
                self._unit = unit_design(sweep.design, self.size, len(self.names), sweep.seed)
        return self._unit


def unit_design(design: str, size: int, dimension: int, seed: int) -> np.ndarray:
    """``size`` points in ``[0, 1)^dimension`` for the random, lhs or sobol design."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    if design == "random":
        return rng.random((size, dimension))
    from scipy.stats import qmc

    if design == "lhs":
        return qmc.LatinHypercube(dimension, rng=rng).random(size)
    if design == "sobol":
        return qmc.Sobol(dimension, scramble=True, rng=rng).random_base2(int(size).bit_length() - 1)
    raise ValueError(f"unknown design {design!r}")


def salib_problem(names: list[str]) -> dict:
    """A SALib problem over the unit cube: the design's marginals map it to the parameters."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def salib_seed(seed: int) -> int:
    """A positive 32-bit seed for SALib from the sweep's seed (SALib treats 0 as unseeded)."""
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1


def screening_design(design: str, points: int, names: list[str], sweep: Sweep) -> np.ndarray:
    """The unit-cube rows of a Saltelli or Morris design, in SALib's order."""
    from SALib.sample import morris, sobol

    problem = salib_problem(names)
    seed = salib_seed(sweep.seed)
    if design == "saltelli":
        return sobol.sample(problem, points, calc_second_order=False, scramble=True, seed=seed)
    return morris.sample(problem, points, num_levels=sweep.levels, seed=seed)
