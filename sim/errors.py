"""The one exception family for user errors (bad scenario, bad option).

The command line prints a :class:`StabsimError` as one line
``error: FILE: KEY.PATH: what is wrong`` and exits with status 2.
"""

from __future__ import annotations

import errno


class StabsimError(Exception):
    """A user error: bad input file, bad key, bad option.

    Parameters
    ----------
    message
        What is wrong, in one line.
    source
        The file (or ``--option``) the error comes from, if known.
    key
        The key path inside the source, for example ``payoffs.row[2][1]``.
    """

    def __init__(self, message: str, source: str | None = None, key: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.key = key

    def located(self, source: str | None = None, key_prefix: str | None = None) -> StabsimError:
        """Return a copy with the source set and ``key_prefix`` put before the key."""
        key = self.key
        if key_prefix:
            key = key_prefix if not key else join_key(key_prefix, key)
        return type(self)(self.message, source or self.source, key)

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.key) if p]
        return ": ".join([*parts, self.message])


class ScenarioError(StabsimError):
    """A scenario, strategy or sweep file that is malformed."""


class OptionError(StabsimError):
    """A command-line option with a bad value."""


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
