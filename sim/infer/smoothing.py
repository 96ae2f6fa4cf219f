"""Smoothing: the posterior of every hidden state and action given the whole record.

The scaled backward recursion (Rabiner 1989, eqs. 93-94, with the forward scales ``c_t``
of :mod:`sim.infer.forward`)::

    b_T = 1,   b_t(s) = sum over terms k with source s of  p_k m_t(k) b_{t+1}(target_k) / c_t

gives the smoothed state marginals ``P(s_t = s | record) = a_t(s) b_t(s)`` and the posterior
of round ``t``'s term ``k`` (Rabiner's ``xi``, eq. 37)::

    P(term_t = k | record) = a_t(source_k) p_k m_t(k) b_{t+1}(target_k) / c_t

from which the hidden actions and signals follow by summing terms. Where a strategy
starts at round ``t`` (the forward pass moved ``a_t``'s mass from ``s`` to ``map(s)``), the
backward message of round ``t`` is read back through the same map, ``b(s) = b(map(s))``.
The *filtered* probability uses the record up to and including round ``t`` only::

    P(term_t = k | rounds 0..t) = a_t(source_k) p_k m_t(k) / c_t
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.infer.forward import forward, start_maps
from sim.infer.observations import Observations
from sim.play.chain import JointChain


@dataclass(frozen=True, eq=False)
class Smoothed:
    """Posterior marginals per round; arrays end in a ``points`` axis.

    Attributes
    ----------
    log_likelihood
        ``(points,)``.
    impossible_round
        ``(points,)``: ``-1`` where the record is possible.
    states
        ``(T, N, points)``: ``P(s_t = s | record)``.
    row_actions, col_actions
        ``(T, m, points)``, ``(T, n, points)``: smoothed hidden actions per round.
    row_filtered, col_filtered
        The same given the record up to and including round ``t``.
    treaty
        ``(T, K, points)``: smoothed treaty state per round.

    Where the record is impossible every posterior is zero (there is none).
    """

    log_likelihood: np.ndarray
    impossible_round: np.ndarray
    states: np.ndarray
    row_actions: np.ndarray
    col_actions: np.ndarray
    row_filtered: np.ndarray
    col_filtered: np.ndarray
    treaty: np.ndarray


def smooth(chain: JointChain, observations: Observations) -> Smoothed:
    """Forward-backward on ``chain`` for ``observations`` (module docstring)."""
    run = forward(chain, observations, keep=True)
    alphas, scales = run.alphas, run.scales
    rounds, points = observations.rounds, run.log_likelihood.shape[0]
    possible = (run.impossible_round < 0).astype(float)
    safe = np.where(scales > 0.0, scales, 1.0)
    m, n = chain.model.shape
    kinds = len(chain.model.treaty_states)
    treaty_of = chain.model.chain.state[chain.treaty_index]
    states = np.empty((rounds, chain.size, points))
    out = {k: np.zeros((rounds, size, points)) for k, size in _shapes(m, n).items()}
    treaty = np.empty((rounds, kinds, points))
    beta = np.ones((chain.size, points)) * possible
    starts = start_maps(chain)
    for t in range(rounds - 1, -1, -1):
        step = run.steps[run.pattern[t]]
        source, target = chain.source[step.terms], chain.target[step.terms]
        joint = alphas[t][source] * step.probability / safe[t]
        smoothed = joint * beta[target]
        for name, actions in (("row", chain.row_action), ("col", chain.col_action)):
            index = actions[step.terms]
            np.add.at(out[f"{name}_actions"][t], index, smoothed)
            np.add.at(out[f"{name}_filtered"][t], index, joint * possible)
        beta = step.backward(beta) / safe[t]
        states[t] = alphas[t] * beta
        treaty[t] = _by_treaty(states[t], treaty_of, kinds)
        if observations.offset + t in starts:
            beta = beta[starts[observations.offset + t]]
    return Smoothed(
        log_likelihood=run.log_likelihood,
        impossible_round=run.impossible_round,
        states=states,
        treaty=treaty,
        **out,
    )


def _shapes(m: int, n: int) -> dict[str, int]:
    return {"row_actions": m, "col_actions": n, "row_filtered": m, "col_filtered": n}


def _by_treaty(states: np.ndarray, treaty_of: np.ndarray, kinds: int) -> np.ndarray:
    """``(N, points)`` state probabilities summed by treaty state: ``(K, points)``."""
    out = np.zeros((kinds, states.shape[1]))
    np.add.at(out, treaty_of, states)
    return out
