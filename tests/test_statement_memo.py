"""The rdf stage from the previous build's statements (graph.statement_memo): always the
dump a build without the memo makes, whatever pages came, went or changed between the
two builds; a memo that cannot be trusted is not used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from graph import reuse, statement_memo, synth
from graph.build import load_lexicon
from graph.outputs import TermObjects, TermWriter, term_of_text
from graph.pipeline import dataset_statements, page_files, run
from graph.vocab import DEFAULT_BASE
from tests.test_rdf import _term_strategies

ROOT = Path(__file__).resolve().parent.parent
SALT = "test salt"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(ROOT / "data")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, lexicon) -> list[Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    synth.write_corpus(folder, 8, ROOT / "data" / "lexicon", lexicon)
    return page_files(folder / "raw")


@pytest.fixture(scope="module")
def resolutions(pages, lexicon) -> dict:
    """The resolution of each set of pages the tests build, made once."""
    memo: dict = {}

    def of(chosen: tuple[Path, ...]):
        if chosen not in memo:
            memo[chosen] = run(list(chosen), lexicon, DEFAULT_BASE, validate_graph=False).resolution
        return memo[chosen]

    return of


def _state(dump) -> dict:
    """Everything a dump hands its readers: ranks, first-seen places, quads, texts, terms."""
    ts, tp, to = dump.triple_ranks()
    qt, qg = dump.quad_numbers()
    text = TermWriter(check=False).term
    return {
        "ranks": [a.tolist() for a in (ts, tp, to, dump._first, qt, qg)],
        "texts": list(dump.texts),
        "graphs": list(dump.graph_texts),
        "terms": [text(t) for t in dump._object_array.tolist()],
        "nquads": dump.nquads(),
        "hashes": dump.term_hashes().tolist(),  # the validation's cache keys read them
    }


def _memo_build(resolution, cache: Path, salt: str = SALT):
    return statement_memo.statements([resolution], DEFAULT_BASE, cache, salt)


CHANGES = {
    "the same pages": lambda p: (p[:6], p[:6]),
    "one page more": lambda p: (p[:6], p[:7]),
    "a page between": lambda p: (p[:3] + p[4:7], p[:7]),
    "the last page gone": lambda p: (p[:7], p[:6]),
    "the first page gone": lambda p: (p[:7], p[1:7]),
    "other pages altogether": lambda p: (p[:3], p[4:8]),
    "no page before": lambda p: ((), p[:3]),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_dump_from_the_memo_equals_the_dump_made_in_full(tmp_path, pages, resolutions, change):
    before, after = (tuple(x) for x in CHANGES[change](pages))
    first = _memo_build(resolutions(before), tmp_path)
    assert (tmp_path / statement_memo.MEMO_DIR / "index.json").is_file()
    full = _state(dataset_statements(resolutions(after), DEFAULT_BASE))
    got = _memo_build(resolutions(after), tmp_path)
    assert isinstance(got._object_array, TermObjects)  # the memo was used
    assert _state(got) == full
    # each term's rank among the previous build's terms (what the graph files' memo maps by)
    previous = {t: i for i, t in enumerate(first.texts)}
    assert got.previous_terms[0] == first.terms_id()
    assert got.previous_terms[1].tolist() == [previous.get(t, -1) for t in got.texts]
    # and the memo it left gives the same dump again (and again a third time)
    assert _state(_memo_build(resolutions(after), tmp_path)) == full


def test_a_build_takes_only_the_new_records_statements_from_the_records(tmp_path, pages, resolutions, monkeypatch):
    before, after = resolutions(tuple(pages[:6])), resolutions(tuple(pages[:7]))
    _memo_build(before, tmp_path)
    made = []
    for name in ("document_quads", "entity_quads", "fact_quads"):
        real = getattr(statement_memo, name)
        monkeypatch.setattr(statement_memo, name, lambda r, base, real=real: made.append(r) or real(r, base))
    _memo_build(after, tmp_path)
    # what differs from the previous build: entities and facts new or changed (an alias
    # more), and the new page's documents
    changed = (set(after.entities) - set(before.entities)) | (set(after.background) - set(before.background))
    new_documents = {ex.document for ex in after.extractions if ex.document.page.name == pages[6].name}
    assert changed and new_documents and len(changed) < len(after.entities) / 4
    assert {getattr(r, "document", r) for r in made} == changed | new_documents


def _damage_array(folder: Path, name: str, change) -> None:
    path = folder / f"{name}.npy"
    arr = np.load(path)
    arr = change(arr)
    with open(path, "wb") as fh:
        np.save(fh, arr)


DAMAGE = {
    "a rank out of range": lambda f: _damage_array(f, "o", lambda a: np.where(np.arange(len(a)) == 3, 10**6, a).astype(a.dtype)),
    "a rank changed": lambda f: _damage_array(f, "s", lambda a: np.where(np.arange(len(a)) == 5, a[5] ^ 1, a).astype(a.dtype)),
    "a column cut short": lambda f: _damage_array(f, "p", lambda a: a[:-1]),
    "a graph out of range": lambda f: _damage_array(f, "g", lambda a: a.astype(np.int64) + 50000),
    "terms missing": lambda f: (f / "terms.txt").write_bytes((f / "terms.txt").read_bytes()[:-40]),
    "index not JSON": lambda f: (f / "index.json").write_text("{", encoding="utf-8"),
    "records ending past the statements": lambda f: _edit_index(f, lambda i: i["records"][-1].__setitem__(1, 10**9)),
    "records out of order": lambda f: _edit_index(f, lambda i: i["records"].reverse()),
    "an array gone": lambda f: (f / "s.npy").unlink(),
    "hashes of too few terms": lambda f: _damage_array(f, "hashes", lambda a: a[:-1]),
}


def _edit_index(folder: Path, change) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    change(index)
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_memo_is_not_used(tmp_path, pages, resolutions, damage):
    resolution = resolutions(tuple(pages[:4]))
    _memo_build(resolution, tmp_path)
    DAMAGE[damage](tmp_path / statement_memo.MEMO_DIR)
    assert statement_memo.Memo.load(tmp_path, SALT) is None
    got = _memo_build(resolution, tmp_path)
    assert not isinstance(got._object_array, TermObjects)  # made in full
    assert _state(got) == _state(dataset_statements(resolution, DEFAULT_BASE))
    assert statement_memo.Memo.load(tmp_path, SALT) is not None  # and kept anew


def test_a_memo_of_another_salt_is_not_used(tmp_path, pages, resolutions):
    _memo_build(resolutions(tuple(pages[:2])), tmp_path)
    assert statement_memo.Memo.load(tmp_path, SALT) is not None
    assert statement_memo.Memo.load(tmp_path, "another lexicon") is None


def test_the_salt_follows_the_pinyin_readings(monkeypatch):
    from graph import slug

    before = statement_memo.memo_salt("page salt")
    assert statement_memo.memo_salt("page salt") == before
    assert statement_memo.memo_salt("other page salt") != before
    monkeypatch.setitem(slug._READINGS, "长株潭", "zhang zhu tan")
    assert statement_memo.memo_salt("page salt") != before


def test_term_texts_give_back_their_terms():
    from hypothesis import given, settings

    text = TermWriter(check=False).term

    @settings(max_examples=150, deadline=None)
    @given(_term_strategies())
    def check(quads):
        for term in (t for q in quads for t in q if t is not None):
            written = text(term)
            again = term_of_text(written)
            assert text(again) == written
            assert type(again).__name__ == type(term).__name__

    check()


def test_term_objects_make_only_the_terms_asked_for():
    texts = ['"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"a\\nb"@zh', "<urn:c>"]
    fresh = TermObjects(texts, {})
    assert [fresh.string(r) for r in range(3)] == ["1", "a\nb", "urn:c"] and not fresh._made.any()
    terms = TermObjects(texts, {2: "kept"})
    assert terms[2] == "kept" and terms._made.tolist() == [False, False, True]
    assert terms[np.array([1, 1])].tolist()[0] is terms[1]  # one object a rank
    assert terms._made.tolist() == [False, True, True]
    assert int(terms[0]) == 1 and terms[1].language == "zh" and str(terms[1]) == "a\nb"
    assert len(terms) == 3 and terms.tolist()[2] == "kept"


def _data_folder(tmp_path: Path, chosen) -> Path:
    """A data folder of the synthetic corpus's lexicon and the ``chosen`` pages."""
    data = tmp_path / "data"
    shutil.copytree(chosen[0].parent.parent / "lexicon", data / "lexicon")
    (data / "raw").mkdir()
    for p in chosen:
        shutil.copy(p, data / "raw" / p.name)
    return data


def _outputs(folder: Path) -> dict:
    return {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file()}


def test_a_second_build_makes_no_document_statements_again(tmp_path, pages, lexicon, monkeypatch):
    from graph.build import build

    data = _data_folder(tmp_path, pages[:3])
    build(data, tmp_path / "out", jobs=1, lexicon=lexicon)
    assert (tmp_path / "out" / ".cache" / statement_memo.MEMO_DIR / "index.json").is_file()
    first = _outputs(tmp_path / "out")
    made = []
    real = statement_memo.document_quads
    monkeypatch.setattr(statement_memo, "document_quads", lambda ex, base: made.append(ex) or real(ex, base))
    # the graph files' memo takes the terms' previous ranks from the rdf stage
    monkeypatch.setattr(reuse, "map_sorted_texts", lambda *a: pytest.fail("terms mapped again"))
    build(data, tmp_path / "out", jobs=1, lexicon=lexicon)
    assert made == []
    assert _outputs(tmp_path / "out") == first


def test_resolve_leaves_the_extractions_it_is_told_to_as_extracted(pages, lexicon):
    from graph.resolve import resolve

    kg = run(list(pages[:3]), lexicon, DEFAULT_BASE, validate_graph=False)
    extractions = kg.extractions
    full = resolve(extractions, lexicon, DEFAULT_BASE)
    first = extractions[0].document.id
    part = resolve(extractions, lexicon, DEFAULT_BASE, rewrite=lambda ex: ex.document.id != first)
    assert part.entities == full.entities and part.background == full.background
    assert part.extractions[0] is extractions[0]
    assert part.extractions[1:] == full.extractions[1:]


SUMMARY_DAMAGE = {
    "none": None,
    "summaries unreadable": lambda cache: (cache / "pages.memo").write_bytes(b"\x80\x05 not a pickle"),
    "summaries gone": lambda cache: (cache / "pages.memo").unlink(),
    "statements memo gone": lambda cache: shutil.rmtree(cache / statement_memo.MEMO_DIR),
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("damage", list(SUMMARY_DAMAGE), ids=list(SUMMARY_DAMAGE))
def test_a_rebuild_reads_the_pages_summaries_instead_of_their_entries(tmp_path, pages, lexicon, monkeypatch, damage, jobs):
    # after one page more, the pages of the previous build are read as the names resolve
    # needs (their statements come from the memo); without the summaries or the memo,
    # from their entries; the outputs are a clean build's either way
    from graph.build import build
    from graph.cache import PageCache

    data = _data_folder(tmp_path, pages[:3])
    build(data, tmp_path / "out", jobs=1, lexicon=lexicon)
    cache = tmp_path / "out" / ".cache"
    assert (cache / "pages.memo").is_file()
    if SUMMARY_DAMAGE[damage] is not None:
        SUMMARY_DAMAGE[damage](cache)
    shutil.copy(pages[3], data / "raw" / pages[3].name)
    read = []
    real_get = PageCache.get
    monkeypatch.setattr(PageCache, "get", lambda self, key: read.append(key) or real_get(self, key))
    again = build(data, tmp_path / "out", jobs=jobs, lexicon=lexicon)  # 2: the new page extracted by a worker meanwhile
    assert len(read) == (0 if damage == "none" else 3)
    assert (again.kg.cache.hits, again.kg.cache.misses) == (3, 1)
    clean = build(data, tmp_path / "clean", jobs=1, cache=False, lexicon=lexicon)
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "clean")
    assert again.kg.counts() == clean.kg.counts() and again.kg.corpus_counts() == clean.kg.corpus_counts()
    # the records are made again, in full, for whoever asks
    assert [x.document.id for x in again.kg.extractions] == [x.document.id for x in clean.kg.extractions]
    # and the next build summarizes every page again (with no new page for the warm worker)
    read.clear()
    build(data, tmp_path / "out", jobs=jobs, lexicon=lexicon)
    assert read == []
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "clean")


def test_more_new_pages_than_the_warm_worker_takes_go_to_a_pool_of_their_own(tmp_path, pages, lexicon, monkeypatch):
    from graph import pipeline
    from graph.build import build

    monkeypatch.setattr(pipeline, "WARM_WORKER_PAGES", 1)
    data = _data_folder(tmp_path, pages[:3])
    build(data, tmp_path / "out", jobs=2, lexicon=lexicon)
    for p in pages[3:6]:
        shutil.copy(p, data / "raw" / p.name)
    again = build(data, tmp_path / "out", jobs=2, lexicon=lexicon)
    assert (again.kg.cache.hits, again.kg.cache.misses) == (3, 3)
    build(data, tmp_path / "clean", jobs=1, cache=False, lexicon=lexicon)
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "clean")


def test_a_rebuild_after_a_page_edited_and_one_removed_reads_the_others_summaries(tmp_path, pages, lexicon, monkeypatch):
    from graph.build import build
    from graph.cache import PageCache

    data = _data_folder(tmp_path, pages[:4])
    build(data, tmp_path / "out", jobs=2, lexicon=lexicon)
    (data / "raw" / pages[0].name).unlink()
    edited = data / "raw" / pages[1].name
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("合作", "协作", 1) if "合作" in text else text + "\n株洲市与湘潭市签署协作协议。\n", encoding="utf-8")
    read = []
    real_get = PageCache.get
    monkeypatch.setattr(PageCache, "get", lambda self, key: read.append(key) or real_get(self, key))
    again = build(data, tmp_path / "out", jobs=2, lexicon=lexicon)
    assert read == [] and (again.kg.cache.hits, again.kg.cache.misses) == (2, 1)
    build(data, tmp_path / "clean", jobs=1, cache=False, lexicon=lexicon)
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "clean")


def test_the_memo_written_beside_the_sort_reports_its_error(tmp_path, pages, resolutions, monkeypatch):
    """A rebuild writes its statements memo in a thread while it sorts: an error there
    is the rebuild's error (not lost with the thread), and the memo left is the previous
    build's, still whole; an error of the sort itself is not hidden by the save's."""
    from graph import outputs

    before, after = resolutions(tuple(pages[:6])), resolutions(tuple(pages[:7]))
    _memo_build(before, tmp_path)
    index = (tmp_path / statement_memo.MEMO_DIR / "index.json").read_bytes()

    def failing_save(*args):
        raise RuntimeError("memo save failed")

    monkeypatch.setattr(statement_memo, "save", failing_save)
    with pytest.raises(RuntimeError, match="memo save failed"):
        _memo_build(after, tmp_path)
    assert (tmp_path / statement_memo.MEMO_DIR / "index.json").read_bytes() == index

    def failing_sort(*args):
        raise MemoryError("sort failed")

    monkeypatch.setattr(outputs, "_distinct_statements", failing_sort)
    with pytest.raises(MemoryError, match="sort failed"):
        _memo_build(after, tmp_path)


# -- the statements' sorted order, carried from one build to the next ---------------------

def _stable(keys: np.ndarray) -> np.ndarray:
    return np.argsort(keys, kind="stable")


@pytest.mark.parametrize("seed", range(12))
def test_merging_fresh_statements_into_the_carried_order_is_the_stable_sort(seed):
    from graph.outputs import _merged_order

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    keys = rng.integers(0, max(2, n // 3), n)  # many equal keys: ties go by position
    fresh = np.flatnonzero(rng.random(n) < rng.choice([0.0, 0.02, 0.3, 1.0]))
    rest = np.setdiff1d(np.arange(n), fresh)
    carried = rest[_stable(keys[rest])]
    order, ordered = _merged_order(keys, carried, fresh)
    assert order.tolist() == _stable(keys).tolist()
    assert ordered.tolist() == np.sort(keys).tolist()


def _spoiled(kind: str, keys: np.ndarray, carried: np.ndarray, fresh: np.ndarray):
    carried, fresh = carried.copy(), fresh.copy()
    if kind == "two carried swapped":  # two statements of different triples
        i = int(np.flatnonzero(keys[carried][1:] != keys[carried][:-1])[0])
        carried[[i, i + 1]] = carried[[i + 1, i]]
    elif kind == "a tie out of place":  # two statements of one triple, the later first
        i = int(np.flatnonzero(keys[carried][1:] == keys[carried][:-1])[0])
        carried[[i, i + 1]] = carried[[i + 1, i]]
    elif kind == "a statement missing":
        carried = carried[1:]
    elif kind == "a statement twice":
        carried[0] = carried[1]
    elif kind == "a position past the end":
        fresh[-1] = len(keys)
    return carried, fresh


@pytest.mark.parametrize("kind", ["two carried swapped", "a tie out of place", "a statement missing",
                                  "a statement twice", "a position past the end"])
def test_a_hint_that_does_not_give_the_stable_sort_is_refused(kind):
    """What a torn, stale or wrong memo would give: refused (the build sorts), never used."""
    from graph.outputs import _merged_order

    keys = np.array([4, 1, 4, 2, 1, 9, 4, 2, 7, 1])
    fresh = np.array([3, 8])
    rest = np.setdiff1d(np.arange(len(keys)), fresh)
    carried = rest[_stable(keys[rest])]
    assert _merged_order(keys, carried, fresh)[0].tolist() == _stable(keys).tolist()  # as given: right
    assert _merged_order(keys, *_spoiled(kind, keys, carried, fresh)) is None


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_rebuild_merges_into_the_previous_builds_order_instead_of_sorting(tmp_path, pages, resolutions, change,
                                                                           monkeypatch):
    """The memo keeps its statements' sorted order; the next build's statements the memo
    held keep it (their terms' ranks keep their order), so only the others are sorted
    and put in their places: the same dump, without the 8M-statement sort."""
    from graph import outputs

    before, after = (tuple(x) for x in CHANGES[change](pages))
    _memo_build(resolutions(before), tmp_path)
    assert (tmp_path / statement_memo.MEMO_DIR / statement_memo.ORDER_FILE).is_file()
    merged = []
    real_merge = outputs._merged_order
    monkeypatch.setattr(outputs, "_merged_order", lambda *a: merged.append(real_merge(*a)) or merged[-1])
    got = _memo_build(resolutions(after), tmp_path)
    assert len(merged) == 1 and merged[0] is not None  # the merge gave the order
    assert _state(got) == _state(dataset_statements(resolutions(after), DEFAULT_BASE))


@pytest.mark.parametrize("spoil", ["missing", "reversed", "truncated", "of another length"])
def test_a_missing_or_wrong_order_file_costs_the_sort_never_the_dump(tmp_path, pages, resolutions, spoil):
    before, after = tuple(pages[:6]), tuple(pages[:7])
    _memo_build(resolutions(before), tmp_path)
    path = tmp_path / statement_memo.MEMO_DIR / statement_memo.ORDER_FILE
    order = np.load(path)
    if spoil == "missing":
        path.unlink()
    elif spoil == "reversed":
        np.save(path, order[::-1].copy())
    elif spoil == "truncated":
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    else:
        np.save(path, np.concatenate([order, order[:3]]))
    got = _memo_build(resolutions(after), tmp_path)
    assert _state(got) == _state(dataset_statements(resolutions(after), DEFAULT_BASE))
    # and the rebuild left a right order for the next
    again = np.load(path)
    assert sorted(again.tolist()) == list(range(len(again)))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_graph_files_memo_shares_the_statement_memos_terms_file(tmp_path, pages, lexicon, jobs):
    """Both memos keep the terms' texts: a build writes them once (the graph files' memo
    names the statement memo's file) and each memo still reads them back whole; when
    the statement memo holds other terms, the graph files' memo writes its own."""
    from graph.build import build

    data = _data_folder(tmp_path, pages[:3])
    cache = tmp_path / "out" / ".cache"
    build(data, tmp_path / "out", jobs=jobs, lexicon=lexicon)
    statements_file = cache / statement_memo.MEMO_DIR / "terms.txt"
    graph_files_file = cache / reuse.MEMO_DIR / "terms.txt"
    assert statements_file.stat().st_ino == graph_files_file.stat().st_ino
    index = json.loads((cache / reuse.MEMO_DIR / "index.json").read_text(encoding="utf-8"))
    texts = [t for block in reuse._old_texts(graph_files_file) for t in block]
    assert len(texts) == index["terms"] and texts == sorted(texts)
    assert reuse._terms_file_of(cache, index["terms_id"], index["terms"]) == statements_file
    assert reuse._terms_file_of(cache, "0" * 64, index["terms"]) is None  # other terms: written, not named
    assert reuse._terms_file_of(cache, index["terms_id"], index["terms"] + 1) is None
    # a second build, from both memos, gives the same outputs and shares the file again
    first = _outputs(tmp_path / "out")
    shutil.rmtree(cache / statement_memo.MEMO_DIR)  # the rdf stage makes its memo again
    build(data, tmp_path / "out", jobs=jobs, lexicon=lexicon)
    assert _outputs(tmp_path / "out") == first
    assert statements_file.stat().st_ino == graph_files_file.stat().st_ino


def _quads_by_text(dump) -> set:
    """The dump's statements as (subject, predicate, object, graph) texts."""
    ts, tp, to = dump.triple_ranks()
    qt, qg = dump.quad_numbers()
    texts, graphs = dump.texts, dump.graph_texts
    return {(texts[s], texts[p], texts[o], graphs[g])
            for s, p, o, g in zip(ts[qt].tolist(), tp[qt].tolist(), to[qt].tolist(), qg.tolist())}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_the_memo_names_every_subject_graph_and_type_a_change_reached(tmp_path, pages, resolutions, change):
    """What a rebuild reports as possibly changed since the memo's build (the graph files'
    writer copies the rest, the validation carries it) holds every subject whose
    statements differ, every graph whose statements differ and every subject whose
    rdf:type statements differ, found here by comparing the two builds' statements as
    texts; and few more: a subject no record made or dropped is never in it."""
    before, after = (tuple(x) for x in CHANGES[change](pages))
    first = _memo_build(resolutions(before), tmp_path)
    got = _memo_build(resolutions(after), tmp_path)
    name, touched, graphs, retyped = got.previous_changes
    index = json.loads((tmp_path / statement_memo.MEMO_DIR / "index.json").read_text(encoding="utf-8"))
    assert got.statements_id == index["id"] and name == first.statements_id is not None
    assert len(touched) == len(retyped) == len(first.texts)
    old, new = _quads_by_text(first), _quads_by_text(got)
    differ = old ^ new
    rank = {t: i for i, t in enumerate(first.texts)}
    changed = {rank[s] for s, _p, _o, _g in differ if s in rank}
    assert changed <= set(np.flatnonzero(touched).tolist())
    assert {g for *_spo, g in differ} <= graphs
    rdf_type = statement_memo._TYPE
    typed = {(s, o) for s, p, o, _g in old if p == rdf_type} ^ {(s, o) for s, p, o, _g in new if p == rdf_type}
    assert {rank[s] for s, _o in typed if s in rank} <= set(np.flatnonzero(retyped).tolist())
    assert np.all(touched[retyped])  # other types: other statements
    if change == "the same pages":
        assert name == got.statements_id and not touched.any() and not graphs and not retyped.any()
    elif len(set(before) & set(after)) >= 5:  # a page's records reach its own nodes and the entities it names
        assert 0 < touched.sum() < len(touched) / 4
