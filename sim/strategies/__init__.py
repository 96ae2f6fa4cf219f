"""Strategies as finite automata (the model), and the built-in library as data (``library.toml``).

The automata are built from their descriptions by :mod:`sim.compile.automata` and
:mod:`sim.compile.library`.
"""
