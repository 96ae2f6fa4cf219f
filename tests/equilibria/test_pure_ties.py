"""The compiled pure-tie check against sorting each column of A and each row of B."""

import numpy as np
import pytest

from sim.equilibria.pure_ties import no_pure_ties


def _sorted_check(A, B) -> bool:
    columns = np.sort(A, axis=0)
    rows = np.sort(B, axis=1)
    return bool((columns[1:] != columns[:-1]).all() and (rows[:, 1:] != rows[:, :-1]).all())


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (4, 1), (3, 5), (6, 6), (9, 2)])
def test_agrees_with_sorting_on_small_integer_games(shape):
    rng = np.random.default_rng(sum(shape))
    verdicts = set()
    for _ in range(200):
        A, B = rng.integers(0, 3 * max(shape) ** 2 + 2, (2, *shape)).astype(float)
        assert no_pure_ties(A, B) == _sorted_check(A, B)
        verdicts.add(_sorted_check(A, B))
    assert shape == (1, 1) or verdicts == {True, False}  # both answers were exercised


def test_a_tie_of_the_column_player_in_a_row_and_of_the_row_player_in_a_column():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert no_pure_ties(A, A.T.copy())
    assert not no_pure_ties(np.array([[1.0, 2.0], [1.0, 4.0]]), A.T.copy())  # column 0 of A
    assert not no_pure_ties(A, np.array([[5.0, 5.0], [1.0, 2.0]]))  # row 0 of B
    assert no_pure_ties(A, np.array([[5.0, 6.0], [5.0, 6.0]]))  # equal down a column of B
    assert no_pure_ties(A, np.array([[-0.0, 1.0], [2.0, 3.0]]))
    assert not no_pure_ties(A, np.array([[-0.0, 0.0], [2.0, 3.0]]))  # -0 equals 0
