"""Moran fixation: closed form against neutral drift, the constant-fitness formula,
the Nowak ratio, and seeded simulation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.evolution.moran import (
    fixation_matrix,
    fixation_probability,
    mutant_fitness,
    rare_mutation_distribution,
    simulate_fixation,
)
from tests.conftest import examples

payoff = st.floats(0, 5, allow_nan=False)


@settings(max_examples=examples(40), deadline=None)
@given(payoff, payoff, payoff, payoff, st.integers(2, 60))
def test_neutral_selection_gives_one_over_n(a, b, c, d, size):
    assert fixation_probability(a, b, c, d, size, 0.0) == pytest.approx(1 / size, rel=1e-12)
    assert fixation_probability(a, b, c, d, size, 0.0, "exponential") == pytest.approx(1 / size)


@pytest.mark.parametrize(("r", "size"), [(1.1, 10), (2.0, 5), (0.8, 30)])
def test_constant_fitness_gives_the_classic_moran_formula(r, size):
    # Mutant fitness r, resident 1, whatever the composition (w = 1, payoffs constant):
    # rho = (1 - 1/r) / (1 - 1/r^N) (Moran 1962; Nowak 2006, eq. 6.4).
    expected = (1 - 1 / r) / (1 - r**-size)
    assert fixation_probability(r, r, 1.0, 1.0, size, 1.0) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=examples(30), deadline=None)
@given(payoff, payoff, payoff, payoff, st.integers(2, 40), st.floats(0, 0.15))
def test_ratio_of_fixation_probabilities_is_the_product_of_fitness_ratios(a, b, c, d, size, w):
    # rho_A / rho_B = prod_{i=1}^{N-1} f_i / g_i (Nowak et al. 2004).
    rho_a = fixation_probability(a, b, c, d, size, w)
    rho_b = fixation_probability(d, c, b, a, size, w)
    f, g = mutant_fitness(a, b, c, d, size, w)
    assert np.log(rho_a / rho_b) == pytest.approx(np.sum(np.log(f / g)), abs=1e-9)


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "size", "w"),
    [
        (3.0, 0.0, 5.0, 1.0, 20, 0.0),  # neutral: 1/N
        (3.0, 0.0, 5.0, 1.0, 20, 0.1),  # cooperators among defectors: below 1/N
        (5.0, 1.0, 3.0, 0.0, 20, 0.1),  # a favoured mutant
        (3.0, 0.9, 3.1, 1.0, 12, 0.5),  # tit-for-tat against always-defect (per round)
    ],
)
def test_closed_form_lies_in_the_simulation_confidence_interval(a, b, c, d, size, w):
    rng = np.random.default_rng(np.random.SeedSequence(2024))
    estimate = simulate_fixation(a, b, c, d, size, w, runs=20_000, rng=rng)
    exact = fixation_probability(a, b, c, d, size, w)
    assert estimate.low <= exact <= estimate.high
    assert estimate.runs == 20_000 and 0 <= estimate.fixed <= 20_000


def test_simulation_is_reproducible_with_a_seed():
    runs = [
        simulate_fixation(3, 0, 5, 1, 10, 0.2, 2000, np.random.default_rng(5)) for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_strong_selection_does_not_overflow():
    rho = fixation_probability(0.0, 0.0, 100.0, 100.0, 200, 50.0, "exponential")
    assert 0.0 <= rho < 1e-300 or rho == 0.0
    assert fixation_probability(100.0, 100.0, 0.0, 0.0, 200, 50.0, "exponential") == pytest.approx(
        1.0
    )


def test_nonpositive_linear_fitness_is_refused():
    with pytest.raises(ValueError, match="intensity"):
        fixation_probability(-10.0, -10.0, 1.0, 1.0, 10, 0.5)


def test_fixation_matrix_and_rare_mutation_limit_for_two_strategies():
    M = np.array([[3.0, 0.0], [5.0, 1.0]])
    rho = fixation_matrix(M, 10, 0.1)
    assert rho[0, 0] == rho[1, 1] == pytest.approx(0.1)
    assert rho[0, 1] == pytest.approx(fixation_probability(3, 0, 5, 1, 10, 0.1))
    assert rho[1, 0] == pytest.approx(fixation_probability(1, 5, 0, 3, 10, 0.1))
    # Two strategies: pi_A / pi_B = rho_AB / rho_BA (Fudenberg and Imhof 2006).
    pi = rare_mutation_distribution(rho)
    assert pi.sum() == pytest.approx(1.0)
    assert pi[0] / pi[1] == pytest.approx(rho[0, 1] / rho[1, 0])


def test_rare_mutation_distribution_is_uniform_under_neutral_selection():
    rho = fixation_matrix(np.arange(9.0).reshape(3, 3), 15, 0.0)
    np.testing.assert_allclose(rare_mutation_distribution(rho), np.full(3, 1 / 3))
