"""Crash safety (issue 8): SIGKILLed builds and a full disk never leave a partial output.

*Killed builds.*  ``out/`` starts as the complete outputs of a previous build (version
A, one short page); a build of another short page (version B) into it is SIGKILLed at a
seeded random moment, 100 times.  A third of the moments are spread over the whole
build (its duration measured first), two thirds over the part that writes files: the
test watches ``out/`` for the first temporary output file, then waits a seeded part of
the write span (measured first from the outputs' modification times) and kills.  After each kill every output file must be byte-identical to
version A's or version B's (both verified to parse), and any other entry of ``out/``
must be a hidden temporary file (``.NAME.*.tmp``) or the page cache: nothing that
looks like an output.  Builds run in children forked from a pre-loaded process
(``tests/crash_build_zygote.py``), two at a time, so the 100 kills cost seconds, not
interpreter start-ups.  Afterwards a normal build in a killed-into ``out/`` (its page
cache included) must give exactly version B.  The figures also count how often ``out/``
held all-previous, all-new or a mix of the two (``czt-kg build`` renames its outputs only
once all are written, so a mix needs a kill between two renames), and the hidden
temporary files kills leave behind.

*Full disk.*  Two ways, both asserting: exit code 6 (``OutputError``, documented in
``graph/errors.py`` and the README), a one-line message, no temporary file left and
every previous output byte-identical:

* the real ``czt-kg build`` in a subprocess whose ``RLIMIT_FSIZE`` is small: the kernel
  refuses the real ``write()`` of the real writer (EFBIG — Python ignores SIGXFSZ), at
  three limits chosen so the first, a middle and the last output is the one refused.
  Nothing is patched: this is the real code path;
* in-process, ``os.fsync`` raising ``ENOSPC`` from its k-th call on (the disk stays
  full, as a real one does; delayed-allocation filesystems report ENOSPC at fsync),
  for k = 1, 3 and 7: the exact errno and message of a full disk.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.folder_lock import LOCK_FILE

from .build_snapshot import snapshot_code

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
OUTPUTS = ("czt.nq", "czt.trig", "czt.ttl", "czt.jsonld", "analysis.json", "report.txt", "graph.html")
PREVIOUS_PAGE = ROOT / "data" / "gold" / "pages" / "g06_utf8bom_projects.txt"
NEW_PAGE = ROOT / "data" / "gold" / "pages" / "g05_interview.txt"
KILLS = 100
PARALLEL = 2
TEMP = re.compile(r"^\.(?P<name>" + "|".join(re.escape(n) for n in OUTPUTS) + r")\.[^/]*\.tmp$")


def _data(dst: Path, page: Path) -> Path:
    shutil.copytree(ROOT / "data" / "lexicon", dst / "lexicon")
    (dst / "raw").mkdir(parents=True)
    shutil.copy(page, dst / "raw" / page.name)
    return dst


def _snapshot_of(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _parses(name: str, data: bytes) -> None:
    import pyoxigraph as ox

    if name.startswith("czt.") and name != "czt.jsonld":
        fmt = {"czt.nq": ox.RdfFormat.N_QUADS, "czt.trig": ox.RdfFormat.TRIG, "czt.ttl": ox.RdfFormat.TURTLE}[name]
        assert sum(1 for _ in ox.parse(data, format=fmt)) > 100, name
    elif name.endswith(".json") or name == "czt.jsonld":
        json.loads(data)
    elif name == "graph.html":
        assert data.rstrip().endswith(b"</html>"), name
    else:
        assert data.decode("utf-8").startswith("czt-kg build report"), name


class Zygote:
    def __init__(self, code: Path, warm_data: Path):
        env = dict(os.environ, PYTHONPATH=str(code))
        self.proc = subprocess.Popen([sys.executable, str(HERE / "crash_build_zygote.py"), str(warm_data)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=str(code))
        line = self.proc.stdout.readline()
        assert line.strip() == "ready", f"zygote did not start: {line!r}"

    def start(self, data: Path, out: Path) -> int:
        self.proc.stdin.write(f"build {data} {out}\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline().split()[1])

    def wait(self, pid: int) -> str:
        self.proc.stdin.write(f"wait {pid}\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().split()[1]

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


def _check_out(out: Path, a: dict, b: dict) -> tuple[list[str], dict]:
    """Problems with ``out`` after a kill, and what it held (A, B, temp files)."""
    problems, seen = [], {"A": 0, "B": 0, "temps": 0}
    for name in OUTPUTS:
        f = out / name
        if not f.exists():
            problems.append(f"{name} missing")
            continue
        data = f.read_bytes()
        if data == a[name]:
            seen["A"] += 1
        elif data == b[name]:
            seen["B"] += 1
        else:
            problems.append(f"{name} is neither the previous nor the new file ({len(data)} bytes)")
    for entry in out.iterdir():
        if entry.name in OUTPUTS or entry.name in (".cache", LOCK_FILE):  # the lock file: graph.folder_lock
            continue
        if TEMP.match(entry.name):
            seen["temps"] += 1
            continue
        problems.append(f"unexpected entry {entry.name!r} in out/")
    return problems, seen


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(code snapshot, previous data, new data, previous outputs A, new outputs B), built once by the CLI."""
    base = tmp_path_factory.mktemp("crash")
    code = snapshot_code(base / "code")
    prev_data = _data(base / "prev-data", PREVIOUS_PAGE)
    new_data = _data(base / "new-data", NEW_PAGE)
    env = dict(os.environ, PYTHONPATH=str(code))
    built = []
    for data, out in ((prev_data, base / "A"), (new_data, base / "B")):
        proc = subprocess.run([sys.executable, "-m", "graph.cli", "build", "--data", str(data), "--out", str(out),
                               "--jobs", "1"], env=env, cwd=str(code), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        built.append(_snapshot_of(out))
    a, b = built
    for name in OUTPUTS:
        _parses(name, a[name])
        _parses(name, b[name])
        assert a[name] != b[name], f"{name}: the two versions must differ for the test to mean anything"
    return code, prev_data, new_data, a, b


def test_sigkilled_builds_leave_previous_or_new_complete_files(versions, tmp_path, capsys, request):
    code, prev_data, new_data, a, b = versions

    zygotes = [Zygote(code, prev_data) for _ in range(PARALLEL)]
    try:
        # the build's timeline, measured in forked children like the ones we kill, two at once as below
        timelines = []

        def measure(slot):
            t_out = tmp_path / f"timeline{slot}"
            t_out.mkdir()
            for name in OUTPUTS:
                (t_out / name).write_bytes(a[name])
                os.utime(t_out / name, (0, 0))
            t0 = time.time()
            pid = zygotes[slot].start(new_data, t_out)
            status = zygotes[slot].wait(pid)
            total = time.time() - t0
            assert status == "exited:0", status
            assert _snapshot_of(t_out) == b, "a forked build must write exactly what czt-kg build writes"
            mtimes = sorted((t_out / n).stat().st_mtime - t0 for n in OUTPUTS)
            timelines.append((total, mtimes[0], mtimes[-1]))

        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(measure, range(PARALLEL)))
        total = max(t for t, _, _ in timelines)
        write_start = min(w for _, w, _ in timelines)
        write_span = max(e - w for _, w, e in timelines) + 0.1  # first rename to last rename, and a margin

        # a third of the kills at a moment of the whole build; two thirds at a moment after the
        # first temporary output file appears (watched for), within the measured write span
        rng = random.Random(20261201)
        plan = [("build", rng.uniform(0, total)) if i % 3 == 0 else ("writes", rng.uniform(0, 0.8 * write_span))
                for i in range(KILLS)]
        outs = [tmp_path / f"out{i}" for i in range(PARALLEL)]
        for out in outs:
            out.mkdir()
        lock = threading.Lock()
        failures = []
        tally = {"killed": 0, "finished": 0, "all A": 0, "all B": 0, "mixed": 0, "temps": 0, "in writes": 0}

        def writing_started(out: Path) -> bool:
            for entry in os.scandir(out):
                if TEMP.match(entry.name) or (entry.name in OUTPUTS and entry.stat().st_mtime != 0):
                    return True
            return False

        def trial(i: int):
            slot = i % PARALLEL
            z, out = zygotes[slot], outs[slot]
            for name in OUTPUTS:  # out/ holds the previous complete outputs (page cache kept)
                (out / name).write_bytes(a[name])
                os.utime(out / name, (0, 0))
            for entry in out.iterdir():
                if TEMP.match(entry.name):
                    entry.unlink()
            phase, offset = plan[i]
            start = time.time()
            pid = z.start(new_data, out)
            if phase == "writes":
                give_up = start + 4 * total
                while not writing_started(out) and time.time() < give_up:
                    time.sleep(0.002)
                time.sleep(offset)
            else:
                delay = offset - (time.time() - start)
                if delay > 0:
                    time.sleep(delay)
            moment = time.time() - start
            wrote = writing_started(out)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            status = z.wait(pid)
            problems, seen = _check_out(out, a, b)
            with lock:
                tally["killed" if status.startswith("killed") else "finished"] += 1
                tally["in writes"] += wrote and status.startswith("killed")
                tally["temps"] += seen["temps"]
                key = "all A" if seen["A"] == len(OUTPUTS) else "all B" if seen["B"] == len(OUTPUTS) else "mixed"
                tally[key] += 1
                if problems:
                    failures.append(f"kill #{i} ({phase} +{offset:.2f} s) at {moment:.2f} s ({status}): "
                                    + "; ".join(problems))

        t_kills = time.monotonic()
        # slot i % PARALLEL: trial i and i + PARALLEL share a zygote and an out/, so run them in order per slot
        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(lambda s: [trial(i) for i in range(s, KILLS, PARALLEL)], range(PARALLEL)))
        kill_seconds = time.monotonic() - t_kills

        # a normal build where builds were killed (its page cache went through the kills too)
        pid = zygotes[0].start(new_data, outs[0])
        status = zygotes[0].wait(pid)
        after = _snapshot_of(outs[0]) if status == "exited:0" else {}
        if after != b:
            failures.append(f"a build after the kills ({status}) did not give exactly the new outputs")
        left = sorted(e.name for e in outs[0].iterdir() if TEMP.match(e.name))
        if left:
            failures.append(f"a build after the kills left {len(left)} stale temporary files: {left[:3]}")
    finally:
        for z in zygotes:
            z.close()
    summary = (
        f"crash safety: {KILLS} builds SIGKILLed at seeded moments (build {total:.2f} s, writing from "
        f"{write_start:.2f} s for {write_span:.2f} s; {tally['in writes']} killed after writing had begun) "
        f"in {kill_seconds:.0f} s: {tally['killed']} killed, {tally['finished']} had finished; out/ held "
        f"all-previous {tally['all A']}, all-new {tally['all B']}, a per-file mix {tally['mixed']}; "
        f"partial or foreign output files: {len(failures)}; stray hidden temp files left by kills: {tally['temps']}"
    )
    with capsys.disabled():
        print("\n" + summary)
    request.config.__dict__.setdefault("czt_suite_figures", []).append(summary)
    assert not failures, f"{len(failures)} of {KILLS} kills left a bad out/:\n" + "\n".join(failures)


# -- full disk ---------------------------------------------------------------------------


def _fresh_previous(out: Path, a: dict) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes(a[name])


def _disk_full_problems(label, code_rc, stderr, out, a) -> list[str]:
    problems = []
    lines = [x for x in stderr.strip().splitlines() if x.strip()]
    if code_rc != 6:
        problems.append(f"{label}: exit code {code_rc}, expected 6 ({stderr.strip()[-300:]!r})")
    if len(lines) != 1:
        problems.append(f"{label}: expected a one-line error, got {len(lines)} lines: {stderr.strip()[-400:]!r}")
    for name in OUTPUTS:
        if (out / name).read_bytes() != a[name]:
            problems.append(f"{label}: {name} is no longer the previous output")
    temps = [e.name for e in out.iterdir() if TEMP.match(e.name)]
    if temps:
        problems.append(f"{label}: temporary files left: {temps}")
    return problems


def test_full_disk_real_writes_refused_by_the_kernel(versions, tmp_path, capsys, request):
    code, _prev_data, new_data, a, b = versions
    sizes = {n: len(b[n]) for n in OUTPUTS}
    order = list(OUTPUTS)  # the order czt-kg build writes them
    first, last = order[0], order[-1]
    limits = {
        f"first output ({first}) too big": min(sizes[first] - 1, 4096),
        "a middle output too big": sorted(sizes.values())[len(sizes) // 2] - 1,
        f"only the last output ({last}) too big": max(s for n, s in sizes.items() if n != last) + 1,
    }
    assert sizes[last] > limits[f"only the last output ({last}) too big"], "graph.html is the biggest output"
    env = dict(os.environ, PYTHONPATH=str(code))
    problems = []
    for label, limit in limits.items():
        out = tmp_path / "out"
        _fresh_previous(out, a)

        def small_files(limit=limit):
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        proc = subprocess.run([sys.executable, "-m", "graph.cli", "build", "--data", str(new_data), "--out", str(out),
                               "--jobs", "1", "--no-cache"], env=env, cwd=str(code), capture_output=True, text=True,
                              timeout=300, preexec_fn=small_files)
        problems += _disk_full_problems(f"RLIMIT_FSIZE {limit} B ({label})", proc.returncode, proc.stderr, out, a)
        if proc.returncode == 6 and not re.search(r"File too large|No space left", proc.stderr):
            problems.append(f"{label}: the message does not say why: {proc.stderr.strip()!r}")
    line = (f"full disk (real czt-kg build under RLIMIT_FSIZE {', '.join(map(str, limits.values()))} B): "
            f"{len(limits)} runs, {len(problems)} problems")
    with capsys.disabled():
        print("\n" + line)
    request.config.__dict__.setdefault("czt_suite_figures", []).append(line)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("full_from", [1, 3, 7])
def test_full_disk_enospc_keeps_previous_outputs(versions, tmp_path, monkeypatch, capsys, full_from):
    _code, _prev_data, new_data, a, _b = versions
    from graph.cli import main

    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] >= full_from:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    out = tmp_path / "out"
    _fresh_previous(out, a)
    monkeypatch.setattr(os, "fsync", fsync)
    rc = main(["build", "--data", str(new_data), "--out", str(out), "--jobs", "1"])
    monkeypatch.setattr(os, "fsync", real_fsync)
    err = capsys.readouterr().err
    problems = _disk_full_problems(f"ENOSPC from fsync #{full_from}", rc, err, out, a)
    if rc == 6 and "No space left on device" not in err:
        problems.append(f"the message does not say the disk is full: {err.strip()!r}")
    assert not problems, "\n".join(problems)
