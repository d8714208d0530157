"""RDF stage: the graph of a small page, compared as a graph with a reviewed golden file.

Set UPDATE_GOLDEN=1 to rewrite tests/data/golden_signing.ttl after a deliberate change
(then review the diff before committing).
"""

from __future__ import annotations

import os

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
