"""Iterated-play outcomes of a chunk of sweep points.

The strategy profile (the scenario's ``[play]`` section, or the sweep's ``[play]``) is
analysed at every point with the exact Markov-chain analysis of :mod:`sim.play.exact`
and the repeated-game checks of :mod:`sim.play.checks`, vectorised over the points:
the model is built once from parameter arrays and carries one batch axis.

The first five outcomes (``expected_payoffs`` to ``responsibility``) come from
:func:`sim.play.batch.batch_outcomes`: the chain's structure compiled once for a batch, the
rounds in a compiled kernel, the same figures as the per-point analysis; batches of up to
:data:`FAST_BATCH` points. The others use the per-point analyses on smaller batches.

Parameters that fix the structure of the chain (whole numbers: a notice period, a
deadline, the horizon) cannot vary inside one batch, so the points are grouped by the
values of the sweep's integer parameters and each group is one batch. Groups are cut into
batches of at most :func:`batch_points` points to bound memory (the exact analysis keeps
a distribution over the joint states for every round).

Columns, by outcome:

- ``expected_payoffs``: ``play_row_payoff``, ``play_col_payoff``, the expected discounted
  sums over the horizon, as ``stabsim play`` reports them;
- ``survival``: ``survival``, the probability that the treaty is still in force after the
  last round of the horizon;
- ``collapse_time``: ``rounds_in_force``, the expected number of rounds before the treaty
  ends (rounds without an end count up to the horizon);
- ``who_ends``: ``ended_by_row``, ``ended_by_col``, the probability that the row (column)
  side's move ends the treaty within the horizon (a simultaneous move counts for both);
- ``responsibility``: ``end_CAUSE`` for each cause of
  :data:`sim.play.responsibility.CAUSE_NAMES` (whose move ended the treaty and what it
  answered), summing to the end probability, and ``responsible_row``, ``responsible_col``,
  ``responsible_nobody``: those shared out by the scenario's ``[responsibility]`` rules
  (:mod:`sim.play.blame`), summing to it too;
- ``subgame_perfect``: whether the profile is subgame perfect under perfect monitoring at
  the point's discount factor (one-shot deviation principle);
- ``monte_carlo``: ``mc_row_payoff``, ``mc_col_payoff``, ``mc_survival`` and their standard
  errors (``_se``) from ``runs`` seeded runs (the sweep's ``[play] runs``, else the
  scenario's), drawn from the point's own ``SeedSequence(seed, spawn_key=(point,))``, so
  they are the same whatever the chunking or the executor; one point at a time, like
  :func:`sim.play.montecarlo.simulate`, whose runs are vectorised;
- ``critical_discount``: the smallest discount factor above which it is (NaN if there is
  none). :func:`sim.play.checks.critical_discount` takes one model, and each call solves
  hundreds of linear systems, so this column is computed point by point: the Python
  overhead per point is negligible beside that linear algebra.
"""

from __future__ import annotations

import numpy as np

from sim.errors import ScenarioError, StabsimError, join_key

ELEMENT_BUDGET = 4_000_000
"""Largest ``points x rounds x joint states`` of one exact-analysis batch (32 MB a float array)."""


FAST = ("expected_payoffs", "survival", "collapse_time", "who_ends", "responsibility")
"""Outcomes computed by the batched exact analysis."""

FAST_BATCH = 1 << 16
"""Points per call of the batched exact analysis (it bounds its own arrays besides)."""


def play_columns(task, values: dict[str, np.ndarray], wanted: list[str]) -> dict[str, np.ndarray]:
    """The requested iterated-play columns for the points of ``task``."""
    fast = [name for name in wanted if name in FAST]
    slow = [name for name in wanted if name not in FAST]
    columns: dict[str, np.ndarray] = {}
    if fast:
        columns.update(_columns(task, values, fast, lambda members: FAST_BATCH))
    if slow:
        sizes = lambda members: batch_points(task, values, members[:1])  # noqa: E731
        columns.update(_columns(task, values, slow, sizes))
    return columns


def _columns(task, values, wanted, batch_size) -> dict[str, np.ndarray]:
    size = task.stop - task.start
    columns: dict[str, np.ndarray] = {}
    structural = [n for n in task.integer_parameters if n in values]
    for members in point_groups(values, structural, size):
        for batch in _cut(members, batch_size(members)):
            part = {name: v[batch] for name, v in values.items()}
            points = task.start + batch
            for name, column in _group_columns(task, part, points, structural, wanted).items():
                if name not in columns:
                    columns[name] = np.empty(size, dtype=column.dtype)
                columns[name][batch] = column
    return columns


def point_groups(values: dict[str, np.ndarray], structural: list[str], size: int):
    """Index arrays of the points that share the values of the ``structural`` parameters."""
    if not structural:
        return [np.arange(size)]
    keys = np.stack([values[name] for name in structural], axis=1)
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    cuts = np.flatnonzero(np.diff(inverse[order])) + 1
    return np.split(order, cuts)


def batch_points(task, values, sample: np.ndarray) -> int:
    """Points per exact-analysis batch for this profile (from one point's chain size)."""
    from sim.play.chain import joint_chain

    point = {name: float(v[sample[0]]) for name, v in values.items()}
    setup = _setup(task, point)
    states = joint_chain(setup.model, setup.row, setup.col).size
    return max(1, ELEMENT_BUDGET // (setup.rounds * states))


def _cut(members: np.ndarray, size: int) -> list[np.ndarray]:
    return [members[k : k + size] for k in range(0, members.size, size)]


def _setup(task, parameters: dict):
    from sim.compile.setup import play_setup

    play = task.play
    setup = play_setup(
        task.scenario,
        parameters,
        row=play.get("row"),
        col=play.get("col"),
        rounds=play.get("rounds"),
    )
    if play.get("discount") is not None:
        from dataclasses import replace

        setup = replace(setup, model=setup.model.with_discount(play["discount"]))
    return setup


def _group_columns(task, part, points, structural, wanted) -> dict[str, np.ndarray]:
    """Columns for one batch of points that share their structural parameters."""
    count = len(next(iter(part.values())))
    parameters = {
        name: (float(v[0]) if name in structural else np.asarray(v, dtype=float))
        for name, v in part.items()
    }
    try:
        setup = _setup(task, parameters)
        return _analyse(setup, wanted, count, task, part, points)
    except StabsimError as exc:
        raise _point_error(task, exc) from None


def _analyse(setup, wanted, count, task, part, points) -> dict[str, np.ndarray]:
    from sim.play.checks import check_subgame_perfect

    def full(array) -> np.ndarray:
        return np.broadcast_to(np.asarray(array), (count,)).copy()

    out: dict[str, np.ndarray] = {}
    if set(wanted) & set(FAST):
        out.update(_exact_columns(setup, wanted, count))
    if "subgame_perfect" in wanted:
        check = check_subgame_perfect(setup.model, setup.row, setup.col)
        out["subgame_perfect"] = full(check.subgame_perfect).astype(bool)
    if "critical_discount" in wanted:
        out["critical_discount"] = _critical_discounts(task, part, count)
    if "monte_carlo" in wanted:
        out.update(_monte_carlo(task, part, points))
    return out


def _exact_columns(setup, wanted, count: int) -> dict[str, np.ndarray]:
    """The batched exact outcomes (:func:`sim.play.batch.batch_outcomes`) as columns."""
    from sim.play.batch import batch_outcomes
    from sim.play.blame import PARTIES, responsible
    from sim.play.responsibility import CAUSE_NAMES

    exact = batch_outcomes(
        setup.model,
        setup.row,
        setup.col,
        setup.rounds,
        causes="responsibility" in wanted,
        payoffs="expected_payoffs" in wanted,
    )

    def per_point(array, *tail) -> np.ndarray:
        return np.broadcast_to(array, (count, *tail)).copy()

    out: dict[str, np.ndarray] = {}
    if "expected_payoffs" in wanted:
        out["play_row_payoff"], out["play_col_payoff"] = per_point(exact.payoffs, 2).T
    if "survival" in wanted:
        out["survival"] = per_point(np.clip(1.0 - exact.end_probability, 0.0, 1.0))
    if "collapse_time" in wanted:
        out["rounds_in_force"] = per_point(exact.rounds_in_force)
    if "who_ends" in wanted:
        out["ended_by_row"], out["ended_by_col"] = per_point(exact.ended_by, 2).T
    if "responsibility" in wanted:
        causes = per_point(exact.by_cause, len(CAUSE_NAMES))
        for k, name in enumerate(CAUSE_NAMES):
            out[f"end_{name}"] = causes[:, k].copy()
        parts = responsible(causes, setup.model.blame, CAUSE_NAMES)
        for k, party in enumerate(PARTIES):
            out[f"responsible_{party}"] = parts[:, k].copy()
    return out


def _monte_carlo(task, part, points: np.ndarray) -> dict[str, np.ndarray]:
    """Seeded Monte Carlo runs at every point, from the point's own ``SeedSequence``."""
    from sim.play.montecarlo import simulate
    from sim.sweep.seeds import point_sequence

    names = ("mc_row_payoff", "mc_col_payoff", "mc_row_payoff_se", "mc_col_payoff_se")
    out = {name: np.empty(points.size) for name in (*names, "mc_survival", "mc_survival_se")}
    for k, index in enumerate(points):
        setup = _setup(task, {name: float(v[k]) for name, v in part.items()})
        runs = task.play.get("runs", setup.runs)
        result = simulate(
            setup.model, setup.row, setup.col, setup.rounds, runs, point_sequence(task.seed, index)
        )
        survived = (result.end_round < 0).astype(float)
        standard_error = survived.std(ddof=1) / np.sqrt(runs) if runs > 1 else np.inf
        for name, value in zip(names, (*result.payoff_mean, *result.payoff_se), strict=True):
            out[name][k] = value
        out["mc_survival"][k] = survived.mean()
        out["mc_survival_se"][k] = standard_error
    return out


def _critical_discounts(task, part, count: int) -> np.ndarray:
    from sim.play.checks import critical_discount

    out = np.full(count, np.nan)
    for k in range(count):
        setup = _setup(task, {name: float(v[k]) for name, v in part.items()})
        found = critical_discount(setup.model, setup.row, setup.col)
        if found is not None:
            out[k] = found
    return out


def _point_error(task, exc: StabsimError) -> ScenarioError:
    from sim.sweep.task import PointError

    message = exc.message
    if "one value for all" in message:
        message += " (give the swept parameter `integer = true` so points are grouped by it)"
    if exc.argument in ("row", "col"):
        return PointError(message, exc.source, play_key(exc))
    return PointError(message, exc.source or task.scenario.path, exc.key)


def play_key(exc: StabsimError) -> str:
    """The sweep file's key of a strategy that ``play_setup`` refused as its ``row``/``col``."""
    key = f"play.{exc.argument}"
    return join_key(key, exc.key) if exc.key else key
