"""One round of a strategy profile under a stated monitoring assumption, as a list of terms.

A *term* is one combination of what can happen in a round from joint state
``s = (e, a, b)`` (expanded treaty state, row automaton state, column automaton state): the
actions actually played ``(i, j)``, the signal ``y_c`` of the column player's action (drawn
from ``row_observes[j]``), the signal ``y_r`` of the row player's action (drawn from
``col_observes[i]``) and the treaty move ``e -> f``. The monitoring assumption says who sees
which signal and therefore what the automata read (Mailath and Samuelson 2006, ch. 7 and 12):

``"private"``
    Each side sees its own signal of the other and knows its own action:
    ``a' = row(a, i, y_c, k_f)``, ``b' = col(b, j, y_r, k_f)`` (the model as written).
``"public"``
    Both signals are public (an accusation or verdict both sides see), and a *public*
    strategy reads only public information: the public record of its own action too,
    ``a' = row(a, y_r, y_c, k_f)``, ``b' = col(b, y_c, y_r, k_f)``. The joint automaton
    state is then a function of the public history, known to both sides.
``"perfect"``
    Public monitoring with signals equal to actions (identity observation matrices).

The term probability is ``pi_r(i|a) pi_c(j|b) O_r(y_c|j) O_c(y_r|i) P(f|e,i,j)`` with the
policies after trembles; for a *free* side (a deviator) its policy factor is left out so
that the terms can be weighed by any action choice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.strategies.automaton import Automaton

MONITORING = ("perfect", "public", "private")
"""The monitoring assumptions a check can be asked to make."""


def monitored(model: IteratedModel, monitoring: str) -> IteratedModel:
    """The model whose observation matrices fit ``monitoring`` (identity if ``"perfect"``)."""
    if monitoring not in MONITORING:
        raise ValueError(f"monitoring must be one of {', '.join(MONITORING)}, not {monitoring!r}")
    if monitoring != "perfect":
        return model
    m, n = model.shape
    return replace(model, row_observes=np.eye(n), col_observes=np.eye(m))


@dataclass(frozen=True, eq=False)
class Terms:
    """The terms of one round; every array has one entry per term.

    ``source``/``target`` are joint states ``(e * A + a) * B + b``; ``row_action`` and
    ``col_action`` the actions actually played; ``row_payoff``/``col_payoff`` the stage
    payoffs; ``probability`` as in the module docstring, the product of ``factors``.
    """

    model: IteratedModel
    row: Automaton
    col: Automaton
    monitoring: str
    free: tuple[int, ...]
    source: np.ndarray
    target: np.ndarray
    row_action: np.ndarray
    col_action: np.ndarray
    row_payoff: np.ndarray
    col_payoff: np.ndarray
    probability: np.ndarray
    factors: tuple[np.ndarray, ...]

    @property
    def size(self) -> int:
        """Number of joint states."""
        return self.model.chain.size * self.row.size * self.col.size

    @property
    def initial(self) -> int:
        chain = self.model.chain
        return (chain.initial * self.row.size + self.row.initial) * self.col.size + self.col.initial

    def payoff(self, side: int) -> np.ndarray:
        return self.row_payoff if side == 0 else self.col_payoff

    def action(self, side: int) -> np.ndarray:
        return self.row_action if side == 0 else self.col_action

    def labels(self) -> tuple[str, ...]:
        """``treaty | row state | col state`` for every joint state."""
        return tuple(
            f"{t} | {a} | {b}"
            for t in self.model.chain.labels
            for a in self.row.states
            for b in self.col.states
        )


def round_terms(
    model: IteratedModel,
    row: Automaton,
    col: Automaton,
    monitoring: str,
    free: tuple[int, ...] = (),
) -> Terms:
    """All terms of one round of ``(row, col)`` with a non-zero probability.

    Parameters
    ----------
    model
        A single model (no batch axes); its observation matrices are replaced by the
        identity if ``monitoring == "perfect"``.
    monitoring
        ``"perfect"``, ``"public"`` or ``"private"`` (see the module docstring).
    free
        The sides (0 row, 1 column) whose policy factors are left out.
    """
    if model.batch_shape or row.batch_shape or col.batch_shape:
        raise ValueError("the repeated-game checks take a single model (no batch axes)")
    model = monitored(model, monitoring)
    treaty = model.chain
    m, n = model.shape
    policies = [model.trembled(0, row.policy), model.trembled(1, col.policy)]
    for side in (0, 1):
        if side in free:
            policies[side] = np.ones_like(policies[side])
    pr, pc = policies
    o_row, o_col = model.row_observes, model.col_observes
    ti, tj = treaty.row_action, treaty.col_action
    mask = (
        (pr[:, ti].T > 0)[:, :, None, None, None]
        & (pc[:, tj].T > 0)[:, None, :, None, None]
        & (o_row[tj] > 0)[:, None, None, :, None]
        & (o_col[ti] > 0)[:, None, None, None, :]
        & (treaty.probability > 0)[:, None, None, None, None]
    )
    tau, a, b, y_c, y_r = np.nonzero(mask)
    i, j, e, f = ti[tau], tj[tau], treaty.source[tau], treaty.target[tau]
    k_next, k_now = treaty.state[f], treaty.state[e]
    if monitoring == "private":
        a_next = row.next_state[a, i, y_c, k_next]
        b_next = col.next_state[b, j, y_r, k_next]
    else:
        a_next = row.next_state[a, y_r, y_c, k_next]
        b_next = col.next_state[b, y_c, y_r, k_next]
    size_a, size_b = row.size, col.size
    factors = (pr[a, i], pc[b, j], o_row[j, y_c], o_col[i, y_r], treaty.probability[tau])
    probability = factors[0] * factors[1] * factors[2] * factors[3] * factors[4]
    return Terms(
        model=model,
        row=row,
        col=col,
        monitoring=monitoring,
        free=free,
        source=(e * size_a + a) * size_b + b,
        target=(f * size_a + a_next) * size_b + b_next,
        row_action=i,
        col_action=j,
        row_payoff=model.dynamics.row_payoffs[k_now, i, j],
        col_payoff=model.dynamics.col_payoffs[k_now, i, j],
        probability=probability,
        factors=factors,
    )


def transition_matrix(terms: Terms) -> np.ndarray:
    """``M[s, s']``: the joint chain's transition matrix (no free side)."""
    size = terms.size
    flat = np.bincount(
        terms.source * size + terms.target, weights=terms.probability, minlength=size * size
    )
    return flat.reshape(size, size)


def expected_rewards(terms: Terms) -> np.ndarray:
    """``r[s, p]``: each player's expected stage payoff in each joint state."""
    return np.stack(
        [
            np.bincount(terms.source, weights=terms.probability * u, minlength=terms.size)
            for u in (terms.row_payoff, terms.col_payoff)
        ],
        axis=-1,
    )


def reachable(terms: Terms, start: int | None = None) -> np.ndarray:
    """Joint states reached from ``start`` (default: the initial one) through the terms."""
    seen = np.zeros(terms.size, dtype=bool)
    seen[terms.initial if start is None else start] = True
    while True:
        grown = seen.copy()
        grown[terms.target[seen[terms.source]]] = True
        if np.array_equal(grown, seen):
            return seen
        seen = grown


def normalising(model: IteratedModel) -> tuple[np.ndarray, np.ndarray]:
    """Per player ``(low, span)`` of the stage payoffs over every treaty state and cell.

    Checks work on ``(u - low) / span``, so that adding a constant to a player's payoffs or
    scaling them changes no floating-point step of a decision (a positive affine change of
    payoffs changes no equilibrium of the repeated game). ``span`` is 1 for a constant game.
    """
    lows, spans = [], []
    for payoffs in (model.dynamics.row_payoffs, model.dynamics.col_payoffs):
        low, high = float(np.min(payoffs)), float(np.max(payoffs))
        lows.append(low)
        spans.append(high - low if high > low else 1.0)
    return np.array(lows), np.array(spans)
