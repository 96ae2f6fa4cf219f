"""Imperfect monitoring (observation matrices) and trembles.

What a player sees of the other's action is a signal drawn from an observation matrix
``P[done, seen]`` (imperfect private monitoring; Mailath and Samuelson 2006, ch. 7 and 12).
The short form has a covert violation detected with probability ``detect``, compliance
mistaken for the violation with probability ``false_alarm``, and every other action public.
A tremble (Selten 1975) replaces an intended action, with probability ``noise``, by one of
the replacements the scenario allows (by default any other action).
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


def tremble_matrix(size: int, noise, allowed: np.ndarray | None = None) -> np.ndarray:
    """Row-stochastic matrix ``batch + (m, m)``: ``R[intended, actual]`` after a tremble.

    A tremble (Selten 1975) happens with probability ``e`` and replaces the intended action
    ``a`` by one of the actions ``b`` with ``allowed[a, b]``, uniformly::

        R[a, b] = (1 - e) [a = b] + e allowed[a, b] / #allowed[a]     (a has replacements)
        R[a, a] = 1                                                    (a is deliberate)

    ``allowed=None`` is the uniform rule: every other action (with two actions: a flip, as
    in Axelrod's noisy tournaments). A scenario lists the replacements so that, say, an
    execution error turns compliance into violation while a withdrawal is always deliberate.
    """
    noise = np.asarray(noise, dtype=float)[..., None, None]
    if allowed is None:
        allowed = ~np.eye(size, dtype=bool)
    allowed = np.asarray(allowed, dtype=bool) & ~np.eye(size, dtype=bool)
    counts = allowed.sum(axis=1, keepdims=True)
    spread = np.where(counts > 0, allowed / np.maximum(counts, 1), 0.0)
    can = (counts > 0).astype(float)
    return (1.0 - noise * can) * np.eye(size) + noise * spread


def tremble(policy: np.ndarray, noise, allowed: np.ndarray | None = None) -> np.ndarray:
    """Action probabilities after trembles: ``p'(b) = sum_a p(a) R[a, b]``.

    With the uniform rule ``p'(a) = (1 - e) p(a) + e (1 - p(a)) / (m - 1)``.
    ``policy`` has shape ``batch + (Q, m)`` (one row per automaton state), ``noise`` a shape
    that broadcasts with ``batch``; ``allowed`` as in :func:`tremble_matrix`.
    """
    policy = np.asarray(policy, dtype=float)
    m = policy.shape[-1]
    if m == 1:
        return policy
    return policy @ tremble_matrix(m, noise, allowed)


def intended_share(policy: np.ndarray, noise, allowed: np.ndarray | None = None) -> np.ndarray:
    """``batch + (Q, m)``: probability that an action played was intended, not a tremble.

    ``p(a) R[a, a] / p'(a)`` (Bayes' rule); 1 where the action is never played.
    """
    policy = np.asarray(policy, dtype=float)
    m = policy.shape[-1]
    if m == 1:
        return np.ones(policy.shape)
    shaken = tremble_matrix(m, noise, allowed)
    kept = policy * np.diagonal(shaken, axis1=-2, axis2=-1)[..., None, :]
    played = policy @ shaken
    return np.where(played > 0, kept / np.where(played > 0, played, 1.0), 1.0)
