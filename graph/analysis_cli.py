"""``czt-kg analyze`` and ``czt-kg path``: relationship analysis from the command line.

``czt-kg analyze [--out DIR]`` reads ``DIR/czt.ttl`` (written by ``czt-kg build``) and
writes ``DIR/analysis.json`` (the :func:`graph.analysis.summarize` findings),
``DIR/analysis.md`` (a readable report), ``DIR/graph.graphml`` and ``DIR/graph.gexf``
(for Gephi), each atomically.  The same graph gives the same bytes.

``czt-kg path 韶山市 长沙市`` prints how two entities are connected: a shortest path,
hop by hop, with the sentence behind each hop.

Neither imports pandas or matplotlib.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cmd_analyze(args) -> int:
    from . import analysis
    from .query import load_graph

    out = Path(args.out)
    graph_file = Path(args.graph) if args.graph else out / "czt.ttl"
    g = load_graph(graph_file)
    summary, written = analysis.write_analysis(g, out, top=args.top)
    if not args.quiet:
        for line in analysis.report_lines(summary):
            print(line)
    print("wrote: " + ", ".join(str(p) for p in written), file=sys.stderr if args.quiet else sys.stdout)
    return 0


def cmd_path(args) -> int:
    from . import analysis
    from .query import load_graph

    view = analysis.project(load_graph(Path(args.graph)))
    hops = analysis.explain_path(view, args.source, args.target, evidence_only=args.text_only)
    if args.format == "json":
        print(json.dumps(hops, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(analysis.format_path(hops))
    return 0 if hops or analysis.find_node(view, args.source) == analysis.find_node(view, args.target) else 1


def add_commands(subparsers) -> None:
    a = subparsers.add_parser(
        "analyze",
        help="relationship analysis of the built graph: analysis.json/.md, GraphML, GEXF",
        description="Read OUT/czt.ttl and write OUT/analysis.json, OUT/analysis.md, OUT/graph.graphml and OUT/graph.gexf.",
    )
    a.add_argument("--out", default="out", help="folder holding czt.ttl, where the results go (default: out)")
    a.add_argument("--graph", default=None, help="read this graph file instead of OUT/czt.ttl")
    a.add_argument("--top", type=int, default=15, help="length of the ranked lists (default: 15)")
    a.add_argument("--quiet", action="store_true", help="do not print the findings")
    a.set_defaults(func=cmd_analyze)

    p = subparsers.add_parser(
        "path",
        help="how two entities are connected: a shortest path with the sentence behind each hop",
        description="Explain a shortest path between two entities (zh label, alias, pinyin or IRI). "
        "Exit code 1 when they are not connected.",
    )
    p.add_argument("source", help="an entity, e.g. 韶山市")
    p.add_argument("target", help="another entity, e.g. 长沙市")
    p.add_argument("--graph", default="out/czt.ttl", help="graph file (default: out/czt.ttl)")
    p.add_argument("--text-only", action="store_true", help="use only relations read from text (no lexicon background facts)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_path)
