"""Safe arithmetic expressions over named parameters.

Payoff entries may be expressions such as ``"treaty_value - build_cost"``. They are parsed
with :mod:`ast` and walked node by node; nothing is ever passed to ``eval`` or ``exec``.
The grammar: numeric literals, parameter names, ``+ - * / **``, parentheses, unary minus
and plus, and calls to ``min``, ``max`` and ``abs``. Evaluation works on numpy arrays, so a
parameter may hold one value per sweep point.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim.errors import ScenarioError

_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_FUNCTIONS = {"min": np.minimum, "max": np.maximum, "abs": np.abs}
MAX_LENGTH = 1000


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
            raise ScenarioError(f"unknown parameter {missing[0]!r} in expression {self.text!r}")
        with np.errstate(all="ignore"):
            value = _as_float_array(_evaluate(self.tree.body, parameters, self.text))
        if not np.all(np.isfinite(value)):
            raise ScenarioError(f"expression {self.text!r} is not finite (overflow or 0 ** -x)")
        return value

    def evaluate_exact(self, parameters: Mapping[str, Fraction]) -> Fraction:
        """Evaluate in rational arithmetic: literals are read as the decimals they are written
        as (``0.8`` is 4/5), parameters are fractions. A power with a non-integer exponent
        has no exact value and is an error."""
        missing = sorted(self.names - set(parameters))
        if missing:
            raise ScenarioError(f"unknown parameter {missing[0]!r} in expression {self.text!r}")
        value = _evaluate(self.tree.body, parameters, self.text, number=_fraction)
        if not isinstance(value, Fraction):
            raise ScenarioError(f"expression {self.text!r} has no exact rational value")
        return value


def _fraction(value: float | Fraction) -> Fraction:
    """A literal or parameter as the fraction its shortest decimal form names."""
    return value if isinstance(value, Fraction) else Fraction(repr(float(value)))


def parse(text: str) -> Expression:
    """Parse ``text`` and check it against the grammar; raise ScenarioError if it is outside."""
    if len(text) > MAX_LENGTH:
        raise ScenarioError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ScenarioError(f"cannot parse expression {text!r}: {exc.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text, names)
    return Expression(text, tree, frozenset(names))


def _check_node(node: ast.AST, text: str, names: set[str]) -> None:
    if isinstance(node, ast.Expression | ast.Load):
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ScenarioError(f"only numbers are allowed as literals in {text!r}")
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            return
        if node.id.startswith("_"):
            raise ScenarioError(f"name {node.id!r} is not allowed in {text!r}")
        names.add(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise ScenarioError(f"only min, max and abs may be called in {text!r}")
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise ScenarioError(f"{node.func.id} takes plain arguments in {text!r}")
        if node.func.id == "abs" and len(node.args) != 1:
            raise ScenarioError(f"abs takes one argument in {text!r}")
        return
    if isinstance(node, ast.operator | ast.unaryop):
        return  # the operator token of an allowed BinOp/UnaryOp
    raise ScenarioError(f"{type(node).__name__} is not allowed in expression {text!r}")


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
            raise ScenarioError(f"division by zero in {text!r}")
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
    raise ScenarioError(f"{type(node).__name__} is not allowed in expression {text!r}")


def evaluate_entry(entry: float | str, parameters: Mapping[str, float | np.ndarray]) -> np.ndarray:
    """Evaluate one payoff entry: a number, or an expression string."""
    if isinstance(entry, str):
        return parse(entry).evaluate(parameters)
    value = np.asarray(float(entry))
    if not np.isfinite(value):
        raise ScenarioError("payoff is not finite")
    return value
