"""The projection of :func:`graph.analysis.project` read from a build's statements as
integer arrays (:class:`graph.outputs.CanonicalDump`) instead of rdflib triples.

The build's merged graph has about a million provenance nodes (mentions, evidence
sentences, assertions) for some 27,000 entities at 10,000 pages.  Reading it triple by
triple made per-subject dicts of every one of them (~0.5 GB at 8.45M triples) and
Python work for each triple; here the subjects, predicates and objects are the dump's
term ranks, the tables are numpy arrays over ranks, and rdflib terms are looked up only
for what the projection keeps (entities, their labels, the sentences it quotes).  The
result is the very same MultiDiGraph, node for node and edge for edge (tested against
:func:`graph.analysis.project` on the same graph).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import numpy as np
from rdflib import PROV, RDF, RDFS, SKOS
from rdflib.namespace import DCTERMS

from . import analysis as A
from .outputs import run_starts, sorted_unique
from .vocab import CZT, ITSRDF, NIF


class _Statements:
    """The dump's unique triples as rank arrays, with the look-ups the projection needs."""

    def __init__(self, dump, literal_masks: bool = True) -> None:
        self.dump = dump
        self.ts, self.tp, self.to = dump.triple_ranks()
        self.first = dump._first  # each triple's place in first-seen order (as an rdflib store lists them)
        self.terms = dump._object_array  # rank -> rdflib term
        #: rank -> str() of its term, without making the term where it is known by its text only
        self.string = getattr(self.terms, "string", None) or (lambda rank: str(self.terms[rank]))
        self.size = len(self.terms)
        #: rank -> (str() of its term, its language tag or None), the same way
        self.literal = getattr(self.terms, "literal", None) or (
            lambda rank: (str(self.terms[rank]), getattr(self.terms[rank], "language", None)))
        if literal_masks:  # which ranks are literals, which IRIs
            kind = dump.term_kinds()
            self.is_literal, self.is_iri = kind == 2, kind == 1

    def rank(self, iri) -> int | None:
        return self.dump.rank_of(f"<{iri}>")

    def rows(self, predicate) -> tuple[np.ndarray, np.ndarray]:
        """(subjects, objects) of the triples with ``predicate``, by subject, then in
        the order first seen."""
        r = self.rank(predicate)
        if r is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        idx = np.flatnonzero(self.tp == r)
        idx = idx[_lexsorted((self.first[idx], self.ts[idx]))]
        return self.ts[idx].astype(np.int64), self.to[idx].astype(np.int64)

    def single(self, predicate) -> "_Single":
        """Each subject's value of ``predicate``, the last one seen when it has several
        (as a dict filled in first-seen order keeps)."""
        s, o = self.rows(predicate)
        last = np.ones(len(s), dtype=bool)
        last[:-1] = s[1:] != s[:-1]
        return _Single(s[last], o[last])


def _lexsorted(keys: tuple) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key first, ties by position), by one stable sort of
    the keys packed into a 64-bit integer when they are non-negative and fit: a
    predicate's rows come nearly sorted (by subject), which that sort takes in one pass,
    where lexsort sorts once a key (~0.75 s against ~0.06 s for 3M rows).

    >>> _lexsorted((np.array([3, 1, 2, 0]), np.array([1, 1, 0, 0]))).tolist()
    [3, 2, 1, 0]
    >>> _lexsorted((np.array([-1, 5]), np.array([0, 0]))).tolist()  # not packed: the same order
    [0, 1]
    """
    keys = [np.asarray(k) for k in keys]
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    bits, widths = 0, []
    for k in keys:
        if int(k.min()) < 0:
            return np.lexsort(keys)
        width = int(k.max()).bit_length()
        widths.append(width)
        bits += width
    if bits > 63:
        return np.lexsort(keys)
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for k, width in zip(reversed(keys), reversed(widths)):  # the last key is the major one
        packed <<= width
        packed |= k.astype(np.int64, copy=False)
    return np.argsort(packed, kind="stable")


class _Single:
    """A single-valued property as two arrays: subjects (sorted ranks) and their values."""

    def __init__(self, subjects: np.ndarray, values: np.ndarray) -> None:
        self.subjects, self.values = subjects, values

    def of(self, keys: np.ndarray) -> np.ndarray:
        """The value rank of each of ``keys`` (ranks), -1 where it has none."""
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self.subjects):
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.subjects, keys), len(self.subjects) - 1)
        return np.where(self.subjects[at] == keys, self.values[at], -1)

    def has(self, keys: np.ndarray) -> np.ndarray:
        return self.of(keys) >= 0


def _groups(subjects: np.ndarray, objects: np.ndarray, wanted: np.ndarray) -> dict[int, list[int]]:
    """subject rank -> its object ranks (in the rows' order), for subjects in ``wanted`` (a mask)."""
    keep = wanted[subjects]
    out: dict[int, list[int]] = defaultdict(list)
    for s, o in zip(subjects[keep].tolist(), objects[keep].tolist()):
        out[s].append(o)
    return out


def project_dump(dump, g) -> nx.MultiDiGraph:
    """:func:`graph.analysis.project` of the merged graph of ``dump``; ``g`` is that graph
    (a :class:`graph.rdf.TripleIndex`), read only for prefixes."""
    st = _Statements(dump)
    terms = st.terms
    size = st.size

    # -- routes: which predicates the projection reads, and how ----------------------
    multi = (RDF.type, RDFS.label, SKOS.altLabel, CZT.roleTitle, PROV.wasDerivedFrom)
    handled = np.zeros(size, dtype=bool)
    for p in (*A._SINGLE, *multi, *A._PRED_LOCAL):
        r = st.rank(p)
        if r is not None:
            handled[r] = True

    # -- provenance nodes: the last provenance class seen of each subject --------------
    type_s, type_o = st.rows(RDF.type)
    # codes by term rank are int8: at 10,000 pages there are ~3M ranks (24 MB an int64 array)
    prov_code = np.full(size, -1, dtype=np.int8)
    kinds = list(A._PROV_CLASS.values())
    for code, cls in enumerate(A._PROV_CLASS):
        r = st.rank(cls)
        if r is not None:
            prov_code[r] = code
    codes = prov_code[type_o]
    s_prov, c_prov = type_s[codes >= 0], codes[codes >= 0]
    last = np.ones(len(s_prov), dtype=bool)
    last[:-1] = s_prov[1:] != s_prov[:-1]
    prov = np.full(size, -1, dtype=np.int8)
    prov[s_prov[last]] = c_prov[last]
    is_prov = prov >= 0

    # -- entities: a coarse type given, else the first coarse class by name ------------
    coarse = np.full(size, -1, dtype=np.int8)
    coarse_single = st.single(CZT.coarseType)
    literal_code: dict[int, int] = {}
    for s, o in zip(coarse_single.subjects.tolist(), coarse_single.values.tolist()):
        code = literal_code.get(o)
        if code is None:
            text = str(terms[o])
            code = literal_code[o] = A.COARSE_TYPES.index(text) if text in A.COARSE_TYPES else -1
        if code >= 0 and not is_prov[s]:
            coarse[s] = code
    by_name = sorted(A.COARSE_TYPES)
    class_code = np.full(size, len(by_name), dtype=np.int8)
    for cls, typ in A._COARSE_CLASS.items():
        r = st.rank(cls)
        if r is not None:
            class_code[r] = by_name.index(typ)
    open_ = (coarse[type_s] < 0) & ~is_prov[type_s] & st.is_iri[type_s] & (class_code[type_o] < len(by_name))
    s_open, c_open = type_s[open_], class_code[type_o[open_]]
    if len(s_open):
        starts = np.flatnonzero(np.r_[True, s_open[1:] != s_open[:-1]])
        lowest = np.minimum.reduceat(c_open, starts)
        coarse[s_open[starts]] = [A.COARSE_TYPES.index(by_name[c]) for c in lowest.tolist()]
    is_entity = coarse >= 0
    entities = np.flatnonzero(is_entity)

    # -- the counts of what is left out ------------------------------------------------
    ts, tp, to = st.ts, st.tp, st.to
    per_subject = np.bincount(ts, minlength=size)
    prov_nodes = Counter({kinds[c]: int(n) for c, n in enumerate(np.bincount(prov[is_prov], minlength=len(kinds))) if n})
    dropped = np.bincount(tp[is_entity[ts] & ~handled[tp]], minlength=size)
    curies: Counter = Counter()
    for p in np.flatnonzero(dropped).tolist():
        curies[A._curie(g, terms[p])] += int(dropped[p])
    attribute_rows = 0
    for p in (RDFS.label, SKOS.altLabel, RDF.type):
        r = st.rank(p)
        if r is not None:
            attribute_rows += int(np.count_nonzero(is_entity[ts[tp == r]]))
    pinyin = st.single(CZT.pinyin)
    attribute_rows += int(np.count_nonzero(is_entity[pinyin.subjects])) + int(np.count_nonzero(is_entity[coarse_single.subjects]))
    provenance_triples = int(per_subject[is_prov].sum())
    other_triples = int(per_subject[~is_entity & ~is_prov].sum())
    n_literals = int(np.count_nonzero(st.is_literal[to]))
    del per_subject, dropped

    # -- nodes ---------------------------------------------------------------------------
    view = nx.MultiDiGraph()
    string = st.string
    name = {r: string(r) for r in entities.tolist()}
    labels = _groups(*st.rows(RDFS.label), is_entity)
    alt_labels = _groups(*st.rows(SKOS.altLabel), is_entity)
    types = _groups(type_s, type_o, is_entity)
    pinyin_of = dict(zip(pinyin.subjects.tolist(), pinyin.values.tolist()))
    mentions_of: dict = {}
    literal = st.literal  # texts, not rdflib terms: made from a memo's text, ~60,000 took ~0.3 s
    for r in sorted(name, key=name.__getitem__):
        got = pinyin_of.get(r)
        mentions_of[name[r]] = A._add_entity_node_of(
            view, name[r], A.COARSE_TYPES[coarse[r]], [literal(x) for x in labels.get(r, ())],
            [string(x) for x in types.get(r, ())], string(got) if got is not None else "",
            [string(x) for x in alt_labels.get(r, ())],
        )
    del labels, alt_labels, types, pinyin_of, type_s, type_o

    # -- documents: titles and page files -------------------------------------------------
    doc_of, begin_of, end_of = st.single(CZT.document), st.single(NIF.beginIndex), st.single(NIF.endIndex)
    anchor_of = st.single(NIF.anchorOf)
    title = st.single(DCTERMS.title)
    doc_title = {d: string(t) for d, t in zip(title.subjects.tolist(), title.values.tolist())}
    files = st.single(CZT.fileName)
    page_file = {p: string(f) for p, f in zip(files.subjects.tolist(), files.values.tolist())}
    pages = st.single(CZT.page)
    document = kinds.index("Document")
    doc_page = {d: page_file.get(p, "") for d, p in zip(pages.subjects.tolist(), pages.values.tolist()) if prov[d] == document}
    number = _Numbers(terms)
    doc_text: dict = {-1: "None"}

    def doc_string(d: int) -> str:
        s = doc_text.get(d)
        if s is None:
            s = doc_text[d] = string(d)
        return s

    # -- mentions: the sentences each entity is named in --------------------------------
    evidence = np.flatnonzero(prov == kinds.index("Evidence"))
    sentences: dict = defaultdict(list)
    for ev, d, b, e, a in zip(evidence.tolist(), doc_of.of(evidence).tolist(), begin_of.of(evidence).tolist(),
                              end_of.of(evidence).tolist(), anchor_of.of(evidence).tolist()):
        b, e = number(b), number(e)
        if b is None or e is None:
            continue
        sentences[d].append((b, e, string(a) if a >= 0 else ""))
    for v in sentences.values():
        v.sort(key=A._begin_end_text)
    mention = np.flatnonzero(prov == kinds.index("Mention"))
    ident = st.single(ITSRDF.taIdentRef).of(mention)
    known = (ident >= 0) & is_entity[np.maximum(ident, 0)]
    mention, ident = mention[known], ident[known]
    # the mentions by entity, document (by their texts' order), start and, where those
    # tie, the mention node's text; then each entity's first sentences, up to the cap
    docs, starts, owns = doc_of.of(mention), begin_of.of(mention), anchor_of.of(mention)
    del known
    entity_place = _places(ident, name.__getitem__)
    doc_place = _places(docs, doc_string)
    start_value = _values_of(starts, lambda b: number(b) or 0)
    order = _lexsorted((start_value, doc_place, entity_place))
    keys = (entity_place[order], doc_place[order], start_value[order])
    tied = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        tied[1:] = (keys[0][1:] == keys[0][:-1]) & (keys[1][1:] == keys[1][:-1]) & (keys[2][1:] == keys[2][:-1])
    for a, b in _runs_where(tied):  # rows a-1 .. b-1 tie: by the mention node's text
        run = order[a - 1 : b].tolist()
        order[a - 1 : b] = sorted(run, key=lambda i: string(int(mention[i])))
    ident, docs, start_value, owns = ident[order].tolist(), docs[order].tolist(), start_value[order].tolist(), owns[order].tolist()
    bounds = [*run_starts(keys[0]).tolist(), len(order)]  # where each entity's mentions start
    del mention, order, keys, tied, entity_place, doc_place
    sentence_text: dict = {}  # id of a sentence's literal (kept alive by ``sentences`` or ``terms``) -> its str
    cap = A.MAX_MENTIONS_PER_NODE
    for first, end in zip(bounds, bounds[1:]):
        ent = name[ident[first]]
        bucket: set = set()
        out = mentions_of[ent]
        for i in range(first, end):
            d, start, own = docs[i], start_value[i], owns[i]
            doc_s = doc_string(d)
            found = A._covering(sentences.get(d, []), start) or (string(own) if own >= 0 else "")
            sentence = sentence_text.get(id(found))  # one str per sentence, however many mentions quote it
            if sentence is None:
                sentence = sentence_text[id(found)] = str(found)
            if (doc_s, sentence) in bucket:
                continue
            bucket.add((doc_s, sentence))
            out.append({"doc": doc_s, "doc_title": doc_title.get(d, ""), "page": doc_page.get(d, ""), "sentence": sentence})
            if len(bucket) >= cap:  # a full node: no sentence to look up
                break
    del ident, docs, start_value, owns, sentences, sentence_text

    # -- edges: one per (subject, predicate, object) -------------------------------------
    facts: dict = {}
    relations = dangling = 0
    for p, pred in A._PRED_LOCAL.items():
        s_rel, o_rel = st.rows(p)
        relations += len(s_rel)
        both = is_entity[s_rel] & is_entity[o_rel]
        dangling += int(np.count_nonzero(~both))
        for s, o in zip(s_rel[both].tolist(), o_rel[both].tolist()):
            key = (name[s], pred, name[o])
            if key not in facts:
                facts[key] = A._new_fact()
    pred_of = {st.rank(p): pred for p, pred in A._PRED_LOCAL.items() if st.rank(p) is not None}
    assertion = np.flatnonzero(prov == kinds.index("Assertion"))
    subject, obj, predicate = (st.single(p).of(assertion) for p in (RDF.subject, RDF.object, RDF.predicate))
    keep = (subject >= 0) & (obj >= 0) & is_entity[np.maximum(subject, 0)] & is_entity[np.maximum(obj, 0)]
    keep &= np.isin(predicate, np.fromiter(pred_of, dtype=np.int64, count=len(pred_of)))
    assertion, subject, obj, predicate = assertion[keep], subject[keep], obj[keep], predicate[keep]
    wanted = np.zeros(size, dtype=bool)
    wanted[assertion] = True
    roles = _groups(*st.rows(CZT.roleTitle), wanted)
    lexicon = kinds.index("Lexicon")
    s_derived, o_derived = st.rows(PROV.wasDerivedFrom)
    from_lexicon = np.zeros(size, dtype=bool)  # derived from the lexicon (its subjects: any assertion)
    from_lexicon[s_derived[prov[o_derived] == lexicon]] = True
    from_lexicon = from_lexicon[assertion].tolist()
    del s_derived, o_derived
    ev = st.single(CZT.evidence).of(assertion)
    own_doc = doc_of.of(assertion)
    ev_doc = doc_of.of(np.maximum(ev, 0))
    ev_begin, ev_end, ev_anchor = (x.of(np.maximum(ev, 0)) for x in (begin_of, end_of, anchor_of))
    ev_text: dict = {}
    # one row per assertion, as Python ints (indexing the arrays item by item made a
    # numpy scalar for each of ~230,000 assertions' seven values)
    rows = zip(assertion.tolist(), subject.tolist(), obj.tolist(), predicate.tolist(), from_lexicon, ev.tolist(),
               np.where(own_doc >= 0, own_doc, ev_doc).tolist(), ev_anchor.tolist(), ev_begin.tolist(), ev_end.tolist())
    for a, s, o, p, lexicon_fact, e, d, anchor, begin, end in rows:
        key = (name[s], pred_of[p], name[o])
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = A._new_fact()
        role_titles = roles.get(a)
        if role_titles:
            fact["roles"].update(string(r) for r in role_titles)
        if lexicon_fact:
            fact["lexicon"] = True
        if e < 0:
            continue
        text = ev_text.get(e)
        if text is None:
            text = ev_text[e] = string(anchor) if anchor >= 0 else ""
        A._note_evidence(fact, text, doc_string(d), doc_title.get(d, ""), doc_page.get(d, ""), number(begin), number(end))
    A._add_fact_edges(view, facts)

    A._note_projection_counts(view, dump.triple_count, relations - dangling, attribute_rows, n_literals, prov_nodes,
                              provenance_triples, dangling, curies, other_triples)
    return view


def _places(ranks, key):
    """Each of ``ranks``' place among its distinct values sorted by ``key`` (a number a rank).

    >>> _places(np.array([7, 3, 7]), lambda r: -r).tolist()
    [0, 1, 0]
    """
    distinct = sorted_unique(ranks)
    ordered = sorted(range(len(distinct)), key=lambda i: key(int(distinct[i])))
    place = np.empty(len(distinct), dtype=np.int64)
    place[ordered] = np.arange(len(distinct))
    return place[np.searchsorted(distinct, ranks)]


def _values_of(ranks, value):
    """``value(rank)`` of each of ``ranks`` (integers), asked once a distinct rank."""
    distinct = sorted_unique(ranks)
    values = np.fromiter((value(r) for r in distinct.tolist()), dtype=np.int64, count=len(distinct))
    return values[np.searchsorted(distinct, ranks)]


def _runs_where(flags):
    """(start, end) of each run of True in a boolean array.

    >>> _runs_where(np.array([False, True, True, False, True]))
    [(1, 3), (4, 5)]
    """
    edges = np.diff(np.r_[0, flags.astype(np.int8), 0])
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


class _Numbers:
    """A literal rank's integer value (``int()`` of the rdflib literal, None if it has
    none or the rank is -1), made once per literal."""

    def __init__(self, terms) -> None:
        self.terms = terms
        self.memo: dict[int, int | None] = {-1: None}

    def __call__(self, rank: int) -> int | None:
        memo = self.memo
        if rank in memo:
            return memo[rank]
        value = memo[rank] = A._int_or_none(self.terms[rank])
        return value


class DumpFacts:
    """What :func:`graph.analysis.claims_table` reads of the graph (``partOf`` pairs, the
    claims, and objects of a subject and predicate in the order first seen), answered
    from a dump's arrays: the triple-by-triple reader kept every statement of the
    predicates it reads (~3M at 8.45M triples, ~0.2 GB) to answer a few thousand claims."""

    def __init__(self, dump) -> None:
        self._st = _Statements(dump, literal_masks=False)
        self._tables: dict = {}
        self._rank: dict = {}  # term handed out -> its rank

    def _term(self, rank: int):
        term = self._st.terms[rank]
        self._rank.setdefault(term, rank)
        return term

    def _table(self, predicate) -> tuple[np.ndarray, np.ndarray]:
        table = self._tables.get(predicate)
        if table is None:
            table = self._tables[predicate] = self._st.rows(predicate)
        return table

    def subject_objects(self, predicate):
        s, o = self._table(predicate)
        return ((self._term(a), self._term(b)) for a, b in zip(s.tolist(), o.tolist()))

    def subjects(self, predicate, obj):
        s, o = self._table(predicate)
        r = self._st.rank(obj)
        return (self._term(a) for a in sorted(set(s[o == r].tolist()))) if r is not None else iter(())

    def objects(self, subject, predicate):
        rank = self._rank.get(subject)
        if rank is None:
            return iter(())
        s, o = self._table(predicate)
        a, b = np.searchsorted(s, rank, "left"), np.searchsorted(s, rank, "right")
        return (self._term(x) for x in o[a:b].tolist())

    def value(self, subject, predicate):
        for o in self.objects(subject, predicate):
            return o
        return None

    def values(self, subjects: list, predicate) -> list:
        """:meth:`value` of each of ``subjects`` (None for one that is None), in one search."""
        s, o = self._table(predicate)
        rank = self._rank.get
        ranks = np.fromiter((-1 if x is None else rank(x, -1) for x in subjects), dtype=np.int64, count=len(subjects))
        out: list = [None] * len(subjects)
        if len(s) and len(ranks):
            at = np.minimum(np.searchsorted(s, ranks, "left"), len(s) - 1)
            hit = np.flatnonzero((ranks >= 0) & (s[at] == ranks))
            for i, r in zip(hit.tolist(), o[at[hit]].tolist()):
                out[i] = self._term(r)
        return out
