"""The partner of one vertex settled in integers, where floating point met a near tie.

For a simple vertex ``x`` of ``P`` with support ``S`` and tight columns ``T`` (``|S| = |T|``),
the only candidate partner is the ``y`` of ``Q = {y >= 0 : N y <= 1}`` with the
complementary labels: ``y_j = 0`` off ``T`` and ``(N y)_i = 1`` on ``S`` (von Stengel 2002,
Handbook of Game Theory vol. 3, ch. 45, section 3), ``N`` the opponent's payoffs as
positive integers. It is solved exactly
(:func:`sim.equilibria.certificate.square_solve`, ``y = numerators / det``), and the
vertex is an equilibrium's when ``y_T > 0`` and ``(N y)_i < 1`` off ``S``; not one when
some inequality fails strictly; and the game is degenerate there when the system is
singular or an inequality holds with equality (then ``x`` may share ``y`` with other
vertices, which the search of one polytope does not see).

On the transposed payoffs the same test decides whether a basis of ``P`` itself is a
feasible, simple vertex: ``x`` is the point of ``{x >= 0 : N^T x <= 1}`` with ``x_i = 0`` off
``S`` and ``(N^T x)_j = 1`` on ``T``.
"""

from __future__ import annotations

NOT_EQUILIBRIUM, EQUILIBRIUM, DEGENERATE = 0, 1, -1


def exact_partner(N: list[list[int]], support: list[int], tight: list[int]):
    """``(verdict, weights)``: ``weights`` (length ``e``, integers proportional to ``y``) on
    ``EQUILIBRIUM``, else None. ``N`` (``d x e``) holds the opponent's positive integer
    payoffs with rows the vertex's own actions."""
    from sim.equilibria.certificate import square_solve

    solved = square_solve([[N[i][j] for i in support] for j in tight], list(range(len(support))))
    if solved is None:
        return DEGENERATE, None
    numerators, det = solved
    tie = 0 in numerators
    if min(numerators) < 0:
        return NOT_EQUILIBRIUM, None
    chosen = set(support)
    for i, row in enumerate(N):
        if i in chosen:
            continue
        value = sum(weight * row[j] for weight, j in zip(numerators, tight, strict=True))
        if value > det:
            return NOT_EQUILIBRIUM, None
        tie = tie or value == det
    if tie:
        return DEGENERATE, None
    weights = [0] * len(N[0])
    for weight, j in zip(numerators, tight, strict=True):
        weights[j] = weight
    return EQUILIBRIUM, weights
