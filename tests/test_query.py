"""SPARQL: named queries on both engines, safe parameters, refusals, time limits, formats, the store."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import query as Q
from graph import store as S
from graph.cli import main
from graph.errors import QueryRefused, QueryTimeout, UsageError

#: Sample values for every parameter a named query declares.
SAMPLE_PARAMS = {"city": "萍乡市", "name": "湘潭市"}
BASE = "https://w3id.org/czt-kg/"


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sparql_out(seed_build, tmp_path_factory):
    """A copy of the seed build's graph files, with its Oxigraph store loaded."""
    _result, out = seed_build
    dst = tmp_path_factory.mktemp("sparql-out")
    for name in ("czt.ttl", "czt.trig", "czt.nq"):
        shutil.copy2(out / name, dst / name)
    S.load_store(dst)
    return dst


@pytest.fixture(scope="module")
def rdflib_graph(sparql_out):
    return Q.load_graph(sparql_out / "czt.trig")


@pytest.fixture(scope="module")
def ox_store(sparql_out):
    return S.open_store(sparql_out)


class _Listener:
    """A loopback HTTP server that counts every request it gets (it must get none)."""

    def __init__(self):
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                hits.append((self.command, self.path))
                n = int(self.headers.get("Content-Length") or 0)
                if n:
                    self.rfile.read(n)
                body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def listener():
    with _Listener() as lst:
        yield lst


def _rows(result):
    return [tuple(r) for r in result]


def _bindings(q: Q.NamedQuery):
    return Q.bindings_for(q, {name: SAMPLE_PARAMS[name] for name, _ in q.params})


# -- named queries ----------------------------------------------------------------------


def test_every_named_query_is_described_and_projects_its_parameters():
    queries = Q.named_queries()
    assert len(queries) >= 10
    for q in queries.values():
        assert q.description, f"{q.name}.rq has no '# description:' line"
        assert Q.check_safe(q.text) in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")
        select = re.search(r"(?is)^\s*SELECT\b(.*?)\bWHERE\b", q.text, re.M)
        for name, doc in q.params:
            assert name in SAMPLE_PARAMS, f"add a sample value for --param {name} to SAMPLE_PARAMS"
            assert doc, f"{q.name}: parameter {name} is not described"
            # Oxigraph substitutes only variables the SELECT clause returns (SEP-0007)
            assert select and re.search(rf"\?{name}\b", select.group(1)), f"{q.name}: SELECT must return ?{name}"


def test_list_prints_every_named_query_with_its_description(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for q in Q.named_queries().values():
        line = next(line for line in out.splitlines() if line.startswith(q.name + " "))
        assert q.description in line
        for name, _ in q.params:
            assert f"--param {name}=" in line


@pytest.mark.parametrize("name", sorted(Q.named_queries()))
def test_named_query_gives_the_same_rows_on_rdflib_and_oxigraph(name, rdflib_graph, ox_store):
    q = Q.named_queries()[name]
    bindings = _bindings(q)
    a = Q.run_query(rdflib_graph, q.text, bindings)
    b = Q.run_oxigraph(ox_store, q.text, bindings)
    assert a.type == b.type
    assert [str(v) for v in a.vars] == [str(v) for v in b.vars]
    rows_a, rows_b = _rows(a), _rows(b)
    assert rows_a, f"{name} returns no rows on the seed graph"
    if re.search(r"(?i)\bORDER\s+BY\b", q.text.rsplit("}", 1)[-1]):
        assert rows_a == rows_b
    else:
        assert sorted(rows_a, key=repr) == sorted(rows_b, key=repr)


def test_agreements_of_pingxiang_names_its_agreements(rdflib_graph):
    q = Q.named_queries()["agreements-of"]
    rows = _rows(Q.run_query(rdflib_graph, q.text, Q.bindings_for(q, {"city": "萍乡市"})))
    agreements = {str(r[1]) for r in rows}
    assert any("信用" in a for a in agreements)
    assert all(str(r[0]) == "萍乡市" for r in rows)
    assert all(r[3] for r in rows), "every row carries its evidence sentence"


def test_cli_output_is_identical_on_both_engines_in_every_format(sparql_out, capsys):
    outputs = {}
    for engine in ("rdflib", "oxigraph"):
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            code = main(["query", "agreements-of", "--param", "city=萍乡市", "--out", str(sparql_out),
                         "--engine", engine, "--format", fmt])
            assert code == 0
            outputs[engine, fmt] = capsys.readouterr().out
    for fmt in ("table", "csv", "tsv", "json", "xml"):
        assert outputs["rdflib", fmt] == outputs["oxigraph", fmt], fmt
    table = outputs["rdflib", "table"].splitlines()
    assert table[0].split()[:2] == ["city", "agreement"] and table[-1] == "(2 rows)"
    data = json.loads(outputs["rdflib", "json"])
    assert data["head"]["vars"] == ["city", "agreement", "signatory", "sentence"]
    assert data["results"]["bindings"][0]["city"] == {"type": "literal", "value": "萍乡市", "xml:lang": "zh"}
    rows = list(csv.reader(io.StringIO(outputs["rdflib", "csv"])))
    assert rows[0] == ["city", "agreement", "signatory", "sentence"] and rows[1][0] == "萍乡市"
    tsv = outputs["rdflib", "tsv"].splitlines()
    assert tsv[0] == "?city\t?agreement\t?signatory\t?sentence"
    assert tsv[1].startswith('"萍乡市"@zh\t"')
    root = ET.fromstring(outputs["rdflib", "xml"].encode("utf-8"))
    assert root.tag.endswith("sparql")


def test_default_engine_is_oxigraph_when_the_store_exists(sparql_out, tmp_path):
    assert Q.choose_source(None, sparql_out).engine == "oxigraph"
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy2(sparql_out / "czt.trig", bare / "czt.trig")
    src = Q.choose_source(None, bare)
    assert (src.engine, src.path.name) == ("rdflib", "czt.trig")
    assert Q.choose_source("rdflib", sparql_out, graph=sparql_out / "czt.ttl").path.name == "czt.ttl"


def test_construct_and_describe_come_out_the_same_on_both_engines(sparql_out, capsys):
    construct = (
        "PREFIX czt: <https://w3id.org/czt-kg/ontology#> "
        "CONSTRUCT { ?a czt:signatory ?s } WHERE { ?a a czt:Agreement ; czt:signatory ?s }"
    )
    graphs = {}
    for engine in ("rdflib", "oxigraph"):
        for fmt in ("turtle", "jsonld"):
            assert main(["query", construct, "--out", str(sparql_out), "--engine", engine, "--format", fmt]) == 0
            text = capsys.readouterr().out
            g = Graph().parse(data=text, format="turtle" if fmt == "turtle" else "json-ld")
            graphs[engine, fmt] = (text, g)
    assert len(graphs["rdflib", "turtle"][1]) >= 3
    assert graphs["rdflib", "turtle"][0] == graphs["oxigraph", "turtle"][0]
    assert graphs["rdflib", "jsonld"][0] == graphs["oxigraph", "jsonld"][0]
    assert isomorphic(graphs["rdflib", "turtle"][1], graphs["oxigraph", "jsonld"][1])
    assert "czt:signatory" in graphs["rdflib", "turtle"][0]

    agreement = next(iter(graphs["rdflib", "turtle"][1].subjects()))
    described = {}
    for engine in ("rdflib", "oxigraph"):
        src = Q.choose_source(engine, sparql_out)
        described[engine] = Q.execute(f"DESCRIBE <{agreement}>", None, src).graph
    # DESCRIBE is implementation-defined: both give the resource's own triples; rdflib's
    # Concise Bounded Description adds the reified assertions about it (docs/sparql.md)
    own = set(described["oxigraph"])
    assert own and all(t[0] == agreement for t in own)
    assert own <= set(described["rdflib"])

    with pytest.raises(UsageError):
        Q.format_result(Q.execute(construct, None, Q.choose_source("rdflib", sparql_out)), "csv")


def test_ask_on_both_engines(sparql_out):
    for engine in ("rdflib", "oxigraph"):
        r = Q.execute("ASK { ?s ?p ?o }", None, Q.choose_source(engine, sparql_out))
        assert Q.format_result(r, "table") == "true"
        assert json.loads(Q.format_result(r, "json"))["boolean"] is True


def test_graph_queries_reach_the_per_document_named_graphs_on_both_engines(sparql_out):
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    results = [_rows(Q.execute(text, None, Q.choose_source(e, sparql_out))) for e in ("rdflib", "oxigraph")]
    assert results[0] == results[1]
    assert results[0] and all(str(g).startswith(BASE + "doc/") for g, _n in results[0])


# -- parameters -------------------------------------------------------------------------


def test_parameters_are_bound_as_terms_never_pasted(rdflib_graph, ox_store):
    q = Q.named_queries()["agreements-of"]
    evil = '萍乡市"@zh } UNION { ?s ?p ?o } #'
    b = Q.bindings_for(q, {"city": evil})
    assert b == {"city": Literal(evil, lang="zh")}
    assert _rows(Q.run_query(rdflib_graph, q.text, b)) == []
    assert _rows(Q.run_oxigraph(ox_store, q.text, b)) == []
    assert Q.parse_param("<https://w3id.org/czt-kg/id/x>") == URIRef("https://w3id.org/czt-kg/id/x")
    assert Q.parse_param("43") == Literal(43)
    assert Q.parse_param("Pingxiang") == Literal("Pingxiang")
    with pytest.raises(UsageError):
        Q.parse_param("<http://x> } . <y>")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["query", "agreements-of"], "needs --param city"),
        (["query", "agreements-of", "--param", "town=萍乡市"], "no parameter 'town'"),
        (["query", "agreements-of", "--param", "city"], "expected NAME=VALUE"),
        (["query", "no-such-query"], "no named query"),
    ],
)
def test_parameter_mistakes_are_one_line_usage_errors(argv, message, sparql_out, capsys):
    assert main(argv + ["--out", str(sparql_out)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_oxigraph_explains_parameters_missing_from_select(ox_store):
    text = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?v }"
    with pytest.raises(UsageError, match="SELECT"):
        Q.run_oxigraph(ox_store, text, {"v": Literal("萍乡市", lang="zh")})


# -- refusals ---------------------------------------------------------------------------

REFUSED = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "DROP ALL",
    "CLEAR DEFAULT",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } } }",
    "SELECT * WHERE { SERVIC\\u0045 <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <http://127.0.0.1:9/x.ttl> { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("text", REFUSED)
def test_writes_service_and_from_are_refused_before_running(text):
    with pytest.raises(QueryRefused):
        Q.check_safe(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s <http://example.org/service> ?o . ?s <http://example.org/from#x> ?f }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:from ?o } # SERVICE <http://x/> FROM <y>",
    ],
)
def test_the_words_service_and_from_elsewhere_are_fine(text):
    assert Q.check_safe(text) == "SelectQuery"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_query_never_reaches_service_or_from_targets(engine, sparql_out, listener, capsys):
    for text in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}/x.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{listener.url}/q> {{ ?s ?p ?o }} }} }}",
    ):
        assert main(["query", text, "--out", str(sparql_out), "--engine", engine]) == 5
        assert "not allowed" in capsys.readouterr().err
    assert listener.hits == []


def test_rdflib_itself_cannot_fetch_even_without_the_check(rdflib_graph, listener):
    """The second lock: rdflib's SERVICE and FROM loaders are off even for unchecked Graph.query."""
    Q.harden_rdflib()
    with pytest.raises(Exception):
        list(rdflib_graph.query(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
    for g in (Graph(), rdflib_graph):
        try:
            list(g.query(f"SELECT * FROM <{listener.url}/x.ttl> WHERE {{ ?s ?p ?o }}"))
        except Exception:
            pass
    assert listener.hits == []


def test_update_through_the_cli_is_refused_and_changes_nothing(sparql_out, capsys):
    before = len(S.open_store(sparql_out))
    for engine in ("rdflib", "oxigraph"):
        assert main(["query", "DELETE WHERE { ?s ?p ?o }", "--out", str(sparql_out), "--engine", engine]) == 5
        assert "read-only" in capsys.readouterr().err
    assert len(S.open_store(sparql_out)) == before


# -- time limits ------------------------------------------------------------------------

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CATASTROPHIC = (
    'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(CONCAT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", STR(?o)), "^(a+)+$")) }'
)


@pytest.mark.parametrize("engine, text", [("rdflib", CATASTROPHIC), ("oxigraph", CROSS_JOIN), ("rdflib", CROSS_JOIN)])
def test_runaway_queries_stop_at_the_time_limit(engine, text, sparql_out, capsys):
    t0 = time.monotonic()
    code = main(["query", text, "--out", str(sparql_out), "--engine", engine, "--timeout", "1.5"])
    elapsed = time.monotonic() - t0
    err = capsys.readouterr().err
    assert code == 5 and "longer than 1.5 s" in err
    assert elapsed < 12, elapsed  # 1.5 s of query after the graph is open, plus start-up
    assert multiprocessing.active_children() == []
    # and the next query still answers
    assert main(["query", "ASK { ?s ?p ?o }", "--out", str(sparql_out), "--engine", engine]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_execute_raises_query_timeout(sparql_out):
    with pytest.raises(QueryTimeout):
        Q.execute(CROSS_JOIN, None, Q.choose_source("oxigraph", sparql_out), timeout=0.5)


# -- formats ----------------------------------------------------------------------------


def test_table_aligns_chinese_by_display_width():
    r = Q.result_from_raw(
        "select",
        json.dumps({
            "head": {"vars": ["city", "n"]},
            "results": {"bindings": [
                {"city": {"type": "literal", "value": "萍乡市", "xml:lang": "zh"}, "n": {"type": "literal", "value": "1"}},
                {"city": {"type": "literal", "value": "Changsha"}, "n": {"type": "literal", "value": "22"}},
                {"city": {"type": "literal", "value": "长株潭都市圈"}},
            ]},
        }).encode(),
    )
    lines = Q.format_table(r).splitlines()
    assert Q._width("萍乡市") == 6 and Q._width("é") == 1
    starts = [Q._width(line[: line.index(v)]) for line, v in zip(lines[2:4], ("1", "22"))]
    assert starts[0] == starts[1] == Q._width("长株潭都市圈") + 2
    assert lines[-1] == "(3 rows)"


def test_tsv_is_sparql_tsv_and_csv_plain():
    r = Q.result_from_raw(
        "select",
        json.dumps({
            "head": {"vars": ["x", "y"]},
            "results": {"bindings": [
                {"x": {"type": "uri", "value": "http://e/x"},
                 "y": {"type": "literal", "value": 'a\t"b"\nc', "xml:lang": "zh"}},
            ]},
        }).encode(),
    )
    assert Q.format_tsv(r) == '?x\t?y\n<http://e/x>\t"a\\t\\"b\\"\\nc"@zh\n'
    assert list(csv.reader(io.StringIO(Q.format_csv(r)))) == [["x", "y"], ["http://e/x", 'a\t"b"\nc']]


# -- the store --------------------------------------------------------------------------


def test_store_default_graph_is_the_merged_graph(sparql_out, ox_store):
    merged = Graph().parse(sparql_out / "czt.ttl")
    (row,) = list(ox_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(row["n"].value) == len(merged)
    m = S.manifest(sparql_out)
    assert m["triples"] == len(merged) and m["source"]["file"] == "czt.trig"
    assert m["graphs"] == len(list(ox_store.named_graphs())) > 0


def test_stale_store_is_reloaded_before_querying(sparql_out, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy2(sparql_out / "czt.trig", out / "czt.trig")
    assert main(["load", "--out", str(out)]) == 0
    assert "triples in the default graph" in capsys.readouterr().out
    assert S.is_fresh(out)
    os.utime(out / "czt.trig")  # touched, same content: still fresh
    assert S.is_fresh(out)
    extra = f'\n<{BASE}id/extra> <http://www.w3.org/2000/01/rdf-schema#label> "新增实体"@zh .\n'
    with open(out / "czt.trig", "a", encoding="utf-8") as fh:
        fh.write(extra)
    assert not S.is_fresh(out)
    text = 'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "新增实体"@zh }'
    assert main(["query", text, "--out", str(out), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert f"{BASE}id/extra" in captured.out and "store was stale" in captured.err
    assert S.is_fresh(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".store")], "no temporary stores left behind"


def test_the_keyword_check_alone_catches_every_hostile_service_and_from():
    """The second line (keywords outside strings, IRIs, comments) must not depend on rdflib's parse.

    Every SERVICE and FROM query of the hostile-SPARQL suite is flagged by the lexical
    check by itself, escapes expanded or not; the benign controls are not.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    from graph.query import _keywords_outside_literals

    from .hostile_sparql_cases import control_cases, from_cases, query_text, service_cases

    t = {"http": "http://127.0.0.1:9", "http_port": 9, "https": "https://127.0.0.1:10",
         "localhost": "http://localhost:9", "file": "file:///tmp/secret.ttl", "port": 7878, "doc_graph": "urn:x:d"}

    def flags(text):
        try:
            expanded = expandUnicodeEscapes(text)
        except Exception:
            expanded = text
        found = [_keywords_outside_literals(x) for x in (text, expanded)]
        return any(s for s, _ in found), any(f for _, f in found)

    missed = []
    cases = [c for c in service_cases(t) + from_cases(t) if "graph-uri" not in c.name]
    for case in cases:
        service, from_ = flags(query_text(case))
        if not (service if case.name.startswith("SERVICE") else from_):
            missed.append(case.name)
    assert len(cases) > 150 and not missed, missed
    wrongly = [c.name for c in control_cases(t) if any(flags(query_text(c))) and "listener" not in c.name]
    assert not wrongly, wrongly


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_raw_answers_are_written_exactly_as_rdflib_results_are(engine, rdflib_graph, ox_store):
    """`czt-kg query` writes the engine's JSON straight (no rdflib Result): same text as through a Result."""
    texts = [(q.text, _bindings(q)) for q in Q.named_queries().values()] + [
        ('SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 2.50) ("03"^^<http://www.w3.org/2001/XMLSchema#integer> '
         '"2024-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>) (<urn:a> UNDEF) ("a\\tb\\"c" "x"@en-GB) } }', {}),
        ("SELECT ?x WHERE { FILTER(false) }", {}),
        ("SELECT ?x ?y WHERE { OPTIONAL { ?x <urn:none> ?y } }", {}),
        ("SELECT (COUNT(*) AS ?n) (1e3 AS ?d) (true AS ?b) WHERE { ?s ?p ?o }", {}),
        ("ASK { ?s ?p ?o }", {}),
    ]
    for text, bindings in texts:
        kind, payload = (Q.rdflib_raw(rdflib_graph, text, bindings) if engine == "rdflib"
                         else Q.oxigraph_raw(ox_store, text, bindings))
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            assert Q.format_raw(kind, payload, fmt, text) == Q.format_result(Q.result_from_raw(kind, payload, text), fmt), (text[:60], fmt)


def test_solutions_read_directly_are_the_rows_of_the_json_answer(ox_store):
    """`czt-kg query` reads Oxigraph's solutions straight into Rows (no JSON): the same cells, the same text."""
    texts = [(q.text, _bindings(q)) for q in Q.named_queries().values()] + [
        ('SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 2.50) ("03"^^<http://www.w3.org/2001/XMLSchema#integer> '
         '"2024-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>) (<urn:a> UNDEF) ("a\\tb\\"c" "x"@en-GB) '
         '("s"^^<http://www.w3.org/2001/XMLSchema#string> UNDEF) (UNDEF UNDEF) } }', {}),
        ("SELECT ?b WHERE { BIND(BNODE() AS ?b) }", {}),
        ("SELECT ?x WHERE { FILTER(false) }", {}),
        ("SELECT (COUNT(*) AS ?n) (1e3 AS ?d) (true AS ?b) WHERE { ?s ?p ?o }", {}),
        ("ASK { ?s ?p ?o }", {}),
    ]
    for text, bindings in texts:
        kind, payload = Q.oxigraph_raw(ox_store, text, bindings)
        kind2, rows = Q.oxigraph_rows(ox_store, text, bindings)
        assert kind2 == kind, text[:60]
        if kind == "select":
            json_rows = Q.rows_from_json(payload)
            assert rows.vars == json_rows.vars, text[:60]
            if "BNODE" in text:  # fresh ids each run: the kind of cell only
                assert [[c[0] for c in r] for r in rows.rows] == [["bnode"]], rows
                continue
            assert rows == json_rows, text[:60]
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            assert Q.format_raw(kind2, rows, fmt, text) == Q.format_raw(kind, payload, fmt, text), (text[:60], fmt)


def test_named_queries_are_far_from_the_nesting_limit():
    for q in Q.named_queries().values():
        assert Q.structure_count(q.text) < Q.MAX_STRUCTURE // 10, q.name
    with pytest.raises(UsageError, match="too deeply nested"):
        Q.check_safe("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 400) + " }")
    # long flat lists are fine
    assert Q.check_safe("SELECT * WHERE { VALUES ?x { " + " ".join(map(str, range(3000))) + " } }") == "SelectQuery"


# -- start-up: the shipped queries' recorded check, no rdflib on the Oxigraph path ---------------


def test_every_shipped_query_is_recorded_with_its_full_check():
    """``Q.CHECKED_QUERIES`` lets a shipped query skip rdflib's parser: every entry must be the full check's.

    The table is keyed by the SHA-256 of the file's text, so an edited ``.rq`` is no longer
    in it (and gets the full check) until its new line is pasted in — printed here.
    """
    import hashlib

    expected = {}
    lines = []
    for q in Q.named_queries().values():
        digest = hashlib.sha256(q.text.encode("utf-8")).hexdigest()
        expected[digest] = Q._full_check(q.text)
        lines.append(f'    "{digest}": "{expected[digest]}",  # {q.name}')
    assert Q.CHECKED_QUERIES == expected, "paste into graph/query.py CHECKED_QUERIES:\n" + "\n".join(lines)
    for q in Q.named_queries().values():
        assert Q.shipped_form(q.text) == "SelectQuery"
        assert Q.check_outcome(q.text) == ("ok", "SelectQuery")


@pytest.mark.parametrize("change", [
    lambda t: t + "\n",  # one character more
    lambda t: t.replace("WHERE {", "WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } ", 1),
    lambda t: t.replace("SELECT", "SELECT", 1).replace("WHERE {", "FROM <http://127.0.0.1:9/g> WHERE {", 1),
    lambda t: t.replace("WHERE {", "WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } ", 1),
])
def test_a_changed_shipped_query_gets_the_full_check(change):
    q = Q.named_queries()["events"]
    text = change(q.text)
    assert Q.shipped_form(text) is None
    outcome = Q.check_outcome(text)
    assert outcome[0] in ("ok", "refused")
    if "SERVICE" in text.upper() or "FROM <" in text or "\\u0053" in text:
        assert outcome[0] == "refused", outcome


def test_the_backstops_still_run_on_a_recorded_text(monkeypatch):
    """Even a text in the table goes through the keyword and nesting checks (cheap; they never fire on a real one)."""
    import hashlib

    evil = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    deep = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 700) + " }"
    table = {hashlib.sha256(t.encode()).hexdigest(): "SelectQuery" for t in (evil, deep)}
    monkeypatch.setattr(Q, "CHECKED_QUERIES", table)
    monkeypatch.setattr(Q, "_CHECKED", {})
    with pytest.raises(QueryRefused):
        Q.check_safe(evil)
    with pytest.raises(UsageError, match="too deeply nested"):
        Q.check_safe(deep)


def test_typed_values_without_rdflib_are_rdflibs():
    """The lexical forms kept without rdflib are the ones rdflib gives."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    cases = {
        "integer": ["0", "7", "-12", "43", "007", "-0", "+5", "123456789012345678", "1234567890123456789012"],
        "date": ["2024-12-10", "2024-02-29", "2023-02-29", "2024-02-31", "2024-12-31", "0001-01-01", "2024-12-10Z", "24-1-1"],
        "gYearMonth": ["2024-10", "2024-1", "2024-13", "02024-10", "-2024-10", "2024-10Z", "0000-01"],
        "gYear": ["2024", "0000", "02024", "-0001", "2024Z"],
    }
    for dt, values in cases.items():
        for v in values:
            Q._typed_value.cache_clear()
            assert Q._typed_value(v, xsd + dt) == str(Literal(v, datatype=URIRef(xsd + dt))), (dt, v)


def test_plain_parameters_are_the_rdflib_ones():
    for value in ("萍乡市", "Pingxiang", "43", "-7", "007", "<https://w3id.org/czt-kg/id/x>", 'a"b\\c'):
        t = Q.parse_term(value)
        assert t.to_rdflib() == Q.parse_param(value)
        assert Q.sparql_term(t) == Q.sparql_term(Q.parse_param(value))


@pytest.mark.parametrize("call", ["main(sys.argv[1:])", "main()"])
def test_query_command_imports_no_rdflib_on_the_oxigraph_path(call, sparql_out):
    """`czt-kg query NAME` on the store: neither the command nor its query process loads rdflib (start-up time).

    ``main()`` is a whole `czt-kg` process (named queries run in it); ``main(argv)`` uses the child process.
    """
    import subprocess
    import sys

    probe = (
        "import sys, os, atexit\n"
        "atexit.register(lambda: sys.stderr.write('RDFLIB-IN-%d:%s\\n' % (os.getpid(), 'rdflib' in sys.modules)))\n"
        "import graph.query as Q\n"
        "_raw = Q._raw\n"
        "def raw(*a):\n"  # in the query process, after the check and the store's opening
        "    out = _raw(*a)\n"
        "    sys.stderr.write('RDFLIB-IN-CHILD:%s\\n' % ('rdflib' in sys.modules,)); sys.stderr.flush()\n"
        "    return out\n"
        "Q._raw = raw\n"
        "from graph.cli import main\n"
        f"sys.exit({call})\n"
    )
    for argv in (["query", "claims"], ["query", "agreements-of", "--param", "city=萍乡市", "--format", "json"],
                 ["query", "events", "--format", "csv"]):
        done = subprocess.run([sys.executable, "-c", probe, *argv, "--out", str(sparql_out)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "RDFLIB-IN-CHILD:False" in done.stderr, done.stderr
        assert re.search(r"RDFLIB-IN-\d+:False", done.stderr) and "True" not in done.stderr, done.stderr


def test_the_fast_width_of_zh_text_is_the_per_character_width():
    wide_class = re.compile(f"[{Q._WIDE_CHARS}]")
    wide = [chr(c) for c in range(0x3000, 0x10000) if wide_class.fullmatch(chr(c))]
    assert len(wide) > 20000
    assert all(Q._char_width(c) == 2 for c in wide)
    samples = ["萍乡市", "长株潭一体化 2024 年(第6届)", "《湘江新区条例》、「一厅一道」", "ＡＢＣ１２３", "a\u0301b", "萍\u200b乡", "한국어", "Ё", "tab\there"]
    for s in samples + wide[:500]:
        assert Q._width(s) == sum(map(Q._char_width, s)), s


# -- a whole `czt-kg query` process: named queries in the process, under a watchdog ------------


def _cli(args, **kw):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, timeout=120, **kw)


def test_a_named_query_in_the_command_process_prints_what_the_child_process_prints(sparql_out, capsys):
    for name, fmt in (("events", "table"), ("agreements-of", "json"), ("program-tree", "csv"), ("claims", "tsv")):
        q = Q.named_queries()[name]
        args = ["query", name, "--out", str(sparql_out), "--no-endpoint", "--format", fmt]
        args += [f"--param={n}={SAMPLE_PARAMS[n]}" for n, _ in q.params]
        done = _cli(args)
        assert done.returncode == 0, done.stderr
        assert main(args) == 0  # argv given: the child process
        assert done.stdout == capsys.readouterr().out


def test_the_watchdog_stops_a_named_query_at_the_time_limit(sparql_out):
    """The engine's evaluation (a cross join put in place of the named query's) ends the process at --timeout."""
    import sys

    probe = (
        "import sys\n"
        "import graph.query as Q\n"
        "_raw = Q._raw\n"
        f"Q._raw = lambda source, handle, text, bindings, *rows: _raw(source, handle, {CROSS_JOIN!r}, None, *rows)\n"
        "from graph.cli import main\n"
        "sys.argv[1:] = ['query', 'events', '--out', sys.argv[1], '--no-endpoint', '--timeout', '1']\n"
        "sys.exit(main())\n"
    )
    import subprocess

    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", probe, str(sparql_out)], capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - t0
    assert done.returncode == 5, done.stderr
    assert done.stderr.strip() == "czt-kg: query took longer than 1 s; stopped (use --timeout to allow more)"
    assert done.stdout == ""
    assert elapsed < 10, elapsed


def test_ad_hoc_text_from_the_command_still_runs_in_a_child_process(sparql_out):
    done = _cli(["query", CROSS_JOIN, "--out", str(sparql_out), "--no-endpoint", "--timeout", "1"])
    assert done.returncode == 5 and "longer than 1 s" in done.stderr
    done = _cli(["query", "ASK { ?s ?p ?o }", "--out", str(sparql_out), "--no-endpoint"])
    assert done.returncode == 0 and done.stdout.strip() == "true", done.stderr
