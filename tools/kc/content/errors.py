"""Errors that reach the user as one clear message, without a traceback."""


class UserError(Exception):
    """An error to show the user as one clear message, without a traceback."""


class BuildError(Exception):
    """The content or the build failed; the message says why."""
