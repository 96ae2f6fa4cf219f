"""The evidence-free path of play, and the points of a batch that share it.

On this path both sides see only the other's cooperative action, play their likeliest
intended action (no trembles) and the treaty takes its likeliest transition; dated starts
apply at their rounds (both, if both sides start in the same round). A move made in the
automaton state of this path is one the mover would have made whatever it had seen: a
deliberate first move (:mod:`sim.play.responsibility`). The path depends on a point only
through the argmax of each policy row and of each treaty transition's alternatives, so
points are grouped by those argmaxes and each group's path is computed once.
"""

from __future__ import annotations

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.play.chain import JointChain
from sim.strategies.automaton import Automaton


def evidence_free_path(chain: JointChain, rounds: int, point: int = 0) -> np.ndarray:
    """``(2, T)``: each automaton's state in round ``t`` on the path at flat batch ``point``."""
    return _path(chain.model, chain.row, chain.col, rounds, point)


def path_groups(
    model: IteratedModel, row: Automaton, col: Automaton, rounds: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(points, path)`` for the groups of flat batch points that share the path.

    The batch is that of ``model``, ``row`` and ``col`` broadcast together, flattened in C
    order; every point is in exactly one group.
    """
    batch = np.broadcast_shapes(model.batch_shape, row.batch_shape, col.batch_shape)
    parts = [flat_batch(np.argmax(a.policy, axis=-1), batch, 1) for a in (row, col)]
    parts.append(_treaty_choices(model, batch))
    return [(g, _path(model, row, col, rounds, int(g[0]))) for g in equal_rows(parts)]


def equal_rows(parts: list[np.ndarray]) -> list[np.ndarray]:
    """Index arrays of the points whose rows are equal in every ``(P, k)`` array of
    ``parts``, in the order of the distinct rows (ascending); every point is in exactly one
    group.

    Only the columns that differ between points are compared (a sweep over probabilities
    rarely changes an argmax, so there are usually none and one group; an array broadcast
    along the points has none), and the groups are cut from one stable sort of the labels.
    """
    points = parts[0].shape[0]
    varying = [a[:, np.any(a != a[:1], axis=0)] for a in parts if not same_rows(a)]
    signature = np.concatenate([np.zeros((points, 0), dtype=np.intp), *varying], axis=1)
    if signature.shape[1] == 0:
        return [np.arange(points)]
    _, inverse = np.unique(signature, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1)
    assert sum(g.size for g in groups) == points
    return groups


def same_rows(array: np.ndarray) -> bool:
    """Whether ``(P, k)`` ``array`` is one row broadcast along the points (or has one row)."""
    return array.shape[0] <= 1 or array.strides[0] == 0


def flat_batch(array, batch, core: int) -> np.ndarray:
    """``(P, prod(core axes))``: ``array`` broadcast to ``batch`` and flattened (a broadcast
    view, not a copy, when it does not vary over the batch)."""
    array = np.asarray(array)
    tail = array.shape[array.ndim - core :] if core else ()
    width = int(np.prod(tail, dtype=int))
    full = np.broadcast_to(array, (*batch, *tail))
    if all(stride == 0 for stride in full.strides[: len(batch)]):
        row = full[(0,) * len(batch)].reshape(1, width)
        return np.broadcast_to(row, (int(np.prod(batch, dtype=int)), width))
    return full.reshape(-1, width)


def _treaty_choices(model: IteratedModel, batch) -> np.ndarray:
    """``(P, keys)``: the likeliest treaty term of each (source, row action, col action)."""
    treaty = model.chain
    m, n = model.shape
    probability = flat_batch(treaty.probability, batch, 1)
    key = (treaty.source * m + treaty.row_action) * n + treaty.col_action
    order = np.argsort(key, kind="stable")
    starts = np.concatenate([[0], np.flatnonzero(np.diff(key[order])) + 1])
    if same_rows(probability):  # the same transitions at every point: read one
        one = segment_argmax(probability[:1, order], starts)
        return np.broadcast_to(one, (probability.shape[0], starts.size))
    return segment_argmax(probability[:, order], starts)


def segment_argmax(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``(P, segments)``: ``argmax`` of ``values[:, starts[k]:starts[k + 1]]`` along axis 1
    for every segment ``k`` at once (the first largest entry, as :func:`numpy.argmax`; a
    segment of one column gives 0). A segment whose columns are the same at every point is
    read at the first point only."""
    points, width = values.shape
    sizes = np.diff(np.append(starts, width))
    out = np.zeros((points, starts.size), dtype=np.intp)
    if points == 0:
        return out
    varies = np.logical_or.reduceat(np.any(values != values[:1], axis=0), starts)
    for wide, rows in ((sizes > 1) & varies, slice(None)), ((sizes > 1) & ~varies, slice(0, 1)):
        if wide.any():
            out[:, wide] = _wide_argmax(values[rows], starts[wide], sizes[wide])
    return out


def _wide_argmax(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``segment_argmax`` of the segments ``starts`` of ``sizes`` (two columns or more)."""
    columns = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
    cuts = np.cumsum(sizes) - sizes
    part = values[:, columns]
    top = np.repeat(np.maximum.reduceat(part, cuts, axis=1), sizes, axis=1)
    local = np.arange(columns.size) - np.repeat(cuts, sizes)
    first = np.where(part == top, local, columns.size)
    return np.minimum.reduceat(first, cuts, axis=1)


def _at(array, batch, index, core: int) -> np.ndarray:
    """``array`` broadcast to ``batch`` and read at the batch ``index`` (core axes kept)."""
    array = np.asarray(array)
    return np.broadcast_to(array, (*batch, *array.shape[array.ndim - core :]))[index]


def _path(model: IteratedModel, row: Automaton, col: Automaton, rounds: int, point: int):
    """The path at flat batch ``point`` (see :func:`evidence_free_path`)."""
    treaty = model.chain
    batch = np.broadcast_shapes(model.batch_shape, row.batch_shape, col.batch_shape)
    index = np.unravel_index(point, batch)
    policies = [_at(a.policy, batch, index, 2) for a in (row, col)]
    probability = _at(treaty.probability, batch, index, 1)
    cooperative = [model.actions[p].index(model.roles[p][0]) for p in (0, 1)]
    starts = [(row.start, 0, row.start_map()), (col.start, 1, col.start_map())]
    e, states = treaty.initial, [row.initial, col.initial]
    path = np.zeros((2, rounds), dtype=np.intp)
    for t in range(rounds):
        for start, side, mapping in starts:
            if start > 0 and t == start:
                states[side] = int(mapping[states[side]])
        path[:, t] = states
        i, j = (int(np.argmax(policies[p][states[p]])) for p in (0, 1))
        terms = np.flatnonzero(
            (treaty.source == e) & (treaty.row_action == i) & (treaty.col_action == j)
        )
        f = int(treaty.target[terms[np.argmax(probability[terms])]])
        k = treaty.state[f]
        states = [
            int(row.next_state[states[0], i, cooperative[1], k]),
            int(col.next_state[states[1], j, cooperative[0], k]),
        ]
        e = f
    return path


__all__ = [
    "equal_rows",
    "evidence_free_path",
    "flat_batch",
    "path_groups",
    "same_rows",
    "segment_argmax",
]
