"""Repeated-game equilibrium checks under a stated monitoring assumption.

One concept to a module:

- :mod:`~sim.repeated.terms`: one round of a profile under perfect, public or private
  monitoring (what each automaton reads);
- :mod:`~sim.repeated.perfection`: subgame perfection and perfect public equilibrium by
  one-shot deviations;
- :mod:`~sim.repeated.deviation`: the best deviation as a Markov decision problem;
- :mod:`~sim.repeated.nash`: Nash equilibrium of the profile;
- :mod:`~sim.repeated.intervals` and :mod:`~sim.repeated.sets`: the discount factors where
  a profile is an equilibrium, as unions of intervals;
- :mod:`~sim.repeated.exact`: rational arithmetic for near ties.
"""
