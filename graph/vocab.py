"""The project's vocabulary: every ontology term the code uses, reached through one place.

``CZT`` is a closed :class:`rdflib.namespace.DefinedNamespace`, so a typo such as
``CZT.signatroy`` raises ``AttributeError`` instead of minting a term nobody
declared.  ``tests/test_ontology.py`` checks that this list and
``ontology/czt.ttl`` declare exactly the same terms.

>>> str(CZT.City)
'https://w3id.org/czt-kg/ontology#City'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .defaults import DEFAULT_BASE  # noqa: F401  (re-exported: the base of minted IRIs)

ONTOLOGY_IRI = "https://w3id.org/czt-kg/ontology"

#: NLP Interchange Format: character spans of text.
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
#: Internationalization Tag Set: links a text span to the resource it denotes.
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")


class CZT(DefinedNamespace):
    """Terms of ``ontology/czt.ttl``."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # -- the seven coarse types ------------------------------------------------
    Place: URIRef
    Organization: URIRef
    Project: URIRef
    Agreement: URIRef
    Policy: URIRef
    Event: URIRef
    Person: URIRef
    # -- Place ---------------------------------------------------------------
    Country: URIRef
    Province: URIRef
    City: URIRef
    District: URIRef
    County: URIRef
    Town: URIRef
    Region: URIRef
    River: URIRef
    Area: URIRef
    # -- Organization ----------------------------------------------------------
    GovernmentAgency: URIRef
    PartyCommittee: URIRef
    LeadingGroup: URIRef
    Company: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    MediaOutlet: URIRef
    # -- Project ---------------------------------------------------------------
    Program: URIRef
    Network: URIRef
    Corridor: URIRef
    Facility: URIRef
    Platform: URIRef
    # -- Agreement -------------------------------------------------------------
    Memorandum: URIRef
    # -- Policy ----------------------------------------------------------------
    Plan: URIRef
    Reform: URIRef
    Strategy: URIRef
    Regulation: URIRef
    # -- Event -----------------------------------------------------------------
    Meeting: URIRef
    PressConference: URIRef
    Ceremony: URIRef
    # -- provenance and text ---------------------------------------------------
    Entity: URIRef  # superclass of the seven coarse types
    Document: URIRef  # one article or teaser of a page
    Page: URIRef  # one input file
    Mention: URIRef  # a character span of a document that denotes an entity
    Assertion: URIRef  # one extracted fact (reified) with its evidence
    Evidence: URIRef  # the sentence span an assertion was read from
    Claim: URIRef  # a numeric claim in the text ("43项重大项目和事项")
    Lexicon: URIRef  # the curated lexicon, source of background facts
    # -- object properties between entities ------------------------------------
    partOf: URIRef
    locatedIn: URIRef
    signatory: URIRef
    participant: URIRef
    organizer: URIRef
    issuedBy: URIRef
    heldIn: URIRef
    about: URIRef
    memberOf: URIRef
    # -- provenance properties -------------------------------------------------
    evidence: URIRef  # Assertion/Claim -> Evidence
    document: URIRef  # Assertion/Claim/Mention -> Document
    page: URIRef  # Document -> Page
    mentionedIn: URIRef  # Entity -> Document
    extractedBy: URIRef  # Assertion/Mention -> rule name (literal)
    # -- data properties -------------------------------------------------------
    coarseType: URIRef  # Entity -> literal, one of the seven type names
    pinyin: URIRef
    roleTitle: URIRef  # Assertion (memberOf) -> 编辑, 市委书记 …
    claimedCount: URIRef
    countUnit: URIRef
    countedNoun: URIRef
    claimSubject: URIRef
    enumeratedItem: URIRef
    enumeratedCount: URIRef
    documentKind: URIRef  # "article" | "teaser"
    sourceName: URIRef  # 【来源:…】 as written
    originalSource: URIRef  # 来源丨… as written
    editor: URIRef
    reviewer: URIRef
    publishedAt: URIRef  # xsd:dateTime from the page header
    fileName: URIRef
    sha256: URIRef
    encoding: URIRef
    eventDate: URIRef  # date an event/agreement happened (xsd:date or gYearMonth)
