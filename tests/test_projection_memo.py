"""The carried projection: a rebuild's entity graph made from the previous one's
(graph/projection_memo.py, graph/dump_projection.py) equals a whole projection, node
for node, edge for edge and in order, and a memo that is not the previous build's own
is never used."""

from __future__ import annotations

import pickle
import shutil
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from graph import analysis, dump_projection, projection_memo, synth
from graph.build import CACHE_DIR, build

ROOT = Path(__file__).resolve().parent.parent
PAGES = 24
OUTPUTS = ("czt.ttl", "czt.trig", "czt.nq", "czt.jsonld", "analysis.json", "report.txt", "graph.html")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, lexicon):
    """``PAGES`` synthetic pages (the session's ``lexicon``: conftest.py)."""
    return synth.write_corpus(tmp_path_factory.mktemp("pages"), PAGES, ROOT / "data" / "lexicon", lexicon)


def _layout(view) -> list:
    """Everything of an entity graph that order or value can tell apart."""
    return [("graph", view.graph)] + [("node", n, d, list(view.succ[n]), list(view.pred[n]))
                                       for n, d in view.nodes(data=True)] + \
        [("edge", u, v, k, d) for u, v, k, d in view.edges(keys=True, data=True)]


def _watched(monkeypatch) -> list:
    """Record, of each projection the build makes, whether it was carried and whether it
    equals the whole projection of the same statements (the first difference if not)."""
    seen: list = []
    inner, project = dump_projection._project, analysis.project

    def recorded(dump, g, carried):
        seen.append("carried" if carried is not None else "whole")
        return inner(dump, g, carried)

    def compared(g, carried=None):
        view = project(g, carried)
        if carried is not None:
            mine, whole = _layout(view), _layout(project(g))
            seen.pop()  # the whole projection made here to compare with, not the build's
            first = next((pair for pair in zip(mine, whole) if pair[0] != pair[1]), None)
            seen.append("equal" if mine == whole else f"differs: {first}")
        return view

    monkeypatch.setattr(dump_projection, "_project", recorded)
    monkeypatch.setattr(analysis, "project", compared)
    return seen


def _one_page_more(folder: Path, lexicon) -> None:
    synth.write_corpus(folder, PAGES + 1, folder / "lexicon", lexicon)


def _two_pages_more(folder: Path, lexicon) -> None:
    synth.write_corpus(folder, PAGES + 2, folder / "lexicon", lexicon)


def _a_page_edited(folder: Path, lexicon) -> None:
    page = sorted((folder / "raw").iterdir())[2]
    text = synth.page_text(2, 0, synth.pools_of(lexicon))
    page.write_bytes(text.replace("。", "。长沙市与湘潭市签署合作协议。", 1).encode("utf-8"))


def _a_page_gone(folder: Path, lexicon) -> None:
    sorted((folder / "raw").iterdir())[4].unlink()


def _nothing(folder: Path, lexicon) -> None:
    pass


@pytest.mark.parametrize("change, carried", [
    (_one_page_more, True), (_two_pages_more, True), (_nothing, True),
    (_a_page_edited, None), (_a_page_gone, None),  # carried or not: equal either way
])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_carried_projection_equals_a_whole_one(tmp_path, corpus, lexicon, monkeypatch, change, carried, jobs):
    work = tmp_path / "work"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    build(work, out, jobs=jobs, lexicon=lexicon)
    change(work, lexicon)
    seen = _watched(monkeypatch)
    build(work, out, jobs=jobs, lexicon=lexicon)
    assert [s for s in seen if s not in ("carried", "whole")] in ([], ["equal"]), seen
    if carried:
        assert seen[:1] == ["carried"] and "equal" in seen and "whole" not in seen, seen


def test_a_rebuild_with_a_carried_projection_writes_what_a_clean_build_writes(tmp_path, corpus, lexicon, monkeypatch):
    work = tmp_path / "work"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    build(work, out, jobs=2, lexicon=lexicon)
    _one_page_more(work, lexicon)
    taken: list = []
    carried_graph = dump_projection._carried_graph
    monkeypatch.setattr(dump_projection, "_carried_graph", lambda *a: taken.append(1) or carried_graph(*a))
    build(work, out, jobs=2, lexicon=lexicon)
    assert taken == [1]
    clean = tmp_path / "clean"
    build(work, clean, jobs=1, cache=False, lexicon=lexicon)
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == {n: (clean / n).read_bytes() for n in OUTPUTS}
    # and the memo kept for the next build is this build's graph
    again = _watched(monkeypatch)
    build(work, out, jobs=2, lexicon=lexicon)
    assert again[:1] == ["carried"] and "equal" in again


class _Dump:
    """What projection_memo.load reads of a build's statements."""

    def __init__(self, memo_id: str | None, terms: int = 3):
        self.texts = [f"t{i}" for i in range(terms)]
        self.previous_terms = ("terms", np.arange(terms))
        self.previous_changes = None if memo_id is None else (memo_id, np.zeros(terms, dtype=bool), frozenset(), None)


def _saved(folder: Path, statements_id: str | None = "memo-1") -> None:
    view = analysis.assembled({"a": {"label": "甲"}, "b": {"label": "乙"}}, [("a", "b", "partOf", {"evidence": []})])
    projection_memo.save(folder, "salt", statements_id, view)


def test_the_memo_is_taken_only_for_the_statements_and_salt_it_was_made_with(tmp_path):
    _saved(tmp_path)
    loaded = projection_memo.load(tmp_path, "salt", _Dump("memo-1"))
    assert list(loaded.graph.edges(keys=True, data=True)) == [("a", "b", "partOf", {"evidence": []})]
    assert loaded.touched.tolist() == [False, False, False] and loaded.new.tolist() == [False, False, False]
    assert projection_memo.load(tmp_path, "salt", _Dump("memo-2")) is None  # made from other statements
    assert projection_memo.load(tmp_path, "another salt", _Dump("memo-1")) is None  # another code or lexicon
    assert projection_memo.load(tmp_path, "salt", _Dump(None)) is None  # statements not made from a memo
    _saved(tmp_path, statements_id=None)  # a build without a statements memo leaves none
    assert not (tmp_path / projection_memo.FILE).exists() and not (tmp_path / projection_memo.PATCHES).exists()


def _memo(header: tuple, body) -> bytes:
    return pickle.dumps(header) + pickle.dumps(body)


@pytest.mark.parametrize("content", [
    b"", b"not a pickle", pickle.dumps(("entity graph v1", "salt", "memo-1")),
    _memo((projection_memo.FORMAT, "salt", "memo-1"), (OrderedDict(), {}, {})),  # names a class
    _memo((projection_memo.FORMAT, OrderedDict(), "memo-1"), ({}, {}, {})),  # in its header
    _memo((projection_memo.FORMAT, "salt", "memo-1"), ({"a": {}}, {}, {})),  # adjacency without its node
    _memo((projection_memo.FORMAT, "salt", "memo-1"), ({}, {}, {}))[:-3],  # cut short
], ids=["empty", "garbage", "old format", "a class", "a class in the header", "torn", "cut short"])
def test_a_torn_or_foreign_memo_is_not_used(tmp_path, content):
    (tmp_path / projection_memo.FILE).write_bytes(content)
    assert projection_memo.load(tmp_path, "salt", _Dump("memo-1")) is None


def test_rebuilds_keep_patches_of_the_whole_graph_until_too_many(tmp_path, corpus, lexicon, monkeypatch):
    """Each carried rebuild adds its changes to the patches file (the whole graph's file
    is left alone) and the next build reads the graph with every patch applied; past
    MAX_PATCHES the whole graph is written again and the patches go."""
    work = tmp_path / "work"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    cache = out / CACHE_DIR
    build(work, out, jobs=1, lexicon=lexicon)
    whole = (cache / projection_memo.FILE).read_bytes()
    monkeypatch.setattr(projection_memo, "MAX_PATCHES", 2)
    monkeypatch.setattr(projection_memo, "MAX_PATCH_SHARE", 100.0)  # a small graph: patches as large
    seen = _watched(monkeypatch)
    for more in (1, 2, 3):
        synth.write_corpus(work, PAGES + more, work / "lexicon", lexicon)
        build(work, out, jobs=1, lexicon=lexicon)
        assert seen[:1] == ["carried"] and seen[-1] == "equal", (more, seen)
        seen.clear()
        if more < 3:
            assert (cache / projection_memo.FILE).read_bytes() == whole
            assert (cache / projection_memo.PATCHES).exists()
        else:  # two patches kept already: the whole graph is written again
            assert (cache / projection_memo.FILE).read_bytes() != whole
            assert not (cache / projection_memo.PATCHES).exists()
    build(work, out, jobs=1, lexicon=lexicon)
    assert seen[:1] == ["carried"] and seen[-1] == "equal"
    monkeypatch.setattr(projection_memo, "MAX_PATCH_SHARE", 0.0)  # patches too large: written whole
    synth.write_corpus(work, PAGES + 4, work / "lexicon", lexicon)
    seen.clear()
    build(work, out, jobs=1, lexicon=lexicon)
    assert seen[:1] == ["carried"] and not (cache / projection_memo.PATCHES).exists()
    monkeypatch.setattr(projection_memo, "MAX_PATCH_SHARE", 100.0)
    synth.write_corpus(work, PAGES + 5, work / "lexicon", lexicon)
    build(work, out, jobs=1, lexicon=lexicon)
    (cache / projection_memo.PATCHES).write_bytes(b"torn")  # patches that cannot be read
    synth.write_corpus(work, PAGES + 6, work / "lexicon", lexicon)
    seen.clear()
    build(work, out, jobs=1, lexicon=lexicon)
    assert seen == ["whole"]  # the whole graph alone is of older statements than the build's


def test_a_build_reads_no_memo_a_rebuild_cannot_use(tmp_path, corpus, lexicon, monkeypatch):
    """A memo made unreadable between builds: the rebuild makes the whole projection
    and writes a good memo again."""
    work = tmp_path / "work"
    shutil.copytree(corpus, work)
    out = tmp_path / "out"
    build(work, out, jobs=1, lexicon=lexicon)
    (out / CACHE_DIR / projection_memo.FILE).write_bytes(b"torn")
    _one_page_more(work, lexicon)
    seen = _watched(monkeypatch)
    build(work, out, jobs=1, lexicon=lexicon)
    assert seen == ["whole"]
    assert projection_memo.load(out / CACHE_DIR, "x", _Dump(None)) is None
    seen.clear()
    build(work, out, jobs=1, lexicon=lexicon)
    assert seen[:1] == ["carried"]
