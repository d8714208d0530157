"""``czt-kg`` command line: a thin layer over the package functions.

Errors of the :class:`~graph.errors.CztError` family are caught here, once, and
printed as one line; the exit codes are documented in :mod:`graph.errors`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path

from .errors import CztError, UsageError, ValidationFailed
from .defaults import DEFAULT_BASE

#: Modules that add sub-commands: each has ``add_commands(subparsers)`` and sets
#: ``func`` on its parsers (a function taking the parsed args, returning the exit code).
COMMAND_MODULES: tuple[str, ...] = ("graph.store", "graph.server", "graph.push", "graph.analysis_cli", "graph.bench")


def _progress_printer(enabled: bool):
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if not enabled or total < 20:
            return
        now = time.monotonic()
        if done == total or now - last[0] > 0.5:
            last[0] = now
            print(f"\r{stage}: {done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)

    return progress


def _say_waiting(folder: Path, pid: int | None) -> None:
    """One line on stderr while another build holds ``folder`` (see graph.folder_lock)."""
    who = f"another czt-kg build (pid {pid})" if pid is not None else "another czt-kg build"
    print(f"czt-kg: {folder}: {who} is writing this folder; waiting for it to finish", file=sys.stderr, flush=True)


def cmd_build(args) -> int:
    from .build import build, stats

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    cache = False if args.no_cache else (Path(args.cache) if args.cache else True)
    result = build(Path(args.data), Path(args.out), args.base, progress=_progress_printer(sys.stderr.isatty()),
                   jobs=args.jobs, cache=cache, shacl=args.shacl, waiting=_say_waiting)
    s = stats(result)
    for err in result.page_errors:
        print(f"czt-kg: {err}", file=sys.stderr)
    print(f"pages: {s['pages']} read, {s['unreadable_pages']} unreadable; documents: {s['documents']}")
    print(f"entities: {s['entities']} (" + ", ".join(f"{k} {v}" for k, v in s["entities_by_type"].items()) + ")")
    print(f"assertions: {s['assertions']}; claims: {s['claims']}; triples: {s['triples']}")
    if result.kg.validation is not None:
        print(result.kg.validation.summary())
    print("wrote: " + ", ".join(str(p) for p in result.written))
    code = 1 if result.page_errors else 0
    if getattr(args, "standalone", False):
        # a process of its own, every output written, closed and renamed: it ends without
        # freeing the build's objects one by one (~1.2 s after one page more among 10,000)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def cmd_extract(args) -> int:
    from .build import load_lexicon
    from .contract import document_record
    from .pipeline import extract_all, read_corpus
    from .resolve import resolve

    lexicon = load_lexicon(Path(args.data))
    read = read_corpus([Path(p) for p in args.pages], args.base)
    for err in read.errors:
        print(f"czt-kg: {err}", file=sys.stderr)
    resolution = resolve(extract_all(read.documents, lexicon), lexicon, args.base)
    entities = resolution.by_id()
    records = [document_record(ex, entities) for ex in resolution.extractions]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        for rec in records:
            d = rec["document"]
            print(f"== {d['kind']} {d['title']!r} ({d['page']} [{d['span'][0]}:{d['span'][1]}])")
            for e in rec["entities"]:
                spans = ", ".join(f"{m['start']}-{m['end']}" for m in e["mentions"])
                print(f"  {e['type']:<12} {e['class']:<18} {e['label']}  [{spans}]")
            for r in rec["relations"]:
                label = {x["id"]: x["label"] for x in rec["entities"]}
                pred = r["predicate"].rsplit("#", 1)[-1]
                print(f"  {label.get(r['subject'], r['subject'])} —{pred}→ {label.get(r['object'], r['object'])}")
    return 1 if read.errors else 0


def cmd_query(args) -> int:
    # A whole `czt-kg query` process opens the store while the query module loads (the
    # engine releases the GIL while it opens), and runs a named query in this process.
    early = _open_store_early(args) if getattr(args, "standalone", False) else None
    try:
        return _query(args, early)
    finally:
        if early is not None:
            early.close()


def _query(args, early) -> int:
    from .query import (bindings_for, choose_source, execute_raw, format_raw, list_text, parse_params, query_endpoint,
                        resolve_query, run_standalone, shipped_form)

    if args.list:
        print(list_text())
        return 0
    if not args.query:
        raise UsageError("give a query: a named query, a .rq file or SPARQL text (see --list)")
    text, named = resolve_query(args.query)
    bindings = bindings_for(named, parse_params(args.param), plain=True)  # plain terms: no rdflib import
    if args.endpoint:
        kind, payload = query_endpoint(args.endpoint, text, bindings, timeout=args.timeout)
    else:
        answer = None
        if not args.no_endpoint and args.engine is None and not args.graph:
            answer = _ask_running_server(Path(args.out), text, bindings, args.timeout)
        if answer is None:
            source = choose_source(args.engine, Path(args.out), Path(args.graph) if args.graph else None)
            if early is not None and source.is_store and source.path == early.path and shipped_form(text):
                # a named query on the store: in this process, under a watchdog (see run_standalone)
                answer = run_standalone(text, bindings, source, args.timeout, handle=early.handle())
            if answer is None:
                if early is not None:
                    early.close()  # before the fork: the query's child process must start single-threaded
                answer = execute_raw(text, bindings, source, timeout=args.timeout)
        kind, payload = answer
    print(format_raw(kind, payload, args.format, text))
    return 0


class _EarlyStore:
    """``OUT/store`` being opened read-only in a thread (see :func:`_open_store_early`)."""

    def __init__(self, path: Path):
        import threading

        self.path = path
        self._result: list = []
        self._thread = threading.Thread(target=self._open, daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            import pyoxigraph

            self._result.append(pyoxigraph.Store.read_only(str(self.path)))
        except BaseException as exc:  # handle() then gives None: the normal path opens the store and reports why
            self._result.append(exc)

    def handle(self):
        """The open store, or ``None`` if it could not be opened (the caller opens it and reports why)."""
        self._thread.join()
        got = self._result[0] if self._result else None
        return None if isinstance(got, BaseException) else got

    def close(self) -> None:
        """Wait for the thread and let go of the store (closed once no one holds it)."""
        self._thread.join()
        self._result.clear()


def _open_store_early(args) -> _EarlyStore | None:
    """Start opening ``OUT/store`` if this command will read it (a fresh store, no --graph/--endpoint/rdflib).

    A stale store is left to :func:`graph.query.choose_source`, which reloads it first.
    """
    if args.list or not args.query or args.endpoint or args.graph or args.engine not in (None, "oxigraph"):
        return None
    if not (Path(__file__).with_name("queries") / f"{args.query}.rq").is_file():
        return None  # not a named query: it goes to a child process, which opens the store itself
    from . import store

    out = Path(args.out)
    try:
        if not store.is_fresh(out):
            return None
    except OSError:
        return None
    return _EarlyStore(store.store_path(out))


def _ask_running_server(out: Path, text: str, bindings: dict, timeout: float):
    """The answer of a running `czt-kg serve` of ``out`` (see :func:`graph.store.running_server`), else ``None``.

    Says on stderr which engine answered.  A server that cannot be reached is skipped (the
    store answers); any other answer of the server — refusal, error, time limit — stands.
    """
    from .query import EndpointUnreachable, query_endpoint
    from .store import running_server

    server = running_server(out)
    if server is None:
        return None
    url = server["url"]
    try:
        # no grace: the command ends within --timeout even if the server's limit is longer
        answer = query_endpoint(url, text, bindings, timeout=timeout, grace=0.0)
    except EndpointUnreachable:
        print(f"czt-kg: the running server {url} did not answer; querying {out / 'store'}", file=sys.stderr)
        return None
    mode = "serve --memory" if server.get("memory") else "serve"
    print(f"czt-kg: answered by the running `czt-kg {mode}` at {url} (pid {server['pid']}); "
          f"--no-endpoint reads {out / 'store'} instead", file=sys.stderr)
    return answer


def cmd_evaluate(args) -> int:
    from .build import load_lexicon
    from .evaluate import as_json, evaluate, report

    scores = evaluate(Path(args.gold), load_lexicon(Path(args.data)), args.base)
    if args.format == "json":
        print(json.dumps(as_json(scores), ensure_ascii=False, indent=1))
    else:
        print(report(scores, show_errors=not args.quiet))
    return 0


def cmd_view(args) -> int:
    from .visualize import open_in_browser

    path = Path(args.out) / "graph.html"
    if not path.is_file():
        raise UsageError("no graph page here; run `czt-kg build` first", path=path)
    open_in_browser(path)
    print(path.resolve().as_uri())
    return 0


#: The commands this module defines; for these the modules of ``COMMAND_MODULES`` are not imported.
OWN_COMMANDS = ("build", "extract", "query", "evaluate", "view")


def parser(all_commands: bool = True) -> argparse.ArgumentParser:
    """The argument parser; ``all_commands=False`` leaves out the commands of ``COMMAND_MODULES``."""
    p = argparse.ArgumentParser(prog="czt-kg", description="Knowledge graphs from Chinese regional-policy news.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the knowledge graph of a data folder into out/")
    b.add_argument("--data", default="data", help="folder laid out like data/: raw/ pages, lexicon/ (default: data)")
    b.add_argument("--out", default="out", help="output folder (default: out)")
    b.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the graph's resources (default: {DEFAULT_BASE})")
    b.add_argument("--jobs", type=int, metavar="N", help="processes extracting pages (default: all cores)")
    b.add_argument("--cache", metavar="DIR", help="folder of per-page results (default: OUT/.cache)")
    b.add_argument("--no-cache", action="store_true", help="neither read nor write the per-page cache")
    b.add_argument("--shacl", choices=("core", "pyshacl"),
                   help="SHACL engine: core (linear, default) or pyshacl (the reference; also $CZT_KG_SHACL)")
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", help="print the entities and relations of pages (the extract contract)")
    e.add_argument("pages", nargs="+", help="page files")
    e.add_argument("--format", choices=("json", "table"), default="table")
    e.add_argument("--data", default="data", help="folder whose lexicon/ to use (default: data)")
    e.add_argument("--base", default=DEFAULT_BASE)
    e.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run SPARQL (a named query, a .rq file or text) over the built graph")
    q.add_argument("query", nargs="?", help="named query, .rq file, or SPARQL text")
    q.add_argument("--out", default="out", help="build output folder whose graph to query (default: out)")
    q.add_argument("--graph", help="query this graph file instead (.trig, .ttl, .nq, .nt, .jsonld)")
    q.add_argument("--engine", choices=("rdflib", "oxigraph"),
                   help="query engine (default: oxigraph when OUT/store exists, else rdflib)")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml", "turtle", "jsonld"), default="table",
                   help="SELECT/ASK: table, csv, tsv, json, xml; CONSTRUCT/DESCRIBE: turtle (table), jsonld (json), xml")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a named query's parameter (as an RDF term)")
    q.add_argument("--timeout", type=float, default=30.0, metavar="S", help="stop the query after S seconds (default: 30)")
    q.add_argument("--endpoint", metavar="URL",
                   help="send the query to a running `czt-kg serve` (e.g. http://127.0.0.1:7878/sparql) instead")
    q.add_argument("--no-endpoint", action="store_true",
                   help="do not ask a running `czt-kg serve` of OUT (used by default when it serves the same graph)")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.set_defaults(func=cmd_query)

    ev = sub.add_parser("evaluate", help="precision/recall/F1 of extraction against hand-annotated gold")
    ev.add_argument("gold", nargs="?", default="data/gold", help="folder of gold *.json files (default: data/gold)")
    ev.add_argument("--data", default="data", help="folder whose lexicon/ to use (default: data)")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--quiet", action="store_true", help="scores only, no list of misses and extras")
    ev.add_argument("--base", default=DEFAULT_BASE)
    ev.set_defaults(func=cmd_evaluate)

    v = sub.add_parser("view", help="open out/graph.html in the browser")
    v.add_argument("--out", default="out")
    v.set_defaults(func=cmd_view)

    if all_commands:
        for module in COMMAND_MODULES:
            importlib.import_module(module).add_commands(sub)
    return p


def _own_command(argv: list[str]) -> bool:
    """Whether ``argv`` runs one of this module's commands (so the other modules need not be imported).

    Start-up is most of a ``czt-kg query`` on a small graph: importing the server and push
    modules (http.server, urllib.request, ssl…) only to list their options costs tens of ms.
    """
    return bool(argv) and argv[0] in OWN_COMMANDS


def main(argv: list[str] | None = None) -> int:
    # A process of its own (the `czt-kg` script, `python -m graph.cli`: no argv given) may be
    # ended by a query's watchdog at its time limit; a caller's process (tests, notebooks) never.
    standalone = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser(all_commands=not _own_command(argv)).parse_args(argv)
    args.standalone = standalone
    try:
        return args.func(args)
    except ValidationFailed as exc:
        print(f"czt-kg: {exc}", file=sys.stderr)
        print(exc.report, file=sys.stderr)
        return exc.exit_code
    except CztError as exc:
        print(f"czt-kg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("czt-kg: interrupted; outputs already written are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
