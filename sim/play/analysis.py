"""The iterated play of a scenario's strategy profile, as one result.

:func:`play_analysis` chooses the horizon (the ``[play]`` section's, or enough rounds that
``q^T`` is negligible for a continuation probability ``q``), computes the exact outcomes
from the Markov chain (:func:`sim.play.exact.exact_outcomes`), runs the seeded Monte Carlo
cross-check (:func:`sim.play.montecarlo.simulate`) and judges their agreement: the exact
payoffs must lie within two 95% half-widths of the sampled means (plus the package's
relative tolerance). With one run it keeps that run's history instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.play.assumptions import play_assumptions
from sim.play.exact import ExactOutcomes
from sim.play.montecarlo import Z_95, MonteCarloResult
from sim.results import Result
from sim.strategies.automaton import Automaton
from sim.tolerance import RELATIVE_TOLERANCE


def automaton_data(automaton: Automaton) -> dict[str, Any]:
    """A strategy for the JSON output: name, description, its states in words, initial state."""
    return {
        "name": automaton.name,
        "description": automaton.description,
        "states": [automaton.describe_state(q) for q in range(automaton.size)],
        "initial": automaton.states[automaton.initial],
    }


@dataclass(frozen=True, eq=False, kw_only=True)
class PlayAnalysis(Result):
    """Exact and Monte Carlo play of one strategy profile, or one run's history.

    Attributes
    ----------
    players, actions, treaty_states
        Names from the model.
    row, col
        The two automata.
    rounds, runs, seed
        Horizon, Monte Carlo runs and their seed.
    exact
        The exact outcomes (``None`` for a single run).
    rounds_to_end
        Expected rounds before the treaty ends without a horizon (infinite when it may last
        for ever; ``None`` for a single run).
    monte_carlo
        The runs (with trajectories).
    agrees
        Whether the exact payoffs lie within two 95% half-widths of the sampled means.
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    treaty_states: tuple[str, ...]
    row: Automaton
    col: Automaton
    rounds: int
    runs: int
    seed: int
    exact: ExactOutcomes | None
    rounds_to_end: float | None
    monte_carlo: MonteCarloResult
    agrees: bool | None
    causes: Any = None
    """:class:`~sim.play.responsibility.Attribution`: the end split by cause, exact."""
    sampled_causes: Any = None
    """:class:`~sim.play.responsibility_mc.SampledAttribution`: the same, sampled."""

    def payload(self) -> dict[str, Any]:
        from sim.play.outcome_data import one_run

        out: dict[str, Any] = {
            "players": list(self.players),
            "actions": [list(a) for a in self.actions],
            "treaty_states": list(self.treaty_states),
            "rounds": self.rounds,
            "runs": self.runs,
            "seed": self.seed,
            "strategies": {"row": automaton_data(self.row), "col": automaton_data(self.col)},
        }
        if self.exact is None:
            return out | one_run(self.monte_carlo, self.treaty_states)
        unbounded = self.rounds_to_end
        out["exact"] = self.exact.to_dict()
        out["exact"]["expected_rounds_to_end_without_horizon"] = (
            None if unbounded is None or not np.isfinite(unbounded) else float(unbounded)
        )
        out["per_round"] = self.exact.records()
        out["monte_carlo"] = self.monte_carlo.to_dict()
        out["monte_carlo"]["per_round"] = self.monte_carlo.records()
        out["monte_carlo"]["agrees_with_exact"] = self.agrees
        if self.causes is not None:
            out["exact"]["causes"] = self.causes.to_dict()
            out["monte_carlo"]["causes"] = self.sampled_causes.to_dict()
        return out

    def records(self) -> list[dict[str, Any]]:
        """The exact per-round table (probabilities and expected stage payoffs)."""
        if self.exact is None:
            raise TypeError("a single run has no per-round table")
        return self.exact.records()


def agrees_with_exact(exact: ExactOutcomes, sampled: MonteCarloResult) -> bool:
    """``|mean - exact| <= 2 z s / sqrt(R) + tolerance`` for both players' payoffs."""
    mean = sampled.payoffs.mean(axis=0)
    if sampled.runs < 2:
        return bool(np.all(np.abs(mean - exact.payoffs) <= RELATIVE_TOLERANCE))
    half = Z_95 * sampled.payoffs.std(axis=0, ddof=1) / np.sqrt(sampled.runs)
    scale = np.maximum(np.abs(exact.payoffs), 1.0)
    return bool(np.all(np.abs(mean - exact.payoffs) <= 2 * half + RELATIVE_TOLERANCE * scale))


def play_analysis(
    scenario,
    *,
    row: str | None = None,
    col: str | None = None,
    rounds: int | None = None,
    runs: int | None = None,
    seed: int | None = None,
    parameters: dict[str, float] | None = None,
) -> PlayAnalysis | None:
    """The iterated play of a scenario's profile; ``None`` without a ``play`` section and
    without both strategies given.

    ``row``/``col`` replace the section's strategies, ``rounds``, ``runs`` and ``seed`` its
    settings; ``runs == 1`` keeps one seeded run's history instead of the exact analysis.
    """
    from sim.compile.setup import play_setup
    from sim.play.exact import exact_outcomes, expected_rounds_to_end
    from sim.play.montecarlo import simulate

    if scenario.model.play is None and (row is None or col is None):
        return None
    setup = play_setup(scenario, parameters, row=row, col=col, rounds=rounds)
    runs = setup.runs if runs is None else runs
    seed = setup.seed if seed is None else seed
    model = setup.model
    sampled = simulate(model, setup.row, setup.col, setup.rounds, runs, seed, trajectories=True)
    exact = unbounded = agrees = causes = sampled_causes = None
    if runs > 1:
        exact = exact_outcomes(model, setup.row, setup.col, setup.rounds)
        unbounded = float(expected_rounds_to_end(model, setup.row, setup.col))
        unbounded = None if np.isnan(unbounded) else unbounded  # a dated start: not stationary
        agrees = agrees_with_exact(exact, sampled)
        if len(model.treaty_states) > 1:
            causes, sampled_causes = _causes(setup, runs, seed)
    return PlayAnalysis(
        method="monte-carlo" if exact is None else "exact-chain+monte-carlo",
        parameters={
            "row": setup.row.name,
            "col": setup.col.name,
            "rounds": setup.rounds,
            "runs": runs,
            "seed": seed,
        },
        assumptions=play_assumptions(model, setup.rounds),
        players=model.players,
        actions=model.actions,
        treaty_states=model.treaty_states,
        row=setup.row,
        col=setup.col,
        rounds=setup.rounds,
        runs=runs,
        seed=seed,
        exact=exact,
        rounds_to_end=unbounded,
        monte_carlo=sampled,
        agrees=agrees,
        causes=causes,
        sampled_causes=sampled_causes,
    )


def _causes(setup, runs: int, seed: int):
    """The treaty's end split by cause and evidence, exact and sampled directly.

    The exact split is the batched kernel's (:func:`sim.play.batch.batch_outcomes`, the
    same first passage as :func:`sim.play.responsibility.attribute_end` summed in another
    order), at one point.
    """
    from sim.play.batch import batch_outcomes
    from sim.play.responsibility import Attribution
    from sim.play.responsibility_mc import simulate_attribution

    model, rounds = setup.model, setup.rounds
    split = batch_outcomes(model, setup.row, setup.col, rounds, causes=True)
    exact = Attribution(rounds, model.players, split.by_cause, None, model.blame)
    return exact, simulate_attribution(model, setup.row, setup.col, rounds, runs, seed)
