"""The index.html of a result folder: every image and link it names is in the folder, the
manifest is shown whole, nothing is fetched from a network."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sim.report.html import INDEX, TABLE_ROWS, folder_index_html, write_folder_index


class Page(HTMLParser):
    """The images, links, tables and the manifest's text of a page."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.tables, self.headings = [], [], 0, []
        self.manifest, self._in_manifest, self._heading = "", False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        elif tag == "a":
            self.links.append(attrs["href"])
        elif tag == "table":
            self.tables += 1
        elif tag == "pre" and attrs.get("id") == "manifest-json":
            self._in_manifest = True
        elif tag in ("h2", "h3"):
            self._heading = ""

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_manifest = False
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data):
        if self._in_manifest:
            self.manifest += data
        if self._heading is not None:
            self._heading += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def check_offline(page: Page, folder: Path) -> None:
    for target in [*page.images, *page.links]:
        assert "://" not in target and not target.startswith("//"), target
        if not target.startswith("#"):
            assert (folder / target).is_file(), target


@pytest.fixture
def folder(tmp_path) -> Path:
    from PIL import Image

    (tmp_path / "figures").mkdir()
    Image.new("RGB", (4, 3), "white").save(tmp_path / "figures" / "play.png")
    (tmp_path / "figures" / "play.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "figures" / "only_vector.svg").write_text("<svg/>")
    (tmp_path / "report.md").write_text("# A <b>title</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    rows = "\n".join(f"{k},{k * k}" for k in range(TABLE_ROWS + 5))
    (tmp_path / "play_rounds.csv").write_text("round,value\n" + rows + "\n")
    scenario = {"path": "x.toml", "sha256": "ab", "text": "url = 'https://x'"}
    manifest = {"command": ["stabsim", "run", "x.toml"], "seed": 7, "scenario": scenario}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def test_index_shows_figures_tables_and_the_whole_manifest(folder):
    path = write_folder_index(folder)
    assert path == folder / INDEX
    page = parse(path.read_text(encoding="utf-8"))
    assert sorted(page.images) == ["figures/only_vector.svg", "figures/play.png"]
    check_offline(page, folder)
    assert json.loads(page.manifest) == json.loads((folder / "manifest.json").read_text())
    assert page.tables >= 3  # the report's table, the CSV, the manifest summary
    assert "play_rounds.csv" in page.headings
    text = path.read_text(encoding="utf-8")
    assert f"The first {TABLE_ROWS} of {TABLE_ROWS + 5} rows" in text
    assert "<b>title</b>" not in text  # the report's markup is escaped, never passed through


def test_a_missing_figure_is_found_by_the_check(folder):
    page = parse(folder_index_html(folder))
    (folder / "figures" / "play.png").unlink()
    with pytest.raises(AssertionError):
        check_offline(page, folder)


def test_a_sweep_folder_without_csv_shows_its_parquet_head(tmp_path):
    import pandas as pd

    pd.DataFrame({"point": range(3), "detect": [0.0, 0.5, 1.0]}).to_parquet(
        tmp_path / "results.parquet"
    )
    (tmp_path / "manifest.json").write_text(json.dumps({"sweep": {"name": "s"}}))
    page = parse(folder_index_html(tmp_path))
    assert "results.parquet" in page.headings and "Sweep s" not in page.headings
    check_offline(page, tmp_path)


def test_a_manifest_not_yet_written_is_shown_and_the_page_says_where_the_hashes_are(folder):
    (folder / "manifest.json").unlink()
    manifest = {"command": ["stabsim", "run", "x.toml"], "seed": 3}
    path = write_folder_index(folder, manifest)
    page = parse(path.read_text(encoding="utf-8"))
    assert json.loads(page.manifest) == manifest
    assert "this page among them" in path.read_text(encoding="utf-8")
