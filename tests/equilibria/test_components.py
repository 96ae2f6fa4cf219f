"""Connected components of the equilibrium set: overlaps joined, isolated points alone,
and against an independent check of the segments between extreme equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from sim.equilibria.components import component_records, connected_components
from sim.equilibria.nash import nash_equilibria


def test_overlapping_subsets_form_one_component():
    assert connected_components([[0, 1], [1, 2], [3]], 4) == [[0, 1, 2], [3]]
    assert connected_components([[0], [1], [2]], 3) == [[0], [1], [2]]
    assert connected_components([[2, 4], [0, 3], [3, 4], [1]], 5) == [[0, 2, 3, 4], [1]]


def test_two_nash_subsets_sharing_a_vertex():
    # row's a is always a best response, column's v too: {a} x {v, w} and {a, b} x {v}
    A = np.array([[1.0, 1.0], [1.0, 0.0]])
    found = nash_equilibria((A, A.T))
    assert len(found) == 3 and len(found.components) == 2
    (record,) = component_records(found)
    assert record["equilibria"] == [0, 1, 2] and record["nash_subsets"] == [0, 1]
    assert record["payoff_range"] == [[1.0, 1.0], [1.0, 1.0]]


def test_nondegenerate_games_have_isolated_equilibria():
    rng = np.random.default_rng(21)
    A, B = rng.standard_normal((2, 4, 4))
    found = nash_equilibria((A, B))
    records = component_records(found)
    assert [r["equilibria"] for r in records] == [[k] for k in range(len(found))]
    for k, r in enumerate(records):
        assert r["payoff_range"] == [[found.payoffs[k, 0]] * 2, [found.payoffs[k, 1]] * 2]


def _is_equilibrium(A, B, x, y) -> bool:
    row = [sum(a * q for a, q in zip(r, y, strict=True)) for r in A]
    col = [sum(B[i][j] * x[i] for i in range(len(x))) for j in range(len(y))]
    return all(row[i] == max(row) for i in range(len(x)) if x[i]) and all(
        col[j] == max(col) for j in range(len(y)) if y[j]
    )


def _segment_components(A, B, exact) -> list[list[int]]:
    """Independent: join two extreme equilibria when the segment between them is made of
    equilibria (checked exactly at t = 1/3, 1/2, 2/3), then take connected components."""
    count = len(exact)
    label = list(range(count))
    for i in range(count):
        for j in range(i + 1, count):
            (x1, y1), (x2, y2) = exact[i], exact[j]
            ok = all(
                _is_equilibrium(
                    A,
                    B,
                    [(1 - t) * a + t * b for a, b in zip(x1, x2, strict=True)],
                    [(1 - t) * a + t * b for a, b in zip(y1, y2, strict=True)],
                )
                for t in (Fraction(1, 3), Fraction(1, 2), Fraction(2, 3))
            )
            if ok:
                old, new = label[j], label[i]
                label = [new if v == old else v for v in label]
    groups: dict[int, list[int]] = {}
    for k, v in enumerate(label):
        groups.setdefault(v, []).append(k)
    return sorted(groups.values())


def test_components_agree_with_segments_on_degenerate_games():
    rng = np.random.default_rng(22)
    checked_overlap = False
    for _ in range(25):
        A, B = rng.integers(0, 2, (2, 3, 3))
        found = nash_equilibria((A.astype(float), B.astype(float)), exact=True)
        ours = connected_components(found.components, len(found))
        Af = [[Fraction(int(v)) for v in r] for r in A]
        Bf = [[Fraction(int(v)) for v in r] for r in B]
        assert ours == _segment_components(Af, Bf, found.exact)
        checked_overlap |= any(len(r["nash_subsets"]) > 1 for r in component_records(found))
    assert checked_overlap  # the sample has components made of several Nash subsets
