"""Iterated play: exact Markov-chain outcomes, Monte Carlo runs, repeated-game checks.

The calls, in the order one uses them:

- ``build.play_setup(scenario, parameters=None, *, row=None, col=None, rounds=None)``
  -> ``PlaySetup(model, row, col, rounds, runs, seed, parameters)``; ``build.build_model``
  and ``build.build_strategy(scenario, choice, side, model, parameters)`` separately.
  Parameters may be arrays: the model and the strategies then carry batch axes.
- ``exact.exact_outcomes(model, row, col, rounds)`` -> ``ExactOutcomes`` (payoffs
  ``batch+(2,)``, survival ``batch+(T,)``, ended_by ``batch+(2,)``, per-round action and
  treaty-state distributions), vectorised over the batch.
- ``exact.match_payoffs(model, row, col, rounds)`` -> ``batch+(2,)``: payoffs only, cheap.
- ``montecarlo.simulate(model, row, col, rounds, runs, seed, trajectories=False)``
  -> ``MonteCarloResult`` (one model point, all runs at once).
- ``checks.check_subgame_perfect(model, row, col)``, ``checks.critical_discount(model, row,
  col)``, ``checks.profile_values(model, row, col)``, and
  ``best_response.best_response(model, opponent, side, rounds=None)`` (also in ``checks``).
"""
