"""Imperfect monitoring (observation matrices) and trembles.

What a player sees of the other's action is a signal drawn from an observation matrix
``P[done, seen]`` (imperfect private monitoring; Mailath and Samuelson 2006, ch. 7 and 12).
The short form has a covert violation detected with probability ``detect``, compliance
mistaken for the violation with probability ``false_alarm``, and every other action public.
A tremble (Selten 1975) replaces an intended action by another with probability ``noise``.
"""

from __future__ import annotations

import numpy as np


def short_form_matrix(
    actions: tuple[str, ...],
    detect,
    false_alarm,
    compliance: str,
    violation: str,
) -> np.ndarray:
    """Observation matrix ``batch + (n, n)`` from the short form.

    Rows are the action done, columns the action seen (signals are named like actions)::

        P[violation, violation] = detect,       P[violation, compliance] = 1 - detect
        P[compliance, violation] = false_alarm, P[compliance, compliance] = 1 - false_alarm
        P[a, a] = 1 for every other (public) action

    ``compliance == violation`` (a one-action game) gives the identity.
    """
    detect = np.asarray(detect, dtype=float)
    false_alarm = np.asarray(false_alarm, dtype=float)
    batch = np.broadcast_shapes(detect.shape, false_alarm.shape)
    n = len(actions)
    matrix = np.broadcast_to(np.eye(n), (*batch, n, n)).copy()
    c, v = actions.index(compliance), actions.index(violation)
    if c == v:
        return matrix
    matrix[..., v, v] = detect
    matrix[..., v, c] = 1.0 - detect
    matrix[..., c, v] = false_alarm
    matrix[..., c, c] = 1.0 - false_alarm
    return matrix


def default_violation(actions: tuple[str, ...], punishing: str) -> str:
    """The covert action of the short form: ``violate`` if there is one, else ``punishing``."""
    return "violate" if "violate" in actions else punishing


def tremble(policy: np.ndarray, noise) -> np.ndarray:
    """Action probabilities after trembles.

    ``p'(a) = (1 - e) p(a) + e (1 - p(a)) / (m - 1)``: with probability ``e`` the intended
    action is replaced by one of the ``m - 1`` others, uniformly (with two actions: flipped,
    as in Axelrod's noisy tournaments). ``policy`` has shape ``batch + (Q, m)`` (one row per
    automaton state), ``noise`` a shape that broadcasts with ``batch``.
    """
    policy = np.asarray(policy, dtype=float)
    m = policy.shape[-1]
    if m == 1:
        return policy
    noise = np.asarray(noise, dtype=float)[..., None, None]
    return (1.0 - noise) * policy + noise * (1.0 - policy) / (m - 1)
