"""The SPARQL endpoint (front + ``oxigraph serve-read-only``) and ``czt-kg push``, over real HTTP."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from graph import store as S
from graph.cli import main
from graph.server import Endpoint, OxigraphProcess, free_port

from .test_query import CATASTROPHIC, _Listener

CROSS_JOIN_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_REGEX = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "^(\\\\w+\\\\s?)*$")) }'
)
AGREEMENTS = """PREFIX czt: <https://w3id.org/czt-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?agreement WHERE { ?a a czt:Agreement ; rdfs:label ?agreement . FILTER(lang(?agreement) = "zh") }
ORDER BY ?agreement"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def served_out(seed_build, tmp_path_factory):
    _result, out = seed_build
    dst = tmp_path_factory.mktemp("served-out")
    for name in ("czt.ttl", "czt.trig"):
        shutil.copy2(out / name, dst / name)
    S.load_store(dst)
    return dst


@pytest.fixture(scope="module")
def endpoint(served_out, oxigraph_bin):
    ep = Endpoint(served_out, port=0, timeout=TIMEOUT, quiet=True, binary=oxigraph_bin)
    ep.start()
    try:
        yield ep
    finally:
        ep.close()


@pytest.fixture
def listener():
    with _Listener() as lst:
        yield lst


def _client(ep, query, fmt=JSON, method=None):
    w = SPARQLWrapper(ep.url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setTimeout(30)
    if method:
        w.setMethod(POST)
        if method == POSTDIRECTLY:
            w.setRequestMethod(POSTDIRECTLY)
    return w


def _count(ep) -> int:
    res = _client(ep, COUNT).queryAndConvert()
    return int(res["results"]["bindings"][0]["n"]["value"])


def _http(url, data=None, method=None, headers=None, timeout=30):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# -- queries ------------------------------------------------------------------------


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
def test_sparqlwrapper_gets_rows(endpoint, method):
    res = _client(endpoint, AGREEMENTS, JSON, method).queryAndConvert()
    names = [b["agreement"]["value"] for b in res["results"]["bindings"]]
    assert len(names) >= 3 and any("合作协议" in n for n in names)
    assert res["results"]["bindings"][0]["agreement"]["xml:lang"] == "zh"


def test_default_graph_is_the_merged_graph(endpoint, served_out):
    assert _count(endpoint) == len(Graph().parse(served_out / "czt.ttl"))


def test_content_negotiation(endpoint):
    xml = _client(endpoint, AGREEMENTS, XML).queryAndConvert()
    assert xml.getElementsByTagName("result")
    csv_text = _client(endpoint, AGREEMENTS, CSV).queryAndConvert().decode("utf-8")
    assert csv_text.splitlines()[0].strip() == "agreement"
    tsv_text = _client(endpoint, AGREEMENTS, TSV).queryAndConvert().decode("utf-8")
    assert tsv_text.splitlines()[0].strip() == "?agreement" and "@zh" in tsv_text
    construct = "CONSTRUCT { ?a a <https://w3id.org/czt-kg/ontology#Agreement> } WHERE { ?a a <https://w3id.org/czt-kg/ontology#Agreement> }"
    turtle = _client(endpoint, construct, TURTLE).queryAndConvert()
    g = Graph().parse(data=turtle, format="turtle")
    assert len(g) >= 3
    jsonld = _client(endpoint, construct, JSONLD).queryAndConvert()
    assert len(jsonld) == len(g)
    status, headers, body = _http(endpoint.url + "?" + urllib.parse.urlencode({"query": AGREEMENTS, "format": "csv"}))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")


def test_query_ui_is_served(endpoint):
    status, headers, body = _http(endpoint.base_url + "/")
    assert status == 200 and b"yasgui" in body.lower() and "text/html" in headers["Content-Type"]
    status, _headers, body = _http(endpoint.base_url + "/yasgui.min.js")
    assert status == 200 and len(body) > 10_000
    status, headers, _body = _http(endpoint.url, headers={"Accept": "text/html"})
    assert status in (200, 303)


def test_named_graphs_are_readable_but_not_writable_through_the_graph_store(endpoint, served_out):
    status, headers, body = _http(endpoint.base_url + "/store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count(b"\n") == _count(endpoint)


# -- read-only, no network ------------------------------------------------------------


def test_update_load_and_service_are_refused_with_no_request_out(endpoint, listener):
    before = _count(endpoint)
    for text in (
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        f"LOAD <{listener.url}/data.ttl>",
        "DROP ALL",
    ):
        w = _client(endpoint, text, JSON, POST)
        with pytest.raises(urllib.error.HTTPError) as info:
            w.query()
        assert info.value.code == 403
    for text in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER EXISTS {{ SERVICE SILENT <{listener.url}/q> {{ ?s ?p ?o }} }} }}",
        f"SELECT * FROM <{listener.url}/data.ttl> WHERE {{ ?s ?p ?o }}",
    ):
        for method in (None, POST, POSTDIRECTLY):
            with pytest.raises(urllib.error.HTTPError) as info:
                _client(endpoint, text, JSON, method).query()
            assert info.value.code == 403
    # raw protocol requests: update endpoint, update content type, dataset parameters, Graph Store writes
    turtle = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> ."
    checks = [
        (endpoint.base_url + "/update", b"update=DROP+ALL", "POST", {"Content-Type": "application/x-www-form-urlencoded"}),
        (endpoint.url, b"DROP ALL", "POST", {"Content-Type": "application/sparql-update"}),
        (endpoint.url + "?" + urllib.parse.urlencode({"query": COUNT, "default-graph-uri": listener.url}), None, "GET", {}),
        (endpoint.url + "?" + urllib.parse.urlencode({"query": COUNT, "named-graph-uri": listener.url}), None, "GET", {}),
        (endpoint.base_url + "/store?default", turtle, "PUT", {"Content-Type": "text/turtle"}),
        (endpoint.base_url + "/store?default", turtle, "POST", {"Content-Type": "text/turtle"}),
        (endpoint.base_url + "/store?graph=http%3A%2F%2Fexample.org%2Fg", turtle, "POST", {"Content-Type": "text/turtle"}),
        (endpoint.base_url + "/store?default", None, "DELETE", {}),
        (endpoint.url, turtle, "PUT", {"Content-Type": "text/turtle"}),
    ]
    for url, data, method, headers in checks:
        status, _h, body = _http(url, data, method, headers)
        assert 400 <= status < 500, (method, url, status, body)
    assert _count(endpoint) == before
    assert listener.hits == []


def test_host_header_must_name_the_server(endpoint):
    port = endpoint.port
    for host, ok in ((f"127.0.0.1:{port}", True), (f"localhost:{port}", True), (f"evil.example:{port}", False),
                     (f"attacker.127.0.0.1.nip.io:{port}", False), ("127.0.0.1:1", False)):
        status, _h, _b = _raw_get(endpoint, "/sparql?query=" + urllib.parse.quote("ASK {}"), host)
        assert (status == 200) == ok, host


def _raw_get(ep, path, host):
    with socket.create_connection(("127.0.0.1", ep.port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line)
    return status, headers, body


def test_no_cors_unless_asked(endpoint, served_out, oxigraph_bin):
    url = endpoint.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    _s, headers, _b = _http(url, headers={"Origin": "http://evil.example"})
    assert not any(k.lower().startswith("access-control") for k in headers)
    with Endpoint(served_out, port=0, timeout=TIMEOUT, quiet=True, binary=oxigraph_bin, cors=("http://app.example",)) as ep:
        url = ep.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        _s, headers, _b = _http(url, headers={"Origin": "http://app.example"})
        assert headers.get("Access-Control-Allow-Origin") == "http://app.example"
        _s, headers, _b = _http(url, headers={"Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers


# -- time limits -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [CROSS_JOIN_ROWS, SLOW_REGEX, CATASTROPHIC + " LIMIT 1"], ids=["cross-join", "regex-join", "regex"])
def test_pathological_queries_time_out_and_others_still_answer(endpoint, text):
    answers = {}

    def slow():
        t0 = time.monotonic()
        try:
            _client(endpoint, text, JSON, POST).query().convert()
            answers["slow"] = ("ok", time.monotonic() - t0)
        except urllib.error.HTTPError as exc:
            answers["slow"] = (exc.code, time.monotonic() - t0, exc.read().decode("utf-8", "replace"))

    t = threading.Thread(target=slow)
    t.start()
    try:
        time.sleep(0.3)
        t0 = time.monotonic()
        assert _count(endpoint) > 0  # another client meanwhile
        assert time.monotonic() - t0 < 1.5
    finally:
        t.join(30)
    result = answers["slow"]
    if text.startswith(CATASTROPHIC[:20]):
        # Oxigraph's regex engine is linear-time: no catastrophe to stop, but it must end in time
        assert result[0] in ("ok", 504) and result[1] < TIMEOUT + 2
    else:
        assert result[0] == 504, result
        assert "time limit" in result[2]
        assert TIMEOUT - 0.2 <= result[1] < TIMEOUT + 3, result
    assert _count(endpoint) > 0  # and the next query answers


# -- lifecycle ------------------------------------------------------------------------------


def test_endpoint_stops_everything_it_started(served_out, oxigraph_bin):
    ep = Endpoint(served_out, port=0, timeout=TIMEOUT, quiet=True, binary=oxigraph_bin).start()
    backend = ep.backend
    port, private = ep.port, backend.port
    assert _count(ep) > 0
    ep.close()
    assert backend.proc is None
    for p in (port, private):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", p), timeout=1).close()


def test_cli_serve_runs_until_terminated(served_out, oxigraph_bin):
    port = free_port()
    env = dict(os.environ, CZT_KG_OXIGRAPH=oxigraph_bin)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--out", str(served_out), "--port", str(port), "--timeout", "5", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        line = proc.stdout.readline().decode("utf-8")
        assert f"http://127.0.0.1:{port}/sparql" in line, (line, proc.stderr.read1(2000) if proc.poll() is not None else "")
        status, _h, body = _http(f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                                 headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["boolean"] is True
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
        proc.stderr.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# -- push ---------------------------------------------------------------------------------


@pytest.fixture
def writable_store(tmp_path, oxigraph_bin):
    server = OxigraphProcess(tmp_path / "remote", timeout=30, binary=oxigraph_bin, read_write=True)
    server.start()
    try:
        yield f"http://{server.host}:{server.port}"
    finally:
        server.stop()


def _remote_count(base: str, graph: str | None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    url = base + "/query?" + urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"})
    _s, _h, body = _http(url, headers={"Accept": "application/sparql-results+json"})
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_push_puts_the_graph_into_a_graph_store(served_out, writable_store, capsys):
    n = len(Graph().parse(served_out / "czt.ttl"))
    iri = "https://w3id.org/czt-kg/graph/seed"
    assert main(["push", "--out", str(served_out), "--endpoint", writable_store + "/store", "--graph", iri]) == 0
    assert "pushed" in capsys.readouterr().out
    assert _remote_count(writable_store, iri) == n
    # PUT replaces: pushing again leaves the same graph
    assert main(["push", "--out", str(served_out), "--endpoint", writable_store + "/store", "--graph", iri]) == 0
    assert _remote_count(writable_store, iri) == n
    assert main(["push", "--out", str(served_out), "--endpoint", writable_store + "/store", "--named-graphs"]) == 0
    out = capsys.readouterr().out
    assert "the default graph" in out and out.count("pushed") > 2
    assert _remote_count(writable_store, None) == n


def test_push_errors_are_one_line(served_out, capsys):
    assert main(["push", "--out", str(served_out), "--endpoint", "file:///etc/passwd"]) == 2
    assert main(["push", "--out", str(served_out), "--endpoint", "http://127.0.0.1:9/store", "--graph", "not an iri"]) == 2
    port = free_port()
    assert main(["push", "--out", str(served_out), "--endpoint", f"http://127.0.0.1:{port}/store"]) == 6
    errs = capsys.readouterr().err.strip().splitlines()
    assert len(errs) == 3 and "cannot reach the store" in errs[-1]
