"""The hostile requests of ``tests/test_hostile_sparql.py``, generated and hand-written.

Every case is one HTTP request and what the answer must be.  Targets of ``SERVICE``,
``FROM``, ``LOAD`` and dataset parameters are loopback listeners the test runs (an
``http`` one and an ``https`` one, which count every TCP connection) and a ``file:``
path holding a secret marker; the test checks after every case that no listener was
reached, that the proxy process attempted no connection, and that the marker never
came back.
"""

from __future__ import annotations

import itertools
import urllib.parse
from dataclasses import dataclass, field

REFUSED = "refused"  # any 4xx
OK = "ok"  # 200
BOUNDED = "bounded"  # 200, 504 or 507: what matters is the time it takes


@dataclass
class Case:
    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    expect: str = REFUSED
    status: tuple[int, ...] = ()  # exact statuses allowed (overrides ``expect``)
    host: str | None = None  # Host header; None = the server's own host:port
    extra_hosts: tuple[str, ...] = ()  # further Host headers (duplicates)
    origin_check: bool = False  # the answer must carry no CORS grant
    slow: bool = False
    server: str = "main"  # "main" or "cors" (started with --cors http://app.example)
    cors_expect: str | None = None  # the Access-Control-Allow-Origin the cors server must send

    def allows(self, status: int | None) -> bool:
        if status is None:
            return False
        if self.status:
            return status in self.status
        if self.expect == REFUSED:
            return 400 <= status < 500
        if self.expect == OK:
            return status == 200
        return status in (200, 504, 507)


def _q(params: dict) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def get(name, path, params, **kw) -> Case:
    return Case(name, "GET", f"{path}?{_q(params)}" if params else path, **kw)


def post_form(name, path, params, **kw) -> Case:
    kw.setdefault("headers", {})["Content-Type"] = "application/x-www-form-urlencoded"
    return Case(name, "POST", path, _q(params).encode(), **kw)


def post_body(name, path, text, ctype, **kw) -> Case:
    kw.setdefault("headers", {})["Content-Type"] = ctype
    return Case(name, "POST", path, text.encode("utf-8") if isinstance(text, str) else text, **kw)


def query_transports(name, text, expect=REFUSED, **kw) -> list[Case]:
    """The same query text by GET, by form POST and by direct POST."""
    return [
        get(f"{name} [GET]", "/sparql", {"query": text}, expect=expect, **kw),
        post_form(f"{name} [POST form]", "/sparql", {"query": text}, expect=expect, **kw),
        post_body(f"{name} [POST sparql-query]", "/query", text, "application/sparql-query", expect=expect, **kw),
    ]


def _u(word: str, first: int = 1) -> str:
    """``SERVICE`` with its first ``first`` letters written as ``\\uXXXX`` escapes."""
    return "".join(f"\\u{ord(c):04X}" for c in word[:first]) + word[first:]


# -- SERVICE -------------------------------------------------------------------------

SERVICE_SPELLINGS = {
    "upper": "SERVICE",
    "lower": "service",
    "mixed": "SeRvIcE",
    "u-escape S": _u("SERVICE"),
    "u-escape all": _u("SERVICE", 7),
    "u-escape lower": "\\u0073ervice",
    "U-escape 8 hex": "\\U00000053ERVICE",
}


def service_targets(t) -> dict[str, tuple[str, str]]:
    """name → (prologue, target) — target as written after SERVICE [SILENT]."""
    return {
        "http IRI": ("", f"<{t['http']}/sparql>"),
        "https IRI": ("", f"<{t['https']}/sparql>"),
        "localhost IRI": ("", f"<{t['localhost']}/sparql>"),
        "prefixed name": (f"PREFIX ep: <{t['http']}/> ", "ep:sparql"),
        "relative IRI with BASE": (f"BASE <{t['http']}/> ", "<sparql>"),
        "variable bound by VALUES": (f"", "?ep"),
        "variable bound by BIND": ("", "?ep"),
    }


def _service_query(prologue: str, keyword: str, target: str, position: str, binder: str = "") -> str:
    inner = f"{keyword} {target} {{ ?s ?p ?o }}"
    bind = binder
    positions = {
        "top": f"SELECT * WHERE {{ {bind} {inner} }}",
        "OPTIONAL": f"SELECT * WHERE {{ {bind} ?a ?b ?c OPTIONAL {{ {inner} }} }} LIMIT 1",
        "UNION": f"SELECT * WHERE {{ {bind} {{ ?a ?b ?c }} UNION {{ {inner} }} }} LIMIT 1",
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {bind} {inner} }} }} }}",
        "nested subqueries": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {{ SELECT * WHERE {{ {bind} {inner} }} }} }} }} }}",
        "FILTER EXISTS": f"SELECT * WHERE {{ {bind} ?a ?b ?c FILTER EXISTS {{ {inner} }} }} LIMIT 1",
        "FILTER NOT EXISTS": f"SELECT * WHERE {{ {bind} ?a ?b ?c FILTER NOT EXISTS {{ {inner} }} }} LIMIT 1",
        "MINUS": f"SELECT * WHERE {{ {bind} ?a ?b ?c MINUS {{ {inner} }} }} LIMIT 1",
        "GRAPH": f"SELECT * WHERE {{ {bind} GRAPH ?g {{ {inner} }} }}",
        "ASK": f"ASK {{ {bind} {inner} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {bind} {inner} }}",
        "DESCRIBE": f"DESCRIBE ?s WHERE {{ {bind} {inner} }}",
    }
    return prologue + positions[position]


SERVICE_POSITIONS = ("top", "OPTIONAL", "UNION", "subquery", "nested subqueries", "FILTER EXISTS",
                     "FILTER NOT EXISTS", "MINUS", "GRAPH", "ASK", "CONSTRUCT", "DESCRIBE")


def service_cases(t) -> list[Case]:
    cases = []
    targets = service_targets(t)
    transports = itertools.cycle(("GET", "form", "direct"))

    def add(name, text):
        how = next(transports)
        if how == "GET":
            cases.append(get(f"{name} [GET]", "/sparql", {"query": text}))
        elif how == "form":
            cases.append(post_form(f"{name} [POST form]", "/sparql", {"query": text}))
        else:
            cases.append(post_body(f"{name} [POST sparql-query]", "/sparql", text, "application/sparql-query"))

    for (tname, (prologue, target)), silent in itertools.product(targets.items(), ("", "SILENT ")):
        binder = ""
        if tname == "variable bound by VALUES":
            binder = f"VALUES ?ep {{ <{t['http']}/sparql> }}"
        elif tname == "variable bound by BIND":
            binder = f"BIND(<{t['http']}/sparql> AS ?ep)"
        for position in SERVICE_POSITIONS:
            if silent and position not in ("top", "OPTIONAL", "subquery", "FILTER EXISTS"):
                continue
            add(f"SERVICE {silent}{tname} in {position}",
                _service_query(prologue, "SERVICE " + silent.strip(), target, position, binder))
    for sname, keyword in SERVICE_SPELLINGS.items():
        for position in ("top", "OPTIONAL", "subquery"):
            add(f"SERVICE spelt {sname} in {position}",
                _service_query("", keyword, f"<{t['http']}/sparql>", position))
    h = t["http"]
    hand = {
        "SERVICE with a comment before its IRI": f"SELECT * WHERE {{ SERVICE # hidden\n <{h}/sparql> {{ ?s ?p ?o }} }}",
        "SERVICE with a comment between keyword and SILENT": f"SELECT * WHERE {{ SERVICE#x\nSILENT#y\n<{h}/q>{{?s ?p ?o}} }}",
        "SERVICE with no whitespace at all": f"SELECT*WHERE{{SERVICE<{h}/sparql>{{?s?p?o}}}}",
        "SERVICE after a comment that ends the line with a quote": f"SELECT * WHERE {{ # \"\n SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE after a string holding a comment sign": f"SELECT * WHERE {{ BIND(\"#\" AS ?x) SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE after a string with an escaped quote": f"SELECT * WHERE {{ BIND(\"a\\\"b\" AS ?x) SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE after a long string with quotes": f"SELECT * WHERE {{ BIND(\"\"\"a\"b\"\"c\"\"\" AS ?x) SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE after a single-quoted string": f"SELECT * WHERE {{ BIND('it''s' AS ?x) SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE hidden in an IRI-looking comparison": f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b)SERVICE?ep#>\n{{ ?s ?p ?o }} VALUES ?ep {{ <{h}/x> }} }}",
        "SERVICE between two less-than comparisons": f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?c)SERVICE<{h}/x>{{?s ?p ?o}}FILTER(?c>?a) }}",
        "SERVICE in a FILTER(EXISTS) of a CONSTRUCT WHERE": f"CONSTRUCT WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{h}/x> {{ ?s ?p ?o }} }} }}",
        "SERVICE as the target of a property path query": f"SELECT * WHERE {{ ?s <urn:p>* ?o SERVICE <{h}/x> {{ ?o ?p ?q }} }}",
        "SERVICE after a 60 KB comment": "#" + "x" * 60_000 + f"\nSELECT * WHERE {{ SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE after 500 nested groups": "SELECT * WHERE " + "{ " * 500 + f"SERVICE <{h}/x> {{ ?s ?p ?o }}" + " }" * 500,
        "SERVICE with a unicode-escaped IRI": f"SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:{t['http_port']}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with a full-width space before it": f"SELECT * WHERE {{ ?s ?p ?o .\u3000SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with NUL byte in the query": f"SELECT * WHERE {{ \x00 SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE preceded by a BOM": f"\ufeffSELECT * WHERE {{ SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with a CR-only line break after a comment": f"SELECT * WHERE {{ # c\rSERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with a U+2028 line separator after a comment": f"SELECT * WHERE {{ # c\u2028SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with a vertical tab after a comment": f"SELECT * WHERE {{ # c\x0bSERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE with a form feed after a comment": f"SELECT * WHERE {{ # c\x0cSERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE in a second query after a semicolon": f"SELECT * WHERE {{ ?s ?p ?o }} ; SELECT * WHERE {{ SERVICE <{h}/x> {{ ?s ?p ?o }} }}",
        "SERVICE to an IRI from a string (IRI())": f"SELECT * WHERE {{ BIND(IRI(\"{h}/x\") AS ?ep) SERVICE ?ep {{ ?s ?p ?o }} }}",
        "SERVICE between comments holding triple single quotes": f"SELECT * WHERE {{ # '''\n SERVICE <{h}/x> {{ ?s ?p ?o }} # '''\n }}",
        "SERVICE between comments holding triple double quotes": f'SELECT * WHERE {{ # """\n SERVICE <{h}/x> {{ ?s ?p ?o }} # """\n }}',
        "SERVICE between comments holding < and >": f"SELECT * WHERE {{ # <\n SERVICE <{h}/x> {{ ?s ?p ?o }} # >\n }}",
        "SERVICE after a comment with an open quote": f"SELECT * WHERE {{ # it's\n SERVICE <{h}/x> {{ ?s ?p ?o }} # it's\n }}",
        "SERVICE inside a VALUES-bound GRAPH pattern": f"SELECT * WHERE {{ VALUES ?g {{ <{h}/g> }} GRAPH ?g {{ SERVICE ?g {{ ?s ?p ?o }} }} }}",
    }
    for name, text in hand.items():
        add(name, text)
    return cases


# -- FROM / FROM NAMED and dataset parameters ------------------------------------------


def from_cases(t) -> list[Case]:
    cases = []
    targets = {
        "http": f"<{t['http']}/g.ttl>",
        "https": f"<{t['https']}/g.ttl>",
        "file": f"<{t['file']}>",
        "localhost": f"<{t['localhost']}/g.ttl>",
        "prefixed name": "ex:g",
    }
    keywords = {
        "FROM": "FROM",
        "FROM NAMED": "FROM NAMED",
        "from named (lower case)": "from named",
        "\\u0046ROM": _u("FROM"),
        "FROM with a comment": "FROM # x\n",
    }
    forms = ["SELECT * {kw} WHERE {{ ?s ?p ?o }}", "ASK {kw} {{ ?s ?p ?o }}",
             "CONSTRUCT {{ ?s ?p ?o }} {kw} WHERE {{ ?s ?p ?o }}", "DESCRIBE ?s {kw} WHERE {{ ?s ?p ?o }}",
             "SELECT * {kw} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"]
    n = 0
    for (kname, kw), (tname, target) in itertools.product(keywords.items(), targets.items()):
        form = forms[n % len(forms)]
        n += 1
        text = f"PREFIX ex: <{t['http']}/> " + form.format(kw=f"{kw} {target}")
        how = ("GET", "form", "direct")[n % 3]
        name = f"{kname} {tname} ({form.split()[0]})"
        if how == "GET":
            cases.append(get(f"{name} [GET]", "/sparql", {"query": text}))
        elif how == "form":
            cases.append(post_form(f"{name} [POST form]", "/sparql", {"query": text}))
        else:
            cases.append(post_body(f"{name} [POST sparql-query]", "/sparql", text, "application/sparql-query"))
    cases.append(get("FROM and FROM NAMED together [GET]", "/sparql",
                     {"query": f"SELECT * FROM <{t['http']}/a> FROM NAMED <{t['file']}> WHERE {{ ?s ?p ?o }}"}))
    cases.append(get("FROM 50 times [GET]", "/sparql",
                     {"query": "SELECT * " + " ".join(f"FROM <{t['http']}/{i}>" for i in range(50)) + " WHERE { ?s ?p ?o }"}))

    params = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
    values = {"http": f"{t['http']}/g.ttl", "https": f"{t['https']}/g.ttl", "file": t["file"]}
    text = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for (p, (vname, v)), how in itertools.product(itertools.product(params, values.items()), ("GET", "form", "URL+body")):
        name = f"{p}={vname}"
        if how == "GET":
            cases.append(get(f"{name} [GET]", "/sparql", {"query": text, p: v}))
        elif how == "form":
            cases.append(post_form(f"{name} [POST form]", "/sparql", {"query": text, p: v}))
        else:
            cases.append(post_body(f"{name} [URL param, sparql-query body]", f"/sparql?{_q({p: v})}", text,
                                   "application/sparql-query"))
    return cases


# -- SPARQL Update -------------------------------------------------------------------------


def update_texts(t) -> dict[str, str]:
    h, s = t["http"], t["https"]
    return {
        "INSERT DATA": "INSERT DATA { <urn:x:s> <urn:x:p> \"inserted\" }",
        "INSERT DATA into a graph": "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> \"inserted\" } }",
        "DELETE DATA": "DELETE DATA { <urn:x:s> <urn:x:p> \"inserted\" }",
        "DELETE WHERE (everything)": "DELETE WHERE { ?s ?p ?o }",
        "DELETE/INSERT WHERE": "DELETE { ?s ?p ?o } INSERT { ?s ?p \"changed\" } WHERE { ?s ?p ?o }",
        "WITH … DELETE WHERE": "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE … USING": f"DELETE {{ ?s ?p ?o }} USING <{h}/g> WHERE {{ ?s ?p ?o }}",
        "LOAD http": f"LOAD <{h}/data.ttl>",
        "LOAD SILENT https INTO GRAPH": f"LOAD SILENT <{s}/data.ttl> INTO GRAPH <urn:x:g>",
        "LOAD file": f"LOAD <{t['file']}>",
        "CLEAR ALL": "CLEAR ALL",
        "CLEAR DEFAULT": "CLEAR DEFAULT",
        "CLEAR SILENT GRAPH": "CLEAR SILENT GRAPH <urn:x:g>",
        "DROP ALL": "DROP ALL",
        "DROP NAMED": "DROP NAMED",
        "DROP SILENT DEFAULT": "DROP SILENT DEFAULT",
        "CREATE GRAPH": "CREATE GRAPH <urn:x:new>",
        "ADD": "ADD DEFAULT TO <urn:x:g>",
        "MOVE": "MOVE DEFAULT TO <urn:x:g>",
        "COPY": "COPY SILENT <urn:x:a> TO DEFAULT",
        "two operations": "INSERT DATA { <urn:x:s> <urn:x:p> 1 } ; DROP ALL",
        "\\u-escaped DROP": _u("DROP") + " ALL",
        "update with a leading comment": "# just a query\nDROP ALL",
        "SELECT then DROP": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    }


def update_cases(t) -> list[Case]:
    cases = []
    for name, text in update_texts(t).items():
        cases += [
            post_body(f"{name} [POST sparql-update /sparql]", "/sparql", text, "application/sparql-update"),
            post_body(f"{name} [POST sparql-update /update]", "/update", text, "application/sparql-update"),
            post_form(f"{name} [POST form update= /sparql]", "/sparql", {"update": text}),
            post_form(f"{name} [POST form update= /update]", "/update", {"update": text}),
            get(f"{name} [GET ?update= /sparql]", "/sparql", {"update": text}),
            get(f"{name} [GET ?update= /update]", "/update", {"update": text}),
            get(f"{name} [GET as query=]", "/sparql", {"query": text}),
            post_body(f"{name} [POST as sparql-query]", "/query", text, "application/sparql-query"),
            post_form(f"{name} [POST form query= and update=]", "/sparql",
                      {"query": "ASK {}", "update": text}),
        ]
    cases.append(post_body("DROP ALL [POST sparql-update with charset]", "/sparql", "DROP ALL",
                           "Application/SPARQL-Update; charset=utf-8"))
    cases.append(post_body("DROP ALL [POST text/plain]", "/sparql", "DROP ALL", "text/plain"))
    cases.append(post_body("DROP ALL [POST no content type]", "/sparql", "DROP ALL", ""))
    cases.append(post_body("DROP ALL [POST to /]", "/", "DROP ALL", "application/sparql-update"))
    cases.append(post_body("DROP ALL [POST to /sparql/update]", "/sparql/update", "DROP ALL", "application/sparql-update"))
    return cases


# -- Graph Store Protocol writes -------------------------------------------------------------


def store_cases(t) -> list[Case]:
    cases = []
    turtle = b"<urn:x:s> <urn:x:p> \"stored\" .\n"
    paths = ["/store", "/store?default", "/store?graph=urn:x:g", f"/store?graph={urllib.parse.quote(t['doc_graph'], safe='')}",
             "/store/", "//store", "/STORE", "/%73tore", "/store;x", "/./store", "/store?graph=urn:x:g&default",
             "/sparql", "/query", "/update", "/", "/data", "/rdf-graphs/service", "/repositories/x/statements"]
    for method, path in itertools.product(("PUT", "POST", "DELETE", "PATCH"), paths):
        body = None if method == "DELETE" else turtle
        headers = {} if body is None else {"Content-Type": "text/turtle"}
        cases.append(Case(f"Graph Store {method} {path}", method, path, body, headers))
    cases.append(Case("Graph Store POST N-Quads to /store", "POST", "/store",
                      b"<urn:x:s> <urn:x:p> \"q\" <urn:x:g> .\n", {"Content-Type": "application/n-quads"}))
    cases.append(Case("Graph Store PUT with method override header", "POST", "/store?default", turtle,
                      {"Content-Type": "text/turtle", "X-HTTP-Method-Override": "PUT"}))
    for method in ("TRACE", "CONNECT", "PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK"):
        cases.append(Case(f"method {method} on /store", method, "/store", None, {},
                          status=(400, 403, 404, 405, 501)))
    return cases


# -- runaway queries ------------------------------------------------------------------------


def slow_cases(t) -> list[Case]:
    texts = {
        "triple cross join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "cross join counted (no streaming)": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "cross join ordered": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(CONCAT(STR(?c), STR(?f)))",
        "catastrophic regex (a+)+": 'SELECT ?s WHERE { ?s ?p ?o . ?x ?y ?z FILTER(REGEX(CONCAT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", STR(?o)), "^(a+)+$")) }',
        "catastrophic regex (\\w+\\s?)*": 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "^(\\\\w+\\\\s?)*$")) }',
        "catastrophic regex nested": 'ASK { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(CONCAT(STR(?c), STR(?f), "!"), "^((a|aa)+)+$|^(.*a){20}$")) }',
        "property path closure over everything": "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x:none>)* ?b . ?c ?d ?e }",
        "CONSTRUCT cross join": "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
        "GROUP_CONCAT of a cross join": "SELECT (GROUP_CONCAT(CONCAT(STR(?c), STR(?f))) AS ?x) WHERE { ?a ?b ?c . ?d ?e ?f }",
        "string blow-up": 'SELECT (STRLEN(GROUP_CONCAT(?x; separator="")) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f BIND(CONCAT(STR(?c), STR(?c), STR(?c), STR(?f)) AS ?x) }',
    }
    cases = []
    # parse bombs: rdflib's parser (the gate every query passes) takes minutes on some
    bombs = {
        "parse bomb: 1+1+… 40 KB in a FILTER": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20000) + ") }",
        "parse bomb: 2000 UNION branches": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 2000) + " }",
        "parse bomb: VALUES with 20000 numbers": "SELECT * WHERE { VALUES ?x { " + " ".join(map(str, range(20000))) + " } }",
        "parse bomb: 1*1*… 30 KB in a BIND": "SELECT * WHERE { BIND(" + "*".join(["1"] * 15000) + " AS ?x) }",
    }
    for name, text in bombs.items():
        cases.append(post_body(f"{name} [POST sparql-query]", "/sparql", text, "application/sparql-query",
                               status=(200, 400, 504), slow=True))
    cases.append(get("parse bomb: 1+1+… 40 KB in a FILTER [GET]", "/sparql",
                     {"query": "ASK { FILTER(" + "+".join(["1"] * 9000) + ") }"}, status=(200, 400, 504), slow=True))
    for i, (name, text) in enumerate(texts.items()):
        how = ("GET", "form", "direct")[i % 3]
        if how == "GET":
            cases.append(get(f"{name} [GET]", "/sparql", {"query": text}, expect=BOUNDED, slow=True))
        elif how == "form":
            cases.append(post_form(f"{name} [POST form]", "/sparql", {"query": text}, expect=BOUNDED, slow=True))
        else:
            cases.append(post_body(f"{name} [POST sparql-query]", "/sparql", text, "application/sparql-query",
                                   expect=BOUNDED, slow=True))
    return cases


# -- sizes -------------------------------------------------------------------------------------

TEN_MB = 10 * 1024 * 1024


def size_cases(t) -> list[Case]:
    big_comment = "#" + "x" * TEN_MB + "\nASK {}"
    big_query = "SELECT * WHERE { " + "?s ?p ?o . " * (TEN_MB // 11) + "}"
    cases = [
        post_body("10 MB query body (sparql-query)", "/sparql", big_comment, "application/sparql-query", status=(413,)),
        post_body("10 MB query of triple patterns", "/sparql", big_query, "application/sparql-query", status=(413,)),
        post_form("10 MB form", "/sparql", {"query": big_comment}, status=(413,)),
        post_body("10 MB update body", "/sparql", "INSERT DATA { " + "<urn:a> <urn:b> 1 . " * (TEN_MB // 20) + "}",
                  "application/sparql-update", status=(403, 413)),
        post_body("10 MB to /update", "/update", "x" * TEN_MB, "application/sparql-update", status=(403, 413)),
        Case("10 MB Graph Store PUT", "PUT", "/store?default", b"<urn:a> <urn:b> 1 .\n" * (TEN_MB // 20),
             {"Content-Type": "text/turtle"}, status=(405, 413)),
        Case("10 MB POST to an unknown path", "POST", "/nowhere", b"x" * TEN_MB, {"Content-Type": "text/plain"},
             status=(404, 413)),
        Case("10 MB chunked body", "POST", "/sparql", None,
             {"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"}, status=(411, 413)),
        Case("Content-Length larger than the body sent", "POST", "/sparql", b"ASK {}",
             {"Content-Type": "application/sparql-query", "Content-Length": str(TEN_MB)}, status=(413,)),
        Case("negative Content-Length", "POST", "/sparql", b"ASK {}",
             {"Content-Type": "application/sparql-query", "Content-Length": "-5"}, status=(400,)),
        Case("non-numeric Content-Length", "POST", "/sparql", b"ASK {}",
             {"Content-Type": "application/sparql-query", "Content-Length": "1e9"}, status=(400,)),
        get("100 KB URL (query of comments)", "/sparql", {"query": "#" + "y" * 100_000 + "\nASK {}"}, status=(414,)),
        get("100 KB URL (SERVICE at the end)", "/sparql",
            {"query": "#" + "y" * 100_000 + f"\nASK {{ SERVICE <{t['http']}/x> {{ ?s ?p ?o }} }}"}, status=(414,)),
        Case("100 KB path", "GET", "/" + "a" * 100_000, status=(414,)),
        Case("100 KB header", "GET", "/sparql?query=ASK%20%7B%7D", None, {"X-Big": "z" * 100_000}, status=(400, 431)),
        Case("1000 headers", "GET", "/sparql?query=ASK%20%7B%7D", None, {f"X-H{i}": "v" for i in range(1000)},
             status=(400, 431)),
        get("60 KB URL with SERVICE at the end", "/sparql",
            {"query": "#" + "y" * 60_000 + f"\nASK {{ SERVICE <{t['http']}/x> {{ ?s ?p ?o }} }}"}, status=(403,)),
        post_body("300 KB query over the length limit", "/sparql", "#" + "z" * 300_000 + "\nASK {}",
                  "application/sparql-query", status=(400, 413)),
    ]
    return cases


# -- Host and Origin ------------------------------------------------------------------------------

ASK = "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")


def host_cases(t) -> list[Case]:
    port = t["port"]
    bad = ["evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}",
           f"0.0.0.0:{port}", f"[::ffff:127.0.0.1]:{port}", f"localhost.:{port}", f"localhost:{port + 1}",
           "localhost:80", f"127.0.0.2:{port}", f"2130706433:{port}", f"0x7f000001:{port}", f"evil@localhost:{port}",
           f"localhost:{port}@evil.example", f"localhost :{port}", f"localhost%00:{port}", f"LOCALHOST.evil.example:{port}",
           f"[::1]:{port + 1}", f"[::2]:{port}"]
    cases = []
    for i, h in enumerate(bad):
        path = (ASK, "/", "/store?default", "/yasgui.min.js")[i % 4]
        cases.append(Case(f"DNS rebinding Host: {h!r} on {path.split('?')[0]}", "GET", path, host=h, status=(400, 403)))
    cases.append(Case("DNS rebinding Host on a POST query", "POST", "/sparql", b"ASK {}",
                      {"Content-Type": "application/sparql-query"}, host=f"evil.example:{port}", status=(400, 403)))
    cases.append(Case("two Host headers, own first", "GET", ASK, host=f"127.0.0.1:{port}",
                      extra_hosts=(f"evil.example:{port}",), status=(400, 403)))
    cases.append(Case("two Host headers, foreign first", "GET", ASK, host=f"evil.example:{port}",
                      extra_hosts=(f"127.0.0.1:{port}",), status=(400, 403)))
    cases.append(Case("empty Host", "GET", ASK, host="", status=(400, 403)))
    cases.append(Case("absolute-form request line to a foreign host", "GET",
                      f"http://evil.example:{port}" + ASK, host=f"127.0.0.1:{port}", status=(400, 403, 404)))
    for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", "localhost", f"[::1]:{port}"):
        cases.append(Case(f"own Host {good!r} is answered", "GET", ASK, host=good, expect=OK))
    return cases


def origin_cases(t) -> list[Case]:
    port = t["port"]
    origins = ["http://evil.example", "null", f"http://localhost.evil.example:{port}", "http://127.0.0.1:1",
               f"https://localhost:{port}", "file://", "http://app.example.evil.example", "http://app.example:8080",
               "https://app.example"]
    cases = []
    for o in origins:
        for server in ("main", "cors"):
            cases.append(Case(f"foreign Origin {o} on GET [{server}]", "GET", ASK, None, {"Origin": o},
                              expect=OK, origin_check=True, server=server))
            cases.append(Case(f"foreign Origin {o} preflight for POST [{server}]", "OPTIONS", "/sparql", None,
                              {"Origin": o, "Access-Control-Request-Method": "POST",
                               "Access-Control-Request-Headers": "content-type"},
                              status=(200, 204, 403), origin_check=True, server=server))
        cases.append(Case(f"foreign Origin {o} preflight for PUT /store", "OPTIONS", "/store", None,
                          {"Origin": o, "Access-Control-Request-Method": "PUT"},
                          status=(200, 204, 403, 404, 405), origin_check=True))
        cases.append(post_form(f"foreign Origin {o} form POST (CSRF shape)", "/sparql", {"query": "ASK {}"},
                               headers={"Origin": o}, expect=OK, origin_check=True))
    cases.append(Case("configured Origin gets its own grant", "GET", ASK, None, {"Origin": "http://app.example"},
                      expect=OK, server="cors", cors_expect="http://app.example"))
    cases.append(Case("configured Origin preflight", "OPTIONS", "/sparql", None,
                      {"Origin": "http://app.example", "Access-Control-Request-Method": "POST"},
                      status=(200, 204), server="cors", cors_expect="http://app.example"))
    cases.append(Case("configured Origin on an update still refused", "POST", "/sparql", b"DROP ALL",
                      {"Origin": "http://app.example", "Content-Type": "application/sparql-update"},
                      server="cors", cors_expect="http://app.example"))
    return cases


# -- benign controls (the endpoint is not just refusing everything) ---------------------------------


def control_cases(t) -> list[Case]:
    texts = {
        "the word SERVICE in a string": 'SELECT * WHERE { ?s ?p ?o FILTER(?o = "SERVICE <http://x/> FROM") } LIMIT 1',
        "the word SERVICE in an IRI": "SELECT * WHERE { ?s <http://schema.org/Service> ?o } LIMIT 1",
        "the word FROM in a comment": "# FROM <http://x/>\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
        "a variable named ?service and ?from": "SELECT ?service ?from WHERE { ?service ?p ?from } LIMIT 1",
        "a prefixed name ending in :service": "PREFIX ex: <urn:x:> SELECT * WHERE { ?s ex:service ?o } LIMIT 1",
        "GRAPH ?g provenance": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "DESCRIBE of a listener IRI (no fetch)": f"DESCRIBE <{t['http']}/thing>",
    }
    cases = []
    for name, text in texts.items():
        cases += query_transports(f"control: {name}", text, expect=OK)
    return cases


def query_text(case: Case) -> str | None:
    """The SPARQL text a case sends (GET ``query=``, form ``query=``, or the body), if any."""
    if case.method == "GET" and "?" in case.path:
        return (urllib.parse.parse_qs(case.path.split("?", 1)[1]).get("query") or [None])[0]
    if case.body is None:
        return None
    if case.headers.get("Content-Type") == "application/x-www-form-urlencoded":
        return (urllib.parse.parse_qs(case.body.decode()).get("query") or [None])[0]
    return case.body.decode("utf-8", "replace")


def all_cases(t) -> list[Case]:
    groups = [service_cases, from_cases, update_cases, store_cases, slow_cases, size_cases, host_cases,
              origin_cases, control_cases]
    cases = [c for g in groups for c in g(t)]
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names: {sorted(dup)[:5]}"
    return cases
