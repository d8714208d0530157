"""Named-query latency: rdflib vs Oxigraph, engine vs end to end, on the seed graph and a synthetic big graph.

    python benchmarks/bench_query.py                   # seed graph + 1M triples
    python benchmarks/bench_query.py --triples 100000  # smaller synthetic graph
    python benchmarks/bench_query.py --no-http --no-cli  # in-process columns only

The synthetic graph replicates the seed build's dataset (default graph + one named
graph per document) ``k`` times, deterministically: copy 0 is the seed itself,
copy ``i`` renames every resource IRI under the project base (``…-c{i}``, the
ontology's terms stay) and suffixes its labels (``萍乡市〔i〕``), so a query for
萍乡市 still finds one city among many while aggregates see ``k`` times the data.

Each query runs once to warm up, then ``--repeat`` times; the median is printed, per
query, for each place the time can go (see ``LEGEND``): the engine alone (on-disk and
in-memory Oxigraph), in-process end to end (engine + writing the table), the HTTP round
trip through the guarded front (``czt-kg serve`` on the store, and ``--memory``), and the
wall time of a ``czt-kg query`` process (start-up and store open included), on its own
and with ``--endpoint`` against the in-memory server.  Parameterised queries go to the
endpoint with their parameters in a ``VALUES`` clause.  rdflib is skipped above
``--rdflib-max`` triples (it needs minutes to parse 1M).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import query as Q  # noqa: E402
from graph import store as S  # noqa: E402

SAMPLE_PARAMS = {"city": "萍乡市", "name": "湘潭市"}
BASE = "https://w3id.org/czt-kg/"
ONTOLOGY = BASE + "ontology#"
LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
}


def seed_trig(out: Path | None) -> Path:
    """``OUT/czt.trig`` if built, else a fresh build of ``data/`` into a temporary folder."""
    if out is not None and (out / "czt.trig").is_file():
        return out / "czt.trig"
    from graph.build import build

    tmp = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    print(f"building the seed graph into {tmp} …", file=sys.stderr)
    build(ROOT / "data", tmp)
    return tmp / "czt.trig"


def synthesize(seed: Path, triples: int, dest: Path) -> tuple[Path, int]:
    """Write an N-Quads file of about ``triples`` merged triples; returns (path, copies)."""
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(seed), format=ox.RdfFormat.TRIG))
    merged = len({(q.subject, q.predicate, q.object) for q in quads})
    copies = max(1, math.ceil(triples / merged))

    def rename(term, i):
        if isinstance(term, ox.NamedNode):
            v = term.value
            if v.startswith(BASE) and not v.startswith(ONTOLOGY):
                return ox.NamedNode(f"{v}-c{i}")
            return term
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}c{i}")
        return term

    def out():
        for i in range(copies):
            for q in quads:
                if i == 0:
                    yield q
                    continue
                o = q.object
                if isinstance(o, ox.Literal) and q.predicate.value in LABELS:
                    o = ox.Literal(f"{o.value}〔{i}〕", language=o.language) if o.language else ox.Literal(f"{o.value}〔{i}〕")
                else:
                    o = rename(o, i)
                g = q.graph_name if isinstance(q.graph_name, ox.DefaultGraph) else rename(q.graph_name, i)
                yield ox.Quad(rename(q.subject, i), q.predicate, o, g)

    path = dest / "czt.nq"
    ox.serialize(out(), str(path), format=ox.RdfFormat.N_QUADS)
    return path, copies


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up
    times, last = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), last


def timed_capped(fn, repeat: int, cap: float) -> float | None:
    """:func:`timed` in a forked child (it shares the loaded graph), given up after ``cap`` seconds."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def run():
        child.send(timed(fn, repeat)[0])

    proc = ctx.Process(target=run, daemon=True)
    proc.start()
    try:
        return parent.recv() if parent.poll(cap) else None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def rows_of(kind, payload) -> int:
    if kind == "select":
        return len(Q.rows_from_json(payload).rows)
    return 1


def cli_wall(args: list[str], repeat: int, checkout: Path = ROOT, expect: str | None = None) -> float:
    """Median wall time of ``czt-kg ARGS`` as a new process (start-up, store open, query, printing).

    ``checkout``: run the ``graph`` package of another checkout (``--compare-cli``).
    """
    import os
    import subprocess

    cmd = [sys.executable, "-m", "graph.cli", *args]
    env = dict(os.environ, PYTHONPATH=str(checkout))
    times = []
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        took = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"czt-kg {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
        if expect is not None and expect not in done.stderr.decode():
            raise SystemExit(f"czt-kg {' '.join(args)}: no {expect!r} on stderr: {done.stderr.decode()[-500:]}")
        if i:
            times.append(took)
    return statistics.median(times)


COLUMNS = [  # (key, header)
    ("rdflib", "rdflib"),
    ("engine", "ox disk"),
    ("engine_mem", "ox mem"),
    ("inproc", "in-proc"),
    ("http", "http disk"),
    ("http_mem", "http mem"),
    ("cli", "cli disk"),
    ("cli_mem", "cli mem"),
    ("cli_auto", "cli auto"),
    ("cli_before", "cli before"),
]
COMPARE: Path | None = None  # --compare-cli
KEEP = False  # --keep: reuse the work folder's synthetic graph and stores
MEMORY = True  # --no-memory skips the in-process in-memory store
ONLY: set = set()  # --only


def plain_bulk_load(source: Path, out_dir: Path) -> float:
    """Seconds pyoxigraph alone takes to bulk-load ``source`` into a new on-disk store (deleted after)."""
    import shutil

    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(prefix=".bulk-", dir=out_dir))
    try:
        t0 = time.perf_counter()
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(source), format=S._rdf_format(source))
        store.flush()
        del store
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(label: str, source: Path, out_dir: Path, repeat: int, rdflib_repeat: int, with_rdflib: bool, http: bool,
          rdflib_cap: float = 120.0, cli: bool = True, cli_repeat: int = 5) -> list[dict]:
    print(f"\n== {label}")
    if source.parent.resolve() != out_dir.resolve():  # `serve --memory` loads OUT/czt.trig (or czt.nq)
        if not (out_dir / source.name).is_file() or (out_dir / source.name).read_bytes() != source.read_bytes():
            (out_dir / source.name).write_bytes(source.read_bytes())
    if KEEP and S.is_fresh(out_dir):
        triples = S.manifest(out_dir)["triples"]
        print(f"oxigraph: reusing the store {S.store_path(out_dir)} ({triples} triples, --keep)")
    else:
        t0 = time.perf_counter()
        info = S.load_store(out_dir, source)
        triples = info.triples
        load_s = time.perf_counter() - t0
        print(f"oxigraph: loaded {info.triples} triples ({info.quads} quads) into {info.path} in {load_s:.1f} s")
        alone_s = plain_bulk_load(source, out_dir)
        print(f"oxigraph: pyoxigraph alone bulk-loads {source.name} into a new store in {alone_s:.1f} s "
              f"(`czt-kg load` / that: {load_s / alone_s:.2f}; it also copies the named graphs into the "
              "default graph, counts and optimize()s)")
    store = S.open_store(out_dir)
    mem = None
    if MEMORY:
        t0 = time.perf_counter()
        mem = S.memory_store(source)
        print(f"oxigraph: in-memory pyoxigraph store filled in {time.perf_counter() - t0:.1f} s")
    g = None
    if with_rdflib:
        t0 = time.perf_counter()
        g = Q.load_graph(source)
        print(f"rdflib:   parsed {source.name} in {time.perf_counter() - t0:.1f} s")
    else:
        print(f"rdflib:   skipped at {triples} triples (above --rdflib-max)")
    endpoints = {}
    if http:
        from graph.server import Endpoint

        for key, memory in (("http", False), ("http_mem", True)):
            t0 = time.perf_counter()
            # the in-memory one advertises itself in OUT (as `czt-kg serve` does), for the `cli auto` column
            endpoints[key] = Endpoint(out_dir, port=0, timeout=120, quiet=True, memory=memory, advertise=memory).start()
            print(f"endpoint: {'in memory' if memory else 'on the store'} started in {time.perf_counter() - t0:.1f} s")
    print(header_line())
    rows = []
    try:
        for q in Q.named_queries().values():
            if ONLY and q.name not in ONLY:
                continue
            params = {n: SAMPLE_PARAMS[n] for n, _ in q.params}
            b = Q.bindings_for(q, params)
            row = {"query": q.name, "params": bool(q.params)}
            row["engine"], (kind, payload) = timed(lambda: Q.oxigraph_raw(store, q.text, b), repeat)
            row["rows"] = rows_of(kind, payload)
            if mem is not None:
                row["engine_mem"], _ = timed(lambda: Q.oxigraph_raw(mem, q.text, b), repeat)
            # as `czt-kg query` runs a named query in its own process: the solutions read into Rows
            row["inproc"], _ = timed(lambda: Q.format_raw(*Q.oxigraph_rows(store, q.text, b), "table", q.text), repeat)
            if g is not None:
                row["rdflib"] = timed_capped(lambda: Q.rdflib_raw(g, q.text, b), rdflib_repeat, rdflib_cap)
                if row["rdflib"] is None:
                    row["rdflib_capped"] = rdflib_cap
            for key, ep in endpoints.items():
                data = Q.with_values(q.text, b).encode("utf-8")

                def over_http(ep=ep, data=data):
                    req = urllib.request.Request(ep.url, data=data, headers={
                        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
                    with urllib.request.urlopen(req, timeout=300) as resp:
                        return resp.read()

                row[key], body = timed(over_http, repeat)
                if rows_of("select", body) != row["rows"]:
                    raise SystemExit(f"{q.name}: the endpoint ({key}) gave {rows_of('select', body)} rows, not {row['rows']}")
            if cli:
                argv = ["query", q.name, "--out", str(out_dir)] + [f"--param={n}={v}" for n, v in params.items()]
                row["cli"] = cli_wall(argv + ["--no-endpoint"], cli_repeat)
                if "http_mem" in endpoints:
                    row["cli_mem"] = cli_wall(argv + ["--endpoint", endpoints["http_mem"].url], cli_repeat)
                    row["cli_auto"] = cli_wall(argv, cli_repeat, expect="answered by the running")
                if COMPARE is not None:
                    # cold on the store like `cli disk` (without --no-endpoint, a checkout that finds
                    # running servers would ask the in-memory one this script started)
                    row["cli_before"] = cli_wall(argv + ["--no-endpoint"], cli_repeat, COMPARE)
            rows.append(row)
            print(_line(row), flush=True)
    finally:
        for ep in endpoints.values():
            ep.close()
    for key, head in COLUMNS[1:]:
        xs = [r[key] for r in rows if r.get(key) is not None]
        if xs:
            ok = sum(1 for x in xs if x <= 0.5)
            print(f"{head:>10}: median {statistics.median(xs) * 1000:7.1f} ms, worst {max(xs) * 1000:7.1f} ms, "
                  f"{ok}/{len(xs)} queries ≤ 0.5 s")
    before = [r["cli_before"] / r["cli"] for r in rows if r.get("cli_before") and r.get("cli")]
    if before:
        print(f"cli before/cli disk: median ratio {statistics.median(before):.2f}× "
              f"(from {min(before):.2f}× to {max(before):.2f}×, per query, measured side by side)")
    if g is not None:
        ratios = [r["rdflib"] / r["engine"] for r in rows if r["engine"] > 0 and r.get("rdflib") is not None]
        if ratios:
            print(f"rdflib/oxigraph (disk engine): median ratio {statistics.median(ratios):.0f}×")
    return rows


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.1f}"


def header_line() -> str:
    return f"{'query':<26} {'rows':>6} " + " ".join(f"{h:>10}" for _, h in COLUMNS) + f" {'ratio':>8}"


def _line(row: dict) -> str:
    cells = []
    for key, _ in COLUMNS:
        if key == "rdflib" and row.get("rdflib_capped"):
            cells.append(f"> {row['rdflib_capped']:g} s")
        else:
            cells.append(_ms(row.get(key)))
    ratio = "—"
    if row.get("rdflib_capped"):
        ratio = f"> {row['rdflib_capped'] / row['engine']:.0f}×"
    elif row.get("rdflib") is not None and row["engine"]:
        ratio = f"{row['rdflib'] / row['engine']:.0f}×"
    return f"{row['query']:<26} {row['rows']:>6} " + " ".join(f"{c:>10}" for c in cells) + f" {ratio:>8}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph (default: 1000000)")
    p.add_argument("--repeat", type=int, default=7, help="timed runs per query in-process and over HTTP (default: 7)")
    p.add_argument("--cli-repeat", type=int, default=5, help="timed `czt-kg query` processes per query (default: 5)")
    p.add_argument("--rdflib-repeat", type=int, default=3, help="timed runs per query on rdflib (default: 3)")
    p.add_argument("--rdflib-max", type=int, default=300_000, help="skip rdflib above this many triples (default: 300000)")
    p.add_argument("--rdflib-cap", type=float, default=120.0, metavar="S",
                   help="give up an rdflib measurement after S seconds (default: 120)")
    p.add_argument("--out", type=Path, default=ROOT / "out", help="seed build folder (default: out; built if missing)")
    p.add_argument("--no-http", dest="http", action="store_false",
                   help="skip the endpoint columns (they need the oxigraph binary)")
    p.add_argument("--http", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    p.add_argument("--no-cli", dest="cli", action="store_false", help="skip the `czt-kg query` process columns")
    p.add_argument("--no-seed", action="store_true", help="skip the seed graph")
    p.add_argument("--compare-cli", type=Path, metavar="CHECKOUT",
                   help="also time `czt-kg query` from another checkout (e.g. a git worktree of an older commit)")
    p.add_argument("--keep", type=Path, metavar="DIR",
                   help="work in DIR and keep it: the synthetic graph and its store are reused by the next run")
    p.add_argument("--only", metavar="NAMES", help="comma-separated named queries to time (default: all)")
    p.add_argument("--no-memory", dest="memory", action="store_false",
                   help="skip the in-process in-memory store (the `ox mem` column)")
    args = p.parse_args(argv)
    global COMPARE, KEEP, MEMORY, ONLY
    KEEP, MEMORY = args.keep is not None, args.memory
    ONLY = set(args.only.split(",")) if args.only else set()
    COMPARE = args.compare_cli.resolve() if args.compare_cli else None
    if COMPARE is None:
        COLUMNS[:] = [c for c in COLUMNS if c[0] != "cli_before"]

    seed = seed_trig(args.out)
    print(LEGEND)
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            tmp = args.keep.resolve()
            tmp.mkdir(parents=True, exist_ok=True)
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        if not args.no_seed:
            (tmp / "seed").mkdir(exist_ok=True)
            bench("seed graph", seed, tmp / "seed", args.repeat, args.rdflib_repeat, True, args.http, args.rdflib_cap,
                  args.cli, args.cli_repeat)
        if args.triples > 0:
            big = tmp / f"big-{args.triples}"
            big.mkdir(exist_ok=True)
            t0 = time.perf_counter()
            if KEEP and (big / "czt.nq").is_file():
                source = big / "czt.nq"
                print(f"\nsynthetic graph: reusing {source} (--keep)")
            else:
                source, copies = synthesize(seed, args.triples, big)
                print(f"\nsynthetic graph: {copies} copies of the seed, written in {time.perf_counter() - t0:.1f} s")
            bench(f"synthetic ~{args.triples} triples", source, big, args.repeat, args.rdflib_repeat,
                  args.triples <= args.rdflib_max, args.http, args.rdflib_cap, args.cli, args.cli_repeat)
    return 0


LEGEND = """medians in ms:
  rdflib     rdflib Dataset in memory: query + SPARQL JSON (skipped on big graphs)
  ox disk    engine time, Oxigraph on the on-disk store out/store (RocksDB): query + SPARQL JSON
  ox mem     engine time, Oxigraph on an in-memory store (what `serve --memory` runs)
  in-proc    ox disk + writing the table in Python, as `czt-kg query` does in its own process
             (the solutions read into rows, `oxigraph_rows`, no SPARQL JSON in between)
  http disk  HTTP round trip through the guarded front of `czt-kg serve` (on the store)
  http mem   the same through `czt-kg serve --memory`
  cli disk   wall time of `czt-kg query NAME --no-endpoint` as a new process: start-up, check, store open, query, table
  cli mem    wall time of `czt-kg query NAME --endpoint URL` against `czt-kg serve --memory`
  cli auto   wall time of `czt-kg query NAME` while that `serve --memory` of the same folder runs (found by itself)
  cli before `cli disk` run by the checkout given with --compare-cli (the code before a change;
             it must know --no-endpoint)
  ratio      rdflib / ox disk"""


if __name__ == "__main__":
    sys.exit(main())
