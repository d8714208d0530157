"""Writers at the I/O edge: every output is written atomically.

A file is written to a temporary name in the same folder, flushed and fsynced, then
renamed over the old one, so a crash or a full disk leaves either the previous
complete file or the new complete file, never a partial one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot create output: {exc.strerror or exc}", path=path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write output ({exc.strerror or exc}); the previous file is unchanged", path=path) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def turtle_bytes(g: Graph) -> bytes:
    return g.serialize(format="turtle", encoding="utf-8")


def trig_bytes(ds: Dataset) -> bytes:
    """TriG with the default graph first and named graphs sorted by IRI.

    rdflib's own TriG writer orders graphs by hash, which changes with
    PYTHONHASHSEED; each block here is written by the (sorted) Turtle writer.
    """
    prefixes: dict[str, str] = {}
    blocks: list[str] = []
    graphs = sorted(ds.graphs(), key=lambda g: (not _is_default(g), str(g.identifier)))
    for g in graphs:
        if len(g) == 0:
            continue
        sub = Graph()
        for prefix, ns in ds.namespaces():
            sub.bind(prefix, ns, override=True, replace=True)
        for t in g:
            sub.add(t)
        body = []
        for line in sub.serialize(format="turtle").splitlines():
            if line.startswith("@prefix"):
                prefixes[line] = line
            elif line.strip() or body:
                body.append(line)
        text = "\n".join(body).strip("\n")
        if _is_default(g):
            blocks.append("{\n" + text + "\n}\n")
        else:
            blocks.append(f"<{g.identifier}> {{\n" + text + "\n}\n")
    head = "\n".join(sorted(prefixes)) + "\n\n"
    return (head + "\n".join(blocks)).encode("utf-8")


def _is_default(g: Graph) -> bool:
    return str(g.identifier) == "urn:x-rdflib:default"


def nquads_bytes(ds: Dataset) -> bytes:
    """N-Quads, lines sorted: a canonical, diff-friendly dump."""
    raw = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    lines = sorted(set(line for line in raw.splitlines() if line.strip()))
    return ("\n".join(lines) + "\n").encode("utf-8")


JSONLD_CONTEXT = {
    "@vocab": "https://w3id.org/czt-kg/ontology#",
    "czt": "https://w3id.org/czt-kg/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def jsonld_bytes(g: Graph) -> bytes:
    """JSON-LD with the project's inline context, nodes sorted by @id."""
    raw = g.serialize(format="json-ld", context=JSONLD_CONTEXT, encoding="utf-8")
    doc = json.loads(raw)
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    out = {"@context": JSONLD_CONTEXT, "@graph": [_sorted_node(n) for n in nodes]}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sorted_node(node):
    if isinstance(node, dict):
        return {k: _sorted_node(v) for k, v in sorted(node.items())}
    if isinstance(node, list):
        return sorted((_sorted_node(v) for v in node), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
