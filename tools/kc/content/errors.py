"""Errors that reach the user as one clear message, without a traceback."""

from __future__ import annotations

import sys


class UserError(Exception):
    """An error to show the user as one clear message, without a traceback."""


class BuildError(Exception):
    """The content or the build failed; the message says why."""


def fail(message: str, code: int = 1) -> int:
    """Print `message` as kc's error on stderr; return the exit status for the command."""
    print(f"kc: error: {message}", file=sys.stderr)
    return code
