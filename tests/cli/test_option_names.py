"""Only the command line knows option names: no string in the rest of ``sim/`` holds one.

The core names the argument an error is about (``method``, ``row_pool``); the command line
shows it as the option that sets it (``--method``, ``--row-pool``).
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from tests.conftest import ROOT

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# options of other programs that the core runs
FOREIGN = {"--porcelain", "--untracked-files"}
STRING_TOKENS = {tokenize.STRING} | (
    {tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set()
)


def option_strings(source: str) -> list[tuple[int, str]]:
    """(line, option) for each ``--option`` inside a string literal of ``source``."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in STRING_TOKENS:
            found += [(token.start[0], m) for m in OPTION.findall(token.string)]
    return [(line, name) for line, name in found if name not in FOREIGN]


def core_modules() -> list[Path]:
    cli = ROOT / "sim" / "cli"
    return [p for p in sorted((ROOT / "sim").rglob("*.py")) if cli not in p.parents]


def test_no_option_name_outside_the_command_line():
    leaks = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in core_modules()
        for line, name in option_strings(path.read_text(encoding="utf-8"))
    ]
    assert not leaks, "option names outside sim/cli:\n" + "\n".join(leaks)


def test_the_check_finds_an_option_in_a_string():
    source = 'raise OptionError("bad", "--method")\nx = f"give --row-pool {y}"\n# --debug\n'
    assert option_strings(source) == [(1, "--method"), (2, "--row-pool")]
    assert option_strings('style = "--"\nalign = ":--"\n') == []


def test_the_command_line_is_a_package_of_its_own():
    assert (ROOT / "sim" / "cli" / "__init__.py").is_file()
    assert len(core_modules()) > 20
