"""The one exception family for user errors (bad scenario, bad option).

The command line prints a :class:`StabsimError` as one line
``error: FILE: KEY.PATH: what is wrong`` and exits with status 2.

The core knows nothing of the command line: an error about a function argument names the
argument (``argument="method"``), and other arguments a message mentions are written in
backquotes (``"give only one of `workers` and `dask_local`"``); the command line shows
each as the option that sets it.
"""

from __future__ import annotations

import copy
import errno
from collections.abc import Iterable


class StabsimError(Exception):
    """A user error: bad input file, bad key, bad option.

    Parameters
    ----------
    message
        What is wrong, in one line.
    source
        The file the error comes from, if known.
    key
        The key path inside the source, for example ``payoffs.row[2][1]``.
    argument
        The name of the function argument the error is about, if any (``row_pool``).
    """

    def __init__(
        self,
        message: str,
        source: str | None = None,
        key: str | None = None,
        *,
        argument: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.source = source
        self.key = key
        self.argument = argument

    def located(
        self,
        source: str | None = None,
        key_prefix: str | None = None,
        argument: str | None = None,
    ) -> StabsimError:
        """A copy with the source (and the argument) set and ``key_prefix`` before the key."""
        located = copy.copy(self)
        if key_prefix:
            located.key = key_prefix if not self.key else join_key(key_prefix, self.key)
        located.source = source or self.source
        located.argument = argument or self.argument
        return located

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.argument, self.key) if p]
        return ": ".join([*parts, self.message])


class ScenarioError(StabsimError):
    """A scenario, strategy or sweep file that is malformed."""


class OptionError(StabsimError):
    """A function argument with a bad value (on the command line, the option that sets it).

    ``OptionError("must be at least 1, got 0", "workers")`` reads ``workers: must be at
    least 1, got 0``; ``key`` names an item inside the argument (a parameter of ``overrides``).
    """

    def __init__(
        self,
        message: str,
        argument: str | None = None,
        key: str | None = None,
        *,
        source: str | None = None,
    ):
        super().__init__(message, source, key, argument=argument)


class OutputError(StabsimError):
    """A result that cannot be written: read-only or full file system, a file in the way."""


_OS_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.ENOTDIR: "a parent is a file, not a folder",
    errno.EEXIST: "exists already",
    errno.EDQUOT: "disk quota exceeded",
}


def output_error(exc: OSError, path: object) -> OutputError:
    """An operating-system error while writing the result at ``path``, as one line."""
    reason = _OS_REASONS.get(exc.errno) or " ".join(str(exc.strerror or exc).split())
    return OutputError(f"cannot write the result: {reason}", str(path))


class FieldError(ValueError):
    """Raised inside a schema validator to name a key below the one being validated.

    ``raise FieldError("roles.cooperative", "not an action")`` in a validator of ``actions``
    is reported as ``actions.roles.cooperative: not an action``.
    """

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the known name closest to a misspelled one, else ``""``.

    Closeness is :func:`difflib.get_close_matches`'s ratio (at least 0.6), so a name that
    resembles nothing known gets no suggestion rather than a far-fetched one.
    """
    import difflib

    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def join_key(prefix: str, key: str) -> str:
    return prefix + key if key.startswith("[") else f"{prefix}.{key}"


def format_key(loc: tuple[str | int, ...]) -> str:
    """Format a location as a key path: ``("payoffs", "row", 2, 1)`` -> ``payoffs.row[2][1]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out
