"""Monte Carlo runs of a strategy profile, vectorised across runs.

All ``R`` runs advance together, one round at a time: each run's joint state
``(treaty state, row state, column state)`` indexes a table of the round's possible outcomes
(action profile, next joint state, who ended the treaty) with their cumulative
probabilities, and one uniform draw per run picks the outcome (inverse transform sampling).
There is no Python loop over runs. Randomness comes from one ``numpy.random.Generator``
seeded from a ``SeedSequence``; the same seed gives the same runs.

Payoffs are weighted by ``(discount * continuation)^t`` exactly as in the exact analysis
(with a continuation probability the weight replaces the random stop: same expectation,
less variance), so means are comparable to :func:`sim.play.exact.exact_outcomes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim import limits
from sim.dynamics.model import IteratedModel
from sim.dynamics.treaty import BOTH, CAUSES, COL, ROW
from sim.errors import StabsimError
from sim.play.assumptions import play_assumptions
from sim.play.chain import JointChain, joint_chain, starts_by_round
from sim.progress import task
from sim.results import Result
from sim.strategies.automaton import Automaton

Z_95 = 1.959963984540054
"""Standard normal quantile for two-sided 95% confidence intervals."""
_LINEAR_SEARCH = 6


@dataclass(frozen=True, eq=False, kw_only=True)
class MonteCarloResult(Result):
    """Per-run results of ``runs`` runs of ``rounds`` rounds.

    A :class:`~sim.results.Result` with method ``"monte-carlo"`` (parameters: runs, rounds,
    seed); ``to_dict()`` gives estimates ``{"mean", "se", "ci95"}`` and ``to_frame()`` the
    per-round estimates when the trajectories were kept (:mod:`sim.play.outcome_data`).

    Attributes
    ----------
    payoffs
        ``(R, 2)``: each run's weighted payoff sum (weights ``(discount*continuation)^t``).
    totals
        ``(R, 2)``: each run's plain payoff sum.
    rounds_in_force
        ``(R,)``: rounds before the treaty ended, weighted by ``continuation^t``.
    end_round
        ``(R,)``: the round after which the treaty ended, ``-1`` if it did not.
    end_cause
        ``(R,)``: index into :data:`~sim.dynamics.treaty.CAUSES`, ``-1`` if it did not end.
    end_weight
        ``(R,)``: ``continuation^end_round`` if it ended, else 0.
    row_actions, col_actions, treaty_states
        ``(R, T)`` integer trajectories (``None`` unless asked for).
    """

    runs: int
    rounds: int
    seed: int
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    treaty_states: tuple[str, ...]
    payoffs: np.ndarray
    totals: np.ndarray
    rounds_in_force: np.ndarray
    end_round: np.ndarray
    end_cause: np.ndarray
    end_weight: np.ndarray
    row_actions: np.ndarray | None = None
    col_actions: np.ndarray | None = None
    treaty_states_path: np.ndarray | None = None

    def mean(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sample mean over runs and the half-width of its 95% confidence interval.

        ``z_0.975 s / sqrt(R)`` (normal approximation; ``s`` the sample standard deviation).
        """
        values = np.asarray(values, dtype=float)
        mean = values.mean(axis=0)
        if self.runs < 2:
            return mean, np.full(np.shape(mean), np.inf)
        return mean, Z_95 * values.std(axis=0, ddof=1) / np.sqrt(self.runs)

    @property
    def payoff_mean(self) -> np.ndarray:
        """``(2,)``: mean weighted payoff over runs."""
        return self.payoffs.mean(axis=0)

    @property
    def payoff_se(self) -> np.ndarray:
        """``(2,)``: standard error of :attr:`payoff_mean` (``s / sqrt(R)``)."""
        if self.runs < 2:
            return np.full(2, np.inf)
        return self.payoffs.std(axis=0, ddof=1) / np.sqrt(self.runs)

    def ended_by(self) -> np.ndarray:
        """``(R, 2)``: weight of runs whose end the row (column) side's move caused."""
        by_row = (self.end_cause == ROW) | (self.end_cause == BOTH)
        by_col = (self.end_cause == COL) | (self.end_cause == BOTH)
        return np.stack([by_row, by_col], axis=-1) * self.end_weight[:, None]

    def survival(self) -> np.ndarray:
        """``(T,)``: fraction of runs whose treaty had not ended before round ``t``."""
        ended = np.where(self.end_round >= 0, self.end_round, self.rounds)
        counts = np.bincount(ended, minlength=self.rounds + 1)[: self.rounds]
        return 1.0 - np.concatenate([[0], np.cumsum(counts)[:-1]]) / self.runs

    def payload(self) -> dict:
        from sim.play.outcome_data import monte_carlo_summary

        return monte_carlo_summary(self)

    def records(self) -> list[dict]:
        from sim.play.outcome_data import monte_carlo_records

        return monte_carlo_records(self)


def check_simulation_size(rounds: int, runs: int, seed=0, *, trajectories: bool = False) -> None:
    """Refuse a simulation beyond the bounds of :mod:`sim.limits` before any work starts.

    The memory estimate is 64 bytes of state per run, plus three ``int16`` paths of
    ``rounds`` entries per run when the trajectories are kept.
    """
    if isinstance(seed, int) and not 0 <= seed < 2**63:
        raise StabsimError(f"`seed` must be from 0 to 2**63 - 1, not {limits.shown(seed)}")
    limits.check("runs", runs)
    limits.check("rounds", rounds)
    kept = 3 * 2 * rounds if trajectories else 0
    limits.check_memory(
        float(runs) * (kept + 64), f"{runs:,} Monte Carlo runs of {rounds:,} rounds"
    )


def simulate(
    model: IteratedModel,
    row_strategy: Automaton,
    col_strategy: Automaton,
    rounds: int,
    runs: int,
    seed: int | np.random.SeedSequence | np.random.Generator = 0,
    *,
    trajectories: bool = False,
) -> MonteCarloResult:
    """``runs`` seeded runs of ``row_strategy`` against ``col_strategy`` over ``rounds`` rounds.

    Parameters
    ----------
    model
        A single model (no batch axes: one sweep point at a time).
    row_strategy, col_strategy
        Automata built for the row and the column player of ``model``.
    rounds, runs
        Horizon ``T`` and number of runs ``R``.
    seed
        Seed of the ``SeedSequence`` the generator is drawn from (or a ``SeedSequence``, or
        a ``Generator`` to draw from directly).
    trajectories
        Keep the ``(R, T)`` actions and treaty states of every run.
    """
    if rounds < 1 or runs < 1:
        raise ValueError(f"need at least one round and one run, not {rounds} and {runs}")
    check_simulation_size(rounds, runs, seed, trajectories=trajectories)
    chain = joint_chain(model, row_strategy, col_strategy)
    if chain.batch_shape or model.batch_shape:
        raise ValueError("Monte Carlo runs one point at a time: the model has batch axes")
    table = _OutcomeTable.of(chain)
    if isinstance(seed, np.random.Generator):
        rng, seed_value = seed, -1
    else:
        sequence = (
            seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        )
        rng = np.random.default_rng(sequence)
        seed_value = seed if isinstance(seed, int) else int(sequence.entropy)
    weight = float(model.discount * model.continuation)
    reach = float(model.continuation)
    treaty_of = model.chain.state[chain.treaty_index]
    state = np.full(runs, chain.initial, dtype=np.intp)
    payoffs = np.zeros((runs, 2))
    totals = np.zeros((runs, 2))
    alive = np.full(runs, bool(chain.in_force[chain.initial]))
    end_round = np.full(runs, -1, dtype=np.int64)
    end_cause = np.full(runs, -1, dtype=np.int8)
    may_end = bool(np.any(table.end_cause >= 0))
    paths = [np.empty((runs, rounds), dtype=np.int16) for _ in range(3)] if trajectories else None
    starts = starts_by_round(chain.starts())
    with task(f"Monte Carlo, {runs:,} runs: rounds", rounds) as progress:
        for t in range(rounds):
            if t in starts:
                state = starts[t][state]
            outcome = table.draw(state, rng.random(runs))
            pay = table.payoff.take(outcome, axis=0)
            totals += pay
            if weight != 1.0:
                pay *= weight**t
                payoffs += pay
            if may_end:
                cause = table.end_cause.take(outcome)
                ends = alive & (cause >= 0)
                end_round[ends] = t
                end_cause[ends] = cause[ends]
                alive &= ~ends
            if paths is not None:
                paths[0][:, t] = table.row_action.take(outcome)
                paths[1][:, t] = table.col_action.take(outcome)
                paths[2][:, t] = treaty_of.take(state)
            state = table.target.take(outcome)
            progress.advance(1)
    if weight == 1.0:
        payoffs = totals.copy()
    start_alive = bool(chain.in_force[chain.initial])
    length = np.where(end_round >= 0, end_round + 1, rounds if start_alive else 0)
    in_force_rounds = length.astype(float) if reach == 1.0 else (1 - reach**length) / (1 - reach)
    end_weight = np.where(end_round >= 0, reach ** np.maximum(end_round, 0), 0.0)
    return MonteCarloResult(
        method="monte-carlo",
        parameters={"runs": runs, "rounds": rounds, "seed": seed_value},
        assumptions=play_assumptions(model, rounds),
        runs=runs,
        rounds=rounds,
        seed=seed_value,
        players=model.players,
        actions=model.actions,
        treaty_states=model.treaty_states,
        payoffs=payoffs,
        totals=totals,
        rounds_in_force=in_force_rounds,
        end_round=end_round,
        end_cause=end_cause,
        end_weight=end_weight,
        row_actions=paths[0] if paths else None,
        col_actions=paths[1] if paths else None,
        treaty_states_path=paths[2] if paths else None,
    )


@dataclass(frozen=True, eq=False)
class _OutcomeTable:
    """For each joint state, its possible outcomes padded to ``L``, with cumulative sums.

    Flat outcome index ``s * L + l``; ``cumulative[s, l]`` is the probability of outcomes
    ``0..l`` of state ``s`` (padding repeats 1).
    """

    width: int
    cumulative: np.ndarray
    target: np.ndarray
    row_action: np.ndarray
    col_action: np.ndarray
    payoff: np.ndarray
    end_cause: np.ndarray
    threshold: np.ndarray
    alias: np.ndarray

    @classmethod
    def of(cls, chain: JointChain) -> _OutcomeTable:
        treaty = chain.model.chain
        tt = chain.treaty_term
        ends = treaty.in_force[treaty.source[tt]] & ~treaty.in_force[treaty.target[tt]]
        cause = np.where(ends, treaty.cause[tt], -1)
        keys = np.stack([chain.source, chain.row_action, chain.col_action, chain.target, cause])
        unique, inverse = np.unique(keys, axis=1, return_inverse=True)
        inverse = inverse.reshape(-1)
        probability = np.bincount(inverse, weights=chain.probability, minlength=unique.shape[1])
        keep = probability > 0
        unique, probability = unique[:, keep], probability[keep]
        source = unique[0]
        size = chain.size
        counts = np.bincount(source, minlength=size)
        width = max(1, int(counts.max()))
        slot = np.arange(len(source)) - np.concatenate([[0], np.cumsum(counts)[:-1]])[source]
        flat = source * width + slot
        pad = lambda fill, dtype: np.full(size * width, fill, dtype=dtype)  # noqa: E731
        tables = {name: pad(0, np.intp) for name in ("target", "row_action", "col_action")}
        for name, row in zip(tables, (3, 1, 2), strict=True):
            tables[name][flat] = unique[row]
        end_cause = pad(-1, np.int8)
        end_cause[flat] = unique[4]
        row_pay, col_pay = pad(0.0, float), pad(0.0, float)
        dynamics = chain.model.dynamics
        k = treaty.state[chain.treaty_index[source]]
        row_pay[flat] = dynamics.row_payoffs[k, unique[1], unique[2]]
        col_pay[flat] = dynamics.col_payoffs[k, unique[1], unique[2]]
        mass = np.zeros(size * width)
        mass[flat] = probability
        cumulative = np.cumsum(mass.reshape(size, width), axis=1)
        cumulative[np.arange(width)[None, :] >= (counts - 1)[:, None]] = np.inf
        payoff = np.stack([row_pay, col_pay], axis=-1)
        threshold, alias = _alias_tables(mass.reshape(size, width))
        return cls(
            width, cumulative, **tables, payoff=payoff, end_cause=end_cause,
            threshold=threshold, alias=alias,
        )  # fmt: skip

    @cached_property
    def columns(self) -> np.ndarray:
        """``cumulative`` transposed and contiguous: one row per outcome slot."""
        return np.ascontiguousarray(self.cumulative.T)

    def draw(self, state: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """Flat outcome index for each run, from one uniform draw each.

        Few outcomes: the first ``l`` with ``u < cumulative[s, l]``. Many: Walker's alias
        method (Walker 1977; Vose 1991), ``k = floor(u L)`` and ``frac = u L - k``: slot ``k``
        if ``frac < threshold[s, k]``, else its alias, in a constant number of steps.
        """
        if self.width > _LINEAR_SEARCH:
            scaled = uniform * self.width
            slot = scaled.astype(np.intp)
            np.minimum(slot, self.width - 1, out=slot)
            scaled -= slot
            flat = state * self.width + slot
            return np.where(scaled < self.threshold.take(flat), flat, self.alias.take(flat))
        slot = np.zeros(len(state), dtype=np.intp)
        for column in self.columns[:-1]:
            slot += uniform >= column.take(state)
        return state * self.width + slot


def _alias_tables(mass: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias tables for each row of ``mass`` (rows: states, columns: outcomes).

    Vose's construction: slot ``k`` keeps its own outcome with probability
    ``threshold[s, k]`` and otherwise gives its alias; every slot is drawn with probability
    ``1 / L``. Returns flat thresholds and flat alias outcome indices.
    """
    size, width = mass.shape
    threshold = np.ones((size, width))
    alias = np.tile(np.arange(width), (size, 1))
    for s in range(size):
        largest = mass[s].max()
        if largest <= 0:
            continue
        row = mass[s] / largest  # subnormal masses: width / total would overflow
        scaled = row * (width / row.sum())
        small = [k for k in range(width) if scaled[k] < 1.0]
        large = [k for k in range(width) if scaled[k] >= 1.0]
        while small and large:
            low, high = small.pop(), large.pop()
            threshold[s, low], alias[s, low] = scaled[low], high
            scaled[high] += scaled[low] - 1.0
            (small if scaled[high] < 1.0 else large).append(high)
    flat_alias = alias + (np.arange(size) * width)[:, None]
    return threshold.reshape(-1), flat_alias.reshape(-1)


monte_carlo = simulate
"""Another name of :func:`simulate`."""

__all__ = ["CAUSES", "MonteCarloResult", "Z_95", "monte_carlo", "simulate"]
