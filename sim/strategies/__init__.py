"""Strategies as finite automata, and the built-in library (a data file)."""
