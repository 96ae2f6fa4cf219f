"""Brute-force enumeration of every hidden history of a record, from the model's primitives.

Independent of the joint chain and of the forward algorithm: each round draws the actions
from the automata's policies after trembles, the signals from the observation matrices and
the next treaty state from the treaty chain, and moves the automata (a strategy with a dated
start leaves its ``before`` state at its round); a history's weight is
the product of those probabilities, kept if it agrees with the record.
"""

from __future__ import annotations

import numpy as np

from sim.dynamics.monitoring import tremble


def enumerate_histories(model, row, col, allowed):
    """Likelihood and smoothed marginals of the record ``allowed`` (per round, 5 index sets).

    Returns ``(likelihood, states, row_actions, col_actions)`` with ``states[t][s]`` the
    posterior of joint state ``s = (e * A + a) * B + b`` at the start of round ``t``.
    """
    treaty = model.chain
    shakes = model.trembles or (None, None)  # per-action replacements, or the uniform rule
    pr = tremble(row.policy, model.noise[..., 0], shakes[0])
    pc = tremble(col.policy, model.noise[..., 1], shakes[1])
    orow, ocol = model.row_observes, model.col_observes
    m, n = model.shape
    moves = {}
    for k in range(len(treaty.source)):
        key = (int(treaty.source[k]), int(treaty.row_action[k]), int(treaty.col_action[k]))
        moves.setdefault(key, []).append((int(treaty.target[k]), float(treaty.probability[k])))
    rounds = len(allowed)
    size_a, size_b = row.size, col.size
    size = treaty.size * size_a * size_b
    states = np.zeros((rounds, size))
    row_actions = np.zeros((rounds, m))
    col_actions = np.zeros((rounds, n))
    total = [0.0]

    def ok(value, allowed_values):
        return allowed_values is None or value in allowed_values

    def walk(t, e, a, b, weight, path):
        if weight == 0.0:
            return
        if t == rounds:
            total[0] += weight
            for r, (s, i, j) in enumerate(path):
                states[r, s] += weight
                row_actions[r, i] += weight
                col_actions[r, j] += weight
            return
        a = int(row.start_map()[a]) if t == row.start > 0 else a  # a dated start
        b = int(col.start_map()[b]) if t == col.start > 0 else b
        obs = allowed[t]
        if not ok(int(treaty.state[e]), obs[0]):
            return
        s = (e * size_a + a) * size_b + b
        for i in range(m):
            if not ok(i, obs[1]):
                continue
            for j in range(n):
                if not ok(j, obs[2]):
                    continue
                for sr in range(n):
                    if not ok(sr, obs[3]):
                        continue
                    for sc in range(m):
                        if not ok(sc, obs[4]):
                            continue
                        w = pr[a, i] * pc[b, j] * orow[j, sr] * ocol[i, sc]
                        if w == 0.0:
                            continue
                        for f, q in moves.get((e, i, j), []):
                            k = int(treaty.state[f])
                            a2 = int(row.next_state[a, i, sr, k])
                            b2 = int(col.next_state[b, j, sc, k])
                            walk(t + 1, f, a2, b2, weight * w * q, [*path, (s, i, j)])

    walk(0, treaty.initial, row.initial, col.initial, 1.0, [])
    likelihood = total[0]
    if likelihood > 0:
        states, row_actions, col_actions = (
            x / likelihood for x in (states, row_actions, col_actions)
        )
    return likelihood, states, row_actions, col_actions
