"""Atomic result folders: unique names, nothing left on failure, parents made only if kept."""

from __future__ import annotations

import datetime as dt
import errno

import pytest

from sim.errors import OutputError, StabsimError
from sim.output.folder import atomic_folder, remove_stale_temporaries, result_folder_name

WHEN = dt.datetime(2026, 12, 1, 12, 0, 0, tzinfo=dt.UTC)


def test_names_differ_by_parameters_and_by_token():
    base = result_folder_name("ab" * 32, {"x": 0.5}, WHEN, token="0000")
    assert base.startswith("20261201T120000Z-")
    assert result_folder_name("ab" * 32, {"x": 0.5}, WHEN, token="0000") == base
    assert result_folder_name("ab" * 32, {"x": 0.25}, WHEN, token="0000") != base
    assert result_folder_name("ab" * 32, {"x": 0.5}, WHEN) != result_folder_name(
        "ab" * 32, {"x": 0.5}, WHEN
    )


def test_a_failed_block_leaves_nothing_not_even_the_parents(tmp_path):
    final = tmp_path / "a" / "b" / "result"
    with pytest.raises(RuntimeError), atomic_folder(final) as folder:
        (folder / "report.md").write_text("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_an_os_error_in_the_block_becomes_one_line(tmp_path):
    with pytest.raises(OutputError) as info, atomic_folder(tmp_path / "r") as folder:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "x"))
    assert "no space left" in str(info.value)
    assert isinstance(info.value, StabsimError)
    assert list(tmp_path.iterdir()) == []


def test_a_complete_block_appears_under_its_name_only(tmp_path):
    with atomic_folder(tmp_path / "out" / "r") as folder:
        (folder / "report.md").write_text("done")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r"]
    with pytest.raises(OutputError, match="exists already"), atomic_folder(tmp_path / "out" / "r"):
        pass
    assert (tmp_path / "out" / "r" / "report.md").read_text() == "done"


def test_a_file_in_the_way_is_refused_before_anything_is_made(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a directory"), atomic_folder(tmp_path / "f" / "r"):
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_only_temporaries_of_dead_processes_are_removed(tmp_path):
    import os

    mine = tmp_path / f".tmp-r-{os.getpid()}-0123abcd"
    dead = tmp_path / ".tmp-r-999999999-0123abcd"
    other = tmp_path / ".tmp-not-ours"
    for folder in (mine, dead, other):
        folder.mkdir()
    assert remove_stale_temporaries(tmp_path) == [dead]
    assert mine.exists() and other.exists() and not dead.exists()


def test_newest_run_is_the_last_complete_run_by_name(tmp_path):
    from sim.output.folder import newest_run

    assert newest_run(tmp_path) is None
    assert newest_run(tmp_path / "missing") is None
    older = result_folder_name("a" * 64, when=WHEN)
    newer = result_folder_name("a" * 64, when=WHEN + dt.timedelta(seconds=1))
    for name in (older, newer):
        with atomic_folder(tmp_path / name) as folder:
            (folder / "report.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # not a run folder
    unfinished = result_folder_name("a" * 64, when=WHEN + dt.timedelta(seconds=2))
    (tmp_path / unfinished).mkdir()  # no report.json: not complete
    assert newest_run(tmp_path) == tmp_path / newer


def test_check_destination_refuses_a_file_in_the_way_and_makes_nothing(tmp_path):
    from sim.output.folder import check_destination

    (tmp_path / "f").write_text("x", encoding="utf-8")
    for folder in (tmp_path / "f", tmp_path / "f" / "sub" / "deeper"):
        with pytest.raises(OutputError, match="is a file, not a directory"):
            check_destination(folder)
    check_destination(tmp_path / "new" / "deeper")  # missing folders are fine, and not made
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]
