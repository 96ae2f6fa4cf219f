"""Safe arithmetic expressions over named parameters.

Payoff entries may be expressions such as ``"treaty_value - build_cost"``. They are parsed
with :mod:`ast` and walked node by node; nothing is ever passed to ``eval`` or ``exec``.
The grammar: numeric literals, parameter names, ``+ - * / **``, parentheses, unary minus
and plus, and calls to ``min``, ``max`` and ``abs``. Evaluation works on numpy arrays, so a
parameter may hold one value per sweep point.

Sizes are bounded before any work (see :mod:`sim.limits`): the text's length
(``expression_length``), the nesting depth of its syntax tree (``expression_depth``, which
also bounds the recursion of the evaluator) and the digits of a literal (``number_digits``).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim import limits
from sim.errors import ScenarioError, did_you_mean

_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_FUNCTIONS = {"min": np.minimum, "max": np.maximum, "abs": np.abs}
EXACT_POWER_BITS = 100_000
"""Largest power (in bits of its numerator or denominator) evaluated in exact arithmetic."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its syntax tree and the parameter names it uses."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, parameters: Mapping[str, float | np.ndarray]) -> np.ndarray:
        """Evaluate on scalar or array parameters; raise ScenarioError on bad arithmetic."""
        missing = sorted(self.names - set(parameters))
        if missing:
            shown = _shown(self.text)
            hint = did_you_mean(missing[0], parameters)
            raise ScenarioError(f"unknown parameter {missing[0]!r} in expression {shown}{hint}")
        with np.errstate(all="ignore"):
            value = _as_float_array(_evaluate(self.tree.body, parameters, self.text))
        if not np.all(np.isfinite(value)):
            shown = _shown(self.text)
            raise ScenarioError(f"expression {shown} is not finite (overflow or 0 ** -x)")
        return value

    def evaluate_exact(self, parameters: Mapping[str, Fraction]) -> Fraction:
        """Evaluate in rational arithmetic: literals are read as the decimals they are written
        as (``0.8`` is 4/5), parameters are fractions. A power with a non-integer exponent
        has no exact value and is an error."""
        missing = sorted(self.names - set(parameters))
        if missing:
            shown = _shown(self.text)
            hint = did_you_mean(missing[0], parameters)
            raise ScenarioError(f"unknown parameter {missing[0]!r} in expression {shown}{hint}")
        value = _evaluate(self.tree.body, parameters, self.text, number=_fraction)
        if not isinstance(value, Fraction):
            raise ScenarioError(f"expression {_shown(self.text)} has no exact rational value")
        return value


def _fraction(value: float | Fraction) -> Fraction:
    """A literal or parameter as the fraction its shortest decimal form names."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if not np.isfinite(value):
        raise ScenarioError(f"{value!r} has no exact rational value")
    return Fraction(repr(float(value)))


def parse(text: str) -> Expression:
    """Parse ``text`` and check it against the grammar; raise ScenarioError if it is outside.

    Parsed once per text and bounds in force (a sweep evaluates the same entries for every
    batch of points); an expression refused is refused again each time.
    """
    return _parse(text, limits.current())


@functools.lru_cache(maxsize=4096)
def _parse(text: str, _bounds: limits.Limits) -> Expression:
    """:func:`parse` under the bounds ``_bounds`` (the cache key; they are the ones in force)."""
    length = limits.bound("expression_length")
    if len(text) > length:
        raise ScenarioError(
            f"expression of {len(text):,} characters is longer than the limit of {length:,} "
            "(limit 'expression_length')"
        )
    shown = _shown(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ScenarioError(f"cannot parse expression {shown}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ScenarioError(f"expression {shown} is nested too deeply") from None
    _check_depth(tree, shown)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, shown, names, called)
    return Expression(text, tree, frozenset(names))


def _shown(text: str) -> str:
    """The expression as quoted in a message: its repr, cut short if long."""
    return repr(text) if len(text) <= 80 else repr(text[:60]) + f"... ({len(text)} characters)"


def _check_depth(tree: ast.AST, shown: str) -> None:
    """Refuse a syntax tree nested deeper than ``expression_depth`` (walked without recursion)."""
    limit = limits.bound("expression_depth")
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise ScenarioError(
                f"expression {shown} is nested more than {limit} deep (limit 'expression_depth')"
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_literal(value: int | float, shown: str) -> None:
    digits = limits.bound("number_digits")
    if isinstance(value, int) and abs(value) >= 10**digits:
        raise ScenarioError(
            f"a literal in {shown} has more than {digits} digits (limit 'number_digits')"
        )
    if isinstance(value, float) and not np.isfinite(value):
        raise ScenarioError(f"a literal in {shown} is too large for a number")


def _check_node(node: ast.AST, text: str, names: set[str], called: set[int]) -> None:
    """Check one node; ``text`` is the expression as shown in messages."""
    if isinstance(node, ast.Expression | ast.Load):
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ScenarioError(f"only numbers are allowed as literals in {text}")
        _check_literal(node.value, text)
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            if id(node) not in called:
                raise ScenarioError(
                    f"{node.id!r} is a function, not a parameter: call it, as in "
                    f"{node.id}(x, y), in {text}"
                )
            return
        if node.id.startswith("_"):
            raise ScenarioError(f"name {node.id!r} is not allowed in {text}")
        names.add(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise ScenarioError(f"only min, max and abs may be called in {text}")
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise ScenarioError(f"{node.func.id} takes plain arguments in {text}")
        if node.func.id == "abs" and len(node.args) != 1:
            raise ScenarioError(f"abs takes one argument in {text}")
        return
    if isinstance(node, ast.operator | ast.unaryop):
        return  # the operator token of an allowed BinOp/UnaryOp
    raise ScenarioError(f"{type(node).__name__} is not allowed in expression {text}")


def _as_float_array(value) -> np.ndarray:
    return np.asarray(value, dtype=float)


def _evaluate(node: ast.AST, parameters: Mapping, text: str, number=_as_float_array):
    """Walk the checked tree; ``number`` converts literals and parameter values."""
    if isinstance(node, ast.Constant):
        return number(node.value)
    if isinstance(node, ast.Name):
        return number(parameters[node.id])
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, parameters, text, number)
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, parameters, text, number)
        right = _evaluate(node.right, parameters, text, number)
        if isinstance(node.op, ast.Div) and np.any(np.asarray(right) == 0):
            raise ScenarioError(f"division by zero in {_shown(text)}")
        if isinstance(left, Fraction) or isinstance(right, Fraction):
            return _exact_binary(node.op, left, right, text)
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        args = [_evaluate(a, parameters, text, number) for a in node.args]
        function = _FUNCTIONS[node.func.id]
        if node.func.id == "abs":
            return function(args[0])
        result = args[0]
        for arg in args[1:]:
            result = function(result, arg)
        return result
    raise ScenarioError(f"{type(node).__name__} is not allowed in expression {_shown(text)}")


def _exact_binary(op: ast.operator, left: Fraction, right: Fraction, text: str):
    """One operation in rational arithmetic; a power is bounded by :data:`EXACT_POWER_BITS`."""
    if not isinstance(op, ast.Pow):
        return _BINARY[type(op)](left, right)
    if right.denominator != 1:
        raise ScenarioError(f"expression {_shown(text)} has no exact rational value")
    size = max(left.numerator.bit_length(), left.denominator.bit_length())
    if abs(right.numerator) * size > EXACT_POWER_BITS:
        raise ScenarioError(f"a power in {_shown(text)} is too large for exact arithmetic")
    if left == 0 and right < 0:
        raise ScenarioError(f"division by zero in {_shown(text)}")
    return left**right


def evaluate_entry(entry: float | str, parameters: Mapping[str, float | np.ndarray]) -> np.ndarray:
    """Evaluate one payoff entry: a number, or an expression string."""
    if isinstance(entry, str):
        return parse(entry).evaluate(parameters)
    try:
        value = np.asarray(float(entry))
    except OverflowError:
        raise ScenarioError("payoff is too large for a number") from None
    if not np.isfinite(value):
        raise ScenarioError("payoff is not finite")
    return value
