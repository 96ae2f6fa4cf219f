"""Axelrod library players as stabsim automata: ``axelrod:NAME`` in a strategy choice.

The Axelrod library (Knight et al. 2016) writes many of its strategies as finite state
machines with outputs on their transitions (Mealy machines): ``(state, opponent's last
action) -> (next state, action to play)``, with an initial state and an initial action.
stabsim's automata put the action on the state (Moore machines), so each Mealy state ``s``
becomes one Moore state per action ``a`` it can be entered with: Moore state ``(s, a)``
plays ``a``, and on seeing the other's action ``o`` moves to ``(s', a')`` where
``(s', a') = T(s, o)`` (Hopcroft and Ullman 1979, section 2.7, the Mealy-to-Moore
construction). As in Axelrod, the machine reads only what the other did, not what it did
itself, so a tremble of its own action does not change its state.

Axelrod's two actions map onto a scenario's roles: ``C`` is the side's cooperative action,
``D`` its punishing action; the other side is seen to cooperate when its signal is its
cooperative action, and to defect on any other signal.
"""

from __future__ import annotations

import numpy as np

from sim.errors import ScenarioError
from sim.strategies.automaton import Automaton

PREFIX = "axelrod:"


def axelrod_machine(name: str, key: str = ""):
    """``(transitions, initial state, initial action)`` of Axelrod's finite-state player."""
    try:
        import axelrod
    except ImportError:
        raise ScenarioError(
            f"strategy {PREFIX}{name} needs the axelrod package (pip install axelrod)", key=key
        ) from None
    player_class = getattr(axelrod, name, None)
    if player_class is None or not isinstance(player_class, type):
        raise ScenarioError(f"axelrod has no player {name!r}", key=key)
    player = player_class()
    machine = getattr(player, "fsm", None)
    if machine is None:
        raise ScenarioError(f"axelrod's {name} is not a finite state machine player", key=key)
    transitions = {
        (state, str(seen)): (target, str(action))
        for (state, seen), (target, action) in machine.state_transitions.items()
    }
    return transitions, player.initial_state, str(player.initial_action)


def axelrod_automaton(name: str, side, key: str = "") -> Automaton:
    """The automaton of Axelrod's finite-state player ``name`` for one side of a model.

    Parameters
    ----------
    name
        An Axelrod player class with a finite state machine, e.g. ``Fortress3``.
    side
        The side's :class:`~sim.compile.library.Side` (actions, signals, treaty states,
        roles).
    """
    transitions, initial_state, initial_action = axelrod_machine(name, key)
    play = {"C": side.actions.index(side.roles[0]), "D": side.actions.index(side.roles[1])}
    moore = [(initial_state, initial_action)]
    for target in transitions.values():
        if target not in moore:
            moore.append(target)
    index = {state: k for k, state in enumerate(moore)}
    seen_as = ["C" if signal == side.their_roles[0] else "D" for signal in side.signals]
    policy = np.zeros((len(moore), len(side.actions)))
    next_state = np.zeros(
        (len(moore), len(side.actions), len(side.signals), len(side.treaty_states)), dtype=np.intp
    )
    for k, (state, action) in enumerate(moore):
        policy[k, play[action]] = 1.0
        for s, seen in enumerate(seen_as):
            if (state, seen) not in transitions:
                raise ScenarioError(f"axelrod's {name} has no transition from {state} on {seen}")
            next_state[k, :, s, :] = index[transitions[(state, seen)]]
    return Automaton(
        name=f"{PREFIX}{name}",
        actions=side.actions,
        signals=side.signals,
        treaty_states=side.treaty_states,
        states=tuple(f"{state}/{action}" for state, action in moore),
        initial=0,
        policy=policy,
        next_state=next_state,
        description=f"Axelrod's {name} finite state machine (Mealy machine made Moore)",
    )
