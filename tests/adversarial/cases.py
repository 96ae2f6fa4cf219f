"""The table of adversarial inputs: every class of bad or extreme input, one row per case.

A case is a command line run in a fresh folder holding the files it names. ``expect`` is
``"refuse"`` (exit status 2, one ``error:`` line, nothing left behind) or ``"answer"``
(exit status 0, no non-finite number printed). File contents are strings; three special
values stand for files that are not files: :data:`FIFO`, :data:`DEV_ZERO` (a symbolic link
to ``/dev/zero``) and :data:`HUGE` (a sparse file larger than the ``file_bytes`` bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIFO = "<fifo>"
DEV_ZERO = "<dev-zero>"
HUGE = "<huge>"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)
    expect: str = "refuse"
    kind: str = ""
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0
    open_in: str = ""
    """Where the fix belongs, for a case not yet answered cleanly (an expected failure)."""
    slow: bool = False
    """Takes seconds (a large game solved in full): run in the full suite only."""


PLAY = """
[play]
rounds = 20
discount = 0.9
row = "grim_trigger"
col = "tit_for_tat"
"""


def scenario(
    parameters: str = "T = 5.0\nR = 3.0\nP = 1.0\nS = 0.0\nx = { value = 0.5, min = 0.0, max = 1.0 }",  # noqa: E501
    row: str = '[["R", "S"], ["T", "P"]]',
    col: str = '[["R", "T"], ["S", "P"]]',
    actions: str = '["cooperate", "defect"]',
    extra: str = PLAY,
    players: str = 'row = "Row"\ncol = "Column"',
    name: str = "pd",
) -> str:
    """A prisoner's dilemma scenario with some part replaced."""
    return (
        f'[metadata]\nname = "{name}"\ntitle = "t"\n\n[players]\n{players}\n\n'
        f"[actions]\nrow = {actions}\ncol = {actions}\n\n[parameters]\n{parameters}\n\n"
        f"[payoffs]\nrow = {row}\ncol = {col}\n{extra}"
    )


def matrix(entry: str, m: int = 2, n: int = 2) -> str:
    return "[" + ", ".join("[" + ", ".join([entry] * n) + "]" for _ in range(m)) + "]"


def sweep(
    body: str, scenario_file: str = "s.toml", seed: str = "1", outcomes: str = '["n_equilibria"]'
) -> str:
    return (
        f'name = "sw"\nscenario = "{scenario_file}"\nseed = {seed}\nchunk_size = 50\n'
        f"outcomes = {outcomes}\n{body}"
    )


GRID_X = 'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 1.0, count = 3 }\n'

S = {"s.toml": scenario()}


def _case(name, args, files=None, expect="refuse", kind="", **kw) -> Case:
    return Case(name, tuple(args), dict(S if files is None else files), expect, kind, **kw)


def _scenario_case(name, kind, command="solve", expect="refuse", **parts) -> Case:
    if "name_" in parts:
        parts["name"] = parts.pop("name_")
    return _case(name, [command, "s.toml"], {"s.toml": scenario(**parts)}, expect, kind)


def size_cases() -> list[Case]:
    big_actions = "[" + ", ".join(f'"a{i}"' for i in range(300)) + "]"
    cases = [
        _case("play --rounds 10**12", ["play", "s.toml", "--rounds", str(10**12)], kind="size"),
        _case("play --runs 10**12", ["play", "s.toml", "--runs", str(10**12)], kind="size"),
        _case("play --rounds 2**63-1", ["play", "s.toml", "--rounds", str(2**63 - 1)], kind="size"),
        _case("play --runs 10**9", ["play", "s.toml", "--runs", str(10**9)], kind="size"),
        _case(
            "play --runs 10**6 --rounds 10**6",
            ["play", "s.toml", "--runs", "1000000", "--rounds", "1000000"],
            kind="size",
        ),
        _case(
            "row ultimatum(deadline=100000000)",
            ["play", "s.toml", "--row", "ultimatum(deadline=100000000)"],
            kind="size",
        ),
        _case(
            "check ultimatum(deadline=10**7)",
            ["check", "s.toml", "--row", "ultimatum(deadline=10000000)"],
            kind="size",
        ),
        _case(
            "actions 300",
            ["solve", "s.toml"],
            {
                "s.toml": scenario(
                    actions=big_actions,
                    row=matrix("1", 300, 300),
                    col=matrix("1", 300, 300),
                    extra="",
                )
            },
            kind="size",
            timeout=120,
        ),
    ]
    for rounds in (10**12, 2**63 - 1, 2**64, 10**400):
        extra = PLAY.replace("rounds = 20", f"rounds = {rounds}")
        cases.append(
            _scenario_case(
                f"[play] rounds = {str(rounds)[:12]} ({len(str(rounds))} digits)",
                "size",
                "play",
                extra=extra,
            )
        )
    for deadline in ("1000000000", "100000000"):
        extra = PLAY.replace(
            'row = "grim_trigger"',
            f'row = {{ strategy = "ultimatum", parameters = {{ deadline = {deadline} }} }}',
        )
        cases.append(
            _scenario_case(f"[play] ultimatum deadline {deadline}", "size", "play", extra=extra)
        )
    family = PLAY + (
        '\n[strategies.counter]\ninitial = "w1"\nparameters.k = { kind = "integer", '
        'default = 10000000 }\nstates."w{i}" = { action = "@cooperative", for = "k" }\n'
        'transitions = [{ from = "w{i}", to = "w{i-1}" }]\n'
    )
    family = family.replace('row = "grim_trigger"', 'row = "counter"')
    cases.append(_scenario_case("numbered family of 10**7 states", "size", "play", extra=family))
    for design, body in (
        (
            "grid 2**32",
            'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 1.0, count = 65536 }\nT = { start = 4.0, stop = 6.0, count = 65536 }\n',  # noqa: E501
        ),
        (
            "grid 10**8",
            'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 1.0, count = 10000 }\nT = { start = 4.0, stop = 6.0, count = 10000 }\n',  # noqa: E501
        ),
        (
            "latin hypercube 2**30",
            'design = "lhs"\npoints = 1073741824\n[parameters]\nx = { start = 0.0, stop = 1.0 }\n',
        ),
        (
            "random 2**31",
            'design = "random"\npoints = 2147483648\n[parameters]\nx = { start = 0.0, stop = 1.0 }\n',  # noqa: E501
        ),
        (
            "sobol 2**32",
            'design = "sobol"\npoints = 4294967296\n[parameters]\nx = { start = 0.0, stop = 1.0 }\n',  # noqa: E501
        ),
        (
            "grid step 1e-12",
            'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 1.0, step = 1e-12 }\n',
        ),
        (
            "grid count 10**400",
            f'design = "grid"\n[parameters]\nx = {{ start = 0.0, stop = 1.0, count = {10**400} }}\n',  # noqa: E501
        ),
    ):
        cases.append(
            _case(
                f"sweep {design}",
                ["sweep", "w.toml", "--out", "o"],
                {**S, "w.toml": sweep(body)},
                kind="size",
            )
        )
    return cases


def file_cases() -> list[Case]:
    cases = []
    for command in ("solve", "validate", "run", "play", "check", "tournament"):
        for special in (FIFO, DEV_ZERO, HUGE):
            cases.append(
                _case(
                    f"{command} {special}",
                    [command, "f.toml"],
                    {"f.toml": special},
                    kind="file",
                    timeout=30,
                )
            )
    for special in (FIFO, DEV_ZERO, HUGE):
        cases.append(
            _case(
                f"sweep file {special}",
                ["sweep", "w.toml", "--out", "o"],
                {"w.toml": special},
                kind="file",
                timeout=30,
            )
        )
        cases.append(
            _case(
                f"sweep scenario {special}",
                ["sweep", "w.toml", "--out", "o"],
                {"s.toml": special, "w.toml": sweep(GRID_X)},
                kind="file",
                timeout=30,
            )
        )
        cases.append(
            _case(
                f"plot report.json {special}",
                ["plot", "r"],
                {"r/report.json": special, "r/manifest.json": "{}"},
                kind="file",
                timeout=30,
            )
        )
    cases += [
        _case("no such file", ["solve", "missing.toml"], kind="file"),
        _case("a directory", ["solve", "d"], {"d/x": ""}, kind="file"),
        _case("empty file", ["solve", "e.toml"], {"e.toml": ""}, kind="file"),
        _case("binary file", ["solve", "b.toml"], {"b.toml": "\x00\x01\x02\x7f"}, kind="file"),
        _case("not utf-8", ["validate", "b.toml"], {"b.toml": "name = '\udcff'"}, kind="file"),
        _case("TOML syntax", ["solve", "b.toml"], {"b.toml": "[metadata\nname ="}, kind="file"),
        _case(
            "TOML array of tables at top", ["solve", "b.toml"], {"b.toml": "[[x]]\n"}, kind="file"
        ),
        _case(
            "deep TOML nesting",
            ["solve", "b.toml"],
            {"b.toml": "x = " + "[" * 5000 + "]" * 5000},
            kind="file",
        ),
        _case(
            "sweep scenario missing",
            ["sweep", "w.toml", "--out", "o"],
            {"w.toml": sweep(GRID_X, "nope.toml")},
            kind="file",
        ),
        _case(
            "sweep scenario is a directory",
            ["sweep", "w.toml", "--out", "o"],
            {"w.toml": sweep(GRID_X, "."), "x": ""},
            kind="file",
        ),
    ]
    return cases


def numeric_cases() -> list[Case]:
    cases = []
    for label, entry in (
        ("payoffs 1e308", "1e308"),
        ("payoffs -1e308", "-1e308"),
        ("payoffs 1e15", "1e15"),
        ("payoffs 1.7976931348623157e308", "1.7976931348623157e308"),
    ):
        cases.append(
            _scenario_case(
                label,
                "numeric",
                "solve",
                expect="answer_or_refuse",
                row=f"[[{entry}, 0.0], [1.0, -{entry}]]".replace("--", ""),
                extra="",
            )
        )
    cases += [
        _scenario_case("payoff inf", "numeric", row="[[inf, 0.0], [1.0, 2.0]]", extra=""),
        _scenario_case("payoff nan", "numeric", row="[[nan, 0.0], [1.0, 2.0]]", extra=""),
        _scenario_case("payoff 1e400", "numeric", row="[[1e400, 0.0], [1.0, 2.0]]", extra=""),
        _scenario_case(
            "TOML integer 10**400", "numeric", row=f"[[{10**400}, 0], [1, 2]]", extra=""
        ),
        _scenario_case(
            "parameter 10**400", "numeric", parameters=f"T = {10**400}\nR = 3\nP = 1\nS = 0"
        ),
        _scenario_case("999-digit literal", "numeric", row=f'[["{"9" * 999}", "S"], ["T", "P"]]'),
        _scenario_case("995 unary minus", "numeric", row=f'[["{"-" * 995}1", "S"], ["T", "P"]]'),
        _scenario_case(
            "deep parentheses",
            "numeric",
            expect="answer",
            row=f'[["{"(" * 200}1{")" * 200}", "S"], ["T", "P"]]',
        ),
        _scenario_case("expression 2**10000", "numeric", row='[["2 ** 10000", "S"], ["T", "P"]]'),
        _scenario_case("expression 10.0**400", "numeric", row='[["10.0 ** 400", "S"], ["T", "P"]]'),
        _scenario_case("expression 1e400 literal", "numeric", row='[["1e400", "S"], ["T", "P"]]'),
        _scenario_case("expression 0 ** -1", "numeric", row='[["0 ** -1", "S"], ["T", "P"]]'),
        _scenario_case(
            "expression (-1) ** 0.5", "numeric", row='[["(-1) ** 0.5", "S"], ["T", "P"]]'
        ),
        _scenario_case("expression 1/0", "numeric", row='[["1 / 0", "S"], ["T", "P"]]'),
        _scenario_case("expression 1/(x-x)", "numeric", row='[["1 / (x - x)", "S"], ["T", "P"]]'),
        _scenario_case("expression 9**9**9", "numeric", row='[["9 ** 9 ** 9", "S"], ["T", "P"]]'),
        _scenario_case(
            "expression long", "numeric", row=f'[["{"+".join(["1"] * 600)}", "S"], ["T", "P"]]'
        ),
        _scenario_case(
            "nan parameter unused",
            "numeric",
            parameters="T = 5.0\nR = 3.0\nP = 1.0\nS = 0.0\nunused = nan",
        ),
        _scenario_case(
            "inf parameter unused",
            "numeric",
            parameters="T = 5.0\nR = 3.0\nP = 1.0\nS = 0.0\nunused = inf",
        ),
        _scenario_case(
            "-inf parameter", "numeric", parameters="T = -inf\nR = 3.0\nP = 1.0\nS = 0.0"
        ),
        _scenario_case(
            "nan parameter table",
            "numeric",
            parameters="T = { value = nan }\nR = 3.0\nP = 1.0\nS = 0.0",
        ),
        _scenario_case("discount nan", "numeric", "play", extra=PLAY.replace("0.9", "nan")),
        _scenario_case("discount inf", "numeric", "play", extra=PLAY.replace("0.9", "inf")),
        _scenario_case("discount 1e308", "numeric", "play", extra=PLAY.replace("0.9", "1e308")),
        _scenario_case(
            "discount expression 1/0", "numeric", "play", extra=PLAY.replace("0.9", '"1 / 0"')
        ),
        _scenario_case("discount -0.5", "numeric", "play", extra=PLAY.replace("0.9", "-0.5")),
        _scenario_case(
            "rounds 0", "numeric", "play", extra=PLAY.replace("rounds = 20", "rounds = 0")
        ),
        _scenario_case(
            "rounds -5", "numeric", "play", extra=PLAY.replace("rounds = 20", "rounds = -5")
        ),
        _scenario_case(
            "rounds 2.5", "numeric", "play", extra=PLAY.replace("rounds = 20", "rounds = 2.5")
        ),
        _scenario_case(
            "rounds expression 1e400",
            "numeric",
            "play",
            extra=PLAY.replace("rounds = 20", 'rounds = "1e400"'),
        ),
        _scenario_case(
            "rounds expression x/0",
            "numeric",
            "play",
            extra=PLAY.replace("rounds = 20", 'rounds = "x / 0"'),
        ),
        _scenario_case(
            "ultimatum deadline 2.5",
            "numeric",
            "play",
            extra=PLAY.replace(
                'row = "grim_trigger"',
                'row = { strategy = "ultimatum", parameters = { deadline = 2.5 } }',
            ),
        ),
        _scenario_case(
            "ultimatum deadline -3",
            "numeric",
            "play",
            extra=PLAY.replace(
                'row = "grim_trigger"',
                'row = { strategy = "ultimatum", parameters = { deadline = -3 } }',
            ),
        ),
        _scenario_case(
            "generous forgiveness 2",
            "numeric",
            "play",
            extra=PLAY.replace(
                'row = "grim_trigger"',
                'row = { strategy = "generous_tit_for_tat", parameters = { forgiveness = 2.0 } }',
            ),
        ),
        _scenario_case(
            "generous forgiveness nan",
            "numeric",
            "play",
            extra=PLAY.replace(
                'row = "grim_trigger"',
                'row = { strategy = "generous_tit_for_tat", parameters = { forgiveness = nan } }',
            ),
        ),
        _case("play --rounds 0", ["play", "s.toml", "--rounds", "0"], kind="numeric"),
        _case("play --runs -1", ["play", "s.toml", "--runs", "-1"], kind="numeric"),
        _case("play --seed -1", ["play", "s.toml", "--seed", "-1"], kind="numeric"),
        _case("play --seed 2**64", ["play", "s.toml", "--seed", str(2**64)], kind="numeric"),
        _case("play --seed 10**400", ["play", "s.toml", "--seed", str(10**400)], kind="numeric"),
    ]
    return cases


def range_cases() -> list[Case]:
    cases = []
    for command in ("solve", "validate", "run", "play"):
        for value in ("2", "-1", "nan", "inf", "-inf", "1e400"):
            cases.append(
                _case(
                    f"{command} --set x={value}",
                    [command, "s.toml", "--set", f"x={value}", "--out", "o"][
                        : 6 if command == "run" else 4
                    ],
                    kind="range",
                )
            )
    for item in (
        "1_0",
        "x=1_0",
        "x=",
        "=1",
        "x",
        "x=0x1",
        "x=1,5",
        "x=½",
        "nope=1",
        "x=1e-400000",
        "x=" + "9" * 500,
        "x = 0.5 0.5",
        "x=True",
    ):
        cases.append(_case(f"--set {item!r}", ["solve", "s.toml", "--set", item], kind="range"))
    base = "T = 5.0\nR = 3.0\nP = 1.0\nS = 0.0\n"
    for label, spec in (
        ("min a string", 'x = { value = 0.5, min = "0" }'),
        ("max a string", 'x = { value = 0.5, max = "one" }'),
        ("integer yes", 'x = { value = 1, integer = "yes" }'),
        ("value below min", "x = { value = -0.5, min = 0.0 }"),
        ("value above max", "x = { value = 1.5, max = 1.0 }"),
        ("min above max", "x = { value = 0.5, min = 1.0, max = 0.0 }"),
        ("min nan", "x = { value = 0.5, min = nan }"),
        ("max inf", "x = { value = 0.5, max = inf, min = -inf }"),
        ("value a string", 'x = { value = "0.5" }'),
        ("value a boolean", "x = { value = true }"),
        ("value an array", "x = { value = [1, 2] }"),
        ("value a date", "x = 1987-12-08"),
        ("value missing", 'x = { description = "d" }'),
        ("parameter named min", "min = 1.0"),
        ("parameter named abs", "abs = 1.0"),
        ("parameter name with newline", '"a\nb" = 1.0'),
        ("parameter name 200 chars", f"{'a' * 200} = 1.0"),
    ):
        cases.append(_scenario_case(f"parameter {label}", "range", parameters=base + spec))
    sweep_fixed = sweep(
        'design = "grid"\n[parameters]\nT = { start = 4.0, stop = 6.0, count = 3 }\n'
        "[fixed]\nx = 2.0\n"
    )
    cases.append(
        _case(
            "sweep fixed x=2 beyond max",
            ["sweep", "w.toml", "--out", "o"],
            {**S, "w.toml": sweep_fixed},
            kind="range",
        )
    )
    cases.append(
        _case(
            "sweep --set x=2 beyond max",
            ["sweep", "w.toml", "--out", "o", "--set", "x=2"],
            {
                **S,
                "w.toml": sweep(
                    'design = "grid"\n[parameters]\nT = { start = 4.0, stop = 6.0, count = 3 }\n'
                ),
            },
            kind="range",
        )
    )
    cases.append(
        _case(
            "sweep range beyond max",
            ["sweep", "w.toml", "--out", "o"],
            {
                **S,
                "w.toml": sweep(
                    'design = "grid"\n[parameters]\nx = { start = 0.0, stop = 2.0, count = 3 }\n'
                ),
            },
            kind="range",
        )
    )
    return cases


def structure_cases() -> list[Case]:
    """Malformed scenarios: shapes, names, references."""
    cases = [
        _scenario_case("ragged matrix", "structure", row='[["R", "S"], ["T"]]'),
        _scenario_case("matrix wrong shape", "structure", row='[["R", "S", "S"], ["T", "P", "P"]]'),
        _scenario_case("matrix empty", "structure", row="[]", col="[]"),
        _scenario_case("no actions", "structure", actions="[]", row="[]", col="[]"),
        _scenario_case("duplicate actions", "structure", actions='["a", "a"]'),
        _scenario_case("action with newline", "structure", actions='["a\\nb", "c"]'),
        _scenario_case("action name empty", "structure", actions='["", "c"]'),
        _scenario_case(
            "player name with newline",
            "structure",
            players='row = "Row\\nerror: fake"\ncol = "Column"',
        ),
        _scenario_case("player name empty", "structure", players='row = ""\ncol = "C"'),
        _scenario_case("players missing", "structure", players=""),
        _scenario_case("name with newline", "structure", name_="a\\nb"),
        _scenario_case("bare function abs", "structure", row='[["abs", "S"], ["T", "P"]]'),
        _scenario_case("bare function max", "structure", row='[["max", "S"], ["T", "P"]]'),
        _scenario_case("bare min + max", "structure", row='[["min + max", "S"], ["T", "P"]]'),
        _scenario_case("abs()", "structure", row='[["abs()", "S"], ["T", "P"]]'),
        _scenario_case("max(1)", "structure", expect="answer", row='[["max(1)", "S"], ["T", "P"]]'),
        _scenario_case("call of a name", "structure", row='[["T(1)", "S"], ["T", "P"]]'),
        _scenario_case("attribute", "structure", row='[["T.real", "S"], ["T", "P"]]'),
        _scenario_case("dunder", "structure", row='[["__import__", "S"], ["T", "P"]]'),
        _scenario_case(
            "payload import",
            "structure",
            row='[["__import__(\'os\').system(\'touch pwned\')", "S"], ["T", "P"]]',
        ),
        _scenario_case("lambda", "structure", row='[["(lambda: 1)()", "S"], ["T", "P"]]'),
        _scenario_case("string literal", "structure", row='[["\'a\' * 10", "S"], ["T", "P"]]'),
        _scenario_case("complex literal", "structure", row='[["1j", "S"], ["T", "P"]]'),
        _scenario_case("comparison", "structure", row='[["T > 1", "S"], ["T", "P"]]'),
        _scenario_case("boolean op", "structure", row='[["T and 1", "S"], ["T", "P"]]'),
        _scenario_case("floor division", "structure", row='[["T // 2", "S"], ["T", "P"]]'),
        _scenario_case("modulo", "structure", row='[["T % 2", "S"], ["T", "P"]]'),
        _scenario_case("subscript", "structure", row='[["T[0]", "S"], ["T", "P"]]'),
        _scenario_case("unknown parameter", "structure", row='[["cost", "S"], ["T", "P"]]'),
        _scenario_case("empty expression", "structure", row='[["", "S"], ["T", "P"]]'),
        _scenario_case("syntax error", "structure", row='[["T +", "S"], ["T", "P"]]'),
        _scenario_case(
            "expression with newline", "structure", row='[["T\\n+ 1", "S"], ["T", "P"]]'
        ),
        _scenario_case("boolean payoff", "structure", row='[[true, "S"], ["T", "P"]]'),
        _scenario_case("unknown top key", "structure", extra="\n[bogus]\nx = 1\n"),
        _scenario_case(
            "unknown strategy",
            "structure",
            "play",
            extra=PLAY.replace('"grim_trigger"', '"no_such_strategy"'),
        ),
        _scenario_case(
            "strategy with newline",
            "structure",
            "play",
            extra=PLAY.replace('"grim_trigger"', '"a\\nb"'),
        ),
        _case("--row unknown", ["play", "s.toml", "--row", "nope"], kind="structure"),
        _case(
            "--row garbage", ["play", "s.toml", "--row", "ultimatum(deadline=)"], kind="structure"
        ),
        _case(
            "--row unbalanced",
            ["play", "s.toml", "--row", "ultimatum(deadline=2"],
            kind="structure",
        ),
        _case("--row with newline", ["play", "s.toml", "--row", "tit\nfor_tat"], kind="structure"),
        _case("--row payload", ["play", "s.toml", "--row", "__import__('os')"], kind="structure"),
    ]
    return cases


def option_cases() -> list[Case]:
    return [
        _case("--rounds abc", ["play", "s.toml", "--rounds", "abc"], kind="option"),
        _case("--runs 1.5", ["play", "s.toml", "--runs", "1.5"], kind="option"),
        _case("unknown option", ["solve", "s.toml", "--bogus"], kind="option"),
        _case("unknown command", ["bogus"], kind="option"),
        _case("missing argument", ["solve"], kind="option"),
        _case("--set without value", ["solve", "s.toml", "--set"], kind="option"),
        _case("--solver bogus", ["solve", "s.toml", "--solver", "bogus"], kind="option"),
        _case("--format bogus", ["plot", "r", "--format", "bogus"], kind="option"),
        _case("option with newline", ["solve", "s.toml", "--bo\ngus"], kind="option"),
        _case("file name with newline", ["solve", "a\nb.toml"], kind="option"),
        _case(
            "sweep --chunk-size 0",
            ["sweep", "w.toml", "--out", "o", "--chunk-size", "0"],
            {**S, "w.toml": sweep(GRID_X)},
            kind="option",
        ),
        _case(
            "sweep --workers -1",
            ["sweep", "w.toml", "--out", "o", "--workers", "-1"],
            {**S, "w.toml": sweep(GRID_X)},
            kind="option",
        ),
    ]


def out_cases() -> list[Case]:
    return [
        _case(
            "--out under a file",
            ["run", "s.toml", "--out", "f/sub"],
            {**S, "f": "x"},
            kind="filesystem",
        ),
        _case(
            "--out is a file", ["run", "s.toml", "--out", "f"], {**S, "f": "x"}, kind="filesystem"
        ),
        _case("--out /dev/null", ["run", "s.toml", "--out", "/dev/null"], kind="filesystem"),
        _case(  # the refusal comes only when the result is written, after the whole run
            "--out in /proc",
            ["run", "s.toml", "--out", "/proc/stabsim"],
            kind="filesystem",
            slow=True,
        ),
        _case(
            "sweep --out is a file",
            ["sweep", "w.toml", "--out", "f"],
            {**S, "w.toml": sweep(GRID_X), "f": "x"},
            kind="filesystem",
        ),
        _case(
            "sweep --out under a file",
            ["sweep", "w.toml", "--out", "f/o"],
            {**S, "w.toml": sweep(GRID_X), "f": "x"},
            kind="filesystem",
        ),
        _case(
            "sweep --out .partial is a file",
            ["sweep", "w.toml", "--out", "o"],
            {**S, "w.toml": sweep(GRID_X), "o/sw.partial": "x"},  # OUT/NAME.partial
            kind="filesystem",
        ),
    ]


def sweep_point_cases() -> list[Case]:
    def one(label, body, scenario_text=None, **options):
        files = {"s.toml": scenario_text or scenario(), "w.toml": sweep(body, **options)}
        return _case(f"sweep {label}", ["sweep", "w.toml", "--out", "o"], files, kind="sweep")

    zero_div = scenario(row='[["1 / x", "S"], ["T", "P"]]')
    deadline = scenario(
        parameters="T = 5.0\nR = 3.0\nP = 1.0\nS = 0.0\nx = 0.5\nd = 2",
        extra=PLAY.replace(
            'row = "grim_trigger"',
            'row = { strategy = "ultimatum", parameters = { deadline = "d" } }',
        ),
    )
    return [
        one("1/x at x=0", GRID_X, zero_div),
        one("values [nan]", 'design = "grid"\n[parameters]\nx = { values = [nan] }\n'),
        one("values [inf]", 'design = "grid"\n[parameters]\nx = { values = [inf] }\n'),
        one("values [0.5, nan]", 'design = "grid"\n[parameters]\nx = { values = [0.5, nan] }\n'),
        one("values []", 'design = "grid"\n[parameters]\nx = { values = [] }\n'),
        one(
            "start nan",
            'design = "grid"\n[parameters]\nx = { start = nan, stop = 1.0, count = 3 }\n',
        ),
        one(
            "stop inf",
            'design = "grid"\n[parameters]\nx = { start = 0.0, stop = inf, count = 3 }\n',
        ),
        one(
            "loguniform low 0",
            'design = "random"\npoints = 4\n[parameters]\nx = { distribution = "loguniform", low = 0.0, high = 1.0 }\n',  # noqa: E501
        ),
        one(
            "fractional deadline",
            'design = "grid"\n[parameters]\nd = { values = [2.5] }\n',
            deadline,
            outcomes='["expected_payoffs"]',
        ),
        one(
            "huge deadline",
            'design = "grid"\n[parameters]\nd = { values = [1e9] }\n',
            deadline,
            outcomes='["expected_payoffs"]',
        ),
        one("unknown parameter", 'design = "grid"\n[parameters]\nnope = { values = [1.0] }\n'),
        one("no parameters", 'design = "grid"\n[parameters]\n'),
        one("unknown outcome", GRID_X.replace("design", 'outcomes = ["bogus"]\ndesign')),
        one(
            "integer yes",
            'design = "grid"\n[parameters]\nx = { values = [0.5], integer = "yes" }\n',
        ),
        one("integer 1", 'design = "grid"\n[parameters]\nx = { values = [0.5], integer = 1 }\n'),
        one(
            "count a string",
            'design = "grid"\n[parameters]\nx = { start = 0, stop = 1, count = "3" }\n',
        ),
        one(
            "start a string",
            'design = "grid"\n[parameters]\nx = { start = "0", stop = 1, count = 3 }\n',
        ),
        one("seed negative", GRID_X, seed="-1"),
        one("seed 2**64", GRID_X, seed=str(2**64)),
        one("seed 10**400", GRID_X, seed=str(10**400)),
    ]


def plot_cases() -> list[Case]:
    good_manifest = '{"command": ["stabsim"]}'

    def folder(label, files):
        return _case(f"plot {label}", ["plot", "r"], files, kind="plot", timeout=60)

    return [
        folder(
            "empty results.parquet", {"r/results.parquet": "", "r/manifest.json": good_manifest}
        ),
        folder(
            "garbage results.parquet",
            {"r/results.parquet": "PAR1 garbage PAR1", "r/manifest.json": good_manifest},
        ),
        folder(
            "text results.parquet",
            {"r/results.parquet": "a,b\n1,2\n", "r/manifest.json": good_manifest},
        ),
        folder("report.json {}", {"r/report.json": "{}", "r/manifest.json": good_manifest}),
        folder("report.json []", {"r/report.json": "[]", "r/manifest.json": good_manifest}),
        folder("report.json null", {"r/report.json": "null"}),
        folder("report.json 1", {"r/report.json": "1"}),
        folder("report.json garbage", {"r/report.json": "{not json"}),
        folder("report.json empty", {"r/report.json": ""}),
        folder(
            "report.json NaN payoffs",
            {
                "r/report.json": '{"stage": {"players": ["a", "b"], "actions": [["x"], ["y"]], "payoffs": [[[NaN]], [[NaN]]]}}'  # noqa: E501
            },
        ),
        folder("report.json stage []", {"r/report.json": '{"stage": []}'}),
        folder(
            "report.json stage garbled",
            {"r/report.json": '{"stage": {"payoffs": "zz", "actions": 3}}'},
        ),
        folder("report.json play garbled", {"r/report.json": '{"play": {"rounds": "x"}}'}),
        folder("report.json deep", {"r/report.json": "[" * 100000 + "]" * 100000}),
        folder("empty folder", {"r/.keep": ""}),
        _case("plot missing folder", ["plot", "nope"], kind="plot"),
        _case("plot a file", ["plot", "s.toml"], kind="plot"),
    ]


def all_cases() -> list[Case]:
    return [
        *size_cases(),
        *file_cases(),
        *numeric_cases(),
        *range_cases(),
        *structure_cases(),
        *option_cases(),
        *out_cases(),
        *sweep_point_cases(),
        *plot_cases(),
        *dynamics_cases(),
        *game_size_cases(),
    ]


TOURNAMENT = """
[tournament]
pool = ["tit_for_tat", "always_defect", "grim_trigger"]

[tournament.evolution]
"""


def coordination(m: int) -> str:
    """An m x m pure coordination game: 2**m - 1 equilibria."""
    actions = "[" + ", ".join(f'"a{i}"' for i in range(m)) + "]"
    identity = (
        "["
        + ", ".join(
            "[" + ", ".join("1" if i == j else "0" for j in range(m)) + "]" for i in range(m)
        )
        + "]"
    )
    return scenario(actions=actions, row=identity, col=identity, extra="", parameters="")


def game_size_cases() -> list[Case]:
    return [
        _case(
            f"solve {m}x{m} coordination",
            ["solve", "s.toml"],
            {"s.toml": coordination(m)},
            expect="answer_or_refuse",
            kind="size",
            timeout=60 if m < 12 else 15,
            slow=True,
        )
        for m in (8, 12, 50)
    ]


def dynamics_cases() -> list[Case]:
    """Evolutionary and learning dynamics with extreme settings."""
    cases = []
    for setting in (
        "precision = inf",
        "precision = 1e308",
        "time = 1e308",
        "time = inf",
        "time = 1e-320",
        "intensity = inf",
        "intensity = 1e308",
        "population = 100000",
        "learning_rounds = 1000001",
        "row_start = [1e308, 1e308, 1e308]",
        "row_start = [0, 0, 0]",
        "row_start = [1, 2]",
    ):
        text = scenario(extra=PLAY + TOURNAMENT + setting + "\n")
        for dynamics in ("replicator", "logit", "moran", "fictitious"):
            cases.append(
                _case(
                    f"evolve {dynamics} {setting}",
                    ["evolve", "s.toml", "--dynamics", dynamics],
                    {"s.toml": text},
                    expect="answer_or_refuse",
                    kind="dynamics",
                    timeout=60,
                    slow=dynamics != "replicator",  # each setting once in the quick run
                )
            )
    return cases
