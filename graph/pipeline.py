"""The pipeline, stage by stage, as in DESIGN.md::

    pages ── corpus ── Documents ── extract ── Mentions + Assertions + Claims
          ── resolve ── Entities with stable IRIs
          ── rdf ── Dataset (merged graph + one named graph per document)
          ── validate (SHACL) ── analysis (networkx) ── outputs (Turtle, TriG,
             N-Quads, JSON-LD, graph.html, analysis.json, report)

Each stage is a plain function from records to records; this module only wires
them together and does no I/O besides reading the input pages.  Writing outputs
is :mod:`graph.build`'s job.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Dataset, Graph

from . import corpus, slug
from .cache import PageCache, PageSummaries, at_path, decode_entry, encode_entry, write_entry
from .errors import DataError, PageError
from .lexicon import Lexicon
from .memory import stage_started
from .rdf import (build_dataset, dataset_quad_batches, dataset_quads, merged_graph_of, prefix_map, split_dump,
                  taken_records)
from .records import Document, Extraction, Page
from .resolve import Resolution, pinyin_labels, resolve
from .validate import ValidationReport, validate, validate_dataset
from .vocab import DEFAULT_BASE

PAGE_SUFFIXES = (".txt", ".text", ".htm", ".html")

Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """What the corpus stage read: pages, their documents and the pages it could not."""

    pages: list[Page] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)


@dataclass
class KnowledgeGraph:
    """Everything a build produces before it is written."""

    #: what the corpus stage read (see :attr:`corpus`), None once released
    _corpus: Corpus | None
    #: the extraction records, None once released (see :meth:`release_records`)
    _extractions: list[Extraction] | None
    _resolution: Resolution | None
    #: the merged rdflib Graph, built on first use of :attr:`graph` (None until then)
    _graph: Graph | None
    validation: ValidationReport | None
    timings: dict[str, float]
    #: the dataset's statements (see :attr:`statements`), None once released
    _statements: "CanonicalDump | None"
    base: str = DEFAULT_BASE
    cache: PageCache | None = None
    _dataset: Dataset | None = field(default=None, repr=False)
    #: unique triples of the merged graph, once known (see :attr:`triple_count`)
    _triple_count: int | None = field(default=None, repr=False)
    #: makes the released records again (see :meth:`release_records`)
    _remake: Callable[[], tuple[Corpus, list[Extraction], Resolution]] | None = field(default=None, repr=False)
    #: what the report counts of the records, kept when they are released
    _counts: dict | None = field(default=None, repr=False)
    #: what the report counts of the corpus, and the pages it could not read, kept when it is released
    _corpus_counts: dict | None = field(default=None, repr=False)
    _page_errors: list[PageError] | None = field(default=None, repr=False)

    @property
    def corpus(self) -> Corpus:
        """What the corpus stage read: pages, documents and the pages it could not (made
        again, with the records, on first use after :meth:`release_records`)."""
        if self._corpus is None:
            self._records_again()
        return self._corpus

    @property
    def page_errors(self) -> list[PageError]:
        """The pages the corpus stage could not read, known without the corpus."""
        if self._page_errors is not None:
            return list(self._page_errors)
        return self.corpus.errors

    def corpus_counts(self) -> dict:
        """Pages read, pages unreadable, documents and characters of page text, known
        without the corpus once it is released."""
        if self._corpus_counts is not None:
            return dict(self._corpus_counts)
        return corpus_counts(self.corpus)

    @property
    def extractions(self) -> list[Extraction]:
        """Each document's extraction, as the extract stage made it (made again on first
        use after :meth:`release_records`)."""
        if self._extractions is None:
            self._records_again()
        return self._extractions

    @property
    def resolution(self) -> Resolution:
        """The canonical entities and the extractions rewritten to their IRIs (made again
        on first use after :meth:`release_records`)."""
        if self._resolution is None:
            self._records_again()
        return self._resolution

    def release_records(self, remake: Callable[[], tuple[Corpus, list[Extraction], Resolution]]) -> None:
        """Let the extraction records go once the statements are made, and make them again
        with ``remake`` if anyone asks for them: the writers, the validation and the
        analysis read only :attr:`statements`, and at 10,000 pages the records are
        ~0.6 GB of small objects held through the rest of the build for nothing."""
        if self._counts is None:
            self._counts = self.counts()
        if self._corpus is not None:
            self._corpus_counts, self._page_errors = corpus_counts(self._corpus), list(self._corpus.errors)
        self._remake = remake
        self._corpus = None
        self._extractions = self._resolution = None

    def _records_again(self) -> None:
        if self._remake is None:
            raise RuntimeError("the extraction records were released and cannot be made again")
        # all three at once: the records' documents are the corpus's own objects
        self._corpus, self._extractions, self._resolution = self._remake()

    @property
    def statements(self) -> "CanonicalDump":
        """The dataset's statements as integer arrays and the terms' texts
        (:class:`graph.outputs.CanonicalDump`): what the writers, the validation and the
        analysis read; made again from the records on first use after
        :meth:`release_statements`."""
        if self._statements is None:
            self._statements = dataset_statements(self.resolution, self.base)
        return self._statements

    def release_statements(self) -> None:
        """Let the statements go once the graph files are written (or being written by a
        forked process), the graph validated (or being validated by one) and analysed: the
        page and the report read neither, and at 10,000 pages their arrays and terms are
        ~0.4 GB.  :attr:`statements` makes them again, from the records, if asked."""
        if self._statements is not None and self._triple_count is None:
            self._triple_count = self._statements.triple_count
        self._statements = None

    def counts(self) -> dict:
        """What the build report counts of the records: entities (in all and by type),
        assertions and numeric claims; known without the records once they are released."""
        if self._counts is not None:
            return dict(self._counts)
        return record_counts(self.resolution)

    @property
    def quads(self) -> list:
        """The dataset's statements as (s, p, o, graph or None) rdflib tuples, made anew
        from the resolution on each use (the build itself never holds them all)."""
        return dataset_quads(self.resolution, self.base)

    @property
    def graph(self) -> Graph:
        """The merged rdflib Graph (every statement of every graph once), built on first
        use only: the build itself writes and analyses the statements without it, and
        at a million statements it costs seconds and a gigabyte."""
        if self._graph is None:
            self._graph = merged_graph_of(self.statements.first_seen(), self.base)
        return self._graph

    @graph.setter
    def graph(self, g: Graph) -> None:
        self._graph = g

    @property
    def built_graph(self) -> Graph | None:
        """The merged rdflib Graph if something has built it already, else None (without building it)."""
        return self._graph

    def note_triple_count(self, count: int) -> None:
        """Record the merged graph's triple count, known from elsewhere (the canonical dump)."""
        self._triple_count = count

    @property
    def triple_count(self) -> int:
        """Triples of the merged graph (``len(kg.graph)``, counted from the statements' arrays)."""
        if self._graph is not None:
            return len(self._graph)
        if self._triple_count is None:
            self._triple_count = self.statements.triple_count
        return self._triple_count

    @property
    def dataset(self) -> Dataset:
        """The rdflib Dataset (merged default + named graphs), built on first use only:
        at a million statements it costs as much time and memory as the merged graph."""
        if self._dataset is None:
            self._dataset = build_dataset(self.resolution, self.base, self.quads)
        return self._dataset


def corpus_counts(read: Corpus) -> dict:
    """Pages read, pages unreadable, documents and characters of page text of a corpus."""
    return {
        "pages": len(read.pages),
        "unreadable_pages": len(read.errors),
        "documents": len(read.documents),
        "chars": sum(p.chars for p in read.pages),
    }


def record_counts(resolution: Resolution) -> dict:
    """Entities (in all and by type), assertions and numeric claims of a resolution."""
    by_type: dict[str, int] = {}
    for e in resolution.entities:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    return {
        "entities": len(resolution.entities),
        "entities_by_type": dict(sorted(by_type.items())),
        "assertions": sum(x.assertion_count for x in resolution.extractions) + len(resolution.background),
        "claims": sum(x.claim_count for x in resolution.extractions),
    }


def page_files(folder: Path) -> list[Path]:
    """The pages of a data folder (``raw/``), sorted by name for a stable order (as
    paths of one folder sort; by their names as text, ~5x faster at 10,000 pages)."""
    raw = Path(folder)
    with os.scandir(raw) as entries:
        names = sorted(e.name for e in entries if not e.name.startswith(".") and e.is_file())
    return [raw / name for name in names]


def read_corpus(paths: Iterable[Path], base: str = DEFAULT_BASE, progress: Progress | None = None) -> Corpus:
    """corpus stage: decode every page and split it into documents; bad pages are collected."""
    out = Corpus()
    paths = list(paths)
    for i, path in enumerate(paths):
        try:
            page = corpus.read_page(Path(path))
        except PageError as exc:
            out.errors.append(exc)
            continue
        out.pages.append(page)
        out.documents.extend(corpus.segment(page, base))
        if progress:
            progress("read", i + 1, len(paths))
    out.documents = _dedupe(out.documents)
    return out


def extract_all(documents: list[Document], lexicon: Lexicon, progress: Progress | None = None) -> list[Extraction]:
    """extract stage over every document."""
    from .extract import extract

    out = []
    for i, doc in enumerate(documents):
        out.append(extract(doc, lexicon))
        if progress:
            progress("extract", i + 1, len(documents))
    return out


def _dedupe(documents: list[Document]) -> list[Document]:
    """Identical pages under two names are one page: keep each document id once, first wins."""
    seen: set[str] = set()
    unique = []
    for d in documents:
        if d.id not in seen:
            seen.add(d.id)
            unique.append(d)
    return unique


# -- per-page work (what --jobs spreads over processes and the cache keeps) ------

#: the lexicon of a worker process (inherited over fork, or set by the initializer)
_WORKER_LEXICON: Lexicon | None = None


def _init_worker(lexicon: Lexicon | None) -> None:
    global _WORKER_LEXICON
    # forked from a build that paused the collector (graph.memory.cycle_collector_paused):
    # what the worker inherited is frozen, never walked (nor its pages copied) by it
    gc.freeze()
    gc.enable()
    if lexicon is not None:
        _WORKER_LEXICON = lexicon


def process_page(path: str, base: str, lexicon: Lexicon) -> tuple[Page | None, tuple[Extraction, ...], PageError | None, float, float]:
    """corpus + extract for one page: (page, extractions, error, decode s, extract s)."""
    t0 = time.perf_counter()
    try:
        page = corpus.read_page(Path(path))
    except PageError as exc:
        return None, (), exc, time.perf_counter() - t0, 0.0
    docs = corpus.segment(page, base)
    t1 = time.perf_counter()
    # imported where pages are extracted (~0.3 s: the rule table's ~125 patterns are
    # compiled as it loads): with more than one job the build process extracts no page
    # (a rebuild's warm worker imports it beside the build's serial start)
    from .extract import extract

    extractions = tuple(extract(d, lexicon) for d in docs)
    return page, extractions, None, t1 - t0, time.perf_counter() - t1


#: at most this many new pages in a rebuild go to the one worker warmed up from the start
WARM_WORKER_PAGES = 8


def _warm_worker(base: str) -> None:
    """In a worker: load the extraction's models (read lazily, on first use) by
    extracting a page of one sentence."""
    assert _WORKER_LEXICON is not None, "worker started without a lexicon"
    from .extract import extract  # imported here, not by the build process: see process_page

    page = corpus.decode_page("标题\n\n长沙市与株洲市签署合作协议。".encode("utf-8"), "warm-up.txt")
    for doc in corpus.segment(page, base):
        extract(doc, _WORKER_LEXICON)


def warm_worker(lexicon: Lexicon, base: str):
    """One extraction worker, started now, loading the extraction's models (jieba's
    dictionaries, the rule table's patterns: ~1.9 s) for the few pages a rebuild finds
    new (see :func:`read_and_extract`'s ``warm_pool``)."""
    pool = _pool(1, lexicon)
    pool.submit(_warm_worker, base)
    return pool


def _process_chunk(paths: list[str], base: str, keys: list[str | None], cache_folder: str | None,
                   readings: bool = False) -> tuple[list, tuple | None]:
    """In a worker: each page's result, a success as its cache entry's bytes (written to
    the cache here when there is one): the build process then only decodes them, and
    records cross as bytes pickled by field, not through the dataclasses' own pickling.
    With ``readings``, also the syllables of the names of these pages that resolve may
    read (:func:`graph.resolve.pinyin_labels`), each sent once by a worker (see
    :func:`graph.slug.offer`): so the build process need not load pypinyin."""
    assert _WORKER_LEXICON is not None, "worker started without a lexicon"
    out = []
    labels: set[str] | None = set() if readings else None
    for path, key in zip(paths, keys):
        page, extractions, error, t_dec, t_ex = process_page(path, base, _WORKER_LEXICON)
        if page is None:
            out.append((None, error, t_dec, t_ex))
            continue
        blob = encode_entry(key, page, extractions)
        if cache_folder is not None and key is not None:
            write_entry(Path(cache_folder), key, blob)
        if labels is not None:
            labels |= pinyin_labels(extractions, _WORKER_LEXICON)
        out.append((blob, None, t_dec, t_ex))
    found = None
    if labels is not None:
        labels -= _READ_LABELS  # sent with an earlier chunk
        _READ_LABELS.update(labels)
        found = slug.readings(sorted(labels))
    return out, found


#: the labels a worker has sent the syllables of (see _process_chunk)
_READ_LABELS: set[str] = set()


def _chunks(items: list, jobs: int) -> list[list]:
    """Small chunks (≈ 8 per worker, at most 64 pages) so slow pages do not idle a core."""
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _pool(jobs: int, lexicon: Lexicon):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_LEXICON
    if "fork" in mp.get_all_start_methods():
        # forked workers inherit the loaded lexicon (and its matcher) without pickling
        _WORKER_LEXICON = lexicon
        return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_init_worker, initargs=(None,))
    return ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(lexicon,))


def default_jobs() -> int:
    return os.cpu_count() or 1


def read_and_extract(
    paths: Iterable[Path],
    lexicon: Lexicon,
    base: str = DEFAULT_BASE,
    *,
    jobs: int = 1,
    cache: PageCache | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
    summaries: PageSummaries | None = None,
    warm_pool=None,
) -> tuple[Corpus, list[Extraction]]:
    """corpus + extract stages page by page, over ``jobs`` processes, through ``cache``.

    The result does not depend on ``jobs`` or on the cache: pages are combined in
    path order and duplicate documents dropped exactly as :func:`read_corpus` does.
    With ``summaries``, a page the previous build summarized (see
    :meth:`PageSummaries.usable`) gives a :class:`PageRef` and its documents'
    :class:`ExtractionNames` instead of its page and extractions, and every other page
    read is summarized for the next build.  ``warm_pool``: a :func:`warm_worker` the
    caller started sooner (shut down here, used or not).
    """
    paths = [str(p) for p in paths]
    # a rebuild: one worker starts at once and loads the extraction's models (~1.9 s)
    # while this process reads the pages and the summaries, for the few new pages it
    # will be given (after one page more among 10,000, that page waited ~1.5 s for a
    # worker started once the new pages were known)
    if warm_pool is None and jobs > 1 and summaries is not None and summaries.old:
        warm_pool = warm_worker(lexicon, base)
    results: dict[int, tuple] = {}
    keys: dict[int, str] = {}
    todo: list[int] = []  # pages to read and extract
    stored: list[int] = []  # pages whose cache entry is there to read
    summarized: list[int] = []  # pages the previous build summarized, read from there if it can be
    for i, path in enumerate(paths):
        if cache is not None:
            try:
                data = Path(path).read_bytes()
            except OSError:
                todo.append(i)
                continue
            keys[i] = cache.key(path, data)
            if summaries is not None and summaries.has(keys[i]):
                summarized.append(i)
                continue
            if cache.has(keys[i]):
                stored.append(i)
                continue
        todo.append(i)

    def done(i: int, r: tuple, stored: bool = False) -> None:
        """Keep page ``i``'s result, and its cache entry unless a worker ``stored`` it."""
        results[i] = r
        if cache is not None and r[0] is not None and i in keys and not stored:
            cache.put(keys[i], r[0], r[1])
        if summaries is not None and r[0] is not None and i in keys:
            summaries.note(keys[i], r[0], r[1])
        if progress:
            progress("extract", len(results), len(paths))

    def read_summarized() -> list[int]:
        """Take the usable summaries (see :meth:`PageSummaries.usable`); a page whose
        summary is not is read from its entry, else returned, to extract."""
        unusable = []
        for i in summarized:
            summary = summaries.usable(keys[i])
            if summary is not None:
                cache.keep(keys[i])
                results[i] = (*at_path(*summary, paths[i]), None, 0.0, 0.0)
                if progress:
                    progress("extract", len(results), len(paths))
            elif cache.has(keys[i]):
                stored.append(i)
            else:
                unusable.append(i)
        return unusable

    def read_stored() -> list[int]:
        """Take the stored entries; the pages whose entry is unreadable, to extract."""
        unreadable = []
        for i in stored:
            hit = cache.get(keys[i])
            if hit is None:
                unreadable.append(i)
            else:
                done(i, (*at_path(hit[0], hit[1], paths[i]), None, 0.0, 0.0), stored=True)
        return unreadable

    def in_workers(pool, pages: list[int]) -> list:
        """Submit ``pages`` to the workers, who also read their names' syllables while the
        build takes them (:func:`graph.slug.offers_taken`)."""
        folder = str(cache.folder) if cache is not None else None
        readings = slug.taking_offers()
        return [(c, pool.submit(_process_chunk, [paths[i] for i in c], base, [keys.get(i) for i in c], folder,
                                readings))
                for c in _chunks(pages, jobs)]

    def collect(submitted: list) -> None:
        for k, (chunk, fut) in enumerate(submitted):
            submitted[k] = None  # each chunk's bytes are freed once decoded
            done_pages, found = fut.result()
            slug.offer(found)
            for i, (blob, error, t_dec, t_ex) in zip(chunk, done_pages):
                if blob is None:
                    done(i, (None, (), error, t_dec, t_ex))
                    continue
                key = keys.get(i)  # the worker wrote the entry when there is a cache
                page, exs = cache.adopt(key, blob) if cache is not None and key is not None else decode_entry(blob)
                done(i, (page, exs, None, t_dec, t_ex), stored=True)

    beside = jobs > 1 and todo and (stored or summarized)  # new pages beside cached ones
    unused = None  # the warm worker, if no page, or too many, are new for it: let go once done
    if warm_pool is not None and not (beside and len(todo) <= WARM_WORKER_PAGES):
        unused, warm_pool = warm_pool, None
        if todo:  # joined before other workers are forked (no fork beside its pool's thread)
            unused.shutdown(wait=True, cancel_futures=True)
    try:
        if beside:
            # new pages beside cached ones: the workers extract them (loading their models
            # themselves, unless warm) while this process reads the summaries and entries,
            # instead of after it
            with warm_pool or _pool(min(jobs, len(todo)), lexicon) as pool:
                submitted = in_workers(pool, todo)
                todo = read_summarized()  # before the entries: a page whose summary is unusable joins them
                todo += read_stored()
                collect(submitted)
        elif stored or summarized:
            todo += read_summarized()  # before the entries: a page whose summary is unusable joins them
            todo = sorted(todo + read_stored())
    finally:
        if unused is not None:
            unused.shutdown(wait=True, cancel_futures=True)

    # with workers, each loads the extraction's models (jieba, the rule table: ~1.9 s
    # side by side, ~140 MB) itself: loaded here before forking them, they stayed in this
    # process, and in each process it forks after the rdf stage, at the build's peak
    rest = [i for i in todo if i not in results]
    if jobs > 1 and len(rest) > 1:
        with _pool(min(jobs, len(rest)), lexicon) as pool:
            collect(in_workers(pool, rest))
    else:
        for i in rest:
            done(i, process_page(paths[i], base, lexicon))

    out = Corpus()
    extractions: list[Extraction] = []
    decode_s = extract_s = 0.0
    for i in range(len(paths)):
        page, exs, err, t_dec, t_ex = results[i]
        decode_s += t_dec
        extract_s += t_ex
        if err is not None:
            out.errors.append(err)
            continue
        out.pages.append(page)
        out.documents.extend(x.document for x in exs)
        extractions.extend(exs)
    out.documents = _dedupe(out.documents)
    kept = {id(d) for d in out.documents}
    extractions = [x for x in extractions if id(x.document) in kept]
    if timings is not None:
        # seconds of work summed over pages (over workers when jobs > 1)
        timings["corpus_cpu"] = decode_s
        timings["extract_cpu"] = extract_s
    return out, extractions


def run(
    paths: Iterable[Path],
    lexicon: Lexicon,
    base: str = DEFAULT_BASE,
    *,
    validate_graph: bool = True,
    progress: Progress | None = None,
    jobs: int = 1,
    cache: PageCache | None = None,
    shacl: str | None = None,
    keep_records: bool = True,
    statements_memo: bool = False,
    warm_pool=None,
) -> KnowledgeGraph:
    """Run every stage from page files to a validated knowledge graph.

    ``jobs`` processes read and extract pages; ``cache`` keeps per-page results.
    Neither changes the result, nor does ``shacl``, the validation engine (see
    :func:`graph.validate.engine_of`).  ``timings`` holds wall seconds per stage; the
    ``corpus``/``extract`` wall time is split in proportion to the work measured
    in each, since both run inside the same per-page task.  Unless ``keep_records``,
    the extraction records are let go as soon as the stages after them no longer
    read them (the raw extractions after resolve, the resolution after rdf), and
    made again from the pages (through ``cache``) if the graph's user asks for them
    (see :meth:`KnowledgeGraph.release_records`).  With ``statements_memo`` (and a
    cache, and not ``keep_records``), the rdf stage takes the statements of the
    documents the previous build made from its memo in the cache (see
    :mod:`graph.statement_memo`).  ``warm_pool``: see :func:`read_and_extract`.
    """
    timings: dict[str, float] = {}
    paths = [Path(p) for p in paths]

    def timed(name, fn, *args, **kw):
        stage_started(name)
        t0 = time.perf_counter()
        result = fn(*args, **kw)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        return result

    from_memo = statements_memo and cache is not None and not keep_records
    memo = rewrite = summaries = None
    if from_memo:
        # the previous build's statements: the documents they hold need no IRIs, as
        # their records go unread (released below, made again in full if asked), and
        # the pages whose documents they all hold are read as the names resolve needs
        from .statement_memo import Memo, document_key, memo_salt, statements

        salt = memo_salt(cache.salt)
        loaded: list = []  # the memo, once loaded (by the first page summary asking, or below)

        def previous_memo():
            if not loaded:
                t = time.perf_counter()
                loaded.append(Memo.load(cache.folder, salt))
                timings["rdf"] = timings.get("rdf", 0.0) + time.perf_counter() - t
            return loaded[0]

        def holds(names) -> bool:
            memo = previous_memo()
            return memo is not None and all(document_key(n.document) in memo.spans for n in names)

        summaries = PageSummaries(cache.folder, salt, lexicon, holds)
    stage_started("extract")  # decode, segment and extract run page by page, together
    t0 = time.perf_counter()
    read, extractions = read_and_extract(
        paths, lexicon, base, jobs=jobs, cache=cache, progress=progress, timings=timings, summaries=summaries,
        warm_pool=warm_pool,
    )
    wall = time.perf_counter() - t0
    if from_memo:
        wall -= timings.get("rdf", 0.0)  # the memo, loaded meanwhile (for the summaries): the rdf stage's
        memo = previous_memo()
        rewrite = memo.lacks if memo is not None else None
        summaries.holds = None
        loaded.clear()  # the memo is let go with ``memo``, after the rdf stage
        del holds, previous_memo
    work = timings["corpus_cpu"] + timings["extract_cpu"]
    share = timings["corpus_cpu"] / work if work > 0 else 0.0
    timings["corpus"] = wall * share
    timings["extract"] = wall - timings["corpus"]
    resolution = timed("resolve", resolve, extractions, lexicon, base, rewrite)
    slug.offers_used()  # the workers' syllables of the names resolve read
    if summaries is not None:  # kept for the next build
        summaries.save()
        del summaries
    kg = KnowledgeGraph(read, extractions, resolution, None, None, timings, None, base)
    if keep_records:
        kg._statements = timed("rdf", dataset_statements, resolution, base)
    else:  # each document's records (and its document and page) go once its statements are made
        kg.release_records(_records_maker(paths, lexicon, base, cache, [p.sha256 for p in read.pages]))
        holder = [resolution]
        del read, extractions, resolution
        if from_memo:
            kg._statements = timed("rdf", statements, holder, base, cache.folder, salt, previous=memo, jobs=jobs)
            del memo
        else:
            kg._statements = timed("rdf", dataset_statements, holder, base, jobs=jobs)
    if validate_graph:
        kg.validation, _counts = timed(
            "validate", validate_dataset, None, prefix_map(base), engine=shacl,
            cache_dir=cache.folder if cache is not None else None, jobs=jobs, dump=kg._statements,
        )
    return kg


def _records_maker(paths: list[Path], lexicon: Lexicon, base: str, cache: PageCache | None, pages: list[str]):
    """What makes a build's extraction records again: the same pages read, extracted
    (or found in the cache) and resolved, refused if a page has changed since."""

    def remake() -> tuple[Corpus, list[Extraction], Resolution]:
        read, extractions = read_and_extract(paths, lexicon, base, cache=cache)
        if [p.sha256 for p in read.pages] != pages:
            raise DataError("pages changed since the build: its extraction records cannot be made again",
                            path=paths[0].parent if paths else None)
        return read, extractions, resolve(extractions, lexicon, base)

    return remake


def dataset_statements(resolution: Resolution | list[Resolution], base: str, jobs: int = 1):
    """rdf stage: every statement, turned into integers a batch at a time (see
    :class:`graph.outputs.CanonicalDump`); a resolution in a one-item list is taken
    out of it and let go document by document, the later documents' made by a forked
    process with more than one job (:func:`graph.rdf.split_dump`)."""
    from .outputs import CanonicalDump

    if isinstance(resolution, list):
        return split_dump(*taken_records(resolution), base, jobs=jobs)
    return CanonicalDump(batches=dataset_quad_batches(resolution, base))
