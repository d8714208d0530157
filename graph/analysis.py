"""Analysis stage: the RDF graph projected to networkx, and relationship metrics.

:func:`project` keeps what matters for relationship analysis and says what it drops:
entities become nodes (type, labels, pinyin, aliases, the sentences they are
mentioned in); every entity-to-entity fact becomes a typed edge of a
``MultiDiGraph`` (predicate kept, parallel edges kept, evidence as edge data);
literals, documents, mentions and provenance nodes are not nodes.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("a", "b", key="partOf")
'partOf'
>>> sorted(simple_view(g).edges())
[('a', 'b')]
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .ontology import term_label
from .vocab import CZT, ITSRDF, NIF

#: Predicates that link two entities (the edges of the projection).
ENTITY_PREDICATES = ("partOf", "locatedIn", "signatory", "participant", "organizer", "issuedBy", "heldIn", "about", "memberOf")
MAX_MENTIONS_PER_NODE = 20


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def project(g: Graph) -> nx.MultiDiGraph:
    """Entities and their relations as a MultiDiGraph (see module docstring)."""
    view = nx.MultiDiGraph()
    coarse = {str(v): str(s) for s, v in g.subject_objects(CZT.coarseType)}
    for iri, typ in sorted(coarse.items()):
        s = URIRef(iri)
        labels = {getattr(l, "language", None): str(l) for l in g.objects(s, RDFS.label)}
        classes = sorted(_local(c) for c in g.objects(s, RDF.type) if str(c).startswith(str(CZT._NS)))
        fine = [c for c in classes if c != typ] or [typ]
        view.add_node(
            iri,
            label=labels.get("zh", iri),
            label_en=labels.get("en"),
            pinyin=str(g.value(s, CZT.pinyin) or ""),
            type=typ,
            cls=fine[0],
            aliases=sorted(str(a) for a in g.objects(s, SKOS.altLabel)),
            mentions=[],
        )
    doc_titles = {str(d): str(t) for d, t in g.subject_objects(DCTERMS.title)}
    doc_pages = {str(d): str(g.value(p, CZT.fileName) or "") for d, p in g.subject_objects(CZT.page)}

    # mentions: the sentences each entity is named in
    sentence_of = _sentences_by_doc(g)
    seen = defaultdict(set)
    for m in sorted(g.subjects(RDF.type, CZT.Mention)):
        ent, doc = str(g.value(m, ITSRDF.taIdentRef)), str(g.value(m, CZT.document))
        if ent not in view:
            continue
        start = int(g.value(m, NIF.beginIndex))
        sentence = _covering(sentence_of.get(doc, []), start) or str(g.value(m, NIF.anchorOf))
        if (doc, sentence) in seen[ent] or len(seen[ent]) >= MAX_MENTIONS_PER_NODE:
            continue
        seen[ent].add((doc, sentence))
        view.nodes[ent]["mentions"].append(
            {"doc": doc, "doc_title": doc_titles.get(doc, ""), "page": doc_pages.get(doc, ""), "sentence": sentence}
        )

    # edges: one per (subject, predicate, object), evidence from every assertion of it
    evidence = defaultdict(list)
    for a in g.subjects(RDF.type, CZT.Assertion):
        key = (str(g.value(a, RDF.subject)), _local(g.value(a, RDF.predicate)), str(g.value(a, RDF.object)))
        ev = g.value(a, CZT.evidence)
        if ev is None:
            continue
        doc = str(g.value(a, CZT.document))
        evidence[key].append(
            {
                "text": str(g.value(ev, NIF.anchorOf)),
                "doc": doc,
                "doc_title": doc_titles.get(doc, ""),
                "page": doc_pages.get(doc, ""),
                "start": int(g.value(ev, NIF.beginIndex)),
                "end": int(g.value(ev, NIF.endIndex)),
            }
        )
    for pred in ENTITY_PREDICATES:
        for s, o in sorted(g.subject_objects(CZT[pred])):
            if str(s) in view and str(o) in view:
                ev = sorted(evidence.get((str(s), pred, str(o)), []), key=lambda e: (e["doc"], e["start"]))
                view.add_edge(
                    str(s),
                    str(o),
                    key=pred,
                    predicate=pred,
                    label_zh=term_label(pred, "zh"),
                    label_en=term_label(pred, "en"),
                    evidence=ev,
                )
    return view


def _sentences_by_doc(g: Graph) -> dict[str, list[tuple[int, int, str]]]:
    out = defaultdict(list)
    for ev in g.subjects(RDF.type, CZT.Evidence):
        out[str(g.value(ev, CZT.document))].append(
            (int(g.value(ev, NIF.beginIndex)), int(g.value(ev, NIF.endIndex)), str(g.value(ev, NIF.anchorOf)))
        )
    for v in out.values():
        v.sort()
    return out


def _covering(sents: list[tuple[int, int, str]], pos: int) -> str | None:
    for s, e, text in sents:
        if s <= pos < e:
            return text
    return None


def simple_view(view: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph for metrics (parallel edges merged, predicates listed)."""
    g = nx.Graph()
    g.add_nodes_from(view.nodes(data=True))
    for u, v, k in view.edges(keys=True):
        if u == v:
            continue
        if g.has_edge(u, v):
            g[u][v]["predicates"] = sorted(set(g[u][v]["predicates"]) | {k})
        else:
            g.add_edge(u, v, predicates=[k])
    return g


def communities(view: nx.MultiDiGraph, seed: int = 42) -> dict[str, int]:
    """Louvain communities (fixed seed), numbered by size then by first member."""
    simple = simple_view(view)
    if simple.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(simple))}
    parts = nx.community.louvain_communities(simple, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(parts) for n in p}


def summarize(view: nx.MultiDiGraph, g: Graph | None = None, top: int = 15) -> dict:
    """Degree, betweenness, PageRank, communities and claimed-vs-enumerated counts."""
    simple = simple_view(view)
    degree = dict(simple.degree())
    between = nx.betweenness_centrality(simple) if simple.number_of_nodes() else {}
    pagerank = nx.pagerank(simple) if simple.number_of_edges() else {}
    comm = communities(view)

    def label(n: str) -> str:
        return view.nodes[n].get("label", n)

    def ranked(scores: dict) -> list[dict]:
        rows = sorted(scores.items(), key=lambda kv: (-kv[1], label(kv[0]), kv[0]))[:top]
        return [{"id": n, "label": label(n), "score": round(float(v), 6)} for n, v in rows]

    by_type: dict[str, int] = defaultdict(int)
    for _n, t in view.nodes(data="type"):
        by_type[t] += 1
    by_predicate: dict[str, int] = defaultdict(int)
    for _u, _v, k in view.edges(keys=True):
        by_predicate[k] += 1
    groups = defaultdict(list)
    for n, c in comm.items():
        groups[c].append(label(n))
    return {
        "nodes": view.number_of_nodes(),
        "edges": view.number_of_edges(),
        "entities_by_type": dict(sorted(by_type.items())),
        "edges_by_predicate": dict(sorted(by_predicate.items())),
        "degree": ranked(degree),
        "betweenness": ranked(between),
        "pagerank": ranked(pagerank),
        "communities": [sorted(groups[c]) for c in sorted(groups)],
        "claims": claims_table(g) if g is not None else [],
    }


def claims_table(g: Graph) -> list[dict]:
    """Every numeric claim beside what the text enumerates, with its sentence."""
    rows = []
    for c in g.subjects(RDF.type, CZT.Claim):
        subject = g.value(c, CZT.claimSubject)
        ev = g.value(c, CZT.evidence)
        rows.append(
            {
                "claimed": int(g.value(c, CZT.claimedCount)),
                "unit": str(g.value(c, CZT.countUnit)),
                "noun": str(g.value(c, CZT.countedNoun)),
                "subject": str(g.value(subject, RDFS.label)) if subject is not None else None,
                "enumerated": int(g.value(c, CZT.enumeratedCount) or 0),
                "items": sorted(str(g.value(i, RDFS.label)) for i in g.objects(c, CZT.enumeratedItem)),
                "sentence": str(g.value(ev, NIF.anchorOf)) if ev is not None else "",
                "start": int(g.value(ev, NIF.beginIndex)) if ev is not None else None,
            }
        )
    return sorted(rows, key=lambda r: (r["sentence"], r["start"] or 0, r["noun"]))


def report_lines(summary: dict) -> list[str]:
    """The human-readable findings of :func:`summarize`."""
    lines = [f"Entities: {summary['nodes']}, relations: {summary['edges']}"]
    lines.append("By type: " + ", ".join(f"{k} {v}" for k, v in summary["entities_by_type"].items()))
    lines.append("Most connected: " + ", ".join(f"{r['label']} ({int(r['score'])})" for r in summary["degree"][:8]))
    lines.append("Brokers (betweenness): " + ", ".join(r["label"] for r in summary["betweenness"][:5]))
    lines.append(f"Communities: {len(summary['communities'])}")
    for c in summary["claims"]:
        who = f"{c['subject']}: " if c["subject"] else ""
        lines.append(f"Claim: {who}{c['claimed']}{c['unit']}{c['noun']} — {c['enumerated']} named")
    return lines


__all__ = ["project", "simple_view", "communities", "summarize", "claims_table", "report_lines"]
