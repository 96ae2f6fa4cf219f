"""The limit of a QRE path when the game's list of equilibria was cut short."""

from types import SimpleNamespace

import numpy as np
import pytest

from sim.equilibria.qre_limit import path_limit

COORDINATION = np.eye(3)
END = (np.array([0.998, 0.001, 0.001]), np.array([0.997, 0.002, 0.001]))


def _listing(row, col, complete):
    return SimpleNamespace(row=np.array(row), col=np.array(col), complete=complete)


def test_a_listed_equilibrium_is_named_by_its_index():
    listing = _listing([[0, 1, 0], [1, 0, 0]], [[0, 1, 0], [1, 0, 0]], complete=True)
    limit = path_limit(COORDINATION, COORDINATION, *END, listing, 50.0)
    assert limit["equilibrium"] == 1
    assert limit["distance"] == pytest.approx(0.003)
    assert "row" not in limit


def test_a_list_cut_short_is_completed_on_the_support_of_the_path_end():
    listing = _listing([[0, 1, 0]], [[0, 1, 0]], complete=False)  # lacks (0, 0)
    limit = path_limit(COORDINATION, COORDINATION, *END, listing, 50.0)
    assert limit["equilibrium"] is None
    assert limit["row"] == [1.0, 0.0, 0.0] and limit["col"] == [1.0, 0.0, 0.0]
    assert limit["distance"] == pytest.approx(0.003)


def test_a_complete_list_is_not_completed():
    listing = _listing([[0, 1, 0]], [[0, 1, 0]], complete=True)
    limit = path_limit(COORDINATION, COORDINATION, *END, listing, 50.0)
    assert limit["equilibrium"] is None and "row" not in limit
    assert limit["distance"] == pytest.approx(0.999)  # the column player's 0.001 vs 1


def test_a_support_profile_that_is_no_equilibrium_of_the_whole_game_is_not_taken():
    A = np.array([[1.0, 0.0], [2.0, 0.0]])  # row 1 dominates row 0
    B = np.array([[1.0, 0.0], [1.0, 0.0]])
    end = (np.array([0.999, 0.001]), np.array([0.999, 0.001]))
    limit = path_limit(A, B, *end, _listing(np.empty((0, 2)), np.empty((0, 2)), False), 50.0)
    assert limit["distance"] is None and "row" not in limit
