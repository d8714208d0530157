"""Literals and names: pages whose text and file names hold quotes, backslashes, NUL,
U+2028, lone surrogates, RTL marks, 1 MB strings, spaces and ``<>#`` build into
outputs that every RDF parser reads back as the same graph.

Figures printed: pages, triples, distinct literals, IRIs checked, formats re-parsed.
Checks: Turtle, TriG, N-Quads and JSON-LD all parse under pyoxigraph; TriG and
N-Quads hold the same quads, Turtle and JSON-LD the same triples as their union, and
all equal the graph the build made in memory; every planted string comes back
exactly; every IRI is a valid absolute IRI.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from graph.build import build
from graph.corpus import decode_page, display_path

from .conftest import DATA
from .figures import report
from .literal_cases import BIG, NAMES, cases

ox = pytest.importorskip("pyoxigraph")

FORMATS = {"czt.ttl": "TURTLE", "czt.trig": "TRIG", "czt.nq": "N_QUADS", "czt.jsonld": "JSON_LD"}
#: RFC 3987 IRI: a scheme, then no spaces, controls, or <>"{}|\^`
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+")


def _write(raw, name: bytes, data: bytes) -> None:
    with open(os.path.join(os.fsencode(raw), name), "wb") as f:
        f.write(data)


@pytest.fixture(scope="module")
def literal_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("literals")
    data = root / "data"
    shutil.copytree(DATA / "lexicon", data / "lexicon")
    (data / "raw").mkdir()
    planted = []
    for name, page, strings in cases():
        if b"\xff" in name:  # non-UTF-8 file name: its own test below
            continue
        _write(data / "raw", name, page)
        planted += strings
    out = root / "out"
    result = build(data, out)
    return result, out, planted


def _parse(path, fmt):
    return list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt)))


def _ox_term(t):
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    assert isinstance(t, Literal), t
    if t.language:
        return ox.Literal(str(t), language=t.language)
    if t.datatype:
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
    return ox.Literal(str(t))


def test_every_output_reparses_into_the_same_graph(literal_build, request):
    result, out, planted = literal_build
    assert not result.page_errors, [str(e) for e in result.page_errors]
    parsed = {}
    for name, fmt in FORMATS.items():
        try:
            parsed[name] = _parse(out / name, fmt)
        except Exception as exc:  # noqa: BLE001 - name the file that does not parse
            pytest.fail(f"{name} does not re-parse under pyoxigraph: {exc}")
    triples = {k: {(q.subject, q.predicate, q.object) for q in v} for k, v in parsed.items()}
    assert set(parsed["czt.trig"]) == set(parsed["czt.nq"]), "TriG and N-Quads differ"
    assert triples["czt.ttl"] == triples["czt.trig"], "Turtle differs from the union of the TriG graphs"
    assert triples["czt.jsonld"] == triples["czt.ttl"], "JSON-LD differs from Turtle"
    memory = {tuple(_ox_term(t) for t in tr) for tr in result.kg.graph}
    assert triples["czt.ttl"] == memory, (
        f"{len(triples['czt.ttl'] - memory)} triples only in the file, {len(memory - triples['czt.ttl'])} only in memory"
    )
    literals = {q.object.value for q in parsed["czt.nq"] if isinstance(q.object, ox.Literal)}
    missing = [s[:40] for s in planted if s not in literals]
    assert not missing, f"planted strings not found as literals: {missing}"
    iris = {t.value for q in parsed["czt.nq"] for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}
    bad = sorted(i for i in iris if not IRI.fullmatch(i))
    report(
        request,
        f"literals: {len(FORMATS)} formats re-parsed, {len(parsed['czt.nq'])} quads, {len(literals)} literals "
        f"({len(planted)} planted, {len(planted) - len(missing)} exact), {len(iris)} IRIs, {len(bad)} invalid",
    )
    assert not bad, bad[:10]


def test_literals_hold_no_character_rdf_cannot_carry(literal_build):
    _result, out, _planted = literal_build
    quads = _parse(out / "czt.nq", "N_QUADS")
    for q in quads:
        for t in (q.subject, q.object):
            v = t.value
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", v), repr(v[:80])
    values = {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert "大" + BIG in values, "the 1 MB title did not survive"
    assert "湘潭\ufffd市规划" in values and "长沙\ufffd市规划" in values  # NUL / lone surrogate → U+FFFD
    for key in ("quotes", "backslashes", "u2028", "rtl", "markup"):
        assert NAMES[key][1:-1] in values, key


def test_file_names_with_quotes_markup_and_controls_are_literals(literal_build):
    _result, out, _planted = literal_build
    quads = _parse(out / "czt.nq", "N_QUADS")
    names = {q.object.value for q in quads if q.predicate.value.endswith("fileName")}
    assert 'lit "q" \\ <a> #1 \\u202e.txt' in names, names  # RTL override shown escaped, not applied


def test_file_name_that_is_not_utf8_builds(tmp_path):
    """A file name with bytes that are not UTF-8 (Python sees lone surrogates) is read,
    shown with U+FFFD, and its page built like any other."""
    name, data, _ = next(c for c in cases() if b"\xff" in c[0])
    page = decode_page(data, os.fsdecode(name))
    assert page.name == "lit_bad_\ufffd\ufffd_\\n.txt" and page.name == display_path(os.fsdecode(name))
    root = tmp_path / "data"
    shutil.copytree(DATA / "lexicon", root / "lexicon")
    (root / "raw").mkdir()
    _write(root / "raw", name, data)
    result = build(root, tmp_path / "out")
    assert not result.page_errors
    quads = _parse(tmp_path / "out" / "czt.nq", "N_QUADS")
    assert "lit_bad_\ufffd\ufffd_\\n.txt" in {q.object.value for q in quads}


def test_jsonld_is_written_in_the_json_modules_canonical_form(literal_build):
    """czt.jsonld is written by hand for speed (graph.outputs._JsonLdNodes); it must be byte for
    byte what ``json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False)`` writes, escapes
    of the planted hostile strings included, so any JSON tool's re-dump leaves it unchanged."""
    import json

    _result, out, _planted = literal_build
    text = (out / "czt.jsonld").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
