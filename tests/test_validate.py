"""The linear SHACL Core validator gives pyshacl's results, on the seed graph and on broken ones.

Each broken case breaks one thing a shape checks; both engines must report the
same (focus node, path, constraint component, severity) results and the same
report lines.  No timings are asserted here (see the README for figures).
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SH, SKOS

from graph.errors import DataError, UsageError
from graph.shacl_core import compile_shapes, validate_triples
from graph.validate import core_shapes, engine_of, pyshacl_results, shapes_graph, validate, validate_dataset
from graph.vocab import CZT

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
EX = Namespace("https://example.org/")


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    result, _out = seed_build
    return result.kg.graph


def _copy(g: Graph) -> Graph:
    out = Graph()
    for p, ns in g.namespaces():
        out.bind(p, ns, override=True, replace=True)
    for t in g:
        out.add(t)
    return out


def _first(g: Graph, cls) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _keys(results) -> set:
    return {(r.focus, r.path, r.component, r.severity) for r in results}


# -- broken graphs: each function breaks one rule of shapes.ttl in a copy of the seed --------


def agreement_one_signatory(g):
    a = next(s for s in sorted(g.subjects(RDF.type, CZT.Agreement)) if len(set(g.objects(s, CZT.signatory))) >= 2)
    for o in sorted(g.objects(a, CZT.signatory))[1:]:
        g.remove((a, CZT.signatory, o))


def entity_without_zh_label(g):
    e = _first(g, CZT.City)
    g.remove((e, RDFS.label, None))


def entity_with_two_zh_labels(g):
    g.add((_first(g, CZT.City), RDFS.label, Literal("另一个名字", lang="zh")))


def label_without_language(g):
    g.add((_first(g, CZT.Person), RDFS.label, Literal("无标签")))


def pref_label_in_english(g):
    e = _first(g, CZT.Person)
    g.set((e, SKOS.prefLabel, Literal("Somebody", lang="en")))


def assertion_without_provenance(g):
    g.remove((_first(g, CZT.Assertion), PROV.wasDerivedFrom, None))


def assertion_source_not_its_document(g):
    a = next(s for s in sorted(g.subjects(RDF.type, CZT.Assertion)) if (s, CZT.document, None) in g)
    g.set((a, PROV.wasDerivedFrom, EX.elsewhere))


def assertion_document_without_evidence(g):
    a = next(s for s in sorted(g.subjects(RDF.type, CZT.Assertion)) if (s, CZT.evidence, None) in g)
    g.remove((a, CZT.evidence, None))


def assertion_predicate_not_a_relation(g):
    g.set((_first(g, CZT.Assertion), RDF.predicate, RDFS.seeAlso))


def held_in_a_person(g):
    g.add((_first(g, CZT.Event), CZT.heldIn, _first(g, CZT.Person)))


def member_of_from_a_place(g):
    g.add((_first(g, CZT.City), CZT.memberOf, _first(g, CZT.Organization)))


def mentioned_in_a_literal(g):
    g.add((_first(g, CZT.City), CZT.mentionedIn, Literal("页面")))


def relation_object_literal(g):
    g.add((_first(g, CZT.Project), CZT.partOf, Literal("长株潭")))


def begin_index_a_string(g):
    m = _first(g, CZT.Mention)
    g.set((m, NIF.beginIndex, Literal("3")))


def begin_index_ill_typed(g):
    m = _first(g, CZT.Mention)
    g.set((m, NIF.beginIndex, Literal("three", datatype=XSD.integer)))


def begin_not_before_end(g):
    m = _first(g, CZT.Mention)
    g.set((m, NIF.beginIndex, Literal(10**6)))


def negative_end_index(g):
    m = _first(g, CZT.Evidence)
    g.set((m, NIF.endIndex, Literal(-1)))


def document_begin_after_end(g):
    d = _first(g, CZT.Document)
    g.set((d, NIF.beginIndex, Literal(500)))
    g.set((d, NIF.endIndex, Literal(400)))


def latitude_out_of_range(g):
    e = next(s for s in sorted(g.subjects(GEO.lat, None)))
    g.set((e, GEO.lat, Literal("95.5", datatype=XSD.decimal)))


def latitude_a_float(g):
    e = next(s for s in sorted(g.subjects(GEO.lat, None)))
    g.set((e, GEO.lat, Literal(28.1)))


def event_date_as_string(g):
    g.add((_first(g, CZT.Event), CZT.eventDate, Literal("2024年5月")))


def fine_class_without_coarse_class(g):
    g.remove((_first(g, CZT.City), RDF.type, CZT.Place))


def two_fine_classes(g):
    g.add((_first(g, CZT.City), RDF.type, CZT.County))


def two_coarse_classes(g):
    g.add((_first(g, CZT.City), RDF.type, CZT.Organization))


def wrong_coarse_type(g):
    g.set((_first(g, CZT.City), CZT.coarseType, Literal("Event")))


def undeclared_czt_class(g):
    g.add((_first(g, CZT.City), RDF.type, URIRef(str(CZT.City).replace("City", "Metropolis"))))


def bad_sha256(g):
    g.set((_first(g, CZT.Page), CZT.sha256, Literal("ABC")))


def bad_document_kind(g):
    g.set((_first(g, CZT.Document), CZT.documentKind, Literal("notice")))


def claim_without_count(g):
    g.remove((_first(g, CZT.Claim), CZT.claimedCount, None))


def mention_two_targets(g):
    g.add((_first(g, CZT.Mention), URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"), EX.other))


def blank_node_signatory(g):
    a = _first(g, CZT.Agreement)
    g.add((a, CZT.signatory, BNode("b0")))


def subclass_in_the_data_graph(g):
    """SHACL instances follow rdfs:subClassOf in the data graph: ex:Venue is a czt:Place here."""
    g.add((EX.Venue, RDFS.subClassOf, CZT.Place))
    g.add((EX.hall, RDF.type, EX.Venue))
    g.add((_first(g, CZT.Event), CZT.heldIn, EX.hall))


BROKEN = [
    agreement_one_signatory, entity_without_zh_label, entity_with_two_zh_labels, label_without_language,
    pref_label_in_english, assertion_without_provenance, assertion_source_not_its_document,
    assertion_document_without_evidence, assertion_predicate_not_a_relation, held_in_a_person,
    member_of_from_a_place, mentioned_in_a_literal, relation_object_literal, begin_index_a_string,
    begin_index_ill_typed, begin_not_before_end, negative_end_index, document_begin_after_end,
    latitude_out_of_range, latitude_a_float, event_date_as_string, fine_class_without_coarse_class,
    two_fine_classes, two_coarse_classes, wrong_coarse_type, undeclared_czt_class, bad_sha256,
    bad_document_kind, claim_without_count, mention_two_targets, blank_node_signatory,
    subclass_in_the_data_graph,
]


def test_seed_graph_same_results_as_pyshacl(seed_graph):
    core = validate_triples(seed_graph, core_shapes())
    assert _keys(core) == _keys(pyshacl_results(seed_graph))
    assert validate(seed_graph, "core") == validate(seed_graph, "pyshacl")
    assert validate(seed_graph, "core").conforms


@pytest.mark.parametrize("breaker", BROKEN, ids=lambda f: f.__name__)
def test_broken_graph_same_results_as_pyshacl(seed_graph, breaker):
    g = _copy(seed_graph)
    breaker(g)
    reference = pyshacl_results(g)
    core = validate_triples(g, core_shapes())
    assert reference, "the case must break at least one shape"
    assert _keys(core) == _keys(reference)
    assert sorted(map(repr, core)) == sorted(map(repr, reference))  # values and messages too
    assert validate(g, "core") == validate(g, "pyshacl")


def test_dataset_validation_reports_like_pyshacl(seed_build):
    """The build's entry point (quads + prefixes) gives pyshacl's report on the merged graph."""
    result, _out = seed_build
    kg = result.kg
    doc = next(gr for _s, _p, _o, gr in kg.quads if gr is not None)
    city = _first(kg.graph, CZT.City)
    quads = list(kg.quads) + [(city, RDFS.label, Literal("重名", lang="zh"), doc)]
    g = _copy(kg.graph)
    g.add(quads[-1][:3])
    prefixes = {p: str(ns) for p, ns in kg.graph.namespaces()}
    report, counts = validate_dataset(quads, prefixes, engine="core")
    assert not report.conforms and counts["engine"] == "core"
    assert report == validate(g, "pyshacl")
    assert validate_dataset(quads, prefixes, engine="pyshacl")[0] == report


def test_engine_choice(monkeypatch):
    monkeypatch.delenv("CZT_KG_SHACL", raising=False)
    assert engine_of(None) == "core"
    monkeypatch.setenv("CZT_KG_SHACL", "pyshacl")
    assert engine_of(None) == "pyshacl" and engine_of("core") == "core"
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        engine_of("fast")


def _shapes_with(extra: str) -> Graph:
    g = Graph()
    g.parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P a sh:PropertyShape ; {extra} .
    """, format="turtle")
    return g


@pytest.mark.parametrize("extra, named", [
    ("sh:path ex:p ; sh:maxLength 3", "sh:maxLength"),
    ("sh:path ex:p ; sh:uniqueLang true", "sh:uniqueLang"),
    ("sh:path ex:p ; sh:node ex:S", "sh:node"),
    ("sh:path ex:p ; sh:closed true", "sh:closed"),
    ("sh:path ex:p ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ]", "sh:sparql"),
    ("sh:path [ sh:inversePath ex:p ] ; sh:minCount 1", "complex sh:path"),
])
def test_unsupported_shapes_are_refused_by_name(extra, named):
    with pytest.raises(DataError, match=named):
        compile_shapes(_shapes_with(extra))


def test_supported_minimal_shape_compiles_and_checks():
    shapes = compile_shapes(_shapes_with("sh:path ex:p ; sh:minCount 1"))
    results = validate_triples([(EX.x, RDF.type, EX.C)], shapes)
    assert [(r.focus, r.path, r.component) for r in results] == [(EX.x, EX.p, SH.MinCountConstraintComponent)]


def test_project_shapes_compile():
    assert len(compile_shapes(shapes_graph())) >= 20


def test_the_types_a_unit_reads_are_found_alike_for_one_unit_and_for_many(seed_build):
    """The cached validation's keys read, of each unit, the rdf:type statements of what
    it points to: found for many units at once, exactly as one unit at a time."""
    from graph.validate import _CoreUnits

    dump = seed_build[0].kg.statements
    one_by_one, together = _CoreUnits(dump), _CoreUnits(dump)
    units = list(one_by_one.members)
    together.prepare_extras(units[::-1])
    assert sum(len(together.extras(u)) for u in units) > 100
    for unit in units:
        assert together.extras(unit).tolist() == one_by_one.extras(unit).tolist(), unit
