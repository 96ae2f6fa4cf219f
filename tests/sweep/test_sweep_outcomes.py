"""Stage-game outcomes of sweep chunks, against closed forms and a plain per-game check."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from sim.compile.check import load
from sim.sweep.evaluate import evaluate_chunk
from sim.sweep.stage_outcomes import first_best_per_group
from sim.sweep.task import ChunkTask

ROOT = Path(__file__).resolve().parents[2]
INF = load(ROOT / "scenarios" / "inf_treaty.toml")
STAGE = ("regime", "mutual_compliance", "n_equilibria", "equilibrium_payoffs")


def run_chunk(parameters, outcomes=STAGE, scenario=INF, start=0):
    size = len(next(iter(parameters.values())))
    task = ChunkTask(scenario, start, start + size, parameters, (), 3, outcomes)
    return evaluate_chunk(task).to_pandas()


def grid(**axes):
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    return {name: m.ravel() for name, m in zip(axes, mesh, strict=True)}


def test_mutual_compliance_closed_form():
    """(comply, comply) is an equilibrium of the INF stage game exactly when the expected
    sanction outweighs a covert violation's gain for both sides, detect * sanction >=
    covert_share * (advantage - build_cost), and the treaty is worth more than leaving to
    deploy, treaty_value >= advantage - build_cost - blame. At the scenario's values the
    binding side is Russia: detect * sanction >= 0.5 * 3.5 = 1.75."""
    points = grid(detect=np.linspace(0, 1, 21), sanction=np.linspace(0, 8, 33))
    table = run_chunk(points, ("mutual_compliance",))
    product = points["detect"] * points["sanction"]
    clear = np.abs(product - 1.75) > 1e-9
    assert np.array_equal(table["mutual_compliance"][clear], (product >= 1.75)[clear])
    assert table["mutual_compliance"][~clear].all()  # ties count as best responses
    assert list(table.columns) == ["point", "detect", "sanction", "seed", "mutual_compliance"]


def test_blame_below_threshold_breaks_mutual_compliance():
    points = grid(blame=np.array([0.0, 0.4, 0.5, 0.6, 2.0]), detect=np.array([1.0]))
    table = run_chunk(points, ("mutual_compliance",))
    # Russia: treaty_value 3 >= 4.5 - 1 - blame  <=>  blame >= 0.5
    assert table["mutual_compliance"].tolist() == [False, False, True, True, True]


def pure_equilibria_by_loops(A, B):
    m, n = A.shape
    out = []
    for i, j in itertools.product(range(m), range(n)):
        if (
            A[i, j] >= max(A[k, j] for k in range(m)) - 1e-9
            and B[i, j] >= max(B[i, k] for k in range(n)) - 1e-9
        ):
            out.append((i, j))
    return out


@pytest.mark.slow
def test_regime_and_equilibria_against_a_plain_per_game_check():
    rng = np.random.default_rng(5)
    points = {
        "detect": rng.uniform(0, 1, 150),
        "sanction": rng.uniform(0, 8, 150),
        "blame": rng.choice([0.0, 0.5, 1.0, 2.0], 150),
        "covert_share": rng.uniform(0, 1, 150),
    }
    table = run_chunk(points, start=1000)
    assert table["point"].tolist() == list(range(1000, 1150))
    actions = INF.model.actions.row
    for k in range(150):
        values = {**INF.parameters, **{name: v[k] for name, v in points.items()}}
        game = INF.with_parameters(values)
        from sim.compile.game import build_game

        g = build_game(game)
        A, B = np.asarray(g.row_payoffs), np.asarray(g.col_payoffs)
        pure = pure_equilibria_by_loops(A, B)
        label = " + ".join(f"{actions[i]}/{actions[j]}" for i, j in pure) or "none"
        row = table.iloc[k]
        assert row["regime"] == label
        assert row["regime_code"] == sum(1 << (4 * i + j) for i, j in pure)
        assert row["mutual_compliance"] == ((0, 0) in pure)
        assert row["n_equilibria"] >= len(pure) >= 1
        best_pure = max(A[i, j] + B[i, j] for i, j in pure)
        total = row["eq_row_payoff"] + row["eq_col_payoff"]
        assert total >= best_pure - 1e-9
        if row["eq_pure"]:
            matches = [(i, j) for i, j in pure if abs(A[i, j] + B[i, j] - total) < 1e-9]
            assert any(abs(A[i, j] - row["eq_row_payoff"]) < 1e-9 for i, j in matches)


@pytest.mark.slow
def test_equilibria_of_nondegenerate_points_agree_with_nashpy():
    """On games without ties, nashpy's vertex enumeration (its outputs verified and
    deduplicated, since it may return non-equilibria) finds the same equilibria."""
    import nashpy

    from sim.compile.game import build_game

    rng = np.random.default_rng(8)
    points = {
        "detect": rng.uniform(0.05, 0.95, 12),
        "sanction": rng.uniform(0.1, 8, 12),
        "covert_share": rng.uniform(0.05, 0.95, 12),
        "blame": rng.uniform(0.1, 2, 12),
    }
    table = run_chunk(points, ("n_equilibria", "equilibrium_payoffs"))
    checked = 0
    for k in range(12):
        if table["degenerate"][k]:
            continue
        g = build_game(INF, {name: v[k] for name, v in points.items()})
        found = verified_distinct(
            g.row_payoffs, g.col_payoffs, nashpy.Game(g.row_payoffs, g.col_payoffs)
        )
        assert table["n_equilibria"][k] == len(found)
        totals = [x @ (g.row_payoffs + g.col_payoffs) @ y for x, y in found]
        assert table["eq_row_payoff"][k] + table["eq_col_payoff"][k] == pytest.approx(
            max(totals), abs=1e-9
        )
        checked += 1
    assert checked >= 6


def verified_distinct(A, B, game):
    out = []
    for x, y in game.vertex_enumeration():
        regret_row = np.max(A @ y) - x @ A @ y
        regret_col = np.max(x @ B) - x @ B @ y
        fresh = all(not (np.allclose(x, u) and np.allclose(y, v)) for u, v in out)
        if max(regret_row, regret_col) < 1e-9 and fresh:
            out.append((x, y))
    return out


def test_first_best_per_group_takes_the_first_of_ties():
    group = np.array([0, 0, 0, 2, 2, 3])
    key = np.array([1.0, 5.0, 5.0, -1.0, -3.0, 7.0])
    assert first_best_per_group(group, key, 5).tolist() == [1, -1, 3, 5, -1]


def test_parameters_that_touch_no_payoff_still_give_one_row_per_point():
    scenario = INF
    table = run_chunk({"treaty_value": np.array([3.0, 3.0, 3.0])}, ("regime",), scenario)
    assert len(table) == 3 and table["regime"].nunique() == 1
