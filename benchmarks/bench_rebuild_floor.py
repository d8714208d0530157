"""The least a rebuild after one page more could take, against 0.1 of a full build.

    python benchmarks/bench_rebuild_floor.py                 # 10,000 pages + 1
    python benchmarks/bench_rebuild_floor.py --pages 1000 --root /tmp/floor

A rebuild's outputs must equal a clean build's byte for byte.  Suppose every result
that can be kept per document were carried from the previous build (the projection,
resolve, the statements' order, the validation, the claims): what is left are the
passes whose result depends on the whole graph, and the bytes of the graph files.
This script measures those, each alone on an otherwise idle process, on the graph of
``--pages`` synthetic pages plus one (the page ``czt-kg bench --incremental`` adds):

- ``start``: Python and the build's imports (a new process, as a user's rebuild);
- ``pages``: reading and hashing every page (how a rebuild learns what changed);
- ``view``: loading the entity graph from a pickle (what carrying the projection
  would at best cost);
- ``louvain``: the communities (one page more reshuffles most of them);
- ``page``: the graph page (its layout groups follow the communities);
- ``metrics``: betweenness and PageRank; ``summary``: the whole-graph parts of
  ``analysis.json`` (components, bridges and cut points, rankings, portfolios);
- ``copy``: the four graph files copied into new files and synced (they are replaced
  atomically; this filesystem has no reflinks, so unchanged bytes are copied).

The page waits for the communities, which wait for the view: ``chain`` = start + pages
+ view + louvain + page is one path.  The copy waits for the pages too (only they say
which units of the files changed): ``files`` = start + pages + copy is another; it is
the disk's, not the cores' (the copy reads and writes 3.35 GB, and the disk measured
~1 GB/s reads and writes together).  Everything else can run on the other cores.  The
floor is the larger of the two paths and the total divided by the cores.  The full build
(a new process, with a cache, as ``czt-kg bench --incremental`` times it) is measured in
the same run.  Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))  # one_page_more, also where this file is loaded by path

from graph import analysis, bench, visualize  # noqa: E402
from graph.build import build  # noqa: E402
from graph.memory import cycle_collector_paused  # noqa: E402
from graph.direct_io import DirectAppender  # noqa: E402
from one_page_more import Corpus, arguments, projected  # noqa: E402

GRAPH_FILES = ("czt.nq", "czt.trig", "czt.ttl", "czt.jsonld")


def best_of(n: int, fn) -> tuple[float, object]:
    """The least wall seconds of ``n`` calls of ``fn`` and its last result."""
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def start_seconds() -> float:
    """A new Python process importing what a rebuild imports before its first page."""
    code = "import graph.build, graph.analysis, graph.visualize, graph.outputs"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return best_of(3, lambda: subprocess.run([sys.executable, "-P", "-c", code], check=True, env=env))[0]


def pages_seconds(raw: Path) -> float:
    """Every page read and hashed (a rebuild's one way to learn which pages changed)."""

    def read_all():
        for path in sorted(raw.iterdir()):
            hashlib.blake2b(path.read_bytes(), digest_size=16).digest()

    return best_of(3, read_all)[0]


def captured_view(corpus: Path, out: Path, cache: Path):
    """The entity graph of ``corpus``, from a build that reuses ``cache`` (fast: every
    page is in it) with :func:`graph.analysis.project` wrapped to keep what it returns."""
    return projected(lambda: build(corpus, out, jobs=2, cache=cache))[-1]


def copy_seconds(folder: Path) -> tuple[float, int]:
    """The graph files copied into new files beside them (around the page cache, as the
    build's writer copies unchanged units: :mod:`graph.direct_io`) and synced; the
    copies are removed."""
    total, size = 0.0, 0
    for name in GRAPH_FILES:
        src = folder / name
        length = src.stat().st_size
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".floor")
        try:
            t0 = time.perf_counter()
            out = DirectAppender(fd)
            out.copy(str(src), 0, length)
            out.finish()
            os.fsync(fd)
            total += time.perf_counter() - t0
        finally:
            os.close(fd)
            os.unlink(tmp)
        size += length
    return total, size


def whole_graph_passes(pickled: bytes, folder: Path) -> tuple[dict[str, float], object, int]:
    """Seconds of each pass that reads the whole entity graph (``pickled``) and of
    copying the graph files of ``folder``; the graph and the bytes copied."""
    parts: dict[str, float] = {}
    parts["view"], view = best_of(3, lambda: pickle.loads(pickled))
    parts["louvain"], communities = best_of(1, lambda: analysis.communities(view))

    def page():
        for _chunk in visualize.render_html_chunks(view, community_of=communities):
            pass

    parts["page"] = best_of(1, page)[0]
    parts["metrics"], measured = best_of(1, lambda: analysis.metrics(view, communities_of=lambda: communities))
    parts["summary"] = best_of(1, lambda: analysis.summarize(view, None, precomputed=measured))[0]
    parts["copy"], copied = copy_seconds(folder)
    return parts, view, copied


def main(argv=None) -> int:
    args = arguments(__doc__, "czt-kg-floor", argv)
    cores = os.cpu_count() or 1

    corpus = Corpus(args)
    full_out, view_out = args.root / "out-full", args.root / "out-view"
    for folder in (full_out, view_out):
        shutil.rmtree(folder, ignore_errors=True)
    print(f"full build of {args.pages} pages (a new process, with a cache) ...", flush=True)
    full_s, full_cpu = bench._fresh_build(corpus.folder, full_out, 2)[:2]
    with corpus.one_page_more() as folder:
        view = captured_view(folder, view_out, full_out / ".cache")
        raw_s = pages_seconds(folder / "raw")

    pickled = pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL)
    del view
    gc.collect()
    # as during a build: the cycle collector paused, so that it does not rescan what the
    # build left in this process
    with cycle_collector_paused():
        parts, view, copied = whole_graph_passes(pickled, view_out)
    parts = {"start": start_seconds(), "pages": raw_s, **parts}

    chain = sum(parts[k] for k in ("start", "pages", "view", "louvain", "page"))
    files = sum(parts[k] for k in ("start", "pages", "copy"))
    total = sum(parts.values())
    floor = max(chain, files, total / cores)
    print(f"\n{args.pages} pages + 1: {view.number_of_nodes():,} entities, {view.number_of_edges():,} relations, "
          f"graph files {copied / 1e9:.2f} GB; {cores} cores")
    for name, seconds in parts.items():
        print(f"  {name:<8} {seconds:7.2f} s")
    print(f"  chain    {chain:7.2f} s  (start + pages + view + louvain + page)")
    print(f"  files    {files:7.2f} s  (start + pages + copy)")
    print(f"  total    {total:7.2f} s  / {cores} cores = {total / cores:.2f} s")
    print(f"full build {full_s:.2f} s ({full_cpu:.2f} CPU s): 0.1 of it is {full_s / 10:.2f} s")
    print(f"floor {floor:.2f} s = {floor / full_s:.3f} of the full build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
