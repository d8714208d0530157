"""Named-query latency: rdflib vs Oxigraph, on the seed graph and on a synthetic big graph.

    python benchmarks/bench_query.py                   # seed graph + 1M triples
    python benchmarks/bench_query.py --triples 100000  # smaller synthetic graph
    python benchmarks/bench_query.py --http            # also through `czt-kg serve`'s front

The synthetic graph replicates the seed build's dataset (default graph + one named
graph per document) ``k`` times, deterministically: copy 0 is the seed itself,
copy ``i`` renames every resource IRI under the project base (``…-c{i}``, the
ontology's terms stay) and suffixes its labels (``萍乡市〔i〕``), so a query for
萍乡市 still finds one city among many while aggregates see ``k`` times the data.

Each query runs once to warm up, then ``--repeat`` times; the median is printed.
"Oxigraph" is the path ``czt-kg query`` and the endpoint use: the persistent store
(``out/store``, opened read-only), query + SPARQL JSON serialisation.  "rdflib"
is ``Dataset(default_union=True)`` in memory, query + SPARQL JSON serialisation.
rdflib is skipped above ``--rdflib-max`` triples (it needs minutes to parse 1M).
"""

from __future__ import annotations

import argparse
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
        import json

        return len(json.loads(payload)["results"]["bindings"])
    return 1


def bench(label: str, source: Path, out_dir: Path, repeat: int, rdflib_repeat: int, with_rdflib: bool, http: bool,
          rdflib_cap: float = 120.0) -> list[dict]:
    print(f"\n== {label}")
    t0 = time.perf_counter()
    info = S.load_store(out_dir, source)
    print(f"oxigraph: loaded {info.triples} triples ({info.quads} quads) into {info.path} in {time.perf_counter() - t0:.1f} s")
    store = S.open_store(out_dir)
    g = None
    if with_rdflib:
        t0 = time.perf_counter()
        g = Q.load_graph(source)
        print(f"rdflib:   parsed {source.name} in {time.perf_counter() - t0:.1f} s")
    else:
        print(f"rdflib:   skipped at {info.triples} triples (above --rdflib-max)")
    endpoint = None
    if http:
        from graph.server import Endpoint

        endpoint = Endpoint(out_dir, port=0, timeout=120, quiet=True).start()
    rows = []
    try:
        for q in Q.named_queries().values():
            b = Q.bindings_for(q, {n: SAMPLE_PARAMS[n] for n, _ in q.params})
            ox_t, (kind, payload) = timed(lambda: Q.oxigraph_raw(store, q.text, b), repeat)
            row = {"query": q.name, "rows": rows_of(kind, payload), "oxigraph": ox_t, "rdflib": None, "http": None}
            if g is not None:
                row["rdflib"] = timed_capped(lambda: Q.rdflib_raw(g, q.text, b), rdflib_repeat, rdflib_cap)
                if row["rdflib"] is None:
                    row["rdflib_capped"] = rdflib_cap
            if endpoint is not None and not q.params:
                data = urllib.parse.urlencode({"query": q.text}).encode()

                def over_http():
                    req = urllib.request.Request(endpoint.url, data=data, headers={"Accept": "application/sparql-results+json"})
                    with urllib.request.urlopen(req, timeout=300) as resp:
                        return resp.read()

                row["http"], _ = timed(over_http, repeat)
            rows.append(row)
            print(_line(row, http), flush=True)
    finally:
        if endpoint is not None:
            endpoint.close()
    ox_all = [r["oxigraph"] for r in rows]
    print(f"oxigraph: median of medians {statistics.median(ox_all) * 1000:.1f} ms, worst {max(ox_all) * 1000:.1f} ms")
    if g is not None:
        ratios = [r["rdflib"] / r["oxigraph"] for r in rows if r["oxigraph"] > 0 and r["rdflib"] is not None]
        print(f"rdflib/oxigraph: median ratio {statistics.median(ratios):.0f}×")
    return rows


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:9.1f}"


def _line(row: dict, http: bool) -> str:
    ratio = "—" if row["rdflib"] is None or not row["oxigraph"] else f"{row['rdflib'] / row['oxigraph']:7.0f}×"
    rdf = f"> {row['rdflib_capped']:g} s" if row.get("rdflib_capped") else _ms(row["rdflib"])
    if row.get("rdflib_capped"):
        ratio = f"> {row['rdflib_capped'] / row['oxigraph']:.0f}×"
    s = f"{row['query']:<26} {row['rows']:>7}  {rdf:>10}  {_ms(row['oxigraph']):>10}  {ratio:>8}"
    return s + (f"  {_ms(row['http']):>10}" if http else "")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph (default: 1000000)")
    p.add_argument("--repeat", type=int, default=7, help="timed runs per query on Oxigraph (default: 7)")
    p.add_argument("--rdflib-repeat", type=int, default=3, help="timed runs per query on rdflib (default: 3)")
    p.add_argument("--rdflib-max", type=int, default=300_000, help="skip rdflib above this many triples (default: 300000)")
    p.add_argument("--rdflib-cap", type=float, default=120.0, metavar="S",
                   help="give up an rdflib measurement after S seconds (default: 120)")
    p.add_argument("--out", type=Path, default=ROOT / "out", help="seed build folder (default: out; built if missing)")
    p.add_argument("--http", action="store_true", help="also time parameterless queries through the endpoint (needs the oxigraph binary)")
    p.add_argument("--no-seed", action="store_true", help="skip the seed graph")
    args = p.parse_args(argv)

    seed = seed_trig(args.out)
    header = f"{'query':<26} {'rows':>7}  {'rdflib ms':>10}  {'oxigraph ms':>10}  {'ratio':>8}" + ("  {:>10}".format("http ms") if args.http else "")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        if not args.no_seed:
            (tmp / "seed").mkdir()
            print(header)
            bench("seed graph", seed, tmp / "seed", args.repeat, args.rdflib_repeat, True, args.http, args.rdflib_cap)
        if args.triples > 0:
            (tmp / "big").mkdir()
            t0 = time.perf_counter()
            source, copies = synthesize(seed, args.triples, tmp / "big")
            print(f"\nsynthetic graph: {copies} copies of the seed, written in {time.perf_counter() - t0:.1f} s")
            print(header)
            bench(f"synthetic ~{args.triples} triples", source, tmp / "big", args.repeat, args.rdflib_repeat,
                  args.triples <= args.rdflib_max, args.http, args.rdflib_cap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
