"""Results kept for one run (kc.content.memo), as kc validate uses them for the files it reads."""

from __future__ import annotations

import threading

import pytest

from kc.content import memo, sourcefile
from kc.content.clauses import parse_clauses
from kc.content.sources import markdown_files


def test_outside_a_run_every_read_sees_the_file_as_it_is_now(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("one", encoding="utf-8")
    assert sourcefile.read(path) == "one"
    path.write_text("two", encoding="utf-8")
    assert sourcefile.read(path) == "two"


def test_within_a_run_each_file_is_read_and_listed_once(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("one", encoding="utf-8")
    with memo.shared():
        assert sourcefile.read(path) == "one"
        assert markdown_files(tmp_path) == [path]
        path.write_text("two", encoding="utf-8")
        (tmp_path / "b.md").write_text("", encoding="utf-8")
        assert sourcefile.read(path) == "one"  # the run's view of the files does not change under it
        assert markdown_files(tmp_path) == [path]
    assert sourcefile.read(path) == "two"
    assert markdown_files(tmp_path) == [path, tmp_path / "b.md"]


def test_a_file_that_cannot_be_read_fails_every_time_with_its_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"ok\n\xff\n")
    with memo.shared():
        for _ in range(2):
            with pytest.raises(sourcefile.SourceError) as err:
                sourcefile.read(path)
            assert err.value.line == 2 and "not valid UTF-8" in err.value.message
        assert sourcefile.read_lenient(path) == "ok\n\ufffd\n"


def test_callers_get_their_own_lists(tmp_path):
    (tmp_path / "a.md").write_text("", encoding="utf-8")
    with memo.shared():
        first = markdown_files(tmp_path)
        first.append(tmp_path / "planted.md")
        assert markdown_files(tmp_path) == [tmp_path / "a.md"]
        clauses = parse_clauses("## 1 Syfte\n")
        clauses.clear()
        assert [c.number for c in parse_clauses("## 1 Syfte\n")] == ["1"]


def test_nested_runs_share_and_other_threads_see_nothing(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("one", encoding="utf-8")
    seen = []
    with memo.shared():
        sourcefile.read(path)
        path.write_text("two", encoding="utf-8")
        with memo.shared():
            assert sourcefile.read(path) == "one"
        assert sourcefile.read(path) == "one"  # the inner block did not end the outer run
        thread = threading.Thread(target=lambda: seen.append(sourcefile.read(path)))
        thread.start()
        thread.join()
    assert seen == ["two"]
