"""RDF stage: the graph of a small page, compared as a graph with a reviewed golden file.

Set UPDATE_GOLDEN=1 to rewrite tests/data/golden_signing.ttl after a deliberate change
(then review the diff before committing).
"""

from __future__ import annotations

import os

import pytest

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from graph.build import load_lexicon
from graph.pipeline import run
from graph.validate import validate

from .conftest import DATA, FIXTURES

PAGE = FIXTURES / "golden_signing.txt"
GOLDEN = FIXTURES / "golden_signing.ttl"


def _built() -> Graph:
    kg = run([PAGE], load_lexicon(DATA), validate_graph=False)
    return kg.graph


def test_small_page_graph_matches_golden():
    got = _built()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(got.serialize(format="turtle", encoding="utf-8"))
    want = Graph().parse(GOLDEN, format="turtle")
    iso_got, iso_want = to_isomorphic(got), to_isomorphic(want)
    if iso_got != iso_want:
        _both, only_got, only_want = graph_diff(iso_got, iso_want)
        lines = ["graph differs from golden_signing.ttl:"]
        lines += [f"+ {t}" for t in sorted(only_got.serialize(format="nt").splitlines())[:40]]
        lines += [f"- {t}" for t in sorted(only_want.serialize(format="nt").splitlines())[:40]]
        raise AssertionError("\n".join(lines))


def test_small_page_graph_conforms_to_shapes():
    report = validate(_built())
    assert report.conforms, report.text()


def test_literals_keep_language_tags_and_types():
    g = _built()
    rows = list(
        g.query(
            """PREFIX czt: <https://w3id.org/czt-kg/ontology#>
               PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
               SELECT ?zh ?en ?lat WHERE { ?e rdfs:label ?zh, ?en ; geo:lat ?lat .
                 FILTER(lang(?zh) = "zh" && lang(?en) = "en" && str(?zh) = "萍乡市") }"""
        )
    )
    assert len(rows) == 1
    zh, en, lat = rows[0]
    assert str(en) == "Pingxiang"
    assert str(lat.datatype).endswith("#decimal")


def _ox_nquads(quads) -> bytes:
    """The reference: Oxigraph's own N-Quads of ``quads`` (rdflib terms, graph IRI or
    None), lines sorted and unique."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            return ox.Literal(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        raise TypeError(f"cannot write RDF term {t!r}")

    default = ox.DefaultGraph()
    raw = ox.serialize(
        [ox.Quad(term(s), term(p), term(o), default if g is None else term(g)) for s, p, o, g in quads],
        format=ox.RdfFormat.N_QUADS,
    )
    return b"\n".join(sorted({line for line in raw.split(b"\n") if line.strip()})) + b"\n"


def test_canonical_text_equals_oxigraph_escaping():
    """The N-Quads text written in Python is byte for byte Oxigraph's, tricky literals included."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from graph.outputs import CanonicalDump, TermWriter

    s, p, g = URIRef("https://w3id.org/czt-kg/id/x"), URIRef("https://w3id.org/czt-kg/ontology#p"), URIRef("https://w3id.org/czt-kg/doc/1")
    values = ["".join(chr(i) for i in range(0x80)), 'say "长沙"\\n', "tab\there\r\n", "\u2028\u2029\ufeff\u0085中文", "",
              "a <b> c", "x\x7fy", "end\\"]
    objects = [Literal(v) for v in values] + [Literal(v, lang="zh") for v in values[:3]]
    objects += [Literal("x", lang="zh-Hant"), Literal("x", datatype=XSD.string), Literal(5, datatype=XSD.integer),
                Literal("2024-12-10", datatype=XSD.date), Literal("27.1000", datatype=XSD.decimal),
                URIRef("https://w3id.org/czt-kg/id/中文"), URIRef("https://w3id.org/czt-kg/id/a%20b"), BNode("b0")]
    quads = [(s, p, o, gr) for o in objects for gr in (None, g)] + [(s, p, objects[0], None)]  # one duplicate
    dump = CanonicalDump(quads)
    assert dump.nquads() == _ox_nquads(quads)
    assert len(dump.lines) == 2 * len(objects)
    assert dump.ntriples() == _ox_nquads([(a, b, c, None) for a, b, c, _g in quads])
    for bad in ("https://w3id.org/x> <https://evil/y", "https://w3id.org/a b", "no-scheme", 'https://w3id.org/"'):
        try:
            TermWriter().term(URIRef(bad))
        except ValueError:
            pass
        else:
            raise AssertionError(f"{bad!r} was written as an IRI")
        # nor can it reach a line of the dump: as a subject, an object, a datatype or a graph
        for quad in [(URIRef(bad), p, s, None), (s, p, URIRef(bad), g), (s, p, Literal("1", datatype=URIRef(bad)), g),
                     (s, p, s, URIRef(bad))]:
            with pytest.raises(ValueError):
                CanonicalDump(batches=[quads[:3], [quad]])


def test_canonical_dump_of_a_build_equals_oxigraph():
    kg = run([PAGE], load_lexicon(DATA), validate_graph=False)
    from graph.outputs import CanonicalDump

    count = kg.triple_count  # from the statements' arrays: no rdflib Graph exists yet
    assert kg.built_graph is None
    dump = CanonicalDump(kg.quads)
    assert dump.nquads() == _ox_nquads(kg.quads) == kg.statements.nquads()
    assert len(dump.triples) == len(kg.graph) == count


def test_trig_order_kept_for_the_forks_is_the_order_made_on_demand():
    """A rebuild makes TriG's order once, before the writer and the validator fork: the
    TriG and the graphs' runs they read from it are those made without it."""
    from graph.outputs import CanonicalDump, prefixes_of

    kg = run([PAGE], load_lexicon(DATA), validate_graph=False)
    dump = CanonicalDump(kg.quads)
    prefixes = prefixes_of(kg.graph)
    made = [a.tolist() for a in dump.by_graph()]
    trig, runs = dump.trig(prefixes), [(g, n.tolist()) for g, n in dump.graph_runs()]
    assert len(runs) == 2 and made[0] == sorted(made[0])  # the default graph and the page's
    dump.keep_by_graph()
    assert [a.tolist() for a in dump.by_graph()] == made
    assert dump.by_graph() is dump.by_graph()  # kept, not made again
    assert dump.trig(prefixes) == trig and [(g, n.tolist()) for g, n in dump.graph_runs()] == runs


def test_released_texts_are_made_again_alike_and_ranks_still_found():
    """The build lets the terms' texts go before its analysis (the graph files are
    written, or being written by a fork); a rank is still found by text meanwhile, and
    anyone reading the texts or the files afterwards gets them back byte for byte."""
    kg = run([PAGE], load_lexicon(DATA), validate_graph=False)
    dump = kg.statements
    texts, nquads = list(dump.texts), dump.nquads()
    dump.release_texts()
    assert dump._texts is None
    for rank in (0, 1, len(texts) // 2, len(texts) - 1):
        assert dump.rank_of(texts[rank]) == rank
    assert dump.rank_of("<urn:not-in-the-graph>") is None and dump._texts is None  # found without making them
    assert dump.nquads() == nquads and dump.texts == texts


def test_taken_records_let_each_document_go_and_make_the_same_statements():
    import gc
    import sys

    from graph.rdf import dataset_quad_batches, split_quad_batches, taken_records

    kg = run([PAGE], load_lexicon(DATA), validate_graph=False)
    resolution = kg.resolution
    expected = [q for b in dataset_quad_batches(resolution, kg.base, size=8) for q in b]
    holder = [resolution]
    first = resolution.extractions[0]
    assert sys.getrefcount(first) > 2  # the resolution's tuple holds it (and ``first``, and the call)
    kg._resolution = kg._extractions = resolution = None  # the holder keeps the only reference
    batches, beside = split_quad_batches(*taken_records(holder), kg.base, jobs=1, size=8, release=True)
    assert beside is None  # one job: no forked process
    made = list(next(batches))
    assert holder == []  # taken out of the holder
    made += [q for b in batches for q in b]
    gc.collect()
    assert made == expected
    assert sys.getrefcount(first) == 2  # only ``first`` (and the call): the record went with its statements


@pytest.mark.parametrize("share", [0.0, 0.3, 0.53, 1.0])
def test_statements_numbered_in_two_processes_are_the_dump_of_all(share):
    """The later documents' statements numbered elsewhere (as texts: rdflib terms do not
    cross processes) and numbered on by the build give the dump of every statement made
    in one pass: the same lines, triples, texts and terms."""
    from graph.outputs import CanonicalDump, numbered_texts
    from graph.rdf import _quad_batches, dataset_quad_batches

    kg = run([PAGE, DATA / "raw" / sorted(p.name for p in (DATA / "raw").iterdir())[0]], load_lexicon(DATA),
             validate_graph=False)
    resolution = kg.resolution
    whole = CanonicalDump(batches=dataset_quad_batches(resolution, kg.base, size=64))
    docs = list(resolution.extractions)
    start = int(len(docs) * share)
    first = _quad_batches(resolution.entities, resolution.background, docs[:start], kg.base, 64)
    later = numbered_texts(_quad_batches((), (), docs[start:], kg.base, 64, head=False))
    split = CanonicalDump(batches=first, then=lambda: later)
    assert split.lines == whole.lines and split.triples == whole.triples
    assert split.texts == whole.texts and split.graph_texts == whole.graph_texts
    assert list(split._object_array.tolist()) == list(whole._object_array.tolist())


def _term_strategies():
    from hypothesis import strategies as st
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    # few characters, so that terms are often prefixes of one another
    iri = st.text("ab中/-", max_size=4).map(lambda x: URIRef("https://w3id.org/czt-kg/id/" + x))
    bnode = st.text("b12", min_size=1, max_size=3).map(BNode)
    text = st.text(st.sampled_from(list('ab 中"\\\n<>@^u0F') + ["\u2028", "\x7f", "\t", "\x01", "\x1f", "\b"]), max_size=5)
    literal = st.one_of(
        text.map(Literal),
        st.tuples(text, st.sampled_from(["zh", "zh-Hant", "en"])).map(lambda x: Literal(x[0], lang=x[1])),
        st.tuples(text, st.sampled_from([XSD.string, XSD.token, XSD.anyURI])).map(lambda x: Literal(x[0], datatype=x[1])),
    )
    subject = st.one_of(iri, bnode)
    graph = st.one_of(st.none(), iri)
    return st.lists(st.tuples(subject, iri, st.one_of(iri, bnode, literal), graph), min_size=1, max_size=40)


@pytest.mark.parametrize("packed", [True, False], ids=["ranks-packed", "ranks-lexsorted"])
def test_canonical_dump_sorts_as_its_lines(packed, monkeypatch):
    """The dump ranks every term by its text and sorts the triples by their ranks: its
    files must still list the lines in byte order (Oxigraph's sorted text), for terms
    that are prefixes of each other, literals with spaces, languages and types; whether
    a triple's ranks fit in one integer or are sorted column by column."""
    from hypothesis import HealthCheck, given, settings

    from graph import outputs
    from graph.outputs import CanonicalDump, TermWriter

    if not packed:
        monkeypatch.setattr(outputs, "_PACKED_BITS", 0)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_term_strategies())
    def check(quads):
        dump = CanonicalDump(quads)
        assert dump.nquads() == _ox_nquads(quads)
        assert dump.ntriples() == _ox_nquads([(s, p, o, None) for s, p, o, _g in quads])
        assert dump.quad_count == len(dump.lines) == len(set(dump.lines))
        # each rank's kind (literal 2, IRI 1, blank node 0), as the analysis reads it
        from rdflib import BNode, Literal, URIRef

        kind_of = {Literal: 2, URIRef: 1, BNode: 0}
        kinds = dict(zip(dump.texts, dump.term_kinds().tolist()))
        assert kinds == {TermWriter().term(t): kind_of[type(t)] for q in quads for t in q[:3]}
        # the analysis reads each triple in the order first seen, one object per term
        text = TermWriter().term
        seen = list(dict.fromkeys(tuple(map(text, q[:3])) for q in quads))
        first_seen = list(dump.first_seen())
        assert [tuple(map(text, t)) for t in first_seen] == seen == [tuple(map(text, t)) for t in dump.first_seen()]
        assert len({id(x) for t in first_seen for x in t}) == len({x for t in seen for x in t})
        # the rdf stage hands the statements over in batches: the same dump
        cut = len(quads) // 3
        batched = CanonicalDump(batches=iter([quads[:cut], [], quads[cut:]]))
        assert batched.nquads() == dump.nquads() and batched.lines == dump.lines
        assert [tuple(map(text, t)) for t in batched.first_seen()] == seen
        # and gives its quads back as rdflib terms (for pyshacl), in the lines' order
        assert [" ".join(map(text, q[:3])) + ("" if q[3] is None else " " + text(q[3])) for q in batched.quads()] == dump.lines

    check()


def _jsonld_reference(quads) -> bytes:
    """What ``czt.jsonld`` must be: the json module's own text of the document (inline
    context; one node object per subject, in the dump's subject order; every property's
    values in an array, in the order of the sorted statements)."""
    import json

    from rdflib import BNode, Literal
    from rdflib.namespace import RDF, XSD

    from graph.outputs import JSONLD_CONTEXT, CanonicalDump

    spaces = sorted(((ns, p) for p, ns in JSONLD_CONTEXT.items() if not p.startswith("@")), key=lambda x: -len(x[0]))

    def compact(iri: str) -> str:
        for ns, p in spaces:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    def ident(t) -> str:
        return f"_:{t}" if isinstance(t, BNode) else str(t)

    dump = CanonicalDump(quads)
    nodes = []
    from itertools import groupby

    for _subject, run in groupby(dump.triples, key=lambda t: t[0]):
        group = list(run)
        node: dict = {"@id": ident(dump.terms(group[0])[0])}
        for triple in group:
            _s, p, o = dump.terms(triple)
            if isinstance(o, Literal):
                key = compact(str(p))
                if o.language:
                    value = {"@language": o.language.lower(), "@value": str(o)}
                elif o.datatype is None or o.datatype == XSD.string:
                    value = str(o)
                else:
                    value = {"@type": compact(str(o.datatype)), "@value": str(o)}
            elif p == RDF.type:
                key, value = "@type", compact(ident(o))
            else:
                key, value = compact(str(p)), {"@id": ident(o)}
            node.setdefault(key, []).append(value)
        nodes.append(node)
    doc = {"@context": JSONLD_CONTEXT, "@graph": nodes}
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def test_jsonld_equals_the_json_modules_text():
    """czt.jsonld is written from the statements' N-Triples text, not through json: for
    any statements (control characters, DEL, backslashes before a "u", quotes, language
    tags, datatypes, blank nodes, rdf:type) it is json.dumps's text of the document,
    with and without the node memo."""
    import tempfile
    from pathlib import Path

    from hypothesis import HealthCheck, given, settings
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from graph.outputs import CanonicalDump

    typed = _term_strategies().map(lambda qs: qs + [(qs[0][0], RDF.type, URIRef("https://w3id.org/czt-kg/ontology#Thing"), None)])

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(typed)
    def check(quads):
        want = _jsonld_reference(quads)
        dump = CanonicalDump(quads)
        assert dump.jsonld() == want

    check()
    assert CanonicalDump([]).jsonld() == _jsonld_reference([])
