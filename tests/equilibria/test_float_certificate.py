"""The floating-point certificate of proposed vertices against the exact one.

Whatever the float certificate confirms, the exact certificate (integers, no floating
point) must confirm with the same point; what it cannot settle it must leave alone."""

import time

import numpy as np
import pytest

from sim.equilibria.certificate import certify_vertex
from sim.equilibria.certified_proposals import certified_profiles
from sim.equilibria.exact import positive_integers, weight_probabilities
from sim.equilibria.float_certificate import certify_vertices
from sim.equilibria.large import search_proposal
from sim.equilibria.nash import nash_equilibria


def _bits(labels, d, e):
    return np.array([[label >> i & 1 for i in range(d + e)] for label in labels], dtype=bool)


def _float_verdicts(P, labels):
    d, e = P.shape
    bits = _bits(labels, d, e)
    points = np.zeros((len(labels), d))
    return certify_vertices(P, bits[:, :d], bits[:, d:], points), points


def _exact_verdicts(P, labels):
    N = positive_integers(P)
    found = [certify_vertex(N, label) for label in labels]
    return [None if f is None else weight_probabilities(f[0]) for f in found]


def _random_labels(rng, d, e, count):
    """Label sets with as many unplayed actions as best responses missing: vertices or not."""
    labels = []
    for _ in range(count):
        k = int(rng.integers(1, min(d, e) + 1))
        support = rng.choice(d, k, replace=False)
        tight = rng.choice(e, k, replace=False)
        label = sum(1 << i for i in range(d) if i not in support)
        labels.append(label + sum(1 << (d + j) for j in tight))
    return labels


def _check_against_exact(P, labels):
    done, points = _float_verdicts(P, labels)
    exact = _exact_verdicts(P, labels)
    for v, label in enumerate(labels):
        if done[v]:
            assert exact[v] is not None, f"float certified a non-vertex {label:b}"
            np.testing.assert_allclose(points[v], exact[v], rtol=1e-12, atol=1e-15)
    return done, exact


@pytest.mark.parametrize("size", [3, 5, 8])
def test_on_random_games_it_confirms_only_what_the_exact_certificate_confirms(size):
    rng = np.random.default_rng(size)
    settled = vertices = 0
    for _ in range(20):
        P = rng.random((size, size))
        labels = _random_labels(rng, size, size, 60)
        done, exact = _check_against_exact(P, labels)
        vertices += sum(x is not None for x in exact)
        settled += int(done.sum())
    assert vertices > 20 and settled == vertices  # random games: nothing is close to a tie


def test_under_wide_payoff_spreads_it_never_confirms_a_wrong_vertex():
    rng = np.random.default_rng(7)
    settled = vertices = 0
    for _ in range(40):
        P = 10.0 ** rng.uniform(-6, 15, (6, 6)) * rng.choice([-1, 1], (6, 6))
        labels = _random_labels(rng, 6, 6, 40)
        done, exact = _check_against_exact(P, labels)
        vertices += sum(x is not None for x in exact)
        settled += int(done.sum())
    assert vertices > 0 and settled < vertices  # some are left to the exact certificate


def test_a_near_tie_is_left_to_the_exact_certificate():
    """Row mix (1/2, 1/2) makes columns 0 and 1 best responses (value 1/2); column 2 earns
    1/2 - 2^-55, below them by less than floating point resolves (0.5 - 2^-54 is the
    double below 1/2)."""
    tiny = 2.0**-54
    P = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5 - tiny]])
    label = (1 << 2) | (1 << 3)  # both rows played, columns 0 and 1 tight
    done, _ = _float_verdicts(P, [label])
    assert not done[0]
    assert _exact_verdicts(P, [label]) == [[0.5, 0.5]]


def test_a_tie_is_left_to_the_exact_certificate_which_rejects_the_label_set():
    P = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])  # column 2 is a best response too
    label = (1 << 2) | (1 << 3)
    assert not _float_verdicts(P, [label])[0][0]
    assert _exact_verdicts(P, [label]) == [None]  # the vertex has one label more


@pytest.mark.parametrize("value", [1e-300, 1e300])
def test_payoffs_outside_the_safe_range_are_left_to_the_exact_certificate(value):
    P = np.array([[value, 0.0], [0.0, value]])
    label = (1 << 2) | (1 << 3)
    assert not _float_verdicts(P, [label])[0][0]
    assert _exact_verdicts(P, [label]) == [[0.5, 0.5]]


def test_a_proposal_the_float_certificate_leaves_is_kept_through_the_exact_one():
    tiny = 2.0**-54
    B = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5 - tiny]])
    A = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # y = (1/2, 1/2, 0) makes both rows best
    row_label = (1 << 2) | (1 << 3)
    col_label = 1 | 2 | (1 << 4)  # rows 0, 1 best responses; column 2 (bit 2 + 2) unplayed
    keep, row, col, checked = certified_profiles(A, B, [row_label], [col_label], 10, np.inf)
    assert keep == [0] and checked == 1
    assert row.tolist() == [[0.5, 0.5]] and col.tolist() == [[0.5, 0.5, 0.0]]


def test_the_equilibria_of_a_search_are_all_settled_in_floating_point_on_random_games():
    rng = np.random.default_rng(3)
    A, B = rng.random((2, 9, 9))
    proposal = search_proposal(A, B, 60.0)
    labels = [int(label) for label in proposal.row_labels]
    done, points = _float_verdicts(B, labels)
    assert len(labels) > 1 and done.all()
    np.testing.assert_allclose(points, _exact_verdicts(B, labels), rtol=1e-12, atol=1e-15)


def test_a_support_probability_that_is_zero_in_truth_is_never_confirmed():
    """Rows 0 and 1 mixed half and half make all three columns best responses, so on the
    full support the solution gives row 2 probability exactly 0 (a label more); rounding
    gives it about +-1e-17, which only the error bound tells from a true positive."""
    rng = np.random.default_rng(11)
    label = (1 << 3) | (1 << 4) | (1 << 5)  # all rows played, all columns tight
    rounded_positive = 0
    for _ in range(30):
        P = np.array([[0.25, 0.875, 0.5], [0.75, 0.125, 0.5], rng.random(3)])
        z = np.linalg.solve(np.block([[P.T, -np.ones((3, 1))], [np.ones((1, 3)), 0]]),
                            [0, 0, 0, 1])  # fmt: skip
        rounded_positive += z[2] > 0
        assert not _float_verdicts(P, [label])[0][0]
        assert _exact_verdicts(P, [label]) == [None]
    assert rounded_positive > 0


def test_compiling_the_certificate_does_not_use_up_the_time_budget(monkeypatch):
    import sim.equilibria.certified_proposals as proposals
    import sim.equilibria.float_certificate as compiled

    real = compiled.certify_label_masks
    slow = {"first": True}

    def compiling_slowly(*args):  # a first call that takes longer than the whole budget
        if slow.pop("first", False):
            time.sleep(0.5)
        return real(*args)

    proposals.loaded_certificate.cache_clear()
    monkeypatch.setattr(compiled, "certify_label_masks", compiling_slowly)
    try:
        A, B = np.random.default_rng(8).random((2, 9, 9))
        found = nash_equilibria((A, B), budget=0.2)
    finally:
        proposals.loaded_certificate.cache_clear()
    assert "left unchecked" not in found.note
    assert len(found) == len(nash_equilibria((A, B)).row) > 1
