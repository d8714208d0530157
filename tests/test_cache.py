"""The per-page cache's entry format: records stored as (class, field values)."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

from graph import cache as C
from graph import synth
from graph.build import load_lexicon
from graph.pipeline import process_page
from graph.records import Page
from graph.vocab import DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(ROOT / "data")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, lexicon):
    folder = synth.write_corpus(tmp_path_factory.mktemp("pages"), 3, ROOT / "data" / "lexicon", lexicon)
    files = sorted((folder / "raw").iterdir())
    return [(f, process_page(str(f), DEFAULT_BASE, lexicon)) for f in files]


def test_every_record_class_is_stored_by_its_fields():
    from graph import records

    names = {cls.__name__ for cls in C._RECORD_FIELDS}
    assert {"Span", "Page", "Document", "Mention", "Assertion", "Claim", "Extraction", "Entity"} <= names
    for cls, fields in C._RECORD_FIELDS.items():
        assert getattr(records, cls.__name__) is cls and fields == tuple(f for f in cls.__slots__ if f in fields)


def test_entries_round_trip_equal(tmp_path, pages, lexicon):
    pc = C.PageCache(tmp_path, lexicon, DEFAULT_BASE)
    for f, (page, extractions, _err, _t1, _t2) in pages:
        key = pc.key(str(f), f.read_bytes())
        pc.put(key, page, extractions)
        got = pc.get(key)
        assert got is not None
        assert got == (page, extractions) and repr(got) == repr((page, extractions))
        # the rebuilt records are as frozen and hashable as the originals
        with pytest.raises(AttributeError):
            got[0].path = "elsewhere"  # type: ignore[misc]
        assert hash(got[1][0].document.span) == hash(extractions[0].document.span)
    assert pc.misses == 0


def _entry(key, page, extractions, override=None) -> bytes:
    class Writer(C._RecordPickler):
        def reducer_override(self, obj):
            if override is not None and type(obj) is Page:
                return override(obj)
            return super().reducer_override(obj)

    buf = io.BytesIO()
    Writer(buf, protocol=pickle.HIGHEST_PROTOCOL).dump((key, page, tuple(extractions)))
    return buf.getvalue()


@pytest.mark.parametrize("override", [
    lambda page: (C._record, (Page, ("only one field",))),  # a record that no longer fits its class
    lambda page: (C._record, (int, (1,))),  # not a record class
    lambda page: (C._record, (Page, None)),  # no values at all
])
def test_entries_that_do_not_fit_are_recomputed(tmp_path, pages, lexicon, override):
    pc = C.PageCache(tmp_path, lexicon, DEFAULT_BASE)
    f, (page, extractions, *_rest) = pages[0]
    key = pc.key(str(f), f.read_bytes())
    pc.put(key, page, extractions)
    pc._file(key).write_bytes(_entry(key, page, extractions, override))
    assert pc.get(key) is None and pc.misses == 1
    pc._file(key).write_bytes(_entry(key, page, extractions)[:-7])  # truncated
    assert pc.get(key) is None and pc.misses == 2
    pc.put(key, page, extractions)  # recomputed and stored again: a hit
    assert pc.get(key) == (page, extractions)


def test_a_parallel_build_caches_what_its_workers_computed(tmp_path, pages, lexicon):
    """With --jobs, workers write the entries and send the same bytes back: the build's
    results and the cache are exactly the serial ones, and prune keeps every entry."""
    from graph.pipeline import read_and_extract

    files = [f for f, _r in pages]
    pc = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    corpus, extractions = read_and_extract(files, lexicon, DEFAULT_BASE, jobs=2, cache=pc)
    assert pc.misses == len(files) and pc.hits == 0
    assert corpus.pages == [r[0] for _f, r in pages]
    assert extractions == [x for _f, r in pages for x in r[1]]
    assert pc.prune() == 0
    assert len(list((tmp_path / "cache").rglob("*.pkl"))) == len(files)
    assert not list((tmp_path / "cache").rglob("*.tmp"))
    again = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    for f, (page, exs, *_rest) in pages:
        assert again.get(again.key(str(f), f.read_bytes())) == (page, exs)
    assert again.hits == len(files)


def test_a_parallel_build_reports_an_unreadable_page_and_caches_the_others(tmp_path, pages, lexicon):
    from graph.pipeline import read_and_extract

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")  # an empty page: an error, not an entry
    files = [f for f, _r in pages] + [bad]
    pc = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    corpus, _extractions = read_and_extract(files, lexicon, DEFAULT_BASE, jobs=2, cache=pc)
    assert [(str(e.path), str(e)) for e in corpus.errors] == [(str(bad), f"{bad}: page is empty")]
    assert len(corpus.pages) == len(pages)
    assert len(list((tmp_path / "cache").rglob("*.pkl"))) == len(pages)


@pytest.mark.parametrize("jobs", [1, 2])
def test_new_and_unreadable_entries_beside_cached_pages_give_the_serial_result(tmp_path, pages, lexicon, jobs):
    """A rebuild with one page cached, one new and one whose entry is corrupt: the new
    page is extracted (by workers, while the cached entry is read, with --jobs 2), the
    corrupt one recomputed, and the result is the serial one, in path order."""
    from graph.pipeline import read_and_extract

    files = [f for f, _r in pages]
    first = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    read_and_extract(files[:2], lexicon, DEFAULT_BASE, jobs=1, cache=first)
    C.entry_path(tmp_path / "cache", first.key(str(files[1]), files[1].read_bytes())).write_bytes(b"not a pickle")
    pc = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    corpus, extractions = read_and_extract(files, lexicon, DEFAULT_BASE, jobs=jobs, cache=pc)
    assert (pc.hits, pc.misses) == (1, 2)
    assert corpus.pages == [r[0] for _f, r in pages]
    assert extractions == [x for _f, r in pages for x in r[1]]
    again = C.PageCache(tmp_path / "cache", lexicon, DEFAULT_BASE)
    read_and_extract(files, lexicon, DEFAULT_BASE, jobs=jobs, cache=again)
    assert (again.hits, again.misses) == (3, 0)
