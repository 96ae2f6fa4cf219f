"""Who ended the treaty, and on what evidence: exact attribution of its end to a cause.

The joint chain of :mod:`sim.play.chain` says whose move set the treaty on its way out. Here
each joint state also carries an *evidence tag* per side, the truth behind the last signal
of non-cooperation that side saw of the other:

``none``
    it never saw one;
``real_violation``
    the other side played a non-cooperative action on purpose and was seen doing so;
``tremble``
    the other side played it by a tremble (an execution error) and was seen doing so;
``false_alarm``
    the other side cooperated and was seen not cooperating (an accusation without evidence).

When a move fires a treaty transition (a withdrawal starting the notice period) it is frozen
into a *cause*: ``SIDE_accident`` if the move was itself a tremble; ``SIDE_first_move`` if
the mover's automaton was in the state it would be in had it seen only cooperation
(:func:`~sim.play.free_path.evidence_free_path`: the move did not depend on evidence, a
deliberate first move); otherwise the move answered evidence and the mover's tag names it,
``SIDE_real_violation``, ``SIDE_tremble`` or ``SIDE_false_alarm`` (``SIDE_first_move`` if it
saw none: it left the evidence-free path through its own tremble); ``both`` (both sides at
once) and ``other`` (chance or time, no move behind it). The treaty's end inherits the
cause frozen when it was set on its way out, so that the end probability splits exactly::

    P(end within T) = sum over causes c of sum_{t < T} q^t y_t . D[:, c]

with ``y_t`` the first-passage distribution on in-force augmented states (Kemeny and
Snell 1960, ch. 3) and ``D`` the ending flows by cause. Whether an action was intended or
a tremble is split by Bayes' rule, ``P(intended | played a) = p(a) R[a, a] / p'(a)``
(:func:`sim.dynamics.monitoring.intended_share`), so every figure is exact.

The tag is the *last* evidence: a withdrawal after a false alarm and then a real violation
answers the real violation. The evidence-free path is time-dependent (dated strategies),
so each move term comes in two copies, one applying on the path and one off it. An answer
to an answer (a violation that was itself a punishment for a false alarm) counts as
answering a real violation: the tag does not trace causes back further than one move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.blame import DEFAULT_RULES, KINDS, BlameRules
from sim.dynamics.model import IteratedModel
from sim.dynamics.monitoring import intended_share
from sim.dynamics.treaty import BOTH, COL, NONE, ROW
from sim.play.blame import PARTIES, responsible
from sim.play.chain import JointChain, joint_chain, starts_by_round
from sim.play.free_path import path_groups
from sim.strategies.automaton import Automaton

EVIDENCE = ("none", "real_violation", "tremble", "false_alarm")
CAUSE_NAMES = (*(f"row_{k}" for k in KINDS), *(f"col_{k}" for k in KINDS), "both", "other")
"""Causes of the treaty's end, in the order of :attr:`Attribution.by_cause`."""
_OPEN = len(EVIDENCE) ** 2
TAGS = _OPEN + len(CAUSE_NAMES)
"""Tags: ``row_evidence * 4 + col_evidence`` while no cause is set, ``16 + cause`` after."""
_BOTH, _OTHER = CAUSE_NAMES.index("both"), CAUSE_NAMES.index("other")


@dataclass(frozen=True, eq=False)
class AugmentedTerms:
    """Terms of the chain on ``(joint state, tag)``, restricted to what first passage needs.

    ``source``/``target`` index augmented states ``s * TAGS + g``; ``ends`` marks terms that
    take the treaty out of force, with their ``cause`` (index into :data:`CAUSE_NAMES`).
    """

    size: int
    initial: int
    source: np.ndarray
    target: np.ndarray
    probability: np.ndarray
    ends: np.ndarray
    cause: np.ndarray
    starts: list
    path_rule: np.ndarray
    """``+1``: the term applies when the mover is on its evidence-free path, ``-1``: when it
    is off it, ``0``: always."""
    mover_side: np.ndarray
    mover_state: np.ndarray
    base: np.ndarray
    """Index of each term's term in the joint chain (its probability before the intent split)."""
    trembled: np.ndarray
    """``(2, terms)``: whether the row (column) action of the term is a tremble."""


def augmented_terms(chain: JointChain) -> AugmentedTerms:
    """Split every term of ``chain`` by intent and expand it over the tags."""
    model, treaty = chain.model, chain.model.chain
    e, size_a, size_b = chain.shape
    a = (chain.source // size_b) % size_a
    b = chain.source % size_b
    i, j = chain.row_action, chain.col_action
    keep_i = intended_share(chain.row.policy, model.noise[..., 0], model.trembles[0])[..., a, i]
    keep_j = intended_share(chain.col.policy, model.noise[..., 1], model.trembles[1])[..., b, j]
    parts = []
    for row_trembled in (False, True):
        for col_trembled in (False, True):
            weight = (1 - keep_i if row_trembled else keep_i) * (
                1 - keep_j if col_trembled else keep_j
            )
            parts.append((row_trembled, col_trembled, chain.probability * weight))
    flags = [np.full(len(i), p[0]) for p in parts], [np.full(len(i), p[1]) for p in parts]
    row_trembled, col_trembled = np.concatenate(flags[0]), np.concatenate(flags[1])
    probability = np.concatenate([p[2] for p in parts], axis=-1)
    base = np.tile(np.arange(len(i)), 4)
    live = np.any(probability != 0, axis=tuple(range(probability.ndim - 1)))
    base, probability = base[live], probability[..., live]
    row_trembled, col_trembled = row_trembled[live], col_trembled[live]
    tau = chain.treaty_term[base]
    source_in = treaty.in_force[treaty.source[tau]]
    base, probability = base[source_in], probability[..., source_in]
    row_trembled, col_trembled, tau = (
        row_trembled[source_in],
        col_trembled[source_in],
        tau[source_in],
    )
    evidence_row = _evidence(
        chain.row_signal[base], chain.col_action[base], col_trembled, model.roles[1][0], model
    )
    evidence_col = _evidence(
        chain.col_signal[base], chain.row_action[base], row_trembled, model.roles[0][0], model, 0
    )
    tags = np.arange(TAGS)
    old_row, old_col = tags // len(EVIDENCE), tags % len(EVIDENCE)
    frozen = tags >= _OPEN
    old_row, old_col = np.where(frozen, 0, old_row), np.where(frozen, 0, old_col)
    moved = treaty.moved[tau] & np.isin(treaty.cause[tau], (ROW, COL, BOTH))
    mover = treaty.cause[tau]
    target_treaty = treaty.target[tau]
    target_in = treaty.in_force[target_treaty]
    target_cause_set = treaty.state_cause[target_treaty] != NONE
    new_open = np.where(evidence_row[:, None] >= 0, evidence_row[:, None], old_row[None, :])
    new_open = new_open * len(EVIDENCE) + np.where(
        evidence_col[:, None] >= 0, evidence_col[:, None], old_col[None, :]
    )
    new_open = np.where(frozen[None, :] & ~moved[:, None], 0, new_open)
    kept = np.where(frozen, tags - _OPEN, _OTHER)[None, :]

    def labelled(first: bool):
        move_cause = np.full((len(base), TAGS), _OTHER)
        for side, kinds_at, trembled in (
            (ROW, old_row, row_trembled),
            (COL, old_col, col_trembled),
        ):
            offset = 0 if side == ROW else len(KINDS)
            kinds = np.zeros_like(kinds_at) if first else kinds_at
            label = np.where(trembled[:, None], KINDS.index("accident"), kinds[None, :])
            move_cause = np.where((mover == side)[:, None], offset + label, move_cause)
        move_cause = np.where((mover == BOTH)[:, None], _BOTH, move_cause)
        cause = np.where(moved[:, None], move_cause, kept)
        new_tag = np.where(target_cause_set[:, None], _OPEN + cause, new_open)
        return cause, np.where(target_in[:, None], new_tag, 0)

    single = moved & np.isin(mover, (ROW, COL))
    first_cause, first_tag = labelled(True)
    evidence_cause, evidence_tag = labelled(False)
    copies = np.concatenate([np.arange(len(base)), np.flatnonzero(single)])
    rule = np.concatenate([np.where(single, 1, 0), np.full(int(single.sum()), -1)])
    cause = np.concatenate([first_cause, evidence_cause[single]])
    new_tag = np.concatenate([first_tag, evidence_tag[single]])
    side_of_mover = np.where(mover == COL, 1, 0)[copies]
    by_col = mover == COL
    state = np.where(by_col, chain.source[base] % size_b, (chain.source[base] // size_b) % size_a)
    source = (chain.source[base][copies][:, None] * TAGS + tags[None, :]).reshape(-1)
    target = (chain.target[base][copies][:, None] * TAGS + new_tag).reshape(-1)
    probability = np.repeat(probability[..., copies], TAGS, axis=-1)
    ends = np.repeat(~target_in[copies], TAGS)
    starts = [
        (round_, (mapping[:, None] * TAGS + tags[None, :]).reshape(-1))
        for round_, mapping in chain.starts()
    ]
    return AugmentedTerms(
        size=chain.size * TAGS,
        initial=chain.initial * TAGS,
        source=source,
        target=target,
        probability=probability,
        ends=ends,
        cause=cause.reshape(-1),
        starts=starts,
        path_rule=np.repeat(rule, TAGS),
        mover_side=np.repeat(side_of_mover, TAGS),
        mover_state=np.repeat(state[copies], TAGS),
        base=np.repeat(base[copies], TAGS),
        trembled=np.repeat(np.stack([row_trembled, col_trembled])[:, copies], TAGS, axis=1),
    )


def _evidence(signal, done, trembled, their_cooperative: str, model, observed: int = 1):
    """New evidence tag per term (``-1``: the signal was cooperative, the tag stays)."""
    names = model.actions[observed]
    cooperative = names.index(their_cooperative)
    out = np.where(done == cooperative, 3, np.where(trembled, 2, 1))
    return np.where(signal == cooperative, -1, out)


@dataclass(frozen=True, eq=False)
class Attribution:
    """Exact probabilities that the treaty ends within ``rounds`` rounds, by cause.

    Attributes
    ----------
    by_cause
        ``batch + (C,)`` over :data:`CAUSE_NAMES`; they sum to :attr:`end_probability`.
    per_round
        ``batch + (T, C)``: ending after round ``t``, by cause (``None`` when only the
        totals were computed, by :func:`sim.play.batch.batch_outcomes`).
    """

    rounds: int
    players: tuple[str, str]
    by_cause: np.ndarray
    per_round: np.ndarray | None
    rules: BlameRules | None = None
    """The model's ``[responsibility]`` rules (:mod:`sim.play.blame`)."""

    @property
    def responsible(self) -> np.ndarray:
        """``batch + (3,)``: the row side's, the column side's and nobody's part of the end."""
        return responsible(self.by_cause, self.rules or DEFAULT_RULES, CAUSE_NAMES)

    @property
    def end_probability(self) -> np.ndarray:
        return self.by_cause.sum(axis=-1)

    def share(self, *names: str) -> np.ndarray:
        """Total probability of the named causes."""
        return self.by_cause[..., [CAUSE_NAMES.index(n) for n in names]].sum(axis=-1)

    def claims(self) -> dict[str, np.ndarray]:
        """Named aggregates: who ended it, and whether a real violation was behind it."""
        row, col = (tuple(f"{s}_{k}" for k in KINDS) for s in ("row", "col"))
        out = {
            "row": self.share(*row) + self.share("both"),
            "col": self.share(*col) + self.share("both"),
            "accidents": self.share("row_accident", "col_accident"),
            "row_without_real_violation": self.share(
                "row_first_move", "row_false_alarm", "row_accident"
            ),
            "row_without_intended_violation": self.share(
                "row_first_move", "row_false_alarm", "row_accident", "row_tremble"
            ),
            "col_without_real_violation": self.share(
                "col_first_move", "col_false_alarm", "col_accident"
            ),
        }
        return out

    def to_dict(self) -> dict:
        by_cause = dict(zip(CAUSE_NAMES, np.asarray(self.by_cause).tolist(), strict=True))
        claims = {k: float(v) for k, v in self.claims().items()}
        return {
            "method": "exact first passage on the chain augmented with evidence tags",
            "end_probability": float(self.end_probability),
            "by_cause": by_cause,
            **claims,
            "responsibility": {
                **dict(zip(PARTIES, np.asarray(self.responsible).tolist(), strict=True)),
                "rules": (self.rules or DEFAULT_RULES).to_dict(),
            },
        }


def attribute_end(
    model: IteratedModel, row_strategy: Automaton, col_strategy: Automaton, rounds: int
) -> Attribution:
    """Exact attribution of the treaty's end within ``rounds`` rounds to its causes.

    ``by_cause[c] = sum_{t < T} q^t y_t . D[:, c]``; see the module docstring. Vectorised
    over the model's batch axes.
    """
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, not {rounds}")
    chain = joint_chain(model, row_strategy, col_strategy)
    terms = augmented_terms(chain)
    batch = np.broadcast_shapes(chain.batch_shape, model.batch_shape)
    points = int(np.prod(batch, dtype=np.int64))
    probability = np.broadcast_to(terms.probability, (*batch, len(terms.source)))
    probability = probability.reshape(points, -1)
    per_round = np.zeros((rounds, points, len(CAUSE_NAMES)))
    if not chain.in_force[chain.initial]:
        return _result(model, rounds, per_round, batch)
    stay = ~terms.ends
    from scipy import sparse

    move = sparse.csr_array(
        (np.ones(int(stay.sum())), (terms.target[stay], np.flatnonzero(stay))),
        shape=(terms.size, len(terms.source)),
    )
    end = sparse.csr_array(
        (np.ones(int(terms.ends.sum())), (terms.cause[terms.ends], np.flatnonzero(terms.ends))),
        shape=(len(CAUSE_NAMES), len(terms.source)),
    )
    starts = starts_by_round(terms.starts)
    reach = np.broadcast_to(np.asarray(model.continuation, dtype=float), batch).reshape(-1)
    for members, path in path_groups(model, row_strategy, col_strategy, rounds):
        flows = _Flows(terms, move, end, starts, path)
        per_round[:, members] = flows.run(probability[members], reach[members], rounds)
    return _result(model, rounds, per_round, batch)


@dataclass(frozen=True)
class _Flows:
    """First passage on the tagged chain for points that share one evidence-free ``path``."""

    terms: AugmentedTerms
    move: object
    end: object
    starts: dict
    path: np.ndarray

    def run(self, probability: np.ndarray, reach: np.ndarray, rounds: int) -> np.ndarray:
        """``(T, points, causes)``: ``q^t y_t . D[:, c]`` with ``y_{t+1} = y_t M`` (active
        terms only: a path rule applies on, or off, the evidence-free path of round ``t``)."""
        terms = self.terms
        alive = np.zeros((terms.size, probability.shape[0]))
        alive[terms.initial] = 1.0
        per_round = np.zeros((rounds, probability.shape[0], len(CAUSE_NAMES)))
        for t in range(rounds):
            if t in self.starts:
                moved = np.zeros_like(alive)
                np.add.at(moved, self.starts[t], alive)
                alive = moved
            on = self.path[terms.mover_side, t] == terms.mover_state
            rule = terms.path_rule
            applies = np.where(rule > 0, on, np.where(rule < 0, ~on, True))
            flow = alive[terms.source] * (probability.T * applies[:, None])
            per_round[t] = (self.end @ flow).T * (reach**t)[:, None]
            if t + 1 < rounds:
                alive = self.move @ flow
        return per_round


def _result(model, rounds, per_round, batch) -> Attribution:
    per_round = np.moveaxis(per_round, 0, 1).reshape((*batch, rounds, len(CAUSE_NAMES)))
    return Attribution(rounds, model.players, per_round.sum(axis=-2), per_round, model.blame)


__all__ = ["CAUSE_NAMES", "Attribution", "attribute_end", "augmented_terms"]
