"""The generated reference pages in docs/reference match the commands and the schema."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_reference_pages_are_up_to_date():
    path = ROOT / "docs" / "generate_reference.py"
    spec = importlib.util.spec_from_file_location("generate_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for page, text in module.pages().items():
        assert page.read_text(encoding="utf-8") == text, (
            f"{page.relative_to(ROOT)} is stale: run python docs/generate_reference.py"
        )
