"""Nash equilibria against closed forms, invariances, nashpy where it is right, edge cases."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from sim.equilibria.batch import nash_batch
from sim.equilibria.nash import nash_equilibria
from sim.equilibria.verify import is_equilibrium
from sim.errors import OptionError
from tests.conftest import SCENARIOS
from tests.equilibria.test_nash_bruteforce import assert_same_equilibria, brute_force


def profiles(result):
    return sorted(
        tuple(np.round(np.concatenate([x, y]), 9) + 0.0)
        for x, y in zip(result.row, result.col, strict=True)
    )


@pytest.mark.parametrize(("R", "T", "P", "S"), [(4, 3, 2, 0), (5, 3, 1, 0), (10, 7, 6, 1)])
def test_stag_hunt_mixed_equilibrium_closed_form(R, T, P, S):
    A = np.array([[R, S], [T, P]], float)
    result = nash_equilibria((A, A.T))
    p = (P - S) / ((R - T) + (P - S))
    assert len(result) == 3 and not result.degenerate
    mixed = [k for k in range(3) if 0 < result.row[k, 0] < 1]
    assert len(mixed) == 1
    np.testing.assert_allclose(result.row[mixed[0]], [p, 1 - p], atol=1e-12)
    np.testing.assert_allclose(result.col[mixed[0]], [p, 1 - p], atol=1e-12)


def test_battle_of_the_sexes():
    A = np.array([[2, 0], [0, 1]], float)
    B = np.array([[1, 0], [0, 2]], float)
    result = nash_equilibria((A, B), exact=True)
    expected = {
        ((1, 0), (1, 0)),
        ((0, 1), (0, 1)),
        ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
    }
    assert set(result.exact) == expected
    np.testing.assert_allclose(sorted(result.payoffs[:, 0]), [2 / 3, 1, 2])


def test_matching_pennies_and_rock_paper_scissors_need_full_support():
    pennies = np.array([[1, -1], [-1, 1]], float)
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], float)
    for A in (pennies, rps):
        result = nash_equilibria((A, -A))
        k = len(A)
        assert len(result) == 1 and not result.degenerate
        np.testing.assert_allclose(result.row[0], np.full(k, 1 / k), atol=1e-12)
        np.testing.assert_allclose(result.col[0], np.full(k, 1 / k), atol=1e-12)
        np.testing.assert_allclose(result.payoffs[0], [0, 0], atol=1e-12)


def test_coordination_game_has_an_equilibrium_for_every_support():
    A = np.eye(4)
    result = nash_equilibria((A, A))
    assert len(result) == 2**4 - 1
    full = [k for k in range(len(result)) if np.all(result.row[k] > 0)]
    np.testing.assert_allclose(result.row[full[0]], np.full(4, 0.25))


def inspection_payoffs(g, f, d, c, L):
    A = np.array([[-c, -c - (1 - d) * L], [0, -L]])
    B = np.array([[0, (1 - d) * g - d * f], [0, g]])
    return A, B


def test_inspection_game_closed_form_kilgour_brams():
    A, B = inspection_payoffs(g=1, f=4, d=0.8, c=1, L=10)
    result = nash_equilibria((A, B))
    assert len(result) == 1
    np.testing.assert_allclose(result.row[0], [1 / 4, 3 / 4], atol=1e-12)
    np.testing.assert_allclose(result.col[0], [7 / 8, 1 / 8], atol=1e-12)
    exact = nash_equilibria(([[-1, -3], [0, -10]], [[0, Fraction(-3)], [0, 1]]), exact=True).exact
    assert exact == (((Fraction(1, 4), Fraction(3, 4)), (Fraction(7, 8), Fraction(1, 8))),)


@pytest.mark.parametrize(("g", "f", "d", "c", "L"), [(1, 4, 0.8, 1, 10), (2, 3, 0.5, 1, 20)])
def test_inspection_scenario_closed_form(g, f, d, c, L):
    import sim

    scenario = sim.load_scenario(
        SCENARIOS / "inspection.toml", {"g": g, "f": f, "d": d, "c": c, "L": L}
    )
    result = nash_equilibria(sim.build_game(scenario))
    np.testing.assert_allclose(result.row[0, 0], g / (d * (g + f)), atol=1e-12)
    np.testing.assert_allclose(result.col[0, 1], c / (d * L), atol=1e-12)
    exact = nash_equilibria(sim.build_game(scenario), exact=True).exact
    d = Fraction(str(d))
    assert exact[0][0][0] == g / (d * (g + f))
    assert exact[0][1][1] == c / (d * L)


def test_exact_mode_reads_floats_as_the_fractions_they_round():
    from sim.equilibria.exact import to_fraction

    assert to_fraction(0.1) == Fraction(1, 10)
    assert -1 - (1 - 0.8) * 10 != -3
    assert to_fraction(-1 - (1 - 0.8) * 10) == -3
    assert to_fraction(1 / 3) == Fraction(1, 3)
    assert to_fraction(np.pi) == Fraction(np.pi)  # no simple fraction near: exact binary value
    assert to_fraction(np.int64(7)) == 7
    assert to_fraction(5e-324) == Fraction(5e-324) > 0  # within 4 units of 0, but not 0
    assert to_fraction(-2e-323) == Fraction(-2e-323) < 0


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("unit", [5e-324, 1.5e-323, 1e-310, 1e-300])
def test_subnormal_payoffs_are_not_read_as_zero(unit, exact):
    """Matching pennies with payoffs down to one subnormal unit: one mixed equilibrium, not the
    all-zero game's four pure profiles."""
    A = np.array([[unit, 0.0], [0.0, unit]])
    B = np.array([[0.0, unit], [unit, 0.0]])
    found = nash_equilibria((A, B), exact=exact)
    assert len(found) == 1 and not found.degenerate
    np.testing.assert_array_equal(found.row, [[0.5, 0.5]])
    np.testing.assert_array_equal(found.col, [[0.5, 0.5]])


@pytest.mark.parametrize(
    "transform", [lambda M: M * 1e6, lambda M: M * 1e-6, lambda M: M + 1e4, lambda M: 3 * M - 7]
)
def test_positive_affine_changes_leave_equilibria_unchanged(transform):
    rng = np.random.default_rng(11)
    for _ in range(20):
        A = rng.integers(0, 4, (4, 4)).astype(float)
        B = rng.integers(0, 4, (4, 4)).astype(float)
        base = nash_equilibria((A, B))
        assert profiles(nash_equilibria((transform(A), B))) == profiles(base)
        changed = nash_equilibria((A, transform(B)))
        assert profiles(changed) == profiles(base)
        assert changed.degenerate == base.degenerate


def test_large_integer_payoffs_keep_all_equilibria():
    rng = np.random.default_rng(3)
    A = rng.integers(0, 10**6, (4, 4)).astype(float)
    B = rng.integers(0, 10**6, (4, 4)).astype(float)
    big, small = nash_equilibria((A, B)), nash_equilibria((A / 1e6, B / 1e6))
    assert profiles(big) == profiles(small)
    expected, _ = brute_force(A.astype(int), B.astype(int))
    assert_same_equilibria(big.row, big.col, expected)


@pytest.mark.parametrize("size", [2, 3])
def test_agrees_with_nashpy_on_nondegenerate_games(size):
    rng = np.random.default_rng(5)
    agree = 0
    for _ in range(30):
        A, B = rng.standard_normal((2, size, size))
        ours = nash_equilibria((A, B))
        theirs = nash_equilibria((A, B), method="nashpy")
        assert not ours.degenerate
        assert set(profiles(theirs)) <= set(profiles(ours))
        agree += profiles(ours) == profiles(theirs)
        assert theirs.method == "nashpy"
    # nashpy misses equilibria in some 3x3 games (7 of these 30); what it finds, we find
    assert agree == 30 if size == 2 else agree >= 20


def test_all_zero_game_every_profile_one_component():
    zero = np.zeros((3, 4))
    result = nash_equilibria((zero, zero))
    assert result.degenerate
    assert len(result) == 12
    assert result.components == [list(range(12))]
    assert sorted(map(tuple, np.argmax(result.row, 1)[:, None].tolist())) == sorted(
        [(i,) for i in range(3) for _ in range(4)]
    )


def test_continuum_of_equilibria_component_and_its_convex_combinations():
    # von Stengel (2002), Handbook of Game Theory 3, ch. 45, degenerate example (fig. 3.3).
    A = np.array([[3, 3], [2, 5], [0, 6]], float)
    B = np.array([[3, 3], [2, 6], [3, 1]], float)
    result = nash_equilibria((A, B))
    expected, degenerate = brute_force(A.astype(int), B.astype(int))
    assert result.degenerate and degenerate
    assert_same_equilibria(result.row, result.col, expected)
    sizes = sorted(len(c) for c in result.components)
    assert sizes[-1] >= 2
    rng = np.random.default_rng(0)
    for component in result.components:
        for _ in range(5):
            w = rng.dirichlet(np.ones(len(component)))
            v = rng.dirichlet(np.ones(len(component)))
            x = w @ result.row[component]
            y = v @ result.col[component]
            assert is_equilibrium(A, B, x, y)


def test_components_are_maximal_products_on_random_degenerate_games():
    rng = np.random.default_rng(2)
    for _ in range(40):
        A, B = rng.integers(0, 2, (2, 3, 3)).astype(float)
        result = nash_equilibria((A, B))
        covered = sorted({k for c in result.components for k in c})
        assert covered == list(range(len(result)))
        for component in result.components:
            rows = result.row[component]
            cols = result.col[component]
            # every row strategy of the subset with every column strategy is an equilibrium
            assert is_equilibrium(A, B, rows[:, None, :], cols[None, :, :]).all()
        if not result.degenerate:
            assert result.components == [[k] for k in range(len(result))]


def test_verify_rejects_a_profile_that_is_not_an_equilibrium():
    A = np.array([[4, 0], [3, 2]], float)
    result = nash_equilibria((A, A.T))
    assert result.verify().all()
    assert not is_equilibrium(A, A.T, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert not is_equilibrium(A, A.T, np.array([0.9, 0.2]), np.array([1.0, 0.0]))


def test_eight_by_eight_games():
    rng = np.random.default_rng(8)
    A, B = rng.standard_normal((2, 3, 8, 8))
    result = nash_batch(A, B)
    counts = result.counts()
    assert np.all(counts % 2 == 1)  # nondegenerate games have an odd number (Shapley 1974)
    assert is_equilibrium(A[result.game_index], B[result.game_index], result.row, result.col).all()
    from sim.equilibria.pure import pure_equilibrium_mask

    pure = pure_equilibrium_mask(A, B).sum(axis=(1, 2))
    found_pure = np.bincount(
        result.game_index[(result.row.max(1) == 1) & (result.col.max(1) == 1)], minlength=3
    )
    np.testing.assert_array_equal(pure, found_pure)


def test_batch_chunking_does_not_change_the_result():
    rng = np.random.default_rng(4)
    A, B = rng.integers(0, 3, (2, 50, 3, 4)).astype(float)
    whole, pieces = nash_batch(A, B), nash_batch(A, B, chunk_size=3)
    for name in ("game_index", "row", "col", "payoffs", "degenerate", "row_vertex"):
        np.testing.assert_array_equal(getattr(whole, name), getattr(pieces, name))
    single = nash_equilibria((A[17], B[17]))
    np.testing.assert_array_equal(single.row, whole.row[whole.game_index == 17])


def test_game_object_and_errors():
    import sim

    game = sim.build_game(sim.load_scenario(SCENARIOS / "stag_hunt.toml"))
    assert len(sim.nash_equilibria(game)) == 3
    with pytest.raises(OptionError):
        nash_equilibria(game, method="lemke")
    with pytest.raises(OptionError):
        nash_equilibria(game, method="nashpy", exact=True)
    with pytest.raises(ValueError):
        nash_batch(np.zeros((2, 2)), np.zeros((3, 2)))


def test_nashpy_misses_equilibria_of_degenerate_games_that_we_find():
    A = np.array([[3, 3], [2, 5], [0, 6]], float)
    B = np.array([[3, 3], [2, 6], [3, 1]], float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = nash_equilibria((A, B), method="nashpy")
    assert len(theirs) < len(nash_equilibria((A, B)))


@pytest.mark.slow
@pytest.mark.parametrize("high", [None, 1, 3])
def test_compiled_and_numpy_kernels_agree(high):
    rng = np.random.default_rng(12)
    shape = (2, 300, 3, 4)
    A, B = (
        rng.standard_normal(shape)
        if high is None
        else rng.integers(0, high + 1, shape).astype(float)
    )
    compiled = nash_batch(A, B, kernel="numba")
    vectorised = nash_batch(A, B, kernel="numpy")
    for name in (
        "game_index",
        "degenerate",
        "row_vertex",
        "col_vertex",
        "row_labels",
        "col_labels",
    ):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(vectorised, name))
    np.testing.assert_allclose(compiled.row, vectorised.row, atol=1e-12)
    np.testing.assert_allclose(compiled.col, vectorised.col, atol=1e-12)
    with pytest.raises(ValueError):
        nash_batch(A, B, kernel="fortran")


@pytest.mark.slow
def test_import_sim_does_no_work_and_one_game_needs_no_numba():
    import subprocess
    import sys

    code = (
        "import sys, sim; assert 'numpy' not in sys.modules; "
        "r = sim.nash_equilibria(([[4, 0], [3, 2]], [[4, 3], [0, 2]])); "
        "assert len(r) == 3; assert 'numba' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("A", "B", "message"),
    [
        (
            [[float("nan"), 1.0], [0.0, 1.0]],
            np.eye(2),
            "row payoffs must be finite numbers, found nan",
        ),
        (
            np.eye(2),
            [[1.0, float("-inf")], [0.0, 1.0]],
            "column payoffs must be finite numbers, found -inf",
        ),
        (
            [[Fraction(10**400), Fraction(0)], [Fraction(0), Fraction(1)]],
            np.eye(2),
            "beyond the float range",
        ),
    ],
)
@pytest.mark.parametrize("exact", [False, True])
def test_payoffs_that_are_not_finite_floats_get_a_clear_error(A, B, message, exact):
    with pytest.raises(ValueError, match=message):
        nash_equilibria((A, B), exact=exact)
