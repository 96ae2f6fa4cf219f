"""Iterated play: exact Markov-chain outcomes, Monte Carlo runs, repeated-game checks."""
