"""Sampled hidden histories of the joint chain, with their signals, and records made from them.

Each run draws one chain term per round from its joint state's terms (inverse transform
sampling on the terms sorted by source: term ``k`` of source ``s`` owns the interval
``(s + C_{k-1}, s + C_k]`` of cumulative probabilities, so one ``searchsorted`` serves every
run). The draws come from a seeded ``numpy.random.Generator``. A record keeps some of what
happened and hides the rest, as an observer of the real history would.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.infer.forward import start_maps
from sim.infer.observations import Observations, term_values
from sim.play.chain import JointChain
from sim.scenario.events import FIELDS


@dataclass(frozen=True, eq=False)
class Histories:
    """``runs`` sampled histories of ``rounds`` rounds.

    ``values[f]`` is ``(runs, rounds)``: each round's value of field ``FIELDS[f]`` (treaty
    state, row action, column action, row signal, column signal); ``states`` is the joint
    state at the start of each round.
    """

    values: tuple[np.ndarray, ...]
    states: np.ndarray

    def record(
        self, run: int, keep: dict[str, np.ndarray | bool], hide_as: dict[str, tuple] | None = None
    ) -> Observations:
        """The record of run ``run`` keeping the fields in ``keep``.

        ``keep[field]`` is ``True`` (every round), or a boolean mask over rounds; a field not
        kept is missing, unless ``hide_as[field]`` gives a set of values it is known to lie
        in when it lies there (an act known to be covert).
        """
        hide_as = hide_as or {}
        rounds = self.states.shape[1]
        allowed = []
        for t in range(rounds):
            row = []
            for f, field in enumerate(FIELDS):
                value = int(self.values[f][run, t])
                shown = keep.get(field, False)
                shown = bool(shown if isinstance(shown, bool) else shown[t])
                if shown:
                    row.append((value,))
                elif field in hide_as and value in hide_as[field]:
                    row.append(tuple(sorted(hide_as[field])))
                elif field in hide_as:
                    row.append((value,))
                else:
                    row.append(None)
            allowed.append(tuple(row))
        return Observations(tuple(range(rounds)), tuple(allowed))


def sample_histories(
    chain: JointChain, rounds: int, runs: int, rng: np.random.Generator
) -> Histories:
    """``runs`` histories of ``rounds`` rounds of an unbatched chain, drawn with ``rng``."""
    if chain.batch_shape:
        raise ValueError("sampling runs one parameter point at a time: the chain has batch axes")
    order = np.argsort(chain.source, kind="stable")
    source = chain.source[order]
    probability = np.asarray(chain.probability, dtype=float)[order]
    start = np.searchsorted(source, np.arange(chain.size))
    stop = np.searchsorted(source, np.arange(chain.size), side="right")
    within = np.cumsum(probability) - np.concatenate([[0.0], np.cumsum(probability)])[start[source]]
    keys = source + within
    fields = term_values(chain)
    values = tuple(np.empty((runs, rounds), dtype=np.intp) for _ in FIELDS)
    states = np.empty((runs, rounds), dtype=np.intp)
    state = np.full(runs, chain.initial, dtype=np.intp)
    starts = start_maps(chain)
    for t in range(rounds):
        state = starts[t][state] if t in starts else state
        states[:, t] = state
        position = np.searchsorted(keys, state + rng.random(runs), side="right")
        position = np.clip(position, start[state], stop[state] - 1)
        term = order[position]
        for f, field in enumerate(fields):
            values[f][:, t] = field[term]
        state = chain.target[term]
    return Histories(values, states)
