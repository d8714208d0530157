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

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Dataset, Graph

from . import corpus
from .errors import PageError
from .extract import extract
from .lexicon import Lexicon
from .rdf import build_dataset, merged_graph
from .records import Document, Extraction, Page
from .resolve import Resolution, resolve
from .validate import ValidationReport, validate
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

    corpus: Corpus
    extractions: list[Extraction]
    resolution: Resolution
    dataset: Dataset
    graph: Graph
    validation: ValidationReport | None
    timings: dict[str, float]


def page_files(folder: Path) -> list[Path]:
    """The pages of a data folder (``raw/``), sorted by name for a stable order."""
    raw = Path(folder)
    return sorted(p for p in raw.iterdir() if p.is_file() and not p.name.startswith("."))


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
    # identical pages under two names are one page
    seen: set[str] = set()
    unique = []
    for d in out.documents:
        if d.id not in seen:
            seen.add(d.id)
            unique.append(d)
    out.documents = unique
    return out


def extract_all(documents: list[Document], lexicon: Lexicon, progress: Progress | None = None) -> list[Extraction]:
    """extract stage over every document."""
    out = []
    for i, doc in enumerate(documents):
        out.append(extract(doc, lexicon))
        if progress:
            progress("extract", i + 1, len(documents))
    return out


def run(
    paths: Iterable[Path],
    lexicon: Lexicon,
    base: str = DEFAULT_BASE,
    *,
    validate_graph: bool = True,
    progress: Progress | None = None,
) -> KnowledgeGraph:
    """Run every stage from page files to a validated knowledge graph."""
    timings: dict[str, float] = {}

    def timed(name, fn, *args, **kw):
        t0 = time.perf_counter()
        result = fn(*args, **kw)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        return result

    read = timed("corpus", read_corpus, paths, base, progress)
    extractions = timed("extract", extract_all, read.documents, lexicon, progress)
    resolution = timed("resolve", resolve, extractions, lexicon, base)
    dataset = timed("rdf", build_dataset, resolution, base)
    graph = timed("rdf", merged_graph, dataset)
    report = timed("validate", validate, graph) if validate_graph else None
    return KnowledgeGraph(read, extractions, resolution, dataset, graph, report, timings)
