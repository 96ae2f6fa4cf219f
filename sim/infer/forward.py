"""The scaled forward algorithm on the joint chain, batched over parameter points.

With ``a_t`` the distribution of the joint state at the start of round ``t`` given the
record's rounds before ``t``, and ``m_t`` round ``t``'s emission mask over the chain's terms
(:mod:`sim.infer.observations`)::

    u_{t+1}(s') = sum over terms k with target s' of  a_t(source_k) p_k m_t(k)
    c_t = sum_s' u_{t+1}(s'),     a_{t+1} = u_{t+1} / c_t
    log L = sum_t log c_t

the scaled forward recursion of Rabiner (1989), eqs. 91-92, which stays finite over any
number of rounds. A strategy with a dated start (:meth:`sim.play.chain.JointChain.starts`)
moves the mass of ``a_t`` at the beginning of its round ``t`` (counted from the scenario's
round 0, so after the record's offset) from each joint state to the one after the start,
as in the exact analysis. ``c_t = 0`` means that no hidden history explains round ``t`` given the
rounds before it: the record is impossible (``L = 0`` exactly; ``log L = -inf``). A
``c_t`` that only underflowed is told apart from a true zero by the support of the terms.

Every point of a batch (one set of parameter values per point) runs in the same pass:
distributions are kept state-major, ``(N, points)``, and one round is a row gather and a
sparse sum over the distinct ``(source, target)`` pairs of the round's allowed terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from sim.infer.observations import Observations, term_masks
from sim.play.chain import JointChain, scatter_sum


@dataclass(frozen=True, eq=False)
class Step:
    """One round's masked transition over ``points`` parameter points.

    Attributes
    ----------
    terms
        Indices of the chain's terms the round's observation allows.
    probability
        ``(len(terms), points)``: those terms' probabilities.
    source, target
        The distinct ``(source, target)`` pairs of the allowed terms.
    values
        ``(pairs, points)``: the summed probability of each pair.
    """

    size: int
    terms: np.ndarray
    probability: np.ndarray
    pair: np.ndarray
    source: np.ndarray
    target: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, chain: JointChain, mask: np.ndarray, probability: np.ndarray) -> Step:
        """The step of the terms allowed by ``mask``; ``probability`` is ``(points, terms)``."""
        size = chain.size
        terms = np.flatnonzero(mask)
        keys = chain.source[terms] * size + chain.target[terms]
        pairs, inverse = np.unique(keys, return_inverse=True)
        inverse = inverse.reshape(-1)
        allowed = probability[:, terms]
        if allowed.shape[0] == 1:
            values = np.bincount(inverse, weights=allowed[0], minlength=len(pairs))[None, :]
        else:
            values = scatter_sum(allowed, inverse, len(pairs)) if len(terms) else allowed
        return cls(
            size=size,
            terms=terms,
            probability=np.ascontiguousarray(allowed.T),
            pair=inverse,
            source=pairs // size,
            target=pairs % size,
            values=np.ascontiguousarray(values.T),
        )

    @cached_property
    def collect(self) -> sparse.csr_array:
        """``(N, pairs)``: sums pair contributions into their target states."""
        ones = np.ones(len(self.target))
        index = (self.target, np.arange(len(self.target)))
        return sparse.csr_array((ones, index), shape=(self.size, len(self.target)))

    @cached_property
    def spread(self) -> sparse.csr_array:
        """``(N, pairs)``: sums pair contributions into their source states."""
        ones = np.ones(len(self.source))
        index = (self.source, np.arange(len(self.source)))
        return sparse.csr_array((ones, index), shape=(self.size, len(self.source)))

    @cached_property
    def dense(self) -> np.ndarray | None:
        """The ``(N, N)`` masked transition matrix when there is one point, else ``None``."""
        if self.values.shape[1] != 1:
            return None
        matrix = np.zeros((self.size, self.size))
        matrix[self.source, self.target] = self.values[:, 0]
        return matrix

    def forward(self, alpha: np.ndarray) -> np.ndarray:
        """``u(s') = sum_s alpha(s) M(s, s')``; ``alpha`` is ``(N, points)``."""
        if self.dense is not None:
            return self.dense.T @ alpha
        return self.collect @ (alpha[self.source] * self.values)

    def backward(self, beta: np.ndarray) -> np.ndarray:
        """``v(s) = sum_s' M(s, s') beta(s')``; ``beta`` is ``(N, points)``."""
        if self.dense is not None:
            return self.dense @ beta
        return self.spread @ (beta[self.target] * self.values)


@dataclass(frozen=True, eq=False)
class ForwardPass:
    """The forward recursion of one record over a batch of points.

    Attributes
    ----------
    log_likelihood
        ``(points,)``: ``log L``; ``-inf`` where the record is impossible.
    impossible_round
        ``(points,)``: the first round no hidden history explains, ``-1`` if none.
    scales
        ``(T, points)``: ``c_t`` (kept only when asked).
    alphas
        ``(T + 1, N, points)``: ``a_t`` (kept only when asked).
    """

    log_likelihood: np.ndarray
    impossible_round: np.ndarray
    scales: np.ndarray | None
    alphas: np.ndarray | None
    steps: tuple[Step, ...]
    pattern: np.ndarray


def point_probabilities(chain: JointChain) -> np.ndarray:
    """The chain's term probabilities as ``(points, terms)`` (one row without batch axes)."""
    probability = np.asarray(chain.probability, dtype=float)
    return probability.reshape(-1, probability.shape[-1])


def start_maps(chain: JointChain) -> dict[int, np.ndarray]:
    """``{round: mapping}`` of the dated starts (two starts in one round compose)."""
    out: dict[int, np.ndarray] = {}
    for when, mapping in chain.starts():
        out[when] = mapping[out[when]] if when in out else mapping
    return out


def remap(alpha: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    """Move the mass of each joint state ``s`` (rows of ``alpha``) to ``mapping[s]``."""
    moved = np.zeros_like(alpha)
    np.add.at(moved, mapping, alpha)
    return moved


def initial_distribution(chain: JointChain, offset: int, probability: np.ndarray) -> np.ndarray:
    """``(N, points)``: the joint state's distribution after ``offset`` unobserved rounds."""
    points = probability.shape[0]
    alpha = np.zeros((chain.size, points))
    alpha[chain.initial] = 1.0
    starts = start_maps(chain)
    if offset:
        free = Step.of(chain, np.ones(len(chain.source), dtype=bool), probability)
        for r in range(offset):
            alpha = free.forward(remap(alpha, starts[r]) if r in starts else alpha)
    return alpha


def forward(chain: JointChain, observations: Observations, *, keep: bool = False) -> ForwardPass:
    """The scaled forward pass of ``observations`` on ``chain`` (module docstring).

    Parameters
    ----------
    chain
        The joint chain; its term probabilities may carry batch axes (flattened to points).
    observations
        The record, compiled for the chain's model.
    keep
        Keep every ``a_t`` and ``c_t`` (for smoothing).
    """
    probability = point_probabilities(chain)
    masks = term_masks(chain, observations)
    steps = tuple(Step.of(chain, mask, probability) for mask in masks.masks)
    alpha = initial_distribution(chain, observations.offset, probability)
    points, rounds = probability.shape[0], observations.rounds
    log_likelihood = np.zeros(points)
    impossible = np.full(points, -1, dtype=np.int64)
    scales = np.empty((rounds, points)) if keep else None
    alphas = np.empty((rounds + 1, chain.size, points)) if keep else None
    pattern = [steps[k] for k in masks.pattern]
    starts = start_maps(chain)
    for t in range(rounds):
        if observations.offset + t in starts:
            alpha = remap(alpha, starts[observations.offset + t])
        if keep:
            alphas[t] = alpha
        u = pattern[t].forward(alpha)
        c = u.sum(axis=0)
        zero = c <= 0.0
        if zero.any():
            impossible[zero & (impossible < 0)] = t
            c = np.where(zero, 1.0, c)
        log_likelihood += np.log(c)
        alpha = u / c
        if keep:
            scales[t] = np.where(zero, 0.0, c)
    if keep:
        alphas[rounds] = alpha
    if np.any(impossible >= 0):
        _check_true_zeros(chain, masks, probability, observations.offset, impossible)
    log_likelihood[impossible >= 0] = -np.inf
    return ForwardPass(log_likelihood, impossible, scales, alphas, steps, masks.pattern)


def _check_true_zeros(chain, masks, probability, offset, impossible) -> None:
    """Raise if a zero ``c_t`` is an underflow: the allowed terms' support says it is reachable.

    The support recursion is the forward pass on 0/1 values (reachable states only), exact.
    """
    bad = np.flatnonzero(impossible >= 0)
    support = probability[bad] > 0.0
    reach = np.zeros((chain.size, len(bad)), dtype=bool)
    reach[chain.initial] = True
    starts = start_maps(chain)
    for r in range(offset):
        reach = remap(reach, starts[r]) if r in starts else reach
        reach = _reach(chain, np.ones(len(chain.source), dtype=bool), support, reach)
    for t in range(int(impossible[bad].max()) + 1):
        if offset + t in starts:
            reach = remap(reach, starts[offset + t])
        reach = _reach(chain, masks.masks[masks.pattern[t]], support, reach)
        ended = (impossible[bad] == t) & reach.any(axis=0)
        if np.any(ended):
            raise FloatingPointError(
                f"the record's likelihood underflowed in round {t} (it is not impossible)"
            )


def _reach(chain, mask, support, reach) -> np.ndarray:
    """States reachable in one round through allowed terms of non-zero probability."""
    live = support & mask[None, :]
    moved = reach[chain.source][:, :] & live.T
    out = np.zeros_like(reach)
    terms, points = np.nonzero(moved)
    out[chain.target[terms], points] = True
    return out
