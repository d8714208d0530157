"""RDF stage: resolved records → an rdflib :class:`Dataset`.

Layout (see README "Graph model"):

* the default graph holds entity descriptions (classes, zh/en labels, aliases,
  coordinates), page and document metadata, and background facts from the lexicon;
* one named graph per document (named by the document IRI) holds what that
  document asserts: the fact triples, one reified ``czt:Assertion`` per fact with
  its evidence sentence (NIF offsets into the page text), every mention, numeric
  claims and dates.

``czt.ttl`` is the union of all graphs; ``czt.trig`` keeps the named graphs.
"""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from functools import lru_cache
from operator import itemgetter

from .records import Assertion, Document, Entity, Extraction, Span
from .resolve import Resolution
from .slug import short_hash
from .vocab import CZT, ITSRDF, NIF, WGS84

PREFIXES = {
    "czt": CZT._NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "geo": WGS84,
}


class _Interned:
    """A namespace whose terms are made once: every statement of a build then shares
    one object per predicate and class (less memory; dict look-ups hit by identity)."""

    def __init__(self, ns):
        self._base = str(ns)
        self._memo: dict[str, URIRef] = {}

    def __getitem__(self, name: str) -> URIRef:
        t = self._memo.get(name)
        if t is None:
            t = self._memo[name] = URIRef(self._base + name)
        return t

    def __getattr__(self, name: str) -> URIRef:  # only for names not yet looked up
        if name.startswith("_"):
            raise AttributeError(name)
        t = self[name]
        setattr(self, name, t)  # from now on a plain attribute
        return t


CZT, RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, NIF, ITSRDF, WGS84 = (
    _Interned(ns) for ns in (CZT._NS, RDF, RDFS, OWL, XSD, SKOS, PROV, DCTERMS, NIF, ITSRDF, WGS84)
)

#: terms repeat a lot (the IRI of a document in each of its statements, "body-in-unit",
#: small integers); building each once is faster and the statements share them
_iri = lru_cache(maxsize=1 << 18)(URIRef)


@lru_cache(maxsize=1 << 18)
def _plain(text: str) -> Literal:
    return Literal(text)


@lru_cache(maxsize=1 << 16)
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")



def forget_shared_terms() -> None:
    """Empty the caches that share one object per term among the statements being made
    (:func:`_iri`, :func:`_plain`, …): once a dataset's statements are made they keep
    their terms, and at 10,000 pages the caches' own entries (a key text and a link
    each, ~600,000 of them) are ~0.1 GB."""
    for cached in (_iri, _plain, _zh, _int, _date):
        cached.cache_clear()


def bind_prefixes(g: Graph, base: str) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, Namespace(str(ns)), override=True, replace=True)
    g.bind("id", Namespace(base + "id/"), override=True, replace=True)
    g.bind("doc", Namespace(base + "doc/"), override=True, replace=True)


def lexicon_iri(base: str) -> URIRef:
    return _iri(base + "lexicon")


def page_iri(base: str, sha256: str) -> URIRef:
    return _iri(f"{base}page/{sha256[:16]}")


@lru_cache(maxsize=1 << 16)
def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@lru_cache(maxsize=1 << 12)
def _date(iso: str) -> Literal:
    dt = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(iso), XSD.date)
    return Literal(iso, datatype=dt)


def entity_triples(e: Entity) -> list[tuple[Node, Node, Node]]:
    s = _iri(e.id)
    out = [(s, RDF.type, CZT[e.cls])]
    if e.cls != e.type:
        out.append((s, RDF.type, CZT[e.type]))
    out += [
        (s, RDFS.label, _zh(e.label)),
        (s, SKOS.prefLabel, _zh(e.label)),
        (s, CZT.coarseType, _plain(e.type)),
    ]
    if e.pinyin:
        out.append((s, CZT.pinyin, _plain(e.pinyin)))
    if e.en:
        out.append((s, RDFS.label, Literal(e.en, lang="en")))
    out += [(s, SKOS.altLabel, _zh(a)) for a in e.aliases]
    if e.lat is not None and e.lon is not None:
        out += [
            (s, WGS84.lat, Literal(f"{e.lat:.4f}", datatype=XSD.decimal)),
            (s, WGS84.long, Literal(f"{e.lon:.4f}", datatype=XSD.decimal)),
        ]
    return out


def document_triples(doc: Document, base: str) -> list[tuple[Node, Node, Node]]:
    d = _iri(doc.id)
    p = page_iri(base, doc.page.sha256)
    out = [
        (d, RDF.type, CZT.Document),
        (d, CZT.documentKind, _plain(doc.kind)),
        (d, CZT.page, p),
        (d, NIF.beginIndex, _int(doc.span[0])),
        (d, NIF.endIndex, _int(doc.span[1])),
        (p, RDF.type, CZT.Page),
        (p, CZT.fileName, _plain(doc.page.name)),
        (p, CZT.sha256, _plain(doc.page.sha256)),
        (p, CZT.encoding, _plain(doc.page.encoding)),
    ]
    if doc.title:
        out.append((d, DCTERMS.title, _plain(doc.title)))
    if doc.date:
        out.append((d, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.datetime:
        out.append((d, CZT.publishedAt, Literal(doc.datetime, datatype=XSD.dateTime)))
    if doc.source:
        out.append((d, CZT.sourceName, _plain(doc.source)))
    if doc.original_source:
        out.append((d, CZT.originalSource, _plain(doc.original_source)))
    out += [(d, CZT.editor, _plain(n)) for n in doc.editors]
    out += [(d, CZT.reviewer, _plain(n)) for n in doc.reviewers]
    return out


def _span_node(doc: Document, span: Span, kind: str) -> URIRef:
    return _iri(f"{doc.id}/{kind}/{span.start}-{span.end}")


def evidence_triples(doc: Document, span: Span) -> tuple[URIRef, list]:
    ev = _span_node(doc, span, "sentence")
    return ev, [
        (ev, RDF.type, CZT.Evidence),
        (ev, NIF.beginIndex, _int(span.start)),
        (ev, NIF.endIndex, _int(span.end)),
        (ev, NIF.anchorOf, _plain(span.text)),
        (ev, CZT.document, _iri(doc.id)),
    ]


def assertion_iri(base: str, a: Assertion) -> URIRef:
    parts = [a.doc_id or "lexicon", a.subject, a.predicate, a.object]
    if a.evidence is not None:
        parts += [str(a.evidence.start), str(a.evidence.end)]
    return _iri(f"{base}assertion/{short_hash('|'.join(parts), 16)}")


def assertion_triples(a: Assertion, base: str, doc: Document | None) -> list:
    s, o, p = _iri(a.subject), _iri(a.object), CZT[a.predicate]
    node = assertion_iri(base, a)
    out = [
        (s, p, o),
        (node, RDF.type, CZT.Assertion),
        (node, RDF.subject, s),
        (node, RDF.predicate, p),
        (node, RDF.object, o),
        (node, CZT.extractedBy, _plain(a.via)),
    ]
    if a.role:
        out.append((node, CZT.roleTitle, _plain(a.role)))
    if doc is None:
        out.append((node, PROV.wasDerivedFrom, lexicon_iri(base)))
        return out
    out += [(node, PROV.wasDerivedFrom, _iri(doc.id)), (node, CZT.document, _iri(doc.id))]
    if a.evidence is not None:
        ev, ev_triples = evidence_triples(doc, a.evidence)
        out += [(node, CZT.evidence, ev), *ev_triples]
    return out


def extraction_triples(ex: Extraction, base: str) -> list:
    """Everything one document contributes to its named graph."""
    doc = ex.document
    d = _iri(doc.id)
    out: list = []
    for m in ex.mentions:
        node = _iri(f"{doc.id}/mention/{m.start}-{m.end}-{short_hash(m.key)}")
        out += [
            (node, RDF.type, CZT.Mention),
            (node, NIF.beginIndex, _int(m.start)),
            (node, NIF.endIndex, _int(m.end)),
            (node, NIF.anchorOf, _plain(m.span.text)),
            (node, ITSRDF.taIdentRef, _iri(m.key)),
            (node, CZT.document, d),
            (node, CZT.extractedBy, _plain(m.via)),
            (_iri(m.key), CZT.mentionedIn, d),
        ]
    for a in ex.assertions:
        out += assertion_triples(a, base, doc)
    for c in ex.claims:
        node = _iri(f"{doc.id}/claim/{c.evidence.start}-{short_hash(f'{c.count}{c.unit}{c.noun}{c.subject}')}")
        ev, ev_triples = evidence_triples(doc, c.evidence)
        out += [
            (node, RDF.type, CZT.Claim),
            (node, CZT.claimedCount, _int(c.count)),
            (node, CZT.countUnit, _plain(c.unit)),
            (node, CZT.countedNoun, _plain(c.noun)),
            (node, CZT.enumeratedCount, _int(len(c.items))),
            (node, CZT.document, d),
            (node, CZT.evidence, ev),
            *ev_triples,
        ]
        if c.subject:
            out.append((node, CZT.claimSubject, _iri(c.subject)))
        out += [(node, CZT.enumeratedItem, _iri(i)) for i in c.items]
    for key, iso, _span in ex.dates:
        out.append((_iri(key), CZT.eventDate, _date(iso)))
    return out


#: a statement and the graph it belongs to (None: the default graph)
Quad = tuple[Node, Node, Node, "URIRef | None"]


def dataset_quads(resolution: Resolution, base: str) -> list[Quad]:
    """Every statement of the knowledge graph with its graph, as plain tuples."""
    return [q for batch in dataset_quad_batches(resolution, base) for q in batch]


#: statements per batch of :func:`dataset_quad_batches`
BATCH_QUADS = 65536


def dataset_quad_batches(resolution: Resolution, base: str, size: int = BATCH_QUADS):
    """Every statement of the knowledge graph with its graph, in lists of about ``size``
    (whole documents): the build turns each into integers and lets it go (see
    :class:`graph.outputs.CanonicalDump`), so the statements are never all Python
    tuples at once (8.6M of them took 1.1 GB).
    """
    return _quad_batches(resolution.entities, resolution.background, resolution.extractions, base, size)


#: with more than one job, the rdf stage's later documents are made into statements
#: and numbered by a forked process while the build process does the rest, when there
#: are at least this many documents (at 30,000 documents it halves ~20 s of one core)
SPLIT_MIN_DOCUMENTS = 2000
#: the share of the documents the build process keeps: it also makes the statements
#: before any document's (the lexicon's, the entities', the background facts')
SPLIT_SHARE = 0.53


def split_quad_batches(entities, background, extractions: list, base: str, *, jobs: int, size: int = BATCH_QUADS,
                       release: bool = False, ends: list | None = None, key=None) -> tuple:
    """(batches, then): :func:`_quad_batches` of the records, and None; or, with more
    than one job and at least :data:`SPLIT_MIN_DOCUMENTS` documents, the batches of the
    first documents and a call giving the later ones' statements numbered by a forked
    process meanwhile (:func:`graph.outputs.numbered_texts`), for
    ``CanonicalDump(batches=..., then=...)``: the same statements in the same order.
    ``extractions`` loses the later documents here (the fork holds them); ``ends``
    gets theirs once ``then`` is called."""
    start = int(len(extractions) * SPLIT_SHARE)
    beside = None
    if jobs > 1 and len(extractions) >= SPLIT_MIN_DOCUMENTS:
        from .forked import ForkedCall

        beside = ForkedCall.start(_numbered_documents, extractions, start, base, size, key if ends is not None else None)
    if beside is None:
        return _quad_batches(entities, background, extractions, base, size, release=release, ends=ends, key=key), None
    del extractions[start:]  # the fork's now (its copy of them)
    return (_quad_batches(entities, background, extractions, base, size, release=release, ends=ends, key=key),
            _NumberedBeside(beside, ends))


def split_dump(entities, background, extractions: list, base: str, *, jobs: int, ends: list | None = None, key=None,
               **dump_options):
    """The rdf stage: the :class:`graph.outputs.CanonicalDump` of the records' statements
    (``dump_options``: its other arguments), each document's records let go once its
    statements are made, the later documents' made by a forked process meanwhile with
    more than one job (:func:`split_quad_batches`), which an error here stops."""
    from .outputs import CanonicalDump

    batches, beside = split_quad_batches(entities, background, extractions, base, jobs=jobs, release=True, ends=ends,
                                         key=key)
    try:
        return CanonicalDump(batches=batches, then=beside, **dump_options)
    except BaseException:
        if beside is not None:
            beside.cancel()
        raise


class _NumberedBeside:
    """The later documents' statements, numbered by a forked process: called once this
    process has made the earlier ones' (``ends`` then gets theirs, after its own), or
    cancelled if the rdf stage fails before."""

    def __init__(self, call, ends: list | None) -> None:
        self.call, self.ends = call, ends

    def __call__(self) -> tuple:
        (numbered, their_ends), _seconds, _cpu = self.call.result()
        if self.ends is not None:
            done = self.ends[-1][1]  # the statements before the fork's
            self.ends.extend((k, done + end) for k, end in their_ends)
        return numbered

    def cancel(self) -> None:
        self.call.cancel()


def _numbered_documents(extractions: list, start: int, base: str, size: int, key) -> tuple:
    """In a forked process: the statements of ``extractions[start:]``, numbered (see
    :func:`graph.outputs.numbered_texts`), and (``key(document)``, the end of its
    statements among them) of each when ``key`` is given."""
    from .outputs import numbered_texts

    mine = extractions[start:]
    del extractions[:]
    ends: list | None = [] if key is not None else None
    return numbered_texts(_quad_batches((), (), mine, base, size, release=True, ends=ends, key=key,
                                        head=False)), ends


def taken_records(holder: list[Resolution]) -> tuple:
    """(entities, background facts, a list of the extractions) of the resolution taken
    out of ``holder`` (a one-item list), for the rdf stage to let each document's records
    go once its statements are made (``release``): their memory then holds the
    statements' terms instead of adding to them (at 10,000 pages the records are ~0.6 GB
    of small objects).  The caller keeps no other reference to the resolution."""
    resolution = holder.pop()
    return resolution.entities, resolution.background, list(resolution.extractions)


def _quad_batches(entities, background, extractions, base: str, size: int, release: bool = False,
                  ends: list | None = None, key=None, head: bool = True):
    """The statements in batches of about ``size``: :func:`head_quads` (unless not
    ``head``), then each document's (:func:`document_quads`); with ``ends``,
    (``key(record)``, the end of its statements in the stream) is appended to it for
    each entity, background fact and document, after (None, the end of the lexicon's)."""
    out = head_quads(entities, background, base, ends, key) if head else []
    done = 0  # statements in the batches yielded
    for i in range(len(extractions)):
        if len(out) >= size:
            done += len(out)
            yield out
            out = []
        ex = extractions[i]
        if release:
            extractions[i] = None
        out += document_quads(ex, base)
        if ends is not None:
            ends.append((key(ex.document), done + len(out)))
        del ex
    yield out
    forget_shared_terms()  # the statements made keep their terms; the caches' entries go


def head_quads(entities, background, base: str, ends: list | None = None, key=None) -> list:
    """The statements before any document's, all in the default graph: the lexicon's
    (:func:`lexicon_quads`), each entity's (:func:`entity_quads`) and the background
    facts' (:func:`fact_quads`); ``ends`` as in :func:`_quad_batches`."""
    out = lexicon_quads(base)
    if ends is not None:
        ends.append((None, len(out)))
    for records, quads in ((entities, entity_quads), (background, fact_quads)):
        for r in records:
            out += quads(r, base)
            if ends is not None:
                ends.append((key(r), len(out)))
    return out


def lexicon_quads(base: str) -> list:
    """The lexicon's own statements (the provenance of the background facts)."""
    lex = lexicon_iri(base)
    return [
        (lex, RDF.type, CZT.Lexicon, None),
        (lex, RDFS.label, Literal("czt-kg 整理词表", lang="zh"), None),
        (lex, RDFS.label, Literal("czt-kg curated lexicon", lang="en"), None),
    ]


def entity_quads(e: Entity, base: str) -> list:
    """An entity's statements (default graph)."""
    return [(*t, None) for t in entity_triples(e)]


def fact_quads(a: Assertion, base: str) -> list:
    """A background fact's statements, derived from the lexicon (default graph)."""
    return [(*t, None) for t in assertion_triples(a, base, None)]


def document_quads(ex: Extraction, base: str) -> list:
    """One document's statements: its page's in the default graph, the rest in its named
    graph (every document has one, even when nothing was extracted from it)."""
    named = _iri(ex.document.id)
    page = page_iri(base, ex.document.page.sha256)
    out = [(*t, None if t[0] == page else named) for t in document_triples(ex.document, base)]
    out += [(*t, named) for t in extraction_triples(ex, base)]
    return out


def build_dataset(resolution: Resolution, base: str, quads: list[Quad] | None = None) -> Dataset:
    """The knowledge graph: default graph + one named graph per document."""
    if quads is None:
        quads = dataset_quads(resolution, base)
    ds = Dataset()
    bind_prefixes(ds, base)
    default = ds.default_graph
    graphs: dict = {None: default}

    def context(name):
        g = graphs.get(name)
        if g is None:
            g = graphs[name] = ds.graph(name)
        return g

    ds.addN((s, p, o, context(g)) for s, p, o, g in quads)
    return ds


def merged_graph(ds: Dataset, quads: list[Quad] | None = None) -> Graph:
    """All quads of the dataset as one graph (``czt.ttl``)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    if quads is not None:
        g.addN((s, p, o, g) for s, p, o, _c in quads)
        return g
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def merged_graph_of(triples, base: str) -> Graph:
    """The merged graph (``czt.ttl``) of ``triples`` (s, p, o), prefixes bound."""
    g = Graph()
    bind_prefixes(g, base)
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


class TripleIndex:
    """The merged graph's unique triples, read-only, with the part of rdflib
    :class:`~rdflib.Graph`'s reading API the analysis uses (``triples``,
    ``subjects``, ``objects``, ``subject_objects``, ``value``, ``namespaces``,
    ``namespace_manager``, ``len``, iteration).

    Building an rdflib Graph of a million statements costs seconds and a
    gigabyte; this holds one list of the triples (in first-seen order, which is the
    order an rdflib Memory store yields them in) and builds its by-subject and
    by-predicate indexes only when asked.  The list may hold (s, p, o, graph) quads
    instead, all alike (the build passes the quad each triple was first seen in):
    triples are then cut from them as they are read, never all at once (a copy of
    8.45M triples as 3-tuples took 0.54 GB).

    >>> from rdflib import URIRef
    >>> a, p, b = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")
    >>> g = TripleIndex([(a, p, b, URIRef("urn:g"))], "https://w3id.org/czt-kg/")
    >>> list(g.triples((a, None, None))) == [(a, p, b)] == list(g)
    True
    """

    def __init__(self, triples: list, base: str, shares_terms: bool = False, statements=None):
        self._triples = triples
        #: the :class:`graph.outputs.CanonicalDump` the triples come from, if any: the
        #: projection then reads its arrays (see graph.dump_projection)
        self.statements = statements
        self._base = base
        #: whether the statements share (nearly) one object per term, as the rdf stage makes them
        #: (see ``_iri``): readers may then match terms by identity (see graph.analysis.project)
        self.shares_terms = shares_terms
        self._indexes: dict[int, dict] = {}
        self._ns = None
        listed = isinstance(triples, (list, tuple))  # else a sized iterable of triples (graph.outputs.FirstSeen)
        self._cut = itemgetter(0, 1, 2) if listed and triples and len(triples[0]) != 3 else None

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        return iter(self._triples) if self._cut is None else map(self._cut, self._triples)

    def _index(self, position: int) -> dict:
        """The triples grouped by their term at ``position`` (0 subject, 1 predicate), built on first use."""
        index = self._indexes.get(position)
        if index is None:
            index = {}
            for t in self._triples:
                index.setdefault(t[position], []).append(t)
            self._indexes[position] = index
        return index

    def triples(self, pattern):
        s, p, o = pattern
        if s is not None:
            found = self._index(0).get(s, ())
            if p is not None and type(p) is URIRef:
                # predicates are IRIs: compare their text in C, not with rdflib's __eq__
                ps = str(p)
                found = [t for t in found if str.__eq__(t[1], ps) and type(t[1]) is URIRef]
                p = None
        elif p is not None:
            found = self._index(1).get(p, ())
            p = None
        else:
            found = self._triples
        cut = self._cut
        if p is None and o is None:
            yield from (found if cut is None else map(cut, found))
            return
        for t in found:
            if (p is None or t[1] == p) and (o is None or t[2] == o):
                yield t if cut is None else cut(t)

    def subjects(self, predicate=None, object=None):
        for s, _p, _o in self.triples((None, predicate, object)):
            yield s

    def objects(self, subject=None, predicate=None):
        for _s, _p, o in self.triples((subject, predicate, None)):
            yield o

    def subject_objects(self, predicate=None):
        for s, _p, o in self.triples((None, predicate, None)):
            yield s, o

    def value(self, subject=None, predicate=None, object=None, default=None):
        if subject is None or predicate is None:
            raise ValueError("TripleIndex.value needs a subject and a predicate")
        for _s, _p, o in self.triples((subject, predicate, object)):
            return o
        return default

    @property
    def namespace_manager(self):
        if self._ns is None:
            g = Graph()
            bind_prefixes(g, self._base)
            self._ns = g
        return self._ns.namespace_manager

    def namespaces(self):
        self.namespace_manager  # noqa: B018 - binds the prefixes
        return self._ns.namespaces()


def prefix_map(base: str) -> dict[str, str]:
    """The prefixes bound on the merged graph (what its ``namespaces()`` gives)."""
    g = Graph()
    bind_prefixes(g, base)
    return {p: str(ns) for p, ns in g.namespaces()}
