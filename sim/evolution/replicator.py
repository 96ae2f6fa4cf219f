"""Two-population replicator dynamics on a bimatrix (meta-)game.

With row shares ``x`` (over the row pool) and column shares ``y`` (over the column pool),

    dx_i/dt = x_i [(A y)_i - x'A y],        dy_j/dt = y_j [(x'B)_j - x'B y]

(Taylor 1979; Hofbauer and Sigmund 1998, ch. 10). Each simplex is invariant; the rest points
are the profiles where every strategy in use earns its population's mean. Integrated with
``scipy.integrate.solve_ivp``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.tolerance import INTEGRATION_ATOL, INTEGRATION_RTOL


@dataclass(frozen=True)
class Trajectory:
    """A path of the two populations' shares.

    Attributes
    ----------
    times
        Shape ``(T,)``.
    row, col
        Shapes ``(T, m)`` and ``(T, n)``: the shares at each time.
    """

    times: np.ndarray
    row: np.ndarray
    col: np.ndarray


def replicator_field(
    A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The velocity ``(dx/dt, dy/dt)`` of the two-population replicator dynamics at ``(x, y)``."""
    row_fitness = A @ y
    col_fitness = x @ B
    dx = x * (row_fitness - x @ row_fitness)
    dy = y * (col_fitness - col_fitness @ y)
    return dx, dy


def replicator_jacobian(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Jacobian of the replicator field in ``R^(m+n)`` at ``(x, y)``.

    With ``Fx_i = x_i ((Ay)_i - x'Ay)`` and ``Fy_j = y_j ((x'B)_j - x'By)``:
    ``dFx/dx = diag(Ay - x'Ay) - x (Ay)'``, ``dFx/dy = diag(x) (A - 1 (x'A))``,
    ``dFy/dy = diag(x'B - x'By) - y (x'B)'``, ``dFy/dx = diag(y) (B' - 1 (By)')``.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    row_fitness = A @ y
    col_fitness = x @ B
    row_mean = x @ row_fitness
    col_mean = col_fitness @ y
    dxdx = np.diag(row_fitness - row_mean) - np.outer(x, row_fitness)
    dxdy = x[:, None] * (A - (x @ A)[None, :])
    dydy = np.diag(col_fitness - col_mean) - np.outer(y, col_fitness)
    dydx = y[:, None] * (B.T - (B @ y)[None, :])
    return np.block([[dxdx, dxdy], [dydx, dydy]])


def tangent_basis(m: int, n: int) -> np.ndarray:
    """Orthonormal basis, shape ``(m + n, m + n - 2)``, of ``{(u, v): sum u = 0, sum v = 0}``."""
    blocks = []
    for size in (m, n):
        # Columns e_k - e_last, orthonormalised: a basis of the zero-sum vectors.
        raw = np.vstack([np.eye(size - 1), -np.ones((1, size - 1))])
        blocks.append(np.linalg.qr(raw)[0] if size > 1 else np.zeros((1, 0)))
    basis = np.zeros((m + n, m + n - 2))
    basis[:m, : m - 1] = blocks[0]
    basis[m:, m - 1 :] = blocks[1]
    return basis


def tangent_eigenvalues(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Eigenvalues of the Jacobian restricted to the product of the two simplices.

    The field is tangent to the affine hull of the simplices, so the Jacobian maps the
    zero-sum directions into themselves; with an orthonormal basis ``Q`` of those directions
    the restricted Jacobian is ``Q' J Q`` (``m + n - 2`` eigenvalues). At a pure profile
    ``(e_i, e_j)`` they are ``(A)_kj - A_ij`` for ``k != i`` and ``B_il - B_ij`` for
    ``l != j`` (Hofbauer and Sigmund 1998, ch. 10).
    """
    m, n = len(x), len(y)
    basis = tangent_basis(m, n)
    jacobian = replicator_jacobian(A, B, np.asarray(x, float), np.asarray(y, float))
    return np.linalg.eigvals(basis.T @ jacobian @ basis)


def replicator_trajectory(
    A: np.ndarray,
    B: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    t_max: float,
    points: int = 101,
    rtol: float = INTEGRATION_RTOL,
    atol: float = INTEGRATION_ATOL,
) -> Trajectory:
    """Integrate the replicator dynamics from ``(x0, y0)`` over ``[0, t_max]``.

    Uses ``solve_ivp`` (LSODA: the dynamics become stiff near the faces). Shares are
    clipped at zero and renormalised at the output times to remove round-off drift.

    Parameters
    ----------
    A, B
        Payoff tables, shape ``(m, n)``.
    x0, y0
        Starting shares of the row and the column pool (each summing to 1).
    t_max
        End time; time is measured in units of ``1 / payoff``.
    points
        Number of evenly spaced output times.
    """
    from scipy.integrate import solve_ivp

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m = A.shape[0]
    start = np.concatenate([np.asarray(x0, dtype=float), np.asarray(y0, dtype=float)])

    def field(_t: float, z: np.ndarray) -> np.ndarray:
        return np.concatenate(replicator_field(A, B, z[:m], z[m:]))

    def jacobian(_t: float, z: np.ndarray) -> np.ndarray:
        return replicator_jacobian(A, B, z[:m], z[m:])

    times = np.linspace(0.0, float(t_max), points)
    solution = solve_ivp(
        field,
        (0.0, float(t_max)),
        start,
        method="LSODA",
        t_eval=times,
        rtol=rtol,
        atol=atol,
        jac=jacobian,
    )
    if not solution.success:
        raise RuntimeError(f"replicator integration failed: {solution.message}")
    z = np.clip(solution.y.T, 0.0, None)
    row = z[:, :m] / z[:, :m].sum(axis=1, keepdims=True)
    col = z[:, m:] / z[:, m:].sum(axis=1, keepdims=True)
    return Trajectory(solution.t, row, col)
