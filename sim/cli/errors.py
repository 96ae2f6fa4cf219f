"""How the command line reports an error: always one line on stderr.

- A usage error (unknown option, missing argument, a value of the wrong type, a bad
  choice) prints ``error: OPTION: what is wrong`` and exits with status 2.
- A user error (:class:`~sim.errors.StabsimError`) prints
  ``error: FILE: KEY.PATH: what is wrong`` and exits with status 2. The core names the
  function argument an error is about; here it is shown as the option that sets it.
- A file the system cannot read or write prints ``error: PATH: reason``, status 2.
- Anything else is a bug: one line saying so, status 1; ``--debug`` shows the traceback.

Control characters in names (a file name with a newline) are printed escaped, so an
error stays on one line.
"""

from __future__ import annotations

import re
import sys

import typer

# click's exception classes, wherever this typer takes click from (it may bundle its own)
click_exceptions = sys.modules[typer.BadParameter.__module__]
INTERNAL_STATUS = 1
USAGE_STATUS = 2
_ARGUMENT_IN_TEXT = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)`")
# the parser's wordings (typer >= 0.25), said the way our own errors say it
_REWORDED = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), r"must be at least \1"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), r"must be at most \1"),
    (re.compile(r"^Input should be a valid integer.*"), "must be a whole number"),
    (re.compile(r"^Input should be a valid number.*"), "must be a number"),
)


def one_line(text: str) -> str:
    """``text`` with newlines and other control characters escaped (``\\n``, ``\\x1b``)."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text)
    )


def error_line(*parts: str | None) -> str:
    """``error: PART: PART: ...`` with empty parts left out, on one line."""
    return "error: " + ": ".join(one_line(p) for p in parts if p)


def option_names(command) -> dict[str, str]:
    """The option that sets each parameter of a click ``command``, by parameter name."""
    if command is None:
        return {}
    return {p.name: _option_label(p) for p in command.params if _is_option(p)}


def _is_option(param) -> bool:
    return param.param_type_name == "option"


def _option_label(option) -> str:
    long = [o for o in option.opts if o.startswith("--")]
    return (long or option.opts)[0]


def _parameter_label(param) -> str | None:
    if param is None:
        return None
    if _is_option(param):
        return _option_label(param)
    return (param.metavar or (param.name or "").upper()).strip("{}[]")


def _sentence(message: str) -> str:
    """A click message as the tail of an error line: no final full stop, lower case first."""
    for pattern, replacement in _REWORDED:
        message = pattern.sub(replacement, message.strip())
    message, _, suggestion = message.partition(". Did you mean ")
    message = message.rstrip(".") + (
        f" (did you mean {suggestion.rstrip('?')}?)" if suggestion else ""
    )
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    return message


def usage_error_line(exc) -> str:
    """One line for a click ``UsageError`` raised while parsing the command line."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        what = "no such option"
        if exc.possibilities:
            what += f" (did you mean {exc.possibilities[0]}?)"  # the closest match
        return error_line(exc.option_name, what)
    if isinstance(exc, click_exceptions.BadOptionUsage):
        message = re.sub(r"^Option '[^']*' ", "", exc.message).replace(
            "requires an argument", "needs a value"
        )
        return error_line(exc.option_name, _sentence(message))
    if isinstance(exc, click_exceptions.MissingParameter):
        kind = "option" if exc.param is not None and _is_option(exc.param) else "argument"
        return error_line(_parameter_label(exc.param), f"missing {kind}")
    if isinstance(exc, click_exceptions.BadParameter):
        return error_line(_parameter_label(exc.param), _sentence(exc.message))
    return error_line(_sentence(exc.format_message()))


def user_error_line(exc, options: dict[str, str], file: str | None = None) -> str:
    """One line for a :class:`~sim.errors.StabsimError`, arguments shown as options.

    ``exc.argument`` is the name of the function argument the error is about; argument
    names in backquotes in the message are replaced by their options too. ``file`` is the
    command's input file, named when the error itself names none (a size bound passed by
    the work the file asks for).
    """
    return error_line(*user_error_parts(exc, options, file))


def user_error_parts(exc, options: dict[str, str], file: str | None = None) -> list[str | None]:
    """File, option, key and message of a :class:`~sim.errors.StabsimError`."""
    argument = getattr(exc, "argument", None)
    message = _ARGUMENT_IN_TEXT.sub(lambda m: options.get(m[1], m[0]), exc.message)
    source = exc.source or (file if argument is None else None)  # an option's error is its own
    return [source, options.get(argument, argument), exc.key, message]


def input_file(args: list[str]) -> str | None:
    """The first argument after the command's name that names an existing file."""
    from pathlib import Path

    for arg in args[1:]:
        if not arg.startswith("-") and Path(arg).is_file():
            return arg
    return None


def os_error_line(exc: OSError) -> str:
    """One line for a file the system refused: ``error: PATH: reason``."""
    return error_line(exc.filename and str(exc.filename), exc.strerror or str(exc))


def internal_error_line(exc: BaseException) -> str:
    """One line for an exception that is a bug of stabsim, asking for a report."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return error_line(
        f"internal error ({what}); this is a bug in stabsim: please report it with the "
        "output of the same command run with --debug"
    )
