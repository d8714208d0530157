"""Read ``ontology/czt.ttl``: the class tree and the zh/en labels of terms.

The class hierarchy lives in the ontology file, not in code: a new fine class added
there (``rdfs:subClassOf czt:Organization``) is usable in the lexicon at once.

>>> coarse_type_of("City")
'Place'
>>> coarse_type_of("Agreement")
'Agreement'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .errors import DataError
from .records import COARSE_TYPES
from .vocab import CZT

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "czt.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    g = Graph()
    try:
        g.parse(ONTOLOGY_FILE, format="turtle")
    except FileNotFoundError:
        raise DataError("ontology file is missing", path=ONTOLOGY_FILE) from None
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataError(f"ontology does not parse as Turtle: {exc}", path=ONTOLOGY_FILE) from None
    return g


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def _class_tree() -> dict[str, str]:
    """Fine class local name → coarse type name, for every class under the seven."""
    g = ontology_graph()
    ns = str(CZT._NS)
    coarse = {str(CZT[t]) for t in COARSE_TYPES}
    out: dict[str, str] = {}
    for cls in g.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef) or not str(cls).startswith(ns):
            continue
        for sup in g.transitive_objects(cls, RDFS.subClassOf):
            if str(sup) in coarse:
                out[_local(cls)] = _local(sup)
                break
    return out


def fine_classes() -> frozenset[str]:
    """Local names of every class an entity may have (the seven included)."""
    return frozenset(_class_tree())


def coarse_type_of(cls: str) -> str:
    """The coarse type (one of the seven) of a fine class."""
    try:
        return _class_tree()[cls]
    except KeyError:
        raise DataError(f"{cls!r} is not a class under the seven coarse types", path=ONTOLOGY_FILE) from None


@lru_cache(maxsize=None)
def term_label(local: str, lang: str) -> str:
    """rdfs:label of a czt: term in ``lang`` (falls back to the local name)."""
    for label in ontology_graph().objects(CZT[local], RDFS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    return local
