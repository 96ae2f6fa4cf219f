"""A record's observations as index sets of a model, and as masks over the chain's terms.

A round of the joint chain (:mod:`sim.play.chain`) is one *term*: from joint state
``(e, a, b)`` the actions ``(i, j)`` are played, the signals ``(s_r, s_c)`` seen and the
treaty moves to ``f``. What a record says of a round is a set of allowed values for each of
the treaty state of ``e``, ``i``, ``j``, ``s_r`` and ``s_c``; the round's *emission* is the
indicator that a term agrees with all of them, so the record is a hidden Markov model whose
observations sit on the transitions (Rabiner 1989, sec. II; Cappé, Moulines and Rydén 2005,
sec. 2.2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.model import IteratedModel
from sim.errors import ScenarioError
from sim.play.chain import JointChain
from sim.scenario.events import FIELDS, LoadedEvents


@dataclass(frozen=True, eq=False)
class Observations:
    """Per round and field (:data:`~sim.scenario.events.FIELDS`), the allowed indices.

    ``allowed[t][f]`` is a sorted tuple of indices into the field's names (treaty states,
    the row or column player's actions, the signals of each), or ``None`` when missing.
    """

    labels: tuple
    allowed: tuple[tuple[tuple[int, ...] | None, ...], ...]
    offset: int = 0

    @property
    def rounds(self) -> int:
        return len(self.labels)

    def truncated(self, rounds: int) -> Observations:
        """The first ``rounds`` rounds."""
        return Observations(self.labels[:rounds], self.allowed[:rounds], self.offset)


def field_names(model: IteratedModel) -> tuple[tuple[str, ...], ...]:
    """The names each field's values are taken from, in :data:`FIELDS` order."""
    row, col = model.actions
    return (model.treaty_states, row, col, col, row)


def compile_observations(events: LoadedEvents, model: IteratedModel) -> Observations:
    """Names of an events file to index sets of ``model``; unknown names are errors.

    Raises
    ------
    ScenarioError
        Naming the events file and the key the bad name came from.
    """
    names = field_names(model)
    what = ("treaty state", "row action", "column action", "column action", "row action")
    cache: dict[tuple, tuple[int, ...]] = {}
    allowed = []
    for values, keys in zip(events.rounds, events.keys, strict=True):
        row = []
        for f, field in enumerate(FIELDS):
            value = values.get(field)
            if value is None:
                row.append(None)
                continue
            if (f, value) not in cache:
                bad = [n for n in value if n not in names[f]]
                if bad:
                    known = ", ".join(names[f])
                    message = f"{bad[0]!r} is not a {what[f]} (known: {known})"
                    raise ScenarioError(message, events.path, keys[field])
                cache[(f, value)] = tuple(sorted(names[f].index(n) for n in value))
            row.append(cache[(f, value)])
        allowed.append(tuple(row))
    return Observations(events.labels, tuple(allowed), events.offset)


def observations_from_indices(
    rows: list[dict[str, tuple[int, ...] | int | None]], offset: int = 0
) -> Observations:
    """Observations from index values per round (``{"act.col": 1, "signal.row": (0, 1)}``)."""
    allowed = []
    for values in rows:
        row = []
        for field in FIELDS:
            value = values.get(field)
            if value is None:
                row.append(None)
            else:
                row.append(tuple(sorted({value} if isinstance(value, int | np.integer) else value)))
        allowed.append(tuple(row))
    return Observations(tuple(range(len(rows))), tuple(allowed), offset)


@dataclass(frozen=True, eq=False)
class TermMasks:
    """The distinct emission masks of a record: ``masks[pattern[t]]`` is round ``t``'s.

    ``masks`` has shape ``(P, T)`` (``P`` distinct patterns, ``T`` terms of the chain).
    """

    masks: np.ndarray
    pattern: np.ndarray


def term_values(chain: JointChain) -> tuple[np.ndarray, ...]:
    """Each term's value of every field: treaty state of its source, actions, signals."""
    if chain.row_signal is None or chain.col_signal is None:
        raise ValueError("the joint chain does not carry its terms' signals")
    treaty = chain.model.chain.state[chain.treaty_index[chain.source]]
    return (treaty, chain.row_action, chain.col_action, chain.row_signal, chain.col_signal)


def term_masks(chain: JointChain, observations: Observations) -> TermMasks:
    """The emission mask of every round over the chain's terms, one per distinct pattern.

    ``mask[t, term] = prod over observed fields f of 1[value_f(term) in allowed_f(t)]``.
    """
    values = term_values(chain)
    sizes = [len(n) for n in field_names(chain.model)]
    distinct: dict[tuple, int] = {}
    pattern = np.empty(observations.rounds, dtype=np.intp)
    rows = []
    for t, allowed in enumerate(observations.allowed):
        if allowed not in distinct:
            distinct[allowed] = len(rows)
            mask = np.ones(len(chain.source), dtype=bool)
            for value, size, ok in zip(values, sizes, allowed, strict=True):
                if ok is not None:
                    table = np.zeros(size, dtype=bool)
                    table[list(ok)] = True
                    mask &= table[value]
            rows.append(mask)
        pattern[t] = distinct[allowed]
    masks = np.array(rows) if rows else np.ones((0, len(chain.source)), dtype=bool)
    return TermMasks(masks, pattern)
