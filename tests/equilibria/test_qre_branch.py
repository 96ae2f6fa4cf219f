"""Logit QRE principal branch: closed forms, a turning point, a bifurcation, the limit;
against Gambit's logit solver where pygambit is installed."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from scipy.optimize import brentq

from sim.equilibria.nash import nash_equilibria
from sim.equilibria.qre import logit_qre, qre_path

CHICKEN = np.array([[6.0, 2.0], [7.0, 0.0]])  # swerve / straight, symmetric: B = A^T
TURNING = (  # a 3x3 game whose principal branch goes from lambda ~7 back to ~1.5
    np.array([[1.0, -6.0, 5.0], [6.0, 6.0, -5.0], [-1.0, 6.0, 6.0]]),
    np.array([[-9.0, 3.0, -8.0], [3.0, -8.0, 2.0], [8.0, -2.0, 6.0]]),
)


def softmax(u):
    e = np.exp(u - u.max())
    return e / e.sum()


def logistic(u):
    return 1.0 / (1.0 + np.exp(-u))


def test_closed_form_when_the_column_player_is_indifferent():
    # B constant: y stays uniform, so x = softmax(lambda A y) in closed form at every lambda
    A = np.array([[3.0, -1.0], [0.0, 1.0]])
    B = np.ones((2, 2))
    for lam in (0.3, 2.0, 20.0):
        q = logit_qre((A, B), lam)
        np.testing.assert_allclose(q.col, [0.5, 0.5], atol=1e-12)
        np.testing.assert_allclose(q.row[0], logistic(lam * (1.0 - 0.5)), atol=1e-10)


def test_symmetric_chicken_bifurcation_is_reported_and_passed():
    # symmetric branch: p = logistic(lambda (2 - 3 p)); the antisymmetric direction becomes
    # unstable where 3 lambda p (1 - p) = 1 (the Jacobian of the 2-player map there)
    def symmetric(lam):
        return brentq(lambda p: p - logistic(lam * (2.0 - 3.0 * p)), 0.0, 1.0)

    star = brentq(lambda lam: 3 * lam * symmetric(lam) * (1 - symmetric(lam)) - 1, 0.5, 5.0)
    path = qre_path((CHICKEN, CHICKEN.T))
    bifurcations = [e for e in path.events if e.kind == "bifurcation"]
    assert len(bifurcations) == 1
    low, high = bifurcations[0].precision
    assert low < star < high and bifurcations[0].passed == "perturbation"
    before = path.precision < low
    np.testing.assert_allclose(path.row[before], path.col[before], atol=1e-10)
    for lam, p in zip(path.precision[before][::5], path.row[before][::5, 0], strict=True):
        assert p == pytest.approx(symmetric(lam), abs=1e-9)
    # past it the path is on an asymmetric branch of the game itself, ending at a pure one
    after = path.precision > high
    lam, x, y = path.precision[after], path.row[after], path.col[after]
    for k in range(0, len(lam), 9):
        np.testing.assert_allclose(x[k], softmax(lam[k] * CHICKEN @ y[k]), atol=1e-9)
        np.testing.assert_allclose(y[k], softmax(lam[k] * x[k] @ CHICKEN.T), atol=1e-9)
    ends = {(tuple(path.row[-1].round(6)), tuple(path.col[-1].round(6)))}
    assert ends <= {((1.0, 0.0), (0.0, 1.0)), ((0.0, 1.0), (1.0, 0.0))}
    assert path.limit["equilibrium"] is not None


def test_turning_point_where_lambda_goes_back():
    A, B = TURNING
    path = qre_path(TURNING)
    turns = [e for e in path.events if e.kind == "turning_point"]
    assert [t.passed for t in turns] == ["smooth", "smooth"]
    high, low = turns[0].precision[0], turns[1].precision[0]
    assert 6.5 < high < 7.5 and 1.2 < low < 1.8
    # the branch crosses lambda = 4 three times: three distinct QREs there, each a fixed point
    lam = path.precision
    crossings = np.flatnonzero(np.sign(lam[1:] - 4.0) != np.sign(lam[:-1] - 4.0))
    assert len(crossings) == 3
    points = []
    for k in crossings:
        t = (4.0 - lam[k]) / (lam[k + 1] - lam[k])
        points.append((1 - t) * path.row[k] + t * path.row[k + 1])
    assert min(np.abs(a - b).max() for a in points for b in points if a is not b) > 0.05
    # the end is a Nash equilibrium of the exact enumeration
    every = nash_equilibria(TURNING)
    assert path.limit["equilibrium"] is not None
    np.testing.assert_allclose(every.row[path.limit["equilibrium"]], [0.0, 1.0, 0.0])


def test_stag_hunt_limit_is_the_risk_dominant_equilibrium():
    # stag hunt (R=4, S=0, T=3, P=2): (hare, hare) risk-dominates, (stag, stag) payoff-dominates;
    # the logit tracing procedure selects the risk-dominant one in 2x2 games (Turocy 2005)
    A = np.array([[4.0, 0.0], [3.0, 2.0]])
    path = qre_path((A, A.T))
    np.testing.assert_allclose(path.row[-1], [0.0, 1.0], atol=1e-9)
    np.testing.assert_allclose(path.col[-1], [0.0, 1.0], atol=1e-9)
    assert path.events == ()


def test_generic_random_games_have_no_bifurcation():
    rng = np.random.default_rng(4)
    for _ in range(10):
        path = qre_path(tuple(rng.standard_normal((2, 3, 3))))
        assert not [e for e in path.events if e.kind == "bifurcation"]
        assert path.limit["equilibrium"] is not None


def _gambit_run(A, B):
    gbt = pytest.importorskip("pygambit")
    make = getattr(gbt, "StrategicGame", gbt.Game).from_arrays
    game = make(A.astype(int), B.astype(int))
    events = []
    try:
        result = gbt.nash.logit_solve(game, event_callback=events.append)
        profile = ast.literal_eval(str(result.equilibrium))
    except (TypeError, AttributeError, ValueError, SyntaxError):
        pytest.skip("this pygambit has another logit interface")
    limit = [[profile[p][s] for s in sorted(profile[p], key=int)] for p in sorted(profile, key=int)]
    lams = [
        float(e.qre.lam)
        for e in events
        if hasattr(e, "qre") and type(e).__name__ == "LogitPathEvent"
    ]
    return result, np.array(limit[0]), np.array(limit[1]), np.array(lams)


@pytest.mark.slow
def test_against_gambit_on_the_turning_point_game():
    A, B = TURNING
    _, x, y, lams = _gambit_run(A, B)
    path = qre_path(TURNING)
    np.testing.assert_allclose(path.row[-1], x, atol=1e-6)
    np.testing.assert_allclose(path.col[-1], y, atol=1e-6)
    # Gambit's path turns back too, between the same lambdas (to its step size)
    top = int(np.argmax(lams[: np.argmax(np.diff(lams) < 0) + 1]))
    bottom = top + int(np.argmin(lams[top : top + np.argmax(np.diff(lams[top:]) > 0) + 1]))
    turns = [e.precision[0] for e in path.events if e.kind == "turning_point"]
    assert lams[top] == pytest.approx(turns[0], rel=0.02)
    assert lams[bottom] == pytest.approx(turns[1], rel=0.05)


def test_against_gambit_on_symmetric_chicken():
    result, x, y, _ = _gambit_run(CHICKEN, CHICKEN.T)
    path = qre_path((CHICKEN, CHICKEN.T))
    ours = next(e for e in path.events if e.kind == "bifurcation").precision
    theirs = [(float(b.before.lam), float(b.after.lam)) for b in result.bifurcations]
    assert len(theirs) == 1
    assert max(ours[0], theirs[0][0]) < min(ours[1], theirs[0][1])  # the brackets overlap
    # both end at an asymmetric pure equilibrium (Gambit's perturbation picks one of the two)
    for row, col in ((path.row[-1], path.col[-1]), (x, y)):
        assert {tuple(np.round(row, 6)), tuple(np.round(col, 6))} == {(1.0, 0.0), (0.0, 1.0)}


@pytest.mark.slow
@pytest.mark.parametrize("n", [20, 50])
def test_a_large_coordination_game_passes_its_first_bifurcation(n):
    """n x n coordination (the identity for both): the uniform centre bifurcates at once,
    where the corrector cannot start the perturbed copy from the last point; the branch
    is then followed on the perturbed copy from lambda = 0 and ends near a pure
    coordination equilibrium, which every Nash equilibrium of full support is not."""
    A = np.eye(n)
    path = qre_path((A, A))
    assert path.events and path.events[0].kind == "bifurcation"
    assert path.limit is not None and path.limit["distance"] <= 1e-3
    row, col = path.row[-1], path.col[-1]
    assert row.max() > 0.99 and col.max() > 0.99 and row.argmax() == col.argmax()
