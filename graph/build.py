"""``czt-kg build``: run the pipeline over a data folder and write every output.

Outputs (replaced together, all or none): ``czt.ttl`` (merged graph), ``czt.trig`` (named graphs),
``czt.nq`` (sorted N-Quads), ``czt.jsonld``, ``graph.html``, ``analysis.json``,
``report.txt``.  Nothing is written when the graph violates the shapes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, outputs
from .errors import DataError, PageError, ValidationFailed
from .lexicon import Lexicon
from .cache import PageCache
from .pipeline import KnowledgeGraph, Progress, default_jobs, page_files, run
from .rdf import TripleIndex, prefix_map
from .vocab import DEFAULT_BASE


#: per-page results, inside the output folder unless --cache says otherwise
CACHE_DIR = ".cache"


@dataclass
class BuildResult:
    kg: KnowledgeGraph
    written: list[Path] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def page_errors(self) -> list[PageError]:
        return self.kg.corpus.errors


def load_lexicon(data: Path) -> Lexicon:
    from .slug import add_phrases

    folder = Path(data) / "lexicon"
    readings = folder / "pinyin.tsv"
    if readings.exists():
        add_phrases(_readings(readings))
    return Lexicon.load(folder)


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
) -> BuildResult:
    """Build the knowledge graph of ``data/raw`` and write it to ``out``.

    ``jobs`` processes extract pages (default: every core); ``cache`` is the folder
    of per-page results (default ``out/.cache``; False for none).  Neither changes
    a byte of the outputs, nor does ``shacl`` (validation engine: "core" or
    "pyshacl").  ``kg.timings`` gets wall seconds of every stage.
    """
    data, out = Path(data), Path(out)
    raw = data / "raw"
    if not raw.is_dir():
        raise DataError("no raw/ folder of pages here (expected DATA/raw/*.txt)", path=data)
    lexicon = lexicon if lexicon is not None else load_lexicon(data)
    page_cache = None
    if cache is not False:
        page_cache = PageCache(out / CACHE_DIR if cache in (True, None) else Path(cache), lexicon, base)
    kg = run(page_files(raw), lexicon, base, progress=progress, jobs=jobs or default_jobs(), cache=page_cache,
             shacl=shacl)
    kg.cache = page_cache
    if kg.validation is not None and not kg.validation.conforms:
        raise ValidationFailed("the graph does not conform to ontology/shapes.ttl; nothing was written", kg.validation.text())
    # the canonical text of every statement: what the graph files are written from,
    # and (its unique triples) what the analysis reads, without an rdflib Graph
    t0 = time.perf_counter()
    dump = outputs.CanonicalDump(kg.quads)
    kg._triple_count = len(dump.triples)
    dump_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    merged = kg._graph if kg._graph is not None else TripleIndex(dump.merged, base)
    view = analysis.project(merged)
    measured = analysis.metrics(view)
    summary = analysis.summarize(view, merged, precomputed=measured)
    del merged
    result = BuildResult(kg, summary=summary)
    kg.timings["analysis"] = time.perf_counter() - t0

    from .visualize import render_html

    files = {
        # one canonical N-Quads dump; TriG and Turtle are written from it by Oxigraph
        "czt.nq": lambda: dump.nquads_chunks(),
        "czt.trig": lambda: dump.trig(prefixes),
        "czt.ttl": lambda: dump.turtle(prefixes),
        "czt.jsonld": lambda: dump.jsonld_chunks(),
        "analysis.json": lambda: outputs.json_bytes(summary),
        "report.txt": lambda: report_text(result).encode("utf-8"),
    }
    # all outputs or none: each is written to a temporary file, then all are renamed
    pending = outputs.OutputSet()
    try:
        t0 = time.perf_counter()
        prefixes = outputs.prefixes_of(_Prefixes(base))
        for name, produce in files.items():
            pending.add(out / name, produce())
        del dump
        t1 = time.perf_counter()
        html = render_html(view, community_of=measured["communities"]).encode("utf-8")
        t2 = time.perf_counter()
        pending.add(out / "graph.html", html)
        del html
        result.written = pending.commit()
    except BaseException:
        pending.abort()
        raise
    kg.timings["serialize"] = dump_s + (t1 - t0) + (time.perf_counter() - t2)
    kg.timings["html"] = t2 - t1
    return result


class _Prefixes:
    """The merged graph's prefix bindings, without the graph."""

    def __init__(self, base: str):
        self.base = base

    def namespaces(self):
        return prefix_map(self.base).items()


def stats(result: BuildResult) -> dict:
    kg = result.kg
    by_type: dict[str, int] = {}
    for e in kg.resolution.entities:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    return {
        "pages": len(kg.corpus.pages),
        "unreadable_pages": len(kg.corpus.errors),
        "documents": len(kg.corpus.documents),
        "entities": len(kg.resolution.entities),
        "entities_by_type": dict(sorted(by_type.items())),
        "assertions": sum(len(x.assertions) for x in kg.resolution.extractions) + len(kg.resolution.background),
        "claims": sum(len(x.claims) for x in kg.resolution.extractions),
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
