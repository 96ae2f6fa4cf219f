"""Exact tournament tables: totals in rational arithmetic checked against closed forms and an
independent enumeration of every history; ties preserved exactly; the float bound holds."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from sim.compile.check import load
from sim.compile.model import build_model
from sim.compile.strategies import build_strategy
from sim.evolution.lumped_table import lumped_totals
from sim.evolution.roundrobin import Entrant
from sim.evolution.scenario_table import scenario_table
from tests.conftest import SCENARIOS

PD_TEXT = (SCENARIOS / "prisoners_dilemma.toml").read_text()
A = [[3, 0], [5, 1]]  # row payoffs; the column player's are the transpose


def _pd(tmp_path, noise="0.0", rounds=5, discount="1.0"):
    path = tmp_path / "pd.toml"
    section = f"[monitoring]\nnoise = {noise}\n\n[tournament]\nrounds = {rounds}\n"
    path.write_text(PD_TEXT + "\n" + section + f"discount = {discount}\npool = ['tit_for_tat']\n")
    return load(path)


def _pools(scenario, names):
    model = build_model(scenario)
    section = scenario.model.tournament
    if section is not None and section.discount is not None:  # as the table uses
        model = model.with_discount(float(section.discount))
    pools = [
        [Entrant(n, build_strategy(scenario, n, side, model)) for n in names] for side in (0, 1)
    ]
    return model, pools


def test_tit_for_tat_against_always_defect_over_n_rounds_exactly(tmp_path):
    # Axelrod (1984): TFT earns S + (n-1) P, ALLD earns T + (n-1) P; with discount d the
    # later rounds weigh d + ... + d^(n-1).
    for n, discount in ((1, "1.0"), (7, "1.0"), (200, "1.0"), (12, "0.9")):
        scenario = _pd(tmp_path, rounds=n, discount=discount)
        model, pools = _pools(scenario, ["tit_for_tat", "always_defect"])
        table = lumped_totals(model, *pools, n)
        d = Fraction(discount)
        later = sum(d**t for t in range(1, n))
        assert table.exact[0][0][1] == 0 + 1 * later
        assert table.exact[1][0][1] == 5 + 1 * later
        assert table.exact[0][0][0] == 3 * (1 + later)  # TFT against TFT: R every round
        assert table.error == 0.0


def _brute_force(row, col, noise: Fraction, rounds: int, discount: Fraction):
    """Expected totals by enumerating every history of intended actions and trembles
    (perfect monitoring, a tremble flips the action), in fractions."""
    totals = [Fraction(0), Fraction(0)]
    flip = {True: noise, False: 1 - noise}

    def walk(t, a, b, p, weight):
        if t == rounds or p == 0:
            return
        for i0, j0, fi, fj in itertools.product((0, 1), (0, 1), (False, True), (False, True)):
            q = Fraction(row.policy[a, i0]).limit_denominator(10**6)
            q *= Fraction(col.policy[b, j0]).limit_denominator(10**6) * flip[fi] * flip[fj]
            if q == 0:
                continue
            i, j = i0 ^ fi, j0 ^ fj
            totals[0] += p * q * weight * A[i][j]
            totals[1] += p * q * weight * A[j][i]
            walk(t + 1, row.next_state[a, i, j, 0], col.next_state[b, j, i, 0], p * q,
                 weight * discount)  # fmt: skip

    walk(0, row.initial, col.initial, Fraction(1), Fraction(1))
    return totals


def test_noisy_table_equals_an_enumeration_of_every_history(tmp_path):
    names = ["tit_for_tat", "always_defect", "grim_trigger", "win_stay_lose_shift",
             "generous_tit_for_tat(forgiveness=0.25)"]  # fmt: skip
    scenario = _pd(tmp_path, noise="0.1", rounds=3, discount="0.5")
    model, pools = _pools(scenario, names)
    table = lumped_totals(model, *pools, 3)
    for i, j in itertools.product(range(len(names)), repeat=2):
        row, col = pools[0][i].strategy, pools[1][j].strategy
        expected = _brute_force(row, col, Fraction(1, 10), 3, Fraction(1, 2))
        assert (table.exact[0][i][j], table.exact[1][i][j]) == tuple(expected), (i, j)
    # Always cooperate against always defect by hand, per round: 0.9*0.1*3 + 0.1*0.1*5 +
    # 0.1*0.9*1 = 41/100 for the cooperator.
    model, pools = _pools(scenario, ["always_cooperate", "always_defect"])
    assert lumped_totals(model, *pools, 3).exact[0][0][1] == Fraction(41, 100) * Fraction(7, 4)


def test_ties_are_exact_in_floating_point_too_and_the_bound_holds():
    # On the INF scenario, open deployment and withdrawal are never trembles, so strategies
    # that answer only those (follow suit, mirror response) tie exactly with always comply
    # against many opponents. Floats must tie exactly where the rationals do, and only there.
    names = ["follow_suit", "no_obligations_if_abandoned", "always_comply", "tit_for_tat",
             "grim_trigger", "ultimatum(deadline=2)", "always_violate"]  # fmt: skip
    scenario = load(SCENARIOS / "inf_treaty.toml")
    model, pools = _pools(scenario, names)
    exact = lumped_totals(model, *pools, 36)
    floating = lumped_totals(model, *pools, 36, exact=False)
    assert exact.exact is not None and floating.exact is None and floating.error > 0
    ties = 0
    for side, values in enumerate((floating.row, floating.col)):
        rationals = np.array(exact.exact[side], dtype=object)
        assert np.all(np.abs(values - rationals.astype(float)) <= floating.error)
        flat_f, flat_q = values.reshape(-1), rationals.reshape(-1)
        for a, b in itertools.combinations(range(flat_f.size), 2):
            assert (flat_f[a] == flat_f[b]) == (flat_q[a] == flat_q[b]), (side, a, b)
            ties += bool(flat_q[a] == flat_q[b])
    assert ties > 20


def test_pairings_agree_with_the_chain_engine_and_dated_ones_fall_back(tmp_path):
    from sim.play.exact import match_payoffs

    names = ["grim_trigger", "ultimatum(deadline=2)", "ultimatum(start=5)"]
    model, pools = _pools(_pd(tmp_path, noise="0.05", rounds=30, discount="0.9"), names)
    table = lumped_totals(model, *pools, 30)
    assert table.exact is None and table.error is None  # a dated ultimatum: no lumping
    for i, j in itertools.product(range(len(names)), repeat=2):
        expected = match_payoffs(model, pools[0][i].strategy, pools[1][j].strategy, 30)
        np.testing.assert_allclose([table.row[i, j], table.col[i, j]], expected, rtol=1e-11)
    scenario = load(SCENARIOS / "inf_treaty.toml")
    model, pools = _pools(scenario, names[:2])
    table = lumped_totals(model, *pools, 30)
    assert table.exact is not None
    expected = match_payoffs(model, pools[0][1].strategy, pools[1][0].strategy, 30)
    assert float(table.exact[0][1][0]) == pytest.approx(expected[0], rel=1e-12)


def test_a_small_exact_tournament_is_solved_and_certified_exactly(tmp_path):
    from sim.evolution.tournament import analyse_table

    scenario = _pd(tmp_path, noise="0.0", rounds=10, discount="1.0")
    pool = ["tit_for_tat", "always_defect", "grim_trigger"]
    table = scenario_table(scenario, pool, pool)
    meta = table.meta
    assert meta.exact is not None
    result = analyse_table(meta, table.scale, "exact").to_dict()
    assert result["payoffs"]["basis"] == "exact" and result["certified"] and result["complete"]
    # TFT and grim trigger play identically here: every entry of theirs ties exactly.
    row = meta.exact[0]
    assert row[0] == row[2] and all(row[i][0] == row[i][2] for i in range(3))
    entry = next(r for r in result["table"] if r["row"]["index"] == 0 and r["col"]["index"] == 1)
    assert entry["row_payoff_exact"] == "9" and entry["col_payoff_exact"] == "14"
