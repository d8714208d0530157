"""Smoke test of ``czt-kg bench``: it runs, prints the table and writes the JSON figures.

No timing assertions: speed goals are checked by reading the printed figures.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path

import pytest

from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = int(os.environ.get("CZT_BENCH_PAGES", "100"))  # the smallest size of the issue


def test_bench_prints_and_writes_figures(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    target = tmp_path / "bench.json"
    rc = main(["bench", "--pages", str(PAGES), "--jobs", "2", "--json", str(target), "--dir", str(tmp_path / "work")])
    assert rc == 0
    printed = capsys.readouterr().out
    print(printed)  # the figures, for the CI log (pytest -s)
    for stage in ("corpus", "extract", "resolve", "rdf", "validate", "serialize", "analysis", "html", "total"):
        assert stage in printed
    f = json.loads(target.read_text(encoding="utf-8"))
    for key in ("pages", "bytes", "triples", "total_s", "kb_per_s", "peak_rss_mb", "stages", "baselines"):
        assert key in f
    assert f["pages"] == PAGES and f["bytes"] > PAGES * 500 and f["triples"] > PAGES * 10
    assert f["total_s"] > 0 and f["kb_per_s"] > 0 and f["peak_rss_mb"] > 10
    # the throughput's unit is said where it is printed, and is the JSON's (1 KB = 1,024 bytes)
    assert f["kb_per_s"] == pytest.approx(f["bytes"] / 1024 / f["total_s"])
    assert f"throughput: {f['kb_per_s']:.1f} KB/s of page text (1 KB = 1,024 bytes; " in printed
    assert set(f["stages"]) >= {"corpus", "extract", "resolve", "rdf", "validate", "serialize", "analysis", "html"}
    assert all(v >= 0 for v in f["stages"].values())
    assert sum(f["stages"].values()) <= f["total_s"] * 1.05
    assert {"jieba", "rdflib", "oxigraph"} <= set(f["baselines"])
    # the graph files' own CPU work against pyoxigraph's (the wall-time ratio counts the
    # writer's seconds beside validate, analysis and html twice)
    assert 0 < f["graph_files_cpu_s"] < f["stages"]["serialize"] + f["graph_files_writer_s"] + 1
    assert f["ratios"]["graph_files_cpu_vs_oxigraph"] == f["graph_files_cpu_s"] / f["baselines"]["oxigraph"]
    assert "graph files' CPU seconds" in printed
    # --jobs 2: a forked process validates; the validate stage is the build's wait for it
    assert f["validation_forked_s"] > 0 and "graph validated by a forked process in" in printed
    # and another draws the page beside the analysis; the html stage is the wait for it
    assert f["page_forked_s"] > 0 and "graph page drawn by a forked process in" in printed
    # peak RSS per stage (the build process, and its largest child: extraction workers, the
    # graph-file writer), none above the whole run's high-water mark
    peaks = f["stage_peak_rss_mb"]
    assert set(peaks) == {"corpus", "extract", "resolve", "rdf", "validate", "serialize", "analysis", "html"}
    assert all(50 < p["build"] <= f["peak_rss_mb"] + 1 for p in peaks.values())
    assert peaks["extract"]["largest_child"] > 50  # --jobs 2: the workers were seen
    assert all(p["largest_child"] <= f["peak_rss_mb"] + 1 for p in peaks.values())
    assert "peak RSS MB (build/child)" in printed
    # and what the build's processes took together: forks share pages, so the sum of
    # their PSS, sampled, in a stage of the build
    assert 50 < f["tree_pss_mb"] and f["tree_pss_runs_mb"] == [f["tree_pss_mb"]]
    assert f["tree_pss_stages"][0] in peaks
    assert (f"memory of all the build's processes together (the sum of their PSS, sampled every second): "
            f"{f['tree_pss_mb']:.0f} MB, the median of the runs ({f['tree_pss_mb']:.0f} MB in "
            f"{f['tree_pss_stages'][0]})") in printed
    assert not (ROOT / "data" / "raw" / "syn000_000000.txt").exists()


def test_bench_times_a_rebuild_after_one_page_more_in_new_processes(tmp_path, capsys, monkeypatch):
    """``--incremental``: a full build and the rebuild after one page more, each a new
    Python process (as a user's next ``czt-kg build``); only the new page is extracted,
    and the rebuild's stages come back from its process."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "bench.json"
    rc = main(["bench", "--pages", "6", "--jobs", "2", "--baselines", "", "--incremental", "--json", str(target),
               "--dir", str(tmp_path / "work")])
    assert rc == 0
    printed = capsys.readouterr().out
    inc = json.loads(target.read_text(encoding="utf-8"))["incremental"]
    assert inc["reprocessed"] == 1
    assert 0 < inc["plus_one_s"] and 0 < inc["full_s"] and inc["ratio"] == inc["plus_one_s"] / inc["full_s"]
    assert 0 < inc["plus_one_cpu_s"] and 0 < inc["full_cpu_s"]
    assert 0 < inc["plus_one_system_s"] < inc["plus_one_cpu_s"] and 0 < inc["full_system_s"] < inc["full_cpu_s"]
    assert {"extract", "resolve", "rdf", "analysis", "html"} <= set(inc["stages"])
    # each build's largest process, sampled across its process tree: a Python process
    # that has loaded the lexicon and the extraction's models holds well over 50 MB
    assert 50 < inc["plus_one_peak_rss_mb"] and 50 < inc["full_peak_rss_mb"]
    assert (f"incremental peak RSS (the largest process of each build, sampled every 50 ms): full build "
            f"{inc['full_peak_rss_mb']:.0f} MB, after adding one page {inc['plus_one_peak_rss_mb']:.0f} MB") in printed
    assert 50 < inc["plus_one_tree_pss_mb"] and 50 < inc["full_tree_pss_mb"]
    assert (f"incremental memory of all processes together (PSS sum, sampled every second): full build "
            f"{inc['full_tree_pss_mb']:.0f} MB, after adding one page {inc['plus_one_tree_pss_mb']:.0f} MB") in printed
    assert "; 1 page(s) reprocessed)" in printed
    assert "after adding one page" in printed
    assert "; of which system: " in printed  # the host's page faults show there
    assert not (tmp_path / "work" / "corpus-6-0" / "raw" / "syn000_000006.txt").exists()  # the extra page is gone


def test_bench_reports_the_median_of_several_rebuild_pairs(tmp_path, capsys, monkeypatch):
    """``--runs 3 --incremental``: three (full build, one page more) pairs; the figures
    are those of the run of the median ratio, every run's ratio is listed."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "bench.json"
    rc = main(["bench", "--pages", "4", "--jobs", "1", "--runs", "3", "--baselines", "", "--incremental",
               "--json", str(target), "--dir", str(tmp_path / "work")])
    assert rc == 0
    printed = capsys.readouterr().out
    inc = json.loads(target.read_text(encoding="utf-8"))["incremental"]
    assert inc["runs"] == 3 and len(inc["each"]) == 3
    ratios = sorted(r["ratio"] for r in inc["each"])
    assert inc["ratio"] == ratios[1]
    median_run = next(r for r in inc["each"] if r["ratio"] == inc["ratio"])
    assert (inc["full_s"], inc["plus_one_s"]) == (median_run["full_s"], median_run["plus_one_s"])
    assert all(r["plus_one_s"] / r["full_s"] == r["ratio"] for r in inc["each"])
    peaks = ", ".join(f"{r['full_peak_rss_mb']:.0f}/{r['plus_one_peak_rss_mb']:.0f}" for r in inc["each"])
    assert f"(every run's: {peaks})" in printed and all(r["plus_one_peak_rss_mb"] > 50 for r in inc["each"])
    totals = ", ".join(f"{r['full_tree_pss_mb']:.0f}/{r['plus_one_tree_pss_mb']:.0f}" for r in inc["each"])
    assert f"(every run's: {totals})" in printed and all(r["plus_one_tree_pss_mb"] > 50 for r in inc["each"])
    assert inc["reprocessed"] == 1
    assert "the run of the median ratio of 3; every run's ratio: " in printed
    assert not (tmp_path / "work" / "corpus-4-0" / "raw" / "syn000_000004.txt").exists()


def test_bench_runs_do_not_hold_the_previous_runs_graph(tmp_path, monkeypatch):
    """With ``--runs`` > 1 each build starts once the previous run's graph is gone: held,
    it counted in the next run's peak RSS."""
    import weakref

    from graph import bench

    monkeypatch.chdir(ROOT)
    previous: list = []
    alive_at_start: list = []
    one_build = bench._one_build

    def watched(*args, **kw):
        alive_at_start.append([ref() is not None for ref in previous])
        total, result = one_build(*args, **kw)
        previous.append(weakref.ref(result.kg))
        return total, result

    monkeypatch.setattr(bench, "_one_build", watched)
    rc = main(["bench", "--pages", "3", "--jobs", "1", "--runs", "3", "--baselines", "", "--dir", str(tmp_path / "work")])
    assert rc == 0
    assert alive_at_start == [[], [False], [False, False]]


def test_rebuild_floor_script_measures_the_whole_graph_passes_and_cleans_up(tmp_path, capsys):
    """``benchmarks/bench_rebuild_floor.py`` (the figures behind the incremental floor,
    in the README and docs/scale-notes.md) runs, prints each pass and the floor against
    0.1 of the full build, and leaves the corpus without the page it added and no copy
    of a graph file behind."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_rebuild_floor", ROOT / "benchmarks" / "bench_rebuild_floor.py")
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    collecting = gc.isenabled()
    assert floor.main(["--pages", "20", "--root", str(tmp_path)]) == 0
    assert gc.isenabled() == collecting  # the passes are timed with it paused, as in a build, then it is back
    printed = capsys.readouterr().out
    print(printed)
    for part in ("start", "pages", "view", "louvain", "page", "metrics", "summary", "copy", "chain", "files", "total"):
        assert f"  {part} " in printed
    assert "20 pages + 1:" in printed and "0.1 of it is" in printed and "of the full build" in printed
    # the floor is the longer of the page's path and the files' path (the copy waits for
    # the pages to say what changed), or the total over the cores
    seconds = {m[1]: float(m[2]) for m in re.finditer(r"^  (\w+) +([\d.]+) s", printed, re.M)}
    assert seconds["files"] == pytest.approx(seconds["start"] + seconds["pages"] + seconds["copy"], abs=0.02)
    floor = float(re.search(r"^floor ([\d.]+) s", printed, re.M)[1])
    cores = int(re.search(r"; (\d+) cores", printed)[1])
    assert floor == pytest.approx(max(seconds["chain"], seconds["files"], seconds["total"] / cores), abs=0.02)
    assert len(list((tmp_path / "corpus-20-0" / "raw").iterdir())) == 20
    assert not list((tmp_path / "out-view").glob(".*.floor"))
    assert (tmp_path / "out-view" / "czt.nq").stat().st_size > 0


def test_projection_delta_script_finds_every_change_of_one_page_more_among_the_touched(tmp_path, capsys):
    """``benchmarks/bench_projection_delta.py`` (the evidence for carrying the projection,
    docs/scale-notes.md): after one page more, every new or changed node and edge of the
    entity graph is one the statements memo's touched subjects name, few of all, and no
    graph of the previous build was touched; the corpus is left without the added page."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_projection_delta",
                                                  ROOT / "benchmarks" / "bench_projection_delta.py")
    delta = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(delta)
    assert delta.main(["--pages", "30", "--root", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    print(printed)
    for kind in ("nodes", "edges"):
        line = re.search(rf"^  {kind} +([\d,]+)  new ([\d,]+), changed ([\d,]+), gone 0; "
                         rf"named by the rule ([\d,]+), missed 0$", printed, re.M)
        assert line, printed
        total, new, changed, named = (int(x.replace(",", "")) for x in line.groups())
        assert new + changed > 0 and new + changed <= named < total  # something changed; the rule names less than all
    assert "the previous build's named graphs touched: 0" in printed
    assert len(list((tmp_path / "corpus-30-0" / "raw").iterdir())) == 30
    assert not (tmp_path / "out").exists()


def test_a_fresh_build_runs_this_package_whatever_the_working_folder_holds(data_copy, tmp_path, monkeypatch):
    """The bench's new-process builds import this checkout's ``graph``, not a folder of
    that name where the bench is run from (``python -c`` puts the working folder first)."""
    from graph.bench import _fresh_build

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "graph").mkdir(parents=True)
    (elsewhere / "graph" / "__init__.py").write_text("raise ImportError('not the czt-kg package')\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    done = _fresh_build(data_copy, tmp_path / "out", 1)
    assert done.wall > 0 and 0 < done.system < done.cpu and (tmp_path / "out" / "czt.ttl").is_file()
    assert done.printed["misses"] >= 1


def test_cpu_timeline_counts_every_process_the_command_forks(capsys):
    """``benchmarks/cpu_timeline.py`` (how "where the two cores go in the rebuild",
    docs/scale-notes.md, was measured) counts the CPU of the command and of the
    processes it forks, each under its own pid, and exits with the command's exit code."""
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("cpu_timeline", ROOT / "benchmarks" / "cpu_timeline.py")
    timeline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(timeline)
    busy = ("import os, sys, time\n"
            "def spin():\n"
            "    t = time.process_time()\n"
            "    while time.process_time() - t < 0.6: pass\n"
            "pid = os.fork()\n"
            "spin()\n"
            "if pid: os.waitpid(pid, 0); sys.exit(3)\n"
            "os._exit(0)\n")
    assert timeline.main(["--every", "0.05", "--", sys.executable, "-c", busy]) == 3
    printed = capsys.readouterr().out
    print(printed)
    total = re.search(r"the command's CPU ([\d.]+), idle ([\d.]+)", printed)
    assert total and float(total[1]) >= 1.0  # both processes' 0.6 s, not one's
    pids = {pid for line in printed.splitlines() if " | " in line for pid in re.findall(r"(\d+):", line.split(" | ")[1])}
    assert len(pids) >= 2
    with pytest.raises(SystemExit):
        timeline.main([])
