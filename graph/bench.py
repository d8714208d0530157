"""``czt-kg bench``: build a synthetic corpus end to end and measure every stage.

The figures that matter on a shared machine are ratios, so the same run also
times the engines underneath on the same text and the same graph:

* ``jieba``: ``jieba.cut`` alone over every page's decoded text (the floor of any
  Chinese text pass);
* ``rdflib``: plain rdflib parsing the produced ``czt.nq`` and writing Turtle;
* ``oxigraph``: pyoxigraph parsing the same ``czt.nq`` and writing Turtle.

Stages are those of :mod:`graph.pipeline` and :mod:`graph.build`: ``corpus``
(decode + segment), ``extract``, ``resolve``, ``rdf``, ``validate``, ``serialize``
(every graph file + analysis.json + report), ``analysis`` and ``html``.  Seconds
are medians over ``--runs`` clean builds; with ``--incremental`` the pair of builds
(full, then one page more) is timed ``--runs`` times too, the run of the median ratio
reported with every run's ratio beside it.  Peak RSS is the high-water mark of this
process and of its worker processes (``getrusage``) over the builds, taken before
the baselines run (``peak_rss_with_baselines_mb`` includes them).

Synthetic pages are written under a temporary folder (or ``--dir``), never into
``data/raw``.
"""

from __future__ import annotations

import gc
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from .memory import RssSampler, TreePeak

STAGES = ("corpus", "extract", "resolve", "rdf", "validate", "serialize", "analysis", "html")
BASELINES = ("jieba", "rdflib", "oxigraph")


def peak_rss_mb() -> float:
    """High-water RSS of this process and of its (waited-for) children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # ru_maxrss is in KB on Linux


def _timed(fn, *args, **kw) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = fn(*args, **kw)
    return time.perf_counter() - t0, value


def jieba_baseline(texts: list[str]) -> float:
    """Seconds ``jieba.cut`` takes over ``texts`` (dictionary load excluded)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    return time.perf_counter() - t0


def rdflib_baseline(nquads: Path) -> dict[str, float]:
    """Plain rdflib: parse N-Quads, write the merged graph as Turtle."""
    from rdflib import Dataset, Graph

    import warnings

    ds = Dataset()
    with warnings.catch_warnings():  # rdflib's N-Quads parser warns once per statement about itself
        warnings.simplefilter("ignore", DeprecationWarning)
        parse_s, _ = _timed(ds.parse, str(nquads), format="nquads")
    g = Graph()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    ser_s, _ = _timed(g.serialize, format="turtle", encoding="utf-8")
    return {"parse": parse_s, "serialize": ser_s}


def oxigraph_baseline(nquads: Path) -> dict[str, float]:
    """pyoxigraph alone: parse N-Quads, write the merged graph as Turtle."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    parse_s = time.perf_counter() - t0
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    t0 = time.perf_counter()
    ox.serialize(triples, format=ox.RdfFormat.TURTLE)
    return {"parse": parse_s, "serialize": time.perf_counter() - t0}


def _one_build(data: Path, out: Path, jobs: int, lexicon, cache) -> tuple[float, object]:
    from .build import build

    return _timed(build, data, out, jobs=jobs, cache=cache, lexicon=lexicon)


def stage_peaks(runs: list[dict]) -> dict:
    """Per stage, the median over ``runs`` (each :attr:`graph.memory.RssSampler.peaks`)
    of the build process's peak RSS and of its largest child's (MB).  Decoding,
    segmenting and extracting run page by page together: ``corpus`` gets their window.

    >>> stage_peaks([{"extract": (300.0, 250.0)}, {"extract": (310.0, 240.0)}])["corpus"]
    {'build': 305.0, 'largest_child': 245.0}
    """
    out: dict = {}
    for stage in STAGES:
        window = "extract" if stage == "corpus" else stage
        seen = [r[window] for r in runs if window in r]
        if seen:
            out[stage] = {"build": statistics.median(x[0] for x in seen),
                          "largest_child": statistics.median(x[1] for x in seen)}
    return out


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def system_seconds() -> float:
    """The system (kernel) part of :func:`cpu_seconds`: page faults, copies, file writes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime


def run_bench(
    pages: int,
    jobs: int = 1,
    runs: int = 1,
    *,
    data: Path = Path("data"),
    folder: Path | None = None,
    seed: int = 0,
    baselines: tuple[str, ...] = BASELINES,
    incremental: bool = False,
    log=print,
) -> dict:
    """Generate ``pages`` synthetic pages, build them ``runs`` times, measure; return the figures."""
    from . import synth
    from .build import load_lexicon

    lexicon = load_lexicon(data)
    own_tmp = folder is None
    root = Path(tempfile.mkdtemp(prefix="czt-bench-")) if own_tmp else Path(folder)
    try:
        corpus_dir = root / f"corpus-{pages}-{seed}"
        gen_s, _ = _timed(synth.write_corpus, corpus_dir, pages, data / "lexicon", lexicon, seed)
        nbytes = sum(p.stat().st_size for p in (corpus_dir / "raw").iterdir() if p.is_file())
        log(f"corpus: {pages} synthetic pages, {nbytes / 1e6:.2f} MB, generated in {gen_s:.1f} s ({corpus_dir})")
        totals, stage_runs, result, timings_runs, peak_runs = [], {s: [] for s in STAGES}, None, [], []
        tree_runs: list[tuple[float, str | None]] = []  # each run's processes together (PSS), and its stage
        for k in range(runs):
            out = root / "out"
            shutil.rmtree(out, ignore_errors=True)
            # the previous run's graph goes before this run builds its own (held, it
            # counted in this run's peak RSS); what of it sits in cycles is in the oldest
            # generation once a build is over (graph.memory.cycle_collector_paused), so
            # only a full collection frees that
            result = None
            gc.collect()
            with RssSampler() as sampler:
                total, result = _one_build(corpus_dir, out, jobs, lexicon, False)
            peak_runs.append(sampler.peaks)
            tree_runs.append((sampler.total_mb, sampler.total_stage))
            totals.append(total)
            for s in STAGES:
                stage_runs[s].append(result.kg.timings.get(s, 0.0))
            timings_runs.append(dict(result.kg.timings))
            # each run's own sampled peak: with --runs > 1 the process's high-water mark
            # (getrusage, reported below) also counts what earlier runs left in it
            # (allocator pages, caches; ~0.7 GB at 10,000 pages), which a user's build,
            # one process, never has
            own = max((b for b, _child in sampler.peaks.values()), default=0.0)
            log(f"run {k + 1}/{runs}: {total:.2f} s" + (f", build process peak {own:.0f} MB (sampled)" if own else "")
                + (f", all its processes together {sampler.total_mb:.0f} MB (PSS, in {sampler.total_stage})"
                   if sampler.total_mb else ""))
        # the build's high-water mark, before the baselines (rdflib's parse alone of a
        # million statements takes more memory than the whole build)
        build_peak = peak_rss_mb()
        kg = result.kg
        text_chars = kg.corpus_counts()["chars"]  # the build let its corpus go
        triples = kg.triple_count
        quads = sum(1 for line in (root / "out" / "czt.nq").open("rb") if line.strip())
        stages = {s: statistics.median(v) for s, v in stage_runs.items()}
        # with --jobs > 1 a forked process writes the graph files beside validate,
        # analysis and html; its own seconds (not part of the wall-time stages)
        writer_runs = [t.get("serialize_graph_files_s") for t in timings_runs]
        writer_s = statistics.median(writer_runs) if all(w is not None for w in writer_runs) else None
        # and another validates the graph beside analysis and html
        # ("validate" above is then the build's wait for its verdict)
        validator_runs = [t.get("validate_forked_s") for t in timings_runs]
        validator_s = statistics.median(validator_runs) if all(v is not None for v in validator_runs) else None
        # and another draws the page beside the analysis ("html" is then the wait for it)
        drawer_runs = [t.get("html_forked_s") for t in timings_runs]
        drawer_s = statistics.median(drawer_runs) if all(v is not None for v in drawer_runs) else None
        total_s = statistics.median(totals)
        log("stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()) + f"; total {total_s:.2f}; "
            f"{triples} triples; peak RSS {build_peak:.0f} MB")
        base_s: dict[str, float] = {}
        nq = root / "out" / "czt.nq"
        if "jieba" in baselines:
            from .pipeline import page_files, read_corpus

            base_s["jieba"] = jieba_baseline([p.text for p in read_corpus(page_files(corpus_dir / "raw")).pages])
        if "oxigraph" in baselines:
            ox = oxigraph_baseline(nq)
            base_s["oxigraph_parse"], base_s["oxigraph_serialize"] = ox["parse"], ox["serialize"]
            base_s["oxigraph"] = ox["parse"] + ox["serialize"]
        if "rdflib" in baselines:
            rl = rdflib_baseline(nq)
            base_s["rdflib_parse"], base_s["rdflib_serialize"] = rl["parse"], rl["serialize"]
            base_s["rdflib"] = rl["parse"] + rl["serialize"]
        figures = {
            "pages": pages,
            "documents": kg.corpus_counts()["documents"],
            "bytes": nbytes,
            "chars": text_chars,
            "triples": triples,
            "quads": quads,
            "jobs": jobs,
            "runs": runs,
            "seed": seed,
            "total_s": total_s,
            "total_runs_s": totals,
            "kb_per_s": nbytes / 1024 / total_s if total_s else 0.0,
            "pages_per_s": pages / total_s if total_s else 0.0,
            "triples_per_s": triples / total_s if total_s else 0.0,
            "peak_rss_mb": build_peak,
            # sampled every 50 ms: the build process, and its largest child (extraction
            # workers; the graph-file writer beside validate, analysis and html)
            "stage_peak_rss_mb": stage_peaks(peak_runs),
            "peak_rss_with_baselines_mb": peak_rss_mb(),
            # the build process and every process it started, their proportional memory
            # summed (pages a fork shares with its parent once), sampled every second:
            # the median over the runs, each run's, and the stage each run's was read in
            "tree_pss_mb": statistics.median(t for t, _ in tree_runs) if tree_runs else 0.0,
            "tree_pss_runs_mb": [t for t, _ in tree_runs],
            "tree_pss_stages": [st for _, st in tree_runs],
            "stages": stages,
            "baselines": base_s,
            "ratios": _ratios(stages, total_s, base_s),
            "graph_files_writer_s": writer_s,
            "validation_forked_s": validator_s,
            "page_forked_s": drawer_s,
        }
        if writer_s is not None and base_s.get("oxigraph"):
            # text of the statements (in "serialize") + the forked writer, against
            # pyoxigraph parsing czt.nq and writing Turtle alone
            figures["ratios"]["graph_files_vs_oxigraph"] = (stages["serialize"] + writer_s) / base_s["oxigraph"]
            # the same work in CPU seconds: "serialize" above also counts the wait for the
            # writer, which runs beside validate, analysis and html (counted twice)
            cpu_runs = [t.get("serialize_cpu", 0.0) + t.get("serialize_graph_files_cpu", 0.0) for t in timings_runs]
            figures["graph_files_cpu_s"] = statistics.median(cpu_runs)
            figures["ratios"]["graph_files_cpu_vs_oxigraph"] = figures["graph_files_cpu_s"] / base_s["oxigraph"]
        if incremental:
            figures["incremental"] = _incremental(corpus_dir, root, pages, jobs, lexicon, seed, log, runs)
        return figures
    finally:
        if own_tmp:
            shutil.rmtree(root, ignore_errors=True)


def _ratios(stages: dict, total_s: float, base: dict) -> dict:
    out = {}
    if base.get("jieba"):
        out["extract_vs_jieba"] = (stages["corpus"] + stages["extract"]) / base["jieba"]
        out["total_vs_jieba"] = total_s / base["jieba"]
    if base.get("oxigraph"):
        out["serialize_vs_oxigraph"] = stages["serialize"] / base["oxigraph_serialize"]
        out["rdflib_vs_oxigraph"] = base["rdflib"] / base["oxigraph"] if base.get("rdflib") else None
    if base.get("rdflib"):
        out["serialize_vs_rdflib"] = stages["serialize"] / base["rdflib_serialize"]
    return out


#: one ``czt-kg build`` in a new interpreter; prints its stage timings and cache misses
#: one build in a process of its own, ended as ``czt-kg build`` ends one (graph.cli.cmd_build:
#: its report flushed, then os._exit, without freeing the build's objects one by one)
_BUILD_ONCE = """
import json, os, sys
from pathlib import Path
from graph.build import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=int(sys.argv[3]))
timings = {k: v for k, v in result.kg.timings.items() if isinstance(v, (int, float))}
print(json.dumps({"misses": result.kg.cache.misses, "timings": timings}))
sys.stdout.flush()
os._exit(0)
"""


class FreshBuild(NamedTuple):
    """What :func:`_fresh_build` measured of one build."""

    wall: float  #: seconds
    cpu: float  #: CPU seconds of it and of its own processes (user + system)
    system: float  #: of those, system seconds: on a virtual machine whose host takes back
    #: freed memory, the page faults of touching it again show here
    printed: dict  #: what the build printed (its cache misses and stage timings)
    peak_rss_mb: float  #: the largest resident memory of one of its processes (sampled)
    tree_pss_mb: float  #: the largest sum of its processes' proportional memory (sampled)


def _fresh_build(data: Path, out: Path, jobs: int) -> FreshBuild:
    """A build in a new Python process, as a user's next ``czt-kg build`` is: nothing
    loaded or remembered by this one (jieba, pypinyin's answers) helps it."""
    import os
    import subprocess

    package_root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    c0, s0, t0 = cpu_seconds(), system_seconds(), time.perf_counter()
    # -P: the working folder is not put first on the path, where a folder named graph
    # there would stand in for this package
    done = subprocess.Popen([sys.executable, "-P", "-c", _BUILD_ONCE, str(data), str(out), str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with TreePeak(done.pid) as tree:
        stdout, stderr = done.communicate()
    wall, cpu, system = time.perf_counter() - t0, cpu_seconds() - c0, system_seconds() - s0
    if done.returncode != 0:
        raise RuntimeError(f"the benchmark's build of {data} failed: {stderr.strip().splitlines()[-1:]}")
    return FreshBuild(wall, cpu, system, json.loads(stdout.strip().splitlines()[-1]), tree.peak_mb, tree.total_mb)


def _incremental(corpus_dir: Path, root: Path, pages: int, jobs: int, lexicon, seed: int, log,
                 runs: int = 1) -> dict:
    """:func:`_incremental_once` ``runs`` times: the figures of the run of the median
    ratio (wall), with every run's ``full_s``, ``plus_one_s``, ``ratio`` and
    ``cpu_ratio`` in ``each`` (a shared machine moves a single pair by 10-20 %)."""
    each = [_incremental_once(corpus_dir, root, pages, jobs, lexicon, seed, log) for _ in range(runs)]
    figures = dict(sorted(each, key=lambda r: r["ratio"])[(len(each) - 1) // 2])
    figures["runs"] = len(each)
    figures["each"] = [{k: r[k] for k in ("full_s", "plus_one_s", "ratio", "full_cpu_s", "plus_one_cpu_s", "cpu_ratio",
                                          "full_system_s", "plus_one_system_s", "full_peak_rss_mb",
                                          "plus_one_peak_rss_mb", "full_tree_pss_mb", "plus_one_tree_pss_mb")}
                       for r in each]
    return figures


def _incremental_once(corpus_dir: Path, root: Path, pages: int, jobs: int, lexicon, seed: int, log) -> dict:
    """Full build with a cache, then one more page, then the rebuild: seconds of each,
    each build a new process (the wall time includes starting Python and loading the
    lexicon, as a user's does)."""
    from . import synth

    out = root / "out-incremental"
    shutil.rmtree(out, ignore_errors=True)
    full = _fresh_build(corpus_dir, out, jobs)
    synth.write_corpus(corpus_dir, pages + 1, corpus_dir / "lexicon", lexicon, seed)
    try:
        again = _fresh_build(corpus_dir, out, jobs)
    finally:
        (corpus_dir / "raw" / synth.page_name(pages, seed)).unlink(missing_ok=True)
    log(f"incremental: full {full.wall:.2f} s ({full.cpu:.2f} CPU s, {full.system:.2f} system; largest process "
        f"{full.peak_rss_mb:.0f} MB, all {full.tree_pss_mb:.0f} MB), +1 page {again.wall:.2f} s ({again.cpu:.2f} CPU s, "
        f"{again.system:.2f} system; largest process {again.peak_rss_mb:.0f} MB, all {again.tree_pss_mb:.0f} MB; "
        f"{again.printed['misses']} page(s) reprocessed)")
    # CPU seconds (the build process, its extraction workers, the graph-file writer and
    # the validator) are less at the mercy of a shared machine than wall seconds
    return {"full_s": full.wall, "plus_one_s": again.wall, "ratio": again.wall / full.wall,
            "reprocessed": again.printed["misses"], "full_cpu_s": full.cpu, "plus_one_cpu_s": again.cpu,
            "cpu_ratio": again.cpu / full.cpu if full.cpu else None, "full_system_s": full.system,
            "plus_one_system_s": again.system, "stages": again.printed["timings"],
            "full_peak_rss_mb": full.peak_rss_mb, "plus_one_peak_rss_mb": again.peak_rss_mb,
            "full_tree_pss_mb": full.tree_pss_mb, "plus_one_tree_pss_mb": again.tree_pss_mb}


def report_lines(f: dict) -> list[str]:
    """The figures as a table: per stage wall s, pages/s, MB/s, triples/s; baselines; ratios."""
    mb = f["bytes"] / 1e6
    lines = [
        f"pages {f['pages']} (documents {f['documents']}), {mb:.2f} MB of page text, {f['triples']} triples, "
        f"jobs {f['jobs']}, median of {f['runs']} run(s)",
        f"{'stage':<10} {'wall s':>8} {'pages/s':>9} {'MB/s':>8} {'triples/s':>11} {'peak RSS MB (build/child)':>26}",
    ]
    peaks = f.get("stage_peak_rss_mb") or {}

    def row(name, s, per=None):
        per = s if per is None else per  # the seconds the rates are of
        rate = (lambda x: f"{x / per:.1f}" if per > 0 else "-")
        p = peaks.get(name)
        rss = f"{p['build']:.0f}/{p['largest_child']:.0f}" if p else "-"
        lines.append(f"{name:<10} {s:8.2f} {rate(f['pages']):>9} {(f'{mb / per:.3f}' if per > 0 else '-'):>8} "
                     f"{rate(f['triples']):>11} {rss:>26}")

    for name in STAGES:
        # with a forked validator (page drawer) the validate (html) stage is the build's
        # wait for its verdict (page); the rates are of the forked process's own seconds
        per = {"validate": f.get("validation_forked_s"), "html": f.get("page_forked_s")}.get(name)
        row(name, f["stages"].get(name, 0.0), per)
    row("total", f["total_s"])
    # kb_per_s counts 1,024 bytes a KB (the stricter reading of the 200 KB/s goal), where
    # the MB of the table above are 10^6 bytes: both shown, so that neither is misread
    lines.append(f"throughput: {f['kb_per_s']:.1f} KB/s of page text (1 KB = 1,024 bytes; "
                 f"{f['kb_per_s'] * 1.024:.1f} thousand bytes/s); peak RSS {f['peak_rss_mb']:.0f} MB"
                 + (" (per stage: sampled every 50 ms; a child is an extraction worker, or the graph-file"
                    " writer beside validate, analysis and html)" if peaks else ""))
    if f.get("tree_pss_mb"):
        # a forked process's RSS counts every page it shares with the build process: the
        # largest process is not what the build takes; the processes' PSS sum is
        lines.append(f"memory of all the build's processes together (the sum of their PSS, sampled every second): "
                     f"{f['tree_pss_mb']:.0f} MB, the median of the runs ("
                     + ", ".join(f"{t:.0f} MB in {st}" for t, st in zip(f["tree_pss_runs_mb"], f["tree_pss_stages"]))
                     + ")")
    if f.get("graph_files_writer_s") is not None:
        lines.append(f"graph files written by the forked writer in {f['graph_files_writer_s']:.2f} s, "
                     "beside validate, analysis and html"
                     + (f"; the graph files' CPU seconds (the writer, and any text made in the build process;"
                        f" the statements' integer arrays are made in the rdf stage): {f['graph_files_cpu_s']:.2f}"
                        if f.get("graph_files_cpu_s") is not None else ""))
    if f.get("validation_forked_s") is not None:
        lines.append(f"graph validated by a forked process in {f['validation_forked_s']:.2f} s, beside "
                     "analysis and html (the validate stage above is the wait for its verdict)")
    if f.get("page_forked_s") is not None:
        lines.append(f"graph page drawn by a forked process in {f['page_forked_s']:.2f} s, beside the "
                     "analysis once the communities are known (the html stage above is the wait for it)")
    b = f["baselines"]
    if b:
        lines.append("baselines on the same text/graph (s): " + ", ".join(f"{k} {v:.2f}" for k, v in b.items()))
    if f.get("ratios"):
        lines.append("ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in f["ratios"].items() if v is not None))
    if "incremental" in f:
        inc = f["incremental"]
        lines.append(
            f"incremental: full build {inc['full_s']:.2f} s, after adding one page {inc['plus_one_s']:.2f} s "
            f"(ratio {inc['ratio']:.3f}; {inc['reprocessed']} page(s) reprocessed)"
        )
        if inc.get("runs", 1) > 1:
            lines.append(f"incremental: the run of the median ratio of {inc['runs']}; every run's ratio: "
                         + ", ".join(f"{r['ratio']:.3f}" for r in inc["each"]) + " (wall), "
                         + ", ".join(f"{r['cpu_ratio']:.3f}" if r["cpu_ratio"] is not None else "-" for r in inc["each"])
                         + " (CPU)")
        if inc.get("plus_one_peak_rss_mb"):
            lines.append(f"incremental peak RSS (the largest process of each build, sampled every 50 ms): full build "
                         f"{inc['full_peak_rss_mb']:.0f} MB, after adding one page {inc['plus_one_peak_rss_mb']:.0f} MB"
                         + (" (every run's: " + ", ".join(f"{r['full_peak_rss_mb']:.0f}/{r['plus_one_peak_rss_mb']:.0f}"
                                                         for r in inc["each"]) + ")" if inc.get("runs", 1) > 1 else ""))
        if inc.get("plus_one_tree_pss_mb"):
            lines.append(f"incremental memory of all processes together (PSS sum, sampled every second): full build "
                         f"{inc['full_tree_pss_mb']:.0f} MB, after adding one page {inc['plus_one_tree_pss_mb']:.0f} MB"
                         + (" (every run's: " + ", ".join(f"{r['full_tree_pss_mb']:.0f}/{r['plus_one_tree_pss_mb']:.0f}"
                                                         for r in inc["each"]) + ")" if inc.get("runs", 1) > 1 else ""))
        if inc.get("cpu_ratio") is not None:
            lines.append(f"incremental CPU: full build {inc['full_cpu_s']:.2f} s, after adding one page "
                         f"{inc['plus_one_cpu_s']:.2f} s (ratio {inc['cpu_ratio']:.3f}); of which system: "
                         f"{inc['full_system_s']:.2f} and {inc['plus_one_system_s']:.2f} s")
        stages = inc.get("stages") or {}
        if stages:
            lines.append("incremental stages (s): " + ", ".join(f"{k} {stages.get(k, 0.0):.2f}" for k in STAGES)
                         + (f"; graph files writer {stages['serialize_graph_files_s']:.2f}"
                            if "serialize_graph_files_s" in stages else "")
                         + (f"; page drawer {stages['html_forked_s']:.2f}" if "html_forked_s" in stages else ""))
            cpu = [(k, stages[f"{k}_cpu"]) for k in ("validate", "serialize", "analysis", "html")
                   if f"{k}_cpu" in stages]
            if "serialize_graph_files_cpu" in stages:
                cpu.append(("graph files writer", stages["serialize_graph_files_cpu"]))
            if cpu:  # a shared machine inflates wall seconds; CPU seconds much less
                lines.append("incremental CPU by stage (s): " + ", ".join(f"{k} {v:.2f}" for k, v in cpu))
    return lines


def cmd_bench(args) -> int:
    from .errors import UsageError
    from .pipeline import default_jobs

    if args.pages < 1 or args.runs < 1 or (args.jobs is not None and args.jobs < 1):
        raise UsageError("--pages, --runs and --jobs must be at least 1")
    baselines = tuple(b for b in args.baselines.split(",") if b) if args.baselines is not None else BASELINES
    unknown = set(baselines) - set(BASELINES)
    if unknown:
        raise UsageError(f"unknown baseline(s) {', '.join(sorted(unknown))} (expected {', '.join(BASELINES)})")
    figures = run_bench(
        args.pages,
        args.jobs or default_jobs(),
        args.runs,
        data=Path(args.data),
        folder=Path(args.dir) if args.dir else None,
        seed=args.seed,
        baselines=baselines,
        incremental=args.incremental,
        log=lambda msg: print(msg, file=sys.stderr),
    )
    print("\n".join(report_lines(figures)))
    if args.json:
        from .outputs import json_bytes, atomic_write_bytes

        atomic_write_bytes(Path(args.json), json_bytes(figures))
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser("bench", help="build a synthetic corpus and print per-stage figures with baselines")
    p.add_argument("--pages", type=int, default=100, help="synthetic pages to generate (default: 100)")
    p.add_argument("--jobs", type=int, help="processes extracting pages (default: all cores)")
    p.add_argument("--runs", type=int, default=1,
                   help="clean builds to take the median of, and with --incremental pairs of builds (default: 1)")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default: 0)")
    p.add_argument("--data", default="data", help="folder whose lexicon/ the pages draw from (default: data)")
    p.add_argument("--dir", help="work folder for the corpus and outputs (kept; default: a temporary folder)")
    p.add_argument("--baselines", help=f"comma-separated subset of {','.join(BASELINES)} (default: all; '' for none)")
    p.add_argument("--incremental", action="store_true", help="also time a rebuild after adding one page")
    p.set_defaults(func=cmd_bench)
