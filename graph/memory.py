"""Memory helpers shared by the stages that hold millions of small objects."""

from __future__ import annotations

import ctypes
import gc
import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector inside the block, restoring it as it was after.

    A build or a SHACL index holds millions of small acyclic objects (terms, tuples,
    lines of text); every full collection walks all of them again (indexing 1M triples
    ran 7x slower; about a fifth of a 300-page rebuild's CPU went there).  Reference
    counting still frees everything as soon as it is dropped; the few cycles made
    meanwhile are collected once the block is over.

    >>> import gc
    >>> with cycle_collector_paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # what the block made and still holds goes straight to the oldest generation
            # (frozen, then unfrozen: both move whole lists): else the first collection
            # after the block walks every one of those objects as young (~0.9 s on the way
            # out of a 10,000-page rebuild).  A caller's own gc.freeze() is undone by it.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _huge_page_switch():
    """numpy's switch of transparent huge pages for its large arrays (the one the
    ``NUMPY_MADVISE_HUGEPAGE`` variable sets at import), or None where it has none."""
    import numpy

    for module in ("_core", "core"):  # numpy 2, numpy 1
        switch = getattr(getattr(getattr(numpy, module, None), "multiarray", None), "_set_madvise_hugepage", None)
        if switch is not None:
            return switch
    return None


@contextmanager
def arrays_on_small_pages() -> Iterator[None]:
    """numpy's large arrays on ordinary 4 KB pages inside the block (numpy asks Linux for
    2 MB transparent huge pages for every array of 4 MB or more), as it was after.

    A build makes and drops hundreds of arrays of 10-70 MB.  On the virtual machines
    it was measured on, memory the guest frees goes back to the host within seconds,
    and each page touched again costs a fault on the host (~2.7 s a GB); huge pages are
    freed, and handed back, in whole 2 MB blocks, where 4 KB pages freed by one array
    are mostly taken again, still backed, by the next.  Without them a rebuild after
    one page more among 10,000 took 19.9-21.7 s against 21.8-22.2 s (three runs each,
    alternated; the build process's system time 2.4-2.8 s against 3.0-3.5 s).  A user
    who set ``NUMPY_MADVISE_HUGEPAGE`` keeps their choice.

    >>> with arrays_on_small_pages():
    ...     pass
    """
    switch = None if "NUMPY_MADVISE_HUGEPAGE" in os.environ else _huge_page_switch()
    if switch is None:
        yield
        return
    was = switch(False)
    try:
        yield
    finally:
        switch(was)


@lru_cache(maxsize=None)
def _glibc(name: str):
    """glibc's C function ``name`` (``malloc_trim``, ``mallopt``), or None where the C
    library has none (musl, macOS)."""
    try:
        return getattr(ctypes.CDLL(None), name)
    except (AttributeError, OSError):
        return None


#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4
#: glibc's defaults for them
_DEFAULT_TRIM_THRESHOLD, _DEFAULT_MMAP_MAX = 128 * 1024, 65536


def _mallopt():
    mallopt = _glibc("mallopt")
    if mallopt is not None:
        mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt


@contextmanager
def large_blocks_reused() -> Iterator[None]:
    """Inside the block, glibc takes large blocks (numpy's arrays) from its heap and
    keeps those freed there for the next, instead of mapping each one afresh and
    unmapping it when freed; as it was after (glibc's defaults, the threshold no longer
    adapting), untouched when ``MALLOC_MMAP_MAX_`` or ``MALLOC_TRIM_THRESHOLD_`` is set.

    Every array of 32 MB or more was new memory, each 4 KB page of it a fault when
    first written (~2.5 us each on the virtual machine measured): a rebuild after one
    page more among 10,000 took 1.72-1.74M faults, 1.15M with this, its system time
    5.1-5.5 s against 4.0, the forks 0.6 s sooner (see the README).  Free memory is
    still handed back between stages (:func:`give_back_free_memory`).

    >>> with large_blocks_reused():
    ...     pass
    """
    mallopt = None if {"MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_"} & set(os.environ) else _mallopt()
    if mallopt is None:
        yield
        return
    mallopt(_M_MMAP_MAX, 0)
    mallopt(_M_TRIM_THRESHOLD, 2**31 - 1)  # nor the top of the heap given back on every free
    try:
        yield
    finally:
        mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
        mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)


def _malloc_trim():
    return _glibc("malloc_trim")


def give_back_free_memory() -> bool:
    """Hand the C allocator's free pages back to the system (glibc's ``malloc_trim``);
    False where there is no such call.

    A stage that lets go of millions of small objects leaves their pages free but
    resident: at 10,000 pages ~100-140 MB at each stage boundary, which the next stage
    then counts on top of its own, and a forked child (validator, graph-file writer)
    inherits.  Called between stages: ~0.1 s when much is free (nothing when little is),
    and no change to the build's time was measurable at 10,000 pages.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


# -- peak memory by stage -------------------------------------------------------------

#: callables told the name of each stage a build enters (see :func:`stage_started`)
_STAGE_LISTENERS: list = []
# a forked child (extraction worker, graph-file writer) has no sampler thread: it never
# reports to the parent's sampler, whose lock that thread may have held at the fork
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_STAGE_LISTENERS.clear)


def stage_started(name: str) -> None:
    """Tell any :class:`RssSampler` running that the build now runs stage ``name``
    (a name of :data:`graph.bench.STAGES`); a no-op when none is."""
    for listener in list(_STAGE_LISTENERS):
        listener(name)


def _rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``); None when unreadable."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _pss_mb(pid: int) -> float | None:
    """Proportional resident memory of process ``pid`` in MB: its private pages, plus
    each page it shares divided by the number of processes sharing it (Linux
    ``/proc/PID/smaps_rollup``), so that a process tree's figures add up to the memory
    it takes together; a forked process's RSS counts every page it inherited in full.
    None when unreadable.  Reading it walks the process's page tables (~4 ms a GB)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (children, their children, ...), from ``/proc``."""
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.append(p)
            todo += _children(p)
    return seen


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (every thread's), from ``/proc``; empty when unreadable."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                found += [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            continue
    return found


class _Sampling:
    """A daemon thread calling ``_sample`` every ``interval`` seconds, from
    :meth:`_start_sampling` until :meth:`_stop_sampling`; every ``total_every``-th
    sample kept also reads the process tree's proportional memory (:meth:`_tree_total`),
    which costs more to read."""

    def __init__(self, interval: float, name: str, total_every: int) -> None:
        import threading

        self.interval = interval
        self.total_every = total_every
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _tree_total(self, pid: int, pids: list[int] | None = None, force: bool = False) -> float | None:
        """The sum of the proportional memory of ``pid`` and every process below it
        (``pids``, if already listed) when the samples kept so far (see :meth:`_kept`)
        are a multiple of ``total_every``, or ``force``; else None."""
        if not (force or self._samples % self.total_every == 0):
            return None
        return sum(filter(None, map(_pss_mb, _tree(pid) if pids is None else pids)))

    def _kept(self) -> None:
        """Count a sample kept: a sample dropped leaves the next one to read the total."""
        self._samples += 1

    def _sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _start_sampling(self) -> None:
        self._thread.start()

    def _stop_sampling(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


class RssSampler(_Sampling):
    """Peak resident memory of each build stage, for ``czt-kg bench``: a thread samples
    this process and each of its child processes (extraction workers, the graph-file
    writer) every ``interval`` seconds, and :func:`stage_started` says which stage the
    samples belong to.  ``peaks`` maps a stage to (this process's peak MB, the largest
    child's peak MB or 0.0); ``total_mb`` is the largest sum of the proportional memory
    of this process and every process below it (:func:`_pss_mb`, read every
    ``total_every`` samples), ``total_stage`` the stage it was read in.  Linux only
    (``/proc``); elsewhere ``peaks`` stays empty and ``total_mb`` 0.0.

    >>> with RssSampler(interval=0.01) as sampler:
    ...     stage_started("rdf")
    ...     block = bytearray(64 * 2**20)  # 64 MB, touched
    ...     stage_started("html")
    >>> sampler.peaks["rdf"][0] > 64 or not sampler.available
    True
    """

    def __init__(self, interval: float = 0.05, total_every: int = 20) -> None:
        import threading

        super().__init__(interval, "rss-sampler", total_every)
        self.pid = os.getpid()
        self.stage: str | None = None
        self._changes = 0  # stage changes so far: a reading taken across one is dropped
        self.peaks: dict[str, tuple[float, float]] = {}
        self.total_mb = 0.0
        self.total_stage: str | None = None
        self.available = _rss_mb(self.pid) is not None
        self._lock = threading.Lock()

    def _sample(self, force_total: bool = False) -> None:
        with self._lock:
            changes = self._changes
        own = _rss_mb(self.pid)
        if own is None:
            return
        child = max((x for x in map(_rss_mb, _children(self.pid)) if x is not None), default=0.0)
        total = self._tree_total(self.pid, force=force_total)
        with self._lock:
            if self.stage is None or self._changes != changes:
                # the stage changed while reading: the figures may be the previous stage's
                # (not kept, so the next sample reads the total if this one did: a short
                # build's only reading of it was once lost here, and the total was 0)
                return
            self._kept()
            old_own, old_child = self.peaks.get(self.stage, (0.0, 0.0))
            self.peaks[self.stage] = (max(old_own, own), max(old_child, child))
            if total is not None and total > self.total_mb:
                self.total_mb, self.total_stage = total, self.stage

    def _on_stage(self, name: str) -> None:
        self._sample()  # the end of the previous stage belongs to it
        with self._lock:
            self.stage = name
            self._changes += 1
        self._sample()

    def __enter__(self) -> "RssSampler":
        _STAGE_LISTENERS.append(self._on_stage)
        if self.available:
            self._start_sampling()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop_sampling()
        self._sample(force_total=self.total_mb == 0.0)  # a build too short for a due reading has one
        _STAGE_LISTENERS.remove(self._on_stage)


class TreePeak(_Sampling):
    """The memory of process ``pid`` and the processes below it (its extraction
    workers, validator, graph-file writer, page drawer), sampled while the block runs:
    ``peak_mb``, the largest resident memory of one of them (every ``interval``
    seconds), and ``total_mb``, the largest sum of their proportional memory
    (:func:`_pss_mb`; every ``total_every`` samples, as it costs more to read): what the
    processes took together, pages a fork shares with its parent counted once.  What
    ``czt-kg bench --incremental`` reports of each build it starts in a new process.
    Both stay 0.0 where ``/proc`` cannot be read (``total_mb`` also on kernels before
    ``smaps_rollup``).

    >>> import subprocess, sys
    >>> child = subprocess.Popen([sys.executable, "-c", "b = bytearray(48 * 2**20); import time; time.sleep(0.5)"])
    >>> with TreePeak(child.pid, interval=0.01, total_every=2) as tree:
    ...     _ = child.wait()
    >>> tree.peak_mb > 48 or not tree.available
    True
    """

    def __init__(self, pid: int, interval: float = 0.05, total_every: int = 20) -> None:
        super().__init__(interval, "tree-rss-sampler", total_every)
        self.pid = pid
        self.peak_mb = 0.0
        self.total_mb = 0.0
        self.available = _rss_mb(os.getpid()) is not None

    def _sample(self) -> None:
        pids = _tree(self.pid)
        for rss in map(_rss_mb, pids):
            if rss is not None:
                self.peak_mb = max(self.peak_mb, rss)
        total = self._tree_total(self.pid, pids)
        self._kept()
        if total is not None:
            self.total_mb = max(self.total_mb, total)

    def __enter__(self) -> "TreePeak":
        if self.available:
            self._sample()
            self._start_sampling()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop_sampling()
