"""Stage-game analyses: equilibria, dominance, Pareto optimality, maxmin values."""
