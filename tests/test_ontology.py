"""The ontology (ontology/czt.ttl) and the SHACL shapes (ontology/shapes.ttl).

* both files parse with rdflib and with pyoxigraph;
* czt.ttl declares exactly the terms of ``graph.vocab.CZT``, each labelled and
  described in Chinese and English;
* the lists that shapes.ttl repeats from the ontology agree with it;
* a small hand-written data graph conforms, and each broken variant of it is
  reported by the shape meant to catch it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from graph.vocab import CZT

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
CZT_TTL = ONTOLOGY_DIR / "czt.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"

NS = str(CZT._NS)
CZTSH = Namespace("https://w3id.org/czt-kg/shapes#")
COARSE = ("Place", "Organization", "Project", "Agreement", "Policy", "Event", "Person")
RECORD_CLASSES = ("Document", "Page", "Mention", "Assertion", "Evidence", "Claim", "Lexicon")
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(CZT_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def local(iri) -> str:
    return str(iri)[len(NS) :] if str(iri).startswith(NS) else str(iri)


def declared_terms(g: Graph) -> set[str]:
    return {
        local(s)
        for kind in DECLARATION_TYPES
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def czt_classes(g: Graph) -> set[str]:
    return {local(s) for s in g.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef) and str(s).startswith(NS)}


def subclasses(g: Graph, parent: str) -> set[str]:
    return {local(s) for s in g.subjects(RDFS.subClassOf, CZT[parent]) if str(s).startswith(NS)}


def class_members(g: Graph, node) -> set:
    """The classes of a domain/range: a named class or an owl:unionOf list."""
    union = g.value(node, OWL.unionOf)
    return set(Collection(g, union)) if union is not None else {node}


def entity_relations(g: Graph) -> set[str]:
    """Object properties whose domain and range lie in the czt:Entity tree."""
    tree = {CZT[c] for c in czt_classes(g) if CZT.Entity in set(g.transitive_objects(CZT[c], RDFS.subClassOf))}
    out = set()
    for p in g.subjects(RDF.type, OWL.ObjectProperty):
        if not str(p).startswith(NS):
            continue
        dom = set().union(*(class_members(g, d) for d in g.objects(p, RDFS.domain)))
        rng = set().union(*(class_members(g, r) for r in g.objects(p, RDFS.range)))
        if dom and rng and dom <= tree and rng <= tree:
            out.add(local(p))
    return out


# ---------------------------------------------------------------------------
# 1. Both files parse with rdflib and pyoxigraph
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [CZT_TTL, SHAPES_TTL], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path: Path):
    g = Graph().parse(path, format="turtle")
    assert len(g) > 50
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(g)


# ---------------------------------------------------------------------------
# 2-4. czt.ttl and graph.vocab.CZT declare the same terms
# ---------------------------------------------------------------------------


def test_ontology_declares_exactly_the_vocab_terms(onto):
    in_ttl = declared_terms(onto)
    in_vocab = set(CZT.__annotations__)
    only_ttl, only_vocab = sorted(in_ttl - in_vocab), sorted(in_vocab - in_ttl)
    print("declared in czt.ttl but not in graph/vocab.py:", only_ttl)
    print("listed in graph/vocab.py but not declared in czt.ttl:", only_vocab)
    assert not only_ttl and not only_vocab, f"czt.ttl only: {only_ttl}; vocab.py only: {only_vocab}"


def test_each_term_is_declared_once_with_one_kind(onto):
    for term in CZT.__annotations__:
        kinds = [k for k in DECLARATION_TYPES if (CZT[term], RDF.type, k) in onto]
        assert len(kinds) == 1, f"czt:{term} is declared as {kinds}"


def czt_iris(g: Graph) -> set[str]:
    """Local names of every czt: IRI anywhere in a graph (subject, predicate or object)."""
    return {local(t) for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}


def test_no_other_czt_terms_in_ontology(onto):
    """Nothing else in the czt: namespace is described or referred to (catches typos
    such as ``rdfs:domain czt:Agreemnt``)."""
    subjects = {local(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert subjects == set(CZT.__annotations__)
    assert czt_iris(onto) - {""} <= set(CZT.__annotations__)


def test_shapes_refer_only_to_declared_terms(shapes):
    assert czt_iris(shapes) - set(CZT.__annotations__) == set()


def test_shapes_referenced_by_iri_are_defined(shapes):
    """A misspelt ``sh:property cztsh:…`` would silently validate nothing."""
    used = {o for p in (SH.property, SH.node) for o in shapes.objects(None, p) if isinstance(o, URIRef)}
    defined = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape))
    assert used - defined == set()
    for ps in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shapes.value(ps, SH.path) is not None, ps


def test_every_term_has_zh_and_en_label_and_comment(onto):
    problems = []
    for term in sorted(declared_terms(onto)):
        for prop in (RDFS.label, RDFS.comment):
            for lang in ("zh", "en"):
                values = [o for o in onto.objects(CZT[term], prop) if isinstance(o, Literal) and o.language == lang]
                if len(values) != 1:
                    problems.append(f"czt:{term} has {len(values)} {onto.qname(prop)}@{lang}")
    assert not problems, "\n".join(problems)


def test_vocab_typo_raises():
    assert str(CZT.City) == NS + "City"
    with pytest.raises(AttributeError):
        CZT.Citty  # noqa: B018


def test_ontology_header(onto):
    from rdflib import DCTERMS

    o = URIRef("https://w3id.org/czt-kg/ontology")
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    titles = {t.language for t in onto.objects(o, DCTERMS.title)}
    assert titles == {"zh", "en"}
    assert {d.language for d in onto.objects(o, DCTERMS.description)} == {"zh", "en"}


# ---------------------------------------------------------------------------
# Class tree
# ---------------------------------------------------------------------------

EXPECTED_TREE = {
    "Place": {"Country", "Province", "City", "District", "County", "Town", "Region", "River", "Area"},
    "Organization": {
        "GovernmentAgency",
        "PartyCommittee",
        "LeadingGroup",
        "Company",
        "University",
        "ResearchInstitute",
        "MediaOutlet",
    },
    "Project": {"Program", "Network", "Corridor", "Facility", "Platform"},
    "Agreement": {"Memorandum"},
    "Policy": {"Plan", "Reform", "Strategy", "Regulation"},
    "Event": {"Meeting", "PressConference", "Ceremony"},
    "Person": set(),
}


def test_class_tree(onto):
    assert subclasses(onto, "Entity") == set(COARSE)
    for coarse, fine in EXPECTED_TREE.items():
        assert subclasses(onto, coarse) == fine, coarse
    for rec in RECORD_CLASSES:
        assert CZT.Entity not in set(onto.transitive_objects(CZT[rec], RDFS.subClassOf)), rec


def test_coarse_types_are_pairwise_disjoint(onto):
    lists = [set(Collection(onto, onto.value(n, OWL.members))) for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert {CZT[c] for c in COARSE} in lists


SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCT = Namespace("http://purl.org/dc/terms/")


@pytest.mark.parametrize(
    ("term", "prop", "target"),
    [
        ("Place", RDFS.subClassOf, SCHEMA.Place),
        ("Organization", RDFS.subClassOf, ORG.Organization),
        ("Organization", RDFS.subClassOf, SCHEMA.Organization),
        ("GovernmentAgency", RDFS.subClassOf, SCHEMA.GovernmentOrganization),
        ("University", RDFS.subClassOf, SCHEMA.CollegeOrUniversity),
        ("Person", RDFS.subClassOf, SCHEMA.Person),
        ("Person", RDFS.subClassOf, FOAF.Person),
        ("Event", RDFS.subClassOf, SCHEMA.Event),
        ("Document", RDFS.subClassOf, FOAF.Document),
        ("Document", RDFS.subClassOf, PROV.Entity),
        ("Mention", RDFS.subClassOf, NIF.String),
        ("Evidence", RDFS.subClassOf, NIF.String),
        ("Assertion", RDFS.subClassOf, RDF.Statement),
        ("Assertion", RDFS.subClassOf, PROV.Entity),
        ("partOf", RDFS.subPropertyOf, DCT.isPartOf),
        ("memberOf", RDFS.subPropertyOf, ORG.memberOf),
        ("locatedIn", RDFS.subPropertyOf, SCHEMA.location),
        ("organizer", RDFS.subPropertyOf, SCHEMA.organizer),
    ],
)
def test_alignment(onto, term, prop, target):
    assert (CZT[term], prop, target) in onto


def test_deliberate_non_axioms(onto):
    """partOf is not transitive; eventDate has no range; mentionedIn is not a derivation."""
    assert (CZT.partOf, RDF.type, OWL.TransitiveProperty) not in onto
    assert onto.value(CZT.eventDate, RDFS.range) is None
    assert (CZT.mentionedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom) not in onto
    assert not list(onto.objects(CZT.Document, OWL.equivalentClass))


def test_nine_entity_relations(onto):
    assert entity_relations(onto) == {
        "partOf", "locatedIn", "signatory", "participant", "organizer", "issuedBy", "heldIn", "about", "memberOf"
    }


# ---------------------------------------------------------------------------
# The lists that shapes.ttl repeats from the ontology
# ---------------------------------------------------------------------------


def sh_in(shapes: Graph, shape) -> list:
    lst = shapes.value(shape, SH["in"])
    assert lst is not None, f"{shape} has no sh:in"
    return list(Collection(shapes, lst))


def test_shapes_declared_class_list_matches_ontology(onto, shapes):
    or_list = list(Collection(shapes, shapes.value(CZTSH.DeclaredClassShape, SH["or"])))
    in_lists = [sh_in(shapes, m) for m in or_list if shapes.value(m, SH["in"]) is not None]
    assert len(in_lists) == 1
    assert {local(c) for c in in_lists[0]} == czt_classes(onto)


def test_shapes_kind_targets_match_ontology(onto, shapes):
    """cztsh:<Coarse>KindShape targets the coarse class and exactly its fine classes."""
    for coarse in COARSE:
        shape = CZTSH[f"{coarse}KindShape"]
        targets = {local(t) for t in shapes.objects(shape, SH.targetClass)}
        assert targets == {coarse} | subclasses(onto, coarse), coarse
        type_shape, kind_shape = CZTSH[f"{coarse}Kind-type"], CZTSH[f"{coarse}Kind-coarseType"]
        assert shapes.value(type_shape, SH.hasValue) == CZT[coarse]
        assert [str(v) for v in sh_in(shapes, kind_shape)] == [coarse]


def test_shapes_coarse_lists_match_ontology(onto, shapes):
    coarse = subclasses(onto, "Entity")
    targets = {local(t) for t in shapes.objects(CZTSH.EntityShape, SH.targetClass)}
    assert targets == coarse
    assert {str(v) for v in sh_in(shapes, CZTSH["Entity-coarseType"])} == coarse
    one_coarse = shapes.value(CZTSH["Entity-oneCoarseClass"], SH.qualifiedValueShape)
    assert {local(c) for c in sh_in(shapes, one_coarse)} == coarse
    specific = shapes.value(CZTSH["Entity-oneMostSpecificClass"], SH.qualifiedValueShape)
    assert {local(c) for c in sh_in(shapes, shapes.value(specific, SH["not"]))} == coarse | {"Entity"}


def test_shapes_relation_lists_match_ontology(onto, shapes):
    relations = entity_relations(onto)
    assert {local(p) for p in sh_in(shapes, CZTSH["Assertion-predicate"])} == relations
    assert {local(p) for p in shapes.objects(CZTSH.RelationShape, SH.targetSubjectsOf)} == relations
    paths = {local(shapes.value(ps, SH.path)) for ps in shapes.objects(CZTSH.RelationShape, SH.property)}
    assert paths == relations


GROUPING_PREDICATES = {RDF.type, SH.property, SH.targetClass, SH.targetSubjectsOf, RDFS.label, RDFS.comment}


def test_every_shape_is_documented(shapes):
    """Labels and comments in zh+en; one English sh:message wherever results are produced."""
    problems = []
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert len(named) > 40
    for s in sorted(named):
        name_prop = SH.name if (s, RDF.type, SH.PropertyShape) in shapes else RDFS.label
        for prop in (name_prop, RDFS.comment):
            langs = sorted(o.language for o in shapes.objects(s, prop))
            if langs != ["en", "zh"]:
                problems.append(f"{shapes.qname(s)} {shapes.qname(prop)} languages {langs}")
        only_groups = set(shapes.predicates(s)) <= GROUPING_PREDICATES  # reports nothing itself
        messages = list(shapes.objects(s, SH.message))
        if not only_groups and [m.language for m in messages] != ["en"]:
            problems.append(f"{shapes.qname(s)} needs exactly one sh:message@en, has {messages}")
    assert not problems, "\n".join(problems)


def test_shapes_do_not_import_the_ontology(shapes):
    assert not list(shapes.objects(None, OWL.imports))


# ---------------------------------------------------------------------------
# 5. Validation of a small data graph
# ---------------------------------------------------------------------------

PREFIXES = """\
@prefix czt:    <https://w3id.org/czt-kg/ontology#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix nif:    <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix geo:    <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix id:     <https://w3id.org/czt-kg/id/> .
@prefix doc:    <https://w3id.org/czt-kg/doc/> .
@prefix kg:     <https://w3id.org/czt-kg/> .
"""

SHA = "6b0e262946a652f8" + "0" * 48

VALID = (
    PREFIXES
    + f"""
# --- entities -----------------------------------------------------------
id:hu-nan-sheng a czt:Province , czt:Place ;
    rdfs:label "湖南省"@zh , "Hunan"@en ; skos:prefLabel "湖南省"@zh ;
    czt:coarseType "Place" ; czt:pinyin "hu nan sheng" .

id:changsha-shi a czt:City , czt:Place ;
    rdfs:label "长沙市"@zh , "Changsha"@en ; skos:prefLabel "长沙市"@zh ; skos:altLabel "长沙"@zh ;
    czt:coarseType "Place" ; czt:pinyin "chang sha shi" ; czt:mentionedIn doc:d1 ;
    geo:lat "28.2282"^^xsd:decimal ; geo:long "112.9388"^^xsd:decimal ;
    czt:partOf id:hu-nan-sheng .

id:zhuzhou-shi a czt:City , czt:Place ;
    rdfs:label "株洲市"@zh , "Zhuzhou"@en ; skos:prefLabel "株洲市"@zh ;
    czt:coarseType "Place" ; czt:mentionedIn doc:d1 .

id:xin-wen-zhu-zhou a czt:MediaOutlet , czt:Organization ;
    rdfs:label "新闻株洲"@zh ; skos:prefLabel "新闻株洲"@zh ; czt:coarseType "Organization" .

id:yu-shui-qing a czt:Person ;
    rdfs:label "余水清"@zh ; skos:prefLabel "余水清"@zh ; czt:coarseType "Person" ;
    czt:memberOf id:xin-wen-zhu-zhou .

id:hezuo-xieyi a czt:Agreement ;
    rdfs:label "长株合作协议"@zh ; skos:prefLabel "长株合作协议"@zh ; czt:coarseType "Agreement" ;
    czt:signatory id:changsha-shi , id:zhuzhou-shi ;
    czt:heldIn id:changsha-shi ;
    czt:eventDate "2024-12"^^xsd:gYearMonth ;
    czt:mentionedIn doc:d1 .

# --- page and document ------------------------------------------------------
kg:page-6b0e262946a652f8 a czt:Page ;
    czt:fileName "000_6b0e262946a652f8.txt" ; czt:sha256 "{SHA}" ; czt:encoding "utf-8" .

doc:d1 a czt:Document ;
    czt:documentKind "article" ; dcterms:title "长株潭签署合作协议" ;
    dcterms:date "2024-12-10"^^xsd:date ; czt:publishedAt "2024-12-10T23:32:14"^^xsd:dateTime ;
    czt:sourceName "新闻株洲" ; czt:originalSource "湘潭广电" ;
    czt:editor "余水清" ; czt:reviewer "彭建南" ;
    czt:page kg:page-6b0e262946a652f8 ;
    nif:beginIndex 0 ; nif:endIndex 1200 .

# --- spans -----------------------------------------------------------------
<https://w3id.org/czt-kg/doc/d1/mention/40-42> a czt:Mention ;
    nif:beginIndex 40 ; nif:endIndex 42 ; nif:anchorOf "长沙" ;
    itsrdf:taIdentRef id:changsha-shi ; czt:document doc:d1 ; czt:extractedBy "lexicon" .

<https://w3id.org/czt-kg/doc/d1/sentence/300-314> a czt:Evidence ;
    nif:beginIndex 300 ; nif:endIndex 314 ; nif:anchorOf "长沙市与株洲市签署合作协议。" ;
    czt:document doc:d1 .

<https://w3id.org/czt-kg/doc/d1/sentence/1100-1106> a czt:Evidence ;
    nif:beginIndex 1100 ; nif:endIndex 1106 ; nif:anchorOf "编辑：余水清" ;
    czt:document doc:d1 .

# --- assertions -------------------------------------------------------------
kg:assertion-a1 a czt:Assertion ;
    rdf:subject id:hezuo-xieyi ; rdf:predicate czt:signatory ; rdf:object id:changsha-shi ;
    prov:wasDerivedFrom doc:d1 ; czt:document doc:d1 ;
    czt:evidence <https://w3id.org/czt-kg/doc/d1/sentence/300-314> ; czt:extractedBy "signatory" .

kg:assertion-a2 a czt:Assertion ;
    rdf:subject id:hezuo-xieyi ; rdf:predicate czt:signatory ; rdf:object id:zhuzhou-shi ;
    prov:wasDerivedFrom doc:d1 ; czt:document doc:d1 ;
    czt:evidence <https://w3id.org/czt-kg/doc/d1/sentence/300-314> ; czt:extractedBy "signatory" .

kg:assertion-a3 a czt:Assertion ;
    rdf:subject id:yu-shui-qing ; rdf:predicate czt:memberOf ; rdf:object id:xin-wen-zhu-zhou ;
    prov:wasDerivedFrom doc:d1 ; czt:document doc:d1 ;
    czt:evidence <https://w3id.org/czt-kg/doc/d1/sentence/1100-1106> ;
    czt:extractedBy "byline" ; czt:roleTitle "编辑" .

kg:assertion-lex1 a czt:Assertion ;
    rdf:subject id:changsha-shi ; rdf:predicate czt:partOf ; rdf:object id:hu-nan-sheng ;
    prov:wasDerivedFrom kg:lexicon ; czt:extractedBy "lexicon" .

kg:lexicon a czt:Lexicon ; rdfs:label "czt-kg 整理词表"@zh , "czt-kg curated lexicon"@en .

# --- numeric claim ------------------------------------------------------------
<https://w3id.org/czt-kg/doc/d1/claim/300-x> a czt:Claim ;
    czt:claimedCount 43 ; czt:countUnit "项" ; czt:countedNoun "重大项目和事项" ;
    czt:claimSubject id:hezuo-xieyi ;
    czt:enumeratedItem id:changsha-shi , id:zhuzhou-shi ; czt:enumeratedCount 2 ;
    czt:document doc:d1 ; czt:evidence <https://w3id.org/czt-kg/doc/d1/sentence/300-314> .
"""
)

# Prefixes for the SPARQL updates that make the broken variants.  Passed as initNs
# (rdflib forgets a PREFIX of the first operation in later ones, and its default
# "geo" prefix is GeoSPARQL, not WGS84).
NSMAP = dict(re.findall(r"@prefix (\w+):\s+<([^>]+)>", PREFIXES))
S1 = "<https://w3id.org/czt-kg/doc/d1/sentence/300-314>"
MENTION = "<https://w3id.org/czt-kg/doc/d1/mention/40-42>"
CLAIM = "<https://w3id.org/czt-kg/doc/d1/claim/300-x>"


def data_graph(update: str | None = None) -> Graph:
    g = Graph(bind_namespaces="core").parse(data=VALID, format="turtle")
    if update:
        g.update(update, initNs=NSMAP)
    return g


def run(g: Graph, shapes: Graph):
    """Validate as graph/validate.py does.  ``allow_warnings=True`` makes pyshacl's own
    verdict ignore sh:Warning results, as the build does (without it any warning
    turns ``conforms`` False)."""
    return validate(g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)


def results(report: Graph, severity=None) -> list:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if severity is not None and report.value(r, SH.resultSeverity) != severity:
            continue
        out.append(r)
    return out


def sources(report: Graph, r) -> set:
    return {report.value(r, SH.sourceShape), report.value(r, SH.sourceConstraint)} - {None}


def test_valid_graph_conforms(shapes):
    conforms, report, text = run(data_graph(), shapes)
    assert conforms, text
    assert not results(report), text  # not even a warning


BROKEN = [
    pytest.param(
        'DELETE DATA { id:changsha-shi rdfs:label "长沙市"@zh }',
        "Entity-zhLabel",
        "id:changsha-shi",
        id="missing-zh-label",
    ),
    pytest.param(
        'INSERT DATA { id:changsha-shi rdfs:label "长沙"@zh }',
        "Entity-zhLabel",
        "id:changsha-shi",
        id="two-zh-labels",
    ),
    pytest.param(
        'INSERT DATA { id:changsha-shi rdfs:label "Changsha City"@en }',
        "Entity-enLabel",
        "id:changsha-shi",
        id="two-en-labels",
    ),
    pytest.param(
        'INSERT DATA { id:changsha-shi rdfs:label "Changsha" }',
        "Entity-labelTagged",
        "id:changsha-shi",
        id="untagged-label",
    ),
    pytest.param(
        'DELETE DATA { id:changsha-shi skos:prefLabel "长沙市"@zh }',
        "Entity-prefLabel",
        "id:changsha-shi",
        id="missing-prefLabel",
    ),
    pytest.param(
        'DELETE DATA { id:changsha-shi czt:coarseType "Place" } ;'
        ' INSERT DATA { id:changsha-shi czt:coarseType "Town" }',
        "Entity-coarseType",
        "id:changsha-shi",
        id="coarseType-not-one-of-seven",
    ),
    pytest.param(
        'DELETE DATA { id:changsha-shi czt:coarseType "Place" } ;'
        ' INSERT DATA { id:changsha-shi czt:coarseType "Person" }',
        "PlaceKind-coarseType",
        "id:changsha-shi",
        id="coarseType-disagrees-with-class",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi a czt:County }",
        "Entity-oneMostSpecificClass",
        "id:changsha-shi",
        id="two-fine-classes",
    ),
    pytest.param(
        "DELETE DATA { id:changsha-shi a czt:Place }",
        "PlaceKind-type",
        "id:changsha-shi",
        id="fine-class-without-coarse-class",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi a czt:Organization }",
        "Entity-oneCoarseClass",
        "id:changsha-shi",
        id="two-coarse-classes",
    ),
    pytest.param(
        "DELETE DATA { id:changsha-shi a czt:Place } ; INSERT DATA { id:changsha-shi a czt:Organization }",
        "PlaceKind-type",
        "id:changsha-shi",
        id="fine-class-under-the-wrong-coarse-class",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi a czt:Document }",
        "Entity-oneMostSpecificClass",
        "id:changsha-shi",
        id="record-class-on-entity",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi a czt:Citty }",
        "DeclaredClassShape",
        "czt:Citty",
        id="unknown-czt-class",
    ),
    pytest.param(
        "INSERT DATA { doc:d1 a czt:Article }",
        "DeclaredClassShape",
        "czt:Article",
        id="unknown-czt-class-on-record",
    ),
    pytest.param(
        'DELETE DATA { id:changsha-shi geo:lat "28.2282"^^xsd:decimal } ;'
        ' INSERT DATA { id:changsha-shi geo:lat "128.2"^^xsd:decimal }',
        "Entity-lat",
        "id:changsha-shi",
        id="latitude-out-of-range",
    ),
    pytest.param(
        'INSERT DATA { id:changsha-shi geo:long "113.0"^^xsd:decimal }',
        "Entity-long",
        "id:changsha-shi",
        id="two-longitudes",
    ),
    pytest.param(
        'INSERT DATA { id:hezuo-xieyi czt:eventDate "2024-12-10T10:00:00"^^xsd:dateTime }',
        "Entity-eventDate",
        "id:hezuo-xieyi",
        id="eventDate-wrong-datatype",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi czt:signatory id:zhuzhou-shi }",
        "SignatorySubjectShape",
        "id:changsha-shi",
        id="signatory-on-non-agreement",
    ),
    pytest.param(
        "DELETE DATA { id:hezuo-xieyi czt:heldIn id:changsha-shi } ;"
        " INSERT DATA { id:hezuo-xieyi czt:heldIn id:xin-wen-zhu-zhou }",
        "HeldIn-place",
        "id:hezuo-xieyi",
        id="heldIn-non-place",
    ),
    pytest.param(
        "INSERT DATA { id:xin-wen-zhu-zhou czt:locatedIn id:yu-shui-qing }",
        "LocatedIn-place",
        "id:xin-wen-zhu-zhou",
        id="locatedIn-non-place",
    ),
    pytest.param(
        "INSERT DATA { id:changsha-shi czt:memberOf id:xin-wen-zhu-zhou }",
        "MemberOfShape",
        "id:changsha-shi",
        id="memberOf-from-non-person",
    ),
    pytest.param(
        "INSERT DATA { id:yu-shui-qing czt:memberOf id:changsha-shi }",
        "MemberOf-organization",
        "id:yu-shui-qing",
        id="memberOf-to-non-organization",
    ),
    pytest.param(
        'INSERT DATA { id:changsha-shi czt:partOf "湖南" }',
        "Relation-partOf",
        "id:changsha-shi",
        id="partOf-literal-object",
    ),
    pytest.param(
        f"DELETE DATA {{ kg:assertion-a1 czt:evidence {S1} }}",
        "AssertionEvidenceShape",
        "kg:assertion-a1",
        id="assertion-document-without-evidence",
    ),
    pytest.param(
        f"INSERT DATA {{ kg:assertion-lex1 czt:evidence {S1} }}",
        "AssertionEvidenceShape",
        "kg:assertion-lex1",
        id="lexicon-assertion-with-evidence",
    ),
    pytest.param(
        "DELETE DATA { kg:assertion-a1 rdf:subject id:hezuo-xieyi }",
        "Assertion-subject",
        "kg:assertion-a1",
        id="assertion-without-subject",
    ),
    pytest.param(
        "DELETE DATA { kg:assertion-a1 rdf:predicate czt:signatory } ;"
        " INSERT DATA { kg:assertion-a1 rdf:predicate czt:mentionedIn }",
        "Assertion-predicate",
        "kg:assertion-a1",
        id="assertion-predicate-not-a-relation",
    ),
    pytest.param(
        "INSERT DATA { kg:assertion-a1 prov:wasDerivedFrom kg:lexicon }",
        "Assertion-source",
        "kg:assertion-a1",
        id="assertion-two-sources",
    ),
    pytest.param(
        "DELETE DATA { kg:assertion-a1 prov:wasDerivedFrom doc:d1 } ;"
        " INSERT DATA { kg:assertion-a1 prov:wasDerivedFrom kg:lexicon }",
        "AssertionSourceShape",
        "kg:assertion-a1",
        id="assertion-source-not-its-document",
    ),
    pytest.param(
        f"DELETE DATA {{ {MENTION} nif:beginIndex 40 }} ; INSERT DATA {{ {MENTION} nif:beginIndex 42 }}",
        "Span-beginIndex",
        MENTION,
        id="mention-begin-equals-end",
    ),
    pytest.param(
        f"DELETE DATA {{ {MENTION} nif:beginIndex 40 }} ; INSERT DATA {{ {MENTION} nif:beginIndex 44 }}",
        "Span-beginIndex",
        MENTION,
        id="mention-begin-after-end",
    ),
    pytest.param(
        f"DELETE DATA {{ {MENTION} itsrdf:taIdentRef id:changsha-shi }}",
        "Mention-taIdentRef",
        MENTION,
        id="mention-without-entity",
    ),
    pytest.param(
        f"DELETE DATA {{ {S1} czt:document doc:d1 }}",
        "Span-document",
        S1,
        id="evidence-without-document",
    ),
    pytest.param(
        'DELETE DATA { doc:d1 czt:documentKind "article" } ; INSERT DATA { doc:d1 czt:documentKind "video" }',
        "Document-kind",
        "doc:d1",
        id="document-kind-unknown",
    ),
    pytest.param(
        'INSERT DATA { doc:d1 dcterms:date "2024-12-11"^^xsd:date }',
        "Document-date",
        "doc:d1",
        id="document-two-dates",
    ),
    pytest.param(
        "DELETE DATA { doc:d1 czt:page kg:page-6b0e262946a652f8 }",
        "Document-page",
        "doc:d1",
        id="document-without-page",
    ),
    pytest.param(
        f'DELETE DATA {{ kg:page-6b0e262946a652f8 czt:sha256 "{SHA}" }} ;'
        ' INSERT DATA { kg:page-6b0e262946a652f8 czt:sha256 "ABC" }',
        "Page-sha256",
        "kg:page-6b0e262946a652f8",
        id="page-bad-sha256",
    ),
    pytest.param(
        f"DELETE DATA {{ {CLAIM} czt:claimedCount 43 }}",
        "Claim-claimedCount",
        CLAIM,
        id="claim-without-count",
    ),
    pytest.param(
        f"DELETE DATA {{ {CLAIM} czt:claimedCount 43 }} ; INSERT DATA {{ {CLAIM} czt:claimedCount -1 }}",
        "Claim-claimedCount",
        CLAIM,
        id="claim-negative-count",
    ),
    pytest.param(
        f"DELETE DATA {{ {CLAIM} czt:evidence {S1} }}",
        "Claim-evidence",
        CLAIM,
        id="claim-without-evidence",
    ),
]


def expand(g: Graph, name: str) -> URIRef:
    if name.startswith("<"):
        return URIRef(name[1:-1])
    prefix, rest = name.split(":", 1)
    return URIRef(dict(g.namespaces())[prefix] + rest) if prefix in dict(g.namespaces()) else URIRef(name)


@pytest.mark.parametrize(("update", "shape", "focus"), BROKEN)
def test_broken_variant_is_reported(shapes, update, shape, focus):
    g = data_graph(update)
    conforms, report, text = run(g, shapes)
    assert not conforms, f"expected a violation of cztsh:{shape}"
    violations = results(report, SH.Violation)
    hits = [r for r in violations if CZTSH[shape] in sources(report, r)]
    assert hits, f"no result from cztsh:{shape}:\n{text}"
    focus_iri = expand(g, focus)
    assert focus_iri in {report.value(r, SH.focusNode) for r in hits}, text
    # Every result carries one of our own messages (no generic pyshacl text, no
    # nested detail results), so the build can print it to users as it is.
    ours = {str(m) for m in shapes.objects(None, SH.message)}
    for r in results(report):
        messages = [str(m) for m in report.objects(r, SH.resultMessage)]
        assert len(messages) == 1 and messages[0] in ours, text


def test_single_signatory_agreement_is_a_warning_only(shapes):
    g = data_graph(
        "DELETE DATA { id:hezuo-xieyi czt:signatory id:zhuzhou-shi } ;"
        " DELETE WHERE { kg:assertion-a2 ?p ?o }"
    )
    conforms, report, text = run(g, shapes)
    assert conforms, text
    assert not results(report, SH.Violation), text
    warnings = results(report, SH.Warning)
    assert len(warnings) == 1 and len(results(report)) == 1, text
    (w,) = warnings
    assert CZTSH["Agreement-signatories"] in sources(report, w)
    assert report.value(w, SH.focusNode) == URIRef("https://w3id.org/czt-kg/id/hezuo-xieyi")


def test_coarse_only_entities_are_fine(shapes):
    """An entity whose only czt: class is a coarse class passes the class check."""
    g = data_graph(
        "DELETE DATA { id:xin-wen-zhu-zhou a czt:MediaOutlet } ;"
        " INSERT DATA { id:xiang-jiang a czt:Place ; rdfs:label \"湘江\"@zh ;"
        ' skos:prefLabel "湘江"@zh ; czt:coarseType "Place" }'
    )
    conforms, _report, text = run(g, shapes)
    assert conforms, text


# ---------------------------------------------------------------------------
# SHACL Core only (see the header of shapes.ttl: SPARQL constraints are re-parsed
# by rdflib for every focus node and made validation far too slow)
# ---------------------------------------------------------------------------


def test_shapes_use_core_only(shapes):
    assert not list(shapes.subjects(SH.sparql, None))
    assert not list(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    assert not list(shapes.subjects(SH.target, None))  # no SHACL-AF targets either
