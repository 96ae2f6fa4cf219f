"""Exact play outcomes at many parameter points at once: one skeleton, one compiled kernel.

The per-point analyses (:func:`sim.play.exact.exact_outcomes`,
:func:`sim.play.responsibility.attribute_end`) build the whole chain at every call and keep
a distribution per round. Here the chain's structure is compiled once for all the points
(:mod:`sim.play.skeleton`: the reachable states and the pairs between them), each point's
pair values are products of its model's probabilities gathered for the reachable terms
only, and the rounds run in a compiled kernel (:mod:`sim.play.propagate`). The figures are
those of the per-point analyses, summed in another order:

- ``end_probability``, ``ended_by`` (row, column: a simultaneous move counts for both),
  ``rounds_in_force``: first passage on the in-force states (Kemeny and Snell 1960, ch. 3);
- ``by_cause``: the end split by cause on the evidence-tagged chain
  (:data:`sim.play.responsibility.CAUSE_NAMES`), when asked for;
- ``payoffs``: ``V = sum_t w^t x_t . r = occupation . r``, when asked for.

Completeness is checked at every point: the probabilities of the terms kept out of each
reachable state sum to 1 (within :data:`sim.tolerance.STRUCTURE_SLACK`); a point where they
do not is computed by the per-point analysis instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.dynamics.monitoring import intended_share
from sim.dynamics.treaty import BOTH, COL, ROW
from sim.play.assumptions import play_assumptions
from sim.play.chain import joint_chain
from sim.play.free_path import flat_batch, path_groups, same_rows
from sim.play.skeleton import Skeleton, plain_skeleton, tagged_skeleton
from sim.results import Result
from sim.tolerance import STRUCTURE_SLACK

BUDGET = 1 << 22
"""Largest ``terms x points`` array of one pass (32 MB)."""


@dataclass(frozen=True, eq=False, kw_only=True)
class BatchOutcomes(Result):
    """Exact outcomes at ``P`` points (method ``"exact-chain-batch"``); arrays ``(P, ...)``.

    ``by_cause`` (``(P, C)`` over :data:`~sim.play.responsibility.CAUSE_NAMES`) and
    ``payoffs`` (``(P, 2)``) are ``None`` when not asked for.
    """

    rounds: int
    end_probability: np.ndarray
    ended_by: np.ndarray
    rounds_in_force: np.ndarray
    by_cause: np.ndarray | None = None
    payoffs: np.ndarray | None = None

    def payload(self) -> dict:
        return {"points": int(self.end_probability.size), "rounds": self.rounds}


def batch_outcomes(model, row, col, rounds: int, *, causes=False, payoffs=False) -> BatchOutcomes:
    """Exact outcomes of ``row`` against ``col`` at every point of a batched ``model``.

    Equal, point by point, to :func:`sim.play.exact.exact_outcomes` (and, with ``causes``,
    :func:`sim.play.responsibility.attribute_end`) up to the order of summation.
    """
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, not {rounds}")
    batch = np.broadcast_shapes(model.batch_shape, row.batch_shape, col.batch_shape)
    points = int(np.prod(batch, dtype=np.int64))
    flat = Points(model, row, col, batch, points)
    support = joint_chain(*flat.reduced(lambda a: a.mean(axis=0, keepdims=True)))
    out = _first_passage(flat, support, rounds, causes)
    if payoffs:
        out["payoffs"] = _payoffs(flat, support, rounds)
    fallback = np.flatnonzero(out.pop("incomplete"))
    for p in fallback:
        _per_point(flat, p, rounds, out, causes, payoffs)
    return BatchOutcomes(
        method="exact-chain-batch",
        parameters={"rounds": rounds, "points": points, "per_point": int(fallback.size)},
        assumptions=play_assumptions(model, rounds),
        rounds=rounds,
        **{k: v.reshape((*batch, *v.shape[1:])) for k, v in out.items()},
    )


class Points:
    """The model's arrays broadcast to ``P`` flat points, and the model at chosen points."""

    def __init__(self, model, row, col, batch, points):
        self.model, self.row, self.col, self.batch, self.points = model, row, col, batch, points
        m, n = model.shape
        self.trembled = (
            self.flat(model.trembled(0, row.policy), 2),
            self.flat(model.trembled(1, col.policy), 2),
        )
        self.observes = self.flat(model.row_observes, 2), self.flat(model.col_observes, 2)
        self.treaty = self.flat(model.chain.probability, 1)
        self.continuation = self.flat(model.continuation, 0)[:, 0]
        self.discount = self.flat(model.discount, 0)[:, 0]
        self._keep = None

    def flat(self, array, core: int) -> np.ndarray:
        """``(P, prod(core axes))`` view of ``array`` broadcast to the batch (one row
        broadcast along the points where it does not vary over the batch)."""
        return flat_batch(np.asarray(array, dtype=float), self.batch, core)

    def keep(self) -> tuple[np.ndarray, np.ndarray]:
        """Each side's probability that an action played was intended, ``(P, Q * m)``."""
        if self._keep is None:
            model = self.model
            self._keep = tuple(
                self.flat(intended_share(a.policy, model.noise[..., s], model.trembles[s]), 2)
                for s, a in ((0, self.row), (1, self.col))
            )
        return self._keep

    def reduced(self, pick):
        """``(model, row, col)`` with every batched array replaced by ``pick`` of it.

        ``pick`` maps ``(P, core...)`` to ``(1, core...)`` (a mean, or one point), so the
        reduced objects keep one batch axis and the chain's structure is unchanged.
        """
        model, batch = self.model, self.batch

        def fix(array, core):
            array = np.asarray(array, dtype=float)
            if array.ndim == core:
                return array
            tail = array.shape[array.ndim - core :] if core else ()
            full = np.broadcast_to(array, (*batch, *tail)).reshape(self.points, *tail)
            return pick(full)

        dynamics = model.dynamics
        transitions = tuple(
            replace(t, probability=fix(t.probability, 0)) for t in dynamics.transitions
        )
        dynamics = replace(
            dynamics,
            row_payoffs=fix(dynamics.row_payoffs, 3),
            col_payoffs=fix(dynamics.col_payoffs, 3),
            transitions=transitions,
        )
        reduced = replace(
            model,
            dynamics=dynamics,
            row_observes=fix(model.row_observes, 2),
            col_observes=fix(model.col_observes, 2),
            noise=fix(model.noise, 1),
            discount=fix(model.discount, 0),
            continuation=fix(model.continuation, 0),
        )
        return (
            reduced,
            replace(self.row, policy=fix(self.row.policy, 2)),
            replace(self.col, policy=fix(self.col.policy, 2)),
        )


def chain_term_values(flat: Points, chain, terms: np.ndarray, index) -> np.ndarray:
    """``(terms, p)`` probabilities of joint-chain terms at the points ``index``::

    p = pi_row(i | a) pi_col(j | b) O_row(s_r | j) O_col(s_c | i) P_treaty(f | e, i, j)
    """
    _, size_a, size_b = chain.shape
    m, n = chain.model.shape
    source = chain.source[terms]
    a, b = (source // size_b) % size_a, source % size_b
    i, j = chain.row_action[terms], chain.col_action[terms]
    pr, pc = (_columns(x, index) for x in flat.trembled)
    orow, ocol = (_columns(x, index) for x in flat.observes)
    value = pr[a * m + i] * pc[b * n + j]
    value *= orow[j * n + chain.row_signal[terms]]
    value *= ocol[i * m + chain.col_signal[terms]]
    out = np.empty((terms.size, _count(index)))
    return np.multiply(value, _columns(flat.treaty, index)[chain.treaty_term[terms]], out=out)


def _columns(array: np.ndarray, index) -> np.ndarray:
    """``array[index].T`` (``(P, k)`` to ``(k, p)``), contiguous so that rows gather fast;
    ``(k, 1)`` if ``array`` is one row broadcast along the points."""
    if same_rows(array):
        return np.ascontiguousarray(array[:1].T)
    return np.ascontiguousarray(array[index].T)


def _count(index) -> int:
    return index.stop - index.start if isinstance(index, slice) else len(index)


def as_slice(index: np.ndarray):
    """``index`` as a slice when it is a run of consecutive points (gathers become views)."""
    if index.size and index[-1] - index[0] + 1 == index.size and np.all(np.diff(index) == 1):
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def term_values(flat: Points, chain, terms, trembled, index) -> np.ndarray:
    """``(terms, p)`` probabilities of joint-chain terms, with their intent split if given.

    A term of the evidence-tagged chain whose row action was a tremble carries the share
    ``1 - keep_i`` of its joint-chain term, an intended one ``keep_i`` (Bayes' rule,
    :func:`sim.dynamics.monitoring.intended_share`), and likewise for the column action.
    """
    value = chain_term_values(flat, chain, terms, index)
    if trembled is None:
        return value
    _, size_a, size_b = chain.shape
    m, n = chain.model.shape
    source = chain.source[terms]
    slots = (
        ((source // size_b) % size_a) * m + chain.row_action[terms],
        (source % size_b) * n + chain.col_action[terms],
    )
    for side, keep in enumerate(flat.keep()):
        share = _columns(keep, index)[slots[side]]
        value *= np.where(trembled[side][:, None], 1.0 - share, share)
    return value


def _aggregator(skeleton: Skeleton):
    """The distinct term values to compute, and the sparse sums from them to the pairs and
    to each state's outgoing total (rules ``>= 0`` and ``<= 0``)."""
    from scipy import sparse

    if skeleton.trembled is None:
        key = skeleton.terms[None, :]
    else:
        key = np.concatenate([skeleton.terms[None, :], skeleton.trembled.astype(np.intp)])
    distinct, column = np.unique(key, axis=1, return_inverse=True)
    column = column.reshape(-1)
    count = distinct.shape[1]
    slots = skeleton.pair_source.size + skeleton.end_source.size
    pairs = sparse.csr_array((np.ones(column.size), (skeleton.slot, column)), shape=(slots, count))
    rows = skeleton.source * 2
    keep = np.concatenate([skeleton.rule >= 0, skeleton.rule <= 0]).astype(float)
    checks = sparse.csr_array(
        (keep, (np.concatenate([rows, rows + 1]), np.tile(column, 2))),
        shape=(2 * skeleton.size, count),
    )
    trembled = None if skeleton.trembled is None else distinct[1:].astype(bool)
    return distinct[0], trembled, pairs, checks


def _runs(flat: Points, chain, skeleton: Skeleton, rounds, weight, paths):
    """Occupation ``(P, size)``, ended ``(P, causes)`` and the incomplete points."""
    terms, trembled, pairs, checks = _aggregator(skeleton)
    occupation = np.zeros((flat.points, skeleton.size))
    ended = np.zeros((flat.points, skeleton.causes))
    incomplete = np.zeros(flat.points, dtype=bool)
    step = max(1, BUDGET // max(1, skeleton.terms.size))
    moves = skeleton.pair_source.size
    for members, path in paths:
        active = skeleton.active(path) if path is not None else _always(skeleton, rounds)
        for k in range(0, members.size, step):
            index = as_slice(members[k : k + step])
            values = term_values(flat, chain, terms, trembled, index)
            sums = checks @ values
            incomplete[index] = np.any(np.abs(sums - 1.0) > STRUCTURE_SLACK, axis=0)
            slots = pairs @ values
            occ, end = _distinct_runs(slots, moves, skeleton, active, weight[index])
            occupation[index], ended[index] = occ.T, end.T
    return occupation, ended, incomplete


def _distinct_runs(slots, moves, skeleton, active, weight):
    """The kernel on the distinct columns of ``(slots, weight)`` only: points whose chains
    are the same (a sweep over payoffs alone) share one run, with the very same numbers."""
    from sim.play.propagate import run

    key = np.vstack([slots, weight[None, :]])
    mixed = np.linspace(1.0, 2.0, key.shape[0]) @ key  # equal columns mix to equal numbers
    if np.unique(mixed).size * 4 > key.shape[1] * 3:  # few repeats: not worth sorting
        return run(slots[:moves], slots[moves:], skeleton, active, weight, skeleton.causes)
    distinct, inverse = np.unique(key, axis=1, return_inverse=True)
    inverse = inverse.reshape(-1)
    occ, end = run(
        distinct[:moves], distinct[moves:-1], skeleton, active, distinct[-1], skeleton.causes
    )
    return occ[:, inverse], end[:, inverse]


def in_order(array: np.ndarray) -> np.ndarray:
    """Row sums of ``(P, k)`` added left to right, so that zero entries (terms present in one
    batch's skeleton and not another's) leave the sums unchanged to the last bit."""
    total = np.zeros(array.shape[0])
    for k in range(array.shape[1]):
        total += array[:, k]
    return total


def _always(skeleton: Skeleton, rounds: int) -> np.ndarray:
    return np.ones((rounds, skeleton.class_rule.size), dtype=bool)


def _first_passage(flat: Points, support, rounds: int, causes: bool) -> dict:
    from sim.play.responsibility import CAUSE_NAMES, augmented_terms

    points = flat.points
    if not support.in_force[support.initial]:
        zero = np.zeros(points)
        out = {"end_probability": zero, "ended_by": np.zeros((points, 2)), "rounds_in_force": zero}
        if causes:
            out["by_cause"] = np.zeros((points, len(CAUSE_NAMES)))
        return {**out, "incomplete": np.zeros(points, dtype=bool)}
    if causes:
        skeleton = tagged_skeleton(augmented_terms(support), len(CAUSE_NAMES))
        paths = path_groups(flat.model, flat.row, flat.col, rounds)
    else:
        skeleton = plain_skeleton(support, first_passage=True)
        paths = [(np.arange(points), None)]
    occupation, ended, incomplete = _runs(flat, support, skeleton, rounds, flat.continuation, paths)
    if causes:
        row = ended[:, [CAUSE_NAMES.index(n) for n in CAUSE_NAMES if n.startswith("row_")]]
        col = ended[:, [CAUSE_NAMES.index(n) for n in CAUSE_NAMES if n.startswith("col_")]]
        both = ended[:, CAUSE_NAMES.index("both")]
        ended_by = np.stack([in_order(row) + both, in_order(col) + both], axis=1)
    else:
        ended_by = np.stack(
            [ended[:, ROW] + ended[:, BOTH], ended[:, COL] + ended[:, BOTH]], axis=1
        )
    out = {
        "end_probability": in_order(ended),
        "ended_by": ended_by,
        "rounds_in_force": in_order(occupation),
        "incomplete": incomplete,
    }
    if causes:
        out["by_cause"] = ended
    return out


def _payoffs(flat: Points, support, rounds: int) -> np.ndarray:
    """``V = sum over terms of occupation[source] p u`` on the skeleton of all states."""
    skeleton = plain_skeleton(support, first_passage=False)
    weight = flat.discount * flat.continuation
    paths = [(np.arange(flat.points), None)]
    occupation, _, _ = _runs(flat, support, skeleton, rounds, weight, paths)
    m, n = support.model.shape
    _, size_a, size_b = support.shape
    terms = skeleton.terms
    state = support.model.chain.state[support.source[terms] // (size_a * size_b)]
    cell = (state * m + support.row_action[terms]) * n + support.col_action[terms]
    dynamics = flat.model.dynamics
    out = np.zeros((flat.points, 2))
    step = max(1, BUDGET // max(1, terms.size))
    for k in range(0, flat.points, step):
        index = np.arange(k, min(flat.points, k + step))
        mass = term_values(flat, support, terms, None, index) * occupation[index].T[skeleton.source]
        for side, payoff in enumerate((dynamics.row_payoffs, dynamics.col_payoffs)):
            value = _columns(flat.flat(payoff, 3), index)[cell]
            out[index, side] = in_order((mass * value).T)
    return out


def _per_point(flat: Points, p: int, rounds: int, out: dict, causes: bool, payoffs: bool) -> None:
    """The per-point analyses at point ``p``, written into ``out``."""
    from sim.play.exact import exact_outcomes
    from sim.play.responsibility import attribute_end

    model, row, col = flat.reduced(lambda a: a[p : p + 1])
    exact = exact_outcomes(model, row, col, rounds)
    out["end_probability"][p] = exact.end_probability[0]
    out["ended_by"][p] = exact.ended_by[0]
    out["rounds_in_force"][p] = exact.expected_rounds_in_force[0]
    if payoffs:
        out["payoffs"][p] = exact.payoffs[0]
    if causes:
        out["by_cause"][p] = attribute_end(model, row, col, rounds).by_cause[0]
