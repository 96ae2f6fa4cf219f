"""The size bounds of sim.limits: defaults, checks, and both ways of raising them."""

from __future__ import annotations

import threading

import pytest

from sim import limits
from sim.errors import StabsimError


def test_every_bound_is_documented_in_the_module_table():
    doc = limits.__doc__
    for name in limits.names():
        assert f"\n{name} " in doc, name
        assert f"{getattr(limits.DEFAULTS, name):_}" in doc.replace(",", "_"), name


def test_check_passes_at_the_bound_and_refuses_one_more():
    rounds = limits.DEFAULTS.rounds
    assert limits.check("rounds", rounds) == rounds
    with pytest.raises(limits.LimitError) as info:
        limits.check("rounds", rounds + 1, key="horizon.rounds")
    assert isinstance(info.value, StabsimError)
    assert info.value.key == "horizon.rounds"
    assert "STABSIM_LIMIT_ROUNDS" in info.value.message
    assert f"{rounds + 1:,}" in info.value.message


def test_a_huge_integer_is_named_by_its_digits_not_printed_whole():
    with pytest.raises(limits.LimitError) as info:
        limits.check("runs", 10**400)
    assert "401 digits" in info.value.message
    assert len(info.value.message) < 200


def test_a_float_count_is_refused_too():
    with pytest.raises(limits.LimitError, match="1e\\+12"):
        limits.check("rounds", 1e12)


def test_environment_variable_raises_a_bound(monkeypatch):
    monkeypatch.setenv("STABSIM_LIMIT_ROUNDS", "10_000_000")
    assert limits.bound("rounds") == 10_000_000
    assert limits.check("rounds", 5_000_000) == 5_000_000


@pytest.mark.parametrize("text", ["abc", "-5", "0", "1e9", "9" * 40])
def test_a_bad_environment_value_is_one_clean_error(monkeypatch, text):
    monkeypatch.setenv("STABSIM_LIMIT_RUNS", text)
    with pytest.raises(limits.LimitError) as info:
        limits.bound("runs")
    assert info.value.source == "STABSIM_LIMIT_RUNS"


def test_raised_is_scoped_to_the_block_and_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("STABSIM_LIMIT_RUNS", "50")
    with limits.raised(runs=100) as inside:
        assert inside.runs == 100
        assert limits.bound("runs") == 100
    assert limits.bound("runs") == 50


def test_raised_does_not_leak_into_other_threads():
    seen = []
    with limits.raised(states=7):
        worker = threading.Thread(target=lambda: seen.append(limits.bound("states")))
        worker.start()
        worker.join()
    assert seen == [limits.DEFAULTS.states]


@pytest.mark.parametrize("bounds", [{"nope": 1}, {"runs": 0}, {"runs": 2.5}, {"runs": True}])
def test_raised_refuses_unknown_names_and_non_positive_values(bounds):
    with pytest.raises(limits.LimitError):
        with limits.raised(**bounds):
            pass


def test_check_memory_says_how_big_the_request_is():
    with pytest.raises(limits.LimitError, match="7.3 TiB"):
        limits.check_memory(10**12 * 8, "the Monte Carlo action table")
    limits.check_memory(1024, "a small table")


def test_format_bytes():
    assert limits.format_bytes(512) == "512 B"
    assert limits.format_bytes(3 * 2**30) == "3.0 GiB"


def test_one_bound_read_alone_agrees_with_all_bounds_read_together(monkeypatch):
    monkeypatch.setenv("STABSIM_LIMIT_ROUNDS", "12_345")
    monkeypatch.setenv("STABSIM_LIMIT_STATES", "77")
    with limits.raised(states=99, runs=5):
        with limits.raised(runs=6):
            together = limits.current()
            for name in limits.names():
                assert limits.bound(name) == getattr(together, name), name
            assert (limits.bound("rounds"), limits.bound("states"), limits.bound("runs")) == (
                12_345,
                99,
                6,
            )
