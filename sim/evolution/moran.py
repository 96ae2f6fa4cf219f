"""Fixation of a mutant strategy in a finite population: the Moran birth-death process.

A population of ``N`` individuals, ``i`` of them mutants (strategy A) and ``N - i`` residents
(strategy B), everyone meeting everyone else. With payoffs ``a = u(A, A)``, ``b = u(A, B)``,
``c = u(B, A)``, ``d = u(B, B)`` the average payoffs are

    pi_A(i) = (a (i - 1) + b (N - i)) / (N - 1),   pi_B(i) = (c i + d (N - i - 1)) / (N - 1),

and the fitnesses at selection intensity ``w`` are ``f_i = 1 - w + w pi_A(i)`` and
``g_i = 1 - w + w pi_B(i)`` (linear), or ``exp(w pi)`` (exponential; Traulsen, Shoresh and
Nowak 2008). Each step one individual is chosen to reproduce with probability proportional
to fitness and its offspring replaces one chosen uniformly at random. The probability that
one mutant takes over is

    rho_A = 1 / (1 + sum_{k=1}^{N-1} prod_{i=1}^{k} g_i / f_i)

(Nowak, Sasaki, Taylor and Fudenberg 2004, Nature 428, 646-650; Taylor et al. 2004). Under
neutral selection (``w = 0``) it is ``1 / N``; selection favours A replacing B when
``rho_A > 1 / N``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FITNESS_MAPS = ("linear", "exponential")


def _fitness(payoff: np.ndarray, intensity: float, mapping: str) -> np.ndarray:
    if mapping == "linear":
        return 1.0 - intensity + intensity * payoff
    if mapping == "exponential":
        return np.exp(intensity * payoff)
    raise ValueError(f"unknown fitness map {mapping!r} (known: {', '.join(FITNESS_MAPS)})")


def average_payoffs(
    a: float, b: float, c: float, d: float, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mutant and resident average payoffs with ``i = 1 .. N-1`` mutants: arrays ``(N-1,)``."""
    i = np.arange(1, size, dtype=float)
    mutant = (a * (i - 1) + b * (size - i)) / (size - 1)
    resident = (c * i + d * (size - i - 1)) / (size - 1)
    return mutant, resident


def mutant_fitness(
    a: float, b: float, c: float, d: float, size: int, intensity: float, mapping: str = "linear"
) -> tuple[np.ndarray, np.ndarray]:
    """Fitness of a mutant and of a resident with ``i = 1 .. N-1`` mutants: arrays ``(N-1,)``.

    Raises
    ------
    ValueError
        If a linear fitness is not positive (the intensity is too large for these payoffs).
    """
    mutant, resident = average_payoffs(a, b, c, d, size)
    f = _fitness(mutant, intensity, mapping)
    g = _fitness(resident, intensity, mapping)
    if np.any(f <= 0) or np.any(g <= 0):
        raise ValueError(
            "fitness 1 - w + w*payoff is not positive: lower the selection intensity w "
            "or use the exponential fitness map"
        )
    return f, g


def fixation_probability(
    a: float, b: float, c: float, d: float, size: int, intensity: float, mapping: str = "linear"
) -> float:
    """Probability that one mutant A fixes among ``size - 1`` residents B (closed form above).

    The sum of products is evaluated in log space, so strong selection does not overflow.
    """
    if size < 2:
        raise ValueError("the population needs at least 2 individuals")
    if mapping == "exponential":
        mutant, resident = average_payoffs(a, b, c, d, size)
        log_ratio = intensity * (resident - mutant)
    else:
        f, g = mutant_fitness(a, b, c, d, size, intensity, mapping)
        log_ratio = np.log(g) - np.log(f)
    terms = np.concatenate([[0.0], np.cumsum(log_ratio)])  # log prod_{i<=k} g_i/f_i, k=0..N-1
    top = terms.max()
    return float(np.exp(-top) / np.sum(np.exp(terms - top)))


def fixation_matrix(
    payoffs: np.ndarray, size: int, intensity: float, mapping: str = "linear"
) -> np.ndarray:
    """``rho[k, l]``: fixation probability of one ``k`` mutant among ``l`` residents.

    ``payoffs[s, t]`` is what strategy ``s`` earns against ``t`` in one pool; the diagonal is
    ``1 / size`` (a mutant identical to the residents is neutral).
    """
    payoffs = np.asarray(payoffs, dtype=float)
    count = payoffs.shape[0]
    rho = np.full((count, count), 1.0 / size)
    for k in range(count):
        for r in range(count):
            if k != r:
                rho[k, r] = fixation_probability(
                    payoffs[k, k],
                    payoffs[k, r],
                    payoffs[r, k],
                    payoffs[r, r],
                    size,
                    intensity,
                    mapping,
                )
    return rho


def rare_mutation_distribution(rho: np.ndarray) -> np.ndarray:
    """Long-run share of time in each monomorphic state when mutations are rare.

    Between mutations the population is monomorphic; a mutant of one of the other ``K - 1``
    strategies, chosen uniformly, arises and fixes with probability ``rho[k, l]``. The
    embedded chain has ``P[l, k] = rho[k, l] / (K - 1)`` for ``k != l``; its stationary
    distribution is the limit as the mutation rate goes to zero (Fudenberg and Imhof 2006,
    J. Econ. Theory 131, 251-262).
    """
    rho = np.asarray(rho, dtype=float)
    count = rho.shape[0]
    if count == 1:
        return np.ones(1)
    transition = rho.T / (count - 1)
    np.fill_diagonal(transition, 0.0)
    np.fill_diagonal(transition, 1.0 - transition.sum(axis=1))
    # Solve pi (P - I) = 0 with sum pi = 1 (least squares on the stacked system).
    system = np.vstack([transition.T - np.eye(count), np.ones((1, count))])
    rhs = np.zeros(count + 1)
    rhs[-1] = 1.0
    stationary = np.linalg.lstsq(system, rhs, rcond=None)[0]
    stationary = np.clip(stationary, 0.0, None)
    return stationary / stationary.sum()


@dataclass(frozen=True)
class FixationEstimate:
    """A simulated fixation probability with its 95% Wilson score interval."""

    probability: float
    low: float
    high: float
    runs: int
    fixed: int


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054):
    """The Wilson score interval for a binomial proportion (Wilson 1927)."""
    p = successes / trials
    denominator = 1 + z**2 / trials
    centre = (p + z**2 / (2 * trials)) / denominator
    half = z * np.sqrt(p * (1 - p) / trials + z**2 / (4 * trials**2)) / denominator
    return float(centre - half), float(centre + half)


def simulate_fixation(
    a: float,
    b: float,
    c: float,
    d: float,
    size: int,
    intensity: float,
    runs: int,
    rng: np.random.Generator,
    mapping: str = "linear",
) -> FixationEstimate:
    """Estimate the fixation probability by running the Moran process ``runs`` times.

    See :func:`simulate_fixations`, which this calls for one pair.
    """
    fixed = int(
        simulate_fixations(np.array([[a, b, c, d]]), size, intensity, runs, rng, mapping)[0]
    )
    low, high = wilson_interval(fixed, runs)
    return FixationEstimate(fixed / runs, low, high, runs, fixed)


def simulate_fixations(
    quads: np.ndarray,
    size: int,
    intensity: float,
    runs: int,
    rng: np.random.Generator,
    mapping: str = "linear",
) -> np.ndarray:
    """Fixation counts of ``runs`` Moran processes for each of several mutant-resident pairs.

    ``quads`` has shape ``(P, 4)``: ``(a, b, c, d)`` of each pair. Each step of each run
    draws a reproducer (a mutant with probability ``i f_i / (i f_i + (N - i) g_i)``) and,
    independently, an individual to die (a mutant with probability ``i / N``), as the process
    is defined, self-replacement included. All ``P * runs`` runs are advanced together with
    numpy until every one has fixed or died out. Returns the counts of fixed runs, ``(P,)``.
    """
    quads = np.asarray(quads, dtype=float)
    fitness = [mutant_fitness(*quad, size, intensity, mapping) for quad in quads]
    f = np.repeat(np.array([pair[0] for pair in fitness]), runs, axis=0)  # (P*runs, N-1)
    g = np.repeat(np.array([pair[1] for pair in fitness]), runs, axis=0)
    mutants = np.ones(len(f), dtype=np.int64)
    active = np.arange(len(f))
    while active.size:
        i = mutants[active]
        weight_mutant = i * f[active, i - 1]
        total = weight_mutant + (size - i) * g[active, i - 1]
        birth_mutant = rng.random(active.size) * total < weight_mutant
        death_mutant = rng.random(active.size) * size < i
        mutants[active] = i + birth_mutant.astype(np.int64) - death_mutant.astype(np.int64)
        current = mutants[active]
        active = active[(current > 0) & (current < size)]
    return (mutants == size).reshape(len(quads), runs).sum(axis=1)
