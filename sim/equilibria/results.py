"""The stage-game analysis read back from a result folder into its result types.

:func:`stage_from_dict` is the inverse of
:meth:`sim.equilibria.stage.StageAnalysis.to_dict`: names become indices again, lists
become arrays and ``"p/q"`` strings fractions, so that the object read back renders (and
serialises) as the one that was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from sim.equilibria.correlated import CorrelatedEquilibrium
from sim.equilibria.dominance import DominanceResult, Elimination
from sim.equilibria.lp_certificate import ValueBounds
from sim.equilibria.maxmin import Maxmin
from sim.equilibria.nash import EquilibriumSet
from sim.equilibria.qre import QREEvent, QREPath, empty_path
from sim.equilibria.stage import StageAnalysis
from sim.results import Assumptions

QRE_KEYS = ("precision", "row", "col")


def stage_from_dict(data: Mapping[str, Any]) -> StageAnalysis:
    """A :class:`StageAnalysis` from its ``to_dict()``; a missing or mistyped key raises."""
    players = (str(data["players"][0]), str(data["players"][1]))
    actions = tuple(tuple(str(a) for a in names) for names in data["actions"])
    index = [{name: k for k, name in enumerate(names)} for names in actions]
    row_payoffs, col_payoffs = (np.asarray(m, dtype=float) for m in data["payoffs"])
    assumptions = Assumptions.from_dict(data["assumptions"])
    equilibria = equilibria_from_dict(data, row_payoffs, col_payoffs, data["method"], assumptions)
    selection = data["selection"]

    def cells(profiles) -> list[tuple[int, int]]:
        return [(index[0][a], index[1][b]) for a, b in profiles]

    return StageAnalysis(
        method=data["method"],
        parameters=dict(data["parameters"]),
        assumptions=assumptions,
        players=players,
        actions=actions,
        row_payoffs=row_payoffs,
        col_payoffs=col_payoffs,
        scenario_parameters=dict(data["scenario_parameters"]),
        equilibria=equilibria,
        pure=cells(data["pure_equilibria"]),
        pareto=cells(data["pareto_optimal"]),
        dominance=dominance_from_dict(data["dominance"], players, index, "action"),
        maxmin=tuple(
            Maxmin(m["value"], np.asarray(m["strategy"]), _bounds(m)) for m in data["maxmin"]
        ),
        payoff_dominant=_chosen(selection["payoff_dominant"]),
        risk_dominant=_risk_dominant(selection.get("risk_dominant"), index),
        correlated={
            objective: CorrelatedEquilibrium(
                np.asarray(ce["distribution"]),
                np.asarray(ce["payoffs"]),
                objective,
                _bounds(ce),
                _fractions(ce.get("exact_payoffs")),
            )
            for objective, ce in data["correlated"].items()
        },
        qre=_qre_path(data["qre"], row_payoffs.shape),
        not_computed=dict(data.get("not_computed", {})),
    )


def _qre_path(data, shape: tuple[int, int]) -> QREPath:
    """The QRE path with its events and limit, as :meth:`StageAnalysis.payload` wrote it."""
    events = tuple(
        QREEvent(
            kind=event["kind"],
            precision=tuple(event["precision"]),
            row=np.asarray(event["row"], dtype=float),
            col=np.asarray(event["col"], dtype=float),
            passed=event["passed"],
        )
        for event in data.get("events", [])
    )
    if not len(data["precision"]):  # not traced: keep the strategies' widths
        return empty_path(*shape)
    arrays = (np.asarray(data[k], dtype=float) for k in QRE_KEYS)
    return QREPath(*arrays, events=events, limit=data.get("limit"))


def _bounds(record) -> ValueBounds | None:
    return ValueBounds.from_dict(record) if "certified" in record else None


def _fractions(values) -> tuple[Fraction, ...] | None:
    return None if values is None else tuple(Fraction(v) for v in values)


def equilibria_from_dict(data, row_payoffs, col_payoffs, method, assumptions) -> EquilibriumSet:
    """The :class:`EquilibriumSet` of the keys ``equilibria``, ``degenerate``, ... of a
    stage analysis or a tournament, on the game's payoff matrices."""
    records = data["equilibria"]
    m, n = row_payoffs.shape
    exact = None
    if records and "exact" in records[0]:
        exact = tuple(
            tuple(tuple(Fraction(p) for p in part) for part in record["exact"])
            for record in records
        )
    return EquilibriumSet(
        method=method,
        assumptions=assumptions,
        row=np.array([r["strategies"][0] for r in records], dtype=float).reshape(-1, m),
        col=np.array([r["strategies"][1] for r in records], dtype=float).reshape(-1, n),
        payoffs=np.array([r["payoffs"] for r in records], dtype=float).reshape(-1, 2),
        degenerate=bool(data["degenerate"]),
        components=[list(c) for c in data["components"]],
        exact=exact,
        row_payoffs=row_payoffs,
        col_payoffs=col_payoffs,
        certified=bool(data["certified"]),
        complete=bool(data["complete"]),
        note=str(data["certificate"]),
        exact_payoffs=_exact_payoffs(records),
    )


def _exact_payoffs(records) -> tuple[tuple[Fraction, Fraction], ...] | None:
    if not records or "exact_payoffs" not in records[0]:
        return None
    return tuple(tuple(Fraction(v) for v in record["exact_payoffs"]) for record in records)


def dominance_from_dict(data, players, index, label: str) -> DominanceResult:
    """Iterated dominance back from its data (names to indices); ``label`` as written."""
    by_player = {name: p for p, name in enumerate(players)}
    eliminated = []
    for entry in data["eliminated"]:
        p = by_player[entry["player"]]
        by = {index[p][name]: weight for name, weight in entry["by"].items()}
        eliminated.append(Elimination(p, index[p][entry[label]], int(entry["round"]), by))
    surviving = tuple(tuple(index[p][name] for name in data["surviving"][p]) for p in (0, 1))
    return DominanceResult(surviving, tuple(eliminated), bool(data["certified"]))


def _chosen(entry) -> int | None:
    return None if entry is None else int(entry["equilibrium"])


def _risk_dominant(entry, index) -> tuple[int, int] | None:
    """The risk-dominant pure profile, from the support of the equilibrium it names."""
    if entry is None:
        return None
    (row,), (col,) = entry["support"]
    return index[0][row], index[1][col]
