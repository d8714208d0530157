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


def _reap(proc: subprocess.Popen) -> None:
    """Kill a `czt-kg serve` child the test left running and close its pipes."""
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    proc.stdout.close()
    proc.stderr.close()


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
        _reap(proc)
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


# -- serve --memory -----------------------------------------------------------------------


class _RecordingProxy:
    """Sits between the front and its Oxigraph backend and records every request it passes on."""

    def __init__(self, upstream: tuple[str, int]):
        import http.client
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _pass(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                seen.append((self.command, self.path, self.headers.get("Content-Type", ""), body))
                conn = http.client.HTTPConnection(*upstream, timeout=30)
                conn.request(self.command, self.path, body=body or None,
                             headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
                resp = conn.getresponse()
                data = resp.read()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() in ("content-type",):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = self.httpd.server_address
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def memory_endpoint(served_out, oxigraph_bin):
    with Endpoint(served_out, port=0, timeout=TIMEOUT, quiet=True, binary=oxigraph_bin, memory=True) as ep:
        yield ep


def _all_quads(ep) -> list[str]:
    text = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    status, _h, body = _http(ep.url, text.encode(), "POST",
                             {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    assert status == 200
    return sorted(body.decode("utf-8").splitlines()[1:])


def test_memory_endpoint_serves_the_same_dataset_and_answers(endpoint, memory_endpoint):
    assert memory_endpoint.backend.store is None and memory_endpoint.backend.memory.name == "czt.trig"
    assert _all_quads(memory_endpoint) == _all_quads(endpoint)
    from graph import query as Q

    for q in Q.named_queries().values():
        bindings = Q.bindings_for(q, {n: {"city": "萍乡市", "name": "湘潭市"}[n] for n, _ in q.params})
        answers = []
        for ep in (endpoint, memory_endpoint):
            kind, payload = Q.query_endpoint(ep.url, q.text, bindings, timeout=30)
            answers.append(Q.format_raw(kind, payload, "tsv"))
        assert answers[0] == answers[1], q.name
        assert answers[0].count("\n") > 1, q.name


def test_no_write_reaches_the_in_memory_engine(memory_endpoint, listener, tmp_path):
    """The --memory backend is a writable Oxigraph: every request the front sends it is recorded, and only reads pass."""
    from graph.query import check_safe

    from .hostile_sparql_cases import store_cases, update_cases
    from .test_hostile_sparql import send

    before = _all_quads(memory_endpoint)
    proxy = _RecordingProxy(memory_endpoint.httpd.upstream)
    memory_endpoint.httpd.upstream = proxy.address
    try:
        targets = {"http": listener.url, "http_port": int(listener.url.rsplit(":", 1)[1]),
                   "https": "https://127.0.0.1:9", "localhost": listener.url.replace("127.0.0.1", "localhost"),
                   "file": (tmp_path / "x.ttl").as_uri(), "port": memory_endpoint.port, "doc_graph": "urn:x:g"}
        cases = update_cases(targets) + store_cases(targets)
        assert len(cases) > 100
        for case in cases:
            a = send(memory_endpoint.port, case.method, case.path, body=case.body, headers=dict(case.headers),
                     host=case.host, extra_hosts=case.extra_hosts)
            assert case.allows(a.status) and a.status not in (200, 204), (case.name, a.status, a.body[:200])
        # SPARQLWrapper's updates and the protocol's raw write requests, as in the store-backed test
        for text in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "CLEAR DEFAULT"):
            with pytest.raises(urllib.error.HTTPError):
                _client(memory_endpoint, text, JSON, POST).query()
        # reads still work through the proxy
        assert _count(memory_endpoint) > 0
        status, _h, _b = _http(memory_endpoint.base_url + "/store?default", headers={"Accept": "application/n-triples"})
        assert status == 200
    finally:
        memory_endpoint.httpd.upstream = (memory_endpoint.backend.host, memory_endpoint.backend.port)
        proxy.close()
    assert proxy.seen, "the proxy saw the reads"
    for method, path, ctype, body in proxy.seen:
        bare = path.split("?", 1)[0]
        if (method, bare) == ("POST", "/query"):
            assert ctype.startswith("application/sparql-query")
            assert check_safe(body.decode("utf-8")) in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")
        else:
            assert method in ("GET", "HEAD") and bare == "/store", (method, path)
    assert _all_quads(memory_endpoint) == before
    assert listener.hits == []


def test_query_endpoint_gives_the_cli_output_of_the_local_engine(served_out, memory_endpoint, capsys):
    outputs = {}
    for where in ("local", "endpoint"):
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            extra = ["--endpoint", memory_endpoint.url] if where == "endpoint" else []
            assert main(["query", "agreements-of", "--param", "city=萍乡市", "--out", str(served_out), "--format", fmt, *extra]) == 0
            outputs[where, fmt] = capsys.readouterr().out
    for fmt in ("table", "csv", "tsv", "json", "xml"):
        assert outputs["local", fmt] == outputs["endpoint", fmt], fmt
    assert outputs["local", "table"].rstrip().endswith("(2 rows)")
    assert main(["query", "DROP ALL", "--endpoint", memory_endpoint.url]) == 5
    assert main(["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--endpoint", memory_endpoint.url]) == 5
    assert main(["query", "ASK { ?s ?p ?o }", "--endpoint", memory_endpoint.url]) == 0
    assert capsys.readouterr().out.strip().endswith("true")


# -- an engine that dies is replaced, the front stays ---------------------------------------


DEEP = {
    "2000 UNION branches": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 2000) + " }",
    "1+1+… 20000 terms": "ASK { FILTER(" + "+".join(["1"] * 20000) + ") }",
    "1600 nested parentheses": "ASK { FILTER(" + "(" * 1600 + "1" + ")" * 1600 + ") }",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_queries_deeper_than_oxigraph_survives_are_refused_first(endpoint, name):
    """Such queries overflow Oxigraph's stack and abort its whole process; they must never reach it."""
    pid = endpoint.backend.proc.pid
    t0 = time.monotonic()
    status, _h, body = _http(endpoint.url, DEEP[name].encode(), "POST", {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"too deeply nested" in body, (status, body[:200])
    assert time.monotonic() - t0 < TIMEOUT
    assert endpoint.backend.alive() and endpoint.backend.proc.pid == pid
    assert _count(endpoint) > 0


def test_cli_serve_replaces_a_dead_engine_and_keeps_its_port(served_out, oxigraph_bin):
    env = dict(os.environ, CZT_KG_OXIGRAPH=oxigraph_bin)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--out", str(served_out), "--port", "0", "--timeout", "5", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parent.parent,
    )
    ask = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    try:
        line = proc.stdout.readline().decode("utf-8")
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        children = [int(c) for t in Path(f"/proc/{proc.pid}/task").iterdir() for c in (t / "children").read_text().split()]
        oxigraph = [c for c in children if b"serve-read-only" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(oxigraph) == 1
        os.kill(oxigraph[0], signal.SIGKILL)  # as a stack overflow would end it
        deadline = time.monotonic() + 20
        status = None
        while time.monotonic() < deadline:
            status, _h, body = _http(f"http://127.0.0.1:{port}/sparql?{ask}", headers={"Accept": "application/sparql-results+json"})
            if status == 200:
                break
            assert status == 502, (status, body[:200])
            time.sleep(0.2)
        assert status == 200 and proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
        assert b"stopped unexpectedly" in proc.stderr.read()
    finally:
        _reap(proc)


# -- `czt-kg query` asks a running `czt-kg serve` of the same folder ---------------------------------


@pytest.fixture
def advertised(served_out, oxigraph_bin, tmp_path):
    """A copy of the served folder with a `serve --memory` of it running and advertised in it."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("czt.ttl", "czt.trig"):
        shutil.copy2(served_out / name, out / name)
    S.load_store(out)
    with Endpoint(out, port=0, timeout=TIMEOUT, quiet=True, binary=oxigraph_bin, memory=True, advertise=True) as ep:
        yield out, ep


def test_query_asks_a_running_server_of_the_same_graph_and_says_so(advertised, listener, capsys):
    out, ep = advertised
    doc = json.loads(S.server_file(out).read_text(encoding="utf-8"))
    assert doc["url"] == ep.url and doc["pid"] == os.getpid() and doc["memory"] is True
    args = ["query", "agreements-of", "--param", "city=萍乡市", "--out", str(out), "--format", "tsv"]
    assert main(args) == 0
    served = capsys.readouterr()
    assert f"answered by the running `czt-kg serve --memory` at {ep.url}" in served.err
    assert main(args + ["--no-endpoint"]) == 0
    local = capsys.readouterr()
    assert local.out == served.out and "answered by" not in local.err
    # refusals stand, whoever answers; nothing leaves the machine
    assert main(["query", f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", "--out", str(out)]) == 5
    assert main(["query", "DROP ALL", "--out", str(out)]) == 5
    assert not listener.hits
    # a runaway query ends within the command's --timeout, not the server's
    t0 = time.monotonic()
    assert main(["query", CROSS_JOIN_ROWS, "--out", str(out), "--timeout", "1"]) == 5
    assert time.monotonic() - t0 < 1.9
    assert "did not answer within 1 s" in capsys.readouterr().err
    assert main(["query", "ASK { ?s ?p ?o }", "--out", str(out)]) == 0
    # only a loopback bind is advertised (another one may accept other Host names only)
    for host, advertised in (("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False),
                             ("::", False), ("192.168.1.2", False)):
        assert Endpoint(out, host=host, port=0, advertise=True)._advertised() is advertised, host


def test_query_ignores_a_server_of_other_data_a_dead_one_or_a_foreign_address(advertised, capsys):
    out, ep = advertised
    path = S.server_file(out)
    good = path.read_text(encoding="utf-8")
    args = ["query", "ASK { ?s ?p ?o }", "--out", str(out)]

    def answered_by_server() -> bool:
        assert main(args) == 0
        return "answered by" in capsys.readouterr().err

    assert answered_by_server()
    doc = json.loads(good)
    for change in ({"url": ep.url.replace("127.0.0.1", "localhost")},  # a name would need a lookup
                   {"url": f"http://10.1.2.3:{ep.port}/sparql"},
                   {"url": ep.url.replace("http:", "https:")},
                   {"pid": 2 ** 22 + 12345},  # no such process
                   {"source": dict(doc["source"], size=1, mtime_ns=1)},
                   {"source": dict(doc["source"], mtime_ns=1, sha256="0" * 64)}):
        path.write_text(json.dumps(dict(doc, **change)), encoding="utf-8")
        assert not answered_by_server(), change
    path.write_text("not json", encoding="utf-8")
    assert not answered_by_server()
    # the same bytes written again (a new time): still the same data
    path.write_text(good, encoding="utf-8")
    trig = out / "czt.trig"
    trig.write_bytes(trig.read_bytes())
    assert answered_by_server()
    # another graph: the store (reloaded) answers
    trig.write_bytes(trig.read_bytes() + b"\n<urn:x:s> <urn:x:p> <urn:x:o> .\n")
    assert main(["query", "ASK { <urn:x:s> ?p ?o }", "--out", str(out), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "answered by" not in captured.err and captured.out.strip() == "true"
    # a server that went away: the store answers, with a note
    ep.close()
    assert not path.exists()
    path.write_text(json.dumps(dict(doc, source=S.source_fingerprint(out))), encoding="utf-8")
    assert main(args) == 0
    assert "did not answer; querying" in capsys.readouterr().err
