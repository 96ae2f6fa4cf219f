"""Totals of every pairing of a round robin from the lumped chain: exact, or in floating
point with a proven error bound.

With ``w = discount * continuation``, ``Q`` the lumped transition matrix and ``r`` the
stage payoffs per block, the total over ``T`` rounds from block ``s`` is ``v_T[s]`` with

    v_0 = 0,    v_{k+1} = r + w Q v_k                                     (backward induction)

so one sparse product per round gives the totals of all pairings at once.

*Exact.* With ``Q = K / q``, ``r = rho / R``, ``w = a / b`` (integers), the integers
``V_k = R (b q)^k v_k`` satisfy ``V_{k+1} = rho (b q)^{k+1} + a K V_k``, and
``v_T = V_T / (R (b q)^T)``. Their size grows by ``log2(b q)`` bits a round, so exact
totals are computed only when the estimated work fits :data:`EXACT_WORK`.

*Floating point.* With unit roundoff ``u`` and ``n`` the most edges out of a block, each
step's rounding (the rounded ``Q``, ``r`` and ``w``, a dot product of ``n`` terms, one
product and one sum) is at most ``gamma_{n+5} (|r| + w |v_k|)`` with
``gamma_m = m u / (1 - m u)`` (Higham 2002, Accuracy and Stability of Numerical
Algorithms, eq. 3.5 and Lemma 3.1), and ``Q`` is stochastic, so the error obeys
``e_{k+1} <= w e_k + gamma_{n+5} (r_max + w (k r_max + e_k))``: a bound computed alongside.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim.evolution.lumping import Quotient

EXACT_WORK = 3 * 10**8
"""Largest estimated work of an exact table (edge products times machine words of the
integers), a few seconds; above it the totals are floating point with an error bound."""

WORD_BITS = 64


@dataclass(frozen=True)
class Totals:
    """One player's totals per pairing: floats, and the exact ones when computed.

    ``error`` bounds ``|value - exact total|`` for every pairing (0 when exact).
    """

    values: np.ndarray
    exact: tuple[Fraction, ...] | None
    error: float


def exact_work(quotient: Quotient, rounds: int, step_denominator: int) -> int:
    """Estimated cost of :func:`exact_totals`: edge and block products per round times the
    machine words of integers that grow by ``log2(step_denominator)`` bits a round."""
    bits = rounds * max(1, step_denominator.bit_length()) + 64
    operations = rounds * (len(quotient.weight) + quotient.size)
    return operations * (bits // WORD_BITS + 1) // 2


def exact_totals(
    quotient: Quotient, rounds: int, weight: Fraction, denominator: int, reward_denominator: int
) -> tuple[Fraction, ...]:
    """``v_T`` at each pairing's initial block in exact arithmetic (see the module)."""
    a, b = weight.numerator, weight.denominator
    step = b * denominator
    rows = np.flatnonzero(np.r_[True, quotient.source[1:] != quotient.source[:-1]])
    rewards = quotient.rewards.astype(object)
    kernel = quotient.weight.astype(object) * a
    values = np.zeros(quotient.size, dtype=object)
    power = 1
    for _ in range(rounds):
        power *= step
        moved = np.add.reduceat(kernel * values[quotient.target], rows)
        values = rewards * power + moved
    scale = reward_denominator * power
    return tuple(Fraction(int(values[k]), scale) for k in quotient.initial)


def float_totals(
    quotient: Quotient, rounds: int, weight: float, denominator: int, reward_denominator: int
) -> tuple[np.ndarray, float]:
    """``v_T`` at each pairing's initial block in floating point, and the error bound."""
    from scipy import sparse

    probabilities = np.array([int(m) / denominator for m in quotient.weight])
    rewards = np.array([int(r) / reward_denominator for r in quotient.rewards])
    matrix = sparse.csr_array(
        (probabilities, (quotient.source, quotient.target)), shape=(quotient.size,) * 2
    )
    values = np.zeros(quotient.size)
    for _ in range(rounds):
        values = rewards + weight * (matrix @ values)
    return values[quotient.initial], error_bound(quotient, rounds, weight, rewards)


def error_bound(quotient: Quotient, rounds: int, weight: float, rewards: np.ndarray) -> float:
    """The bound ``e_T`` of the module docstring, doubled to cover its own rounding."""
    unit = np.finfo(float).eps / 2
    terms = quotient.out_degree + 5
    gamma = terms * unit / (1 - terms * unit)
    top = float(np.max(np.abs(rewards), initial=0.0))
    error = 0.0
    for k in range(rounds):
        error = weight * error + gamma * (top + weight * (k * top + error))
    return 2 * error


def totals(quotient: Quotient, rounds: int, weight: Fraction, data, exact: bool) -> Totals:
    """One player's totals: exact when asked and affordable, else floating point."""
    denominators = (data.denominator, data.reward_denominator)
    step = weight.denominator * data.denominator
    if exact and exact_work(quotient, rounds, step) <= EXACT_WORK:
        values = exact_totals(quotient, rounds, weight, *denominators)
        return Totals(np.array([float(v) for v in values]), values, 0.0)
    values, error = float_totals(quotient, rounds, float(weight), *denominators)
    return Totals(values, None, error)
