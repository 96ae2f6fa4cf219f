"""All vertices of a best-response polytope in exact integer arithmetic, by a search over
its feasible bases.

The search of :mod:`sim.equilibria.vertex_search` done exactly: for positive integer
payoffs ``N`` (``d x e``) the polytope is ``P = {x >= 0 : N^T x <= 1}``, each feasible basis
a vertex (several bases per vertex where ``P`` is not simple), and a depth-first search from
the all-slack basis along simplex pivots visits every feasible basis (the graph of feasible
bases is connected; Balinski 1961, Dyer 1983, as used by Avis and Fukuda's reverse search,
1992). The dictionary is held in integers with a common denominator, the determinant of the
basis, as lrs does (Avis 2000, "lrs: a revised implementation of the reverse search vertex
enumeration algorithm"; Edmonds 1967 for the integer pivot): pivoting on ``(r, c)`` with
``p = T[r][c]`` and denominator ``det``,

    T'[i][k] = (T[i][k] p - T[i][c] T[r][k]) / det   (i != r, k != c; the division is exact),
    T'[i][c] = -T[i][c],   T'[r][c] = det,   det' = p,

so every decision (ratio test, ties, tight constraints) is exact and the way back up the
search tree is the same pivot again, with nothing to refresh. It touches only feasible
bases, where :func:`sim.equilibria.exact.exact_vertices` used to solve every one of the
``C(d + e, d)`` bases.
"""

from __future__ import annotations

from fractions import Fraction


class SearchCutShort(Exception):
    """The search passed its bound on feasible bases before it visited them all."""


def exact_vertices_search(
    N: list[list[int]], max_bases: int | None = None
) -> dict[int, tuple[Fraction, ...]]:
    """Every vertex of ``{x >= 0, N^T x <= 1}`` (``N`` positive integers) other than 0,
    keyed by label mask (bit ``i``: ``x_i = 0``; bit ``d + j``: column ``j`` tight) and
    sorted by it. Raises :class:`SearchCutShort` once more than ``max_bases`` feasible
    bases are seen (no bound if None)."""
    d = len(N)
    state = _Dictionary(N)
    visited = {state.mask}
    vertices: dict[int, tuple[Fraction, ...]] = {}
    stack: list[tuple[int, int]] = []
    column, row = 0, -1
    while True:
        if row == -1 and column == 0:  # arrived at a new basis
            label, point = state.vertex()
            if label != (1 << d) - 1 and label not in vertices:
                vertices[label] = point
        moved = False
        while column < d:
            row = state.next_move(column, row)
            if row < 0:
                column += 1
                continue
            neighbour = state.mask ^ (1 << state.nonbasic[column]) ^ (1 << state.basic[row])
            if neighbour not in visited:
                visited.add(neighbour)
                if max_bases is not None and len(visited) > max_bases:
                    raise SearchCutShort(f"more than {max_bases} feasible bases")
                moved = True
                break
        if moved:
            stack.append((column, row))
            state.pivot(row, column)
            column, row = 0, -1
            continue
        if not stack:
            break
        column, row = stack.pop()
        state.pivot(row, column)
    return dict(sorted(vertices.items()))


class _Dictionary:
    """The integer dictionary of one basis: row ``r`` reads
    ``det basic[r] + sum_k T[r][k] nonbasic[k] = T[r][d]``."""

    def __init__(self, N: list[list[int]]) -> None:
        d, e = len(N), len(N[0])
        self.d = d
        self.T = [[N[i][j] for i in range(d)] + [1] for j in range(e)]
        self.det = 1
        self.basic = list(range(d, d + e))
        self.nonbasic = list(range(d))
        self.mask = ((1 << e) - 1) << d

    def next_move(self, column: int, after: int) -> int:
        """The first row after ``after`` that wins the exact ratio test of ``column`` (every
        tied row is a move); -1 if none."""
        T, d = self.T, self.d
        first = -1
        for r, values in enumerate(T):
            a = values[column]
            if a > 0 and (first < 0 or values[d] * T[first][column] < T[first][d] * a):
                first = r
        if first < 0:
            return -1
        top, bottom = T[first][d], T[first][column]
        for r in range(after + 1, len(T)):
            a = T[r][column]
            if a > 0 and T[r][d] * bottom == top * a:
                return r
        return -1

    def pivot(self, row: int, column: int) -> None:
        """Exchange ``basic[row]`` and ``nonbasic[column]`` (its own inverse)."""
        T, det = self.T, self.det
        head = T[row]
        p = head[column]
        for i, values in enumerate(T):
            if i == row:
                continue
            factor = values[column]
            if factor:
                T[i] = [(v * p - factor * h) // det for v, h in zip(values, head, strict=True)]
            else:
                T[i] = [v * p // det for v in values]
            T[i][column] = -factor
        head[column] = det
        self.det = p
        self.mask ^= (1 << self.nonbasic[column]) ^ (1 << self.basic[row])
        self.basic[row], self.nonbasic[column] = self.nonbasic[column], self.basic[row]

    def vertex(self) -> tuple[int, tuple[Fraction, ...]]:
        """Label mask and point of the current basis."""
        d = self.d
        label = ((1 << (d + len(self.T))) - 1) ^ self.mask
        point = [Fraction(0)] * d
        for r, values in enumerate(self.T):
            if values[d] == 0:
                label |= 1 << self.basic[r]
            elif self.basic[r] < d:
                point[self.basic[r]] = Fraction(values[d], self.det)
        return label, tuple(point)
