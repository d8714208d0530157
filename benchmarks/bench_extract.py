"""Extract-stage throughput in KB of page text per second, after start-up.

    python benchmarks/bench_extract.py              # data/raw + data/gold/pages, 7 runs
    python benchmarks/bench_extract.py --runs 11 --copies 4

Start-up (loading the lexicon, building the Aho-Corasick automaton, loading jieba's
dictionary, compiling the rule table) happens once before timing.  Each run then
extracts every document of the pages ``--copies`` times (each copy is a distinct
page object, so no per-document cache carries over between copies or runs) and the
median over ``--runs`` runs is printed, with the best run in brackets.  The text
measured is the UTF-8 size of the documents' text (what the extract stage reads).
Beside wall-clock time, the CPU time of the process (``time.process_time``) is
printed: other jobs on a shared machine disturb it less (though not at all is too
much to hope for: they share caches and cores with it).

Beside it, the same text is fed to ``jieba.cut(..., HMM=False)`` alone (the
segmentation the discover step used to need), document by document in turn with
extract so that both see the same load, and the median over runs of the ratio
extract/jieba is printed: timings on a shared machine are noisy, the ratio much less so.

Figures (2 shared cores, other jobs running; see the report of the change):

* before: jieba segmented every document in full: ~104–153 KB/s, extract/jieba 0.30.
* now: jieba's place words (ns) are found with Aho-Corasick and jieba only segments the
  clauses around a candidate and the short windows after places: ~275–460 KB/s,
  extract/jieba 0.45–0.76 with all the rules of this version.
* after the generalisation for unseen pages (more rules: companies, zones, lines, event
  roles, pair collectives; per-mention scans replaced by bisect over sorted indexes):
  257–349 KB/s, extract/jieba 0.42–0.43 on data/raw + data/gold/pages (g01–g09).
* later rules (more genres, roles, sections…) brought it back to ~196–210 KB/s,
  extract/jieba 0.37–0.38 (interleaved as now).
* speed branch (graph/discover.py, dates.py, script.py; output byte-identical): the
  place-word automaton's root children ordered by character frequency with the
  characters outside the words read as one sentinel (pyahocorasick scans a node's
  children linearly; the root has ~1,400), jieba's no-HMM segmentation of a block done
  directly, people() once per document, the date pattern tried only where a date can
  start, the page's Simplified view kept for its next document.  extract/jieba
  0.40–0.42; both versions pass by pass in one process (same load): 1.15–1.16× less
  CPU per pass (min per pass 100→91 ms for the 33 KB of data/raw + gold, i.e. ~330→
  ~360 KB/s of CPU at best); a 1 MB page of 137 documents 3.67 s → 2.25 s CPU (each
  document converted and sliced the whole page).  What is left is mostly in
  graph/extract.py (candidate rules, select, relations), jieba's DP ~4%.
* four exact speed-ups (one regex for a clause's start instead of nine rfind scans, is_name
  once per key in select, one alternation search before the per-word finds of
  _occurrences, build verbs sorted once; output byte-identical): --runs 5 interleaved with
  the parent on a loaded 2-core machine, CPU 202→222 and 197→203 KB/s, extract/jieba
  0.35→0.37 and 0.35→0.35 — a few per cent, at the edge of the noise.
* exact speed pass (graph/discover.py, graph/extract.py entity side; output byte-identical
  by a dump of every record of data/raw, gold, heldout and 40 synthetic pages): jieba's
  word scores kept per fragment in _best_splits (one ``log`` per word per block was half
  its cost: 2.2-2.4× less CPU there), jieba's tags read from a small table of the words
  seen, last-document caches in one slot checked by identity, a pattern's needed words
  in one search, per-document fixed costs (word lists kept per document, rule tables
  built once, the inline-source line converted only when it holds 源: a near-empty
  document 0.45 → 0.37 ms).  Per-document interleaved A/B with the parent, 15 runs on a
  loaded 2-core machine: old/new CPU 1.054 (median per run), best run 260 → 275 KB/s,
  extract/jieba (CPU) 0.312 → 0.330; bench_extract.py --runs 5 alternated 0.31 → 0.33
  twice.  The documents here average ~420 characters, so a document's fixed work
  (~0.4 ms of ~4.4) and the C scans (entity regexes ~6 %, the two automata ~5 %, OpenCC
  ~2.5 %) weigh as much as the Python rules; what is left in extract.py is spread thin.
* exact speed pass after the relation rounds (graph/extract.py only; output byte-identical
  by the dump of every record of data/raw, gold and heldout): an entity pattern with
  ``needs`` is scanned from its first needed word less the pattern's longest match (every
  match holds one; lookbehinds see before ``pos``), _occurrences' one-scan test uses the
  whole word list's pattern instead of compiling one per document's subset (~80 compiles
  a pass), zone short forms, the home units of elided bodies and the index of listed
  projects only when needed, word lists sorted longest first once, quotes deleted by
  str.translate, per-sentence word tests as one alternation search, no copy of a
  document for its inline source.  Per-document interleaved A/B with the parent in one
  process (word-pattern caches cleared each run, so content seen in an earlier run does
  not flatter the old code): new/old CPU 0.956 (median of 21 runs, quartiles
  0.951-0.962).  bench_extract.py --runs 7 alternated twice: CPU 235→217 and 172→186
  KB/s, extract/jieba 0.31→0.32 and 0.32→0.32 (the shared machine's noise is larger
  than the 4 %).
* big pages (``extract()`` alone, one document): 1 MB of repeated g01–g06 paragraphs
  77.8 s → 4.0 s, 200 KB of them 3.1 s → 0.6 s, 1 MB of repeated g05 124 s → 3.4 s;
  ``czt-kg extract`` on the 1 MB page end to end 8.8 s.  The quadratic parts were
  sentence lookups by scan, a slice copy of the candidate list per sentence, per-mention
  scans of every candidate (anaphora, overlaps, owners, posts) and a short form defined
  N times searched N times.
* without jieba at all (no unknown places, no place-anchored bodies or facilities):
  extract/jieba ~0.93, but entity F1 on data/gold drops from 0.951 to 0.912 and
  relation F1 from 0.864 to 0.838, so jieba stays, used only where it helps.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.corpus import sentences  # noqa: E402
from graph.discover import _cut  # noqa: E402
from graph.extract import extract  # noqa: E402
from graph.lexicon import Lexicon  # noqa: E402
from graph.pipeline import read_corpus  # noqa: E402

BASE = "https://w3id.org/czt-kg/"


def documents(copies: int):
    pages = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted((ROOT / "data" / "gold" / "pages").glob("*.txt"))
    docs = read_corpus(pages, BASE).documents
    out = []
    for c in range(copies):
        for d in docs:
            page = replace(d.page, sha256=f"{d.page.sha256}-{c}")
            out.append(replace(d, page=page, id=f"{d.id}-{c}"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--copies", type=int, default=3)
    args = ap.parse_args(argv)

    lexicon = Lexicon.load(ROOT / "data" / "lexicon")
    docs = documents(args.copies)
    kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
    for d in docs[: len(docs) // args.copies]:  # start-up: caches, automaton, jieba dictionary
        extract(d, lexicon)

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()

    ext, cpu, jb = [], [], []
    for _ in range(args.runs):
        sentences.cache_clear()
        e = c = j = 0.0
        for d in docs:  # extract and jieba.cut take turns document by document: same load for both
            _cut.cache_clear()  # no segmentation is reused across documents or copies
            t0, c0 = time.perf_counter(), time.process_time()
            extract(d, lexicon)
            t1 = time.perf_counter()
            c += time.process_time() - c0
            for _w in jieba.cut(d.text, HMM=False):
                pass
            t2 = time.perf_counter()
            e, j = e + t1 - t0, j + t2 - t1
        ext.append(e)
        cpu.append(c)
        jb.append(j)
    e, c, j = statistics.median(ext), statistics.median(cpu), statistics.median(jb)
    ratio = statistics.median(jr / er for jr, er in zip(jb, ext))
    print(f"text: {kb:.1f} KB in {len(docs)} documents, median of {args.runs} runs (best run in brackets)")
    print(f"extract      {kb / e:8.1f} KB/s   ({kb / min(ext):.1f}) wall clock")
    print(f"extract      {kb / c:8.1f} KB/s   ({kb / min(cpu):.1f}) of CPU time (process_time; {c:.3f} s per run)")
    print(f"jieba.cut    {kb / j:8.1f} KB/s   ({kb / min(jb):.1f})")
    print(f"extract / jieba.cut throughput ratio: {ratio:.2f} (median over runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
