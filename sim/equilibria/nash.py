"""All Nash equilibria of one game: a thin wrapper over the batch engine.

See :mod:`sim.equilibria.batch` for the method (completely labelled vertex pairs of the
best-response polytopes, Avis, Rosenberg, Savani and von Stengel 2010),
:mod:`sim.equilibria.subsets` for the maximal Nash subsets of degenerate games and
:mod:`sim.equilibria.exact` for the exact mode.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from sim.equilibria.batch import nash_batch
from sim.equilibria.exact import EXACT_BASES, basis_total
from sim.equilibria.subsets import maximal_nash_subsets
from sim.equilibria.verify import is_equilibrium
from sim.errors import OptionError
from sim.limits import LimitError, bound, check, cut_short
from sim.results import Assumptions, Result
from sim.tolerance import RELATIVE_TOLERANCE

METHODS = ("stabsim", "lemke_howson", "lemke_howson_all", "pns", "nashpy")

DEFAULT_BUDGET = 5.0
"""Seconds for an enumeration that is not exact (the list is then labelled incomplete)."""

EXACT_BASES_PER_SECOND = 4_000
"""Feasible bases the exact search visits per second: 13,000 bases of the two polytopes
of a random 12x12 game in 2.4 s (CPU time, loaded machine), rounded down."""


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
    certified
        Every reported equilibrium (support, probabilities, labels) confirmed against the
        game's payoffs, in exact rational arithmetic or by rigorous floating-point error
        bounds (:mod:`sim.equilibria.certified_proposals`); so is the degeneracy flag,
        unless the note says "degeneracy not certified" (float proposals of larger games).
        In a game small enough for the exact enumeration, and in exact mode, a float payoff
        is read by :func:`~sim.equilibria.exact.to_fraction` (the simple fraction it
        rounds, if any); otherwise it is the exact rational it is.
    complete
        The list is proven to hold every extreme equilibrium (exact enumeration); false when
        completeness rests on floating point or a budget cut the enumeration short.
    note
        What was and was not certified, in words.
    exact_payoffs
        ``None``, or in exact mode each equilibrium's ``(row, col)`` expected payoffs
        ``x^T A y`` and ``x^T B y`` in rational arithmetic.
    """

    row: np.ndarray
    col: np.ndarray
    payoffs: np.ndarray
    degenerate: bool
    components: list[list[int]]
    exact: tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], ...] | None
    row_payoffs: np.ndarray = field(repr=False)
    col_payoffs: np.ndarray = field(repr=False)
    certified: bool = True
    complete: bool = True
    note: str = "exact enumeration: every extreme equilibrium, certified"
    exact_payoffs: tuple[tuple[Fraction, Fraction], ...] | None = None

    def __len__(self) -> int:
        return len(self.row)

    def verify(self) -> np.ndarray:
        """Boolean ``(E,)``: is each profile an equilibrium within the package tolerance
        (:func:`sim.equilibria.verify.is_equilibrium`)."""
        return is_equilibrium(self.row_payoffs, self.col_payoffs, self.row, self.col)

    def records(self) -> list[dict]:
        """One record per equilibrium: ``strategies`` (two probability lists in action
        order), ``payoffs`` ``[row, col]`` and, in exact mode, ``exact`` (the probabilities
        as ``"p/q"`` strings) and ``exact_payoffs`` (the payoffs as ``"p/q"`` strings).
        :func:`sim.equilibria.stage.equilibrium_records` adds the ``pure``, ``strict`` and
        ``symmetric`` flags."""
        out = []
        for k in range(len(self)):
            entry = {
                "strategies": [self.row[k].tolist(), self.col[k].tolist()],
                "payoffs": self.payoffs[k].tolist(),
            }
            if self.exact is not None:
                entry["exact"] = [[str(p) for p in part] for part in self.exact[k]]
            if self.exact_payoffs is not None:
                entry["exact_payoffs"] = [str(v) for v in self.exact_payoffs[k]]
            out.append(entry)
        return out

    def payload(self) -> dict:
        from sim.equilibria.components import component_records

        return {
            "equilibria": self.records(),
            "degenerate": bool(self.degenerate),
            "components": [list(c) for c in self.components],
            "connected_components": component_records(self),
            "verified": bool(np.all(self.verify())),
            "certified": bool(self.certified),
            "complete": bool(self.complete),
            "certificate": self.note,
        }


def game_payoffs(game) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices of a single :class:`~sim.game.stage.Game` or an ``(A, B)`` pair."""
    if hasattr(game, "row_payoffs"):
        if game.batch_shape:
            raise ValueError("a single game is needed; use nash_batch for a batch")
        matrices = (game.row_payoffs, game.col_payoffs)
    else:
        matrices = game
    A, B = matrices
    A, B = _finite_floats(A, "row"), _finite_floats(B, "column")
    if A.ndim != 2 or A.shape != B.shape:
        raise ValueError(f"expected two (m, n) payoff matrices, got {A.shape} and {B.shape}")
    return A, B


def _finite_floats(M, player: str) -> np.ndarray:
    """``M`` as a float array; a clear error for NaN, an infinity or an exact number
    beyond the float range (about 1.8e308)."""
    try:
        values = np.asarray(M, dtype=float)
    except OverflowError:
        raise ValueError(
            f"{player} payoffs hold a number beyond the float range (about 1.8e308);"
            " divide the payoffs by a common factor"
        ) from None
    if not np.isfinite(values).all():
        found = values[~np.isfinite(values)].flat[0]
        raise ValueError(f"{player} payoffs must be finite numbers, found {found}")
    return values


def nash_equilibria(
    game, *, method: str = "stabsim", exact: bool = False, budget: float = DEFAULT_BUDGET
) -> EquilibriumSet:
    """Every Nash equilibrium of a bimatrix game (every extreme one if it is degenerate).

    The path is chosen by size: games with at most ``EXACT_BASES`` bases are enumerated in
    exact arithmetic (certified and complete); larger ones with ``m + n <= 62`` by the
    compiled basis search, and beyond that by Lemke-Howson from every starting label, each
    proposal certified exactly (:mod:`sim.equilibria.large`); ``budget`` bounds the time of
    the last two, and a list cut short by it is labelled incomplete. In exact mode a
    larger game is first given to the exact search over feasible bases, bounded by a
    quarter of ``budget`` per polytope (and by ``enumeration_pairs``); when it ends, the
    list is complete and certified, otherwise the compiled search is used as above.

    Parameters
    ----------
    game
        A single :class:`~sim.game.stage.Game`, or a pair ``(A, B)`` of ``(m, n)`` arrays.
        In exact mode ``A`` and ``B`` may hold :class:`fractions.Fraction` entries.
    method
        ``"stabsim"`` (all extreme equilibria, also in degenerate games), ``"lemke_howson"``
        (one equilibrium fast: the first Lemke-Howson path that ends, certified),
        ``"lemke_howson_all"`` (the distinct ends of the paths from every starting label),
        ``"pns"`` (one equilibrium by the support search of Porter, Nudelman and Shoham,
        :mod:`sim.equilibria.pns`, certified) or ``"nashpy"`` (nashpy's support
        enumeration, for comparison).
    exact
        Report exact probabilities too (``stabsim`` only).
    budget
        Seconds allowed to the search and to Lemke-Howson (roughly).

    Returns
    -------
    EquilibriumSet
    """
    if method not in METHODS:
        raise OptionError(f"unknown method {method!r} ({', '.join(METHODS)})", "method")
    if exact and method != "stabsim":
        raise OptionError("exact mode needs method stabsim", "exact")
    A, B = game_payoffs(game)
    if method == "nashpy":
        return _nashpy_set(A, B)
    from sim.equilibria.large import lemke_howson_proposal, merged, search_proposal

    m, n = A.shape
    small = basis_total(m, n) <= EXACT_BASES
    # a large game in float mode: each double is the exact rational it is
    A_exact, B_exact = _exact_payoffs(game, exact) if exact or small else (A, B)
    if method.startswith("lemke_howson"):
        proposal = lemke_howson_proposal(A, B, budget, first=method == "lemke_howson")
    elif method == "pns":
        from sim.equilibria.pns import pns_proposal

        proposal = pns_proposal(A, B, budget)
    elif small:
        return _exact_set(A_exact, B_exact, exact)
    elif exact and (found := _bounded_exact_set(A_exact, B_exact, budget)) is not None:
        return found
    elif m + n <= 62:
        proposal = search_proposal(A, B, budget)
        if not proposal.complete:  # add what Lemke-Howson finds in half the time again
            proposal = merged(proposal, lemke_howson_proposal(A, B, budget / 2, first=False))
    else:
        proposal = lemke_howson_proposal(A, B, budget, first=False)
    return _certified_float_set(A, B, A_exact, B_exact, proposal, method, budget)


def _nashpy_set(A: np.ndarray, B: np.ndarray) -> EquilibriumSet:
    """nashpy's support enumeration, refused before it starts when it would visit more
    than ``enumeration_pairs`` support pairs (it visits every pair of nonempty supports,
    ``(2^m - 1)(2^n - 1)``), its list cut at ``equilibria``."""
    from sim.equilibria.nashpy_support import nashpy_equilibria

    m, n = A.shape
    what = f"the support pairs nashpy visits in a {m}x{n} game"
    try:
        check("enumeration_pairs", (2**m - 1) * (2**n - 1), what)
    except LimitError as exc:
        raise exc.located(argument="method") from None
    row, col = nashpy_equilibria(A, B)
    components = [[k] for k in range(len(row))]
    degenerate = bool(nash_batch(A[None], B[None]).degenerate[0])
    note = "nashpy support enumeration: not certified"
    limit = bound("equilibria")
    if len(row) > limit:
        row, col, components = row[:limit], col[:limit], components[:limit]
        note += "; listing " + cut_short("equilibria")
    return _make_set(A, B, row, col, degenerate, components, None, "nashpy", (False, False, note))


def _exact_payoffs(game, exact: bool):
    """The payoffs as fractions, read by :func:`~sim.equilibria.exact.to_fraction` (a float
    within a few units in the last place of a simple fraction is that fraction, otherwise
    the exact value of the double); in exact mode a ``.nfg`` file's own numbers. (Large games
    in float mode keep their float arrays, each double its exact binary value.)"""
    from sim.equilibria.exact import fraction_matrix

    if hasattr(game, "row_payoffs"):
        stored = getattr(game, "exact", None)
        if exact and stored:
            return fraction_matrix(stored[0]), fraction_matrix(stored[1])
        matrices = (game.row_payoffs, game.col_payoffs)
    else:
        matrices = game
    return fraction_matrix(matrices[0]), fraction_matrix(matrices[1])


def _exact_set(A_exact, B_exact, keep_exact: bool, max_bases=None) -> EquilibriumSet:
    from sim.equilibria.exact import exact_equilibria

    A = np.array([[float(v) for v in row] for row in A_exact])
    B = np.array([[float(v) for v in row] for row in B_exact])
    found, degenerate, row_vertex, col_vertex, *_ = exact_equilibria(A_exact, B_exact, max_bases)
    limit = bound("equilibria")
    if len(found) > limit:  # every one found exactly, only the first `limit` listed
        found, row_vertex, col_vertex = found[:limit], row_vertex[:limit], col_vertex[:limit]
        note = f"exact enumeration: listing {cut_short('equilibria')}, each listed one certified"
        status = (True, False, note)
    else:
        status = None
    m, n = A.shape
    row = np.array([[float(v) for v in x] for x, _ in found], dtype=float).reshape(-1, m)
    col = np.array([[float(v) for v in y] for _, y in found], dtype=float).reshape(-1, n)
    components = maximal_nash_subsets(row_vertex, col_vertex)
    exact = tuple(found) if keep_exact else None
    result = _make_set(A, B, row, col, degenerate, components, exact, "stabsim", status)
    if keep_exact:
        values = tuple((_bilinear(x, A_exact, y), _bilinear(x, B_exact, y)) for x, y in found)
        result = dataclasses.replace(result, exact_payoffs=values)
    return result


def _bounded_exact_set(A_exact, B_exact, budget: float) -> EquilibriumSet | None:
    """The exact enumeration (complete and certified) if each polytope's search ends
    within a quarter of ``budget`` at :data:`EXACT_BASES_PER_SECOND` and within
    ``enumeration_pairs`` bases, else None."""
    from sim.equilibria.exact_search import SearchCutShort

    max_bases = min(max(1000, int(budget / 4 * EXACT_BASES_PER_SECOND)), bound("enumeration_pairs"))
    try:
        return _exact_set(A_exact, B_exact, True, max_bases)
    except SearchCutShort:
        return None


def _bilinear(x, M, y) -> Fraction:
    """``x^T M y`` in rational arithmetic."""
    return sum(
        (xi * sum((v * yj for v, yj in zip(row, y, strict=True)), Fraction(0))
         for xi, row in zip(x, M, strict=True)),
        Fraction(0),
    )  # fmt: skip


CERTIFIED_HOW = (
    " (supports and best responses proven by rigorous floating-point error bounds,"
    " or in exact arithmetic where those do not settle them)"
)


def _certified_float_set(A, B, A_exact, B_exact, proposal, method, budget) -> EquilibriumSet:
    """Float proposals, then each equilibrium's vertices certified
    (:mod:`sim.equilibria.certified_proposals`)."""
    from sim.equilibria.certified_proposals import certified_profiles, loaded_certificate

    loaded_certificate()  # its compilation is not part of the budget
    deadline = time.perf_counter() + budget
    limit = bound("equilibria")
    keep, row, col, checked = certified_profiles(
        A_exact, B_exact, proposal.row_labels, proposal.col_labels, limit, deadline
    )
    certified = len(keep) == checked
    components = maximal_nash_subsets(proposal.row_vertex[keep], proposal.col_vertex[keep])
    note = f"{proposal.source}: each of the {len(keep)} equilibria certified" + CERTIFIED_HOW
    if not proposal.complete:
        note += "; the list may be incomplete (time budget or method)"
    if len(keep) == limit:
        note += "; listing " + cut_short("equilibria")
    elif checked < len(proposal.row_labels):
        note += f"; {len(proposal.row_labels) - checked} proposals left unchecked (time budget)"
    if not certified:
        note += "; proposals that failed the certificate were dropped"
    status = (True, False, note + "; degeneracy not certified")
    return _make_set(A, B, row, col, proposal.degenerate, components, None, method, status)


def _make_set(A, B, row, col, degenerate, components, exact, method, status=None):
    payoffs = np.empty((len(row), 2))
    payoffs[:, 0] = ((row @ A) * col).sum(axis=1)  # x^T A y of each equilibrium
    payoffs[:, 1] = ((row @ B) * col).sum(axis=1)
    certified, complete, note = status if status is not None else (True, True, None)
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
        certified=certified,
        complete=complete,
        **({} if note is None else {"note": note}),
    )
