"""Grid posterior and marginal likelihood against closed forms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import special

from sim.infer.grid import grid_posterior


@dataclass(frozen=True)
class Binomial:
    """log L(p) = k log p + (n - k) log(1 - p): Z = B(k + 1, n - k + 1) under U(0, 1)."""

    k: int
    n: int
    names: tuple[str, ...] = ("p",)

    def __call__(self, points):
        p = points[:, 0]
        with np.errstate(divide="ignore"):
            return special.xlogy(self.k, p) + special.xlog1py(self.n - self.k, -p)


@pytest.mark.slow
@pytest.mark.parametrize(("k", "n"), [(3, 10), (0, 5), (17, 40)])
def test_evidence_and_moments_match_the_beta_posterior(k, n):
    grid = grid_posterior(Binomial(k, n), {"p": (0.0, 1.0)}, nodes=801)
    exact = special.betaln(k + 1, n - k + 1)
    assert abs(grid.log_evidence - exact) <= max(3 * grid.log_evidence_error, 1e-9)
    assert grid.log_evidence_error < 1e-3
    summary = grid.summary("p")
    a, b = k + 1, n - k + 1
    assert summary["mean"] == pytest.approx(a / (a + b), abs=1e-5)
    assert summary["sd"] == pytest.approx(np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))), abs=1e-4)
    from scipy import stats

    low, high = summary["ci95"]
    assert low == pytest.approx(stats.beta.ppf(0.025, a, b), abs=2e-3)
    assert high == pytest.approx(stats.beta.ppf(0.975, a, b), abs=2e-3)


def test_error_estimate_bounds_the_true_error_on_a_coarse_grid():
    model = Binomial(4, 12)
    exact = special.betaln(5, 9)
    grid = grid_posterior(model, {"p": (0.0, 1.0)}, nodes=17)
    assert abs(grid.log_evidence - exact) <= 2 * grid.log_evidence_error


@dataclass(frozen=True)
class Impossible:
    names: tuple[str, ...] = ("p",)

    def __call__(self, points):
        return np.full(len(points), -np.inf)


def test_an_impossible_record_has_no_posterior():
    grid = grid_posterior(Impossible(), {"p": (0.0, 1.0)}, nodes=5)
    assert not grid.possible and grid.to_dict()["log_evidence"] is None
