"""How much of the entity graph one page more changes, and whether the statements
memo's touched subjects name all of it: the evidence for carrying the projection.

    python benchmarks/bench_projection_delta.py                 # 10,000 pages + 1
    python benchmarks/bench_projection_delta.py --pages 1000 --root /tmp/delta

One page more changes few nodes and edges of the entity graph, so a rebuild's
projection (:func:`graph.analysis.project`) is carried: it takes the previous build's
entity graph and makes again only what a change can reach (see
:func:`graph.dump_projection.project_dump`, whose rule is narrower on the edges'
side).  The rdf stage knows which subjects' statements may differ from the previous
build's (``touched``, :meth:`graph.statement_memo.Memo._changes`); this script checks
the broad rule the carried projection was designed from:

- the nodes to make again are the touched entities and the entities a touched mention
  names (``itsrdf:taIdentRef``);
- the edges, those out of a touched entity and those a touched assertion states.

This script builds ``--pages`` synthetic pages, then the same plus one (reusing the
cache, as ``czt-kg bench --incremental`` does), keeps both entity graphs, and prints
how many nodes and edges are new or changed, how many the rule above names, and
those it misses (it must miss none), with the named graphs the change touched that
the previous build had (a carried projection falls back to a whole one when an old
document's graph is touched: its mentions may be gone).  Figures are printed; the
exit code is 1 when the rule misses a change or a node or edge is gone (removals are
not what the rule covers).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))  # one_page_more, also where this file is loaded by path

import numpy as np  # noqa: E402
from rdflib import RDF  # noqa: E402

from graph import analysis  # noqa: E402
from graph.build import build  # noqa: E402
from graph.dump_projection import _Statements  # noqa: E402
from graph.statement_memo import touched_now  # noqa: E402
from graph.vocab import ITSRDF  # noqa: E402
from one_page_more import Corpus, arguments, projected  # noqa: E402


#: the rule's parts, as :func:`named_by_changes` names them
PARTS = ("touched entities", "entities of touched mentions", "edges out of touched entities",
         "edges of touched assertions")


def named_by_changes(view, dump) -> tuple[dict, set]:
    """What each part of the rule of the module docstring makes again in ``view`` (nodes,
    or edges as (u, v, key)), from the changes ``dump`` (the build's statements) records
    since the previous build; and the named graphs (``<iri>``) holding a statement that
    may have changed.  All empty when the rdf stage did not start from a memo."""
    changes = getattr(dump, "previous_changes", None)
    now = touched_now(dump, changes[1]) if changes is not None else None
    if now is None:
        return {part: set() for part in PARTS}, set()
    _memo, _touched_before, graphs, _retyped = changes
    touched = now[0]  # a term the previous build did not have: new statements
    st = _Statements(dump, literal_masks=False)  # the projection's own reading of the statements
    ts, tp, to, string = st.ts, st.tp, st.to, st.string

    def rank(iri) -> int:
        found = st.rank(iri)
        return -1 if found is None else found

    is_entity = np.zeros(st.size, dtype=bool)
    is_entity[[r for r in map(rank, view.nodes) if r >= 0]] = True
    named = np.flatnonzero(is_entity & touched).tolist()
    by_mention = to[(tp == rank(ITSRDF.taIdentRef)) & touched[ts]]
    by_mention = by_mention[is_entity[by_mention]].tolist()

    def touched_values(predicate) -> dict:
        at = np.flatnonzero((tp == rank(predicate)) & touched[ts])
        return dict(zip(ts[at].tolist(), to[at].tolist()))

    s, p, o = (touched_values(x) for x in (RDF.subject, RDF.predicate, RDF.object))
    edge_key = {str(iri): key for iri, key in analysis._PRED_LOCAL.items()}  # a predicate's key in the view
    stated = ((string(s[a]), string(o[a]), edge_key.get(string(p[a]))) for a in s.keys() & p.keys() & o.keys())
    out_of = {string(r) for r in named}
    parts = (out_of, {string(r) for r in by_mention}, {(u, v, k) for u, v, k in view.edges(keys=True) if u in out_of},
             {edge for edge in stated if edge[2] is not None})
    return dict(zip(PARTS, parts)), {g.strip() for g in graphs if g.strip()}


def captured(corpus: Path, out: Path) -> tuple:
    """A build of ``corpus`` into ``out`` (cache in ``out/.cache``) with the projection
    wrapped: (its entity graph, what each part of the rule names, the graphs touched,
    the build's named graphs)."""

    def keep(view, g):
        dump = g.statements
        graphs = {t.strip() for t in dump.graph_texts if t.strip()} if dump is not None else set()
        return (view, *named_by_changes(view, dump), graphs)

    return projected(lambda: build(corpus, out, jobs=2), keep)[-1]


def main(argv=None) -> int:
    args = arguments(__doc__, "czt-kg-delta", argv)
    corpus = Corpus(args)
    out = args.root / "out"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    before, _parts, _touched, graphs_before = captured(corpus.folder, out)
    print(f"build of {args.pages} pages: {time.perf_counter() - t0:.1f} s", flush=True)
    try:
        with corpus.one_page_more() as folder:
            t0 = time.perf_counter()
            after, parts, touched_graphs, _graphs = captured(folder, out)
            print(f"rebuild with one page more: {time.perf_counter() - t0:.1f} s")
    finally:
        shutil.rmtree(out, ignore_errors=True)

    new_nodes = {n for n in after.nodes if n not in before.nodes}
    changed_nodes = {n for n in after.nodes if n in before.nodes and before.nodes[n] != after.nodes[n]}
    old_edges = {(u, v, k): d for u, v, k, d in before.edges(keys=True, data=True)}
    new_edges = {(u, v, k) for u, v, k in after.edges(keys=True) if (u, v, k) not in old_edges}
    changed_edges = {(u, v, k) for u, v, k, d in after.edges(keys=True, data=True)
                     if (u, v, k) in old_edges and old_edges[(u, v, k)] != d}
    gone = (set(before.nodes) - set(after.nodes), set(old_edges) - {(u, v, k) for u, v, k in after.edges(keys=True)})
    nodes, edges = set().union(*(parts[p] for p in PARTS[:2])), set().union(*(parts[p] for p in PARTS[2:]))
    missed_nodes = (new_nodes | changed_nodes) - nodes
    missed_edges = (new_edges | changed_edges) - edges
    old_graphs = touched_graphs & graphs_before
    print(f"\n{args.pages} pages + 1")
    print(f"  nodes  {after.number_of_nodes():>9,}  new {len(new_nodes):,}, changed {len(changed_nodes):,}, "
          f"gone {len(gone[0]):,}; named by the rule {len(nodes):,}, missed {len(missed_nodes):,}")
    print(f"  edges  {after.number_of_edges():>9,}  new {len(new_edges):,}, changed {len(changed_edges):,}, "
          f"gone {len(gone[1]):,}; named by the rule {len(edges):,}, missed {len(missed_edges):,}")
    for part in PARTS:
        changed = (new_nodes | changed_nodes) if part in PARTS[:2] else (new_edges | changed_edges)
        print(f"  {part}: {len(parts[part]):,}, of them new or changed {len(parts[part] & changed):,}")
    print(f"  the previous build's named graphs touched: {len(old_graphs)}")
    for missed in sorted(missed_nodes)[:5] + sorted(map(str, missed_edges))[:5]:
        print(f"  missed: {missed}")
    return 1 if missed_nodes or missed_edges or gone[0] or gone[1] else 0


if __name__ == "__main__":
    sys.exit(main())
