"""A strategy profile's chain compiled once for many parameter points: states, terms, pairs.

Across the points of a sweep the chain of a profile (:mod:`sim.play.chain`, or its
evidence-tagged extension :mod:`sim.play.responsibility`) keeps its states and its terms;
only the term probabilities change. The skeleton is built once, at the *support point*
(every probability array averaged over the points: an average of non-negative numbers is
non-zero wherever one of them is, so no term that any point can take is dropped), and
keeps only the states reachable from the initial state. Terms with the same source, target
and rule of application sum into one *pair* (an entry of the transition matrix):

    M[s, s'] = sum over terms t from s to s' of p_t,   D[s, c] = sum over ending terms of p_t

Terms that carry an evidence-free-path rule (a move counted as a first move only on that
path, :func:`sim.play.free_path.evidence_free_path`) keep it as a *class*
``(rule, side, state)`` whose activity is read off the path round by round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.treaty import CAUSES
from sim.play.chain import JointChain


@dataclass(frozen=True, eq=False)
class Skeleton:
    """Reachable states and the terms and pairs between them (indices only, no values).

    Attributes
    ----------
    size, initial
        Number of reachable states, and the initial one (re-indexed).
    terms
        Index of each term's joint-chain term (its probability before any intent split).
    trembled
        ``(2, terms)``: the intent split of each term (``None``: no split).
    source, rule
        Each term's (re-indexed) source state and path rule (``+1``, ``-1``, ``0``).
    slot
        Each term's pair: ``slot < len(pair_source)`` a move between states, the rest ending
        pairs, ``len(pair_source) + e``.
    pair_source, pair_target, pair_class
        Pairs between reachable states.
    end_source, end_cause, end_class
        Pairs that end the treaty (first passage only), with their cause.
    class_rule, class_side, class_state
        A class of rule 0 always applies; one of rule ``+1`` (``-1``) when
        ``path[side, t] == state`` holds (does not hold).
    starts
        ``(round, mapping)``: dated starts, ``mapping`` on the reachable states.
    causes
        Number of causes of ending.
    """

    size: int
    initial: int
    terms: np.ndarray
    trembled: np.ndarray | None
    source: np.ndarray
    rule: np.ndarray
    slot: np.ndarray
    pair_source: np.ndarray
    pair_target: np.ndarray
    pair_class: np.ndarray
    end_source: np.ndarray
    end_cause: np.ndarray
    end_class: np.ndarray
    class_rule: np.ndarray
    class_side: np.ndarray
    class_state: np.ndarray
    starts: tuple
    causes: int

    def active(self, path: np.ndarray) -> np.ndarray:
        """``(T, classes)``: which classes apply in each round, given the path ``(2, T)``."""
        on = path[self.class_side].T == self.class_state[None, :]
        rule = self.class_rule[None, :]
        return np.where(rule > 0, on, np.where(rule < 0, ~on, True))


def reachable(size: int, source, target, initial: int, starts) -> np.ndarray:
    """Sorted states reachable from ``initial`` along the edges and the start mappings."""
    from scipy import sparse
    from scipy.sparse.csgraph import breadth_first_order

    rows = [np.asarray(source)] + [np.arange(size) for _, _ in starts]
    cols = [np.asarray(target)] + [np.asarray(m) for _, m in starts]
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    graph = sparse.csr_array((np.ones(rows.size), (rows, cols)), shape=(size, size))
    found = breadth_first_order(graph, initial, directed=True, return_predecessors=False)
    return np.sort(found)


def plain_skeleton(chain: JointChain, first_passage: bool) -> Skeleton:
    """The joint chain's skeleton: all states (``first_passage=False``), or the in-force
    states with the ending flows by cause (:data:`~sim.dynamics.treaty.CAUSES`)."""
    treaty = chain.model.chain
    index = np.arange(len(chain.source))
    ends = np.zeros(index.size, dtype=bool)
    if first_passage:
        index = index[chain.in_force[chain.source]]
        ends = ~chain.in_force[chain.target[index]]
    cause = treaty.cause[chain.treaty_term[index]]
    stay = ~ends
    return _build(
        chain.size,
        chain.initial,
        chain.starts(),
        index,
        None,
        chain.source[index],
        chain.target[index],
        ends,
        np.where(ends, cause, 0),
        np.zeros((3, index.size), dtype=np.intp),
        len(CAUSES),
        stay,
    )


def tagged_skeleton(terms, causes: int) -> Skeleton:
    """The skeleton of the evidence-tagged chain, from its
    :class:`~sim.play.responsibility.AugmentedTerms`."""
    rule = np.asarray(terms.path_rule)
    keys = np.stack([rule, np.where(rule != 0, terms.mover_side, 0)])
    keys = np.concatenate([keys, np.where(rule != 0, terms.mover_state, 0)[None]])
    return _build(
        terms.size,
        terms.initial,
        terms.starts,
        terms.base,
        terms.trembled,
        terms.source,
        terms.target,
        terms.ends,
        np.where(terms.ends, terms.cause, 0),
        keys,
        causes,
        ~terms.ends,
    )


def _build(size, initial, starts, base, trembled, source, target, ends, cause, keys, causes, stay):
    """Restrict to the reachable states and sum the terms into pairs."""
    kept = reachable(size, source[stay], target[stay], initial, starts)
    position = np.full(size, -1)
    position[kept] = np.arange(kept.size)
    live = position[source] >= 0
    base, source, target, ends, cause, keys = (
        base[live],
        position[source[live]],
        target[live],
        ends[live],
        cause[live],
        keys[:, live],
    )
    if trembled is not None:
        trembled = trembled[:, live]
    target = np.where(ends, 0, position[target])
    classes, klass = np.unique(keys, axis=1, return_inverse=True)
    klass = klass.reshape(-1)
    far = (np.where(ends, cause, target) * classes.shape[1] + klass) * 2 + ends
    pairs, slot = np.unique(source * (far.max() + 1) + far, return_inverse=True)
    slot = slot.reshape(-1)
    pair_source, rest = pairs // (far.max() + 1), pairs % (far.max() + 1)
    pair_end = rest % 2 == 1
    pair_class = (rest // 2) % classes.shape[1]
    pair_far = (rest // 2) // classes.shape[1]
    order = np.argsort(pair_end, kind="stable")  # moves first, then endings
    slot = np.argsort(order)[slot]
    pair_source, pair_class, pair_far, pair_end = (
        pair_source[order],
        pair_class[order],
        pair_far[order],
        pair_end[order],
    )
    moves = ~pair_end
    mapped = tuple((r, position[np.asarray(m)[kept]]) for r, m in sorted(starts, key=_first))
    return Skeleton(
        size=int(kept.size),
        initial=int(position[initial]),
        terms=base,
        trembled=trembled,
        source=source,
        rule=keys[0],
        slot=slot,
        pair_source=pair_source[moves],
        pair_target=pair_far[moves],
        pair_class=pair_class[moves],
        end_source=pair_source[pair_end],
        end_cause=pair_far[pair_end],
        end_class=pair_class[pair_end],
        class_rule=classes[0],
        class_side=classes[1],
        class_state=classes[2],
        starts=mapped,
        causes=causes,
    )


def _first(item):
    return item[0]
