"""Scenario sections for iterated play: ``dynamics``, ``monitoring``, ``play``, ``strategies``.

All four are optional. Numeric fields (probabilities, the discount factor, the continuation
probability) take a number or an expression string over the scenario's parameters, so that a
sweep can vary them; integer fields (a notice period, a deadline, the horizon) take an integer
or an expression evaluated to a scalar. Cross-references (a transition naming a treaty state,
an automaton naming an action) are checked when the model is compiled
(:mod:`sim.compile.check`), with one-line errors naming the key path.

Example (TOML)::

    [dynamics]
    initial = "in_force"
    [dynamics.states.in_force]
    [dynamics.states.notice]
    [dynamics.states.terminated]
    in_force = false
    [[dynamics.transitions]]
    from = "in_force"
    to = "notice"
    on = { either = ["withdraw"] }
    [[dynamics.transitions]]
    from = "notice"
    to = "terminated"
    after = "notice_rounds"

    [monitoring]
    detect = "detect"
    false_alarm = 0.05
    noise = 0.01
    trembles = { comply = ["violate"], violate = ["comply"] }

    [play]
    rounds = 200
    discount = 0.99
    row = { strategy = "ultimatum", parameters = { deadline = 2 } }
    col = "no_obligations_if_abandoned"
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StrictInt,
    model_validator,
)

from sim.errors import FieldError
from sim.scenario.types import IntValue, Name, Strict, Value

TEMPLATE_PATTERN = r"^(@action|[A-Za-z][A-Za-z0-9_]*(\{i\})?)$"


# ----------------------------------------------------------------------------- dynamics


class StatePayoffs(Strict):
    """Payoff matrices of one treaty state (rows: the row player's actions)."""

    row: list[list[Value]]
    col: list[list[Value]]


class TreatyState(Strict):
    """A state of the treaty; without ``payoffs`` it uses the scenario's base payoffs."""

    description: str = ""
    in_force: bool = True
    payoffs: StatePayoffs | None = None


class Trigger(Strict):
    """Action profiles that fire a transition.

    ``row``/``col``: the row (column) player played one of these actions; both given: both
    conditions hold. ``either``: at least one side played one of these actions.
    """

    row: list[Name] | None = None
    col: list[Name] | None = None
    either: list[Name] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Trigger:
        if self.either is not None and (self.row is not None or self.col is not None):
            raise ValueError("give either 'either' or 'row'/'col', not both")
        if self.either is None and self.row is None and self.col is None:
            raise ValueError("give 'row', 'col' or 'either'")
        return self


class Transition(Strict):
    """A move between treaty states.

    Transitions out of a state are tried in the order listed at the end of each round; one
    whose conditions hold (``on``: the action profile; ``after``: at least this many rounds
    spent in the state, counting the one just played) fires with its ``probability``; the
    first that fires wins; if none fires the state stays.
    """

    source: Name = Field(alias="from")
    to: Name
    on: Trigger | None = None
    after: IntValue | None = None
    probability: Value = 1.0
    description: str = ""


class Dynamics(Strict):
    """Treaty states and the transitions between them (a finite stochastic game)."""

    states: dict[Name, TreatyState]
    initial: Name | None = None
    transitions: list[Transition] = []

    @model_validator(mode="after")
    def _references(self) -> Dynamics:
        if not self.states:
            raise FieldError("states", "no treaty states")
        if self.initial is not None and self.initial not in self.states:
            raise FieldError("initial", f"{self.initial!r} is not a treaty state")
        timed: set[str] = set()
        for index, transition in enumerate(self.transitions):
            for key in ("source", "to"):
                name = getattr(transition, key)
                if name not in self.states:
                    key_name = "from" if key == "source" else key
                    raise FieldError(
                        f"transitions[{index}].{key_name}", f"{name!r} is not a treaty state"
                    )
            if transition.after is not None and transition.on is None:
                if transition.source in timed:
                    raise FieldError(
                        f"transitions[{index}].after",
                        f"state {transition.source!r} already has a timed transition",
                    )
                timed.add(transition.source)
        return self

    @property
    def initial_state(self) -> str:
        return self.initial or next(iter(self.states))


# ----------------------------------------------------------------------------- monitoring


class Observer(Strict):
    """What one player sees of the other's actions.

    Either ``matrix`` (rows: the action done, columns: the action seen, each row summing to
    1) or the short form: a ``violation`` is seen as a violation with probability
    ``detect`` (else as ``compliance``), ``compliance`` is seen as the violation with
    probability ``false_alarm``, every other action is public (seen as done).
    """

    detect: Value | None = None
    false_alarm: Value | None = None
    compliance: Name | None = None
    violation: Name | None = None
    matrix: list[list[Value]] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Observer:
        short = (self.detect, self.false_alarm, self.compliance, self.violation)
        if self.matrix is not None and any(v is not None for v in short):
            raise ValueError("give either 'matrix' or detect/false_alarm, not both")
        return self


class Noise(Strict):
    """Tremble probability of each player."""

    row: Value = 0.0
    col: Value = 0.0


TrembleTable = dict[Name, list[Name]]
"""Intended action -> the actions a tremble may replace it by."""


class Trembles(Strict):
    """Per-player tremble tables (a player without one trembles uniformly)."""

    row: TrembleTable | None = None
    col: TrembleTable | None = None


class Monitoring(Strict):
    """Imperfect monitoring and trembles.

    The top-level short form applies to both observers unless ``row`` (what the row player
    sees of the column player) or ``col`` overrides it. ``noise``: with this probability a
    player's intended action is replaced by another. ``trembles`` (optional) lists which:
    a table intended action -> replacements, for both players or per player (``row``,
    ``col``); an action not listed is always deliberate. Without it a tremble replaces an
    action by any other, uniformly.
    ``signals``: ``"private"`` (each side sees its own signal of the other) or ``"public"``
    (an accusation or verdict both sides see); the equilibrium checks state and use it.
    """

    signals: Literal["private", "public"] = "private"
    detect: Value = 1.0
    false_alarm: Value = 0.0
    compliance: Name | None = None
    violation: Name | None = None
    noise: Value | Noise = 0.0
    trembles: Trembles | TrembleTable | None = None
    row: Observer | None = None
    col: Observer | None = None


# ----------------------------------------------------------------------------- strategies


class ParameterSpec(Strict):
    """A parameter of an automaton template (library or scenario).

    ``kind``: ``number``/``probability`` (a number or an expression), ``integer`` (a whole
    number, may be an expression evaluated to a scalar), ``action`` (one own action; the
    default may list candidates, the first that exists is used), ``signals`` (a list of the
    other side's actions; those of the default that exist, else ``fallback``), ``weights``
    (one weight per own action, or a table action -> weight), ``response`` (an own action,
    or ``best_response``: the best response in the terminal treaty state, see
    :mod:`sim.compile.automata`).
    """

    kind: Literal[
        "number", "probability", "integer", "action", "signals", "weights", "response"
    ] = "number"
    default: Any = None
    fallback: Any = None
    description: str = ""


class AutomatonState(Strict):
    """A state of an automaton: one ``action``, or ``play``, a distribution over actions."""

    action: str | None = None
    play: dict[str, Value] | str | None = None
    description: str = ""
    range: str | None = Field(None, alias="for")

    @model_validator(mode="after")
    def _one(self) -> AutomatonState:
        if (self.action is None) == (self.play is None):
            raise ValueError("give exactly one of 'action' and 'play'")
        return self


class Rule(Strict):
    """A transition rule of an automaton, read on what the player saw in the last round.

    Rules are tried in order; the first whose conditions all hold gives the next state.
    Missing conditions match anything: ``from`` (automaton states), ``own`` (its own action
    played), ``seen`` (the signal of the other's action), ``treaty`` (the treaty state the
    next round is played in; ``@out_of_force``/``@in_force`` name the states by role).
    """

    source: str | list[str] | None = Field(None, alias="from")
    own: list[str] | None = None
    seen: list[str] | None = None
    treaty: list[str] | None = None
    to: str


class Start(Strict):
    """A dated start: at the beginning of round ``round``, an automaton still in state
    ``from`` moves to state ``to`` (a one-off announcement on a date). Round 0: no start."""

    round: IntValue
    source: str = Field(alias="from")
    to: str


class AutomatonSpec(Strict):
    """A strategy as a finite automaton (see :mod:`sim.compile.automata` for tokens)."""

    description: str = ""
    source: str = ""
    parameters: dict[Name, ParameterSpec] = {}
    initial: str
    states: dict[Annotated[str, Field(pattern=TEMPLATE_PATTERN)], AutomatonState]
    transitions: list[Rule]
    start: Start | None = None


# ----------------------------------------------------------------------------- play


class StrategyChoice(Strict):
    """A strategy for one side: a library or scenario strategy with parameter values."""

    strategy: Name
    parameters: dict[Name, Value | list[Value] | dict[str, Value]] = {}
    description: str = ""


CALL_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*(\(.*\))?$"
StrategyRef = Annotated[str, Field(pattern=CALL_PATTERN, max_length=500)] | StrategyChoice
"""A strategy name, ``name(param=value, ...)``, or a table with ``strategy`` and ``parameters``."""


class Play(Strict):
    """How the iterated game is played.

    ``rounds`` (a fixed horizon) or ``continuation`` (the probability of another round);
    ``discount`` per round; ``initial`` treaty state (default: that of ``dynamics``);
    ``row``/``col``: each side's strategy; ``runs``/``seed``: the Monte Carlo settings (left
    out: :mod:`sim.compile.defaults`).
    """

    rounds: IntValue | None = None
    continuation: Value | None = None
    discount: Value = 1.0
    initial: Name | None = None
    row: StrategyRef
    col: StrategyRef
    runs: StrictInt | None = Field(None, ge=1)
    seed: StrictInt | None = Field(None, ge=0)
    description: str = ""

    @model_validator(mode="after")
    def _horizon(self) -> Play:
        if (self.rounds is None) == (self.continuation is None):
            raise ValueError("give exactly one of 'rounds' and 'continuation'")
        return self
