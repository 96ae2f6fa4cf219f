"""The ``index.html`` of a result folder: its report, figures, tables and manifest, offline.

The page is one file beside the results it shows, with its style inline and every link
relative (``figures/play.png``, ``results.csv``), so it opens in a browser from the folder
itself, without a network, and keeps working when the folder is moved or archived. It is
rendered from the folder's files only (``report.md`` through markdown-it, each CSV table,
each figure, ``manifest.json``); it computes nothing.

A run's page is written just before its manifest, which lists it with the other files: the
page shows that manifest whole except its list of files and their sha256 (which would have
to hold the page's own hash). A sweep's page is written after the sweep's manifest, shows
it whole, and is not among its files.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

INDEX = "index.html"
TABLE_ROWS = 100
"""Rows of a table shown on the page; the file beside it holds them all."""
FIGURE_FORMATS = ("png", "svg", "pdf")
STYLE = """
body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; max-width: 64rem;
       margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.45; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: right; }
th { border-bottom: 1.5px solid #333; }
td:first-child, th:first-child { text-align: left; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; border: 1px solid #eee; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
.note { color: #555; font-size: 0.85rem; }
"""


def write_folder_index(folder: str | Path, manifest: dict | None = None) -> Path:
    """Write ``folder/index.html`` (through a temporary file, renamed when whole).

    ``manifest`` is the manifest to show when it is not yet written (default: read
    ``manifest.json``).
    """
    folder = Path(folder)
    path = folder / INDEX
    temporary = folder / f".{INDEX}.tmp-{os.getpid()}"
    temporary.write_text(folder_index_html(folder, manifest), encoding="utf-8")
    os.replace(temporary, path)
    return path


def folder_index_html(folder: str | Path, manifest: dict | None = None) -> str:
    """The page of a result or sweep folder, as HTML text."""
    folder = Path(folder)
    manifest = _manifest(folder) if manifest is None else manifest
    title = _title(folder, manifest)
    sections = [
        ("report", "Report", _report(folder)),
        ("figures", "Figures", _figures(folder)),
        ("tables", "Tables", _tables(folder)),
        ("manifest", "Manifest", _manifest_section(manifest)),
    ]
    sections = [(key, name, body) for key, name, body in sections if body]
    nav = " ".join(f'<a href="#{key}">{name}</a>' for key, name, _ in sections)
    body = "\n".join(f'<section id="{key}">\n<h2>{name}</h2>\n{text}\n</section>'
                     for key, name, text in sections)  # fmt: skip
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<nav>{nav}</nav>\n{body}\n</body>\n</html>\n"
    )


def _manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _title(folder: Path, manifest: dict) -> str:
    sweep = manifest.get("sweep", {})
    if isinstance(sweep, dict) and sweep.get("name"):
        return f"Sweep {sweep['name']}"
    report = folder / "report.md"
    if report.is_file():
        first = report.read_text(encoding="utf-8").splitlines()[:1]
        if first and first[0].startswith("# "):
            return first[0][2:].strip()
    return folder.name


def _report(folder: Path) -> str:
    path = folder / "report.md"
    if not path.is_file():
        return ""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        text = "\n".join(lines[1:])
    return renderer.render(text)


def _figures(folder: Path) -> str:
    figures = folder / "figures"
    if not figures.is_dir():
        return ""
    stems = sorted({p.stem for p in figures.iterdir() if p.suffix[1:] in FIGURE_FORMATS})
    parts = []
    for stem in stems:
        files = {fmt: f"figures/{stem}.{fmt}" for fmt in FIGURE_FORMATS
                 if (figures / f"{stem}.{fmt}").is_file()}  # fmt: skip
        shown = files.get("png") or files.get("svg")
        links = " ".join(f'<a href="{html.escape(src)}">{fmt.upper()}</a>'
                         for fmt, src in files.items())  # fmt: skip
        image = (f'<img src="{html.escape(shown)}" alt="{html.escape(stem)}">\n'
                 if shown else "")  # fmt: skip
        parts.append(f"<figure>\n{image}<figcaption><code>{html.escape(stem)}</code> "
                     f"{links}</figcaption>\n</figure>")  # fmt: skip
    return "\n".join(parts)


def _tables(folder: Path) -> str:
    import pandas as pd

    parts = []
    for path in sorted(folder.glob("*.csv")):
        table = pd.read_csv(path)
        parts.append(_table(path.name, table, path.name))
    parquet = folder / "results.parquet"
    if parquet.is_file() and not (folder / "results.csv").is_file():
        parts.append(_table("results.parquet", pd.read_parquet(parquet), parquet.name))
    return "\n".join(parts)


def _table(name: str, table, source: str) -> str:
    rows = len(table)
    shown = table.head(TABLE_ROWS).to_html(index=False, border=0, na_rep="", escape=True)
    note = ""
    if rows > TABLE_ROWS:
        note = (f'<p class="note">The first {TABLE_ROWS} of {rows} rows; all of them are in '
                f'<a href="{html.escape(source)}">{html.escape(source)}</a>.</p>\n')  # fmt: skip
    link = f'<a href="{html.escape(source)}">{html.escape(name)}</a>'
    return f"<h3>{link}</h3>\n{note}{shown}"


SUMMARY_KEYS = ("command", "seed", "git_commit", "started", "finished", "kind")


def _manifest_section(manifest: dict) -> str:
    if not manifest:
        return ""
    rows = []
    for key in SUMMARY_KEYS:
        if key in manifest:
            value = manifest[key]
            shown = " ".join(value) if isinstance(value, list) else value
            rows.append(f"<tr><th>{key}</th><td>{html.escape(str(shown))}</td></tr>")
    scenario = manifest.get("scenario", {})
    if isinstance(scenario, dict) and scenario.get("path"):
        where, digest = (html.escape(str(scenario.get(k, ""))) for k in ("path", "sha256"))
        rows.append(f"<tr><th>scenario</th><td>{where} (sha256 {digest})</td></tr>")
    text = json.dumps(manifest, indent=2, ensure_ascii=False)
    files = ("" if "files" in manifest else " Its list of the folder's files with their "
             "sha256, this page among them, is in the file.")  # fmt: skip
    return (
        f"<table>\n{''.join(rows)}\n</table>\n"
        '<p class="note">The manifest (<a href="manifest.json">manifest.json</a>): how to '
        f"get the same results again.{files}</p>\n"
        f'<pre id="manifest-json">{html.escape(text)}</pre>'
    )
