"""Results kept for the length of one run that reads the same files many times.

`kc validate` runs some twenty checks, and most of them read, list and parse the same texts: within
`shared()` each file is read, each folder listed and each text parsed once. Outside it nothing is kept, so
a long-lived process (`mkdocs serve`) always sees the files as they are now.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_store: ContextVar[dict | None] = ContextVar("kc_memo", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Keep `cached` results until the block ends (for files that do not change meanwhile); nested blocks
    share the outer one's. A context variable, so other threads never see this run's results."""
    token = _store.set({} if _store.get() is None else _store.get())
    try:
        yield
    finally:
        _store.reset(token)


def cached(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from earlier in the same `shared()` block. Callers keep only values that
    nobody changes (bytes, strings, tuples), or hand out copies."""
    store = _store.get()
    if store is None:
        return compute()
    try:
        return store[kind, key]
    except KeyError:
        value = store[kind, key] = compute()
        return value
