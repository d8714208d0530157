"""``czt-kg build``: run the pipeline over a data folder and write every output.

Outputs (replaced together, all or none): ``czt.ttl`` (merged graph), ``czt.trig`` (named graphs),
``czt.nq`` (sorted N-Quads), ``czt.jsonld``, ``graph.html``, ``analysis.json``,
``report.txt``.  Nothing is written when the graph violates the shapes.
"""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, outputs, projection_memo, slug
from .errors import DataError, OutputError, PageError, ValidationFailed
from .lexicon import Lexicon
from .folder_lock import Waiting, one_build_at_a_time
from .forked import Forked, ForkedCall, die_with_parent, yield_to_parent
from .memory import arrays_on_small_pages, cycle_collector_paused, give_back_free_memory, large_blocks_reused, stage_started
from .cache import PageCache, PageSummaries, ResultMemo, code_hash, memo_in, save_pickle
from .slug import readings_salt
from .pipeline import KnowledgeGraph, Progress, default_jobs, page_files, run, warm_worker
from .rdf import TripleIndex, prefix_map
from .statement_memo import memo_salt
from .validate import engine_of, validate_dataset
from .vocab import DEFAULT_BASE


#: per-page results, inside the output folder unless --cache says otherwise
CACHE_DIR = ".cache"
#: whole-graph results (metrics, layout) of the latest build, in the cache folder
MEMO_FILE = "results.memo"
#: the syllables of the names resolve slugs (graph.slug._MEMO)
NAMES_FILE = "names.memo"


@dataclass
class BuildResult:
    kg: KnowledgeGraph
    written: list[Path] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def page_errors(self) -> list[PageError]:
        return self.kg.page_errors


def load_lexicon(data: Path, cache_dir: Path | None = None) -> Lexicon:
    """The lexicon of ``data`` (its ``lexicon/`` folder, with its pinyin readings taught
    to pypinyin).  With ``cache_dir``, the lexicon as loaded is kept there and taken
    from there while its folder's files, the code and pypinyin are the same: parsing,
    expanding and indexing it took ~0.25 s of every build, most of it again after one
    page more among 10,000."""
    from .slug import add_phrases

    folder = Path(data) / "lexicon"
    readings = folder / "pinyin.tsv"
    if readings.exists():
        add_phrases(_readings(readings))
    key = _lexicon_key(folder) if cache_dir is not None else None
    if key is None:
        return Lexicon.load(folder)
    kept = Path(cache_dir) / LEXICON_FILE
    try:
        with open(kept, "rb") as fh:
            fmt, found_key, lexicon = pickle.load(fh)
        if fmt == LEXICON_FORMAT and found_key == key and isinstance(lexicon, Lexicon):
            return lexicon
    except Exception:  # none, or unreadable: loaded from the files (and kept again)
        pass
    lexicon = Lexicon.load(folder)
    lexicon.content_hash  # made now, kept with it: the page cache's salt reads it
    save_pickle(kept, (LEXICON_FORMAT, key, lexicon))
    return lexicon


#: the lexicon as the latest build loaded it, in the build's cache (see :func:`load_lexicon`)
LEXICON_FILE = "lexicon.memo"
LEXICON_FORMAT = "lexicon memo v1"


def _lexicon_key(folder: Path) -> str | None:
    """What a loaded lexicon depends on: the folder (its path names the entries' origins)
    and the bytes of each of its files, the code and the pinyin readings; None when the
    folder cannot be read (then loaded from it, with the error that gives)."""
    import hashlib

    h = hashlib.sha256(f"{LEXICON_FORMAT}|{code_hash()}|{readings_salt()}|{folder.resolve()}".encode())
    try:
        for f in sorted(folder.iterdir()):
            if f.is_file():
                data = f.read_bytes()
                h.update(f"{f.name}\0{len(data)}\0".encode() + data)
    except OSError:
        return None
    return h.hexdigest()


def _readings(path: Path) -> dict[str, str]:
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[1].split()) != len(parts[0]):
            raise DataError("expected 'phrase<TAB>one pinyin syllable per character'", path=path, line=n)
        out[parts[0]] = parts[1]
    return out


def cache_folder(out: Path, cache: Path | None | bool) -> Path | None:
    """The cache folder of a build: ``cache`` itself, ``out/.cache`` by default, None for no cache."""
    if cache is False:
        return None
    return out / CACHE_DIR if cache in (True, None) else Path(cache)


def build(
    data: Path = Path("data"),
    out: Path = Path("out"),
    base: str = DEFAULT_BASE,
    progress: Progress | None = None,
    *,
    jobs: int | None = None,
    cache: Path | None | bool = True,
    lexicon: Lexicon | None = None,
    shacl: str | None = None,
    waiting: Waiting | None = None,
) -> BuildResult:
    """Build the knowledge graph of ``data/raw`` and write it to ``out``.

    ``jobs`` processes extract pages (default: every core); ``cache`` is the folder
    of per-page results (default ``out/.cache``; False for none).  Neither changes
    a byte of the outputs, nor does ``shacl`` (validation engine: "core" or
    "pyshacl").  ``kg.timings`` gets wall seconds of every stage, and CPU seconds of
    this process (``validate_cpu``, ``analysis_cpu``, ``html_cpu``, ``serialize_cpu``)
    and of the forked graph-file writer (``serialize_graph_files_cpu``).  With more
    than one job a forked process validates (``validate`` is then the wait for its
    verdict, ``validate_forked_s`` its own wall seconds, ``validate_cpu`` its CPU) and
    another draws the page once the communities are known, beside the analysis (``html``
    is then the wait for it, ``html_forked_s`` its own wall seconds, ``html_cpu`` its CPU).
    One build at a time writes ``out`` (and the cache folder): another build of them
    waits for this one to finish, after ``waiting(folder, pid)`` tells its caller so
    (:mod:`graph.folder_lock`).
    """
    data, out = Path(data), Path(out)
    if not (data / "raw").is_dir():  # before the output folder is made, to be locked
        raise DataError("no raw/ folder of pages here (expected DATA/raw/*.txt)", path=data)
    with one_build_at_a_time((out, cache_folder(out, cache)), waiting), cycle_collector_paused(), \
            arrays_on_small_pages(), large_blocks_reused():
        try:
            return _build(data, out, base, progress, jobs=jobs, cache=cache, lexicon=lexicon, shacl=shacl)
        except BaseException:
            from .reuse import discard

            # the memo of graph files that were not put in place
            discard(cache_folder(out, cache))
            raise


def _build(data: Path, out: Path, base: str, progress: Progress | None, *, jobs, cache, lexicon, shacl) -> BuildResult:
    raw = data / "raw"  # a folder, and both paths Path objects: see build()
    folder = cache_folder(out, cache)
    lexicon = lexicon if lexicon is not None else load_lexicon(data, folder)
    page_cache = PageCache(folder, lexicon, base) if folder is not None else None
    jobs = jobs or default_jobs()
    engine_of(shacl)  # an unknown engine is refused before any work
    warm = None
    if jobs > 1 and page_cache is not None and PageSummaries.likely_of(page_cache.folder, memo_salt(page_cache.salt)):
        # a rebuild: the worker for its few new pages loads its models from now on, beside
        # the listing of the pages and the memos' loading (~0.3 s sooner than the stage's
        # start); not after a change of the code or lexicon, where every page is new
        warm = warm_worker(lexicon, base)
    try:
        names = ResultMemo(page_cache.folder / NAMES_FILE, readings_salt()) if page_cache is not None else None
        # the names' syllables from the memo, else from the workers that extract the
        # pages: the build process then loads no pypinyin (~55 MB its forks would hold)
        with memo_in(slug, names), slug.offers_taken():
            kg = run(page_files(raw), lexicon, base, progress=progress, jobs=jobs, cache=page_cache,
                     validate_graph=False, keep_records=False, statements_memo=True, warm_pool=warm)
    finally:
        if warm is not None:  # shut down once used (again, harmlessly), or if the build failed before
            warm.shutdown(wait=True, cancel_futures=True)
    kg.cache = page_cache
    cache_dir = page_cache.folder if page_cache is not None else None
    # the records the rdf stage let go leave free pages: returned before the forks
    # below inherit them, and before the stages after count them
    give_back_free_memory()
    # with more than one job, a forked process validates the graph from its statements
    # meanwhile (the outputs wait for its verdict), beside the analysis and the page
    validator = None
    validator_nice, writer_nice = forked_niceness(page_cache, kg.corpus_counts()["pages"])
    if jobs > 1 and engine_of(shacl) == "core":  # pyshacl spreads over processes of its own
        stage_started("validate")
        validator = ForkedCall.start(_validate, kg.statements, base, shacl, cache_dir, jobs, niceness=validator_nice)
    # the statements, as the rdf stage turned them into integers and texts: what the
    # graph files are written from, and (its unique triples) what the analysis reads,
    # without an rdflib Graph
    stage_started("serialize")
    t0, c0 = time.perf_counter(), time.process_time()
    dump = kg.statements
    kg.note_triple_count(dump.triple_count)
    prefixes = outputs.prefixes_of(_Prefixes(base))
    # and another writes the graph files to temporary files; they are renamed only if
    # the graph validates, with the others
    writer = _GraphWriter.start(dump, prefixes, out, cache_dir, niceness=writer_nice) if jobs > 1 else None
    dump_s, dump_cpu = time.perf_counter() - t0, time.process_time() - c0
    if validator is None:
        try:
            stage_started("validate")
            t0, c0 = time.perf_counter(), time.process_time()
            kg.validation, _counts = validate_dataset(
                None, prefix_map(base), engine=shacl, cache_dir=cache_dir, jobs=jobs, dump=dump,
            )
            kg.timings["validate"] = time.perf_counter() - t0
            kg.timings["validate_cpu"] = time.process_time() - c0
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        if not kg.validation.conforms:
            if writer is not None:
                writer.discard()
            raise _not_conforming(kg.validation)

    pending = outputs.OutputSet()  # all outputs or none: temporary files, renamed together
    drawer = None  # the forked process drawing the page, while it does
    try:
        files_s = files_cpu = 0.0
        if writer is None:  # one process: the graph files are written now
            stage_started("serialize")
            t0, c0 = time.perf_counter(), time.process_time()
            write_graph_files(pending, dump, prefixes, out, cache_dir)
            files_s, files_cpu = time.perf_counter() - t0, time.process_time() - c0
        dump.release_texts()  # written, or being written by the fork: the analysis reads ranks and terms
        give_back_free_memory()
        stage_started("analysis")
        t0, c0 = time.perf_counter(), time.process_time()
        if kg.built_graph is not None:
            merged = kg.built_graph
        else:  # the unique triples, in the order first seen, made from the arrays as read
            merged = TripleIndex(dump.first_seen(), base, shares_terms=True, statements=dump)
        # the previous build's entity graph, where this one's statements came from its memo
        view_salt = memo_salt(page_cache.salt) if page_cache is not None else None
        carried = projection_memo.load(cache_dir, view_salt, dump) if cache_dir is not None else None
        statements_id = dump.statements_id
        del dump
        view = analysis.project(merged, carried)
        if carried is not None and carried.graph is not view:  # not carried: the previous graph goes
            carried = None
        give_back_free_memory()  # the projection's tallies
        simple = analysis.simple_view(view)  # for the metrics and the communities, made once
        # graph metrics and the page's layout, kept from the previous build when the
        # graph they are computed from is the same (see ResultMemo)
        memo = ResultMemo(page_cache.folder / MEMO_FILE) if page_cache is not None else None

        # with more than one job a forked process finds the communities and draws the
        # page from the view while this one measures and summarizes the graph
        if jobs > 1:
            stage_started("html")
            drawer = _PageDrawer.start(view, simple, out, memo)
        with memo_in(analysis, memo, "METRICS_MEMO"):
            measured = analysis.metrics(view, communities_of=drawer.communities if drawer is not None else None,
                                        simple=simple)
        del simple
        summary = analysis.summarize(view, merged, precomputed=measured)
        del merged
        kg.release_statements()  # written or being written, validated or being validated, analysed
        result = BuildResult(kg, summary=summary)
        kg.timings["analysis"] = time.perf_counter() - t0
        kg.timings["analysis_cpu"] = time.process_time() - c0
        # the analysis to its temporary file now, while the page and the graph files are
        # still being made (after one page more among 10,000 it was ~1.2 s after them)
        t0, c0 = time.perf_counter(), time.process_time()
        pending.add(out / "analysis.json", outputs.json_bytes(summary))
        json_s, json_cpu = time.perf_counter() - t0, time.process_time() - c0
        if cache_dir is not None:  # the entity graph, for the next build's projection
            projection_memo.save(cache_dir, view_salt, statements_id, view, carried)
        del carried

        stage_started("html")
        t1, c1 = time.perf_counter(), time.process_time()
        if drawer is None:  # one process (or no fork here): the page is drawn now
            from . import visualize  # imported where the page is drawn (pyvis, jinja2: ~0.15 s)

            give_back_free_memory()
            with memo_in(visualize, memo):
                html = visualize.render_html_chunks(view, community_of=measured["communities"])
            # written to its temporary file as it is made (removed unless the graph validates)
            pending.add(out / "graph.html", html)
            del html
            html_s, html_cpu = time.perf_counter() - t1, time.process_time() - c1
        else:  # the forked process's page, once drawn: the wait for it, and its own seconds
            pending.pending += drawer.finish()
            html_s, html_cpu = time.perf_counter() - t1, drawer.cpu
            kg.timings["html_forked_s"] = drawer.seconds
            _take_memo_entries(memo, drawer.extra)
            drawer = None
        del view
        if validator is not None:  # its verdict, before anything is written
            stage_started("validate")
            tv = time.perf_counter()
            try:
                (kg.validation, _counts), forked_s, kg.timings["validate_cpu"] = validator.result()
            except Exception:
                validator = None
                if writer is not None:
                    writer.discard()  # waits for it: a killed writer would leave temporary files
                    writer = None
                raise
            validator = None
            # the wait for the verdict (the stage's share of the build's wall time), and
            # the forked process's own seconds, beside the analysis and the page
            kg.timings["validate"] = time.perf_counter() - tv
            kg.timings["validate_forked_s"] = forked_s
            if not kg.validation.conforms:
                if writer is not None:
                    writer.discard()  # waits for it: a killed writer would leave temporary files
                    writer = None
                raise _not_conforming(kg.validation)
        stage_started("serialize")  # the forked writer's files, and the other outputs
        t2, c2 = time.perf_counter(), time.process_time()
        if writer is not None:
            pending.pending += writer.finish()
            kg.timings["serialize_graph_files_s"] = writer.seconds
            kg.timings["serialize_graph_files_cpu"] = writer.cpu
        pending.add(out / "report.txt", report_text(result).encode("utf-8"))
        # renamed in the order of _RENAME_ORDER, the page last, as ever
        pending.pending.sort(key=lambda entry: _RENAME_ORDER.get(Path(entry[1]).name, len(_RENAME_ORDER)))
        result.written = pending.commit()
        if cache_dir is not None:
            from .reuse import adopt

            adopt(cache_dir)  # the memo of the graph files now in place
        for kept in (memo, names):
            if kept is not None:
                kept.save()
        if page_cache is not None:
            page_cache.prune()
    except BaseException as exc:
        if validator is not None:
            validator.cancel()
        # after an error the forked writers finish and their files are deleted (killed
        # while writing they would leave temporary files); interrupted, they are killed
        for forked in (writer, drawer):
            if forked is not None:
                forked.discard() if isinstance(exc, Exception) else forked.cancel()
        pending.abort()
        raise
    kg.timings["serialize"] = dump_s + files_s + json_s + (time.perf_counter() - t2)
    kg.timings["serialize_cpu"] = dump_cpu + files_cpu + json_cpu + (time.process_time() - c2)  # this process's share
    kg.timings["html"] = html_s
    kg.timings["html_cpu"] = html_cpu
    return result


#: the graph files, in the order they are written and renamed
GRAPH_FILES = ("czt.nq", "czt.trig", "czt.ttl", "czt.jsonld")
#: every output, in the order the build renames them into place (the page last)
_RENAME_ORDER = {name: i for i, name in enumerate((*GRAPH_FILES, "analysis.json", "report.txt", "graph.html"))}


def _not_conforming(report) -> ValidationFailed:
    """The error of a build whose graph violates the shapes (in-process or forked validation alike)."""
    return ValidationFailed("the graph does not conform to ontology/shapes.ttl; nothing was written", report.text())


def graph_file(dump, prefixes: dict[str, str], name: str):
    """The chunks of one graph file (see :meth:`outputs.OutputSet.add`), all written from
    the canonical dump as they are made: N-Quads lines, TriG and Turtle in Oxigraph's
    form (:mod:`graph.terse`), JSON-LD."""
    if name == "czt.nq":
        return dump.nquads_chunks()
    if name == "czt.trig":
        return dump.trig_chunks(prefixes)
    if name == "czt.ttl":
        return dump.turtle_chunks(prefixes)
    if name == "czt.jsonld":
        return dump.jsonld_chunks()
    raise ValueError(name)


def write_graph_files(pending: outputs.OutputSet, dump, prefixes: dict[str, str], out: Path, memo_dir: Path | None) -> None:
    """Every graph file to a temporary file of ``pending``.  With a cache folder, the
    units of the previous build's files whose statements are the same are copied from
    them, and this build's memo is kept for the next (:mod:`graph.reuse`)."""
    if memo_dir is None:
        for name in GRAPH_FILES:
            pending.add(out / name, graph_file(dump, prefixes, name), direct=True)
        return
    from .reuse import write_files

    write_files(pending, dump, prefixes, out, memo_dir, GRAPH_FILES, graph_file)


class _GraphWriter(Forked):
    """The graph files written to temporary files by a forked process while this one
    analyses the graph and draws the page; :meth:`finish` hands back the temporary
    files (renamed with the other outputs, all or none).  The process dies with its
    parent, so a killed build leaves at most hidden temporary files, as always."""

    seconds = cpu = 0.0

    @classmethod
    def start(cls, dump, prefixes: dict[str, str], out: Path, memo_dir: Path | None = None,
              niceness: int = 0) -> "_GraphWriter | None":
        """``niceness``: how far below this process's CPU priority it runs (see :func:`forked_niceness`)."""
        return cls._fork(_write_graph_files, dump, prefixes, Path(out), memo_dir, niceness)

    #: what the process reports besides its files (see :func:`_write_forked`)
    extra = None
    #: what :meth:`finish` says died when the process sent no report
    doing = "the process writing the graph files"

    def finish(self) -> list[tuple[str, Path]]:
        status, payload, seconds, cpu = self._report(self.doing)
        self.seconds, self.cpu = seconds, cpu
        if status != "ok":
            message, path = payload
            raise OutputError(message, path=path)
        files, self.extra = payload
        return [(tmp, Path(path)) for tmp, path in files]

    def discard(self) -> None:
        """Let the writer finish, then delete what it wrote (nothing is left behind)."""
        try:
            for tmp, _path in self.finish():
                outputs.unlink_quietly(tmp)
        except OutputError:
            pass

    #: a report read early, where another message was expected (see :class:`_PageDrawer`)
    _report_first = None

    def cancel(self) -> None:
        """Kill the process; delete the files of a report it had sent."""
        super().cancel()
        reports = [self._report_first] if self._report_first is not None else []
        try:
            while self.conn.poll():
                reports.append(self.conn.recv())
        except (EOFError, OSError):
            pass
        for status, payload, *_rest in reports:
            if status == "ok":
                for tmp, _path in payload[0]:
                    outputs.unlink_quietly(tmp)


class _PageDrawer(_GraphWriter):
    """The graph page drawn and written to a temporary file by a forked process (it
    inherits the view without a copy) while this one measures and summarizes the graph.
    It finds the Louvain communities first and sends them (:meth:`communities`: the
    analysis reports them too, and they are computed once); :meth:`finish` hands back
    the page's file, renamed with the other outputs, and ``extra`` the layouts it looked
    up or made (this build's share of the result memo).  Not lowered in priority: after
    one page more among 10,000 the page is the build's longest path."""

    doing = "the process drawing the page"
    _communities = None  # once received
    _asked = False  # whether the communities' message was read (or its place taken by a report)

    @classmethod
    def start(cls, view, simple, out: Path, memo) -> "_PageDrawer | None":
        return cls._fork(_draw_page, view, simple, Path(out), memo)

    def communities(self) -> dict[str, int] | None:
        """The communities the process found (``metrics(..., communities_of=)``); None if
        it failed first (the analysis then finds them; :meth:`finish` says why)."""
        if not self._asked:
            self._asked = True
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                message = None
            if message is not None and message[0] == "communities":
                self._communities = message[1]
            else:
                self._report_first = message
        return self._communities

    def _receive(self) -> tuple:
        report, self._report_first = self._report_first, None
        while report is None or report[0] == "communities":  # unread if the metrics were in the memo
            report = self.conn.recv()
        return report


def _draw_page(view, simple, out: Path, memo, conn, parent: int) -> None:
    """In the forked page drawer: the communities (of ``simple``, the view's simple
    graph), sent at once; then the page to a temporary file, and the memo's entries it
    used for it."""

    def draw(pending: outputs.OutputSet):
        from . import visualize

        with memo_in(analysis, memo, "METRICS_MEMO"):
            communities = analysis.communities(view, simple=simple)
        conn.send(("communities", communities))
        give_back_free_memory()
        known, hits, misses = (set(memo.new), memo.hits, memo.misses) if memo is not None else (set(), 0, 0)
        with memo_in(visualize, memo):
            pending.add(out / "graph.html", visualize.render_html_chunks(view, community_of=communities, simple=simple))
        if memo is None:
            return None
        return {k: v for k, v in memo.new.items() if k not in known}, memo.hits - hits, memo.misses - misses

    _write_forked(draw, conn, parent, what="the graph page")


def _take_memo_entries(memo, extra) -> None:
    """Count what the page drawer looked up in or added to the result memo as this build's."""
    if memo is not None and extra is not None:
        entries, hits, misses = extra
        memo.new.update(entries)
        memo.hits += hits
        memo.misses += misses


def _validate(dump, base: str, engine: str | None, cache_dir, jobs: int):
    """The validate stage on its own (in a forked process, which inherits the build's
    statements without a copy): by cached units when there is a cache, else in one pass."""
    return validate_dataset(None, prefix_map(base), engine=engine, cache_dir=cache_dir, jobs=jobs, dump=dump)


def _write_graph_files(dump, prefixes: dict[str, str], out: Path, memo_dir, niceness: int, conn, parent: int) -> None:
    """In the forked writer: write every graph file to a temporary file, report them."""
    _write_forked(lambda pending: write_graph_files(pending, dump, prefixes, out, memo_dir), conn, parent,
                  niceness=niceness)


def _write_forked(write, conn, parent: int, what: str = "the graph files", niceness: int = 0) -> None:
    """In a forked process: ``write(pending)`` makes outputs as temporary files of an
    :class:`outputs.OutputSet`; send back ("ok", (their paths, what ``write`` returned),
    wall s, CPU s) once they are on disk, or ("error", (message, path), ...) with none left."""
    die_with_parent(parent)
    yield_to_parent(niceness)
    t0, c0 = time.perf_counter(), time.process_time()
    pending = outputs.OutputSet()
    try:
        extra = write(pending)
        pending.synced()  # on disk before the build renames them
        files = [(tmp, str(path)) for tmp, path in pending.pending]
        result = ("ok", (files, extra), time.perf_counter() - t0, time.process_time() - c0)
    except OutputError as exc:
        pending.abort()
        result = ("error", (str(exc.args[0]) if exc.args else str(exc), exc.path), time.perf_counter() - t0, time.process_time() - c0)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        pending.abort()
        result = ("error", (f"cannot write {what}: {exc!r}", None), time.perf_counter() - t0, time.process_time() - c0)
    try:
        conn.send(result)
    finally:
        conn.close()
        os._exit(0)


#: how much lower the forked (validator's, graph-file writer's) CPU priority is than the
#: build process's (``nice``): in a rebuild of few new pages, and otherwise
REBUILD_NICENESS, FULL_BUILD_NICENESS = (19, 0), (10, 0)
#: a rebuild whose new pages are at most this share of all is one of few new pages
FEW_NEW_PAGES = 0.1


def forked_niceness(cache, pages: int) -> tuple[int, int]:
    """How far below the build process's CPU priority the forked validator and graph-file
    writer run: :data:`REBUILD_NICENESS` when few of the ``pages`` were extracted anew
    (``cache.misses``), else :data:`FULL_BUILD_NICENESS`.

    The forks work beside the analysis and the page.  After one page more among 10,000
    the validator mostly reuses the previous build's work (~2.5 CPU s against the
    analysis's and the page's ~13, the longer path), so it takes only the cores those
    leave idle: nice 19 rather than 10 gave rebuild medians of 21.8 against 22.6 s (10
    alternated runs each).  The writer copies most of the previous graph files (3.35 GB
    read and written): at nice 19 it got the disk going only once the page was drawn and
    then ended the rebuild alone, 4-5 s later; at the build's priority it copies beside
    the others, and rebuilds from one snapshot took 16.98-17.39 s against 20.26-20.38 s
    (two alternated pairs; with the page's earlier layout 19.28 / 19.38 s, the writer at
    19 20.9-23.7 s).  In a full build the writer is the longest path: at 10,000
    pages, both forks at nice 10, it ended 46-58 s after the fork, the validator at
    37-42 s, and the build process then waited 9-17 s for it with a core idle.  The
    writer at the build process's priority (the validator still at 10) ends with the
    validator: full builds of 100.7, 110.5, 99.1, 99.5 s against 110.2, 115.2, 104.5,
    101.3 s (4 alternated pairs, 10,000 pages, no cache), the wait 0.8-5.9 s.  Both at 0
    or both at 10 had measured alike.

    >>> class Cache: misses = 1
    >>> forked_niceness(Cache(), 10_001), forked_niceness(None, 10_001)
    ((19, 0), (10, 0))
    >>> Cache.misses = 10_001
    >>> forked_niceness(Cache(), 10_001)
    (10, 0)
    """
    if cache is None or pages <= 0 or cache.misses > FEW_NEW_PAGES * pages:
        return FULL_BUILD_NICENESS
    return REBUILD_NICENESS


class _Prefixes:
    """The merged graph's prefix bindings, without the graph."""

    def __init__(self, base: str):
        self.base = base

    def namespaces(self):
        return prefix_map(self.base).items()


def stats(result: BuildResult) -> dict:
    kg = result.kg
    counts, read = kg.counts(), kg.corpus_counts()
    return {
        "pages": read["pages"],
        "unreadable_pages": read["unreadable_pages"],
        "documents": read["documents"],
        "entities": counts["entities"],
        "entities_by_type": counts["entities_by_type"],
        "assertions": counts["assertions"],
        "claims": counts["claims"],
        "triples": kg.triple_count,
    }


def report_text(result: BuildResult) -> str:
    s = stats(result)
    lines = [
        "czt-kg build report",
        "===================",
        f"Pages: {s['pages']} read, {s['unreadable_pages']} unreadable; documents: {s['documents']}",
        f"Entities: {s['entities']} (" + ", ".join(f"{k} {v}" for k, v in s["entities_by_type"].items()) + ")",
        f"Assertions: {s['assertions']}; numeric claims: {s['claims']}; triples: {s['triples']}",
    ]
    if result.kg.validation is not None:
        lines.append(result.kg.validation.text(limit=20))
    for err in result.page_errors:
        lines.append(f"Unreadable page: {err}")
    lines.append("")
    lines += analysis.report_lines(result.summary)
    return "\n".join(lines) + "\n"
