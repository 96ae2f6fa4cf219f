"""The Markov chain of a strategy profile over (treaty state, row state, column state).

One round from joint state ``s = (e, a, b)``: the row player draws its action ``i`` from its
state's policy after trembles, the column player ``j``; each sees a signal of the other's
action from the observation matrices; the treaty moves from ``e`` to ``f``; each automaton
moves on (own action, signal, treaty state of ``f``). Every combination with a possibly
non-zero probability is a *term*; the chain's transition matrix, the expected stage payoffs
and the end-of-treaty flows are sums of term probabilities, vectorised over batch axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim import limits
from sim.dynamics.model import IteratedModel
from sim.dynamics.treaty import CAUSES
from sim.strategies.automaton import Automaton


@dataclass(frozen=True, eq=False)
class JointChain:
    """The chain of one strategy profile in one model (possibly a batch of models).

    Joint state ``s = (e * A + a) * B + b`` for expanded treaty state ``e``, row automaton
    state ``a`` and column automaton state ``b``. Term ``t`` goes from ``source[t]`` to
    ``target[t]`` with the row action ``row_action[t]`` and the column action
    ``col_action[t]`` played and the signals ``row_signal[t]`` (what the row player saw of
    the column player's action) and ``col_signal[t]`` seen, with probability
    ``probability[..., t]``.
    """

    model: IteratedModel
    row: Automaton
    col: Automaton
    shape: tuple[int, int, int]
    source: np.ndarray
    target: np.ndarray
    row_action: np.ndarray
    col_action: np.ndarray
    treaty_term: np.ndarray
    probability: np.ndarray
    row_signal: np.ndarray | None = None
    col_signal: np.ndarray | None = None

    @property
    def size(self) -> int:
        e, a, b = self.shape
        return e * a * b

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.probability.shape[:-1]

    @property
    def initial(self) -> int:
        e, a, b = self.shape
        return (self.model.chain.initial * a + self.row.first_state) * b + self.col.first_state

    def starts(self) -> list[tuple[int, np.ndarray]]:
        """``(round, mapping)`` for each strategy that starts at a round, in round order.

        ``mapping`` (``(N,)``) sends each joint state to the one after the start: the
        starting automaton leaves its ``before`` state for its initial state.
        """
        e, a, b = self.shape
        out = []
        for automaton, axis in ((self.row, 1), (self.col, 2)):
            if automaton.start <= 0:
                continue
            grid = np.indices((e, a, b)).reshape(3, -1)
            grid[axis] = automaton.start_map()[grid[axis]]
            out.append((automaton.start, (grid[0] * a + grid[1]) * b + grid[2]))
        return sorted(out, key=lambda item: item[0])

    @cached_property
    def treaty_index(self) -> np.ndarray:
        """Expanded treaty state of each joint state, shape ``(N,)``."""
        e, a, b = self.shape
        return np.repeat(np.arange(e), a * b)

    @cached_property
    def in_force(self) -> np.ndarray:
        """Whether the treaty is in force in each joint state, shape ``(N,)``."""
        return self.model.chain.in_force[self.treaty_index]

    @cached_property
    def transition(self) -> np.ndarray:
        """Transition matrix ``batch + (N, N)``."""
        n = self.size
        return scatter_sum(self.probability, self.source * n + self.target, n * n).reshape(
            (*self.batch_shape, n, n)
        )

    @cached_property
    def rewards(self) -> np.ndarray:
        """Expected stage payoffs in each joint state, ``batch + (N, 2)``."""
        return np.stack(
            [scatter_sum(self.probability * u, self.source, self.size) for u in self.term_payoffs],
            axis=-1,
        )

    @cached_property
    def term_payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """Each player's stage payoff of each term, ``batch + (T,)``."""
        dynamics = self.model.dynamics
        k = self.model.chain.state[self.treaty_index[self.source]]
        i, j = self.row_action, self.col_action
        return dynamics.row_payoffs[..., k, i, j], dynamics.col_payoffs[..., k, i, j]

    @cached_property
    def profiles(self) -> np.ndarray:
        """Probability of each action profile in each joint state, ``batch + (N, m * n)``."""
        m, n = self.model.shape
        index = self.source * (m * n) + self.row_action * n + self.col_action
        return scatter_sum(self.probability, index, self.size * m * n).reshape(
            (*self.batch_shape, self.size, m * n)
        )

    @cached_property
    def endings(self) -> np.ndarray:
        """Probability of ending the treaty this round, by cause, ``batch + (N, 4)``.

        Only flows out of in-force states into states where the treaty is not in force.
        """
        chain = self.model.chain
        treaty = self.treaty_term
        ends = chain.in_force[chain.source[treaty]] & ~chain.in_force[chain.target[treaty]]
        index = self.source * len(CAUSES) + chain.cause[treaty]
        values = np.where(ends, self.probability, 0.0)
        return scatter_sum(values, index, self.size * len(CAUSES)).reshape(
            (*self.batch_shape, self.size, len(CAUSES))
        )

    def treaty_aggregator(self) -> np.ndarray:
        """0/1 matrix ``(N, K)`` from joint states to treaty states."""
        k = self.model.chain.state[self.treaty_index]
        return np.eye(len(self.model.treaty_states))[k]


def joint_chain(model: IteratedModel, row: Automaton, col: Automaton) -> JointChain:
    """The Markov chain of ``row`` against ``col`` in ``model``.

    Term probability (one round from ``(e, a, b)``)::

        p = pi_row(i | a) pi_col(j | b) O_row(s_r | j) O_col(s_c | i) P_treaty(f | e, i, j)

    with ``pi`` after trembles. Terms whose probability is zero at every batch point are
    dropped, so the result is exact and the term list stays short.
    """
    _check_fits(model, row, 0)
    _check_fits(model, col, 1)
    treaty = model.chain
    limits.check("chain_states", treaty.size * row.size * col.size, "the Markov chain's states")
    m, n = model.shape
    pr = model.trembled(0, row.policy)
    pc = model.trembled(1, col.policy)
    observe_row, observe_col = model.row_observes, model.col_observes
    support = [_support(x, 2) for x in (pr, pc, observe_row, observe_col)]
    ti, tj = treaty.row_action, treaty.col_action
    mask = (
        support[0][:, ti].T[:, :, None, None, None]
        & support[1][:, tj].T[:, None, :, None, None]
        & support[2][tj][:, None, None, :, None]
        & support[3][ti][:, None, None, None, :]
    )
    mask &= _support(treaty.probability, 1)[:, None, None, None, None]
    tau, a, b, sr, sc = np.nonzero(mask)
    i, j, e, f = ti[tau], tj[tau], treaty.source[tau], treaty.target[tau]
    k_next = treaty.state[f]
    a_next = row.next_state[a, i, sr, k_next]
    b_next = col.next_state[b, j, sc, k_next]
    size_a, size_b = row.size, col.size
    probability = (
        pr[..., a, i]
        * pc[..., b, j]
        * observe_row[..., j, sr]
        * observe_col[..., i, sc]
        * treaty.probability[..., tau]
    )
    return JointChain(
        model=model,
        row=row,
        col=col,
        shape=(treaty.size, size_a, size_b),
        source=(e * size_a + a) * size_b + b,
        target=(f * size_a + a_next) * size_b + b_next,
        row_action=i,
        col_action=j,
        treaty_term=tau,
        probability=probability,
        row_signal=sr,
        col_signal=sc,
    )


def _support(array: np.ndarray, core: int) -> np.ndarray:
    """Entries of the ``core`` trailing axes that are non-zero at some batch point."""
    array = np.asarray(array)
    return np.any(array != 0, axis=tuple(range(array.ndim - core)))


def _check_fits(model: IteratedModel, automaton: Automaton, side: int) -> None:
    own, other = model.side_actions(side)
    who = ("row", "column")[side]
    if automaton.actions != own or automaton.signals != other:
        raise ValueError(f"{automaton.name!r} was built for other actions than the {who} player's")
    if automaton.treaty_states != model.treaty_states:
        raise ValueError(f"{automaton.name!r} was built for other treaty states")


def scatter_sum(values: np.ndarray, index: np.ndarray, size: int) -> np.ndarray:
    """``out[..., k] = sum of values[..., t] over t with index[t] == k``; shape ``batch + (size,)``.

    One ``bincount`` without batch axes, one sparse product with them (no loop over points).
    """
    values = np.asarray(values, dtype=float)
    batch = values.shape[:-1]
    if not batch:
        return np.bincount(index, weights=values, minlength=size)
    from scipy import sparse

    count = values.shape[-1]
    matrix = sparse.csr_array((np.ones(count), (index, np.arange(count))), shape=(size, count))
    flat = values.reshape(-1, count)
    return np.asarray((matrix @ flat.T).T).reshape((*batch, size))


def starts_by_round(starts) -> dict[int, np.ndarray]:
    """``round -> mapping`` from ``(round, mapping)`` pairs, the mappings of one round composed.

    Both sides may start in the same round; each mapping moves one automaton's component of
    the joint state, so their composition ``second[first[s]]`` applies both (in either order).
    """
    out: dict[int, np.ndarray] = {}
    for round_, mapping in starts:
        mapping = np.asarray(mapping)
        out[round_] = mapping if round_ not in out else mapping[out[round_]]
    return out
