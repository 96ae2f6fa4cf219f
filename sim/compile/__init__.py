"""The compile step: a parsed scenario plus parameter values to the model objects.

:mod:`sim.scenario` reads and validates the file format; this package turns it into the
stage game (:mod:`~sim.compile.game`), the iterated model with its treaty dynamics and
monitoring (:mod:`~sim.compile.model`), the automata (:mod:`~sim.compile.automata`,
:mod:`~sim.compile.library`, :mod:`~sim.compile.strategies`), the horizon
(:mod:`~sim.compile.horizon`) and every default (:mod:`~sim.compile.defaults`), with the
value checks written once (:mod:`~sim.compile.values`). :func:`sim.compile.check.load` is
parse + compile.
"""
