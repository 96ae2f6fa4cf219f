"""Vertices the float search leaves undecided, settled in exact arithmetic."""

from fractions import Fraction

import numpy as np
import pytest

import sim.equilibria.search as search
from sim.equilibria.certificate import support_and_tight
from sim.equilibria.exact import exact_equilibria, exact_vertices, positive_integers
from sim.equilibria.exact_partner import DEGENERATE, EQUILIBRIUM, NOT_EQUILIBRIUM, exact_partner


@pytest.mark.parametrize("seed", range(6))
def test_the_verdict_on_every_vertex_matches_the_exact_equilibria(seed):
    rng = np.random.default_rng(seed)
    A, B = (rng.choice(1000, 20, replace=False).reshape(4, 5).tolist() for _ in range(2))
    equilibria, degenerate, *_, row_labels, _ = exact_equilibria(A, B)
    if degenerate:
        pytest.skip("a degenerate draw")
    N = positive_integers(A)
    for label, point in exact_vertices(B).items():
        if not any(point):
            continue
        verdict, weights = exact_partner(N, *support_and_tight(label, 4, 5))
        assert verdict == (EQUILIBRIUM if label in row_labels else NOT_EQUILIBRIUM)
        if verdict == EQUILIBRIUM:
            y = next(y for (x, y), lx in zip(equilibria, row_labels, strict=True) if lx == label)
            assert [Fraction(w, sum(weights)) for w in weights] == list(y)


def test_an_exact_tie_of_the_partner_is_degenerate():
    """x = (1/2, 1/2) against columns 0 and 1; the row player's payoffs make y = (1/2, 1/2)
    leave row 2 exactly indifferent."""
    A = [[2, 0], [0, 2], [1, 1]]
    support, tight = [0, 1], [0, 1]
    assert exact_partner(positive_integers(A), support, tight)[0] == DEGENERATE


def test_a_search_whose_near_ties_are_settled_finds_the_exact_equilibria(monkeypatch):
    """A coarse tolerance makes many float decisions near ties. Where all of a game's are
    settled exactly (else the search falls back on both polytopes), the equilibria are
    the exact ones."""
    monkeypatch.setattr(search, "RELATIVE_TOLERANCE", 1e-4)
    outcomes = []
    original = search._settled_partners

    def spy(*arguments):
        settled = original(*arguments)
        outcomes.append(settled is not None)
        return settled

    monkeypatch.setattr(search, "_settled_partners", spy)
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(100):
        A, B = rng.random((2, 7, 7))
        outcomes.clear()
        found = search.search_equilibria(A, B)
        if outcomes != [True]:
            continue
        checked += 1
        exact, *_ = exact_equilibria(A.tolist(), B.tolist())
        ours = sorted(tuple(np.round(x, 9)) for x in found.row)
        theirs = sorted(tuple(np.round([float(p) for p in x], 9)) for x, _ in exact)
        assert ours == theirs
    assert checked >= 10
