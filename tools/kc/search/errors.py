"""The one error of the search: a problem to show the user as one message."""

from __future__ import annotations


class SearchError(Exception):
    """A problem to show the user as one message (malformed query, missing index). A malformed query's
    error also carries the message's `code` and `args_` (kc.search.operators.MESSAGES), so that the message
    can be said in the reader's language."""

    def __init__(self, message: str, code: str | None = None, args: tuple = ()):
        super().__init__(message)
        self.code, self.args_ = code, args
