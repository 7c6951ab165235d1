"""Build steps in a short-lived child process (kc.content.forked)."""

from __future__ import annotations

import logging
import os
import resource
import signal
import threading

import pytest

from kc.content import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")


def test_the_step_runs_in_another_process_and_its_result_comes_back():
    assert forked.can_fork()
    pid, value = forked.run(lambda: (os.getpid(), {"a": [1, "ö", b"\x00"]}))
    assert pid != os.getpid()
    assert value == {"a": [1, "ö", b"\x00"]}


def test_the_memory_the_step_uses_goes_with_the_child():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def big():
        block = bytearray(80 * 2**20)
        block[:: 4096] = b"x" * len(block[:: 4096])  # touch every page: really resident
        return len(block)

    assert forked.run(big) == 80 * 2**20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024  # KB
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss >= 80 * 1024


def test_the_steps_exception_is_raised_here():
    def fail():
        raise ValueError("docs/sv/x.md:3: bad table")

    with pytest.raises(ValueError, match=r"docs/sv/x\.md:3: bad table"):
        forked.run(fail)


class _Unpicklable(Exception):
    def __init__(self, message, handle):
        super().__init__(message)
        self.handle = handle

    def __reduce__(self):
        raise TypeError("cannot pickle")


def test_an_exception_that_does_not_pickle_comes_back_as_its_type_and_message():
    def fail():
        raise _Unpicklable("broken step", lambda: None)

    with pytest.raises(forked.ChildError, match="_Unpicklable: broken step"):
        forked.run(fail)


def test_a_child_that_dies_is_reported_not_awaited_forever():
    with pytest.raises(forked.ChildError, match="exit status 3"):
        forked.run(lambda: os._exit(3))
    with pytest.raises(forked.ChildError, match=f"killed by signal {signal.SIGKILL.value}"):
        forked.run(lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_what_the_child_logs_reaches_this_processs_handlers_once():
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(f"{record.levelname}:{record.getMessage()}")

    logger = logging.getLogger("mkdocs.test_forked")
    handler = Keep(logging.WARNING)
    logger.addHandler(handler)
    try:
        def step():
            logger.warning("link to %s is broken", "x.md")
            logger.info("not shown")  # below the handler's level, here as in the child
            return 1

        assert forked.run(step) == 1
    finally:
        logger.removeHandler(handler)
    assert seen == ["WARNING:link to x.md is broken"]


def test_with_other_threads_running_the_step_runs_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.can_fork()
        assert forked.run(os.getpid) == os.getpid()
    finally:
        stop.set()
        thread.join()


class _TwoArgs(Exception):
    """Pickles, but cannot be rebuilt from its args (the classic exception that fails to unpickle)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class _LoadsBadly:
    def __reduce__(self):  # pickles fine, fails when read back
        return (int, ("not a number",))


def test_a_result_or_exception_that_cannot_be_read_back_is_a_child_error_not_a_crash():
    def fail():
        raise _TwoArgs("docs/sv/x.md:1: broken", 7)

    with pytest.raises(forked.ChildError, match=r"_TwoArgs: docs/sv/x\.md:1: broken"):
        forked.run(fail)
    with pytest.raises(forked.ChildError, match="could not be read back"):
        forked.run(_LoadsBadly)


def test_without_a_fork_the_step_runs_here_and_no_descriptor_leaks(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(forked.os, "fork", no_fork)
    before = len(os.listdir("/proc/self/fd"))
    assert forked.run(os.getpid) == os.getpid()
    assert len(os.listdir("/proc/self/fd")) == before


class _Stop(Exception):
    pass


def test_an_interrupted_wait_takes_the_child_with_it(monkeypatch):
    pids = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            pids.append(pid)
            signal.setitimer(signal.ITIMER_REAL, 0.3)  # once the child runs, however slow the machine
        return pid

    def stop(*_):
        raise _Stop

    monkeypatch.setattr(forked.os, "fork", fork)
    old = signal.signal(signal.SIGALRM, stop)
    try:
        with pytest.raises(_Stop):
            forked.run(lambda: __import__("time").sleep(60))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    with pytest.raises(ChildProcessError):  # killed and reaped: no zombie, no orphan still working
        os.waitpid(pids[0], os.WNOHANG)


def test_what_the_child_prints_is_not_lost(tmp_path, monkeypatch):
    out = tmp_path / "out.txt"
    with open(out, "w", encoding="utf-8") as f:  # block-buffered, as a language process's stdout file is
        monkeypatch.setattr("sys.stdout", f)
        forked.run(lambda: print("from the child"))
    assert out.read_text(encoding="utf-8") == "from the child\n"


def test_a_log_record_with_an_attribute_that_does_not_pickle_still_reaches_this_process(caplog):
    def step():
        logging.getLogger("kc.test").warning("docs/sv/x.md:2: odd", extra={"handle": lambda: None})
        return 42

    with caplog.at_level(logging.WARNING, logger="kc.test"):
        assert forked.run(step) == 42
    assert [r.getMessage() for r in caplog.records if r.name == "kc.test"] == ["docs/sv/x.md:2: odd"]


def test_without_standard_streams_the_step_still_runs(monkeypatch):
    monkeypatch.setattr("sys.stdout", None)  # what Python sets when started with its stdout closed (>&-)
    monkeypatch.setattr("sys.stderr", None)
    assert forked.run(lambda: 7) == 7
