"""Monte Carlo attribution of the treaty's end, simulated directly from the model.

An independent check of :func:`sim.play.responsibility.attribute_end`: every run draws each
side's *intended* action from its automaton, then the tremble (from
:func:`sim.dynamics.monitoring.tremble_matrix`), the signals, the treaty transition, and
keeps the evidence tags and the frozen cause as that module defines them, without building
the augmented chain. All runs advance together (vectorised across runs); draws come from one
seeded ``numpy.random.Generator``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.blame import DEFAULT_RULES, BlameRules
from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import tremble_matrix
from sim.dynamics.treaty import BOTH, COL, NONE, ROW
from sim.play.blame import PARTIES, blame_matrix
from sim.play.chain import joint_chain
from sim.play.free_path import evidence_free_path
from sim.play.responsibility import CAUSE_NAMES, KINDS
from sim.results import estimate
from sim.strategies.automaton import Automaton

_OTHER, _BOTH = CAUSE_NAMES.index("other"), CAUSE_NAMES.index("both")


@dataclass(frozen=True, eq=False)
class SampledAttribution:
    """Per-run end causes (index into :data:`CAUSE_NAMES`, ``-1``: it did not end)."""

    runs: int
    rounds: int
    seed: int
    end_cause: np.ndarray
    end_round: np.ndarray
    rules: BlameRules = DEFAULT_RULES

    def responsibility(self) -> dict[str, dict]:
        """Each party's share of the end (:mod:`sim.play.blame`): the mean over runs of the
        share the rules give the run's end cause (0 if it did not end), with its error."""
        weights = np.vstack([blame_matrix(self.rules, CAUSE_NAMES), np.zeros((1, len(PARTIES)))])
        per_run = weights[self.end_cause]  # index -1: the row of zeros, no end
        runs = max(1, len(per_run) - 1)
        return {
            party: estimate(float(per_run[:, k].mean()), float(per_run[:, k].std() / np.sqrt(runs)))
            for k, party in enumerate(PARTIES)
        }

    def by_cause(self) -> dict[str, dict]:
        """Each cause's share of runs, with its standard error and 95% interval."""
        return {name: _share(self.end_cause == c) for c, name in enumerate(CAUSE_NAMES)}

    def to_dict(self) -> dict:
        return {
            "method": "Monte Carlo, direct simulation of intents, trembles and evidence",
            "runs": self.runs,
            "seed": self.seed,
            "end_probability": _share(self.end_cause >= 0),
            "by_cause": self.by_cause(),
            "responsibility": self.responsibility(),
        }


def _share(hits: np.ndarray) -> dict:
    """Share of runs with its standard error ``sqrt(p (1 - p) / (R - 1))``."""
    p = float(np.mean(hits))
    return estimate(p, np.sqrt(p * (1 - p) / max(1, len(hits) - 1)))


def _draw(cumulative: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Row-wise inverse transform: the first index with ``u < cumulative``."""
    return np.minimum((uniform[:, None] >= cumulative).sum(axis=1), cumulative.shape[1] - 1)


def _treaty_table(model: IteratedModel):
    """Treaty terms by ``(source, i, j)``: padded term indices and cumulative probabilities."""
    chain = model.chain
    m, n = model.shape
    key = (chain.source * m + chain.row_action) * n + chain.col_action
    order = np.argsort(key, kind="stable")
    counts = np.bincount(key, minlength=chain.size * m * n)
    width = max(1, int(counts.max()))
    terms = np.full((chain.size * m * n, width), -1)
    cumulative = np.full((chain.size * m * n, width), np.inf)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    for rank, t in enumerate(order):
        slot = rank - offsets[key[t]]
        terms[key[t], slot] = t
    probability = np.asarray(chain.probability, dtype=float)
    for k in np.flatnonzero(counts):
        row = terms[k, : counts[k]]
        cumulative[k, : counts[k]] = np.cumsum(probability[row])
        cumulative[k, counts[k] - 1] = np.inf
    return terms, cumulative


def simulate_attribution(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    rounds: int,
    runs: int,
    seed: int = 0,
) -> SampledAttribution:
    """``runs`` seeded runs; the cause of each run's end as in the exact attribution."""
    if model.batch_shape or row.batch_shape or col.batch_shape:
        raise ValueError("Monte Carlo attribution runs one point at a time")
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    chain = model.chain
    m, n = model.shape
    shakes = [
        np.cumsum(tremble_matrix(size, model.noise[side], model.trembles[side]), axis=1)
        for side, size in ((0, m), (1, n))
    ]
    policies = [np.cumsum(a.policy, axis=1) for a in (row, col)]
    observe = [np.cumsum(model.row_observes, axis=1), np.cumsum(model.col_observes, axis=1)]
    cooperative = [model.actions[p].index(model.roles[p][0]) for p in (0, 1)]
    terms, cumulative = _treaty_table(model)
    path = evidence_free_path(joint_chain(model, row, col), rounds)
    e = np.full(runs, chain.initial)
    a, b = np.full(runs, row.initial), np.full(runs, col.initial)
    evidence = np.zeros((2, runs), dtype=np.intp)
    frozen = np.full(runs, -1)
    end_cause = np.full(runs, -1)
    end_round = np.full(runs, -1)
    alive = np.full(runs, bool(chain.in_force[chain.initial]))
    for t in range(rounds):
        if t == row.start and row.start > 0:
            a = row.start_map()[a]
        if t == col.start and col.start > 0:
            b = col.start_map()[b]
        intended_i = _draw(policies[0][a], rng.random(runs))
        intended_j = _draw(policies[1][b], rng.random(runs))
        i = _draw(shakes[0][intended_i], rng.random(runs))
        j = _draw(shakes[1][intended_j], rng.random(runs))
        trembled = (i != intended_i, j != intended_j)
        seen_by_row = _draw(observe[0][j], rng.random(runs))
        seen_by_col = _draw(observe[1][i], rng.random(runs))
        key = (e * m + i) * n + j
        tau = terms[key, _draw(cumulative[key], rng.random(runs))]
        target = chain.target[tau]
        mover = chain.cause[tau]
        moved = chain.moved[tau] & np.isin(mover, (ROW, COL, BOTH))
        label = np.full(runs, _OTHER)
        for side, offset, state in ((ROW, 0, a), (COL, len(KINDS), b)):
            answers = np.where(state == path[side, t], 0, evidence[side])
            kind = np.where(trembled[side], KINDS.index("accident"), answers)
            label = np.where(mover == side, offset + kind, label)
        label = np.where(mover == BOTH, _BOTH, label)
        cause = np.where(moved, label, np.where(frozen >= 0, frozen, _OTHER))
        ends = alive & chain.in_force[e] & ~chain.in_force[target]
        end_cause[ends], end_round[ends] = cause[ends], t
        alive &= ~ends
        was_frozen = frozen >= 0
        for side, seen, done, other_trembled in (
            (0, seen_by_row, j, trembled[1]),
            (1, seen_by_col, i, trembled[0]),
        ):
            coop = cooperative[1 - side]
            tag = np.where(done == coop, 3, np.where(other_trembled, 2, 1))
            updated = np.where(seen == coop, evidence[side], tag)
            evidence[side] = np.where(was_frozen & ~moved, 0, updated)
        cause_set = chain.state_cause[target] != NONE
        frozen = np.where(cause_set, cause, -1)
        evidence[:, cause_set] = 0
        next_treaty = chain.state[target]
        a = row.next_state[a, i, seen_by_row, next_treaty]
        b = col.next_state[b, j, seen_by_col, next_treaty]
        e = target
    return SampledAttribution(runs, rounds, seed, end_cause, end_round, model.blame)


__all__ = ["SampledAttribution", "simulate_attribution"]
