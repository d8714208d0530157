"""SPARQL over the built graph: named queries, safe parameters, two engines, result formats.

Named queries live in ``graph/queries/*.rq``.  Their header comments declare a
one-line description and their parameters::

    # description: Agreements a city's bodies signed, with the sentence that says so
    # param: city — zh label of a city, e.g. 萍乡市

Parameter values are bound as RDF terms — rdflib ``initBindings``, pyoxigraph
``substitutions`` — never pasted into the query text.  Oxigraph substitutes only
variables of the ``SELECT`` clause (SEP-0007), so a named query projects its
parameters.

Queries that would write (SPARQL Update), reach the network (``SERVICE``) or read
other datasets (``FROM``/``FROM NAMED``) are refused by :func:`check_safe` before
they run; rdflib's own loaders for those are switched off as well
(:func:`harden_rdflib`).

Engines (:func:`execute`): ``rdflib`` reads ``czt.trig`` into a
``Dataset(default_union=True)``; ``oxigraph`` queries the persistent store
``out/store`` (see :mod:`graph.store`).  Both see the same dataset — the merged
graph as the default graph, one named graph per document — and both hand back
an rdflib :class:`~rdflib.query.Result`, so every output format is produced by
the same code whatever the engine.  :func:`execute` runs the query in a child
process it kills at the time limit: neither engine can be interrupted in-process.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import threading
import time
import unicodedata
from collections import namedtuple
from functools import lru_cache
from pathlib import Path

from .errors import CztError, QueryRefused, QueryTimeout, UsageError

QUERY_DIR = Path(__file__).with_name("queries")
ENGINES = ("rdflib", "oxigraph")
DEFAULT_TIMEOUT = 30.0
MAX_QUERY_CHARS = 200_000

_HEADER = re.compile(r"^#\s*(?P<key>description|param)\s*:\s*(?P<value>.+?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–-]+\s*(?P<doc>.*))?$")


# The plain records below are named tuples, not dataclasses: importing ``dataclasses`` (and
# ``inspect`` with it) was a tenth of the start-up of `czt-kg query`.


class NamedQuery(namedtuple("NamedQuery", "name description params text path")):
    """A ``.rq`` file: ``params`` is a tuple of ``(name, description)``."""

    __slots__ = ()


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = _XSD + "integer"


class Term(namedtuple("Term", "kind value lang datatype", defaults=(None, None))):
    """An RDF term as plain data (``kind`` ``uri`` or ``literal``), for code that does not import rdflib.

    ``czt-kg query --param`` binds these: the command never needs rdflib on the Oxigraph
    path, and importing it costs a tenth of a second or more.  :meth:`to_rdflib` gives the
    rdflib term; :func:`parse_param` returns that.
    """

    __slots__ = ()

    def to_rdflib(self):
        from rdflib import Literal, URIRef

        if self.kind == "uri":
            return URIRef(self.value)
        if self.lang:
            return Literal(self.value, lang=self.lang)
        if self.datatype:
            return Literal(self.value, datatype=URIRef(self.datatype))
        return Literal(self.value)


def _is_result(x) -> bool:
    """Whether ``x`` is an rdflib ``Result`` (without importing rdflib: if it is not loaded, it is not one)."""
    mod = sys.modules.get("rdflib.query")
    return mod is not None and isinstance(x, mod.Result)


def _rdflib_bindings(bindings: dict | None) -> dict:
    return {k: (v.to_rdflib() if isinstance(v, Term) else v) for k, v in (bindings or {}).items()}


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


def parse_term(value: str) -> Term:
    """``萍乡市`` → "萍乡市"@zh; ``<https://…>`` → IRI; numbers stay typed literals (as a :class:`Term`)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not re.fullmatch(r"[^\s<>\"{}|^`\\]+", iri):
            raise UsageError(f"--param value {value!r} is not a valid IRI")
        return Term("uri", iri)
    if re.fullmatch(r"-?\d+", value):
        return Term("literal", str(int(value)), None, _XSD_INTEGER)
    if any(unicodedata.name(c, "").startswith("CJK") for c in value):
        return Term("literal", value, "zh")
    return Term("literal", value)


def parse_param(value: str):
    """``萍乡市`` → ``Literal("萍乡市", lang="zh")``; ``<https://…>`` → ``URIRef``; numbers stay typed literals."""
    return parse_term(value).to_rdflib()


def bindings_for(q: NamedQuery | None, params: dict[str, str], plain: bool = False) -> dict[str, object]:
    """``--param`` values as RDF terms: rdflib terms, or :class:`Term` with ``plain`` (no rdflib import)."""
    parse = parse_term if plain else parse_param
    if q is None:
        return {k: parse(v) for k, v in params.items()}
    declared = {n for n, _ in q.params}
    unknown = sorted(set(params) - declared)
    if unknown:
        raise UsageError(f"query {q.name!r} has no parameter {unknown[0]!r} (it takes: {', '.join(sorted(declared)) or 'none'})")
    missing = sorted(declared - set(params))
    if missing:
        raise UsageError(f"query {q.name!r} needs --param {missing[0]}=VALUE")
    return {k: parse(v) for k, v in params.items()}


# -- safety ----------------------------------------------------------------------

# Strings, IRIs and comments are removed before looking for keywords, so "service"
# inside a literal, an IRI or a comment does not count; a keyword must not be part of
# a name either.  One left-to-right pass, as a lexer reads: whichever token starts
# first wins (triple quotes inside a comment open no string).  Comments end at any
# line break another parser might honour (CR, VT, FF, U+0085, U+2028, U+2029): a
# shorter comment only means more text is looked at.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r\v\f\x85\u2028\u2029]*",
    re.S,
)
_KEYWORD = r"(?<![\w?$:.\-]){}(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.I)
_FROM = re.compile(_KEYWORD.format("FROM"), re.I)
# SERVICE inside an "IRI": code has no token that ends in "/" right before it, IRI paths do
_HIDDEN_SERVICE = re.compile(r"(?<![\w?$:.\-/])SERVICE(?![\w:\-])", re.I)


def _keywords_outside_literals(text: str) -> tuple[bool, bool]:
    """(SERVICE?, FROM?) used as keywords outside strings, IRIs and comments.

    ``FILTER(?a<?b)SERVICE?x#>`` is lexically an IRI, yet a parser that reads the
    ``<`` as "less than" sees ``SERVICE ?x`` and a comment: an "IRI" with the word
    SERVICE before a ``#``, not right after a ``/``, counts as the keyword (so a real
    ``<urn:x:service#a>`` is refused too: a rare price for no blind spot).
    """
    hidden = False

    def blank(m: re.Match) -> str:
        nonlocal hidden
        tok = m.group(0)
        if tok.startswith("<") and "#" in tok and _HIDDEN_SERVICE.search(tok[1:].split("#", 1)[0]):
            hidden = True
        return " "

    bare = _TOKENS.sub(blank, text)
    return bool(_SERVICE.search(bare)) or hidden, bool(_FROM.search(bare))


_CHECKED: dict[str, tuple[str, str]] = {}  # query text → (outcome, form or message)
_CHECKED_MAX = 512
_CHECK_LOCK = threading.Lock()  # rdflib's parser keeps shared state


def check_safe(text: str) -> str:
    """Refuse updates, SERVICE and FROM/FROM NAMED before anything runs.

    Parses with rdflib's SPARQL parser and walks the whole parse tree (sub-queries,
    ``EXISTS`` filters…); as a second line, refuses the ``SERVICE``/``FROM``
    keywords found anywhere outside strings, IRIs and comments, so that a query
    another parser reads differently cannot slip one through.  Returns the query
    form: ``SelectQuery``, ``AskQuery``, ``ConstructQuery`` or ``DescribeQuery``.
    """
    outcome, value = check_outcome(text)
    if outcome == "refused":
        raise QueryRefused(value)
    if outcome == "usage":
        raise UsageError(value)
    return value


def check_outcome(text: str) -> tuple[str, str]:
    """:func:`check_safe` as data: ``("ok", form)``, ``("refused", why)`` or ``("usage", why)``.

    Outcomes of texts up to 16 KB are cached; worker processes send these tuples back.
    """
    hit = _CHECKED.get(text)
    if hit is None:
        with _CHECK_LOCK:
            try:
                hit = ("ok", _check(text))
            except QueryRefused as exc:
                hit = ("refused", str(exc))
            except UsageError as exc:
                hit = ("usage", str(exc))
        if len(text) <= 16_384:  # big texts are not kept: 512 of them would be a memory hole
            if len(_CHECKED) >= _CHECKED_MAX:
                _CHECKED.clear()
            _CHECKED[text] = hit
    return hit


#: The shipped named queries (``graph/queries/*.rq``), each already read by the full check:
#: SHA-256 of the file's text → the query form :func:`check_safe` gives it.  A text with one
#: of these digests skips rdflib's SPARQL parser (about 0.2 s to load, per ``czt-kg query``)
#: — its parameters are bound as RDF terms, so the text that runs is the file's text — and
#: still goes through the keyword and nesting checks below.  Any other text, a shipped
#: query changed by one character included, gets the full check.
#: ``tests/test_query.py::test_every_shipped_query_is_recorded_with_its_full_check`` runs the
#: full check on every ``.rq`` and compares with this table (and prints the lines to paste
#: when a query changes).
CHECKED_QUERIES: dict[str, str] = {
    "cc83f3357cfb7a2e5f6b03280f5f71937d4fba4b8938ce0056985c36d592c3c6": "SelectQuery",  # agreement-signatories
    "3693136e5e48b499b6824e8e2d9fffeb66aa39966db417f58c0998780f3a0e38": "SelectQuery",  # agreements-of
    "c61bf3cdd9c42ccf624a7fd22eab7cf13fe3a1c042f90d6c62eba747c4d46fd6": "SelectQuery",  # claims
    "d146a81d184d6c30f7364fe04388eaa5e64c2b20fead17d7253e3f9919958600": "SelectQuery",  # cross-province-agreements
    "fb1862e1770c965f9f1556b7245d881d0044bb230387fef65d5d1e98feaa533e": "SelectQuery",  # entities-by-type
    "921cb833f545de51f2d3099cdd7e8c4db70d5943bcc02f9a4cf6bb64cea4b5cd": "SelectQuery",  # events
    "41689846c03a00c829ae0487c30c9790f2f0ce58bcbf0c8e003ecd1345ee2a5a": "SelectQuery",  # facts-about
    "c368dfdf657174b745c5391f483b534d9e041b4df4a8d5ac00d0712e658567c7": "SelectQuery",  # mentions-of
    "7b2361d3c23015e736866d1be9eb55e733499f4554a42bf82d02dc76df3a31cd": "SelectQuery",  # people-and-posts
    "ade7c4d42cff4906facf62b58b4882d3ce4bda9d67388799d134b278a97cdb34": "SelectQuery",  # program-tree
    "e7c9d12e6819fd76c7436bd3e69bda77802a3f8e4932824e7250412ccf0f3a8b": "SelectQuery",  # projects-per-city
    "d6c54455bb0542019f8d45e7b5e82e0f2b0d523e396fcb259460a1024af48edf": "SelectQuery",  # reforms-by-category
}

_ESCAPE = re.compile(r"\\u", re.I)  # what rdflib's expandUnicodeEscapes looks for


try:  # CPython's own SHA-256: hashlib would load OpenSSL first (a few ms of every `czt-kg query`)
    from _sha256 import sha256 as _sha256  # Python 3.11
except ImportError:  # pragma: no cover - other versions and implementations
    try:
        from _sha2 import sha256 as _sha256  # Python 3.12+
    except ImportError:
        from hashlib import sha256 as _sha256


def shipped_form(text: str) -> str | None:
    """The recorded form of a shipped named query's exact text (``CHECKED_QUERIES``), else ``None``."""
    if not CHECKED_QUERIES or _ESCAPE.search(text):
        return None  # escapes: the full check expands them
    return CHECKED_QUERIES.get(_sha256(text.encode("utf-8")).hexdigest())


def _check(text: str) -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    form = shipped_form(text)
    if form is not None:
        # a checked text has none of these; they stay as backstops, as cheap as they are
        service, dataset = _keywords_outside_literals(text)
        if service:
            raise QueryRefused("SERVICE is not allowed: queries never reach the network")
        if dataset:
            raise QueryRefused("FROM / FROM NAMED is not allowed: queries run over the built graph only")
        if structure_count(text) > MAX_STRUCTURE:
            raise UsageError(f"query too deeply nested for the engine (the limit is {MAX_STRUCTURE})")
        return form
    return _full_check(text)


def _full_check(text: str) -> str:
    """Every check, rdflib's parser included (see :func:`check_safe`)."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery

    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    try:
        expanded = expandUnicodeEscapes(text)
    except Exception:
        raise UsageError("not a valid SPARQL query: bad \\u escape") from None
    lex_service = any(_keywords_outside_literals(t)[0] for t in (text, expanded))
    if lex_service:
        raise QueryRefused("SERVICE is not allowed: queries never reach the network")
    nesting = structure_count(expanded)
    if nesting > MAX_STRUCTURE:
        raise UsageError(
            f"query too deeply nested for the engine ({nesting} operators, groups and UNION/OPTIONAL/MINUS; "
            f"the limit is {MAX_STRUCTURE}): use VALUES or IN (...) for long lists of alternatives"
        )
    try:
        parsed = parseQuery(text)
    except Exception as exc:
        if _is_update(text):
            raise QueryRefused("SPARQL Update is not allowed: the graph is read-only") from None
        first = _first_line(exc)
        raise UsageError(f"not a valid SPARQL query: {first}") from None
    form, service, dataset = _walk(parsed)
    lex_from = any(_keywords_outside_literals(t)[1] for t in (text, expanded))
    if service or lex_service:
        raise QueryRefused("SERVICE is not allowed: queries never reach the network")
    if dataset or lex_from:
        raise QueryRefused("FROM / FROM NAMED is not allowed: queries run over the built graph only")
    if form not in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
        raise UsageError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return form


# Oxigraph evaluates a query recursively: about 1,000–1,600 levels of nesting (UNION
# branches, OPTIONALs, nested groups or parentheses, a chain of `+`, `&&` or `/`) overflow
# its stack and abort the whole server process ("fatal runtime error: stack overflow"),
# and the embedded engine with it.  Every such level needs one of these tokens outside
# strings, IRIs and comments, so their count bounds the depth; commas, VALUES rows,
# IN (...) lists and the triple patterns of one group do not nest and are not counted.
MAX_STRUCTURE = 600
_STRUCTURE = re.compile(r"\b(?:UNION|OPTIONAL|MINUS)\b|&&|\|\||[{(\[+*/|^<>=!-]", re.I)


def structure_count(text: str) -> int:
    """How many nesting tokens ``text`` has outside strings, IRIs and comments (see ``MAX_STRUCTURE``)."""
    return len(_STRUCTURE.findall(_TOKENS.sub(" ", text)))


def query_form(text: str) -> str:
    """``SelectQuery``, ``AskQuery``, ``ConstructQuery`` or ``DescribeQuery`` (after :func:`check_safe`)."""
    return check_safe(text)


def _walk(tree) -> tuple[str, bool, bool]:
    """(query form, SERVICE anywhere?, dataset clause anywhere?) — iterative, no depth limit."""
    form, service, dataset = "", False, False
    stack = [tree]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            service = True
        elif name == "DatasetClause":
            dataset = True
        elif name in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery") and not form:
            form = name
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "datasetClause" and v:
                    dataset = True
                stack.append(v)
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return form, service, dataset


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    body = _TOKENS.sub(" ", text).upper()
    if not body.strip():
        return False  # empty, or comments only: rdflib's update grammar accepts that
    try:
        parseUpdate(text)
        return True
    except Exception:
        pass
    return bool(re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", body))


def _contains(node, name: str, depth: int = 0) -> bool:
    """Whether an rdflib algebra/parse tree contains a node called ``name``."""
    stack = [node]
    while stack:
        n = stack.pop()
        if getattr(n, "name", None) == name:
            return True
        if isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)):
            stack.extend(n)
    return False


_HARDENED = False


def harden_rdflib() -> None:
    """Switch off rdflib's network access during SPARQL evaluation, process-wide.

    rdflib fetches ``FROM`` graphs (``SPARQL_LOAD_GRAPHS``) and ``SERVICE``
    endpoints by default.  :func:`check_safe` refuses such queries anyway; this
    is the second lock, for code that calls ``Graph.query`` without checking.
    """
    global _HARDENED
    if _HARDENED:
        return
    import rdflib.plugins.sparql as sparql
    import rdflib.plugins.sparql.evaluate as evaluate

    sparql.SPARQL_LOAD_GRAPHS = False

    def refuse_service(ctx, part):
        raise QueryRefused("SERVICE is not allowed: queries never reach the network")

    evaluate.evalServiceQuery = refuse_service
    _HARDENED = True


# -- loading ---------------------------------------------------------------------

_RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".nt": "nt"}


def load_graph(path: Path) -> Graph:
    """A graph file as rdflib: ``.trig``/``.nq`` → ``Dataset`` whose default graph is the union."""
    from rdflib import Dataset, Graph

    path = Path(path)
    if not path.is_file():
        raise UsageError("graph file not found (run `czt-kg build` first)", path=path)
    fmt = _RDF_FORMATS.get(path.suffix)
    if fmt is None:
        raise UsageError("unknown graph format (expected .ttl, .trig, .nq, .nt or .jsonld)", path=path)
    g: Graph = Dataset(default_union=True) if fmt in ("trig", "nquads") else Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as exc:
        raise UsageError(f"cannot read the graph: {_first_line(exc)}", path=path) from None
    return g


def graph_file(out_dir: Path) -> Path:
    """The graph file rdflib reads from a build folder: ``czt.trig``, else ``czt.ttl``."""
    for name in ("czt.trig", "czt.ttl", "czt.nq"):
        p = Path(out_dir) / name
        if p.is_file():
            return p
    raise UsageError("no built graph here (czt.trig / czt.ttl); run `czt-kg build` first", path=out_dir)


# -- running ---------------------------------------------------------------------


def run_query(g: Graph, text: str, bindings: dict | None = None) -> Result:
    """Check the query is safe, then run it over ``g`` (rdflib, in-process, no time limit)."""
    check_safe(text)
    harden_rdflib()
    return g.query(text, initBindings=_rdflib_bindings(bindings))


def _ox_term(term):
    import pyoxigraph as ox

    if isinstance(term, Term):
        if term.kind == "uri":
            return ox.NamedNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise UsageError(f"cannot bind {term!r}: not an RDF term")


def oxigraph_raw(store, text: str, bindings: dict | None = None) -> tuple[str, object]:
    """Run checked SPARQL on a pyoxigraph store → ``("select", JSON bytes)``, ``("ask", bool)`` or ``("graph", N-Triples bytes)``."""
    import pyoxigraph as ox

    subs = {ox.Variable(str(k)): _ox_term(v) for k, v in (bindings or {}).items()}
    try:
        res = store.query(text, substitutions=subs or None)
        if isinstance(res, ox.QueryBoolean):
            return "ask", bool(res)
        if isinstance(res, ox.QuerySolutions):
            return "select", res.serialize(format=ox.QueryResultsFormat.JSON)
        return "graph", res.serialize(format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise UsageError(f"not a valid SPARQL query (Oxigraph): {exc}") from None
    except RuntimeError as exc:
        _ox_runtime_error(exc)


def _ox_runtime_error(exc: RuntimeError):
    msg = str(exc)
    if "SELECT projection" in msg:
        raise UsageError(
            f"{msg}: Oxigraph binds --param only for variables the SELECT clause returns; add them to SELECT"
        ) from None
    raise CztError(f"Oxigraph: {msg}") from None


def oxigraph_rows(store, text: str, bindings: dict | None = None) -> tuple[str, object]:
    """:func:`oxigraph_raw`, but a SELECT answer comes as :class:`Rows` read straight from the solutions.

    For a process that formats the answer itself (one ``czt-kg query``): the engine's
    terms are read into the plain cells of :class:`Rows` without writing SPARQL JSON and
    parsing it back — the same cells :func:`rows_from_json` gives (tested), a third of the
    time on big answers.  ASK and graph answers are :func:`oxigraph_raw`'s.
    """
    import pyoxigraph as ox

    subs = {ox.Variable(str(k)): _ox_term(v) for k, v in (bindings or {}).items()}
    try:
        res = store.query(text, substitutions=subs or None)
        if isinstance(res, ox.QueryBoolean):
            return "ask", bool(res)
        if not isinstance(res, ox.QuerySolutions):
            return "graph", res.serialize(format=ox.RdfFormat.N_TRIPLES)
        names = [v.value for v in res.variables]
        named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
        plain = (_XSD_STRING, _RDF_LANGSTRING)
        rows = []
        for solution in res:
            row = []
            for t in solution:
                kind = type(t)
                if kind is literal:
                    lang = t.language
                    if lang:
                        row.append(("literal", t.value, lang, None))
                    else:
                        dt = t.datatype.value
                        if dt in plain:
                            row.append(("literal", t.value, None, None))
                        else:
                            row.append(("literal", _typed_value(t.value, dt), None, dt))
                elif kind is named:
                    row.append(("uri", t.value, None, None))
                elif t is None:
                    row.append(None)
                elif kind is blank:
                    row.append(("bnode", t.value, None, None))
                else:  # a quoted triple (RDF 1.2): as SPARQL JSON gives it
                    return "select", _ox_json(store, text, subs)
            if any(c is not None for c in row):  # as rows_from_json: a solution binding nothing is skipped
                rows.append(row)
        return "select", Rows(names, rows)
    except SyntaxError as exc:
        raise UsageError(f"not a valid SPARQL query (Oxigraph): {exc}") from None
    except RuntimeError as exc:
        _ox_runtime_error(exc)


def _ox_json(store, text: str, subs: dict) -> bytes:
    import pyoxigraph as ox

    return store.query(text, substitutions=subs or None).serialize(format=ox.QueryResultsFormat.JSON)


def rdflib_raw(g: Graph, text: str, bindings: dict | None = None) -> tuple[str, object]:
    """The same as :func:`oxigraph_raw` on an rdflib graph."""
    harden_rdflib()
    res = g.query(text, initBindings=_rdflib_bindings(bindings))
    if res.type == "ASK":
        return "ask", bool(res.askAnswer)
    if res.type == "SELECT":
        return "select", res.serialize(format="json")
    return "graph", res.graph.serialize(format="nt", encoding="utf-8")


def result_from_raw(kind: str, payload, text: str = "") -> Result:
    """An rdflib :class:`Result` from an engine's raw answer (same object for both engines)."""
    from rdflib import Graph
    from rdflib.query import Result

    if kind == "select":
        return Result.parse(io.BytesIO(payload), format="json")
    if kind == "ask":
        r = Result("ASK")
        r.askAnswer = bool(payload)
        return r
    g = Graph()
    from .rdf import bind_prefixes
    from .vocab import DEFAULT_BASE

    bind_prefixes(g, DEFAULT_BASE)
    for prefix, iri in re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", text):
        if prefix:
            g.bind(prefix, iri, override=True, replace=True)
    if payload:
        g.parse(data=payload, format="nt")
    r = Result("CONSTRUCT")
    r.graph = g
    return r


def run_oxigraph(store, text: str, bindings: dict | None = None) -> Result:
    """Check the query is safe, then run it on a pyoxigraph store (in-process, no time limit)."""
    check_safe(text)
    kind, payload = oxigraph_raw(store, text, bindings)
    return result_from_raw(kind, payload, text)


class Source(namedtuple("Source", "engine path is_store", defaults=(False,))):
    """What an engine reads: ``engine`` (``rdflib`` | ``oxigraph``) over ``path``, a graph file
    (rdflib, or Oxigraph in memory) or a store folder (Oxigraph, ``is_store``)."""

    __slots__ = ()

    def describe(self) -> str:
        return f"{self.engine} on {self.path}"


def choose_source(engine: str | None, out_dir: Path = Path("out"), graph: Path | None = None, quiet: bool = False) -> Source:
    """Which engine reads what: ``--graph FILE`` wins; else Oxigraph if ``out/store`` exists (reloaded if stale)."""
    from . import store as oxstore

    if engine not in (None, "auto", *ENGINES):
        raise UsageError(f"unknown engine {engine!r} (rdflib or oxigraph)")
    if graph is not None:
        graph = Path(graph)
        if not graph.is_file():
            raise UsageError("graph file not found", path=graph)
        return Source("oxigraph" if engine == "oxigraph" else "rdflib", graph)
    out_dir = Path(out_dir)
    if engine in (None, "auto"):
        engine = "oxigraph" if oxstore.has_store(out_dir) else "rdflib"
    if engine == "rdflib":
        return Source("rdflib", graph_file(out_dir))
    try:
        path = oxstore.ensure_store(out_dir, quiet=quiet)
    except CztError as exc:
        if not oxstore.has_store(out_dir):
            raise
        import sys

        print(f"czt-kg: warning: using a stale store ({exc})", file=sys.stderr)
        path = oxstore.store_path(out_dir)
    return Source("oxigraph", path, is_store=True)


def _open(source: Source):
    if source.engine == "rdflib":
        return load_graph(source.path)
    from . import store as oxstore

    if source.is_store:
        return oxstore.open_store(source.path.parent)
    return oxstore.memory_store(source.path)


def _raw(source: Source, handle, text: str, bindings: dict | None, rows: bool = False):
    """The engine's raw answer; ``rows``: a SELECT on Oxigraph as :class:`Rows` (:func:`oxigraph_rows`)."""
    if source.engine == "rdflib":
        return rdflib_raw(handle, text, bindings)
    if rows:
        return oxigraph_rows(handle, text, bindings)
    return oxigraph_raw(handle, text, bindings)


def _worker(conn, source: Source, text: str, bindings: dict | None) -> None:
    """Child process: check the query, say "checked"; open the source, say "ready"; run it, send the raw answer."""
    try:
        check_safe(text)
        conn.send(("checked",))
        if source.engine == "rdflib":
            harden_rdflib()
        handle = _open(source)
        conn.send(("ready",))
        kind, payload = _raw(source, handle, text, bindings)
        if isinstance(payload, bytes):
            conn.send((kind, None))
            conn.send_bytes(payload)
        else:
            conn.send((kind, payload))
    except CztError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except Exception as exc:  # an engine failure: report it as one line
        first = _first_line(exc)
        conn.send(("error", "CztError", f"{source.engine}: {first}"))
    finally:
        conn.close()


_ERRORS = {"UsageError": UsageError, "QueryRefused": QueryRefused, "QueryTimeout": QueryTimeout}


def _mp_context():
    import multiprocessing  # here, not at the top: `czt-kg query NAME` on the store runs without it

    methods = multiprocessing.get_all_start_methods()
    # fork is fast (the parent has rdflib imported already) and safe while the
    # process is single-threaded; otherwise a fresh interpreter.
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def execute(
    text: str,
    bindings: dict | None = None,
    source: Source | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    load_timeout: float | None = None,
) -> Result:
    """Check ``text``, then run it, in a child process that is killed after ``timeout`` seconds.

    Returns an rdflib :class:`Result` (see :func:`execute_raw` for the engine's raw answer).
    """
    kind, payload = execute_raw(text, bindings, source, timeout, load_timeout)
    return result_from_raw(kind, payload, text)


def execute_raw(
    text: str,
    bindings: dict | None = None,
    source: Source | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    load_timeout: float | None = None,
) -> tuple[str, object]:
    """:func:`execute`, answering the engine's raw ``(kind, payload)`` (see :func:`oxigraph_raw`).

    The check (:func:`check_safe`) runs in the child too, within ``timeout``: rdflib's
    parser can take seconds on 500 characters of ``1+1+…`` and minutes on 40 KB.
    The time limit of the query itself counts from the moment the engine has opened
    its data (loading ``czt.trig`` into rdflib can take a while on a big graph;
    ``load_timeout`` bounds that part, unlimited by default).  Raises
    :class:`QueryRefused`, :class:`UsageError` or :class:`QueryTimeout`.
    """
    hit = _CHECKED.get(text)
    if hit is not None:
        check_safe(text)  # known outcome: raises now if refused
    source = source or choose_source(None)
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be positive")
    ctx = _mp_context()
    if ctx.get_start_method() == "fork" and shipped_form(text) is None:
        # the full check needs rdflib's parser: load it here, once, outside the time limit
        # (the forked child inherits it); a shipped query needs neither it nor rdflib
        import rdflib.plugins.sparql.parser  # noqa: F401
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, source, text, bindings), daemon=True)
    proc.start()
    child.close()
    try:
        msg = _receive(parent, proc, timeout, "reading the query")
        if msg[0] == "checked":
            msg = _receive(parent, proc, load_timeout, "opening the graph")
        if msg[0] == "ready":
            started = time.monotonic()
            msg = _receive(parent, proc, timeout, "query")
        else:
            started = time.monotonic()
        if msg[0] == "error":
            raise _ERRORS.get(msg[1], CztError)(msg[2])
        kind, payload = msg
        if payload is None:
            remaining = None if timeout is None else max(1.0, timeout - (time.monotonic() - started))
            if not parent.poll(remaining):
                raise QueryTimeout(f"query took longer than {timeout:g} s; stopped")
            payload = parent.recv_bytes()
        return kind, payload
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def run_standalone(text: str, bindings: dict | None, source: Source, timeout: float | None = DEFAULT_TIMEOUT,
                   handle=None) -> tuple[str, object] | None:
    """:func:`execute_raw` in this process, for a process that is one ``czt-kg query``; ``None`` if it must not.

    Only a shipped named query (its check is instantaneous, see :data:`CHECKED_QUERIES`)
    on Oxigraph: the engine releases the GIL while it evaluates, so a watchdog thread
    can stop it at the time limit by ending the whole process — with the time-limit
    message on stderr and exit code 5, as :func:`execute_raw` gives.  That saves the child
    process, the pipe and the ``multiprocessing`` import, and lets the caller open the
    store ahead (``handle``).  Anything else (ad-hoc text, whose check may take long; rdflib,
    which holds the GIL) returns ``None``: the caller uses :func:`execute_raw`.  Never call
    this from a process that must outlive a slow query (a notebook, a server, tests).
    """
    if source.engine != "oxigraph" or shipped_form(text) is None:
        return None
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be positive")
    check_safe(text)  # the recorded outcome: raises now if refused
    if handle is None:
        handle = _open(source)
    done = threading.Event()
    if timeout is not None:
        threading.Thread(target=_watchdog, args=(done, timeout), daemon=True).start()
    try:
        return _raw(source, handle, text, bindings, True)  # a SELECT as Rows: this process formats it
    except CztError:
        raise
    except Exception as exc:  # an engine failure: one line, as from the child process
        first = _first_line(exc)
        raise CztError(f"{source.engine}: {first}") from None
    finally:
        done.set()


def _first_line(exc: BaseException) -> str:
    """An exception as one line of an error message (its first line, else its type)."""
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _timeout_message(timeout: float) -> str:
    return f"query took longer than {timeout:g} s; stopped (use --timeout to allow more)"


def _watchdog(done: threading.Event, timeout: float) -> None:
    if done.wait(timeout):
        return
    try:
        sys.stderr.write(f"czt-kg: {_timeout_message(timeout)}\n")
        sys.stderr.flush()
    finally:
        os._exit(QueryTimeout.exit_code)


def _receive(conn, proc, timeout: float | None, what: str):
    if not conn.poll(timeout):
        proc.kill()
        if what == "query":
            raise QueryTimeout(_timeout_message(timeout))
        raise QueryTimeout(f"{what} took longer than {timeout:g} s; stopped")
    try:
        return conn.recv()
    except EOFError:
        proc.join(5)
        raise CztError(f"the query process ended unexpectedly (exit code {proc.exitcode})") from None


# -- a running endpoint ------------------------------------------------------------

_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]*")


def _plain_term(term) -> Term | None:
    """A :class:`Term` or an rdflib IRI/literal as a :class:`Term`; ``None`` for anything else."""
    if isinstance(term, Term):
        return term
    rdflib_term = sys.modules.get("rdflib.term")
    if rdflib_term is None:
        return None
    if isinstance(term, rdflib_term.URIRef):
        return Term("uri", str(term))
    if isinstance(term, rdflib_term.Literal):
        return Term("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    return None


def sparql_term(term) -> str:
    """An RDF term (:class:`Term` or rdflib) as SPARQL syntax (for a ``VALUES`` block), escaped so it stays one term."""
    t = _plain_term(term)
    if t is None:
        raise UsageError(f"cannot bind {term!r} through an endpoint: only IRIs and literals")
    if t.kind == "uri":
        if not _IRI.fullmatch(t.value):
            raise UsageError(f"cannot bind {t.value!r}: not a valid IRI")
        return f"<{t.value}>"
    body = t.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if t.lang:
        if not _LANG.fullmatch(t.lang):
            raise UsageError(f"cannot bind a literal with the language tag {t.lang!r}")
        return f'"{body}"@{t.lang}'
    if t.datatype and t.datatype != _XSD_STRING:
        return f'"{body}"^^{sparql_term(Term("uri", t.datatype))}'
    return f'"{body}"'


def with_values(text: str, bindings: dict | None) -> str:
    """``text`` with a trailing ``VALUES`` clause binding ``bindings`` (SPARQL 1.1 §10.2.2).

    The values are serialised as RDF terms by :func:`sparql_term`, never pasted as they
    came: the way to hand parameters to an endpoint, which has no ``initBindings``.
    For a query that projects its parameters (every named query does) this gives the
    same rows as binding them before evaluation, and Oxigraph pushes it down.
    """
    if not bindings:
        return text
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(n)):
            raise UsageError(f"{n!r} is not a variable name")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f"{text}\nVALUES ({head}) {{ ({row}) }}\n"


class EndpointUnreachable(CztError):
    """The endpoint could not be reached (refused, reset): nothing was answered."""


def query_endpoint(url: str, text: str, bindings: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                   grace: float = 5.0) -> tuple[str, object]:
    """Run ``text`` on a SPARQL endpoint (a running ``czt-kg serve``) → the raw ``(kind, payload)``.

    The endpoint checks the query (``czt-kg serve`` refuses updates, ``SERVICE`` and
    ``FROM`` and owns the time limit); the keyword check of :func:`check_safe` runs here
    too, so ``SERVICE``/``FROM`` never leave this machine.  Parameters travel as a
    ``VALUES`` clause (:func:`with_values`).  Errors map to the same exceptions as
    :func:`execute`: 403 → :class:`QueryRefused`, 400 → :class:`UsageError`,
    504 → :class:`QueryTimeout`.
    """
    import http.client
    import urllib.parse

    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    service, dataset = _keywords_outside_literals(text)
    if service:
        raise QueryRefused("SERVICE is not allowed: queries never reach the network")
    if dataset:
        raise QueryRefused("FROM / FROM NAMED is not allowed: queries run over the built graph only")
    body = with_values(text, bindings).encode("utf-8")
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise UsageError(f"--endpoint {url!r}: expected http://HOST:PORT/sparql")
    conn_cls = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
    # ``grace``: time past ``timeout`` for the server's own 504 to arrive
    conn = conn_cls(u.hostname, u.port, timeout=None if timeout is None else timeout + grace)
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    try:
        conn.request("POST", (u.path or "/sparql") + (f"?{u.query}" if u.query else ""), body=body,
                     headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
        resp = conn.getresponse()
        payload = resp.read()
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        status = resp.status
    except TimeoutError:
        raise QueryTimeout(f"the endpoint did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise EndpointUnreachable(f"cannot reach the endpoint {url}: {exc}") from None
    finally:
        conn.close()
    if status != 200:
        message = payload.decode("utf-8", "replace").strip().splitlines()
        message = message[0][:300] if message else f"HTTP {status}"
        err = {403: QueryRefused, 400: UsageError, 504: QueryTimeout}.get(status, CztError)
        raise err(f"endpoint: {message}" if err is CztError else message)
    if ctype == "application/sparql-results+json":
        if len(payload) < 4096:
            doc = json.loads(payload)
            if "boolean" in doc and "results" not in doc:
                return "ask", bool(doc["boolean"])
        return "select", payload
    if ctype in ("application/n-triples", "text/plain"):
        return "graph", payload
    raise CztError(f"the endpoint answered {ctype or 'no content type'}, not SPARQL JSON or N-Triples")


# -- result formats -------------------------------------------------------------
#
# Every SELECT answer is written from one plain representation, a :class:`Rows`:
# variable names and, per row, one cell per variable — ``None`` (unbound) or a
# tuple ``(kind, value, lang, datatype)`` with kind ``uri``, ``bnode`` or
# ``literal``.  Both engines' raw answers (SPARQL JSON bytes) are read straight
# into it with ``json.loads`` (:func:`rows_from_json`), and an rdflib ``Result``
# converts to it too (:func:`rows_from_result`), so the output is the same
# whichever engine ran the query, without building an rdflib term per cell.

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "jsonld")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Rows(namedtuple("Rows", "vars rows")):
    """A SELECT answer as plain data: ``vars`` and ``rows`` of ``(kind, value, lang, datatype)`` cells."""

    __slots__ = ()


# Lexical forms rdflib keeps as they are (its canonical form): no need to import rdflib for them.
# (tests/test_query.py::test_typed_values_without_rdflib_are_rdflibs compares them with rdflib)
def _valid_date(value: str) -> bool:
    import datetime

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_CANONICAL = {
    _XSD_INTEGER: re.compile(r"0|-?[1-9][0-9]{0,17}").fullmatch,
    _XSD + "date": _valid_date,
    _XSD + "gYearMonth": re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])").fullmatch,
    _XSD + "gYear": re.compile(r"[0-9]{4}").fullmatch,
}


@lru_cache(maxsize=65536)
def _typed_value(value: str, datatype: str) -> str:
    """The lexical form rdflib gives a typed literal (``"03"^^xsd:integer`` → ``3``), as before."""
    canonical = _CANONICAL.get(datatype)
    if canonical is not None and canonical(value):
        return value
    from rdflib import Literal, URIRef

    return str(Literal(value, datatype=URIRef(datatype)))


def _cell_from_json(d):
    if d is None:
        return None
    kind = d.get("type")
    value = d.get("value", "")
    if kind == "uri":
        return ("uri", value, None, None)
    if kind == "bnode":
        return ("bnode", value, None, None)
    lang = d.get("xml:lang")
    dt = d.get("datatype")
    if lang:
        return ("literal", value, lang, None)
    if dt and dt not in (_XSD_STRING, _RDF_LANGSTRING):
        return ("literal", _typed_value(value, dt), None, dt)
    return ("literal", value, None, None)


def rows_from_json(payload) -> Rows:
    """SPARQL 1.1 JSON results (bytes or str) → :class:`Rows`."""
    doc = json.loads(payload)
    names = list(doc.get("head", {}).get("vars", []))
    cell = _cell_from_json
    # a solution binding nothing is skipped, as rdflib's reader of this format does (rdflib's
    # engine also answers one such row where Oxigraph answers none: both print none)
    rows = [[cell(b.get(n)) for n in names] for b in doc.get("results", {}).get("bindings", []) if b]
    return Rows(names, rows)


def _cell_from_term(term):
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term), None, None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    if term.language:
        return ("literal", str(term), term.language, None)
    dt = str(term.datatype) if term.datatype else None
    if dt in (_XSD_STRING, _RDF_LANGSTRING):
        dt = None
    return ("literal", str(term), None, dt)


def rows_from_result(result: Result) -> Rows:
    names = [str(v) for v in result.vars]
    return Rows(names, [[_cell_from_term(r[v]) for v in result.vars] for r in result])


@lru_cache(maxsize=4096)
def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


# Text made only of printable ASCII (one column each) and the CJK ideographs, punctuation and
# full-width forms below (two columns each: tested against _char_width) is measured with two
# regular expressions instead of one Python call per character (thousands of rows of zh text).
# Compiled at first use: a character class this wide takes milliseconds to compile, paid by
# every `czt-kg query` process otherwise (most answers are in other formats, or ASCII).
_WIDE_CHARS = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"


@lru_cache(maxsize=None)
def _simple_text():
    return re.compile(f"[\x20-\x7e{_WIDE_CHARS}]*").fullmatch


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    if _simple_text()(s):
        # printable ASCII is one byte of UTF-8 and one column, each wide character above three
        # bytes (U+3001–U+FF5E) and two columns: the width is (bytes + characters) / 2
        return (len(s.encode("utf-8")) + len(s)) >> 1
    return sum(map(_char_width, s))


def _clip(s: str, n: int) -> str:
    s = s.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    if (len(s) <= n and s.isascii()) or _width(s) <= n:
        return s
    out, w = [], 0
    for c in s:
        cw = _char_width(c)
        if w + cw > n - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def format_table(result, max_width: int = 60) -> str:
    """Aligned text table; CJK (wide) characters count as two columns."""
    if _is_result(result):
        if result.type == "ASK":
            return "true" if result.askAnswer else "false"
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return _graph_text(result.graph, "turtle")
        result = rows_from_result(result)
    head = list(result.vars)
    # each distinct value is clipped and measured once, then looked up per cell (no call per cell)
    sized = {}
    for v in {c[1] for r in result.rows for c in r if c is not None}:
        c = _clip(v, max_width)
        sized[v] = (c, _width(c))
    empty = ("", 0)
    rows = [[empty if c is None else sized[c[1]] for c in r] for r in result.rows]
    widths = [max([_width(h)] + [r[i][1] for r in rows]) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join([c + " " * (w - cw) for (c, cw), w in zip(cells, widths)]).rstrip()

    out = [line([(h, _width(h)) for h in head]), line([("-" * w, w) for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _ask_text(result) -> str | None:
    if _is_result(result) and result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if isinstance(result, bool):
        return ("true" if result else "false") + "\n"
    return None


def _rows(result) -> Rows:
    return rows_from_result(result) if _is_result(result) else result


def format_csv(result, delimiter: str = ",") -> str:
    """SPARQL 1.1 CSV results: plain values (IRIs and literals without markup), one header row."""
    ask = _ask_text(result)
    if ask is not None:
        return ask
    if delimiter == "\t":
        return format_tsv(result)
    rows = _rows(result)
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(rows.vars)
    w.writerows([_csv_cell(c) for c in r] for r in rows.rows)
    return buf.getvalue()


def _csv_cell(cell) -> str:
    if cell is None:
        return ""
    if cell[0] == "bnode":
        return f"_:{cell[1]}"
    return cell[1]


def format_tsv(result) -> str:
    """SPARQL 1.1 TSV results: ``?var`` header, terms in Turtle syntax (lossless)."""
    ask = _ask_text(result)
    if ask is not None:
        return ask
    rows = _rows(result)
    lines = ["\t".join(f"?{v}" for v in rows.vars)]
    lines += ["\t".join([_tsv_cell(c) for c in r]) for r in rows.rows]
    return "\n".join(lines) + "\n"


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_cell(cell) -> str:
    if cell is None:
        return ""
    kind, value, lang, dt = cell
    if kind == "literal":
        s = value.translate(_TSV_ESCAPES)
        if lang:
            return f'"{s}"@{lang}'
        if dt:
            return f'"{s}"^^<{dt}>'
        return f'"{s}"'
    if kind == "bnode":
        return f"_:{value}"
    return f"<{value}>"


def format_json(result) -> str:
    """SPARQL 1.1 Query Results JSON (keys in a fixed order: head, then each row's variables in order)."""
    if isinstance(result, bool) or (_is_result(result) and result.type == "ASK"):
        answer = result if isinstance(result, bool) else result.askAnswer
        doc = {"head": {}, "boolean": bool(answer)}
        return json.dumps(doc, ensure_ascii=False, indent=1)
    return _select_json(_rows(result))


def _select_json(rows: Rows) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=1)`` of a SELECT answer, written directly.

    Python's JSON encoder drops to pure Python as soon as ``indent`` is set; this gives
    the same text (checked by the tests) several times faster on big answers.
    """
    enc = json.encoder.encode_basestring  # the C encoder when available; ensure_ascii=False
    keys = [enc(v) for v in rows.vars]

    def term(cell) -> str:
        kind, value, lang, dt = cell
        s = '{\n     "type": ' + enc(kind) + ',\n     "value": ' + enc(value)
        if lang:
            s += ',\n     "xml:lang": ' + enc(lang)
        elif dt:
            s += ',\n     "datatype": ' + enc(dt)
        return s + "\n    }"

    def binding(r) -> str:
        cells = [f"    {k}: {term(c)}" for k, c in zip(keys, r) if c is not None]
        return "   {\n" + ",\n".join(cells) + "\n   }" if cells else "   {}"

    head = "[\n" + ",\n".join("   " + k for k in keys) + "\n  ]" if keys else "[]"
    body = "[\n" + ",\n".join(binding(r) for r in rows.rows) + "\n  ]" if rows.rows else "[]"
    return '{\n "head": {\n  "vars": ' + head + '\n },\n "results": {\n  "bindings": ' + body + "\n }\n}"


def format_xml(result) -> str:
    """SPARQL Query Results XML (variables and bindings in a fixed order)."""
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, bool) or (_is_result(result) and result.type == "ASK"):
        answer = result if isinstance(result, bool) else result.askAnswer
        out += [" <head/>", f" <boolean>{'true' if answer else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    rows = _rows(result)
    names = [quoteattr(v) for v in rows.vars]
    out.append(" <head>")
    out += [f"  <variable name={n}/>" for n in names]
    out += [" </head>", " <results>"]
    for r in rows.rows:
        out.append("  <result>")
        for name, cell in zip(names, r):
            if cell is None:
                continue
            kind, value, lang, dt = cell
            if kind == "uri":
                inner = f"<uri>{escape(value)}</uri>"
            elif kind == "bnode":
                inner = f"<bnode>{escape(value)}</bnode>"
            elif lang:
                inner = f"<literal xml:lang={quoteattr(lang)}>{escape(value)}</literal>"
            elif dt:
                inner = f"<literal datatype={quoteattr(dt)}>{escape(value)}</literal>"
            else:
                inner = f"<literal>{escape(value)}</literal>"
            out.append(f"   <binding name={name}>{inner}</binding>")
        out.append("  </result>")
    out += [" </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _graph_text(g: Graph, fmt: str) -> str:
    if fmt == "jsonld":
        from .outputs import jsonld_bytes

        return jsonld_bytes(g).decode("utf-8")  # as the build writes czt.jsonld
    if fmt == "xml":
        return g.serialize(format="pretty-xml")
    return g.serialize(format="turtle")


def _check_format(fmt: str, graph: bool) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")
    if graph and fmt in ("csv", "tsv"):
        raise UsageError(f"--format {fmt} is for SELECT results; a CONSTRUCT/DESCRIBE graph comes as turtle, jsonld or xml")
    if not graph and fmt in ("turtle", "jsonld"):
        raise UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; use table, csv, tsv, json or xml")


def _format_answer(answer, fmt: str) -> str:
    """``answer``: :class:`Rows` (SELECT), ``bool`` (ASK)."""
    if fmt == "table":
        return ("true" if answer else "false") if isinstance(answer, bool) else format_table(answer)
    return {"csv": format_csv, "tsv": format_tsv, "json": format_json, "xml": format_xml}[fmt](answer)


def format_result(result: Result, fmt: str) -> str:
    graph = result.type in ("CONSTRUCT", "DESCRIBE")
    _check_format(fmt, graph)
    if graph:
        return _graph_text(result.graph, {"json": "jsonld", "table": "turtle"}.get(fmt, fmt))
    return _format_answer(bool(result.askAnswer) if result.type == "ASK" else rows_from_result(result), fmt)


def format_raw(kind: str, payload, fmt: str, text: str = "") -> str:
    """An engine's raw answer (see :func:`oxigraph_raw`) written as ``fmt``, without an rdflib ``Result``.

    The same text :func:`format_result` gives for the same answer, a lot faster on big
    SELECT results: the SPARQL JSON is read with ``json.loads`` into plain tuples.
    """
    _check_format(fmt, kind == "graph")
    if kind == "graph":
        return format_result(result_from_raw(kind, payload, text), fmt)
    if kind == "ask":
        return _format_answer(bool(payload), fmt)
    return _format_answer(payload if isinstance(payload, Rows) else rows_from_json(payload), fmt)


# -- CLI -------------------------------------------------------------------------


def list_text() -> str:
    lines = []
    for q in named_queries().values():
        params = " ".join(f"--param {n}=…" for n, _ in q.params)
        lines.append(f"{q.name:<26} {q.description}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines)


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    params = {}
    for p in pairs or []:
        if "=" not in p:
            raise UsageError(f"--param {p!r}: expected NAME=VALUE")
        k, v = p.split("=", 1)
        k = k.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
            raise UsageError(f"--param {p!r}: {k!r} is not a variable name")
        params[k] = v
    return params
