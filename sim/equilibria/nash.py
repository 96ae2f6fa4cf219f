"""All Nash equilibria of one game: a thin wrapper over the batch engine.

See :mod:`sim.equilibria.batch` for the method (completely labelled vertex pairs of the
best-response polytopes, Avis, Rosenberg, Savani and von Stengel 2010),
:mod:`sim.equilibria.subsets` for the maximal Nash subsets of degenerate games and
:mod:`sim.equilibria.exact` for the exact mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from sim.equilibria.batch import nash_batch
from sim.equilibria.subsets import maximal_nash_subsets
from sim.equilibria.verify import is_equilibrium
from sim.errors import OptionError
from sim.results import Assumptions, Result
from sim.tolerance import RELATIVE_TOLERANCE

METHODS = ("stabsim", "nashpy")


@dataclass(frozen=True, eq=False, kw_only=True)
class EquilibriumSet(Result):
    """The Nash equilibria of one bimatrix game.

    A :class:`~sim.results.Result`: ``method`` is ``"stabsim"`` (this package's engine) or
    ``"nashpy"``; ``parameters`` say whether the exact mode was used; the assumptions carry
    the payoff tolerance of the verification.

    Attributes
    ----------
    row, col
        ``(E, m)`` and ``(E, n)`` mixed strategies, one row per equilibrium (the extreme
        equilibria when the game is degenerate).
    payoffs
        ``(E, 2)`` expected payoffs of the row and the column player.
    degenerate
        Whether the game is degenerate (some mixed strategy with support size ``k`` has more
        than ``k`` pure best responses); its equilibria may then form convex sets.
    components
        The maximal Nash subsets as lists of indices into the equilibria: every convex
        combination within a subset (row part with row part, column with column) is an
        equilibrium. For a nondegenerate game each equilibrium alone.
    exact
        ``None``, or in exact mode one ``(row, col)`` pair of tuples of
        :class:`fractions.Fraction` per equilibrium.
    row_payoffs, col_payoffs
        The game's payoff matrices, kept for :meth:`verify`.
    """

    row: np.ndarray
    col: np.ndarray
    payoffs: np.ndarray
    degenerate: bool
    components: list[list[int]]
    exact: tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], ...] | None
    row_payoffs: np.ndarray = field(repr=False)
    col_payoffs: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.row)

    def verify(self) -> np.ndarray:
        """Boolean ``(E,)``: is each profile an equilibrium within the package tolerance
        (:func:`sim.equilibria.verify.is_equilibrium`)."""
        return is_equilibrium(self.row_payoffs, self.col_payoffs, self.row, self.col)

    def records(self) -> list[dict]:
        """One record per equilibrium: ``strategies`` (two probability lists in action
        order), ``payoffs`` ``[row, col]``, ``pure``, ``strict``, ``symmetric`` and, in
        exact mode, ``exact`` (the probabilities as ``"p/q"`` strings)."""
        from sim.equilibria.selection import equilibrium_properties

        flags = equilibrium_properties(self)
        out = []
        for k in range(len(self)):
            entry = {
                "strategies": [self.row[k].tolist(), self.col[k].tolist()],
                "payoffs": self.payoffs[k].tolist(),
                **{name: bool(values[k]) for name, values in flags.items()},
            }
            if self.exact is not None:
                entry["exact"] = [[str(p) for p in part] for part in self.exact[k]]
            out.append(entry)
        return out

    def payload(self) -> dict:
        return {
            "equilibria": self.records(),
            "degenerate": bool(self.degenerate),
            "components": [list(c) for c in self.components],
            "verified": bool(np.all(self.verify())),
        }


def game_payoffs(game) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices of a single :class:`~sim.game.stage.Game` or an ``(A, B)`` pair."""
    if hasattr(game, "row_payoffs"):
        if game.batch_shape:
            raise ValueError("a single game is needed; use nash_batch for a batch")
        return np.asarray(game.row_payoffs, dtype=float), np.asarray(game.col_payoffs, dtype=float)
    A, B = (np.asarray(M, dtype=float) for M in game)
    if A.ndim != 2 or A.shape != B.shape:
        raise ValueError(f"expected two (m, n) payoff matrices, got {A.shape} and {B.shape}")
    return A, B


def nash_equilibria(game, *, method: str = "stabsim", exact: bool = False) -> EquilibriumSet:
    """Every Nash equilibrium of a bimatrix game (every extreme one if it is degenerate).

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game`, or a pair ``(A, B)`` of ``(m, n)`` arrays.
        In exact mode ``A`` and ``B`` may hold :class:`fractions.Fraction` entries.
    method
        ``"stabsim"`` (this package, all equilibria, also in degenerate games) or
        ``"nashpy"`` (nashpy's support enumeration, for comparison).
    exact
        Compute in rational arithmetic and report exact probabilities (``stabsim`` only).

    Returns
    -------
    EquilibriumSet
    """
    if method not in METHODS:
        raise OptionError(f"unknown method {method!r} (stabsim or nashpy)", "--method")
    if exact and method != "stabsim":
        raise OptionError("exact mode needs method stabsim", "--exact")
    if exact:
        return _exact_set(game)
    A, B = game_payoffs(game)
    batch = nash_batch(A[None], B[None])
    degenerate = bool(batch.degenerate[0])
    if method == "nashpy":
        from sim.equilibria.nashpy_support import nashpy_equilibria

        row, col = nashpy_equilibria(A, B)
        components = [[k] for k in range(len(row))]
        return _make_set(A, B, row, col, degenerate, components, None, method)
    components = maximal_nash_subsets(batch.row_vertex, batch.col_vertex)
    return _make_set(A, B, batch.row, batch.col, degenerate, components, None, method)


def _exact_set(game) -> EquilibriumSet:
    from sim.equilibria.exact import exact_equilibria, fraction_matrix

    if hasattr(game, "row_payoffs"):
        game_payoffs(game)
        A_exact = fraction_matrix(game.row_payoffs)
        B_exact = fraction_matrix(game.col_payoffs)
    else:
        A_exact, B_exact = (fraction_matrix(M) for M in game)
    A = np.array([[float(v) for v in row] for row in A_exact])
    B = np.array([[float(v) for v in row] for row in B_exact])
    found, degenerate, row_vertex, col_vertex = exact_equilibria(A_exact, B_exact)
    m, n = A.shape
    row = np.array([[float(v) for v in x] for x, _ in found], dtype=float).reshape(-1, m)
    col = np.array([[float(v) for v in y] for _, y in found], dtype=float).reshape(-1, n)
    components = maximal_nash_subsets(row_vertex, col_vertex)
    return _make_set(A, B, row, col, degenerate, components, tuple(found), "stabsim")


def _make_set(A, B, row, col, degenerate, components, exact, method) -> EquilibriumSet:
    payoffs = np.stack(
        [np.einsum("ei,ij,ej->e", row, A, col), np.einsum("ei,ij,ej->e", row, B, col)], axis=1
    ).reshape(-1, 2)
    return EquilibriumSet(
        method=method,
        parameters={"exact": exact is not None},
        assumptions=Assumptions(tolerance=RELATIVE_TOLERANCE),
        row=row,
        col=col,
        payoffs=payoffs,
        degenerate=degenerate,
        components=components,
        exact=exact,
        row_payoffs=A,
        col_payoffs=B,
    )
