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
        at = np.minimum(_search(self.subjects, keys), len(self.subjects) - 1)
        return np.where(self.subjects[at] == keys, self.values[at], -1)

    def has(self, keys: np.ndarray) -> np.ndarray:
        return self.of(keys) >= 0


def _search(haystack: np.ndarray, keys: np.ndarray, side: str = "left") -> np.ndarray:
    """``np.searchsorted(haystack, keys, side)``, the keys searched in sorted order: the
    binary searches then walk the haystack once (230,000 keys in no order into ~1M
    subjects took ~7x as long).

    >>> _search(np.array([1, 3, 5]), np.array([5, 0, 3])).tolist()
    [2, 0, 1]
    """
    if len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all()):
        return np.searchsorted(haystack, keys, side)
    order = np.argsort(keys, kind="stable")
    found = np.empty(len(keys), dtype=np.intp)
    found[order] = np.searchsorted(haystack, keys[order], side)
    return found


def _groups(subjects: np.ndarray, objects: np.ndarray, wanted: np.ndarray) -> dict[int, list[int]]:
    """subject rank -> its object ranks (in the rows' order), for subjects in ``wanted`` (a mask)."""
    keep = wanted[subjects]
    out: dict[int, list[int]] = defaultdict(list)
    for s, o in zip(subjects[keep].tolist(), objects[keep].tolist()):
        out[s].append(o)
    return out


class Carried:
    """The previous build's entity graph (``graph``, changed in place by the carried
    projection; ``nodes``, its node attributes by name), with, for each of this build's term ranks,
    whether its statements may differ from the previous build's (``touched``) and
    whether the previous build had no such term (``new``, touched too): see
    :func:`graph.statement_memo.touched_now`."""

    def __init__(self, graph: nx.MultiDiGraph, touched: np.ndarray, new: np.ndarray) -> None:
        self.graph, self.touched, self.new = graph, touched, new
        self.patch = None  #: what the carried projection changed (see :func:`patched`), once made
        self.chain = None  #: where the memo it came from stands (see graph.projection_memo)

    @property
    def nodes(self) -> dict:
        """The previous graph's node attributes by name."""
        return self.graph._node


class _NotCarried(Exception):
    """The previous entity graph does not hold what a carried projection takes from it."""


def project_dump(dump, g, carried: Carried | None = None) -> nx.MultiDiGraph:
    """:func:`graph.analysis.project` of the merged graph of ``dump``; ``g`` is that graph
    (a :class:`graph.rdf.TripleIndex`), read only for prefixes.

    With ``carried``, the nodes and edges no touched statement reaches are taken from
    the previous build's entity graph, and only the others are made again: the nodes of
    the touched entities, of those new to the graph and of those a touched mention
    names; the edges of the facts whose subject is touched or new, whose object is new,
    or that a touched assertion states (one page more among 10,000 reaches 76 of 27,162
    nodes and 1,138 of 92,940 edges).  The result is the same, node for node and edge for edge; where
    the previous graph lacks what should be carried, the whole projection is made."""
    if carried is not None and len(carried.touched) == len(dump._object_array):
        try:
            return _project(dump, g, carried)
        except _NotCarried:
            pass
    return _project(dump, g, None)


def _project(dump, g, carried: Carried | None) -> nx.MultiDiGraph:
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

    # -- what is made again: every entity, or those a touched statement reaches --------
    string = st.string
    name = {r: string(r) for r in entities.tolist()}
    mention = np.flatnonzero(prov == kinds.index("Mention"))
    ident = st.single(ITSRDF.taIdentRef).of(mention)
    known = (ident >= 0) & is_entity[np.maximum(ident, 0)]
    mention, ident = mention[known], ident[known]
    del known
    doc_of = st.single(CZT.document)  # each node's document: read by the check below and the mentions
    redo = None  # by rank: the entities whose nodes are made again, None for all
    if carried is not None:
        _check_carried(carried, is_entity, prov == kinds.index("Evidence"), doc_of)
        if len(set(name.values())) != len(name):  # two terms of one text make one node
            raise _NotCarried
        unseen = np.zeros(size, dtype=bool)  # entities the previous graph has no node of
        unseen[[r for r, n in name.items() if n not in carried.nodes]] = True
        restated = (is_entity & carried.touched) | unseen  # entities with statements of their own anew
        redo = restated.copy()
        redo[ident[carried.touched[mention]]] = True  # named by a touched mention
        mention, ident = mention[redo[ident]], ident[redo[ident]]
    made = is_entity if redo is None else redo

    # -- nodes ---------------------------------------------------------------------------
    labels = _groups(*st.rows(RDFS.label), made)
    alt_labels = _groups(*st.rows(SKOS.altLabel), made)
    types = _groups(type_s, type_o, made)
    pinyin_of = dict(zip(pinyin.subjects.tolist(), pinyin.values.tolist()))
    nodes: dict = {}  # name -> attributes, in the nodes' order
    mentions_of: dict = {}
    literal = st.literal  # texts, not rdflib terms: made from a memo's text, ~60,000 took ~0.3 s
    for r in sorted(name, key=name.__getitem__):
        n = name[r]
        if not made[r]:
            nodes[n] = carried.nodes[n]
            continue
        got = pinyin_of.get(r)
        attributes = A.entity_attributes(
            n, A.COARSE_TYPES[coarse[r]], [literal(x) for x in labels.get(r, ())],
            [string(x) for x in types.get(r, ())], string(got) if got is not None else "",
            [string(x) for x in alt_labels.get(r, ())],
        )
        if n in nodes:  # a second term of this text: its attributes win, as add_node's update
            nodes[n].update(attributes)
        else:
            nodes[n] = attributes
        mentions_of[n] = attributes["mentions"]
    del labels, alt_labels, types, pinyin_of, type_s, type_o

    # -- documents: titles and page files -------------------------------------------------
    begin_of, end_of = st.single(NIF.beginIndex), st.single(NIF.endIndex)
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
    docs, starts, owns = doc_of.of(mention), begin_of.of(mention), anchor_of.of(mention)
    # the sentences (evidence nodes) by document, begin, end and, where those tie, text
    evidence = np.flatnonzero(prov == kinds.index("Evidence"))
    if redo is not None:  # those of the documents of the mentions read
        evidence = evidence[np.isin(doc_of.of(evidence), docs)]
    sent_doc, sent_anchor = doc_of.of(evidence), anchor_of.of(evidence)
    (sent_begin, has_begin), (sent_end, has_end) = (_numbers_of(x.of(evidence), number) for x in (begin_of, end_of))
    placed = np.flatnonzero(has_begin & has_end)
    order = placed[np.lexsort((sent_end[placed], sent_begin[placed], sent_doc[placed]))]
    _ties_by_text(order, (sent_doc[order], sent_begin[order], sent_end[order]),
                  lambda i: string(int(sent_anchor[i])) if sent_anchor[i] >= 0 else "")
    sent_doc, sent_begin, sent_end, sent_anchor = sent_doc[order], sent_begin[order], sent_end[order], sent_anchor[order]
    del evidence, has_begin, has_end, placed, order
    # the mentions by entity, document (by their texts' order), start and, where those
    # tie, the mention node's text; then each entity's first sentences, up to the cap
    entity_place = _places(ident, name.__getitem__)
    doc_place = _places(docs, doc_string)
    start_value = _values_of(starts, lambda b: number(b) or 0)
    order = _lexsorted((start_value, doc_place, entity_place))
    keys = (entity_place[order], doc_place[order], start_value[order])
    _ties_by_text(order, keys, lambda i: string(int(mention[i])))
    ident, docs, start_value, owns = ident[order], docs[order], start_value[order], owns[order]
    covering = _covering_sentences(sent_doc, sent_begin, sent_end, docs, start_value)  # as analysis._covering
    quoted = np.where(covering >= 0, sent_anchor[np.maximum(covering, 0)], -1).tolist()  # its text's rank, or -1
    ident, docs, owns = ident.tolist(), docs.tolist(), owns.tolist()
    bounds = [*run_starts(keys[0]).tolist(), len(order)]  # where each entity's mentions start
    del mention, order, keys, entity_place, doc_place, start_value, covering, sent_doc, sent_begin, sent_end, sent_anchor
    sentence_text: dict = {-1: ""}  # a sentence's rank -> its str: one str however many mentions quote it
    cap = A.MAX_MENTIONS_PER_NODE
    for first, end in zip(bounds, bounds[1:]):
        bucket: set = set()
        out = mentions_of[name[ident[first]]]
        for i in range(first, end):
            d, own = docs[i], owns[i]
            doc_s = doc_string(d)
            sentence = sentence_text.get(quoted[i])
            if sentence is None:
                sentence = sentence_text[quoted[i]] = string(quoted[i])
            if not sentence:  # no sentence covers it, or one without text: the mention's own
                sentence = string(own) if own >= 0 else ""
            if (doc_s, sentence) in bucket:
                continue
            bucket.add((doc_s, sentence))
            out.append({"doc": doc_s, "doc_title": doc_title.get(d, ""), "page": doc_page.get(d, ""), "sentence": sentence})
            if len(bucket) >= cap:  # a full node: no sentence to look up
                break
    del ident, docs, owns, quoted, sentence_text

    # -- edges: one per (subject, predicate, object) -------------------------------------
    # a fact is (subject's name, predicate, object's name), numbered by its place in that
    # order; facts, their evidence, roles and lexicon flags are found with numpy over the
    # relation statements and the assertions (~230,000 at 10,000 pages), and Python makes
    # only what the view keeps (noting every assertion's evidence in dicts took ~2 s)
    facts = _FactNumbers(st, name, is_entity)
    relations, dangling = facts.relations, facts.dangling
    assertion = np.flatnonzero(prov == kinds.index("Assertion"))
    subject, obj, predicate = (st.single(p).of(assertion) for p in (RDF.subject, RDF.object, RDF.predicate))
    keep = (subject >= 0) & (obj >= 0) & is_entity[np.maximum(subject, 0)] & is_entity[np.maximum(obj, 0)]
    keep &= (predicate >= 0) & (facts.pred_code[np.maximum(predicate, 0)] >= 0)
    assertion, subject, obj, predicate = assertion[keep], subject[keep], obj[keep], predicate[keep]
    fact_of = facts.number(facts.keys(subject, predicate, obj))  # each assertion's fact
    del subject, obj, predicate, keep
    redo_fact = None  # by fact number: the facts whose edges are made again, None for all
    if redo is not None:
        # a fact's edge may change when its subject's own statements do (relation
        # statements), its object is a node anew (a relation to it now between
        # entities), or an assertion of it is new (evidence, roles, lexicon flag)
        subjects, objects = (np.zeros(len(facts.names), dtype=bool) for _ in range(2))
        subjects[facts.place[np.flatnonzero(restated)]] = True
        objects[facts.place[np.flatnonzero(unseen)]] = True
        s_place, o_place = facts.ends()
        redo_fact = subjects[s_place] | objects[o_place]
        redo_fact[fact_of[carried.touched[assertion]]] = True
        assertion, fact_of = assertion[redo_fact[fact_of]], fact_of[redo_fact[fact_of]]
        del subjects, objects, s_place, o_place, unseen
    lexicon = kinds.index("Lexicon")
    s_derived, o_derived = st.rows(PROV.wasDerivedFrom)
    from_lexicon = np.zeros(size, dtype=bool)  # derived from the lexicon (its subjects: any assertion)
    from_lexicon[s_derived[prov[o_derived] == lexicon]] = True
    lexicon_fact = np.zeros(facts.count, dtype=bool)
    lexicon_fact[fact_of[from_lexicon[assertion]]] = True
    del s_derived, o_derived, from_lexicon
    roles: dict = defaultdict(set)  # fact number -> its assertions' role titles
    role_s, role_o = st.rows(CZT.roleTitle)
    at = np.searchsorted(assertion, role_s)  # role titles of kept assertions only
    hit = at < len(assertion)
    hit[hit] = assertion[at[hit]] == role_s[hit]
    for f, r in zip(fact_of[at[hit]].tolist(), role_o[hit].tolist()):
        roles[f].add(string(r))
    # evidence: one per fact, document and place (the last assertion's wins), sorted
    ev = st.single(CZT.evidence).of(assertion)
    has = np.flatnonzero(ev >= 0)
    ev, fact_ev = ev[has], fact_of[has]
    own_doc = doc_of.of(assertion[has])
    ev_doc = np.where(own_doc >= 0, own_doc, doc_of.of(ev))
    ev_begin, ev_end, ev_anchor = (x.of(ev) for x in (begin_of, end_of, anchor_of))
    del assertion, fact_of, own_doc, has
    begin0, end0 = (_values_of(x, lambda r: number(r) or 0) for x in (ev_begin, ev_end))
    doc_key = _string_places(ev_doc, doc_string)
    order = np.lexsort((np.arange(len(ev)), end0, begin0, doc_key, fact_ev))
    last = np.ones(len(order), dtype=bool)  # the last row of each (fact, document, begin, end)
    if len(order) > 1:
        same = (fact_ev[order[1:]] == fact_ev[order[:-1]]) & (doc_key[order[1:]] == doc_key[order[:-1]])
        same &= (begin0[order[1:]] == begin0[order[:-1]]) & (end0[order[1:]] == end0[order[:-1]])
        last[:-1] = ~same
    order = order[last]
    del begin0, end0, doc_key, last
    # each kept row's values as lists (asked once a distinct rank: one str a sentence,
    # however many facts it supports), then one dict a row
    fact_ev, ev_doc = fact_ev[order], ev_doc[order]
    rows = zip(_listed(ev_anchor[order], lambda a: string(a) if a >= 0 else ""), _listed(ev_doc, doc_string),
               _listed(ev_doc, lambda d: doc_title.get(d, "")), _listed(ev_doc, lambda d: doc_page.get(d, "")),
               _listed(ev_begin[order], number), _listed(ev_end[order], number))
    found = [{"text": t, "doc": d, "doc_title": title, "page": pg, "start": b, "end": e} for t, d, title, pg, b, e in rows]
    bounds = run_starts(fact_ev).tolist()
    evidence = {f: found[a:b] for f, a, b in zip(fact_ev[bounds].tolist(), bounds, [*bounds[1:], len(found)])}
    del ev, fact_ev, ev_doc, ev_begin, ev_end, ev_anchor, order, rows, found
    attributes = A.edge_attributes()

    def made_edge(f: int) -> tuple:  # (subject, object, key, attributes) of fact ``f``
        s, pred, o = facts.fact(f)
        return s, o, pred, attributes(pred, evidence.get(f, []), bool(lexicon_fact[f]), sorted(roles.get(f, ())))

    if carried is None:
        view = A.assembled(nodes, map(made_edge, range(facts.count)))
    else:
        view = _carried_graph(carried, nodes, {name[r] for r in np.flatnonzero(redo).tolist()}, restated,
                              redo_fact, made_edge, facts)
    A._note_projection_counts(view, dump.triple_count, relations - dangling, attribute_rows, n_literals, prov_nodes,
                              provenance_triples, dangling, curies, other_triples)
    return view


def _carried_graph(carried: Carried, nodes: dict, redone: set, restated: np.ndarray, redo_fact: np.ndarray,
                   made_edge, facts: "_FactNumbers") -> nx.MultiDiGraph:
    """The previous build's entity graph ``carried.graph`` made this build's by a patch
    (see :func:`patched`, noted as ``carried.patch``): ``nodes`` (name -> attributes, in
    order; made again for the names in ``redone``), and a successor row made again for
    each subject with a fact in ``redo_fact`` (a mask by fact number; ``made_edge(f)``
    makes its edge) or in ``restated`` (a mask by rank: entities whose old edges may be
    facts no more).  A row lists the subject's facts in their order, as
    :func:`graph.analysis.assembled` adds them (successors by their first fact, keys by
    name), the edges not made again as None (kept); a pair linked anew puts its object's
    predecessors in name order.  Raises :class:`_NotCarried` when the previous graph
    lacks an edge kept or the result would not hold exactly ``facts``."""
    view = carried.graph
    old_succ, old_pred = view._succ, view._pred
    if view._node.keys() - nodes.keys():  # a node gone: its entity's term was touched, not carried
        raise _NotCarried
    s_place, o_place = facts.ends()
    rewritten = set(s_place[redo_fact].tolist())
    rewritten.update(p for p in facts.place[np.flatnonzero(restated)].tolist() if old_succ.get(facts.names[p]))
    successors: dict = {}
    linked, unlinked = defaultdict(set), defaultdict(set)  # object -> subjects linked anew, unlinked
    for s in sorted(rewritten):
        u = facts.names[s]
        had = old_succ.get(u, {})
        row: dict = {}  # object -> [(key, attributes, or None: kept)], in fact order
        first, end = np.searchsorted(s_place, [s, s + 1]).tolist()
        for f in range(first, end):
            if redo_fact[f]:
                _u, v, k, data = made_edge(f)
            else:
                _u, k, v = facts.fact(f)
                if k not in had.get(v, ()):
                    raise _NotCarried
                data = None
            row.setdefault(v, []).append((k, data))
        for v in row.keys() - had.keys():
            linked[v].add(u)
        for v in had.keys() - row.keys():
            unlinked[v].add(u)
        successors[u] = list(row.items())
    predecessors = {v: sorted((old_pred.get(v, {}).keys() - unlinked[v]) | us) for v, us in linked.items()}
    patch = (list(nodes) if list(view._node) != list(nodes) else None, {n: nodes[n] for n in redone},
             successors, predecessors)
    patched(view, patch)
    view.graph.clear()
    if sum(len(keys) for adjacent in view._succ.values() for keys in adjacent.values()) != facts.count:
        raise _NotCarried
    carried.patch = patch
    return view


def patched(view: nx.MultiDiGraph, patch: tuple) -> None:
    """Apply to ``view``, in place, the ``patch`` a carried projection noted of it: (the
    nodes' names in their new order, or None; the attributes of the nodes made again;
    each successor list made again, as [(object, [(key, attributes, or None where they
    are those ``view`` has)])]; each predecessor list reordered, as names).  ``view`` is
    then the graph that projection made.

    >>> from graph.analysis import assembled
    >>> g = assembled({"a": {}, "b": {}}, [("a", "b", "p", {"w": 1}), ("b", "a", "p", {"w": 2})])
    >>> patched(g, (["a", "b", "c"], {"c": {"new": True}}, {"c": [("a", [("q", {})])], "a": [],
    ...                                                      "b": [("a", [("o", {}), ("p", None)])]}, {"a": ["b", "c"]}))
    >>> list(g.nodes(data=True)), list(g.edges(keys=True, data=True)), list(g.pred["b"])
    ([('a', {}), ('b', {}), ('c', {'new': True})], [('b', 'a', 'o', {}), ('b', 'a', 'p', {'w': 2}), ('c', 'a', 'q', {})], [])
    """
    names, attributes, successors, predecessors = patch
    node, succ, pred = view._node, view._succ, view._pred
    if names is not None:
        node = {n: attributes[n] if n in attributes else node[n] for n in names}
        succ = {n: succ.get(n, {}) for n in names}
        pred = {n: pred.get(n, {}) for n in names}
    else:
        node.update(attributes)
    for u, row in successors.items():
        had = succ[u]
        made = {v: {k: had[v][k] if data is None else data for k, data in keys} for v, keys in row}
        for v in succ[u].keys() - made.keys():  # pairs unlinked
            del pred[v][u]
        for v, keys in made.items():  # in place where linked before, else last (reordered below)
            pred[v][u] = keys
        succ[u] = made
    for v, order in predecessors.items():
        pred[v] = {u: pred[v][u] for u in order}
    view._node, view._adj, view._succ, view._pred = node, succ, succ, pred
    nx._clear_cache(view)


def _check_carried(carried: Carried, is_entity: np.ndarray, is_evidence: np.ndarray, doc_of: "_Single") -> None:
    """Raise :class:`_NotCarried` unless every change since the previous build is one a
    carried projection makes again: a term the previous build had may have other
    statements only if it is an entity (its node is made again; a mention or assertion
    changed or gone would change nodes and edges its own statements do not name), and a
    new sentence must be of a new document (in an old one it could cover old mentions)."""
    if (carried.touched & ~carried.new & ~is_entity).any():
        raise _NotCarried
    docs = doc_of.of(np.flatnonzero(is_evidence & carried.touched))
    if (~carried.new[docs[docs >= 0]]).any():
        raise _NotCarried


class _FactNumbers:
    """The facts of the relation statements between entities, numbered in the order of
    (subject's name, predicate's local name, object's name): :meth:`keys` packs a
    fact into one integer of that order, :meth:`number` finds its place.  Assertions
    may add facts no relation statement states (see :meth:`number`)."""

    def __init__(self, st: _Statements, name: dict, is_entity: np.ndarray) -> None:
        self.names = sorted(set(name.values()))  # two terms of one text make one node
        at = {n: i for i, n in enumerate(self.names)}
        self.place = np.full(st.size, -1, dtype=np.int64)
        if name:
            self.place[np.fromiter(name, dtype=np.int64, count=len(name))] = [at[n] for n in name.values()]
        self.preds = sorted(set(A._PRED_LOCAL.values()))
        self.pred_code = np.full(st.size, -1, dtype=np.int64)
        for p, pred in A._PRED_LOCAL.items():
            r = st.rank(p)
            if r is not None:
                self.pred_code[r] = self.preds.index(pred)
        rows = np.flatnonzero(self.pred_code[st.tp] >= 0)
        s, p, o = st.ts[rows], st.tp[rows], st.to[rows]
        both = is_entity[s] & is_entity[o]
        self.relations, self.dangling = len(rows), int(np.count_nonzero(~both))
        self.all = sorted_unique(self.keys(s[both], p[both], o[both]))
        self.count = len(self.all)

    def keys(self, s: np.ndarray, p: np.ndarray, o: np.ndarray) -> np.ndarray:
        """Each (subject, predicate, object) of ranks as one integer, in the facts' order."""
        return (self.place[s] * len(self.preds) + self.pred_code[p]) * len(self.names) + self.place[o]

    def number(self, keys: np.ndarray) -> np.ndarray:
        """The fact number of each of ``keys``, adding the facts only they state."""
        self.all = sorted_unique(np.concatenate([self.all, keys]))
        self.count = len(self.all)
        return np.searchsorted(self.all, keys)

    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """(subject's place, object's place) among :attr:`names` of each fact, by number."""
        rest, o = np.divmod(self.all, len(self.names))
        return rest // len(self.preds), o

    def fact(self, number: int) -> tuple[str, str, str]:
        """(subject's name, predicate's local name, object's name) of a fact number."""
        rest, o = divmod(int(self.all[number]), len(self.names))
        s, p = divmod(rest, len(self.preds))
        return self.names[s], self.preds[p], self.names[o]


def _string_places(ranks, key):
    """Each of ``ranks``' place among the distinct texts ``key`` gives its values (ranks
    of one text share a place).

    >>> _string_places(np.array([7, 3, 5, 7]), {7: "b", 3: "a", 5: "b"}.__getitem__).tolist()
    [1, 0, 1, 1]
    """
    distinct = sorted_unique(ranks)
    texts = [key(r) for r in distinct.tolist()]
    at = {t: i for i, t in enumerate(sorted(set(texts)))}
    place = np.fromiter((at[t] for t in texts), dtype=np.int64, count=len(texts))
    return place[np.searchsorted(distinct, ranks)]


def _numbers_of(ranks, number) -> tuple[np.ndarray, np.ndarray]:
    """(``number(rank)`` of each of ``ranks``, 0 where it is None; where it is not None),
    ``number`` asked once a distinct rank."""
    distinct = sorted_unique(ranks)
    got = [number(r) for r in distinct.tolist()]
    at = np.searchsorted(distinct, ranks)
    values = np.fromiter((0 if v is None else v for v in got), dtype=np.int64, count=len(got))
    known = np.fromiter((v is not None for v in got), dtype=bool, count=len(got))
    return values[at], known[at]


def _covering_sentences(sent_doc, sent_begin, sent_end, docs, positions, look_back: int = 64) -> np.ndarray:
    """For each (document, position) of ``docs`` and ``positions``, the index of the
    sentence that covers it (:func:`graph.analysis._covering` of that document's
    sentences), -1 where none does; the sentences are sorted by document, begin and end.

    >>> _covering_sentences(np.array([1, 1, 2]), np.array([0, 5, 0]), np.array([5, 9, 4]),
    ...                     np.array([1, 1, 2, 3, 2]), np.array([6, 2, 7, 0, 3])).tolist()
    [1, 0, -1, -1, 2]
    """
    n = len(docs)
    found = np.full(n, -1, dtype=np.int64)
    if not len(sent_doc) or not n:
        return found
    values = sorted_unique(np.concatenate([sent_begin, positions]))  # begins and positions on one scale
    width = len(values) + 1
    known_docs = sorted_unique(sent_doc)
    sent_d, doc_d = np.searchsorted(known_docs, sent_doc), _search(known_docs, docs)
    present = doc_d < len(known_docs)
    present[present] = known_docs[doc_d[present]] == docs[present]
    last = _search(sent_d * width + np.searchsorted(values, sent_begin),
                   doc_d * width + _search(values, positions), "right") - 1  # the last begin <= position
    first = _search(sent_d, doc_d, "left")  # the document's first sentence
    todo = np.flatnonzero(present & (last >= first))
    at = last[todo]
    for _ in range(look_back):  # sentences hardly overlap: look back a little
        if not len(todo):
            break
        hit = positions[todo] < sent_end[at]
        found[todo[hit]] = at[hit]
        todo, at = todo[~hit], at[~hit] - 1
        inside = at >= first[todo]
        todo, at = todo[inside], at[inside]
    return found


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


def _listed(ranks, value) -> list:
    """``value(rank)`` of each of ``ranks`` as a list, asked once a distinct rank (equal
    ranks share one object).

    >>> _listed(np.array([7, 3, 7]), lambda r: f"t{r}")
    ['t7', 't3', 't7']
    """
    distinct = sorted_unique(ranks)
    made = [value(r) for r in distinct.tolist()]
    return list(map(made.__getitem__, np.searchsorted(distinct, ranks).tolist()))


def _values_of(ranks, value):
    """``value(rank)`` of each of ``ranks`` (integers), asked once a distinct rank."""
    distinct = sorted_unique(ranks)
    values = np.fromiter((value(r) for r in distinct.tolist()), dtype=np.int64, count=len(distinct))
    return values[np.searchsorted(distinct, ranks)]


def _ties_by_text(order: np.ndarray, keys: tuple, text) -> None:
    """Sort, in place, each run of ``order`` (already sorted by ``keys``: arrays in the
    order's order) whose keys all tie by ``text(i)`` of its rows; the other rows stay.

    >>> order = np.array([2, 0, 1]); _ties_by_text(order, (np.array([5, 7, 7]),), "xba".__getitem__)
    >>> order.tolist()
    [2, 1, 0]
    """
    tied = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        tied[1:] = True
        for k in keys:
            tied[1:] &= k[1:] == k[:-1]
    for a, b in _runs_where(tied):  # rows a-1 .. b-1 tie
        order[a - 1 : b] = sorted(order[a - 1 : b].tolist(), key=text)


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


def claims_rows(dump) -> list[dict]:
    """:func:`graph.analysis.claims_table` of the merged graph of ``dump``, read from its
    arrays: the claims' values by rank (a property's first object, as the triple-by-triple
    reader's ``value``), texts only for what the rows keep (making an rdflib term of every
    value read took ~1 s for the ~20,000 claims of 10,000 pages)."""
    st = _Statements(dump, literal_masks=False)
    string, number = st.string, _Numbers(st.terms)
    claim_class, rdf_type = st.rank(CZT.Claim), st.rank(RDF.type)
    if claim_class is None or rdf_type is None:
        return []
    claims = sorted_unique(st.ts[(st.tp == rdf_type) & (st.to == claim_class)])

    def first(predicate) -> _Single:  # each subject's first value of ``predicate``
        s, o = st.rows(predicate)
        head = np.ones(len(s), dtype=bool)
        head[1:] = s[1:] != s[:-1]
        return _Single(s[head], o[head])

    subject, ev, own_doc, enumerated, claimed, unit, noun = (
        first(p).of(claims) for p in (CZT.claimSubject, CZT.evidence, CZT.document, CZT.enumeratedCount,
                                      CZT.claimedCount, CZT.countUnit, CZT.countedNoun))
    ev_doc, sentence, start = (first(p).of(ev) for p in (CZT.document, NIF.anchorOf, NIF.beginIndex))
    doc = np.where(own_doc >= 0, own_doc, ev_doc)  # the evidence's document when it names none
    page, doc_title = first(CZT.page).of(doc), first(DCTERMS.title).of(doc)
    page_file = first(CZT.fileName).of(page)
    label_s, label_o = st.rows(RDFS.label)
    item_s, item_o = st.rows(CZT.enumeratedItem)
    part_s, part_o = st.rows(CZT.partOf)
    parts_of: dict = defaultdict(set)
    for child, whole in zip(part_s.tolist(), part_o.tolist()):
        parts_of[whole].add(child)
    labels: dict = {}  # rank -> its label (analysis._rdf_label): items and parts recur in thousands of claims

    def label(r: int) -> str:
        found = labels.get(r)
        if found is None:
            a, b = np.searchsorted(label_s, r, "left"), np.searchsorted(label_s, r, "right")
            by_language: dict = {}
            for x in label_o[a:b].tolist():
                by_language.setdefault(st.literal(x)[1] or "", []).append(string(x))
            found = next((min(by_language[lang]) for lang in ("zh", "", "en") if by_language.get(lang)), None)
            if found is None:
                found = A._local(string(r)).rsplit("/", 1)[-1]
            labels[r] = found
        return found

    def text(r: int) -> str:
        return string(r) if r >= 0 else ""

    item_at = np.searchsorted(item_s, claims, "left"), np.searchsorted(item_s, claims, "right")
    parts_of_subject: dict = {}
    rows = []
    for c, subj, e, d, count, said, u, n, sent, begin, pg, title, file, a, b in zip(
            claims.tolist(), subject.tolist(), ev.tolist(), doc.tolist(), enumerated.tolist(), claimed.tolist(),
            unit.tolist(), noun.tolist(), sentence.tolist(), start.tolist(), page.tolist(), doc_title.tolist(),
            page_file.tolist(), item_at[0].tolist(), item_at[1].tolist()):
        items = sorted(label(x) for x in item_o[a:b].tolist())
        count = number(count)
        parts = parts_of_subject.get(subj)
        if parts is None:
            parts = parts_of_subject[subj] = sorted(label(x) for x in A.part_descendants(parts_of, subj)) if subj >= 0 else []
        rows.append({
            "claimed": number(said) or 0,
            "unit": text(u),
            "noun": text(n),
            "subject": label(subj) if subj >= 0 else None,
            "subject_id": string(subj) if subj >= 0 else None,
            "enumerated": count if count is not None else len(items),
            "items": items,
            "named_parts": len(parts),
            "parts": list(parts),
            "sentence": text(sent) if e >= 0 else "",
            "start": number(begin) if e >= 0 else None,
            "doc": text(d),
            "doc_title": text(title) if d >= 0 else "",
            "page": text(file) if pg >= 0 else "",
        })
    return sorted(rows, key=A.claim_order)
