"""Stage-game analysis: pure equilibria, Pareto optimality, dominance, maxmin, Gambit I/O."""

from __future__ import annotations

import itertools

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.equilibria.dominance import iterated_elimination
from sim.equilibria.maxmin import security_strategy
from sim.equilibria.pareto import pareto_mask
from sim.equilibria.pure import pure_equilibrium_mask, regime_labels, strict_equilibrium_mask
from sim.game.stage import Game, default_action_names
from tests.conftest import examples


def game_of(A, B) -> Game:
    A, B = np.asarray(A, float), np.asarray(B, float)
    return Game(("row", "col"), default_action_names(A.shape), A, B)


payoff_pairs = st.integers(1, 5).flatmap(
    lambda m: st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            hnp.arrays(float, (m, n), elements=st.integers(-3, 3).map(float)),
            hnp.arrays(float, (m, n), elements=st.integers(-3, 3).map(float)),
        )
    )
)


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None)
@given(payoff_pairs)
def test_pure_equilibria_are_mutual_best_responses_and_complete(pair):
    A, B = pair
    found = set(sim.pure_equilibria(game_of(A, B)))
    brute = {
        (i, j)
        for i, j in itertools.product(range(A.shape[0]), range(A.shape[1]))
        if A[i, j] >= A[:, j].max() and B[i, j] >= B[i, :].max()
    }
    assert found == brute
    for i, j in found:  # each reported profile is a best response to the other
        assert A[i, j] == A[:, j].max() and B[i, j] == B[i, :].max()


@settings(max_examples=examples(60), deadline=None)
@given(payoff_pairs, st.floats(1e-6, 1e6), st.floats(-1e3, 1e3))
def test_pure_equilibria_invariant_under_positive_affine_change(pair, scale, shift):
    A, B = pair
    before = pure_equilibrium_mask(A, B)
    after = pure_equilibrium_mask(A * scale + shift, B / scale - shift)
    np.testing.assert_array_equal(before, after)


def test_batch_matches_single_games():
    rng = np.random.default_rng(1)
    A = rng.integers(0, 3, (200, 3, 4)).astype(float)
    B = rng.integers(0, 3, (200, 3, 4)).astype(float)
    batch = pure_equilibrium_mask(A, B)
    for k in range(200):
        assert np.array_equal(batch[k], pure_equilibrium_mask(A[k], B[k]))
        assert np.array_equal(pareto_mask(A, B)[k], pareto_mask(A[k], B[k]))


def test_prisoners_dilemma():
    game = game_of([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert sim.pure_equilibria(game) == [(1, 1)]
    assert sim.pareto_optimal(game) == [(0, 0), (0, 1), (1, 0)]
    assert strict_equilibrium_mask(game.row_payoffs, game.col_payoffs)[1, 1]


def test_regime_labels_name_the_pure_equilibria():
    A = np.array([[[3, 0], [5, 1]], [[4, 0], [3, 2]]], float)
    B = np.swapaxes(A, 1, 2)
    labels = regime_labels(pure_equilibrium_mask(A, B), ["c", "d"], ["c", "d"])
    assert list(labels) == ["d/d", "c/c + d/d"]
    matching_pennies = np.array([[1, -1], [-1, 1]], float)
    assert (
        regime_labels(pure_equilibrium_mask(matching_pennies, -matching_pennies), "ab", "ab")[()]
        == "none"
    )


def test_pareto_with_ties_is_weak_domination():
    game = game_of([[1, 1], [0, 2]], [[1, 1], [0, 2]])
    assert sim.pareto_optimal(game) == [(1, 1)]


def test_domination_by_a_mixed_strategy_only():
    # the middle row is dominated by (1/2 top + 1/2 bottom) but by neither pure row
    A = [[3, 0], [1, 1], [0, 3]]
    B = [[0, 0], [0, 0], [0, 0]]
    pure_only = iterated_elimination(game_of(A, B), mixed=False)
    assert pure_only.surviving[0] == (0, 1, 2)
    mixed = iterated_elimination(game_of(A, B), mixed=True)
    assert mixed.surviving[0] == (0, 2)
    (elimination,) = mixed.eliminated
    assert elimination.action == 1
    assert elimination.by == pytest.approx({0: 0.5, 2: 0.5})


def test_iterated_elimination_needs_several_rounds():
    # column's right is dominated; then row's bottom; then column's middle
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 1, -1], [3, 0, -1]]
    result = iterated_elimination(game_of(A, B))
    assert result.surviving == ((0,), (1,))
    assert max(e.round for e in result.eliminated) >= 2


def test_maxmin_matching_pennies_and_closed_form_2x2():
    mp = np.array([[1.0, -1.0], [-1.0, 1.0]])
    result = security_strategy(mp)
    assert result.value == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(result.strategy, [0.5, 0.5], atol=1e-9)
    # 2x2 without saddle point: x = (d - c) / (a - b - c + d), v = (ad - bc)/(a - b - c + d)
    a, b, c, d = 4.0, 1.0, 2.0, 3.0
    result = security_strategy(np.array([[a, b], [c, d]]))
    assert result.value == pytest.approx((a * d - b * c) / (a - b - c + d))
    assert result.strategy[0] == pytest.approx((d - c) / (a - b - c + d))


def test_maxmin_of_the_column_player_uses_its_own_payoffs():
    game = game_of([[0, 0], [0, 0]], [[2, 5], [3, 1]])
    _, col = sim.maxmin(game)
    # column guarantees max_y min_i: y solves 2y1+5y2 = 3y1+y2 -> y1 = 4/5, value 2.6
    assert col.value == pytest.approx(2.6)
    np.testing.assert_allclose(col.strategy, [0.8, 0.2], atol=1e-9)


def test_nfg_round_trip_and_gambit_order():
    scenario = sim.load_scenario("scenarios/inf_treaty.toml")
    game = sim.build_game(scenario)
    back = sim.from_nfg(sim.to_nfg(game, "INF"))
    np.testing.assert_array_equal(back.row_payoffs, game.row_payoffs)
    np.testing.assert_array_equal(back.col_payoffs, game.col_payoffs)
    assert back.actions == game.actions and back.players == game.players
    # Gambit's own example order: player 1 changes fastest
    text = 'NFG 1 R "x" { "P1" "P2" } { 2 2 }\n""\n1 2 3 4 5 6 7/2 8\n'
    read = sim.from_nfg(text)
    np.testing.assert_array_equal(read.row_payoffs, [[1, 5], [3, 3.5]])
    np.testing.assert_array_equal(read.col_payoffs, [[2, 6], [4, 8]])


def test_nfg_errors_are_user_errors():
    with pytest.raises(sim.ScenarioError):
        sim.from_nfg('NFG 1 R "x" { "a" "b" "c" } { 2 2 2 }\n1 2 3')


def test_nashpy_round_trip():
    game = game_of([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    back = Game.from_nashpy(game.to_nashpy())
    np.testing.assert_array_equal(back.row_payoffs, game.row_payoffs)
    np.testing.assert_array_equal(back.col_payoffs, game.col_payoffs)


def test_array_parameters_give_a_batch_of_games():
    scenario = sim.load_scenario("scenarios/inf_treaty.toml")
    detect = np.linspace(0, 1, 11)
    batch = sim.build_game(scenario, {"detect": detect})
    assert batch.batch_shape == (11,)
    for k, d in enumerate(detect):
        single = sim.build_game(scenario.with_parameters({"detect": d}))
        np.testing.assert_allclose(batch.row_payoffs[k], single.row_payoffs)
        np.testing.assert_allclose(batch.col_payoffs[k], single.col_payoffs)


def test_analyses_beyond_their_bounds_are_left_out_and_say_why():
    from sim import limits
    from sim.equilibria.correlated import (
        LP_BYTES_PER_NONZERO,
        correlated_lp_bytes,
        incentive_constraints,
    )
    from sim.equilibria.results import stage_from_dict
    from sim.report.stage import stage_markdown

    game = game_of([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with limits.raised(memory_bytes=correlated_lp_bytes(2, 2) - 1, qre_actions=3):
        analysis = sim.analyse_stage(game)
    assert analysis.correlated == {} and len(analysis.qre.precision) == 0
    assert "limit 'memory_bytes'" in analysis.not_computed["correlated"]
    assert "4 actions in all, more than the limit of 3" in analysis.not_computed["qre"]
    text = stage_markdown(analysis)
    assert "Correlated equilibria: not computed, because its linear programs" in text
    assert "The logit QRE path: not computed" in text and "QRE path (principal" not in text
    back = stage_from_dict(analysis.to_dict())
    assert back.to_dict() == analysis.to_dict() and back.qre.row.shape == (0, 2)
    full = sim.analyse_stage(game)  # within the bounds: both computed
    assert full.not_computed == {} and set(full.correlated) and len(full.qre.precision)
    # the estimate counts the constraint matrix's nonzeros, and the probability row
    rng = np.random.default_rng(0)
    nonzeros = incentive_constraints(rng.random((3, 4)), rng.random((3, 4))).nnz + 12
    assert correlated_lp_bytes(3, 4) == LP_BYTES_PER_NONZERO * nonzeros
