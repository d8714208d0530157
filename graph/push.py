"""``czt-kg push``: send the built graph to any SPARQL 1.1 Graph Store Protocol store.

One HTTP ``PUT`` of ``out/czt.ttl`` (the merged graph, as Turtle) to
``ENDPOINT?graph=IRI`` — or ``ENDPOINT?default`` without ``--graph`` — replaces
that graph in the store (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/ID/rdf-graphs/service``, Virtuoso ``/sparql-graph-crud``…).
``--named-graphs`` also PUTs each document's named graph of ``czt.trig`` to
``ENDPOINT?graph=<document IRI>``.

Credentials, if the store needs them, come from the environment
(``CZT_KG_PUSH_USER`` / ``CZT_KG_PUSH_PASSWORD``, HTTP Basic) so they never appear
in the shell history or the process list.
"""

from __future__ import annotations

import base64
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, UsageError

TURTLE = "text/turtle; charset=utf-8"


@dataclass(frozen=True)
class Pushed:
    url: str
    graph: str | None  # None: the default graph
    bytes: int
    status: int
    seconds: float


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """``endpoint?graph=<IRI>`` (percent-encoded) or ``endpoint?default``."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint must be an http(s) URL of a Graph Store Protocol service, not {endpoint!r}")
    if graph is not None:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", graph):
            raise UsageError(f"--graph must be an absolute IRI, not {graph!r}")
        extra = "graph=" + urllib.parse.quote(graph, safe="")
    else:
        extra = "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _auth_header() -> dict[str, str]:
    user = os.environ.get("CZT_KG_PUSH_USER")
    if not user:
        return {}
    password = os.environ.get("CZT_KG_PUSH_PASSWORD", "")
    token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def put_graph(endpoint: str, data: bytes, graph: str | None = None, timeout: float = 300.0) -> Pushed:
    """HTTP PUT Turtle ``data`` into ``graph`` (``None``: the default graph) of a Graph Store."""
    url = graph_store_url(endpoint, graph)
    headers = {"Content-Type": TURTLE, "Content-Length": str(len(data)), "User-Agent": "czt-kg push"}
    headers.update(_auth_header())
    req = urllib.request.Request(url, data=data, method="PUT", headers=headers)
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status = resp.status
            resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0]}" if body else ""
        raise OutputError(f"the store refused the graph (HTTP {exc.code} {exc.reason}{detail})", path=_shown(url)) from None
    except urllib.error.URLError as exc:
        raise OutputError(f"cannot reach the store: {exc.reason}", path=_shown(url)) from None
    except OSError as exc:
        raise OutputError(f"cannot send the graph: {exc}", path=_shown(url)) from None
    if status not in (200, 201, 204):
        raise OutputError(f"unexpected answer from the store: HTTP {status}", path=_shown(url))
    return Pushed(url, graph, len(data), status, time.monotonic() - t0)


def _shown(url: str) -> str:
    """The URL without any user:password part."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def push(out_dir: Path, endpoint: str, graph: str | None = None, named_graphs: bool = False, timeout: float = 300.0) -> list[Pushed]:
    """Push ``out_dir/czt.ttl`` (and with ``named_graphs`` every document graph of ``czt.trig``)."""
    out_dir = Path(out_dir)
    merged = out_dir / "czt.ttl"
    if not merged.is_file():
        raise UsageError("no merged graph here (czt.ttl); run `czt-kg build` first", path=merged)
    graph_store_url(endpoint, graph)  # validate before sending anything
    done = [put_graph(endpoint, merged.read_bytes(), graph, timeout)]
    if named_graphs:
        from rdflib import Dataset
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        trig = out_dir / "czt.trig"
        if not trig.is_file():
            raise UsageError("no czt.trig here for --named-graphs; run `czt-kg build` first", path=trig)
        ds = Dataset()
        ds.parse(trig, format="trig")
        for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
            name = str(g.identifier)
            if name == str(DATASET_DEFAULT_GRAPH_ID) or len(g) == 0:
                continue
            done.append(put_graph(endpoint, g.serialize(format="turtle", encoding="utf-8"), name, timeout))
    return done


def cmd_push(args) -> int:
    results = push(Path(args.out), args.endpoint, args.graph, args.named_graphs, args.timeout)
    for r in results:
        target = f"graph <{r.graph}>" if r.graph else "the default graph"
        print(f"pushed {r.bytes} bytes of Turtle to {target} of {_shown(r.url).split('?')[0]} (HTTP {r.status}, {r.seconds:.1f} s)")
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser("push", help="send the graph to a SPARQL 1.1 Graph Store (HTTP PUT of Turtle)")
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://localhost:7878/store")
    p.add_argument("--graph", metavar="IRI", help="named graph to replace (default: the store's default graph)")
    p.add_argument("--named-graphs", action="store_true", help="also PUT each document's named graph from czt.trig")
    p.add_argument("--out", default="out", help="build output folder (default: out)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="S", help="HTTP timeout in seconds (default: 300)")
    p.set_defaults(func=cmd_push)
