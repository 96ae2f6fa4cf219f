"""Verdicts and discount-factor sets for Nash equilibrium under private monitoring.

From the bounds of :mod:`sim.repeated.private` on each side's best deviation gain:

- ``"equilibrium"`` if both upper bounds are at most the tolerance;
- ``"not an equilibrium"`` (gain at least the lower bound) if one lower bound exceeds it;
- ``"undetermined"`` (gain between the bounds) otherwise.

Over discount factors this gives an *inner* set (certainly an equilibrium) and an *outer*
set (not excluded); their endpoints are found on a grid and refined by bisection on the
verdict, so they are accurate to :data:`BISECTIONS` halvings of the grid step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.repeated.exact import error_band
from sim.repeated.intervals import GRID
from sim.repeated.private import MAX_DEPTH, NODE_BUDGET, PrivateProblem
from sim.repeated.sets import DiscountSet, assumptions
from sim.repeated.terms import normalising
from sim.results import Result
from sim.strategies.automaton import Automaton

BISECTIONS = 30
SET_GRID = GRID[::5]
"""Coarser grid for the private sets (each point solves the belief tree backwards)."""


@dataclass(frozen=True, eq=False)
class PrivateNash(Result):
    """The private-monitoring Nash verdict at the model's discount factor.

    ``gain_low``/``gain_high`` bound the larger of the two sides' best deviation gains, in
    the model's payoff units; ``depth`` is the belief tree's depth and ``complete`` whether
    the budget allowed the whole requested depth.
    """

    verdict: str = ""
    gain_low: float = 0.0
    gain_high: float = 0.0
    depth: int = 0
    complete: bool = True

    @property
    def text(self) -> str:
        if self.verdict == "equilibrium":
            return "equilibrium"
        if self.verdict == "not an equilibrium":
            return f"not an equilibrium (gain at least {self.gain_low:.4g})"
        return f"undetermined (gain between {self.gain_low:.4g} and {self.gain_high:.4g})"

    def payload(self) -> dict:
        return {
            "verdict": self.verdict,
            "gain": {"low": self.gain_low, "high": self.gain_high},
            "belief_tree_depth": self.depth,
            "complete": self.complete,
            "text": self.text,
        }


def _bounds(problems, trees, deltas, rounds):
    """Per side normalised ``(lower, upper)`` gain bounds, ``(2, 2, D)``."""
    out = []
    for problem, tree in zip(problems, trees, strict=True):
        if rounds is not None and tree.complete:
            exact = problem.finite_gain(tree, deltas)
            out.append((exact, exact))
        else:
            out.append(problem.gain_bounds(tree, deltas))
    return np.array(out)


def _verdicts(bounds: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    """0 equilibrium, 1 undetermined, 2 not an equilibrium, per discount factor."""
    band = error_band(deltas, 1)
    lower, upper = bounds[:, 0], bounds[:, 1]
    certain = np.all(upper <= band, axis=0)
    excluded = np.any(lower > band, axis=0)
    return np.where(certain, 0, np.where(excluded, 2, 1))


def _setup(model, row, col, rounds, depth, budget):
    problems = [PrivateProblem(model, row, col, side) for side in (0, 1)]
    horizon = rounds if rounds is not None else depth
    trees = [p.tree(horizon, budget) for p in problems]
    return problems, trees


def private_nash(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    *,
    rounds: int | None = None,
    depth: int = MAX_DEPTH,
    budget: int = NODE_BUDGET,
) -> PrivateNash:
    """Nash verdict of ``(row, col)`` under private monitoring at the model's discount.

    ``rounds``: a finite horizon (exact if the belief tree fits ``budget``); ``None``: the
    infinite horizon, bounded by a belief tree of at most ``depth`` rounds.
    """
    delta = np.array([float(model.discount * model.continuation)])
    problems, trees = _setup(model, row, col, rounds, depth, budget)
    bounds = _bounds(problems, trees, delta, rounds)[..., 0]
    verdict = int(_verdicts(bounds[..., None], delta)[0])
    span = normalising(model)[1]
    scaled = bounds * span[:, None]
    names = ("equilibrium", "undetermined", "not an equilibrium")
    notes = (
        "the deviator sees only its own actions, its own signals and the treaty state",
        "lower bound: the best plan over the belief tree, then the own automaton; "
        "upper bound: the other's state revealed after the tree",
    )
    base = assumptions(model, "private", notes)
    from dataclasses import replace

    return PrivateNash(
        method="belief-tree" if rounds is None else "belief-tree-finite",
        parameters={"budget": budget, "depth": min(t.depth for t in trees)},
        assumptions=replace(base, horizon=rounds),
        verdict=names[verdict],
        gain_low=float(max(scaled[:, 0].max(), 0.0)),
        gain_high=float(max(scaled[:, 1].max(), 0.0)),
        depth=min(t.depth for t in trees),
        complete=all(t.complete for t in trees),
    )


def private_sets(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    *,
    depth: int = MAX_DEPTH,
    budget: int = NODE_BUDGET,
    grid: np.ndarray = SET_GRID,
) -> tuple[DiscountSet, DiscountSet]:
    """Inner (certainly Nash) and outer (not excluded) discount sets, private monitoring."""
    problems, trees = _setup(model, row, col, None, depth, budget)
    continuation = float(model.continuation)

    def verdicts(discounts: np.ndarray) -> np.ndarray:
        deltas = np.asarray(discounts) * continuation
        return _verdicts(_bounds(problems, trees, deltas, None), deltas)

    grid_verdicts = verdicts(grid)
    parameters = {
        "grid_points": len(grid),
        "bisections": BISECTIONS,
        "belief_tree_depth": min(t.depth for t in trees),
        "budget": budget,
    }
    notes = ("endpoints by bisection on the verdict between grid points",)
    out = []
    for concept, inside in (
        ("Nash (certain)", lambda v: v == 0),
        ("Nash (not excluded)", lambda v: v <= 1),
    ):
        mask = inside(grid_verdicts)
        intervals = _runs(
            grid, mask, lambda d, inside=inside: bool(inside(verdicts(np.array([d]))[0]))
        )
        out.append(
            DiscountSet(
                method="belief-tree-bounds",
                parameters=parameters,
                assumptions=assumptions(model, "private", notes),
                concept=concept,
                profile=(row.name, col.name),
                intervals=tuple(intervals),
            )
        )
    return out[0], out[1]


def _runs(grid: np.ndarray, mask: np.ndarray, inside) -> list[tuple[float, float]]:
    """Maximal runs of ``mask`` as intervals, each inner end refined by bisection."""
    out = []
    start = None
    for k, ok in enumerate(mask):
        if ok and start is None:
            start = 0.0 if k == 0 else _edge(grid[k - 1], grid[k], inside)
        if not ok and start is not None:
            out.append((start, _edge(grid[k - 1], grid[k], inside)))
            start = None
    if start is not None:
        out.append((start, 1.0))
    return out


def _edge(low: float, high: float, inside) -> float:
    """A point between ``low`` and ``high`` where ``inside`` changes, by bisection."""
    ok_low = inside(low)
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if inside(middle) == ok_low:
            low = middle
        else:
            high = middle
    return float(low if ok_low else high)
