"""Peak memory by stage (``graph.memory.RssSampler``), as ``czt-kg bench`` reports it."""

from __future__ import annotations

import os

import pytest

from graph import memory

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm") and not os.environ.get("CI"),
                                reason="RSS sampling reads Linux /proc")


def test_each_stage_gets_its_own_peak_and_children_are_seen():
    """Memory held during one stage shows in that stage's peak, not the next one's; a
    child process holding memory shows as the largest child."""
    import multiprocessing as mp

    with memory.RssSampler(interval=0.01) as sampler:
        memory.stage_started("rdf")
        block = bytearray(200 * 2**20)
        sampler._sample()  # as the sampler's thread does every 10 ms here
        del block
        memory.stage_started("html")
        memory.stage_started("extract")
        ctx = mp.get_context("fork")
        ready, done = ctx.Event(), ctx.Event()
        child = ctx.Process(target=_hold, args=(150, ready, done))
        child.start()
        assert ready.wait(30)
        sampler._sample()
        done.set()
        child.join()
    peaks = sampler.peaks
    assert sampler.available
    assert peaks["rdf"][0] > peaks["html"][0] + 150  # the 200 MB was rdf's
    assert peaks["extract"][1] > 150  # the child's 150 MB


def test_a_forked_child_never_reports_to_the_parents_sampler():
    with memory.RssSampler(interval=0.01) as sampler:
        memory.stage_started("rdf")
        pid = os.fork()
        if pid == 0:
            memory.stage_started("child")
            os._exit(0 if not memory._STAGE_LISTENERS else 1)
        _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sorted(sampler.peaks) == ["rdf"]


def test_a_reading_taken_across_a_stage_change_is_dropped(monkeypatch):
    """The sampler's thread reads RSS, then the children's; if the build moves to the next
    stage in between, that reading (the previous stage's memory) must not count for the
    next stage (it did: a freed 200 MB block showed in the stage after the one holding it)."""
    sampler = memory.RssSampler()
    readings = iter([100.0, 900.0, 900.0, 100.0, 100.0])  # rdf holds 900 MB, html 100
    monkeypatch.setattr(memory, "_rss_mb", lambda pid: next(readings))
    armed = []

    def children(pid):
        if armed:  # the build moves on while the thread reads
            armed.clear()
            sampler._on_stage("html")
        return []

    monkeypatch.setattr(memory, "_children", children)
    sampler._on_stage("rdf")
    armed.append(True)
    sampler._sample()  # the thread's reading: 900 MB while in rdf
    assert sampler.peaks["rdf"][0] == 900.0
    assert sampler.peaks["html"][0] == 100.0


def test_a_build_shorter_than_the_totals_interval_still_reports_its_processes_together():
    """The processes' total (PSS) is read every ``total_every`` samples kept.  A reading
    dropped at a stage change (the first one, before any stage) must not use up the due
    one: a 100-page bench then printed "all its processes together 0 MB"."""
    with memory.RssSampler(interval=60.0, total_every=20) as sampler:  # the thread never samples
        memory.stage_started("rdf")  # a sample dropped (no stage yet), then one kept
        block = bytearray(64 * 2**20)
        memory.stage_started("html")
        del block
    assert sampler.total_mb > 0 and sampler.total_stage == "rdf"


def test_a_build_with_no_due_reading_gets_one_at_its_end():
    with memory.RssSampler(interval=60.0, total_every=20) as sampler:
        for stage in ("corpus", "extract", "resolve", "rdf", "validate", "serialize", "analysis", "html"):
            memory.stage_started(stage)
            if stage == "corpus":
                sampler.total_mb, sampler.total_stage = 0.0, None  # as if the due reading had been lost
    assert sampler.total_mb > 0 and sampler.total_stage == "html"


def _hold(mb: int, ready, done) -> None:
    block = bytearray(mb * 2**20)
    ready.set()
    done.wait(30)
    del block


def _hold_inherited(extra_mb: int, ready, done) -> None:
    """In a forked child: touch nothing inherited, hold ``extra_mb`` MB of its own."""
    _hold(extra_mb, ready, done)


@pytest.mark.parametrize("sampler", ["tree", "stages"])
def test_the_processes_total_counts_a_forks_inherited_pages_once(sampler):
    """A forked child's RSS counts every page it shares with its parent, so the largest
    process can stay small while the processes together take far more: the total is of
    their proportional memory, the 200 MB parent's block counted once, a child's own
    150 MB added."""
    import multiprocessing as mp

    if memory._pss_mb(os.getpid()) is None and not os.environ.get("CI"):
        pytest.skip("no /proc/PID/smaps_rollup (Linux 4.14 and later)")
    block = bytearray(200 * 2**20)  # touched (zeroed by Python), shared with the children below
    ctx = mp.get_context("fork")
    totals, largest = [], []
    for own in (0, 150):
        ready, done = ctx.Event(), ctx.Event()
        child = ctx.Process(target=_hold_inherited, args=(own, ready, done))
        child.start()
        try:
            assert ready.wait(30)
            if sampler == "tree":
                with memory.TreePeak(os.getpid(), interval=60, total_every=1) as watch:
                    pass  # the first sample is taken on entry
                totals.append(watch.total_mb)
                largest.append(watch.peak_mb)
            else:
                watch = memory.RssSampler(interval=60, total_every=1)
                with watch:
                    memory.stage_started("validate")
                assert watch.total_stage == "validate"
                totals.append(watch.total_mb)
                largest.append(max(p for pair in watch.peaks.values() for p in pair))
            child_rss = memory._rss_mb(child.pid)
        finally:
            done.set()
            child.join()
        assert child_rss > 200 + own  # the inherited block counts in full in the child's RSS
    parent = memory._rss_mb(os.getpid())
    assert largest[0] > 200
    assert totals[0] < parent + 100, (totals, parent)  # the block once, not twice (~400 MB)
    assert totals[1] - totals[0] > 120, totals  # the child's own 150 MB
    del block


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads RSS from /proc")
def test_free_pages_go_back_to_the_system_between_stages():
    # blocks under glibc's mmap threshold live in the heap: freed below a block still
    # held, their pages stay resident until the build hands them back between stages
    def rss_mb() -> float:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    if memory._malloc_trim() is None:
        pytest.skip("no malloc_trim in this C library (not glibc)")
    blocks = [bytearray(64 * 1024) for _ in range(3000)]  # ~190 MB, each block touched
    top = blocks.pop()  # the last block pins the heap's top: free() alone cannot shrink it
    del blocks
    held = rss_mb()
    assert memory.give_back_free_memory() is True
    assert held - rss_mb() > 100, "the freed blocks' pages stayed resident"
    del top


def test_what_a_paused_block_made_is_old_once_it_is_over():
    # else the first collection after a build walks every object it made as young
    # (~0.9 s after one page more among 10,000); the cycles made inside still go
    import gc

    class Node:
        pass

    young_at_start = []

    def note(phase, info):
        if phase == "start":
            young_at_start.append(gc.get_count()[0])

    gc.callbacks.append(note)
    try:
        with memory.cycle_collector_paused():
            assert not gc.isenabled()
            kept = [[i] for i in range(100_000)]
            cycle = Node()
            cycle.me = cycle
        del cycle
        assert gc.isenabled()
        more = [[i] for i in range(5_000)]  # enough to run the collector
    finally:
        gc.callbacks.remove(note)
    assert young_at_start and max(young_at_start) < 10_000, young_at_start[:3]
    assert len(kept) + len(more) == 105_000
    assert gc.collect() >= 1  # the cycle made inside is found by the next full collection


def _huge_pages_asked() -> bool:
    """Whether numpy now asks for transparent huge pages for its large arrays (read by
    setting it and putting it back: numpy's switch answers with what it was)."""
    switch = memory._huge_page_switch()
    was = switch(True)
    switch(was)
    return was


@pytest.mark.parametrize("before", [True, False])
def test_arrays_go_on_small_pages_inside_the_block_only(before, monkeypatch):
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    switch = memory._huge_page_switch()
    assert switch is not None, "numpy has no huge-page switch any more: see graph.memory.arrays_on_small_pages"
    was = switch(before)
    try:
        with memory.arrays_on_small_pages():
            assert _huge_pages_asked() is False
        assert _huge_pages_asked() is before
        with pytest.raises(KeyError):  # put back on the way out of an error too
            with memory.arrays_on_small_pages():
                raise KeyError("x")
        assert _huge_pages_asked() is before
    finally:
        switch(was)


def test_a_users_huge_page_setting_is_kept(monkeypatch):
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    switch = memory._huge_page_switch()
    was = switch(True)
    try:
        with memory.arrays_on_small_pages():
            assert _huge_pages_asked() is True
    finally:
        switch(was)


def test_a_build_runs_its_stages_with_arrays_on_small_pages(data_copy, tmp_path, monkeypatch):
    """Every stage of a build asks numpy for no huge pages (the processes it forks
    inherit the setting); the caller's setting is back once the build returns."""
    from graph.build import build

    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    seen: dict = {}
    monkeypatch.setattr(memory, "_STAGE_LISTENERS", [lambda name: seen.setdefault(name, _huge_pages_asked())])
    switch = memory._huge_page_switch()
    was = switch(True)
    try:
        build(data_copy, tmp_path / "out", jobs=2)
        assert _huge_pages_asked() is True
    finally:
        switch(was)
    assert {"extract", "rdf", "analysis"} <= set(seen), seen
    assert not any(seen.values()), seen


def _faults_of_a_new_array(mb: int = 64) -> int:
    """Minor page faults of filling an array of ``mb`` MB made just after another one of
    that size was freed."""
    import resource

    import numpy as np

    first = np.ones(mb * 2**20 // 8)
    del first
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    again = np.ones(mb * 2**20 // 8)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    del again
    return faults


def test_large_arrays_reuse_freed_memory_inside_the_block_only():
    """A 64 MB array made after another was freed: inside the block it lands on the
    freed pages (no fault), outside on new ones (a fault per 4 KB page)."""
    if memory._mallopt() is None:
        pytest.skip("no mallopt in this C library (not glibc)")
    with memory.arrays_on_small_pages():  # 4 KB pages, so that faults count pages
        with memory.large_blocks_reused():
            inside = _faults_of_a_new_array()
        memory.give_back_free_memory()
        outside = _faults_of_a_new_array()
    assert inside < 1000, inside
    assert outside > 10_000, outside  # 16,384 pages: glibc's defaults are back


def test_a_build_runs_with_large_blocks_reused(data_copy, tmp_path, monkeypatch):
    """Every stage of a build runs with glibc's large blocks kept in the heap; the
    defaults are back once it returns, and a user's own MALLOC_ setting is kept."""
    from graph.build import build

    calls: list = []
    monkeypatch.setattr(memory, "_mallopt", lambda: lambda param, value: calls.append((param, value)) or 1)
    monkeypatch.delenv("MALLOC_MMAP_MAX_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    seen: dict = {}
    monkeypatch.setattr(memory, "_STAGE_LISTENERS", [lambda name: seen.setdefault(name, list(calls))])
    build(data_copy, tmp_path / "out", jobs=2)
    assert {"extract", "rdf", "analysis"} <= set(seen), seen
    assert all(state == [(memory._M_MMAP_MAX, 0), (memory._M_TRIM_THRESHOLD, 2**31 - 1)] for state in seen.values()), seen
    assert calls[2:] == [(memory._M_MMAP_MAX, memory._DEFAULT_MMAP_MAX), (memory._M_TRIM_THRESHOLD, memory._DEFAULT_TRIM_THRESHOLD)]
    calls.clear()
    monkeypatch.setenv("MALLOC_MMAP_MAX_", "0")
    build(data_copy, tmp_path / "out2", jobs=1)
    assert calls == []
