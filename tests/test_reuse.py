"""Graph files written from the previous build's files (graph.reuse): always the bytes a
full write gives, whatever changed between the two builds, and copied where nothing did."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from graph import outputs, reuse
from graph.build import GRAPH_FILES, graph_file, write_graph_files
from graph.outputs import CanonicalDump, CopyRange
from graph.rdf import prefix_map
from graph.vocab import DEFAULT_BASE
from tests.test_rdf import _term_strategies

PREFIXES = outputs.prefixes_of(type("P", (), {"namespaces": staticmethod(lambda: prefix_map(DEFAULT_BASE).items())}))


def _full(dump) -> dict[str, bytes]:
    return {name: b"".join(graph_file(dump, PREFIXES, name)) for name in GRAPH_FILES}


def _build_files(dump, out: Path, cache: Path, adopt: bool = True) -> dict[str, bytes]:
    """The graph files as a build writes them with a cache: temporary files renamed into
    place (and this build's memo made current) when ``adopt``."""
    pending = outputs.OutputSet()
    write_graph_files(pending, dump, PREFIXES, out, cache)
    if not adopt:
        got = {Path(path).name: Path(tmp).read_bytes() for tmp, path in pending.pending}
        pending.abort()
        return got
    pending.commit()
    reuse.adopt(cache)
    got = {name: (out / name).read_bytes() for name in GRAPH_FILES}
    _check_memo(dump, got, cache)
    return got


def _check_memo(dump, files: dict[str, bytes], cache: Path) -> None:
    """The memo's unit ends are where each file's units end, found again in its bytes."""
    ranks = (*dump.triple_ranks(), *dump.quad_numbers())
    for name, data in files.items():
        columns, width, _numbers = reuse.COLUMNS[name](*ranks)
        starts = reuse.unit_starts(columns, width)
        head, _tail = reuse.prefix_and_suffix(name, dump, PREFIXES) if len(columns[0]) else (b"", b"")
        found = reuse.EndsKept(name, len(head))
        b"".join(found.through([data]))
        kept = np.load(cache / reuse.MEMO_DIR / f"{name}.ends.npy")
        assert kept.tolist() == found.ends(starts, len(columns[0])).tolist(), name
        assert len(kept) == len(starts), name


def _copied(dump, out: Path, cache: Path) -> dict[str, tuple[int, int]]:
    """Per file: (bytes copied from the previous file, bytes of units written) of the next build."""
    previous = reuse.Previous.load(cache, dump, PREFIXES, {n: out / n for n in GRAPH_FILES})
    assert previous is not None
    ranks = (*dump.triple_ranks(), *dump.quad_numbers())
    got = {}
    for name in GRAPH_FILES:
        columns, width, numbers = reuse.COLUMNS[name](*ranks)
        starts = reuse.unit_starts(columns, width)
        plan = previous.plan(name, out / name, columns, width, starts)
        assert plan is not None, name
        graphs = columns[0] if name == "czt.trig" else None
        head, tail = reuse.prefix_and_suffix(name, dump, PREFIXES)
        chunks = list(reuse.file_chunks(dump, name, PREFIXES, starts, len(columns[0]), numbers, graphs, plan, [], head, tail))
        got[name] = (sum(c.length for c in chunks if isinstance(c, CopyRange)),
                     sum(len(c) for c in chunks if not isinstance(c, CopyRange)) - len(head) - len(tail))
    return got


def _named(dump):
    """``dump``, given a name for its statements as the statements' memo gives (the graph
    files' memo notes it)."""
    dump.statements_id = f"statements {id(dump)}"
    return dump


def _told_changes(before, after, lie: str | None = None) -> None:
    """Tell ``after`` what changed since ``before``, as the rdf stage does when it starts
    from the statements' memo of ``before``'s build (see
    :meth:`graph.statement_memo.Memo._changes`), here found exactly by
    comparing their statements as texts; ``lie``: a subject's text left out of it."""
    from tests.test_statement_memo import _quads_by_text

    assert before.statements_id is not None, "named before its files were written (see _named)"
    _named(after)
    rank = {t: i for i, t in enumerate(before.texts)}
    after.previous_terms = (before.terms_id(), np.array([rank.get(t, -1) for t in after.texts], dtype=np.int64))
    old, new = _quads_by_text(before), _quads_by_text(after)
    differ = old ^ new
    touched = np.zeros(len(before.texts), dtype=bool)
    touched[[rank[s] for s, *_pog in differ if s in rank and s != lie]] = True
    types = {(s, o) for s, p, o, _g in differ if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}
    retyped = np.zeros(len(before.texts), dtype=bool)
    retyped[[rank[s] for s, _o in types if s in rank and s != lie]] = True
    graphs = frozenset(g for s, _p, _o, g in differ if s != lie)
    after.previous_changes = (before.statements_id, touched, graphs, retyped)


@pytest.mark.parametrize("told", [False, True], ids=["units compared", "told what changed"])
@pytest.mark.parametrize("block", [None, 3], ids=["the build's blocks", "statements compared 3 at a time"])
def test_any_change_between_two_builds_gives_the_files_a_full_write_gives(monkeypatch, block, told):
    """Random graphs, then random additions, removals and new terms, subjects and graphs:
    the files made from the previous ones are byte for byte those written in full, also
    when the units matched are compared with the previous build's a few statements at a
    time (at 10,000 pages a block is a small part of a file), and when the rdf stage
    told which subjects and graphs changed (the others' units are then not compared)."""
    if block is not None:
        monkeypatch.setattr(reuse, "_COMPARED", block)
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_term_strategies(), _term_strategies(), st.integers(0, 40), st.integers(0, 40))
    def check(first, extra, cut_from, cut_len):
        second = first[:cut_from] + first[cut_from + cut_len :] + extra[: len(extra) // 2]
        with tempfile.TemporaryDirectory() as folder:
            out, cache = Path(folder) / "out", Path(folder) / "out" / ".cache"
            before = _named(CanonicalDump(first))
            assert _build_files(before, out, cache) == _full(before)
            after = CanonicalDump(second) if second else CanonicalDump([])
            if told:
                _told_changes(before, after)
            assert _build_files(after, out, cache) == _full(after)
            # and back: the memo of the second build serves the third
            again = CanonicalDump(first)
            if told:
                _told_changes(after, again)
            assert _build_files(again, out, cache) == _full(again)

    check()


def _graph(n: int, shift: int = 0):
    from rdflib import Literal, URIRef

    ex = DEFAULT_BASE
    quads = []
    for i in range(n):
        s = URIRef(f"{ex}entity/e{i:04d}")
        quads.append((s, URIRef(ex + "p"), Literal(f"值{i + shift}", lang="zh"), None))
        quads.append((s, URIRef(ex + "q"), URIRef(f"{ex}entity/e{(i + 1) % n:04d}"), URIRef(f"{ex}doc/d{i % 7}")))
    return quads


@pytest.mark.parametrize("block", [None, 3], ids=["the build's blocks", "statements compared 3 at a time"])
def test_an_unchanged_graph_is_copied_whole_and_one_change_is_written_alone(tmp_path, monkeypatch, block):
    """The same statements: every byte copied; one subject changed among 500: only its
    units written (a few hundred bytes of each file), however many statements are
    compared at a time."""
    if block is not None:
        monkeypatch.setattr(reuse, "_COMPARED", block)
    out, cache = tmp_path / "out", tmp_path / "out" / ".cache"
    _build_files(CanonicalDump(_graph(500)), out, cache)
    same = _copied(CanonicalDump(_graph(500)), out, cache)
    assert all(written == 0 and copied > 10_000 for copied, written in same.values()), same
    changed = _graph(500)
    changed[2 * 250] = (changed[500][0], changed[500][1], type(changed[500][2])("新的值", lang="zh"), None)
    dump = CanonicalDump(changed)
    one = _copied(dump, out, cache)
    assert all(0 < written < 1_000 and copied > 10_000 for copied, written in one.values()), one
    assert _build_files(dump, out, cache) == _full(dump)


def test_the_units_of_subjects_the_rdf_stage_says_are_unchanged_are_copied_unread(tmp_path):
    """Told which subjects' statements changed (the rdf stage's account, from the
    statements' memo), the writer copies every other subject's units without comparing
    their statements: an accurate account gives the bytes of a full write, and one that
    leaves out the changed subject keeps its old bytes, so the account is what is read."""
    out, cache = tmp_path / "out", tmp_path / "out" / ".cache"
    before = _named(CanonicalDump(_graph(500)))
    _build_files(before, out, cache)
    changed = _graph(500)
    changed[2 * 250] = (changed[500][0], changed[500][1], type(changed[500][2])("新的值", lang="zh"), None)
    told = CanonicalDump(changed)
    _told_changes(before, told)
    files = _build_files(told, out, cache, adopt=False)
    assert files == _full(told)
    lied = CanonicalDump(changed)
    _told_changes(before, lied, lie=f"<{changed[500][0]}>")
    files = _build_files(lied, out, cache, adopt=False)
    assert all(files[name] != _full(lied)[name] for name in GRAPH_FILES)
    assert all("新的值" not in files[name].decode("utf-8") for name in GRAPH_FILES)


def test_a_file_failing_while_the_next_is_matched_leaves_the_previous_files(tmp_path, monkeypatch):
    """Files made from the previous ones are written by a thread while the next file's
    units are matched: a disk error there (the Turtle file's copy) is the writer's error,
    naming the file, with no temporary file left and the previous files as they were."""
    import errno

    from graph.errors import OutputError

    out, cache = tmp_path / "out", tmp_path / "out" / ".cache"
    before = _build_files(CanonicalDump(_graph(500)), out, cache)
    changed = _graph(500)
    changed[2 * 250] = (changed[500][0], changed[500][1], type(changed[500][2])("新的值", lang="zh"), None)
    from graph import direct_io

    real = direct_io.DirectAppender.copy

    def full_disk(self, path, offset, length):
        if path.endswith("czt.ttl"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, path, offset, length)

    monkeypatch.setattr(direct_io.DirectAppender, "copy", full_disk)
    pending = outputs.OutputSet()
    with pytest.raises(OutputError, match="No space left") as failed:
        write_graph_files(pending, CanonicalDump(changed), PREFIXES, out, cache)
    pending.abort()
    assert Path(failed.value.path).name == "czt.ttl"
    assert not list(out.glob(".*.tmp"))
    assert {name: (out / name).read_bytes() for name in GRAPH_FILES} == before
    # nor the memo of the files that failed, begun as the writer started (MemoBeingSaved):
    # the previous build's is the current one, and serves the next build
    assert sorted(p.name for p in cache.iterdir() if "graph-files" in p.name) == [reuse.MEMO_DIR]
    monkeypatch.setattr(direct_io.DirectAppender, "copy", real)
    dump = CanonicalDump(changed)
    assert all(copied > 10_000 for copied, _written in _copied(dump, out, cache).values())
    assert _build_files(dump, out, cache) == _full(dump)


def test_a_memo_is_not_used_for_files_it_does_not_describe(tmp_path):
    """Outputs edited by hand, a build whose files were never put in place, a corrupt or
    foreign memo: the files are written in full (no error), and are right."""
    out, cache = tmp_path / "out", tmp_path / "out" / ".cache"
    first, second = CanonicalDump(_graph(200)), CanonicalDump(_graph(200, shift=3))
    _build_files(first, out, cache)
    # a build that failed after writing its files: its memo is not made current
    _build_files(second, out, cache, adopt=False)
    assert _copied(first, out, cache)["czt.nq"][1] == 0  # the current memo still describes the outputs
    # an output changed by hand, same size: not copied from
    nq = out / "czt.nq"
    data = bytearray(nq.read_bytes())
    data[10] = ord("X")
    nq.write_bytes(bytes(data))
    ranks = (*second.triple_ranks(), *second.quad_numbers())
    columns, width, _numbers = reuse.COLUMNS["czt.nq"](*ranks)
    previous = reuse.Previous.load(cache, second, PREFIXES, {n: out / n for n in GRAPH_FILES})
    assert previous.plan("czt.nq", nq, columns, width, reuse.unit_starts(columns, width)) is None
    assert _build_files(second, out, cache) == _full(second)
    # a memo damaged in any way
    memo = cache / reuse.MEMO_DIR
    for damage in ("terms", "index", "ends", "salt", "shifted", "ranks"):
        _build_files(first, out, cache)
        if damage == "terms":
            (memo / "terms.txt").write_bytes((memo / "terms.txt").read_bytes()[:-30])
        elif damage == "index":
            (memo / "index.json").write_text("{not json", encoding="utf-8")
        elif damage == "ends":
            (memo / "czt.ttl.ends.npy").write_bytes(b"\x93NUMPY garbage")
        elif damage in ("shifted", "ranks"):  # plausible arrays, wrong values
            name = "czt.ttl.ends.npy" if damage == "shifted" else "ts.npy"
            values = np.load(memo / name)
            values[len(values) // 2 :] += 1 if damage == "shifted" else 10**6
            np.save(memo / name, values)
        else:
            index = json.loads((memo / "index.json").read_text(encoding="utf-8"))
            index["salt"] = "another version"
            (memo / "index.json").write_text(json.dumps(index), encoding="utf-8")
        assert _build_files(second, out, cache) == _full(second), damage
    # the outputs gone (another --out with the same --cache): nothing more of the memo is read
    files = {n: out / n for n in GRAPH_FILES}
    assert reuse.Previous.load(cache, second, PREFIXES, files) is not None
    for path in files.values():
        path.unlink()
    assert reuse.Previous.load(cache, second, PREFIXES, files) is None


def test_copy_range_appends_the_bytes_of_another_file(tmp_path):
    src = tmp_path / "src"
    src.write_bytes(bytes(range(256)) * 1000)
    pending = outputs.OutputSet()
    pending.add(tmp_path / "dst", iter([b"head", CopyRange(str(src), 1000, 70_000), b"tail"]))
    (tmp, _path), = pending.pending
    assert Path(tmp).read_bytes() == b"head" + src.read_bytes()[1000:71_000] + b"tail"
    pending.abort()
    with pytest.raises(outputs.OutputError):  # a source shorter than the range: nothing is left
        outputs.OutputSet().add(tmp_path / "dst2", iter([CopyRange(str(src), 255_000, 5_000)]))
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".dst")]


@pytest.mark.parametrize("fadvise", [True, False], ids=["page-cache-advice", "no-posix_fadvise"])
def test_copy_range_in_steps_drops_only_what_it_copied(tmp_path, monkeypatch, fadvise):
    """A range copied a step at a time is the same bytes; each step's pages of the
    previous file are let go of (they are replaced with the outputs), never more, and a
    platform without the advice copies all the same."""
    src = tmp_path / "src"
    src.write_bytes(bytes(range(256)) * 1000)
    dropped = []
    monkeypatch.setattr(outputs, "_COPY_STEP", 7_001)
    if fadvise:
        monkeypatch.setattr(os, "posix_fadvise", lambda fd, at, n, advice: dropped.append((at, n, advice)), raising=False)
    else:
        monkeypatch.delattr(os, "posix_fadvise", raising=False)
    pending = outputs.OutputSet()
    pending.add(tmp_path / "dst", iter([b"head", CopyRange(str(src), 1000, 70_000), b"tail"]))
    (tmp, _path), = pending.pending
    assert Path(tmp).read_bytes() == b"head" + src.read_bytes()[1000:71_000] + b"tail"
    pending.abort()
    if fadvise:
        assert all(n <= 7_001 and advice == os.POSIX_FADV_DONTNEED for _at, n, advice in dropped)
        covered = sorted((at, at + n) for at, n, _ in dropped)
        assert covered[0][0] == 1000 and covered[-1][1] == 71_000
        assert all(a[1] == b[0] for a, b in zip(covered, covered[1:]))  # each byte copied once, none beyond


@pytest.mark.parametrize("kind", ["packed-key", "lexsort-fallback", "by-triple", "by-triple-many-graphs"])
def test_quads_by_graph_is_trig_order_of_the_quads(kind):
    """TriG lists quads by graph, then triple: each way of sorting (a packed key; a
    lexsort when the numbers do not fit it; a stable radix sort by graph alone when the
    quads come by triple, as the dump gives them, and the graphs fit 16 bits) must give
    exactly the (graph, triple) sequence of a lexsort over the quads, duplicates and empty
    input too, and keep the input's integer types (the writer and the validator gather
    with them)."""
    rng = np.random.default_rng(7)
    wide = kind == "lexsort-fallback"
    for size in (0, 1, 5, 1000):
        qt = rng.integers(0, 50, size).astype(np.int32)
        qg = rng.integers(0, 9, size).astype(np.int32)
        if kind.startswith("by-triple"):
            qt.sort()
            if kind == "by-triple-many-graphs":  # graph ranks at and beyond 16 bits
                qg = rng.integers((1 << 16) - 3, (1 << 16) + 3, size).astype(np.int32)
        if wide and size:
            qt = qt.astype(np.int64)
            qt[0] = 1 << 33  # beyond 32 bits: the key does not fit, lexsort decides
        order = np.lexsort((qt, qg))
        graphs, triples = outputs.quads_by_graph(qt, qg)
        assert graphs.tolist() == qg[order].tolist()
        assert triples.tolist() == qt[order].tolist()
        assert (graphs.dtype, triples.dtype) == (qg.dtype, qt.dtype)


@pytest.mark.parametrize("dtype,spread", [
    *((dtype, spread) for dtype in (np.int32, np.int64, np.uint16, np.uint64) for spread in ("dense", "sparse")),
    (np.int32, "with-negatives"), (np.int64, "with-negatives"),
])
def test_sorted_unique_is_numpys_unique(dtype, spread):
    """The distinct values, sorted, in the input's type, whichever way they are found:
    flags for non-negative values not much larger than their count (a rebuild's
    predicates), a sort otherwise (large values, negative ones)."""
    rng = np.random.default_rng(11)
    for size in (0, 1, 2, 7, 1000):
        high = {"dense": max(size, 1), "sparse": 10**6, "with-negatives": 50}[spread]
        low = -50 if spread == "with-negatives" else 0
        values = rng.integers(low, high, size).astype(dtype)
        found = outputs.sorted_unique(values)
        assert found.tolist() == np.unique(values).tolist()
        assert found.dtype == values.dtype


def test_an_account_of_changes_since_other_statements_than_the_files_is_not_trusted(tmp_path):
    """The rdf stage's account of what changed is relative to the statements' memo it
    started from; the graph files may be older (a build failed after its rdf stage).
    With the same terms but other statements, and an account relative to statements the
    files were not written from, every unit is compared: the full write's bytes."""
    out, cache = tmp_path / "out", tmp_path / "out" / ".cache"
    files_of = _named(CanonicalDump(_graph(500)))
    _build_files(files_of, out, cache)
    moved = _graph(500)  # one statement's object another subject's: no new term
    moved[2 * 250 + 1] = (moved[501][0], moved[501][1], moved[5][2], moved[501][3])
    failed_build = _named(CanonicalDump(moved))  # its memo the next build starts from
    assert failed_build.texts == files_of.texts and failed_build.quad_count == files_of.quad_count
    again = CanonicalDump(moved)
    _told_changes(failed_build, again)  # nothing changed since that build
    assert not again.previous_changes[1].any()
    assert _build_files(again, out, cache) == _full(again) != _full(files_of)
