"""SPARQL over the built graph: named queries, safe parameters, result formats.

Named queries live in ``graph/queries/*.rq``.  Their header comments declare a
one-line description and their parameters::

    # description: Agreements a city's bodies signed, with the sentence that says so
    # param: city — zh label of a city, e.g. 萍乡市

Parameter values are bound as RDF terms (``initBindings``), never pasted into the
query text.  Queries that would write (SPARQL Update), reach the network
(``SERVICE``) or read other datasets (``FROM``/``FROM NAMED``) are refused before
they run.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from .errors import QueryRefused, UsageError

QUERY_DIR = Path(__file__).with_name("queries")
_HEADER = re.compile(r"^#\s*(?P<key>description|param)\s*:\s*(?P<value>.+?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–-]+\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[tuple[str, str], ...]  # (name, description)
    text: str
    path: Path


def named_queries(folder: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """Every ``.rq`` file of ``folder`` by name (file stem)."""
    out = {}
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        description, params = "", []
        for line in text.splitlines():
            m = _HEADER.match(line)
            if not m:
                continue
            if m["key"] == "description":
                description = m["value"]
            else:
                p = _PARAM.match(m["value"])
                if p:
                    params.append((p["name"], p["doc"] or ""))
        out[path.stem] = NamedQuery(path.stem, description, tuple(params), text, path)
    return out


def resolve_query(query_or_name: str) -> tuple[str, NamedQuery | None]:
    """A named query, a ``.rq`` file path, or literal SPARQL text."""
    queries = named_queries()
    if query_or_name in queries:
        q = queries[query_or_name]
        return q.text, q
    path = Path(query_or_name)
    if query_or_name.endswith((".rq", ".sparql")) or (len(query_or_name) < 256 and "\n" not in query_or_name and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), None
        except OSError as exc:
            raise UsageError(f"cannot read query file: {exc.strerror or exc}", path=path) from None
    if re.fullmatch(r"[A-Za-z0-9_-]+", query_or_name):
        raise UsageError(
            f"no named query {query_or_name!r}; `czt-kg query --list` shows them: {', '.join(sorted(queries))}"
        )
    return query_or_name, None


def parse_param(value: str) -> Literal | URIRef:
    """``萍乡市`` → "萍乡市"@zh; ``<https://…>`` → IRI; numbers stay typed literals."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value, lang="zh") if any(unicodedata.name(c, "").startswith("CJK") for c in value) else Literal(value)


def bindings_for(q: NamedQuery | None, params: dict[str, str]) -> dict[str, object]:
    if q is None:
        return {k: parse_param(v) for k, v in params.items()}
    declared = {n for n, _ in q.params}
    unknown = sorted(set(params) - declared)
    if unknown:
        raise UsageError(f"query {q.name!r} has no parameter {unknown[0]!r} (it takes: {', '.join(sorted(declared)) or 'none'})")
    missing = sorted(declared - set(params))
    if missing:
        raise UsageError(f"query {q.name!r} needs --param {missing[0]}=VALUE")
    return {k: parse_param(v) for k, v in params.items()}


def check_safe(text: str) -> None:
    """Refuse updates, SERVICE and FROM/FROM NAMED before anything runs."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception as exc:
        if _looks_like_update(text):
            raise QueryRefused("SPARQL Update is not allowed: the graph is read-only") from None
        raise UsageError(f"not a valid SPARQL query: {str(exc).splitlines()[0]}") from None
    if parsed[1].get("datasetClause"):
        raise QueryRefused("FROM / FROM NAMED is not allowed: queries run over the built graph only")
    algebra = translateQuery(parsed).algebra
    if _contains(algebra, "ServiceGraphPattern"):
        raise QueryRefused("SERVICE is not allowed: queries never reach the network")


def _looks_like_update(text: str) -> bool:
    body = re.sub(r"#[^\n]*", "", text).upper()
    return bool(re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", body))


def _contains(node, name: str, depth: int = 0) -> bool:
    if depth > 200:
        return False
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_contains(v, name, depth + 1) for v in node)
    return False


def load_graph(path: Path) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise UsageError("graph file not found (run `czt-kg build` first)", path=path)
    fmt = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".nt": "nt"}.get(path.suffix)
    if fmt is None:
        raise UsageError("unknown graph format (expected .ttl, .trig, .nq, .nt or .jsonld)", path=path)
    g = Graph()
    g.parse(path, format=fmt)
    return g


def run_query(g: Graph, text: str, bindings: dict | None = None) -> Result:
    """Check the query is safe, then run it over ``g`` with parameters bound as terms."""
    check_safe(text)
    return g.query(text, initBindings=bindings or {})


# -- result formats -------------------------------------------------------------


def _cell(term) -> str:
    return "" if term is None else str(term)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def format_table(result: Result, max_width: int = 60) -> str:
    """Aligned text table; CJK characters count as two columns."""
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    head = [str(v) for v in result.vars]
    rows = [[_clip(_cell(r[v]), max_width) for v in result.vars] for r in result]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _clip(s: str, n: int) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def format_csv(result: Result, delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow([str(v) for v in result.vars])
    for r in result:
        w.writerow([_cell(r[v]) for v in result.vars])
    return buf.getvalue()


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps(json.loads(result.serialize(format="json")), ensure_ascii=False, indent=1)


def format_result(result: Result, fmt: str) -> str:
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "tsv":
        return format_csv(result, "\t")
    if fmt == "json":
        return format_json(result)
    if fmt == "xml":
        return result.serialize(format="xml").decode("utf-8")
    raise UsageError(f"unknown format {fmt!r} (table, csv, tsv, json, xml)")
