"""The one error of the search: a problem to show the user as one message."""


class SearchError(Exception):
    """A problem to show the user as one message (malformed query, missing index)."""
