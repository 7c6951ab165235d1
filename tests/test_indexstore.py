"""The `kc search` index under concurrency: builders take turns, readers never see half an index."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kc.content.model import Project
from kc.search import index as search
from kc.search import indexstore


@pytest.fixture
def project(site_copy):
    return Project.load(site_copy("search"))


def kc(root, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "kc.cli", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc):
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    assert proc.returncode == 0, err
    return out, err


def generations(out):
    return sorted(p.name for p in out.iterdir() if p.name.startswith(indexstore.PREFIX))


def test_concurrent_builders_and_searchers_on_a_stale_index_all_succeed(project):
    root = project.root
    search.build_index(project)
    text = project.text_path("housing", "sv")
    text.write_text(text.read_text(encoding="utf-8") + "\nNytt ord: kvarteret.\n", encoding="utf-8")
    assert search.index_state(project) == "stale"
    # Two builders and three readers of the stale index (which rebuild it first), all at once, twice.
    for _ in range(2):
        procs = [kc(root, "index"), kc(root, "index")]
        procs += [kc(root, "search", "--json", "kvarteret") for _ in range(3)]
        results = [finish(p) for p in procs]
        for out, _ in results[:2]:
            assert out.startswith("kc index: search index built (sv: ")
        for out, _ in results[2:]:
            assert [(h["guideline"], h["current"]) for h in json.loads(out)] == [("HO", True)]
    out = root / ".cache" / "search"
    assert search.index_state(project) == "fresh"
    assert len(generations(out)) == 1  # every superseded or unfinished generation was deleted
    assert indexstore.current(out).name == generations(out)[0]


def test_a_second_builder_waits_and_then_finds_the_index_fresh(project):
    out = project.root / ".cache" / "search"
    with indexstore.building(out):
        # A search on the missing index must wait for the build under way, not crash or build a second one.
        waiting = kc(project.root, "search", "--json", "omplaceringar")
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=2)
        search._build_generation(project, out, {"hash": search.inputs_hash(project), "documents": {}})
        built = indexstore.current(out)
    out_text, err = finish(waiting)
    assert "search index is missing; rebuilding it" in err
    assert [h["clause"] for h in json.loads(out_text)] == ["1.2"]
    assert indexstore.current(out) == built  # it used the index built meanwhile instead of building again
    assert search.ensure_index(project) is None and indexstore.current(out) == built


def test_an_interrupted_build_leaves_the_previous_index_in_use_and_the_next_build_removes_its_folder(
    project, monkeypatch
):
    summary = search.build_index(project)
    out = project.root / ".cache" / "search"
    good = indexstore.current(out)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(search, "_write", killed)
    monkeypatch.setattr(indexstore, "discard", lambda generation: None)  # as if killed: nothing tidies up
    with pytest.raises(KeyboardInterrupt):
        search.build_index(project)
    assert len(generations(out)) == 2 and indexstore.current(out) == good
    assert [h.clause for h in search.search(project, "omplaceringar", "sv")] == ["1.2"]
    monkeypatch.undo()
    assert search.build_index(project) == summary
    assert len(generations(out)) == 1 and indexstore.current(out) != good


def test_a_missing_or_garbled_pointer_counts_as_no_index(project, tmp_path):
    out = tmp_path / "ix"
    assert indexstore.current(out) is None
    with pytest.raises(search.SearchError, match="no search index yet; build it with 'kc index'"):
        search.search(project, "boende", "sv", folder=out)
    search.build_index(project, out)
    assert search.index_state(project, out) == "fresh"
    for bad in ("../elsewhere", "g-missing", "", "state.json"):
        (out / indexstore.POINTER).write_text(bad, encoding="utf-8")
        assert indexstore.current(out) is None
        assert search.index_state(project, out) == "missing"


def test_the_layout_before_generations_is_cleared_by_the_next_build(project):
    out = project.root / ".cache" / "search"
    (out / "sv").mkdir(parents=True)
    (out / "state.json").write_text("{}", encoding="utf-8")
    (out.with_name("search.tmp") / "sv").mkdir(parents=True)
    assert search.index_state(project) == "missing"
    search.build_index(project)
    assert not (out / "sv").exists() and not (out / "state.json").exists()
    assert not out.with_name("search.tmp").exists()
    assert search.index_state(project) == "fresh"
