"""Analyses built on the equilibria, play and evolution layers: a scenario's full report."""
