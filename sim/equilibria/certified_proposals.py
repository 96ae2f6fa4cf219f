"""Each proposed equilibrium of a float method, certified or dropped.

A proposal is a pair of label sets, one vertex of each best-response polytope. Float
payoffs are first given to the floating-point certificate with rigorous error bounds
(:mod:`sim.equilibria.float_certificate`), which settles the common case in microseconds;
a vertex it cannot settle (a near tie, a wide spread of payoffs, exact payoffs such as
fractions) is solved and labelled exactly (:func:`sim.equilibria.certificate.certify_vertex`).
Either way a kept equilibrium is exactly the vertex pair it claims to be: its supports and
best responses are proven, and its probabilities are the exact ones (exact certificate)
or within the proven error bound of them (float certificate, a few units in the last place).
"""

from __future__ import annotations

import functools
import time

import numpy as np


def certified_profiles(A, B, row_labels, col_labels, limit: int, deadline: float):
    """``(keep, row, col, checked)``: the indices of the proposals certified, their mixed
    strategies (row ``k`` of the float arrays ``row`` and ``col`` for proposal ``keep[k]``)
    and how many proposals were checked before ``limit`` kept ones or the clock's
    ``deadline`` (``time.perf_counter``) stopped the loop.

    ``A`` and ``B`` are the exact payoffs: float arrays (each entry the rational it is) or
    lists of fractions. ``row_labels`` are label sets of the row player's polytope (bit
    ``i``: row ``i`` unplayed, bit ``m + j``: column ``j`` a best response) and
    ``col_labels`` of the column player's in the unified numbering (rows ``0..m-1``,
    columns ``m..m+n-1``). Call :func:`loaded_certificate` before reading the clock for
    ``deadline``: compiling the certificate takes seconds."""
    from sim.equilibria.exact import column_labels_unified

    floats = isinstance(A, np.ndarray) and A.dtype == np.float64
    m, n = A.shape if floats else (len(A), len(A[0]))
    if m + n <= 62:  # the label masks fit in int64
        masks = np.asarray(col_labels, dtype=np.int64)
        own_col = ((masks & ((1 << m) - 1)) << n) | (masks >> m)  # column_labels_unified
    else:
        own_col = [column_labels_unified(int(label), n, m) for label in col_labels]
    count = len(row_labels)
    if floats and count:
        xs, x_done = _float_certified(B, row_labels, m, n)
        ys, y_done = _float_certified(np.ascontiguousarray(A.T), own_col, n, m)
    else:
        xs, ys, x_done = np.zeros((count, m)), np.zeros((count, n)), np.zeros(count, bool)
        y_done = x_done
    exact = _ExactCheck(A, B, floats)
    keep, checked = [], 0
    for k in range(count):
        if len(keep) == limit or time.perf_counter() > deadline:
            break
        checked += 1
        if not x_done[k] and not _stored(xs, k, exact.row(int(row_labels[k]))):
            continue
        if not y_done[k] and not _stored(ys, k, exact.col(int(own_col[k]))):
            continue
        keep.append(k)
    return keep, xs[keep], ys[keep], checked


@functools.cache
def loaded_certificate():
    """The compiled float certificate's two entry points, compiled or loaded from the
    disk cache on the first call in a process (seconds when compiled), so that a caller
    can do it before a time budget starts."""
    from sim.equilibria.float_certificate import certify_label_masks, certify_vertices

    one, bits = np.ones((1, 1)), np.zeros((1, 2), dtype=bool)
    certify_label_masks(one, np.zeros(1, dtype=np.int64), np.zeros((1, 1)))
    certify_vertices(one, bits[:, :1], bits[:, 1:], np.zeros((1, 1)))  # as called below
    return certify_label_masks, certify_vertices


def _float_certified(P: np.ndarray, labels, d: int, e: int):
    """The certified mixed strategy of each vertex (row ``v`` of a ``V x d`` array) and
    whether the float certificate settled it."""
    certify_label_masks, certify_vertices = loaded_certificate()
    points = np.zeros((len(labels), d))
    P = np.ascontiguousarray(P, dtype=float)
    if d + e <= 62:  # the label masks fit in int64
        done = certify_label_masks(P, np.asarray(labels, dtype=np.int64), points)
    else:
        labels = [int(label) for label in labels]
        bits = np.array([[label >> i & 1 for i in range(d + e)] for label in labels], dtype=bool)
        done = certify_vertices(P, bits[:, :d], bits[:, d:], points)
    return points, done


def _stored(points: np.ndarray, k: int, exact) -> bool:
    """Row ``k`` of ``points`` set to the exact probabilities (rounded), if certified."""
    if exact is not None:
        points[k] = [float(v) for v in exact]
    return exact is not None


class _ExactCheck:
    """The exact certificate, with the integer payoffs made on first use."""

    def __init__(self, A, B, floats: bool):
        self._A, self._B, self._floats = A, B, floats
        self._integers = None

    def _payoffs(self):
        from sim.equilibria.exact import positive_integers, transpose

        if self._integers is None:
            A_T = self._A.T if self._floats else transpose(self._A)
            self._integers = positive_integers(self._B), positive_integers(A_T)
        return self._integers

    def row(self, labels: int):
        return self._solve(self._payoffs()[0], labels)

    def col(self, labels: int):
        return self._solve(self._payoffs()[1], labels)

    @staticmethod
    def _solve(N, labels: int):
        from sim.equilibria.certificate import certify_vertex
        from sim.equilibria.exact import weight_probabilities

        found = certify_vertex(N, labels)
        return None if found is None else weight_probabilities(found[0])
