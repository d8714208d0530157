"""Repeatability (issue 8): same pages, shuffled input order, 10 hash seeds → one sha256 per output.

The bundled page and two gold pages (Big5 Traditional, teasers) are copied into a fresh ``data/raw`` for every build, in a different (seeded) order with
shuffled modification times, and ``czt-kg build`` runs in a subprocess under a different
``PYTHONHASHSEED`` each time, two builds at a time.  Every output file must come out
byte-identical across the 10 builds.  The test prints the figures; a failure names each
file that differed, the seeds of each variant and the first differing line.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .build_snapshot import snapshot_code

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUTPUTS = ("czt.ttl", "czt.trig", "czt.nq", "czt.jsonld", "analysis.json", "report.txt", "graph.html")
SEEDS = (0, 1, 2, 3, 42, 1234, 31337, 65535, 2**31 - 1, 4294967295)
PARALLEL = 2


#: besides the bundled page: a Big5 Traditional page and a page of teasers (a couple of extra pages
#: keeps 10 builds affordable; every gold page was checked the same way by hand: 10 builds, 1 hash each)
EXTRA_PAGES = ("g02_big5_traditional.txt", "g03_teasers.txt")


def _pages() -> list[Path]:
    return sorted((DATA / "raw").glob("*.txt")) + [DATA / "gold" / "pages" / n for n in EXTRA_PAGES]


def _prepare(run_dir: Path, order_seed: int) -> None:
    """A data folder with the pages created in a shuffled order and shuffled mtimes."""
    data = run_dir / "data"
    shutil.copytree(DATA / "lexicon", data / "lexicon")
    raw = data / "raw"
    raw.mkdir(parents=True)
    rng = random.Random(order_seed)
    pages = _pages()
    rng.shuffle(pages)
    stamps = [1_600_000_000 + rng.randrange(10**7) for _ in pages]
    for page, stamp in zip(pages, stamps):
        dst = raw / page.name
        dst.write_bytes(page.read_bytes())
        os.utime(dst, (stamp, stamp))


def _build(run_dir: Path, hash_seed: int, code: Path, jobs: int) -> tuple[dict[str, str], float, str]:
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed), PYTHONPATH=str(code))
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", "--data", "data", "--out", "out", "--jobs", str(jobs)],
        cwd=run_dir, env=env, capture_output=True, text=True, timeout=600,
    )
    took = time.monotonic() - t0
    hashes = {}
    for name in OUTPUTS:
        f = run_dir / "out" / name
        hashes[name] = hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "missing"
    return hashes, took, f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"


def _first_difference(a: Path, b: Path) -> str:
    la = a.read_text(encoding="utf-8", errors="replace").splitlines()
    lb = b.read_text(encoding="utf-8", errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            return f"line {i}: {x[:160]!r} vs {y[:160]!r}"
    return f"lengths {len(la)} vs {len(lb)} lines"


def test_ten_seeds_shuffled_inputs_give_one_hash_per_output(tmp_path, capsys, request):
    assert len(_pages()) >= 3, "the bundled page and the gold pages should be there"
    code = snapshot_code(tmp_path / "code")
    runs = []
    for i, seed in enumerate(SEEDS):
        run_dir = tmp_path / f"run{i}"
        _prepare(run_dir, order_seed=1000 + i)
        runs.append((run_dir, seed))
    t0 = time.monotonic()
    with ThreadPoolExecutor(PARALLEL) as pool:
        # --jobs 1 and 2 alternate: the number of extracting processes must not matter either
        results = list(pool.map(lambda ir: _build(*ir[1], code, 1 + ir[0] % 2), enumerate(runs)))
    wall = time.monotonic() - t0
    failures = []
    for (run_dir, seed), (hashes, _took, detail) in zip(runs, results):
        if "missing" in hashes.values():
            failures.append(f"PYTHONHASHSEED={seed}: build did not write every output ({detail})")
    distinct = {}
    for name in OUTPUTS:
        variants: dict[str, list[int]] = {}
        for (run_dir, seed), (hashes, _t, _d) in zip(runs, results):
            variants.setdefault(hashes[name], []).append(seed)
        distinct[name] = len(variants)
        if len(variants) > 1:
            (h1, s1), (h2, s2) = list(variants.items())[:2]
            d1 = runs[SEEDS.index(s1[0])][0] / "out" / name
            d2 = runs[SEEDS.index(s2[0])][0] / "out" / name
            diff = _first_difference(d1, d2) if d1.exists() and d2.exists() else "missing file"
            failures.append(f"{name}: {len(variants)} different outputs (seeds {s1} vs {s2}…); first difference {diff}")
    builds = [took for _h, took, _d in results]
    summary = (
        f"repeatability: {len(SEEDS)} builds of {len(_pages())} pages (shuffled creation order and mtimes, "
        f"PYTHONHASHSEED {', '.join(map(str, SEEDS))}; --jobs 1 and 2), {PARALLEL} at a time, {wall:.0f} s wall "
        f"({min(builds):.1f}–{max(builds):.1f} s per build); distinct sha256 per output: "
        + ", ".join(f"{n} {distinct[n]}" for n in OUTPUTS)
    )
    with capsys.disabled():
        print("\n" + summary)
    request.config.__dict__.setdefault("czt_suite_figures", []).append(summary)
    assert not failures, "\n".join(failures)
