"""The Oxigraph store: ``out/czt.trig`` loaded into an embedded, persistent ``out/store/``.

rdflib stays the in-process model of the build; Oxigraph is where size and latency
matter (``czt-kg query`` by default once ``out/store`` exists, and ``czt-kg serve``).

What the store holds (the same dataset rdflib sees when it reads ``czt.trig`` with
``default_union=True``):

* every named graph of ``czt.trig`` (one per document) as a named graph;
* the **default graph is the merged graph** — exactly the triples of ``czt.ttl``:
  the TriG default graph plus a copy of every named-graph triple.

We materialise the merge instead of querying with Oxigraph's "default graph as
union" option, because that option is a bag, not a set: a triple stated in two
graphs comes back twice, so ``COUNT`` and non-``DISTINCT`` queries would disagree
with rdflib and with ``czt.ttl``.  Queries therefore need no special option, on
the embedded store and on ``oxigraph serve-read-only`` alike, and ``GRAPH ?g``
still reaches the per-document provenance.

A store is built in a temporary folder next to ``out/store`` and swapped in, so
a reader never sees a half-loaded store.  ``out/store/czt-kg-store.json`` records
which file it was loaded from (size, mtime, SHA-256) so a stale store is noticed
and reloaded.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import namedtuple
from pathlib import Path

from .errors import OutputError, UsageError

STORE_DIR = "store"
MANIFEST = "czt-kg-store.json"
SOURCES = ("czt.trig", "czt.nq", "czt.ttl")


# shutil, tempfile and hashlib are imported where used, and this is a named tuple rather than
# a dataclass: `czt-kg query` imports this module and pays for every import at start-up.
class StoreInfo(namedtuple("StoreInfo", "path source quads triples graphs seconds")):
    """A loaded store: ``quads`` (the merged default graph included), ``triples`` (of the merged
    default graph), ``graphs`` (named graphs), ``seconds`` (loading time)."""

    __slots__ = ()

    def summary(self) -> str:
        return (
            f"store: {self.path} ({self.triples} triples in the default graph, "
            f"{self.graphs} named graphs, {self.quads} quads; loaded from {self.source.name} in {self.seconds:.1f} s)"
        )


def store_path(out_dir: Path) -> Path:
    return Path(out_dir) / STORE_DIR


def source_file(out_dir: Path) -> Path:
    """The graph file a store of ``out_dir`` is loaded from (``czt.trig`` first)."""
    for name in SOURCES:
        p = Path(out_dir) / name
        if p.is_file():
            return p
    raise UsageError("no built graph here (czt.trig); run `czt-kg build` first", path=out_dir)


def _fingerprint(path: Path, with_hash: bool = True) -> dict:
    st = path.stat()
    out = {"file": path.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if with_hash:
        import hashlib

        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        out["sha256"] = h.hexdigest()
    return out


def _rdf_format(path: Path):
    import pyoxigraph as ox

    fmt = {
        ".trig": ox.RdfFormat.TRIG,
        ".nq": ox.RdfFormat.N_QUADS,
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".jsonld": ox.RdfFormat.JSON_LD,
    }.get(path.suffix)
    if fmt is None:
        raise UsageError("unknown graph format (expected .trig, .nq, .ttl, .nt or .jsonld)", path=path)
    return fmt


def fill(store, source: Path) -> None:
    """Load ``source`` into ``store`` and make the default graph the merged graph.

    One parse of the file feeds both: each quad goes in as it is and, when it is in a
    named graph, once more into the default graph, in batches.  (Bulk-loading the file,
    then reading the store back to copy the named graphs, took 1.6x as long and 3.6x the
    memory at a million triples; a second parse would not keep blank nodes the same.)
    """
    import pyoxigraph as ox

    source = Path(source)
    fmt = _rdf_format(source)
    default, quad = ox.DefaultGraph(), ox.Quad
    batch: list = []
    try:
        for q in ox.parse(path=str(source), format=fmt):
            batch.append(q)
            if type(q.graph_name) is not ox.DefaultGraph:
                batch.append(quad(q.subject, q.predicate, q.object, default))
            if len(batch) >= 200_000:
                store.bulk_extend(batch)
                batch = []
    except SyntaxError as exc:
        raise UsageError(f"cannot load the graph: {exc}", path=source) from None
    if batch:
        store.bulk_extend(batch)


def memory_store(source: Path):
    """An in-memory Oxigraph store of a graph file, laid out like ``out/store``."""
    import pyoxigraph as ox

    store = ox.Store()
    fill(store, Path(source))
    return store


def _count(store, query: str) -> int:
    (row,) = list(store.query(query))
    return int(row[0].value)


def load_store(out_dir: Path = Path("out"), source: Path | None = None) -> StoreInfo:
    """Load ``out_dir/czt.trig`` (or ``source``) into ``out_dir/store`` (replaced atomically)."""
    import shutil
    import tempfile

    import pyoxigraph as ox

    out_dir = Path(out_dir)
    source = Path(source) if source is not None else source_file(out_dir)
    if not source.is_file():
        raise UsageError("graph file not found (run `czt-kg build` first)", path=source)
    target = store_path(out_dir)
    t0 = time.monotonic()
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot create the store: {exc.strerror or exc}", path=target) from None
    try:
        store = ox.Store(str(tmp))
        fill(store, source)
        store.flush()
        triples = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        graphs = sum(1 for _ in store.named_graphs())
        quads = len(store)
        store.optimize()
        del store  # closes RocksDB (the lock is released when the object goes)
        manifest = {
            "source": _fingerprint(source),
            "triples": triples,
            "graphs": graphs,
            "quads": quads,
            "loaded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "pyoxigraph": getattr(ox, "__version__", ""),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot write the store: {exc.strerror or exc}", path=target) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StoreInfo(target, source, quads, triples, graphs, time.monotonic() - t0)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``: two renames, then the old store is deleted."""
    import shutil

    old = None
    if target.exists():
        old = target.with_name(f".store-old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((store_path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def has_store(out_dir: Path) -> bool:
    return manifest(out_dir) is not None


def is_fresh(out_dir: Path) -> bool:
    """Whether ``out_dir/store`` holds the current ``czt.trig`` (cheap unless the file was touched)."""
    m = manifest(out_dir)
    if m is None:
        return False
    try:
        src = source_file(out_dir)
    except UsageError:
        return True  # nothing to compare with: the store is all there is
    recorded = m.get("source", {})
    if recorded.get("file") != src.name:
        return False
    now = _fingerprint(src, with_hash=False)
    if now["size"] != recorded.get("size"):
        return False
    if now["mtime_ns"] == recorded.get("mtime_ns"):
        return True
    return _fingerprint(src)["sha256"] == recorded.get("sha256")


def ensure_store(out_dir: Path, quiet: bool = False) -> Path:
    """``out_dir/store``, (re)loaded first if it is missing or older than ``czt.trig``."""
    out_dir = Path(out_dir)
    if not is_fresh(out_dir):
        reason = "stale" if has_store(out_dir) else "missing"
        info = load_store(out_dir)
        if not quiet:
            print(f"czt-kg: store was {reason}; loaded {info.source} into {info.path}", file=sys.stderr)
    return store_path(out_dir)


def open_store(out_dir: Path):
    """The store of ``out_dir``, opened read-only (many readers may share it)."""
    import pyoxigraph as ox

    path = store_path(out_dir)
    if not has_store(out_dir):
        raise UsageError("no Oxigraph store here; run `czt-kg load` (or `czt-kg build`) first", path=path)
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise UsageError(f"cannot open the store: {exc}", path=path) from None


# -- CLI -------------------------------------------------------------------------


def cmd_load(args) -> int:
    out = Path(args.out)
    source = Path(args.graph) if args.graph else None
    info = load_store(out, source)
    print(info.summary())
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser("load", help="load out/czt.trig into the Oxigraph store out/store/ (for query and serve)")
    p.add_argument("--out", default="out", help="build output folder (default: out)")
    p.add_argument("--graph", help="graph file to load instead of OUT/czt.trig (.trig, .nq, .ttl, .nt, .jsonld)")
    p.set_defaults(func=cmd_load)


# -- a running `czt-kg serve` of this folder ----------------------------------------------------
#
# `czt-kg serve` writes OUT/.czt-kg-serve.json while it runs: its loopback URL, its process id,
# whether it holds the graph in memory, and the fingerprint of the graph file it loaded.
# `czt-kg query` then asks that server instead of opening out/store — a warm engine, several
# times faster on big graphs — when the server is alive, on a loopback address, and serves the
# same data (the fingerprint matches the current czt.trig); otherwise it reads the store.

SERVER_FILE = ".czt-kg-serve.json"
_LOOPBACK = ("127.0.0.1", "::1")


def server_file(out_dir: Path) -> Path:
    return Path(out_dir) / SERVER_FILE


def source_fingerprint(out_dir: Path) -> dict | None:
    """Name, size, time and SHA-256 of ``out_dir``'s graph file (``None`` if there is none)."""
    try:
        return _fingerprint(source_file(out_dir))
    except (OSError, UsageError):
        return None


def write_server_file(out_dir: Path, url: str, memory: bool, source: dict | None = None) -> Path | None:
    """Advertise a running endpoint of ``out_dir`` that loaded ``source`` (atomically; ``None`` if not written)."""
    out_dir = Path(out_dir)
    source = source or source_fingerprint(out_dir)
    if source is None:
        return None
    try:
        doc = {"url": url, "pid": os.getpid(), "memory": bool(memory), "source": source,
               "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        path = server_file(out_dir)
        tmp = path.with_name(f"{SERVER_FILE}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path
    except OSError:
        return None


def remove_server_file(out_dir: Path) -> None:
    """Remove the advertisement if it is this process's."""
    path = server_file(out_dir)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def running_server(out_dir: Path) -> dict | None:
    """The advertised ``czt-kg serve`` of ``out_dir`` if it may answer for it, else ``None``.

    Conditions: the file is readable; the URL is ``http`` on a loopback address given as
    an IP literal (no name lookup, nothing leaves the machine); the process is alive; and it
    loaded the graph file that is there now (same size and time, or the same SHA-256).
    """
    import urllib.parse

    try:
        doc = json.loads(server_file(out_dir).read_text(encoding="utf-8"))
        url, pid, recorded = str(doc["url"]), int(doc["pid"]), dict(doc["source"])
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http" or u.hostname not in _LOOPBACK or not u.port:
            return None
        os.kill(pid, 0)  # alive? (raises if not, or if it is not ours to signal)
        src = source_file(out_dir)
    except (OSError, ValueError, KeyError, TypeError, UsageError):
        return None
    if recorded.get("file") != src.name:
        return None
    now = _fingerprint(src, with_hash=False)
    if now["size"] != recorded.get("size"):
        return None
    if now["mtime_ns"] != recorded.get("mtime_ns") and _fingerprint(src)["sha256"] != recorded.get("sha256"):
        return None
    return doc
