"""The round-robin driver with a stub evaluator: table orientation, pools, errors."""

from __future__ import annotations

import numpy as np
import pytest

from sim.evolution.metagame import MetaGame
from sim.evolution.roundrobin import Entrant, PairResult, round_robin

# Prisoner's dilemma stage payoffs (T=5, R=3, P=1, S=0); 0 = cooperate, 1 = defect.
ROW = np.array([[3.0, 0.0], [5.0, 1.0]])


def _play(row_rule, col_rule, rounds=200):
    """Play two deterministic rules (functions of the other's last move) by hand."""
    row_last = col_last = None
    totals = np.zeros(2)
    for _ in range(rounds):
        i, j = row_rule(col_last), col_rule(row_last)
        totals += ROW[i, j], ROW[j, i]
        row_last, col_last = i, j
    return totals


RULES = {
    "tit_for_tat": lambda last: 0 if last is None else last,
    "always_defect": lambda last: 1,
    "always_cooperate": lambda last: 0,
}


def _stub(row_strategy, col_strategy) -> PairResult:
    row, col = _play(RULES[row_strategy], RULES[col_strategy])
    return PairResult(row, col)


def test_table_entries_are_the_head_to_head_totals():
    pool = [Entrant(name, name) for name in RULES]
    meta = round_robin(pool, pool, _stub, players=("Row", "Column"))
    names = list(RULES)
    tft, alld, allc = (names.index(n) for n in ("tit_for_tat", "always_defect", "always_cooperate"))
    # Tit-for-tat against always-defect over 200 rounds: 0 + 199 * 1 against 5 + 199 * 1.
    assert meta.row_payoffs[tft, alld] == 199 and meta.col_payoffs[tft, alld] == 204
    assert meta.row_payoffs[alld, tft] == 204 and meta.col_payoffs[alld, tft] == 199
    assert meta.row_payoffs[tft, tft] == 600 and meta.row_payoffs[alld, allc] == 1000
    # One pool for both roles of a symmetric game: the column table is the transpose.
    np.testing.assert_array_equal(meta.col_payoffs, meta.row_payoffs.T)
    np.testing.assert_array_equal(meta.pool_payoffs(), meta.row_payoffs)
    assert not meta.sampled and meta.shares_pool()


def test_distinct_pools_keep_their_order_and_errors():
    calls = []

    def evaluate(r, c):
        calls.append((r, c))
        return PairResult(10 * r + c, -(10 * r + c), 0.1, 0.2)

    meta = round_robin([Entrant("a", 1), Entrant("b", 2)], [Entrant("x", 7)] * 1, evaluate)
    assert calls == [(1, 7), (2, 7)]
    np.testing.assert_array_equal(meta.row_payoffs, [[17], [27]])
    np.testing.assert_array_equal(meta.col_se, [[0.2], [0.2]])
    assert meta.sampled and not meta.shares_pool()
    with pytest.raises(ValueError, match="one pool"):
        meta.pool_payoffs()
    with pytest.raises(ValueError, match="empty"):
        round_robin([], [Entrant("x", 1)], evaluate)
    with pytest.raises(ValueError, match="twice"):
        round_robin([Entrant("a", 1), Entrant("a", 2)], [Entrant("x", 1)], evaluate)


def test_pool_payoffs_average_the_two_roles():
    names = ("s", "t")
    meta = MetaGame(names, names, [[1.0, 2.0], [3.0, 4.0]], [[10.0, 20.0], [30.0, 40.0]])
    # M[s, t] = (R[s, t] + C[t, s]) / 2
    np.testing.assert_array_equal(meta.pool_payoffs(), [[5.5, 16.0], [11.5, 22.0]])
