"""Analysis stage: the RDF graph projected to networkx, and relationship analysis.

Projection (:func:`project`)
    keeps what matters for relationship analysis and says what it drops.  Entities
    (subjects with a ``czt:coarseType``) become nodes with their type, class, labels,
    pinyin, aliases and the sentences they are mentioned in; every entity-to-entity
    fact (``czt:partOf``, ``czt:signatory`` …) becomes a typed edge of a
    ``MultiDiGraph``: the edge key and the ``predicate`` attribute are the predicate's
    local name, parallel edges with different predicates stay separate, and the
    evidence sentences of every assertion of the fact are edge data.  Literals,
    documents, pages, mentions, assertions, evidence spans and claims are not nodes;
    :func:`projection_report` counts what was left out.

Metrics
    :func:`simple_view` (undirected, simple) for metrics; :func:`centrality`
    (degree, betweenness, PageRank), :func:`communities` (Louvain, fixed seed),
    :func:`bridges`, :func:`articulation_points`, :func:`ego_network`,
    :func:`explain_path` (a shortest path with the sentence behind every hop).

Domain analyses
    :func:`city_portfolio` (what touches each city, and through which facts),
    :func:`cross_boundary_ties` (agreements between 长株潭 bodies and bodies outside),
    :func:`program_trees` (一厅一道一园一廊四张网 → components → projects) and
    :func:`claims_table` (claimed counts beside what the text and graph name).

Outputs
    :func:`summarize` (what ``czt-kg build`` and ``czt-kg analyze`` write to
    ``analysis.json``: JSON-serialisable, deterministic), :func:`report_lines`,
    :func:`report_markdown`, :func:`graphml_bytes`/:func:`gexf_bytes` for Gephi
    (scalar attributes only), :func:`node_table`/:func:`edge_table` (pandas, imported
    lazily) and :func:`write_analysis`.

Everything is deterministic: nodes and edges are added in sorted order, ties are
broken by label then IRI, random algorithms get a fixed seed.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("a", "b", key="partOf")
'partOf'
>>> sorted(simple_view(g).edges())
[('a', 'b')]
"""

from __future__ import annotations

import heapq
import io
import json
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import networkx as nx
from rdflib import PROV, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .errors import UsageError
from .louvain import louvain_communities
from .ontology import term_label
from .vocab import CZT, ITSRDF, NIF

#: Predicates that link two entities (the edges of the projection).
ENTITY_PREDICATES = ("partOf", "locatedIn", "signatory", "participant", "organizer", "issuedBy", "heldIn", "about", "memberOf")
#: The seven coarse entity types.
COARSE_TYPES = ("Place", "Organization", "Project", "Agreement", "Policy", "Event", "Person")
#: Classes whose instances are provenance or text nodes, never graph nodes.
PROVENANCE_CLASSES = ("Assertion", "Claim", "Document", "Evidence", "Lexicon", "Mention", "Page")
#: The three cities of 长株潭.
CORE_CITIES = ("长沙市", "株洲市", "湘潭市")
MAX_MENTIONS_PER_NODE = 20
#: Exact betweenness up to this many nodes; beyond it, a seeded sample of pivots.
BETWEENNESS_EXACT_MAX = 1000
BETWEENNESS_SAMPLES = 256
SEED = 42
#: Predicates followed from an entity towards the city it belongs to or acts for.
ANCHOR_PREDICATES = ("partOf", "locatedIn", "heldIn", "signatory", "organizer", "participant", "issuedBy")
ANCHOR_DEPTH = 5
#: Portfolio categories, by coarse type (Policy is split into reforms and policies).
PORTFOLIO_CATEGORIES = ("places", "agencies", "projects", "agreements", "reforms", "policies", "events", "people")
_CATEGORY = {"Place": "places", "Organization": "agencies", "Project": "projects", "Agreement": "agreements",
             "Policy": "policies", "Event": "events", "Person": "people"}  # fmt: skip

_CZT_NS = str(CZT._NS)
_PRED_LOCAL = {CZT[p]: p for p in ENTITY_PREDICATES}
_PROV_CLASS = {CZT[c]: c for c in PROVENANCE_CLASSES}
_COARSE_CLASS = {CZT[c]: c for c in COARSE_TYPES}
# single-valued properties read during the projection pass
_SINGLE = {
    CZT.coarseType: "coarse",
    CZT.pinyin: "pinyin",
    NIF.beginIndex: "begin",
    NIF.endIndex: "end",
    NIF.anchorOf: "anchor",
    ITSRDF.taIdentRef: "ident",
    CZT.document: "doc",
    CZT.page: "page",
    CZT.fileName: "file",
    DCTERMS.title: "title",
    RDF.subject: "s",
    RDF.predicate: "p",
    RDF.object: "o",
    CZT.evidence: "ev",
}
# literal properties of entities that become node attributes
_ENTITY_ATTRIBUTE_PREDICATES = frozenset({CZT.coarseType, CZT.pinyin, RDFS.label, SKOS.altLabel})


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


_PREFIXES = (
    ("czt", _CZT_NS),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("skos", str(SKOS)),
    ("prov", str(PROV)),
    ("dcterms", str(DCTERMS)),
    ("nif", str(NIF)),
    ("itsrdf", str(ITSRDF)),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("schema", "https://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
)


def _curie(g: Graph, iri) -> str:
    text = str(iri)
    for prefix, ns in _PREFIXES:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    try:
        return g.namespace_manager.normalizeUri(iri)
    except Exception:  # pragma: no cover - exotic IRIs
        return f"<{iri}>"


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ============================================================================ projection


def project(g: Graph, carried=None) -> nx.MultiDiGraph:
    """Entities and their relations as a MultiDiGraph (see the module docstring).

    One pass over the triples collects everything, so the cost is linear in the
    size of the graph.  Node attributes: ``label`` (zh), ``label_en`` (or None),
    ``pinyin``, ``type`` (coarse), ``cls`` (finest class), ``aliases``,
    ``mentions`` (up to :data:`MAX_MENTIONS_PER_NODE` dicts ``doc``, ``doc_title``,
    ``page``, ``sentence``).  Edge key = ``predicate`` (local name); attributes
    ``label_zh``, ``label_en``, ``evidence`` (dicts ``text``, ``doc``,
    ``doc_title``, ``page``, ``start``, ``end``), ``lexicon`` (a curated background
    fact) and ``roles`` (``czt:roleTitle`` of the assertions, e.g. 编辑).  The
    :func:`projection_report` is stored in ``view.graph["projection"]``.

    ``carried``: the previous build's entity graph (see
    :func:`graph.dump_projection.project_dump`), where ``g`` holds the build's arrays.
    """
    if getattr(g, "statements", None) is not None:  # the build's arrays: read as arrays
        from .dump_projection import project_dump

        return project_dump(g.statements, g, carried)
    single: dict[str, dict] = {k: {} for k in _SINGLE.values()}
    types: dict = defaultdict(list)
    labels: dict = defaultdict(list)
    alt_labels: dict = defaultdict(list)
    roles: dict = defaultdict(list)
    derived: dict = defaultdict(list)
    relations: list = []
    unhandled: dict = defaultdict(list)  # subject -> predicates not read above
    per_subject: dict = {}  # a plain dict: Counter's __missing__ is a Python call per new subject
    n_triples = n_literals = 0
    # one dict lookup per triple decides where it goes
    to_single = {p: single[k] for p, k in _SINGLE.items()}
    to_multi = {RDF.type: types, RDFS.label: labels, SKOS.altLabel: alt_labels, CZT.roleTitle: roles, PROV.wasDerivedFrom: derived}
    to_relation = dict(_PRED_LOCAL)

    # where each predicate goes, memoised by the id of the predicate object: a graph
    # shares a few predicate objects over all its statements (the triples keep them
    # alive), and two objects of one IRI would otherwise compare in Python
    route: dict = {}
    # isinstance against rdflib's ABCs runs in Python too: once per type
    literal_types: dict = {}
    triples = g.triples((None, None, None))  # triples also for a Dataset (union)
    if not getattr(g, "shares_terms", False):
        triples = _sharing_terms(triples)
    for s, p, o in triples:
        n_triples += 1
        per_subject[s] = per_subject.get(s, 0) + 1
        is_literal = literal_types.get(type(o))
        if is_literal is None:
            is_literal = literal_types[type(o)] = isinstance(o, Literal)
        if is_literal:
            n_literals += 1
        r = route.get(id(p))
        if r is None:
            d = to_single.get(p)
            if d is not None:
                r = (0, d)
            elif (m := to_multi.get(p)) is not None:
                r = (1, m)
            elif (pred := to_relation.get(p)) is not None:
                r = (2, pred)
            else:
                r = (3, None)
            route[id(p)] = r
        kind, target = r
        if kind == 0:
            target[s] = o
        elif kind == 1:
            target[s].append(o)
        elif kind == 2:
            relations.append((s, target, o))
        else:
            unhandled[s].append(p)

    # -- classify subjects ----------------------------------------------------
    coarse: dict = {}
    prov_kind: dict = {}
    for s, ts in types.items():
        for t in ts:
            if t in _PROV_CLASS:
                prov_kind[s] = _PROV_CLASS[t]
    for s, v in single["coarse"].items():
        if str(v) in COARSE_TYPES and s not in prov_kind:
            coarse[s] = str(v)
    for s, ts in types.items():  # typed with a coarse class but no czt:coarseType
        if s not in coarse and s not in prov_kind and isinstance(s, URIRef):
            found = sorted(_COARSE_CLASS[t] for t in ts if t in _COARSE_CLASS)
            if found:
                coarse[s] = found[0]

    doc_title = {d: str(t) for d, t in single["title"].items()}
    page_file = {p: str(f) for p, f in single["file"].items()}
    doc_page = {d: page_file.get(p, "") for d, p in single["page"].items() if prov_kind.get(d) == "Document"}

    # -- the counts of what is left out (reported at the end), made now: the
    # per-subject tallies are the pass's largest tables, freed before the mentions
    # and sentences are gathered (at 8.45M triples ~0.25 GB less at the stage's peak)
    prov_nodes = Counter(prov_kind.values())
    dropped_on_entities: Counter = Counter()
    for s in coarse:
        for p in unhandled.get(s, ()):
            dropped_on_entities[p] += 1
    curies: Counter = Counter()
    for p, count in dropped_on_entities.items():  # two predicate objects may share a CURIE
        curies[_curie(g, p)] += count
    dropped_on_entities = curies
    entity_attribute_triples = sum(
        len(labels.get(s, ())) + len(alt_labels.get(s, ())) + (s in single["pinyin"]) + (s in single["coarse"]) + len(types.get(s, ()))
        for s in coarse
    )
    provenance_triples = sum(per_subject.get(s, 0) for s in prov_kind)
    other_triples = sum(c for s, c in per_subject.items() if s not in coarse and s not in prov_kind)
    del unhandled, per_subject

    # -- nodes --------------------------------------------------------------------
    view = nx.MultiDiGraph()
    name = {s: str(s) for s in coarse}  # each entity's node id, made once
    mentions_of: dict = {}  # node id -> its node's list of mentions
    for s in sorted(coarse, key=name.__getitem__):
        mentions_of[name[s]] = _add_entity_node(view, name[s], coarse[s], labels.get(s, ()), types.get(s, ()),
                                                single["pinyin"].get(s, ""), alt_labels.get(s, ()))

    del types, labels, alt_labels  # read by the nodes only (and the counts above)
    for read in ("coarse", "pinyin", "title", "file", "page"):  # read by now: freed for the edges
        single[read] = {}

    # -- mentions: the sentences each entity is named in -------------------------
    # (the texts stay the graph's literals until one is kept: a copy of every sentence
    # and every mention's IRI took ~0.25 GB at 8.45M triples)
    sentences: dict = defaultdict(list)
    for ev, kind in prov_kind.items():
        if kind != "Evidence":
            continue
        b, e = _int_or_none(single["begin"].get(ev)), _int_or_none(single["end"].get(ev))
        if b is None or e is None:
            continue
        sentences[single["doc"].get(ev)].append((b, e, single["anchor"].get(ev, "")))
    for v in sentences.values():
        v.sort(key=_begin_end_text)
    doc_text: dict = {}
    mentions = []
    for m, kind in prov_kind.items():
        if kind != "Mention":
            continue
        ent = name.get(single["ident"].get(m))
        if ent is None:
            continue
        doc = single["doc"].get(m)
        doc_s = doc_text.get(doc)
        if doc_s is None:
            doc_s = doc_text[doc] = str(doc)
        start = _int_or_none(single["begin"].get(m)) or 0
        mentions.append((ent, doc_s, start, m, doc))
    _sort_mentions(mentions)
    seen: dict = defaultdict(set)
    for ent, doc_s, start, m, doc in mentions:
        bucket = seen[ent]
        if len(bucket) >= MAX_MENTIONS_PER_NODE:  # a full node: no sentence to look up
            continue
        sentence = str(_covering(sentences.get(doc, []), start) or single["anchor"].get(m, ""))
        if (doc_s, sentence) in bucket:
            continue
        bucket.add((doc_s, sentence))
        mentions_of[ent].append(
            {"doc": doc_s, "doc_title": doc_title.get(doc, ""), "page": doc_page.get(doc, ""), "sentence": sentence}
        )

    del mentions, sentences, seen
    single["ident"] = {}

    # -- edges: one per (subject, predicate, object) -----------------------------
    facts: dict = {}
    ev_text: dict = {}
    dangling = 0
    for s, pred, o in relations:
        s_name, o_name = name.get(s), name.get(o)
        if s_name is not None and o_name is not None:
            key = (s_name, pred, o_name)
            if key not in facts:
                facts[key] = _new_fact()
        else:
            dangling += 1
    for a, kind in prov_kind.items():
        if kind != "Assertion":
            continue
        s_name, o_name = name.get(single["s"].get(a)), name.get(single["o"].get(a))
        pred = _PRED_LOCAL.get(single["p"].get(a))
        if pred is None or s_name is None or o_name is None:
            continue
        key = (s_name, pred, o_name)
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = _new_fact()
        role_titles = roles.get(a)
        if role_titles:
            fact["roles"].update(str(r) for r in role_titles)
        for d in derived.get(a, ()):
            if prov_kind.get(d) == "Lexicon":
                fact["lexicon"] = True
        ev = single["ev"].get(a)
        if ev is None:
            continue
        doc = single["doc"].get(a, single["doc"].get(ev))
        doc_s = doc_text.get(doc)
        if doc_s is None:
            doc_s = doc_text[doc] = str(doc)
        text = ev_text.get(ev)  # one text per sentence, however many facts it supports
        if text is None:
            text = ev_text[ev] = str(single["anchor"].get(ev, ""))
        start, end = _int_or_none(single["begin"].get(ev)), _int_or_none(single["end"].get(ev))
        _note_evidence(fact, text, doc_s, doc_title.get(doc, ""), doc_page.get(doc, ""), start, end)
    _add_fact_edges(view, facts)

    # -- what was left out ----------------------------------------------------------
    _note_projection_counts(view, n_triples, len(relations) - dangling, entity_attribute_triples, n_literals,
                            prov_nodes, provenance_triples, dangling, dropped_on_entities, other_triples)
    return view


def _note_projection_counts(view: nx.MultiDiGraph, triples: int, relation_triples: int, entity_attribute_triples: int,
                            literal_triples: int, prov_nodes: Counter, provenance_triples: int, dangling: int,
                            dropped: Counter, other_triples: int) -> None:
    """Store :func:`projection_report`'s counts in ``view.graph["projection"]``."""
    view.graph["projection"] = {
        "triples": triples,
        "nodes": view.number_of_nodes(),
        "edges": view.number_of_edges(),
        "relation_triples": relation_triples,
        "entity_attribute_triples": entity_attribute_triples,
        "literal_triples": literal_triples,
        "provenance_nodes": dict(sorted(prov_nodes.items())),
        "provenance_triples": provenance_triples,
        "dangling_relations": dangling,
        "dropped_entity_triples": dict(sorted(dropped.items())),
        "other_triples": other_triples,
    }


def _add_entity_node(view: nx.MultiDiGraph, name: str, typ: str, labels, types, pinyin, alt_labels) -> list:
    """Add an entity's node (see :func:`project`) from its rdflib labels, types, pinyin
    and alternative labels; its list of mentions, empty, is returned to be filled."""
    return _add_entity_node_of(view, name, typ, [(str(lab), lab.language) for lab in labels], [str(c) for c in types],
                               str(pinyin), [str(a) for a in alt_labels])


def _add_entity_node_of(view: nx.MultiDiGraph, name: str, typ: str, labels: list[tuple[str, str | None]],
                        types: list[str], pinyin: str, alt_labels: list[str]) -> list:
    """:func:`_add_entity_node` of the terms' strings: labels as (text, language or
    None), the types' IRIs, the pinyin and the alternative labels."""
    attributes = entity_attributes(name, typ, labels, types, pinyin, alt_labels)
    view.add_node(name, **attributes)
    return attributes["mentions"]


def entity_attributes(name: str, typ: str, labels: list[tuple[str, str | None]], types: list[str], pinyin: str,
                      alt_labels: list[str]) -> dict:
    """An entity node's attributes (see :func:`project`), its ``mentions`` an empty list to
    be filled.

    >>> entity_attributes("x", "Place", [("长沙", "zh"), ("Changsha", "en")], [str(CZT.City)], "chang sha", [])["cls"]
    'City'
    """
    zh = sorted(text for text, lang in labels if lang == "zh")
    en = sorted(text for text, lang in labels if lang == "en")
    plain = sorted(text for text, lang in labels if lang not in ("zh", "en"))
    classes = sorted(_local(c) for c in types if c.startswith(_CZT_NS))
    fine = [c for c in classes if c not in (typ, "Entity")] or [typ]
    return {
        "label": (zh or plain or en or [name])[0],
        "label_en": en[0] if en else None,
        "pinyin": pinyin,
        "type": typ,
        "cls": fine[0],
        "aliases": sorted(set(alt_labels)),
        "mentions": [],
    }


def _new_fact() -> dict:
    return {"evidence": {}, "lexicon": False, "roles": set()}


def _note_evidence(fact: dict, text: str, doc: str, doc_title: str, page: str, start, end) -> None:
    """A sentence behind ``fact`` (one per document and place: the last one noted wins)."""
    fact["evidence"][(doc, start or 0, end or 0)] = {
        "text": text, "doc": doc, "doc_title": doc_title, "page": page, "start": start, "end": end,
    }


def _add_fact_edges(view: nx.MultiDiGraph, facts: dict) -> None:
    """One edge per (subject name, predicate, object name) of ``facts``, in sorted order,
    with its evidence sorted by document and place, its lexicon flag and its roles."""
    _add_edges_in_order(view, (
        (s, pred, o, [fact["evidence"][k] for k in sorted(fact["evidence"])], fact["lexicon"], sorted(fact["roles"]))
        for (s, pred, o), fact in sorted(facts.items())
    ))


def _add_edges_in_order(view: nx.MultiDiGraph, rows) -> None:
    """Add the edges of ``rows`` (subject name, predicate, object name, evidence list,
    lexicon flag, sorted roles), already in the order of :func:`_add_fact_edges`."""
    attributes = edge_attributes()
    for s, pred, o, evidence, lexicon, roles in rows:
        view.add_edge(s, o, key=pred, **attributes(pred, evidence, lexicon, roles))


def edge_attributes():
    """``attributes(predicate, evidence list, lexicon flag, sorted roles)``: an edge's
    attributes (see :func:`project`), its labels looked up once a predicate."""
    labels_of = {p: (term_label(p, "zh"), term_label(p, "en")) for p in ENTITY_PREDICATES}

    def attributes(pred: str, evidence: list, lexicon: bool, roles: list) -> dict:
        zh, en = labels_of[pred]
        return {"predicate": pred, "label_zh": zh, "label_en": en, "evidence": evidence, "lexicon": lexicon,
                "roles": roles}

    return attributes


def assembled(nodes: dict, edges) -> nx.MultiDiGraph:
    """A MultiDiGraph of ``nodes`` (name -> attributes, in order) and ``edges`` ((subject,
    object, key, attributes), in order, between those nodes), equal node for node and
    edge for edge, in order, to one made by ``add_node`` and ``add_edge`` calls in that
    order; the dicts are its own, not copies.  Filled directly: ~5x faster than those
    calls for the ~93,000 edges of 10,000 pages.

    >>> g = assembled({"a": {"x": 1}, "b": {}}, [("a", "b", "p", {"w": 2}), ("a", "b", "q", {})])
    >>> list(g.edges(keys=True, data=True)), g.nodes["a"]
    ([('a', 'b', 'p', {'w': 2}), ('a', 'b', 'q', {})], {'x': 1})
    """
    view = nx.MultiDiGraph()
    node, succ, pred = view._node, view._succ, view._pred
    for n, attributes in nodes.items():
        node[n], succ[n], pred[n] = attributes, {}, {}
    for u, v, key, data in edges:
        out = succ[u]  # a KeyError for an edge to no node: not made as add_edge would
        keys = out.get(v)
        if keys is None:
            keys = out[v] = {}
            pred[v][u] = keys
        keys[key] = data
    nx._clear_cache(view)
    return view


def projection_report(view_or_graph) -> dict:
    """What :func:`project` kept and dropped, as counts.

    ``triples`` in the RDF graph; ``nodes``/``edges`` of the projection;
    ``relation_triples`` (entity→entity facts, the edges); ``entity_attribute_triples``
    (types, labels, aliases, pinyin: node attributes); ``literal_triples`` (all
    triples with a literal object); ``provenance_nodes`` by class and
    ``provenance_triples`` (their descriptions: kept only as evidence/mention data);
    ``dangling_relations`` (a relation to something that is not an entity);
    ``dropped_entity_triples`` (other properties of entities, by predicate, e.g.
    coordinates, dates, ``czt:mentionedIn``); ``other_triples`` (ontology terms,
    anything else).  Accepts a projection or an rdflib graph (projected on the fly).
    """
    if isinstance(view_or_graph, Graph):
        view_or_graph = project(view_or_graph)
    return dict(view_or_graph.graph.get("projection", {}))


def _sharing_terms(triples):
    """``triples`` with every subject and non-literal object replaced by the first object
    seen with its value, so that the projection's dicts match keys by identity: two
    objects of one IRI otherwise compare with rdflib's ``__eq__``, in Python, on every
    look-up.  The build's statements share their terms already (see
    :attr:`graph.rdf.TripleIndex.shares_terms`); a parsed graph's may not."""
    same: dict = {}  # id of an object -> the first object of its value (``keep`` holds
    first: dict = {}  # each object seen, so no id is reused meanwhile)
    keep: list = []
    for s, p, o in triples:
        t = same.get(id(s))
        if t is None:
            t = same[id(s)] = first.setdefault(s, s)
            keep.append(s)
        if not isinstance(o, Literal):
            u = same.get(id(o))
            if u is None:
                u = same[id(o)] = first.setdefault(o, o)
                keep.append(o)
            o = u
        yield t, p, o


def _begin_end_text(sentence: tuple) -> tuple:
    """A sentence's (begin, end, text) sort key, its text compared as plain text."""
    return sentence[0], sentence[1], str(sentence[2])


def _sort_mentions(mentions: list) -> None:
    """Sort (entity, document, start, mention node, ...) rows by entity, document, start,
    then the mention node's text: the node's text is made only where the first three tie.

    >>> from rdflib import URIRef
    >>> rows = [("e", "d", 3, URIRef("urn:m2")), ("e", "d", 1, URIRef("urn:m9")), ("e", "d", 3, URIRef("urn:m1"))]
    >>> _sort_mentions(rows); [str(r[3]) for r in rows]
    ['urn:m9', 'urn:m1', 'urn:m2']
    """
    mentions.sort(key=itemgetter(0, 1, 2))
    i, n = 0, len(mentions)
    while i < n:
        j = i + 1
        key = mentions[i][:3]
        while j < n and mentions[j][:3] == key:
            j += 1
        if j - i > 1:
            mentions[i:j] = sorted(mentions[i:j], key=lambda row: str(row[3]))
        i = j


def _covering(sents: list[tuple[int, int, str]], pos: int) -> str | None:
    """The sentence (begin, end, text) that covers ``pos``; sentences sorted by begin."""
    i = bisect_right(sents, (pos, float("inf"), "")) - 1
    for j in range(i, max(-1, i - 64), -1):  # sentences hardly overlap: look back a little
        s, e, text = sents[j]
        if s <= pos < e:
            return text
    return None


# ============================================================================ metrics


def simple_view(view: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph for metrics (parallel edges merged, predicates listed).

    Self-loops are dropped; edge attribute ``predicates`` lists the predicates merged.
    """
    g = nx.Graph()
    g.add_nodes_from(view.nodes(data=True))
    for u, v, k in view.edges(keys=True):
        if u == v:
            continue
        if g.has_edge(u, v):
            if k not in g[u][v]["predicates"]:
                g[u][v]["predicates"] = sorted([*g[u][v]["predicates"], k])
        else:
            g.add_edge(u, v, predicates=[k])
    return g


def _label(view: nx.Graph, n) -> str:
    """A node's label, else its name (its attributes read from the graph's own dict: the
    summary asks ~440,000 times at 10,000 pages, and ``view.nodes[n]`` costs twice that)."""
    return view._node[n].get("label") or str(n)


def pagerank(simple: nx.Graph, alpha: float = 0.85, max_iter: int = 200, tol: float = 1.0e-10) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration (pure Python, no scipy).

    Each node spreads its score evenly over its neighbours; isolated nodes spread
    theirs over every node.  Same fixed point as ``networkx.pagerank`` on an
    unweighted graph.

    >>> pr = pagerank(nx.star_graph(3))
    >>> round(pr[0], 3), round(pr[1], 3), round(sum(pr.values()), 6)
    (0.48, 0.173, 1.0)
    """
    nodes = list(simple)
    n = len(nodes)
    if n == 0:
        return {}
    import numpy as np

    index = {v: i for i, v in enumerate(nodes)}
    nbrs = [[index[u] for u in simple[v] if u != v] for v in nodes]
    deg_list = [len(x) for x in nbrs]
    deg = np.array(deg_list, dtype=float)
    isolated = np.array([i for i in range(n) if deg_list[i] == 0], dtype=np.int64)
    # every edge (i, j) in the order a loop over i, then over i's neighbours, meets it
    src = np.fromiter((i for i in range(n) for _ in nbrs[i]), dtype=np.int64)
    dst = np.fromiter((j for a in nbrs for j in a), dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.full(n, 1.0 / n)
        for _ in range(max_iter):
            # the same floating-point operations in the same order as the plain loop
            # (sums left to right; np.add.at adds the shares one by one, in edge
            # order): the scores are bit for bit those of the pure Python version
            dangling = alpha * sum(x[isolated].tolist()) / n
            base = (1.0 - alpha) / n + dangling
            new = np.full(n, base)
            share = alpha * x / deg  # inf/nan for isolated nodes: never read
            np.add.at(new, dst, share[src])
            err = sum(np.abs(new - x).tolist())
            x = new
            if err < n * tol:
                break
    return dict(zip(nodes, x.tolist()))


def betweenness(simple: nx.Graph, seed: int = SEED) -> tuple[dict[str, float], int | None]:
    """Normalised betweenness (Brandes); exact up to :data:`BETWEENNESS_EXACT_MAX` nodes.

    Larger graphs use :data:`BETWEENNESS_SAMPLES` pivots drawn with ``seed``, so the
    result is still deterministic.  Same values and normalisation as
    ``networkx.betweenness_centrality(simple, normalized=True[, k, seed])``, about
    much faster (level-synchronous search on numpy arrays).  Returns (scores,
    number of pivots, or None when exact).

    >>> between, k = betweenness(nx.path_graph(5))
    >>> [round(between[i], 3) for i in range(5)], k
    ([0.0, 0.5, 0.667, 0.5, 0.0], None)
    """
    import random

    nodes = list(simple)
    n = len(nodes)
    if n == 0:
        return {}, None
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[u] for u in simple[v] if u != v] for v in nodes]
    if n <= BETWEENNESS_EXACT_MAX:
        sources, k = list(range(n)), None
    else:
        k = min(BETWEENNESS_SAMPLES, n)
        sources = [index[v] for v in random.Random(seed).sample(nodes, k)]
    try:
        bc = _brandes_numpy(adj, sources)
    except ImportError:  # pragma: no cover - numpy comes with the visualize stage
        bc = _brandes(adj, sources)
    if n > 2:
        if k is None:
            scale = [1.0 / ((n - 1) * (n - 2))] * n
        else:
            chosen = set(sources)
            src = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
            other = 1.0 / (k * (n - 2))
            scale = [src if i in chosen else other for i in range(n)]
        bc = [b * f for b, f in zip(bc, scale)]
    return dict(zip(nodes, bc)), k


def _brandes(adj: list[list[int]], sources: Iterable[int]) -> list[float]:
    """Raw Brandes dependency sums of an unweighted graph given as adjacency lists."""
    n = len(adj)
    bc = [0.0] * n
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        delta = [0.0] * n
        sigma[s] = 1
        dist[s] = 0
        order = [s]
        i = 0
        while i < len(order):
            v = order[i]
            i += 1
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    sigma[w] = sv
                    order.append(w)
                elif dw == dv:
                    sigma[w] += sv
        for w in reversed(order):
            dprev = dist[w] - 1
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in adj[w]:
                if dist[v] == dprev:
                    delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    return bc


def _brandes_numpy(adj: list[list[int]], sources: Iterable[int]) -> list[float]:
    """:func:`_brandes` with level-synchronous breadth-first search on numpy arrays."""
    import numpy as np

    n = len(adj)
    # 32-bit node numbers: the searches move ~47M of them at 10,000 pages (256 pivots)
    deg = np.fromiter((len(a) for a in adj), dtype=np.int32, count=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(deg, out=indptr[1:])
    indices = np.fromiter((w for a in adj for w in a), dtype=np.int32, count=int(indptr[-1]))
    steps = np.arange(len(indices) + 1, dtype=np.int64)  # np.arange(total) of every level, made once
    bc = np.zeros(n)
    for s in sources:
        reached = np.zeros(n, dtype=bool)
        sigma = np.zeros(n)
        reached[s] = True
        sigma[s] = 1.0
        frontier = np.array([s], dtype=np.int32)
        levels = []
        while frontier.size:
            counts = deg[frontier]
            total = int(counts.sum())
            if total == 0:
                break
            ends = np.cumsum(counts, dtype=np.int64)
            pos = np.repeat(indptr[frontier] - (ends - counts), counts)
            pos += steps[:total]
            nbr = indices[pos]
            new = ~reached[nbr]  # a node is first reached from the level just above it
            if not new.any():
                break
            v_arr, w_arr = np.repeat(frontier, counts)[new], nbr[new]
            level = np.zeros(n, dtype=bool)
            level[w_arr] = True
            frontier = np.flatnonzero(level).astype(np.int32)  # sorted, distinct (np.unique without a sort)
            reached |= level
            sigma += np.bincount(w_arr, weights=sigma[v_arr], minlength=n)
            levels.append((v_arr, w_arr))
        delta = np.zeros(n)
        for v_arr, w_arr in reversed(levels):
            coeff = (1.0 + delta[w_arr]) / sigma[w_arr]
            delta += sigma * np.bincount(v_arr, weights=coeff, minlength=n)
        delta[s] = 0.0
        bc += delta
    return bc.tolist()


class Metrics(dict):
    """Node metrics computed once and shared by :func:`summarize` and the exports.

    Keys: ``simple`` (the :func:`simple_view`), ``degree``, ``betweenness``,
    ``betweenness_samples``, ``pagerank``, ``communities`` (node → community).
    """


#: a graph.cache.ResultMemo of the metrics of previous builds, set by graph.build
#: (None: always computed)
METRICS_MEMO = None


def _metrics_key(simple: nx.Graph, seed: int) -> str:
    from .cache import graph_digest, memo_key

    # the metrics read the nodes and their adjacency (in order), nothing else
    return memo_key("metrics", (seed, graph_digest(simple)))


def metrics(view: nx.MultiDiGraph, seed: int = SEED, communities_of=None, simple: nx.Graph | None = None) -> Metrics:
    """Degree, betweenness, PageRank and Louvain communities of ``view``, once.

    ``communities_of()``, if given, is asked for the communities (what :func:`communities`
    gives ``view``) after the other metrics: the build's page drawer computes them, beside
    betweenness and PageRank.  When it gives None they are computed here.  ``simple``:
    ``simple_view(view)`` when the caller has it (made once for both)."""
    simple = simple if simple is not None else simple_view(view)
    memo, key = METRICS_MEMO, None
    if memo is not None:
        key = _metrics_key(simple, seed)
        found = memo.get(key)
        if found is not None:
            between, k, rank, parts = found
            return Metrics(simple=simple, degree=dict(simple.degree()), betweenness=dict(between),
                           betweenness_samples=k, pagerank=dict(rank), communities=dict(parts))
    between, k = betweenness(simple, seed)
    rank = pagerank(simple)
    parts = communities_of() if communities_of is not None else None
    if parts is None:
        parts = _louvain(simple, seed)
    out = Metrics(
        simple=simple,
        degree=dict(simple.degree()),
        betweenness=between,
        betweenness_samples=k,
        pagerank=rank,
        communities=parts,
    )
    if memo is not None:
        memo.put(key, (dict(between), k, dict(out["pagerank"]), dict(out["communities"])))
    return out


def centrality(view: nx.MultiDiGraph, seed: int = SEED, precomputed: Metrics | None = None) -> dict[str, dict[str, float]]:
    """Per node: ``degree`` (distinct neighbours), ``in_degree``/``out_degree``
    (typed edges), ``betweenness`` and ``pagerank`` (on the simple view)."""
    m = precomputed if precomputed is not None else metrics(view, seed)
    return {
        n: {
            "degree": m["degree"].get(n, 0),
            "in_degree": view.in_degree(n),
            "out_degree": view.out_degree(n),
            "betweenness": m["betweenness"].get(n, 0.0),
            "pagerank": m["pagerank"].get(n, 0.0),
        }
        for n in view
    }


def communities(view: nx.MultiDiGraph, seed: int = SEED, simple: nx.Graph | None = None) -> dict[str, int]:
    """Louvain communities (:mod:`graph.louvain`: nodes visited in an order keyed by
    their names and ``seed``), numbered by size then by first member; those
    :func:`metrics` kept in its memo (``METRICS_MEMO``) for the same graph when it did.
    ``simple``: ``simple_view(view)`` when the caller has it."""
    simple = simple if simple is not None else simple_view(view)
    if METRICS_MEMO is not None:
        found = METRICS_MEMO.get(_metrics_key(simple, seed))
        if found is not None:
            return dict(found[3])
    return _louvain(simple, seed)


def _louvain(simple: nx.Graph, seed: int) -> dict[str, int]:
    if simple.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(simple))}
    parts = louvain_communities(simple, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(parts) for n in p}


def bridges(view: nx.MultiDiGraph) -> list[dict]:
    """Relations whose removal disconnects the graph, largest cut first.

    Each: ``u``, ``v`` (IRIs), ``u_label``, ``v_label``, ``predicates`` and
    ``separates`` (nodes on the smaller side, i.e. how much hangs on this edge).
    """
    return _bridges(simple_view(view))


def _bridges(simple: nx.Graph, cuts: tuple | None = None) -> list[dict]:
    """Bridge rows of ``simple``; ``cuts``: its :func:`_cuts`, when already found."""
    if simple.number_of_edges() == 0:
        return []
    found = (cuts or _cuts(simple))[0]
    if not found:
        return []
    side = _tree_sides(simple)
    rows = []
    for u, v in found:
        if _label(simple, u) > _label(simple, v):
            u, v = v, u
        rows.append(
            {
                "u": u,
                "u_label": _label(simple, u),
                "v": v,
                "v_label": _label(simple, v),
                "predicates": list(simple[u][v]["predicates"]),
                "separates": side.get((u, v)) or side.get((v, u)) or 1,
            }
        )
    rows.sort(key=lambda r: (-r["separates"], r["u_label"], r["v_label"], r["u"], r["v"]))
    return rows


def _tree_sides(simple: nx.Graph) -> dict[tuple, int]:
    """For every DFS-tree edge (parent, child): the size of the smaller side if cut."""
    out = {}
    for comp in nx.connected_components(simple):
        root = min(comp)
        size = len(comp)
        parent = {root: None}
        order = []
        stack = [root]
        while stack:
            x = stack.pop()
            order.append(x)
            for y in simple[x]:
                if y not in parent:
                    parent[y] = x
                    stack.append(y)
        sub = dict.fromkeys(order, 1)
        for x in reversed(order):
            p = parent[x]
            if p is not None:
                sub[p] += sub[x]
                out[(p, x)] = min(sub[x], size - sub[x])
    return out


def articulation_points(view: nx.MultiDiGraph) -> list[str]:
    """Entities whose removal splits their component (sorted by label, then IRI)."""
    return _articulation_points(simple_view(view))


def _articulation_points(simple: nx.Graph, cuts: tuple | None = None) -> list[str]:
    return sorted((cuts or _cuts(simple))[1], key=lambda n: (_label(simple, n), n))


def _cuts(simple: nx.Graph) -> tuple[set[tuple], set]:
    """The bridges (each as its two nodes, sorted) and the articulation points of an
    undirected simple graph: one iterative depth-first search keeping low links
    (Tarjan), over integer adjacency lists; the sets networkx's ``bridges`` and
    ``articulation_points`` give, in a fraction of their time at 27,000 nodes.

    >>> _cuts(nx.path_graph(3))
    ({(0, 1), (1, 2)}, {1})
    >>> _cuts(nx.cycle_graph(4))
    (set(), set())
    """
    nodes = list(simple)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[u] for u in simple[v] if u != v] for v in nodes]
    found = [-1] * len(nodes)  # when each node was first reached
    low = [0] * len(nodes)  # the earliest node reachable from its subtree by one back edge
    bridges: set[tuple] = set()
    cut: set = set()
    clock = 0
    for root in range(len(nodes)):
        if found[root] >= 0:
            continue
        found[root] = low[root] = clock
        clock += 1
        root_children = 0
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            v, parent, rest = stack[-1]
            for w in rest:
                if found[w] < 0:
                    found[w] = low[w] = clock
                    clock += 1
                    stack.append((w, v, iter(adj[w])))
                    break
                if w != parent and found[w] < low[v]:
                    low[v] = found[w]
            else:  # every neighbour seen: v's subtree is done
                stack.pop()
                if parent < 0:
                    continue
                if low[v] < low[parent]:
                    low[parent] = low[v]
                if low[v] > found[parent]:
                    a, b = nodes[parent], nodes[v]
                    bridges.add((a, b) if a <= b else (b, a))
                if parent == root:
                    root_children += 1
                elif low[v] >= found[parent]:
                    cut.add(nodes[parent])
        if root_children > 1:
            cut.add(nodes[root])
    return bridges, cut


def find_node(view: nx.Graph, name: str) -> str:
    """The node an IRI, zh label, en label, alias or pinyin names.

    Raises :class:`~graph.errors.UsageError` when nothing (or more than one entity
    at the best level of match) fits.
    """
    if name in view:
        return name
    wanted = name.strip()
    folded = wanted.casefold().replace(" ", "")
    levels: list[list[str]] = [[], [], [], []]
    for n, a in view.nodes(data=True):
        if a.get("label") == wanted:
            levels[0].append(n)
        elif a.get("label_en") and str(a["label_en"]).casefold() == wanted.casefold():
            levels[1].append(n)
        elif wanted in (a.get("aliases") or ()):
            levels[2].append(n)
        elif folded and str(a.get("pinyin") or "").casefold().replace(" ", "") == folded:
            levels[3].append(n)
    for hits in levels:
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = ", ".join(f"{_label(view, h)} <{h}>" for h in sorted(hits)[:5])
            raise UsageError(f"{name!r} names {len(hits)} entities: {names}; give the IRI")
    raise UsageError(f"no entity named {name!r} in the graph (try its zh label, an alias, its pinyin or its IRI)")


def ego_network(view: nx.MultiDiGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entity, everything within ``radius`` hops (either direction) and their relations."""
    center = find_node(view, name)
    return nx.ego_graph(view, center, radius=radius, undirected=True).copy()


def _hop_edges(view: nx.MultiDiGraph, u: str, v: str) -> list[dict]:
    """Every typed edge between u and v as hop candidates, best first."""
    out = []
    for a, b, direction in ((u, v, "forward"), (v, u, "backward")):
        for k, d in (view.get_edge_data(a, b) or {}).items():
            out.append((a, b, k, d, direction))
    out.sort(key=lambda x: (not x[3].get("evidence"), x[4] != "forward", x[2]))
    return out


def _evidenced(view: nx.MultiDiGraph, u: str, v: str) -> bool:
    return any(d.get("evidence") for a, b in ((u, v), (v, u)) for d in (view.get_edge_data(a, b) or {}).values())


def shortest_path(view: nx.MultiDiGraph, a: str, b: str, evidence_only: bool = False, max_candidates: int = 256) -> list[str]:
    """A shortest path (as node IRIs) between two entities named by label or IRI.

    Direction is ignored.  Among the shortest paths (up to ``max_candidates`` of
    them) the one with the most hops backed by a sentence wins, then the one whose
    labels sort first.  ``evidence_only`` uses only relations read from text (no
    lexicon background facts).  An empty list when they are not connected.
    """
    src, dst = find_node(view, a), find_node(view, b)
    if src == dst:
        return [src]
    simple = simple_view(view)
    if evidence_only:
        simple = nx.Graph(simple.edge_subgraph([(u, v) for u, v in simple.edges() if _evidenced(view, u, v)]))
        simple.add_nodes_from([src, dst])
    try:
        candidates = list(islice(nx.all_shortest_paths(simple, src, dst), max_candidates))
    except nx.NetworkXNoPath:
        return []

    def score(path):
        backed = sum(_evidenced(view, x, y) for x, y in zip(path, path[1:]))
        return (-backed, [_label(view, n) for n in path], path)

    return min(candidates, key=score)


def explain_path(view: nx.MultiDiGraph, a_label: str, b_label: str, evidence_only: bool = False) -> list[dict]:
    """How is ``a`` connected to ``b``?  A shortest path, hop by hop, with evidence.

    Each hop: ``from``/``to`` (IRIs), ``from_label``/``to_label``, ``predicate``,
    ``label_zh``, ``direction`` ("forward": from —predicate→ to, "backward": to
    —predicate→ from), ``subject``/``object`` labels as the fact is stated,
    ``sentence`` (the first evidence sentence, or None), ``doc_title``, ``page``,
    ``source`` ("text" or "lexicon") and ``evidence_count``.  The parallel edge with
    a sentence is preferred.  Empty when not connected (or the same entity).
    """
    path = shortest_path(view, a_label, b_label, evidence_only=evidence_only)
    hops = []
    for u, v in zip(path, path[1:]):
        candidates = _hop_edges(view, u, v)
        if evidence_only:
            candidates = [c for c in candidates if c[3].get("evidence")] or candidates
        s, o, key, d, direction = candidates[0]
        ev = (d.get("evidence") or [None])[0]
        hops.append(
            {
                "from": u,
                "from_label": _label(view, u),
                "to": v,
                "to_label": _label(view, v),
                "predicate": d.get("predicate", key),
                "label_zh": d.get("label_zh") or "",
                "direction": direction,
                "subject": _label(view, s),
                "object": _label(view, o),
                "sentence": ev["text"] if ev else None,
                "doc_title": ev.get("doc_title", "") if ev else "",
                "page": ev.get("page", "") if ev else "",
                "source": "text" if ev else ("lexicon" if d.get("lexicon") else "graph"),
                "evidence_count": len(d.get("evidence") or ()),
            }
        )
    return hops


def format_path(hops: list[dict]) -> str:
    """A path explanation as text, one hop per line with its sentence.

    >>> print(format_path([{"subject": "韶山市", "object": "湘潭市", "predicate": "partOf", "label_zh": "属于",
    ...   "direction": "forward", "from_label": "韶山市", "to_label": "湘潭市", "sentence": None, "source": "lexicon",
    ...   "page": "", "doc_title": ""}]))
    韶山市 → 湘潭市
      1. 韶山市 —属于 (partOf)→ 湘潭市   [lexicon background fact]
    """
    if not hops:
        return "(no path)"
    lines = [f"{hops[0]['from_label']} → {hops[-1]['to_label']}"]
    for i, h in enumerate(hops, 1):
        name = f"{h['label_zh']} ({h['predicate']})" if h.get("label_zh") else h["predicate"]
        line = f"  {i}. {h['subject']} —{name}→ {h['object']}"
        if h.get("sentence"):
            where = h.get("page") or h.get("doc_title") or ""
            lines.append(line)
            lines.append(f"     “{h['sentence']}”" + (f" ({where})" if where else ""))
        else:
            lines.append(line + ("   [lexicon background fact]" if h.get("source") == "lexicon" else "   [no sentence]"))
    return "\n".join(lines)


# ============================================================================ domain analyses


def _anchors(view: nx.MultiDiGraph, cities: set[str], depth: int = ANCHOR_DEPTH) -> dict[str, dict[str, list]]:
    """For every node: the cities it is anchored in, each with the via-chain.

    Follows outgoing :data:`ANCHOR_PREDICATES` edges breadth first (neighbours in
    sorted order, so the chain is deterministic) and stops at a city.
    """
    allowed = set(ANCHOR_PREDICATES)
    succ = view._succ  # read directly: an out-edge view a node took ~0.3 s at 10,000 pages
    out_edges: dict[str, list] = {n: sorted((k, v) for v, keys in succ[n].items() for k in keys if k in allowed)
                                  for n in view}
    result: dict[str, dict[str, list]] = {}
    for n in view:
        found: dict[str, list] = {}
        if n in cities:
            found[n] = []
        else:
            prev = {n: None}
            queue = deque([(n, 0)])
            while queue:
                x, d = queue.popleft()
                if d >= depth:
                    continue
                for k, y in out_edges[x]:
                    if y in prev:
                        continue
                    prev[y] = (x, k)
                    if y in cities:
                        chain = []
                        z = y
                        while prev[z] is not None:
                            px, pk = prev[z]
                            chain.append((pk, z))
                            z = px
                        found.setdefault(y, chain[::-1])
                    else:
                        queue.append((y, d + 1))
        if found:
            result[n] = found
    return result


class _AnchorsOnce:
    """:func:`_anchors`, answering again from its last answer when asked for the same
    view and cities: :func:`summarize` asks for every city's anchors twice (the
    portfolios, then the cross-boundary ties), ~0.2 s each at 10,000 pages.

    >>> view = nx.MultiDiGraph([("a", "c", "locatedIn")])
    >>> once = _AnchorsOnce()
    >>> once(view, {"c"}) is once(view, {"c"}) is not once(view, {"a", "c"})
    True
    """

    def __init__(self) -> None:
        self._key, self._found = None, None

    def __call__(self, view: nx.MultiDiGraph, cities: set[str], depth: int = ANCHOR_DEPTH) -> dict[str, dict[str, list]]:
        key = (id(view), frozenset(cities), depth)
        if key != self._key:
            self._key, self._found = key, _anchors(view, cities, depth)
        return self._found


def _via(view: nx.Graph, chain: list) -> str:
    return " → ".join(f"{k} {_label(view, n)}" for k, n in chain)


def _city_nodes(view: nx.MultiDiGraph, cities: Iterable[str] | None) -> list[str]:
    if cities is None:
        found = [n for n, a in view.nodes(data=True) if a.get("cls") == "City"]
    else:
        found = [find_node(view, c) for c in cities]
    return sorted(set(found), key=lambda n: (_label(view, n), n))


def _category(attrs: dict) -> str:
    if attrs.get("type") == "Policy" and attrs.get("cls") == "Reform":
        return "reforms"
    return _CATEGORY.get(attrs.get("type"), "other")


def city_portfolio(view: nx.MultiDiGraph, cities: Iterable[str] | None = None, *, anchored=None) -> dict[str, dict]:
    """What touches each city, by category, with the chain of facts that ties it.

    A node belongs to a city's portfolio when a chain of outgoing ``partOf``,
    ``locatedIn``, ``heldIn``, ``signatory``, ``organizer``, ``participant`` or
    ``issuedBy`` edges leads to it: a county (韶山市 partOf 湘潭市), an agency
    located in it, a project located there or in one of its districts, an agreement
    one of its bodies signed.  ``cities``: labels or IRIs (default: every node of
    class City).  Keyed by the city's label; each value has ``id``, ``province`` and
    the lists of :data:`PORTFOLIO_CATEGORIES`, items ``{"id", "label", "cls", "via"}``.
    ``anchored``: what finds the anchors (an :class:`_AnchorsOnce` shared with
    :func:`cross_boundary_ties`), by default :func:`_anchors`.
    """
    city_ids = _city_nodes(view, cities)
    anchors = (anchored or _anchors)(view, set(city_ids))
    out: dict[str, dict] = {}
    for c in city_ids:
        entry: dict = {"id": c, "province": _province(view, c)}
        entry.update({cat: [] for cat in PORTFOLIO_CATEGORIES})
        out[_label(view, c)] = entry
    for n in sorted(anchors, key=lambda n: (_label(view, n), n)):
        attrs = view.nodes[n]
        cat = _category(attrs)
        for c, chain in sorted(anchors[n].items()):
            if c == n or cat not in PORTFOLIO_CATEGORIES:
                continue
            out[_label(view, c)][cat].append({"id": n, "label": _label(view, n), "cls": attrs.get("cls"), "via": _via(view, chain)})
    return out


def _province(view: nx.MultiDiGraph, n: str) -> str | None:
    """The label of the province a place lies in (following partOf/locatedIn)."""
    seen = {n}
    queue = deque([n])
    while queue:
        x = queue.popleft()
        if x != n and view.nodes[x].get("cls") == "Province":
            return _label(view, x)
        for _u, y, k in sorted(view.out_edges(x, keys=True), key=lambda e: (e[2], e[1])):
            if k in ("partOf", "locatedIn") and y not in seen:
                seen.add(y)
                queue.append(y)
    return None


def cross_boundary_ties(view: nx.MultiDiGraph, core: Iterable[str] = CORE_CITIES, *, anchored=None) -> list[dict]:
    """Agreements signed by bodies of the core cities and bodies outside them.

    For every Agreement: its signatories, each placed in a city (see
    :func:`city_portfolio`).  Kept when at least one signatory is in a core city and
    at least one is not (in another city, or not placeable).  Each row:
    ``agreement``, ``id``, ``core`` and ``outside`` (lists of ``{"party", "city",
    "province"}``), ``cross_province`` and ``sentence``/``page`` of the first
    signatory fact with evidence.  Core labels missing from the graph are ignored.
    ``anchored``: as for :func:`city_portfolio`.
    """
    core_ids = {n for n in view if _label(view, n) in set(core)}
    if not core_ids:
        return []
    cities = set(_city_nodes(view, None)) | core_ids
    anchors = (anchored or _anchors)(view, cities)
    provinces = {c: _province(view, c) for c in cities}
    rows = []
    for ag, typ in view.nodes(data="type"):
        if typ != "Agreement":
            continue
        parties = sorted({v for _u, v, k in view.out_edges(ag, keys=True) if k == "signatory"}, key=lambda n: (_label(view, n), n))
        inside, outside = [], []
        for p in parties:
            where = sorted(anchors.get(p, {}), key=lambda c: (_label(view, c), c))
            in_core = [c for c in where if c in core_ids]
            if in_core:
                inside.append({"party": _label(view, p), "city": _label(view, in_core[0]), "province": provinces.get(in_core[0])})
            else:
                city = where[0] if where else None
                province = provinces.get(city) if city else _province(view, p)
                outside.append({"party": _label(view, p), "city": _label(view, city) if city else None, "province": province})
        if not inside or not outside:
            continue
        ev = next(
            (d["evidence"][0] for p in parties for d in (view.get_edge_data(ag, p) or {}).values() if d.get("evidence")),
            None,
        )
        core_provinces = {x["province"] for x in inside}
        rows.append(
            {
                "agreement": _label(view, ag),
                "id": ag,
                "core": inside,
                "outside": outside,
                "cross_province": any(x["province"] and x["province"] not in core_provinces for x in outside),
                "sentence": ev["text"] if ev else None,
                "page": ev.get("page", "") if ev else "",
            }
        )
    rows.sort(key=lambda r: (r["agreement"], r["id"]))
    return rows


def _parts(view: nx.MultiDiGraph, n: str) -> list[str]:
    return sorted({u for u, _v, k in view.in_edges(n, keys=True) if k == "partOf" and u != n})


def _descendants(view: nx.MultiDiGraph, n: str, memo: dict) -> frozenset:
    if n in memo:
        return memo[n]
    memo[n] = frozenset()  # cycle guard
    acc = set()
    for c in _parts(view, n):
        acc.add(c)
        acc |= _descendants(view, c, memo)
    acc.discard(n)
    memo[n] = frozenset(acc)
    return memo[n]


def program_tree(view: nx.MultiDiGraph, root: str) -> dict:
    """The ``partOf`` tree under ``root`` (label or IRI): components, their projects.

    Children are the entities that are part of a node, sorted by label; a child that
    is also part of one of its siblings appears only under that sibling (transitive
    reduction), so 长株潭算力提质工程 sits under 云上算力网, not twice.  Each node:
    ``id``, ``label``, ``type``, ``cls``, ``descendants`` (count), ``children``.
    """
    memo: dict = {}
    r = find_node(view, root)

    def build(n: str, path: frozenset) -> dict:
        kids = [c for c in _parts(view, n) if c not in path]
        reduced = [c for c in kids if not any(c in _descendants(view, d, memo) for d in kids if d != c)]
        reduced.sort(key=lambda c: (_label(view, c), c))
        a = view.nodes[n]
        return {
            "id": n,
            "label": _label(view, n),
            "type": a.get("type"),
            "cls": a.get("cls"),
            "descendants": len(_descendants(view, n, memo) - {n}),
            "children": [build(c, path | {c}) for c in reduced],
        }

    return build(r, frozenset({r}))


def program_trees(view: nx.MultiDiGraph) -> list[dict]:
    """:func:`program_tree` of every top-level Program (one not part of another Program)."""
    programs = [n for n, c in view.nodes(data="cls") if c == "Program"]
    roots = []
    memo: dict = {}
    for p in programs:
        inside = any(p in _descendants(view, q, memo) for q in programs if q != p)
        if not inside:
            roots.append(p)
    roots.sort(key=lambda n: (_label(view, n), n))
    return [program_tree(view, r) for r in roots]


def tree_lines(tree: dict, indent: str = "") -> list[str]:
    """A program tree as indented text lines.

    >>> print("\\n".join(tree_lines({"label": "A", "cls": "Program", "descendants": 1,
    ...   "children": [{"label": "B", "cls": "Project", "descendants": 0, "children": []}]})))
    A [Program] (1 parts)
      B [Project]
    """
    extra = f" ({tree['descendants']} parts)" if tree.get("descendants") else ""
    lines = [f"{indent}{tree['label']} [{tree.get('cls')}]{extra}"]
    for c in tree.get("children", ()):
        lines += tree_lines(c, indent + "  ")
    return lines


def _rdf_label(g: Graph, node) -> str | None:
    if node is None:
        return None
    found = {}
    for lab in g.objects(node, RDFS.label):
        found.setdefault(getattr(lab, "language", None) or "", []).append(str(lab))
    for lang in ("zh", "", "en"):
        if found.get(lang):
            return sorted(found[lang])[0]
    return _local(node).rsplit("/", 1)[-1]


class _ClaimFacts:
    """What :func:`claims_table` reads of a :class:`graph.rdf.TripleIndex`, gathered in
    a few passes over its triples (claims, ``partOf`` and labels; then, over the triples of
    the predicates it reads only, the claims' properties and the evidence, documents and
    pages they point to) instead of indexing a million
    statements by subject and by predicate.  Objects keep the triples' order, so
    :meth:`value` and :meth:`objects` answer exactly as the index does."""

    _CLAIM = (CZT.claimSubject, CZT.evidence, CZT.document, CZT.enumeratedItem, CZT.enumeratedCount,
              CZT.claimedCount, CZT.countUnit, CZT.countedNoun)
    _POINTED = (CZT.document, NIF.anchorOf, NIF.beginIndex, DCTERMS.title, CZT.page, CZT.fileName)

    def __init__(self, index) -> None:
        triples = index._triples
        part_of, label, rdf_type, claim_class = CZT.partOf, RDFS.label, RDF.type, CZT.Claim
        read = set(self._CLAIM) | set(self._POINTED)
        follow = {CZT.evidence, CZT.document, CZT.page}
        self.part_pairs: list = []
        self.claims: list = []
        self.labels: dict = defaultdict(list)
        # what each predicate object is for, and whether an object is czt:Claim, by id:
        # the triples keep every term alive, and comparing two objects of one IRI
        # otherwise runs rdflib's __eq__ in Python, once per triple
        route: dict = {}  # id of a predicate object -> (1 partOf, 2 label, 3 type, 0 other; read; followed)
        is_claim: dict = {}
        readable: list = []  # the triples of a predicate read below, in order: the later passes' only input
        for t in triples:
            p = t[1]
            r = route.get(id(p))
            if r is None:
                r = route[id(p)] = (1 if p == part_of else 2 if p == label else 3 if p == rdf_type else 0, p in read, p in follow)
            if r[1]:
                readable.append(t)
            kind = r[0]
            if kind == 1:
                self.part_pairs.append((t[0], t[2]))
            elif kind == 2:
                self.labels[t[0]].append(t[2])
            elif kind == 3:
                o = t[2]
                c = is_claim.get(id(o))
                if c is None:
                    c = is_claim[id(o)] = o == claim_class
                if c:
                    self.claims.append(t[0])
        # the claims' properties, then what they point to (evidence → document → page)
        facts: dict = {}
        wanted, done = set(self.claims), set()
        while wanted:
            found: set = set()
            for t in readable:
                if t[0] in wanted:
                    facts.setdefault((t[0], t[1]), []).append(t[2])
                    if route[id(t[1])][2]:
                        found.add(t[2])
            done |= wanted
            wanted = found - done
        self.facts = facts

    def subject_objects(self, predicate):
        assert predicate == CZT.partOf
        return iter(self.part_pairs)

    def subjects(self, predicate, obj):
        assert predicate == RDF.type and obj == CZT.Claim
        return iter(self.claims)

    def objects(self, subject, predicate):
        if predicate == RDFS.label:
            return iter(self.labels.get(subject, ()))
        return iter(self.facts.get((subject, predicate), ()))

    def value(self, subject, predicate):
        for o in self.objects(subject, predicate):
            return o
        return None


def _values(g, nodes: list, predicate) -> list:
    """``g.value(node, predicate)`` of each of ``nodes`` (None for a node that is None)."""
    return [g.value(n, predicate) if n is not None else None for n in nodes]


def claims_table(g: Graph) -> list[dict]:
    """Every numeric claim beside what the text enumerates and what the graph names.

    Each row: ``claimed`` (the number in the text), ``unit``, ``noun``, ``subject``
    (zh label of what the count is about, or None) and ``subject_id``,
    ``enumerated`` (items the same sentence names) with their labels in ``items``,
    ``named_parts``/``parts`` (entities the whole graph records as part of the
    subject, transitively), ``sentence``, ``start``, ``doc``, ``doc_title``, ``page``.
    Sorted by page, document and position.
    """
    if getattr(g, "statements", None) is not None:  # the build's arrays: read as arrays
        from .dump_projection import claims_rows

        return claims_rows(g.statements)
    if hasattr(g, "_triples"):  # a graph.rdf.TripleIndex: two passes instead of its indexes
        g = _ClaimFacts(g)
    parts_of: dict = defaultdict(set)
    for s, o in g.subject_objects(CZT.partOf):
        parts_of[o].add(s)
    claims = list(set(g.subjects(RDF.type, CZT.Claim)))
    # each claim's single values, a property at a time
    subject, ev, own_doc, enumerated, claimed, unit, noun = (
        _values(g, claims, p) for p in (CZT.claimSubject, CZT.evidence, CZT.document, CZT.enumeratedCount,
                                         CZT.claimedCount, CZT.countUnit, CZT.countedNoun))
    ev_doc, sentence, start = (_values(g, ev, p) for p in (CZT.document, NIF.anchorOf, NIF.beginIndex))
    doc = [d if d is not None else e for d, e in zip(own_doc, ev_doc)]  # the evidence's document when it names none
    page, doc_title = _values(g, doc, CZT.page), _values(g, doc, DCTERMS.title)
    page_file = _values(g, page, CZT.fileName)
    labels: dict = {}  # node -> its label: items and parts recur in thousands of claims

    def label(x):
        found = labels.get(x)
        if found is None:
            found = labels[x] = _rdf_label(g, x) or ""
        return found

    parts_of_subject: dict = {}
    rows = []
    for i, c in enumerate(claims):
        items = sorted(label(x) for x in g.objects(c, CZT.enumeratedItem))
        count = _int_or_none(enumerated[i])
        parts = parts_of_subject.get(subject[i])
        if parts is None:
            parts = parts_of_subject[subject[i]] = sorted(label(x) for x in part_descendants(parts_of, subject[i])) \
                if subject[i] is not None else []
        rows.append(
            {
                "claimed": _int_or_none(claimed[i]) or 0,
                "unit": str(unit[i] or ""),
                "noun": str(noun[i] or ""),
                "subject": _rdf_label(g, subject[i]),
                "subject_id": str(subject[i]) if subject[i] is not None else None,
                "enumerated": count if count is not None else len(items),
                "items": items,
                "named_parts": len(parts),
                "parts": list(parts),
                "sentence": str(sentence[i] or "") if ev[i] is not None else "",
                "start": _int_or_none(start[i]) if ev[i] is not None else None,
                "doc": str(doc[i]) if doc[i] is not None else "",
                "doc_title": str(doc_title[i] or "") if doc[i] is not None else "",
                "page": str(page_file[i] or "") if page[i] is not None else "",
            }
        )
    return sorted(rows, key=claim_order)


def part_descendants(parts_of: dict, n) -> set:
    """Everything ``partOf`` ``n``, transitively (``parts_of``: a node -> its direct parts),
    without ``n`` itself where a cycle leads back to it.

    >>> sorted(part_descendants({"省": {"市"}, "市": {"区", "省"}}, "省"))
    ['区', '市']
    """
    acc, stack = set(), [n]
    while stack:
        for c in parts_of.get(stack.pop(), ()):
            if c not in acc and c != n:
                acc.add(c)
                stack.append(c)
    return acc


def claim_order(row: dict) -> tuple:
    """The claims table's order: by page, document and position (then noun, count, subject)."""
    return (row["page"], row["doc"], row["start"] if row["start"] is not None else -1, row["noun"], row["claimed"],
            row["subject_id"] or "")


def city_agency_graph(
    view: nx.MultiDiGraph, cities: Iterable[str] | None = None, categories: Iterable[str] = ("agencies",), include_empty: bool = False
) -> nx.Graph:
    """Bipartite graph: cities (``bipartite=0``) and what their portfolio holds
    in ``categories`` (``bipartite=1``), edges carrying the ``via`` chain.
    Cities with nothing in those categories are left out unless ``include_empty``."""
    categories = tuple(categories)
    portfolio = city_portfolio(view, cities)
    b = nx.Graph()
    for city, entry in portfolio.items():
        if not include_empty and not any(entry.get(cat) for cat in categories):
            continue
        b.add_node(entry["id"], label=city, bipartite=0, type=view.nodes[entry["id"]].get("type"))
        for cat in categories:
            for item in entry.get(cat, ()):
                b.add_node(item["id"], label=item["label"], bipartite=1, type=view.nodes[item["id"]].get("type"), category=cat)
                b.add_edge(entry["id"], item["id"], via=item["via"])
    return b


# ============================================================================ summary


def _highest(scores: dict, n: int) -> list[tuple]:
    """The items of ``scores`` whose score is among the ``n`` highest, ties at the
    ``n``-th included: all that the first ``n`` of any order by falling score can hold
    (the summary ranks ~27,000 nodes for its top 15, a label looked up for each).

    >>> sorted(_highest({"a": 3, "b": 1, "c": 2, "d": 2}, 2))
    [('a', 3), ('c', 2), ('d', 2)]
    """
    if len(scores) <= n or n <= 0:  # (n <= 0: the caller's slice decides)
        return list(scores.items())
    values = list(scores.values())
    if any(v != v for v in values):  # a NaN orders nothing: every item, as a full sort sees them
        return list(scores.items())
    nth = heapq.nlargest(n, values)[-1]
    return [(k, v) for k, v in scores.items() if v >= nth]


def summarize(view: nx.MultiDiGraph, g: Graph | None = None, top: int = 15, precomputed: Metrics | None = None) -> dict:
    """The findings written to ``analysis.json``: deterministic and JSON-serialisable.

    Keys: ``nodes``, ``edges``, ``entities_by_type``, ``edges_by_predicate``,
    ``projection`` (see :func:`projection_report`), ``components``, ``degree``,
    ``betweenness`` (+ ``betweenness_samples``: None when exact), ``pagerank``
    (ranked lists of ``{"id", "label", "score"}``), ``communities`` (sorted label
    lists, largest first) and ``community_summary``, ``bridges``,
    ``articulation_points``, ``portfolios`` (per city: counts and items),
    ``cross_boundary_ties``, ``program_trees``, ``claims`` (needs ``g``).
    ``precomputed``: the :func:`metrics` of ``view`` if already computed.
    """
    m = precomputed if precomputed is not None else metrics(view)
    simple = m["simple"]
    degree, between, samples, pr, comm = m["degree"], m["betweenness"], m["betweenness_samples"], m["pagerank"], m["communities"]

    def label(n: str) -> str:
        return _label(view, n)

    def ranked(scores: dict, n: int = top) -> list[dict]:
        rows = sorted(_highest(scores, n), key=lambda kv: (-kv[1], label(kv[0]), kv[0]))[:n]
        return [{"id": k, "label": label(k), "score": round(float(v), 6)} for k, v in rows]

    by_type: Counter = Counter(t for _n, t in view.nodes(data="type"))
    by_predicate: Counter = Counter(k for _u, _v, k in view.edges(keys=True))
    groups: dict = defaultdict(list)
    for n, c in comm.items():
        groups[c].append(n)
    components = sorted((len(c) for c in nx.connected_components(simple)), reverse=True)
    cuts = _cuts(simple)  # one search for both
    bridge_rows = _bridges(simple, cuts)
    cut = _articulation_points(simple, cuts)
    anchored = _AnchorsOnce()  # one search for the portfolios and the ties
    portfolios = city_portfolio(view, anchored=anchored)
    trees = program_trees(view)
    claims = claims_table(g) if g is not None else []
    claims_by_subject: dict = defaultdict(list)
    for c in claims:
        if c["subject_id"]:
            claims_by_subject[c["subject_id"]].append({k: c[k] for k in ("claimed", "unit", "noun", "enumerated", "named_parts")})
    limit = max(top, 50)
    return {
        "nodes": view.number_of_nodes(),
        "edges": view.number_of_edges(),
        "entities_by_type": dict(sorted(by_type.items())),
        "edges_by_predicate": dict(sorted(by_predicate.items())),
        "projection": projection_report(view),
        "components": {"count": len(components), "largest": components[0] if components else 0, "sizes": components[:top]},
        "degree": ranked(degree),
        "betweenness": ranked(between),
        "betweenness_samples": samples,
        "pagerank": ranked(pr),
        "communities": [sorted(label(n) for n in groups[c]) for c in sorted(groups)],
        "community_summary": [
            {
                "id": c,
                "size": len(groups[c]),
                "top": [label(n) for n in sorted(groups[c], key=lambda n: (-degree.get(n, 0), label(n), n))[:5]],
                "types": dict(sorted(Counter(view.nodes[n].get("type") for n in groups[c]).items())),
            }
            for c in sorted(groups)[:limit]
        ],
        "bridges": {"count": len(bridge_rows), "top": bridge_rows[:top]},
        "articulation_points": {
            "count": len(cut),
            "top": ranked({n: between.get(n, 0.0) for n in cut}),
        },
        "portfolios": {
            city: {
                "id": entry["id"],
                "province": entry["province"],
                "counts": {cat: len(entry[cat]) for cat in PORTFOLIO_CATEGORIES},
                **{cat: [{"label": i["label"], "via": i["via"]} for i in entry[cat][:limit]] for cat in PORTFOLIO_CATEGORIES},
            }
            for city, entry in portfolios.items()
        },
        "cross_boundary_ties": cross_boundary_ties(view, anchored=anchored)[:limit],
        "program_trees": [dict(t, claims=claims_by_subject.get(t["id"], [])) for t in trees[:limit]],
        "claims": claims,
    }


def report_lines(summary: dict) -> list[str]:
    """The human-readable top findings of :func:`summarize`, one per line."""
    lines = [f"Entities: {summary['nodes']}, relations: {summary['edges']}"]
    lines.append("By type: " + ", ".join(f"{k} {v}" for k, v in summary["entities_by_type"].items()))
    if summary.get("edges_by_predicate"):
        lines.append("By relation: " + ", ".join(f"{k} {v}" for k, v in summary["edges_by_predicate"].items()))
    lines.append("Most connected: " + ", ".join(f"{r['label']} ({int(r['score'])})" for r in summary["degree"][:8]))
    lines.append("Brokers (betweenness): " + ", ".join(r["label"] for r in summary["betweenness"][:5]))
    if summary.get("pagerank"):
        lines.append("Most central (PageRank): " + ", ".join(r["label"] for r in summary["pagerank"][:5]))
    comps = summary.get("components")
    if comps:
        lines.append(f"Connected components: {comps['count']} (largest {comps['largest']} entities)")
    lines.append(f"Communities: {len(summary['communities'])}")
    for c in summary.get("community_summary", [])[:5]:
        lines.append(f"  community {c['id']} ({c['size']}): " + ", ".join(c["top"]))
    b = summary.get("bridges")
    if b and b["count"]:
        top_b = b["top"][0]
        lines.append(
            f"Bridges: {b['count']}; the biggest cut: {top_b['u_label']} — {top_b['v_label']} ({'/'.join(top_b['predicates'])}) "
            f"holds {top_b['separates']} entities"
        )
    ap = summary.get("articulation_points")
    if ap and ap["count"]:
        lines.append(f"Articulation points: {ap['count']}; most critical: " + ", ".join(r["label"] for r in ap["top"][:5]))
    for city, p in summary.get("portfolios", {}).items():
        counts = ", ".join(f"{k} {v}" for k, v in p["counts"].items() if v)
        lines.append(f"Portfolio {city}: {counts or 'nothing'}")
    for t in summary.get("cross_boundary_ties", []):
        inside = "、".join(x["party"] for x in t["core"])
        outside = "、".join(x["party"] + (f" ({x['city']})" if x["city"] else "") for x in t["outside"])
        flag = " [cross-province]" if t["cross_province"] else ""
        lines.append(f"Cross-boundary: {t['agreement']}: {inside} + {outside}{flag}")
    for t in summary.get("program_trees", []):
        claimed = "; ".join(f"claimed {c['claimed']}{c['unit']}{c['noun']}" for c in t.get("claims", []))
        lines.append(f"Program {t['label']}: {len(t['children'])} components, {t['descendants']} named parts" + (f" ({claimed})" if claimed else ""))
    for c in summary["claims"]:
        who = f"{c['subject']}: " if c["subject"] else ""
        extra = f"; {c['named_parts']} parts in the graph" if c.get("named_parts") else ""
        lines.append(f"Claim: {who}{c['claimed']}{c['unit']}{c['noun']} — {c['enumerated']} named{extra}")
    return lines


def _md(text) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def report_markdown(summary: dict, title: str = "czt-kg relationship analysis") -> str:
    """``analysis.md``: the top findings of :func:`summarize` as Markdown."""
    out = [f"# {title}", "", "## Findings", ""]
    out += [f"- {_md(line.strip())}" for line in report_lines(summary) if not line.startswith("Claim:")]
    out += ["", "## Centrality", "", "| rank | degree | betweenness | PageRank |", "|---:|---|---|---|"]
    for i in range(max(len(summary["degree"]), len(summary["betweenness"]), len(summary["pagerank"]))):
        cells = []
        for key, fmt in (("degree", "{:.0f}"), ("betweenness", "{:.3f}"), ("pagerank", "{:.3f}")):
            rows = summary[key]
            cells.append(f"{_md(rows[i]['label'])} ({fmt.format(rows[i]['score'])})" if i < len(rows) else "")
        out.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    if summary.get("betweenness_samples"):
        out += ["", f"Betweenness estimated from {summary['betweenness_samples']} seeded pivots."]
    if summary.get("portfolios"):
        out += ["", "## City portfolios", "", "| city | province | " + " | ".join(PORTFOLIO_CATEGORIES) + " |",
                "|---|---|" + "---:|" * len(PORTFOLIO_CATEGORIES)]  # fmt: skip
        for city, p in summary["portfolios"].items():
            out.append(f"| {_md(city)} | {_md(p['province'])} | " + " | ".join(str(p["counts"][c]) for c in PORTFOLIO_CATEGORIES) + " |")
        for city, p in summary["portfolios"].items():
            items = [f"{i['label']}" for cat in ("agreements", "projects") for i in p[cat]]
            if items:
                out.append(f"\n**{_md(city)}** agreements and projects: " + "、".join(_md(x) for x in items))
    if summary.get("cross_boundary_ties"):
        out += ["", "## Cross-boundary ties", "", "| agreement | 长株潭 parties | outside parties | cross-province | sentence |", "|---|---|---|---|---|"]
        for t in summary["cross_boundary_ties"]:
            inside = "、".join(f"{x['party']} ({x['city']})" for x in t["core"])
            outside = "、".join(x["party"] + (f" ({x['city']})" if x["city"] else "") for x in t["outside"])
            out.append(f"| {_md(t['agreement'])} | {_md(inside)} | {_md(outside)} | {'yes' if t['cross_province'] else 'no'} | {_md(t['sentence'])} |")
    if summary.get("program_trees"):
        out += ["", "## Program trees", "", "```"]
        for t in summary["program_trees"]:
            out += tree_lines(t)
        out += ["```"]
    if summary.get("claims"):
        out += ["", "## Claimed vs. named", "", "| claim | subject | claimed | enumerated in the sentence | parts in the graph | sentence |",
                "|---|---|---:|---:|---:|---|"]  # fmt: skip
        for c in summary["claims"]:
            out.append(
                f"| {_md(str(c['claimed']) + c['unit'] + c['noun'])} | {_md(c['subject'] or '')} | {c['claimed']} | {c['enumerated']} | "
                f"{c['named_parts']} | {_md(c['sentence'])} |"
            )
    b = summary.get("bridges")
    if b and b["top"]:
        out += ["", "## Bridges (largest cut first)", "", "| entity | entity | relation | entities cut off |", "|---|---|---|---:|"]
        for r in b["top"]:
            out.append(f"| {_md(r['u_label'])} | {_md(r['v_label'])} | {'/'.join(r['predicates'])} | {r['separates']} |")
    p = summary.get("projection")
    if p:
        out += ["", "## Projection", "", "What the networkx projection kept and dropped:", ""]
        out += [f"- {k}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in p.items()]
    return "\n".join(out) + "\n"


# ============================================================================ exports


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_graph(view: nx.MultiDiGraph, with_metrics: bool | Metrics = True) -> nx.MultiDiGraph:
    """A copy with scalar attributes only, for GraphML/GEXF (Gephi).

    Lists and dicts become JSON strings, None becomes ""; edges get unique keys
    ``e0``, ``e1`` … (in sorted order) and a ``label`` (the zh predicate name), plus
    ``evidence_count`` and ``sentence`` (the first evidence sentence).  With
    ``with_metrics`` (True or a precomputed :func:`metrics`), nodes carry
    ``degree``, ``betweenness``, ``pagerank``, ``community``.
    """
    out = nx.MultiDiGraph()
    m = _metrics_arg(view, with_metrics)
    scores = centrality(view, precomputed=m) if m else {}
    comm = m["communities"] if m else {}
    for n in sorted(view, key=str):
        attrs = {k: _scalar(v) for k, v in sorted(view.nodes[n].items())}
        if m:
            s = scores[n]
            attrs.update(
                degree=int(s["degree"]),
                betweenness=round(float(s["betweenness"]), 6),
                pagerank=round(float(s["pagerank"]), 6),
                community=int(comm.get(n, -1)),
            )
        out.add_node(str(n), **attrs)
    edges = sorted(view.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for i, (u, v, k, d) in enumerate(edges):
        attrs = {key: _scalar(val) for key, val in sorted(d.items()) if key != "label"}
        ev = d.get("evidence") or []
        attrs["label"] = d.get("label_zh") or d.get("predicate") or str(k)
        attrs["evidence_count"] = len(ev)
        attrs["sentence"] = ev[0].get("text", "") if ev else ""
        out.add_edge(str(u), str(v), key=f"e{i}", **attrs)
    return out


def _metrics_arg(view: nx.MultiDiGraph, with_metrics: bool | Metrics) -> Metrics | None:
    if isinstance(with_metrics, Metrics):
        return with_metrics
    return metrics(view) if with_metrics else None


def graphml_bytes(view: nx.MultiDiGraph, with_metrics: bool | Metrics = True) -> bytes:
    """GraphML of :func:`export_graph` (UTF-8; same graph, same bytes)."""
    buf = io.BytesIO()
    nx.write_graphml_xml(export_graph(view, with_metrics), buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue()


def gexf_bytes(view: nx.MultiDiGraph, with_metrics: bool | Metrics = True) -> bytes:
    """GEXF 1.2 of :func:`export_graph` for Gephi, without the date stamp networkx adds."""
    from networkx.readwrite.gexf import GEXFWriter

    g = export_graph(view, with_metrics)
    # our unique edge keys become the GEXF edge ids
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    for u, v, k, d in g.edges(keys=True, data=True):
        d["id"] = k
    writer.add_graph(g)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def node_table(view: nx.MultiDiGraph, with_metrics: bool | Metrics = True):
    """Entities as a pandas DataFrame, one row per node (pandas imported here).

    Columns: ``id``, ``label``, ``label_en``, ``type``, ``cls``, ``pinyin``,
    ``aliases`` (joined with "、"), ``mentions`` (count); with ``with_metrics`` also
    ``degree``, ``in_degree``, ``out_degree``, ``betweenness``, ``pagerank``,
    ``community``.  Sorted by label, then IRI.
    """
    import pandas as pd

    m = _metrics_arg(view, with_metrics)
    scores = centrality(view, precomputed=m) if m else {}
    comm = m["communities"] if m else {}
    rows = []
    for n in sorted(view, key=lambda n: (_label(view, n), n)):
        a = view.nodes[n]
        row = {
            "id": n,
            "label": _label(view, n),
            "label_en": a.get("label_en") or "",
            "type": a.get("type"),
            "cls": a.get("cls"),
            "pinyin": a.get("pinyin") or "",
            "aliases": "、".join(a.get("aliases") or ()),
            "mentions": len(a.get("mentions") or ()),
        }
        if m:
            row.update(scores[n], community=comm.get(n, -1))
        rows.append(row)
    columns = ["id", "label", "label_en", "type", "cls", "pinyin", "aliases", "mentions"]
    if m:
        columns += ["degree", "in_degree", "out_degree", "betweenness", "pagerank", "community"]
    return pd.DataFrame(rows, columns=columns)


def edge_table(view: nx.MultiDiGraph, per_evidence: bool = False):
    """Relations as a pandas DataFrame (pandas imported here).

    One row per typed edge (or, with ``per_evidence``, per evidence sentence):
    ``source``, ``source_label``, ``predicate``, ``label_zh``, ``target``,
    ``target_label``, ``lexicon``, ``evidence_count``, ``sentence``, ``doc_title``,
    ``page``.
    """
    import pandas as pd

    rows = []
    for u, v, k, d in sorted(view.edges(keys=True, data=True), key=lambda e: (_label(view, e[0]), e[2], _label(view, e[1]), e[0], e[1])):
        ev = d.get("evidence") or []
        base = {
            "source": u,
            "source_label": _label(view, u),
            "predicate": d.get("predicate", k),
            "label_zh": d.get("label_zh") or "",
            "target": v,
            "target_label": _label(view, v),
            "lexicon": bool(d.get("lexicon")),
            "evidence_count": len(ev),
        }
        chosen = ev if per_evidence and ev else ev[:1] or [None]
        for e in chosen:
            rows.append(dict(base, sentence=e["text"] if e else "", doc_title=e.get("doc_title", "") if e else "", page=e.get("page", "") if e else ""))
    columns = ["source", "source_label", "predicate", "label_zh", "target", "target_label", "lexicon", "evidence_count", "sentence", "doc_title", "page"]
    return pd.DataFrame(rows, columns=columns)


def query_frame(result):
    """A SPARQL SELECT result (``graph.query.run_query``) as a pandas DataFrame of strings."""
    import pandas as pd

    names = [str(v) for v in result.vars]
    return pd.DataFrame([["" if r[v] is None else str(r[v]) for v in result.vars] for r in result], columns=names)


ANALYSIS_FILES = ("analysis.json", "analysis.md", "graph.graphml", "graph.gexf")


def write_analysis(g: Graph, out: Path, top: int = 15) -> tuple[dict, list[Path]]:
    """Project ``g`` and write :data:`ANALYSIS_FILES` into ``out`` (atomically)."""
    from . import outputs

    out = Path(out)
    view = project(g)
    m = metrics(view)
    summary = summarize(view, g, top=top, precomputed=m)
    produce = {
        "analysis.json": lambda: outputs.json_bytes(summary),
        "analysis.md": lambda: report_markdown(summary).encode("utf-8"),
        "graph.graphml": lambda: graphml_bytes(view, m),
        "graph.gexf": lambda: gexf_bytes(view, m),
    }
    written = []
    for name in ANALYSIS_FILES:
        outputs.atomic_write_bytes(out / name, produce[name]())
        written.append(out / name)
    return summary, written


__all__ = [
    "project",
    "projection_report",
    "simple_view",
    "pagerank",
    "betweenness",
    "Metrics",
    "metrics",
    "centrality",
    "communities",
    "bridges",
    "articulation_points",
    "find_node",
    "ego_network",
    "shortest_path",
    "explain_path",
    "format_path",
    "city_portfolio",
    "cross_boundary_ties",
    "program_tree",
    "program_trees",
    "tree_lines",
    "claims_table",
    "city_agency_graph",
    "summarize",
    "report_lines",
    "report_markdown",
    "export_graph",
    "graphml_bytes",
    "gexf_bytes",
    "node_table",
    "edge_table",
    "query_frame",
    "write_analysis",
]
