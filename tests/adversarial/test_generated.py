"""Generated hostile scenario files from hypothesis, run through the command line.

Whatever is generated, the answer is a clean one: a result with only finite numbers, or one
``error:`` line with exit status 2; never a traceback, a hang or a file left behind. The
generated expressions and ``--set`` values on their own are tested where they are parsed,
in ``tests/scenario/test_generated_inputs.py``.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.adversarial.cases import PLAY, scenario  # noqa: E402
from tests.adversarial.harness import check_answer, check_refusal, listing  # noqa: E402
from tests.conftest import examples  # noqa: E402
from tests.scenario.test_generated_inputs import EXPRESSIONS, SETTINGS  # noqa: E402

TOML_VALUES = st.one_of(
    EXPRESSIONS.map(lambda e: '"' + e.replace("\\", "").replace('"', "") + '"'),
    st.floats(width=64).map(lambda v: repr(v) if math.isfinite(v) else str(v).lower()),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["true", "[]", "{}", '""', "[1, 2]", "1987-12-08", "nan", "-inf"]),
)


@st.composite
def scenario_texts(draw) -> str:
    """A small scenario with one to three of its fields replaced by generated values."""
    row = [["R", "S"], ["T", "P"]]
    parameters = {"T": "5.0", "R": "3.0", "P": "1.0", "S": "0.0", "x": "0.5"}
    play = dict(rounds="20", discount="0.9", deadline="2")
    for _ in range(draw(st.integers(1, 3))):
        value = draw(TOML_VALUES)
        where = draw(st.sampled_from(["payoff", "parameter", "rounds", "discount", "deadline"]))
        if where == "payoff":
            row[draw(st.integers(0, 1))][draw(st.integers(0, 1))] = value
        elif where == "parameter":
            parameters[draw(st.sampled_from(sorted(parameters)))] = value
        else:
            play[where] = value
    quoted = [[c if c not in "RSTP" else f'"{c}"' for c in r] for r in row]
    row_text = "[" + ", ".join("[" + ", ".join(r) + "]" for r in quoted) + "]"
    extra = (
        PLAY.replace("rounds = 20", f"rounds = {play['rounds']}")
        .replace("discount = 0.9", f"discount = {play['discount']}")
        .replace(
            'row = "grim_trigger"',
            f'row = {{ strategy = "ultimatum", parameters = {{ deadline = {play["deadline"]} }} }}',
        )
    )
    return scenario(
        parameters="\n".join(f"{k} = {v}" for k, v in parameters.items()),
        row=row_text,
        extra=extra,
    )


@pytest.mark.parametrize("command", ["solve", "play"])
@settings(SETTINGS, max_examples=examples(25))
@given(text=scenario_texts())
def test_generated_scenarios_get_a_clean_answer(worker, command, text):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "s.toml").write_text(text, encoding="utf-8")
        before = listing(folder)
        answer = worker.run([command, "s.toml", "--json"], folder, timeout=60)
        if answer.status == 0:
            check_answer(answer)
        else:
            check_refusal(answer, before, folder)
