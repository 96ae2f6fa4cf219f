"""The stage-game analysis: every solution concept of the package on one bimatrix game.

:func:`analyse_stage` runs the Nash equilibrium engine (:mod:`sim.equilibria.nash`), pure
equilibria, Pareto optimality, iterated strict dominance, maxmin values, payoff and risk
dominance (:mod:`sim.equilibria.selection`), correlated equilibria (linear programming,
:mod:`sim.equilibria.correlated`) and the principal branch of the logit QRE
(:mod:`sim.equilibria.qre`), and returns one :class:`StageAnalysis` that carries them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim import limits
from sim.equilibria.correlated import CorrelatedEquilibrium
from sim.equilibria.dominance import DominanceResult
from sim.equilibria.maxmin import Maxmin
from sim.equilibria.nash import EquilibriumSet
from sim.equilibria.qre import QREPath
from sim.results import Assumptions, Result
from sim.tolerance import RELATIVE_TOLERANCE


@dataclass(frozen=True, eq=False, kw_only=True)
class StageAnalysis(Result):
    """Everything the package says about one stage game.

    Attributes
    ----------
    players, actions
        Player names and each player's action names.
    row_payoffs, col_payoffs
        The ``(m, n)`` payoff matrices.
    scenario_parameters
        The scenario's parameter values in force.
    equilibria
        The Nash equilibria (:class:`~sim.equilibria.nash.EquilibriumSet`).
    pure, pareto
        Pure equilibria and Pareto-optimal pure profiles as ``(i, j)`` index pairs.
    dominance
        Iterated elimination of strictly dominated actions (pure and mixed dominators).
    maxmin
        Each player's security value and strategy.
    payoff_dominant
        Index into the equilibria of the one that payoff-dominates all others, or ``None``.
    risk_dominant
        The risk-dominant pure profile ``(i, j)`` of a 2x2 game; ``None`` if there is none
        (a tie, not two strict equilibria, or not a 2x2 game).
    correlated
        Correlated equilibria maximising the total payoff and each player's, by objective.
    qre
        The principal branch of the logit QRE correspondence (no points when not traced).
    not_computed
        The analyses left out of a large game, each with the reason (``"correlated"``: the
        linear programs would need more than the ``memory_bytes`` limit; ``"qre"``: the game
        has more actions than the ``qre_actions`` limit).
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    row_payoffs: np.ndarray
    col_payoffs: np.ndarray
    scenario_parameters: Mapping[str, float] = field(default_factory=dict)
    equilibria: EquilibriumSet
    pure: list[tuple[int, int]]
    pareto: list[tuple[int, int]]
    dominance: DominanceResult
    maxmin: tuple[Maxmin, Maxmin]
    payoff_dominant: int | None
    risk_dominant: tuple[int, int] | None
    correlated: Mapping[str, CorrelatedEquilibrium]
    qre: QREPath
    not_computed: Mapping[str, str] = field(default_factory=dict)

    def profile(self, cell: tuple[int, int]) -> list[str]:
        """A pure profile ``(i, j)`` by action names."""
        return [self.actions[0][cell[0]], self.actions[1][cell[1]]]

    def support(self, k: int) -> list[list[str]]:
        """The actions played with positive probability in equilibrium ``k``, by player."""
        parts = (self.equilibria.row[k], self.equilibria.col[k])
        return [
            [name for name, p in zip(names, part, strict=True) if p > RELATIVE_TOLERANCE]
            for names, part in zip(self.actions, parts, strict=True)
        ]

    def selection(self) -> dict[str, Any]:
        """``payoff_dominant`` and (2x2 games) ``risk_dominant``, each ``None`` or
        ``{"equilibrium": index into equilibria, "support": [[row actions], [col actions]]}``."""
        out: dict[str, Any] = {"payoff_dominant": self._chosen(self.payoff_dominant)}
        if self.row_payoffs.shape == (2, 2):
            k = None
            if self.risk_dominant is not None:
                i, j = self.risk_dominant
                eq = self.equilibria
                k = int(np.argmax(eq.row[:, i] * eq.col[:, j]))
            out["risk_dominant"] = self._chosen(k)
        return out

    def _chosen(self, k: int | None) -> dict[str, Any] | None:
        return None if k is None else {"equilibrium": int(k), "support": self.support(k)}

    def payload(self) -> dict[str, Any]:
        names = self.actions
        equilibria = self.equilibria.payload()
        equilibria["equilibria"] = equilibrium_records(self.equilibria)
        for k, entry in enumerate(equilibria["equilibria"]):
            entry["support"] = self.support(k)
        return {
            "players": list(self.players),
            "actions": [list(a) for a in names],
            "scenario_parameters": dict(self.scenario_parameters),
            "payoffs": [self.row_payoffs.tolist(), self.col_payoffs.tolist()],
            **equilibria,
            "selection": self.selection(),
            "pure_equilibria": [self.profile(c) for c in self.pure],
            "pareto_optimal": [self.profile(c) for c in self.pareto],
            "dominance": self._dominance(),
            "correlated": {
                objective: correlated_record(ce) for objective, ce in self.correlated.items()
            },
            "maxmin": [maxmin_record(mm) for mm in self.maxmin],
            "qre": {
                "precision": self.qre.precision,
                "row": self.qre.row,
                "col": self.qre.col,
                "events": [event.to_dict() for event in self.qre.events],
                "limit": self.qre.limit,
            },
            "not_computed": dict(self.not_computed),
        }

    def _dominance(self) -> dict[str, Any]:
        return dominance_data(self.dominance, self.players, self.actions, "action")


def maxmin_record(mm: Maxmin) -> dict[str, Any]:
    """``value``, ``strategy`` and, when certified, ``certified``, ``exact``, ``bounds``."""
    record = {"value": mm.value, "strategy": mm.strategy}
    return record if mm.bounds is None else {**record, **mm.bounds.to_dict()}


def correlated_record(ce: CorrelatedEquilibrium) -> dict[str, Any]:
    """``distribution``, ``payoffs`` and, when certified, ``certified``, ``exact`` (the
    optimal objective value), ``bounds`` and ``exact_payoffs``."""
    record = {"distribution": ce.distribution, "payoffs": ce.payoffs}
    if ce.bounds is not None:
        record.update(ce.bounds.to_dict())
    if ce.exact_payoffs is not None:
        record["exact_payoffs"] = [str(v) for v in ce.exact_payoffs]
    return record


def equilibrium_records(found: EquilibriumSet) -> list[dict[str, Any]]:
    """The equilibria as records (:meth:`EquilibriumSet.records`) with the flags ``pure``,
    ``strict`` and ``symmetric`` of :func:`sim.equilibria.selection.equilibrium_properties`."""
    from sim.equilibria.selection import equilibrium_properties

    flags = equilibrium_properties(found)
    return [
        {**entry, **{name: bool(values[k]) for name, values in flags.items()}}
        for k, entry in enumerate(found.records())
    ]


def dominance_data(dominance: DominanceResult, players, names, label: str) -> dict[str, Any]:
    """Survivors of iterated strict dominance and each elimination, by name.

    ``label`` names what is eliminated (``"action"`` in a stage game, ``"strategy"`` in a
    tournament's meta-game).
    """
    return {
        "certified": bool(dominance.certified),
        "surviving": [[names[p][k] for k in dominance.surviving[p]] for p in (0, 1)],
        "eliminated": [
            {
                "player": players[e.player],
                label: names[e.player][e.action],
                "round": e.round,
                "by": {names[e.player][k]: w for k, w in e.by.items()},
            }
            for e in dominance.eliminated
        ],
    }


def analyse_stage(
    game,
    *,
    method: str = "stabsim",
    exact_payoffs=None,
    scenario_parameters: Mapping[str, float] | None = None,
) -> StageAnalysis:
    """Run every stage-game analysis on ``game`` (a single :class:`~sim.game.stage.Game`).

    Parameters
    ----------
    method
        The equilibrium engine: ``"stabsim"`` or ``"nashpy"``.
    exact_payoffs
        The two payoff matrices as fractions: the equilibria are then computed in rational
        arithmetic and carry their exact probabilities.
    scenario_parameters
        The parameter values the game was built at, kept with the result.
    """
    from sim.equilibria.dominance import iterated_elimination
    from sim.equilibria.maxmin import maxmin
    from sim.equilibria.nash import nash_equilibria
    from sim.equilibria.pareto import pareto_optimal
    from sim.equilibria.pure import pure_equilibria
    from sim.equilibria.selection import payoff_dominant, risk_dominant

    exact = exact_payoffs is not None
    found = nash_equilibria(exact_payoffs if exact else game, method=method, exact=exact)
    return StageAnalysis(
        method=method,
        parameters={"exact": exact},
        assumptions=Assumptions(tolerance=RELATIVE_TOLERANCE),
        players=tuple(game.players),
        actions=tuple(tuple(a) for a in game.actions),
        row_payoffs=np.asarray(game.row_payoffs, dtype=float),
        col_payoffs=np.asarray(game.col_payoffs, dtype=float),
        scenario_parameters=dict(scenario_parameters or {}),
        equilibria=found,
        pure=pure_equilibria(game),
        pareto=pareto_optimal(game),
        dominance=iterated_elimination(game, mixed=True),
        maxmin=maxmin(game, exact_payoffs),
        payoff_dominant=payoff_dominant(found),
        risk_dominant=risk_dominant(game) if game.shape == (2, 2) else None,
        **_budgeted(game, exact_payoffs, found),
    )


def _budgeted(game, exact_payoffs, found) -> dict[str, Any]:
    """The correlated equilibria and the QRE path, each left out of a game too large for
    its bound (:mod:`sim.limits`) with the reason, under ``not_computed``."""
    from sim.equilibria.correlated import correlated_equilibria, correlated_lp_bytes
    from sim.equilibria.qre import empty_path, qre_path

    m, n = game.shape
    skipped: dict[str, str] = {}
    needed = correlated_lp_bytes(m, n)
    if needed > limits.bound("memory_bytes"):
        skipped["correlated"] = (
            f"its linear programs would need about {limits.format_bytes(needed)}, more than "
            f"the limit of {limits.format_bytes(limits.bound('memory_bytes'))} (limit "
            f"'memory_bytes'; raise it with {limits.ENV_PREFIX}MEMORY_BYTES)"
        )
    if m + n > limits.bound("qre_actions"):
        skipped["qre"] = (
            f"the game has {m + n} actions in all, more than the limit of "
            f"{limits.bound('qre_actions')} (limit 'qre_actions'; raise it with "
            f"{limits.ENV_PREFIX}QRE_ACTIONS)"
        )
    return {
        "correlated": {} if "correlated" in skipped else correlated_equilibria(game, exact_payoffs),
        "qre": empty_path(m, n) if "qre" in skipped else qre_path(game, equilibria=found),
        "not_computed": skipped,
    }


def scenario_stage_analysis(
    scenario, *, method: str = "stabsim", exact: bool = False
) -> StageAnalysis:
    """:func:`analyse_stage` on a loaded scenario's stage game at its parameter values;
    ``exact`` evaluates the payoffs as fractions and solves in rational arithmetic."""
    from sim.compile.game import build_game
    from sim.compile.payoffs import exact_payoffs

    game = build_game(scenario)
    exact_game = exact_payoffs(scenario.model, scenario.parameters) if exact else None
    return analyse_stage(
        game, method=method, exact_payoffs=exact_game, scenario_parameters=scenario.parameters
    )
