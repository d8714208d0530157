"""graph.terse writes Turtle and TriG itself: every byte must be what Oxigraph writes for
the same statements in the same order, since the graph files used to be Oxigraph's own
text and users diff them between builds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import terse
from graph.build import _Prefixes
from graph.outputs import CanonicalDump, prefixes_of

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "id": "https://w3id.org/czt-kg/id/",
    "doc": "https://w3id.org/czt-kg/doc/",
    "czt": "https://w3id.org/czt-kg/ontology#",
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    # namespaces that are prefixes of one another: the longest that gives a local name wins
    "ex": "http://example.com/",
    "exp": "http://example.com/p/",
}


def _sorted_header(data: bytes) -> bytes:
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def oxigraph_turtle(triples: list[tuple[str, str, str]], prefixes=PREFIXES) -> bytes:
    """The reference: Oxigraph parsing the N-Triples lines and writing Turtle (header sorted)."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    quads = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _sorted_header(ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def oxigraph_trig(graphs: list[tuple[str, list]], prefixes=PREFIXES) -> bytes:
    text = "".join(f"{s} {p} {o}{gt} .\n" for gt, triples in graphs for s, p, o in triples)
    quads = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return _sorted_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))


@pytest.mark.parametrize(
    "iri, turtle",
    [
        ("https://w3id.org/czt-kg/id/xiang-tan-shi", "id:xiang-tan-shi"),
        ("https://w3id.org/czt-kg/id/长株潭都市圈", "id:长株潭都市圈"),
        ("https://w3id.org/czt-kg/doc/3af1/sentence/56-112", "doc:3af1\\/sentence\\/56-112"),
        ("https://w3id.org/czt-kg/id/-lead", "id:\\-lead"),
        ("https://w3id.org/czt-kg/id/.lead", "id:\\.lead"),
        ("https://w3id.org/czt-kg/id/end.", "id:end\\."),
        ("https://w3id.org/czt-kg/id/a.b", "id:a.b"),
        ("https://w3id.org/czt-kg/id/a%20b~c", "id:a\\%20b\\~c"),
        ("https://w3id.org/czt-kg/id/q?x=1&y=(2)", "id:q\\?x\\=1\\&y\\=\\(2\\)"),
        ("https://w3id.org/czt-kg/id/", "id:"),
        ("https://w3id.org/czt-kg/id/a×b", "<https://w3id.org/czt-kg/id/a×b>"),
        ("https://w3id.org/czt-kg/id/·x", "<https://w3id.org/czt-kg/id/·x>"),
        ("https://w3id.org/czt-kg/id/x·\u0301", "id:x·\u0301"),
        ("https://w3id.org/czt-kg/ontology#signatory", "czt:signatory"),
        ("http://example.com/p/a", "exp:a"),
        ("http://example.com/p/·x", "ex:p\\/·x"),  # not a local name after exp:, one after ex:
        ("http://example.com/p/a←b", "<http://example.com/p/a←b>"),
        ("https://elsewhere.org/x", "<https://elsewhere.org/x>"),
    ],
)
def test_an_iri_is_written_as_oxigraph_writes_it(iri, turtle):
    triple = ("<https://w3id.org/czt-kg/id/s>", "<https://w3id.org/czt-kg/ontology#p>", f"<{iri}>")
    assert terse.TurtleTerms(PREFIXES)[f"<{iri}>"] == turtle
    assert b"".join(terse.turtle_chunks([triple], PREFIXES)) == oxigraph_turtle([triple])


@pytest.mark.parametrize(
    "lexical, datatype, turtle",
    [
        ("5", "integer", "5"),
        ("-05", "integer", "-05"),
        ("5x", "integer", '"5x"^^xsd:integer'),
        ("27.1000", "decimal", "27.1000"),
        ("27.", "decimal", '"27."^^xsd:decimal'),
        ("1e3", "double", "1e3"),
        (".5E-2", "double", ".5E-2"),
        ("INF", "double", '"INF"^^xsd:double'),
        ("true", "boolean", "true"),
        ("1", "boolean", '"1"^^xsd:boolean'),
        ("2024-12-10", "date", '"2024-12-10"^^xsd:date'),
        ("٣", "integer", '"٣"^^xsd:integer'),
    ],
)
def test_a_typed_literal_goes_bare_only_where_turtle_allows(lexical, datatype, turtle):
    text = str(ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype)))
    assert terse.TurtleTerms(PREFIXES)[text] == turtle
    triple = ("<https://w3id.org/czt-kg/id/s>", "<https://w3id.org/czt-kg/ontology#p>", text)
    assert b"".join(terse.turtle_chunks([triple], PREFIXES)) == oxigraph_turtle([triple])


def test_nothing_is_written_for_no_statements():
    assert b"".join(terse.turtle_chunks([], PREFIXES)) == oxigraph_turtle([]) == b""
    assert b"".join(terse.trig_chunks([("", [])], PREFIXES)) == oxigraph_trig([]) == b""


def _statements():
    """Random statements as N-Triples texts made by Oxigraph: IRIs whose local parts
    hold every kind of character the Turtle grammar treats apart, literals of every
    kind, blank nodes; few values, so subjects and predicates repeat."""
    from hypothesis import strategies as st

    local = st.text(st.sampled_from(list("aZ09_-.:~/%()#中·") + ["\u0301", "\u203f", "|", "×", "←"]), max_size=5)
    space = st.sampled_from([*PREFIXES.values(), "https://elsewhere.org/"])

    def iri(pair):
        try:
            return str(ox.NamedNode(pair[0] + pair[1]))
        except ValueError:  # not an IRI (e.g. "|" or a bare "%"): Oxigraph's parser would refuse it too
            return str(ox.NamedNode(pair[0] + "x"))

    iris = st.tuples(space, local).map(iri)
    bnode = st.sampled_from(["b1", "b2"]).map(lambda x: str(ox.BlankNode(x)))
    value = st.text(st.sampled_from(list('a 中"\\\n5.-+eE') + ["\u2028"]), max_size=5)
    datatype = st.sampled_from([XSD + x for x in ("integer", "decimal", "double", "boolean", "date", "string")]
                               + ["https://elsewhere.org/dt", "https://w3id.org/czt-kg/ontology#dt"])
    literal = st.one_of(
        value.map(lambda v: str(ox.Literal(v))),
        st.tuples(value, st.sampled_from(["zh", "en-gb"])).map(lambda x: str(ox.Literal(x[0], language=x[1]))),
        st.tuples(value, datatype).map(lambda x: str(ox.Literal(x[0], datatype=ox.NamedNode(x[1])))),
        st.sampled_from(["true", "false", "12", "-1.5", "2e9"]).flatmap(
            lambda v: datatype.map(lambda d: str(ox.Literal(v, datatype=ox.NamedNode(d))))),
    )
    predicate = st.one_of(iris, st.just("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"))
    graph = st.one_of(st.just(""), iris.map(lambda t: " " + t))
    return st.lists(st.tuples(st.one_of(iris, bnode), predicate, st.one_of(iris, bnode, literal), graph), max_size=30)


@pytest.mark.parametrize("size", [1, 3, 8192])
def test_random_statements_are_written_as_oxigraph_writes_them(size):
    """Turtle and TriG, in chunks of ``size`` statements (a subject's or predicate's run
    crossing a chunk's end), equal Oxigraph's text for any statements."""
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_statements())
    def check(quads):
        triples = sorted({(s, p, o) for s, p, o, _g in quads})
        assert b"".join(terse.turtle_chunks(triples, PREFIXES, size)) == oxigraph_turtle(triples)
        per_graph: dict = {}
        for s, p, o, g in quads:
            per_graph.setdefault(g, set()).add((s, p, o))
        graphs = [(g, sorted(per_graph[g])) for g in sorted(per_graph)]
        assert b"".join(terse.trig_chunks(graphs, PREFIXES, size)) == oxigraph_trig(graphs)

    check()


def test_the_build_files_equal_oxigraph(seed_build):
    """The graph files of the bundled data: our Turtle and TriG are Oxigraph's text of
    the same canonical statements, and what the build wrote."""
    result, out = seed_build
    dump = CanonicalDump(result.kg.quads)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p not in ("ex", "exp")}
    assert dump.turtle(prefixes) == oxigraph_turtle(dump.triples, prefixes)
    graphs = list(dump._graph_parts())
    assert len(graphs) > 1
    assert dump.trig(prefixes) == oxigraph_trig(graphs, prefixes)
    assert (out / "czt.ttl").read_bytes() == dump.turtle(prefixes_of(_Prefixes(result.kg.base)))
    assert (out / "czt.trig").read_bytes() == dump.trig(prefixes_of(_Prefixes(result.kg.base)))
