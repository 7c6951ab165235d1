"""A step of the build run in a short-lived child process (fork), so that its memory is the child's alone.

Generating the search box's index, the documents' downloads and the registry each needs tens of MB at 500
guidelines (over 100 MB at 2000) for a moment. Freed, that memory stays with the process that used it
(Python's allocator keeps its arenas), and MkDocs then holds every page's HTML on top: each language
process peaked above plain Material + i18n; the validation in `kc build`'s parent kept its reading
through the output scan likewise. A forked child starts from the parent's memory as it is,
does the step, hands back a small result through a pipe and exits, and all it used goes with it.

Without fork (Windows), or when other threads run (`mkdocs serve`'s server: a fork copies only the calling
thread, and a lock another thread held would never be released in the child), the step runs in-process.
"""

from __future__ import annotations

import ctypes
import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1


class ChildError(Exception):
    """The child process stopped without handing back its result."""


def can_fork() -> bool:
    """Whether `run` forks here: a platform with fork, and no other thread running."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run(step: Callable[[], T], usage: dict | None = None) -> T:
    """`step()`, run in a forked child: its result (picklable), or the exception it raised, raised here.

    What the child logs is logged again here, in order, through this process's loggers and handlers (a
    build's warning counter sees it); the child's own handlers never see it, so nothing is logged twice.
    `usage`, if given, receives the child's cpu_seconds and peak_mb (nothing when the step ran here).
    """
    if not can_fork():
        return step()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    _flush()  # else the child's copy of a buffer could be written a second time
    try:
        pid = os.fork()
    except OSError:  # no process to spare (EAGAIN, ENOMEM): the step is done here, as without fork
        os.close(read_end)
        os.close(write_end)
        return step()
    if pid == 0:
        os.close(read_end)
        _child(step, parent, write_end)  # never returns
    try:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status, rusage = os.wait4(pid, 0)
    except BaseException:
        # Interrupted (Ctrl-C, a signal's handler): the child must not run on unwatched, nor stay a zombie.
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):  # already reaped (by a SIGCHLD handler, say)
            pass
        raise
    if usage is not None:
        usage.update(cpu_seconds=rusage.ru_utime + rusage.ru_stime, peak_mb=rusage.ru_maxrss / 1024)
    if not data:
        raise ChildError(f"a build step stopped in its own process ({_describe(status)}) before it finished")
    try:
        outcome, value, records = pickle.loads(data)  # noqa: S301 - written by our own child, just now
    except Exception as exc:  # noqa: BLE001 - cut short (the child killed while writing) or not rebuildable
        raise ChildError(f"the result of a build step in its own process ({_describe(status)}) could not "
                         f"be read back ({type(exc).__name__}: {exc})") from None
    for record in records:
        logging.getLogger(record.name).handle(record)
    if outcome == "error":
        raise value
    return value


def _child(step: Callable, parent: int, write_end: int) -> None:
    status = 1
    try:
        die_with_parent(parent)
        records: list[logging.LogRecord] = []
        # Past the loggers' levels and filters, before any handler: the parent's handlers take over.
        logging.Logger.callHandlers = lambda self, record: records.append(_portable(record))
        try:
            payload = pickle.dumps(("ok", step(), records))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            payload = _error_payload(exc, records)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        _flush()  # what the step printed (the parent's buffers were flushed before the fork)
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers, no cleanup of its state


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # None (started with it closed), closed, or broken
            pass


def die_with_parent(parent: int) -> None:
    """In a new child process (Linux): the kernel kills it when its parent `parent` dies (a stopped build),
    even by SIGKILL; a child whose parent died before that took effect exits at once. Used by kc.parbuild's
    workers too."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message formatted and its traceback as text, so that it pickles."""
    record.msg = record.getMessage()
    record.args = None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    for name, value in list(vars(record).items()):
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - an `extra` that does not pickle (a handle, a lambda): its text
            setattr(record, name, repr(value))
    return record


def _error_payload(exc: BaseException, records: list) -> bytes:
    try:
        payload = pickle.dumps(("error", exc, records))
        pickle.loads(payload)  # noqa: S301 - an exception whose __init__ takes other arguments pickles but
        return payload  # cannot be rebuilt from them: tried here, where the fallback below can still help
    except Exception:  # noqa: BLE001 - an exception that does not pickle: its type and message
        return pickle.dumps(("error", ChildError(f"{type(exc).__name__}: {exc}"), records))


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
