"""A result folder's manifest lists every file with its hash, also after a later command
has written into the folder."""

from __future__ import annotations

import hashlib
import json

import pytest

from sim.output.folder import write_json
from sim.output.manifest import amend_manifest, file_hashes, refresh_hashes
from tests.conftest import SCENARIOS


def listed_files_match_the_folder(folder) -> bool:
    """Every file the manifest lists exists with the size and sha256 it gives."""
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return False
    return True


def made_folder(tmp_path):
    folder = tmp_path / "run"
    (folder / "figures").mkdir(parents=True)
    (folder / "report.json").write_text("{}")
    (folder / "figures" / "a.png").write_bytes(b"first")
    write_json(
        folder / "manifest.json", {"command": ["stabsim", "run"], "files": file_hashes(folder)}
    )
    return folder


def test_a_figure_written_later_is_listed_with_its_hash_and_the_command(tmp_path):
    folder = made_folder(tmp_path)
    (folder / "figures" / "a.png").write_bytes(b"drawn again")
    (folder / "figures" / "b.pdf").write_bytes(b"new")
    assert not listed_files_match_the_folder(folder)
    written = [folder / "figures" / "a.png", folder / "figures" / "b.pdf"]
    assert amend_manifest(folder, written, ["plot", str(folder)])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [e["path"] for e in manifest["files"]] == [
        "figures/a.png",
        "figures/b.pdf",
        "report.json",
    ]
    assert listed_files_match_the_folder(folder)
    (amended,) = manifest["amended"]
    assert amended["command"] == ["stabsim", "plot", str(folder)]
    assert amended["files"] == ["figures/a.png", "figures/b.pdf"]
    assert manifest["command"] == ["stabsim", "run"]  # how the folder was made stays


def test_refresh_updates_only_files_the_manifest_lists(tmp_path):
    folder = made_folder(tmp_path)
    (folder / "report.json").write_text('{"changed": true}')
    (folder / "index.html").write_text("<html></html>")
    refresh_hashes(folder, [folder / "report.json", folder / "index.html"])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [e["path"] for e in manifest["files"]] == ["figures/a.png", "report.json"]
    assert listed_files_match_the_folder(folder) and "amended" not in manifest


def test_a_folder_without_a_manifest_is_left_alone(tmp_path):
    (tmp_path / "x.png").write_bytes(b"x")
    assert not amend_manifest(tmp_path, [tmp_path / "x.png"], ["plot"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png"]


@pytest.mark.slow
def test_plot_into_a_run_folder_keeps_its_manifest_true(run_cli, tmp_path):
    status, _, err = run_cli("run", SCENARIOS / "stag_hunt.toml", "--out", tmp_path, "--quiet")
    assert status == 0, err
    (folder,) = (tmp_path / "stag_hunt").iterdir()
    status, _, err = run_cli("plot", folder, "--figure", "payoff_matrix", "--format", "svg")
    assert status == 0, err
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "figures/payoff_matrix.svg" in [e["path"] for e in manifest["files"]]
    assert listed_files_match_the_folder(folder)  # index.html was drawn again, and hashed
    assert manifest["amended"][-1]["files"] == ["figures/payoff_matrix.svg"]
    assert "payoff_matrix.svg" in (folder / "index.html").read_text()
