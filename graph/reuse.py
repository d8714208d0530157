"""Graph files made from the previous build's files where their statements are the same.

After one more page among 10,000, an incremental build changes a few hundred of ~8.5M
statements, yet writing the four graph files again (3.35 GB of text) took ~37 CPU s,
more than a third of the rebuild.  Each file is a sequence of *units* whose text
depends on their own statements only: the statements of one subject (N-Quads, Turtle,
the JSON-LD node objects) or of one subject in one graph (TriG), each with the
separator before it.  A memo in the cache keeps, of the latest build, every term's text
(sorted: a term's rank is its place), the statements as rank arrays and where each
unit of each file ends.  The next build maps its terms onto those ranks (by text),
finds the units whose statements are the same, in the same place among their
neighbours, and copies runs of them from the previous file (read and written around
the page cache, :mod:`graph.direct_io`); only the other units are written from their
statements.  The files are byte for byte what a build without the memo writes
(``tests/test_reuse.py`` on random graphs and changes, ``tests/test_scale.py`` on
builds).

A memo is used only for the very files it describes (size, modification time, inode
and a sample of their bytes), made by the same code with the same prefixes; anything
else, and any memo that cannot be read, means writing the file in full, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

from . import terse
from .outputs import CopyRange, quads_by_graph, run_starts

#: the memo's folder, in the cache folder
MEMO_DIR = "graph-files.memo"
#: this build's memo, until its files replace the previous ones
NEW_MEMO_DIR = "graph-files.memo.new"
FORMAT = "graph-files memo v1"
#: statements whose text is made at a time, in the units written
_GENERATE = 8192
#: statements compared at a time with the previous build's, in the units matched
_COMPARED = 1 << 20


# -- each file's statements in the file's order, and its units ---------------------------


class _Gathered:
    """``values[order]``, gathered a slice (or a selection) at a time as it is read
    rather than made whole: a column in N-Quads' or TriG's order is ~34 MB at 10,000
    pages, and a rebuild's graph-file writer held up to eight of them at once.

    >>> c = _Gathered(np.array([10, 20, 30]), np.array([2, 0, 1, 2]))
    >>> len(c), c[1:3].tolist(), c[np.array([0, 3])].tolist()
    (4, [10, 20], [30, 30])
    """

    __slots__ = ("values", "order")

    def __init__(self, values, order) -> None:
        self.values, self.order = values, order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, key):
        return self.values[self.order[key]]


def _nq_columns(ts, tp, to, qt, qg):
    """N-Quads: the quads as sorted (triple, then graph); a unit is a subject's lines.
    Only the unit's key column is made whole (see :class:`_Gathered`)."""
    return (ts[qt], _Gathered(tp, qt), _Gathered(to, qt), qg), 1, None


def _triple_columns(ts, tp, to, qt, qg):
    """Turtle and JSON-LD: the merged graph's triples, sorted; a unit is a subject's."""
    return (ts, tp, to), 1, None


def _trig_columns(ts, tp, to, qt, qg, by_graph=None):
    """TriG: the quads by graph, then triple; a unit is one subject's in one graph.
    Only the units' key columns are made whole (see :class:`_Gathered`).  ``by_graph``:
    that order, if already made (:meth:`graph.outputs.CanonicalDump.by_graph`)."""
    g, t = by_graph if by_graph is not None else quads_by_graph(qt, qg)
    return (g, ts[t], _Gathered(tp, t), _Gathered(to, t)), 2, t


COLUMNS = {"czt.nq": _nq_columns, "czt.ttl": _triple_columns, "czt.jsonld": _triple_columns, "czt.trig": _trig_columns}
#: the bytes that end each unit (a unit's own end, after its statements)
UNIT_END = {"czt.nq": b"\n", "czt.ttl": b" .\n", "czt.trig": b" .\n", "czt.jsonld": b"\n  }"}


def unit_count(name: str, ts, tp, to, qt, qg) -> tuple:
    """(where each unit starts, or None for TriG; how many units) of a file written in
    full: what its memo needs, without the columns of :data:`COLUMNS` (at 10,000 pages
    TriG's are ~0.25 GB beside the statements, in the process writing the files)."""
    if name == "czt.nq":
        starts = run_starts(ts[qt])
    elif name == "czt.trig":  # distinct (graph, subject) pairs
        keys = qg.astype(np.int64) << 32
        keys |= ts[qt]
        keys.sort()
        return None, int(np.count_nonzero(keys[1:] != keys[:-1])) + 1 if len(keys) else 0
    else:
        starts = run_starts(ts)
    return starts, len(starts)


def unit_starts(columns, key_width: int):
    """Where each unit starts: a new value in the first ``key_width`` columns (sorted)."""
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for c in columns[:key_width]:
        new[1:] |= c[1:] != c[:-1]
    return np.flatnonzero(new)


def _unit_keys(heads):
    """One int64 per unit from the key columns of its first statement (``heads``): its
    subject's rank, with its graph's above (TriG); -1 when a term has no rank there."""
    if len(heads) == 1:
        return heads[0].astype(np.int64)
    g, s = heads[0].astype(np.int64), heads[1].astype(np.int64)
    keys = (g << 40) | s
    keys[(g < 0) | (s < 0)] = -1
    return keys


def matching_units(new, new_starts, old, old_starts, key_width: int, through=None, touched=None):
    """For each unit of ``new`` (columns in the previous build's ranks, -1 for a term it
    did not have), the number of the previous file's unit with the same statements and
    the same neighbourhood (first or not; for TriG, the graph of the unit before), else -1.
    ``through``: for each column of ``new``, None or the array its values are read
    through into those ranks (a slice at a time, never the whole column mapped).
    ``touched``: None, or (whether each previous rank is the subject of a statement
    that may have changed, whether each previous graph holds one); a unit whose subject
    is not (for TriG: or whose graph does not) is known to hold the same statements as
    the previous one of its key, which are then not compared (after one page more among
    10,000, all but a few thousand of ~8.5M).

    >>> a = [np.array([1, 1, 2, 5]), np.array([7, 8, 7, 7])]
    >>> b = [np.array([1, 1, 3, 5]), np.array([7, 8, 7, 9])]
    >>> matching_units(b, unit_starts(b, 1), a, unit_starts(a, 1), 1).tolist()
    [0, -1, -1]
    """
    units = len(new_starts)
    found = np.full(units, -1, dtype=np.int64)
    if units == 0 or len(old_starts) == 0:
        return found
    through = through or [None] * len(new)

    def read(i, key):  # new[i][key], in the previous build's ranks
        values = new[i][key]
        return values if through[i] is None else through[i][values]

    nk = _unit_keys([read(i, new_starts) for i in range(key_width)])
    ok = _unit_keys([old[i][old_starts] for i in range(key_width)])
    at = np.minimum(np.searchsorted(ok, nk), len(ok) - 1)
    candidate = (nk >= 0) & (ok[at] == nk)
    new_len = np.diff(np.append(new_starts, len(new[0])))
    old_len = np.diff(np.append(old_starts, len(old[0])))
    candidate &= new_len == old_len[at]
    if touched is not None:  # the units no change reached: the same
        subjects, graphs = touched
        sure = ~subjects[old[key_width - 1][old_starts[at]]]
        if key_width == 2:  # or in a graph none of whose statements changed
            sure |= ~graphs[old[0][old_starts[at]]]
        sure &= candidate
        found[sure] = at[sure]
        candidate &= ~sure
        del sure
    # the candidates in a row of the previous file's units are compared a stretch of
    # statements at a time (a change is rare: most of a file is a few such stretches)
    which = np.flatnonzero(candidate)
    olds = at[which]
    del nk, ok, at, candidate, old_len  # one number a unit each (~0.1 GB for TriG at 10,000 pages)
    if len(which):
        cut = np.flatnonzero((np.diff(which) != 1) | (np.diff(olds) != 1)) + 1
        for first_unit, last_unit in zip(np.r_[0, cut].tolist(), np.r_[cut, len(which)].tolist()):
            units_here = which[first_unit:last_unit]
            a, b = int(new_starts[units_here[0]]), int(new_starts[units_here[-1]] + new_len[units_here[-1]])
            shift = int(old_starts[olds[first_unit]]) - a
            same = np.empty(b - a, dtype=bool)
            for k in range(a, b, _COMPARED):  # a block at a time: the temporaries stay small
                e = min(b, k + _COMPARED)
                part = same[k - a : e - a]
                np.equal(read(0, slice(k, e)), old[0][k + shift : e + shift], out=part)
                for i in range(1, len(new)):
                    part &= read(i, slice(k, e)) == old[i][k + shift : e + shift]
            whole = np.logical_and.reduceat(same, new_starts[units_here] - a)
            found[units_here[whole]] = olds[first_unit:last_unit][whole]
    # the separator before a unit: none for the first, a comma (JSON-LD) or the graph
    # change (TriG) for the others
    first = found == 0
    found[(found >= 0) & (first != (np.arange(units) == 0))] = -1
    if key_width == 2:
        later = np.flatnonzero(found > 0)
        before_new = read(0, new_starts[later - 1])
        before_old = old[0][old_starts[found[later] - 1]]
        found[later[before_new != before_old]] = -1
    return found


def copy_runs(found):
    """(first unit, end unit, previous file's first unit) of each run of units found in a
    row in the previous file, and (first, end, None) of each run of units to write.

    >>> copy_runs(np.array([3, 4, -1, -1, 7, 9]))
    [(0, 2, 3), (2, 4, None), (4, 5, 7), (5, 6, 9)]
    """
    n = len(found)
    if n == 0:
        return []
    cut = np.ones(n, dtype=bool)
    cut[1:] = ~(((found[1:] >= 0) & (found[1:] == found[:-1] + 1)) | ((found[1:] < 0) & (found[:-1] < 0)))
    starts = np.flatnonzero(cut).tolist()
    ends = starts[1:] + [n]
    return [(a, b, int(found[a]) if found[a] >= 0 else None) for a, b in zip(starts, ends)]


def write_files(pending, dump, prefixes: dict[str, str], out: Path, memo_dir: Path, names, full) -> None:
    """The graph files ``names`` to temporary files of ``pending`` (an
    :class:`graph.outputs.OutputSet`), each made from the previous one where the memo
    in ``memo_dir`` allows, else in full (``full(dump, prefixes, name)``: its chunks);
    then this build's memo, kept beside the current one (see :func:`adopt`; its
    statements' part written meanwhile, see :class:`MemoBeingSaved`).

    A file made from the previous one is written by a thread while the next file's units
    are matched: copying the unchanged units (:mod:`graph.direct_io`'s reads and writes)
    and numpy's passes mostly run outside the GIL, so the two take both cores once the
    rest of the build is done (after one page more among 10,000 the writer is the last
    process running).  A file written in full is written alone, as its text is made in
    Python."""
    memo = MemoBeingSaved.start(memo_dir, dump)  # this build's: its statements' part meanwhile
    kept = {}
    writing = _Meanwhile()
    try:
        files = {name: out / name for name in names}
        previous = Previous.load(memo_dir, dump, prefixes, files) if dump.quad_count else None
        ranks = (*dump.triple_ranks(), *dump.quad_numbers())
        for name in names:
            head = tail = b""
            if previous is not None and previous.describes(name):
                made = {"by_graph": dump.by_graph()} if name == "czt.trig" else {}
                columns, width, numbers = COLUMNS[name](*ranks, **made)
                count, starts = len(columns[0]), unit_starts(columns, width)
                units = len(starts)
                plan = previous.plan(name, out / name, columns, width, starts)
            else:
                columns = numbers = plan = None
                count = dump.quad_count if name in ("czt.nq", "czt.trig") else dump.triple_count
                starts, units = unit_count(name, *ranks)
            if count:
                head, tail = prefix_and_suffix(name, dump, prefixes)
            graphs = columns[0] if plan is not None and name == "czt.trig" else None
            del columns
            writing.wait()  # one file written at a time, in order
            if plan is None:
                ends = EndsKept(name, len(head))
                pending.add(out / name, ends.through(full(dump, prefixes, name)), direct=True)
                _keep_ends(kept, name, pending, head, ends.ends(starts, count), units)
            else:
                writing.start(_write_planned, pending, dump, out, name, prefixes, starts, count, numbers, graphs, plan,
                              head, tail, units, kept)
            del numbers, starts, plan, graphs
        writing.wait()
    except BaseException:
        memo.abandon()
        raise
    finally:
        writing.wait(quietly=True)  # an error here: the file being written is finished (or fails) first
    del previous
    memo.finish(prefixes, kept)


def _write_planned(pending, dump, out: Path, name: str, prefixes, starts, count: int, numbers, graphs, plan,
                   head: bytes, tail: bytes, units: int, kept: dict) -> None:
    """Write the file ``name`` of ``plan`` (see :func:`file_chunks`); its units' ends
    into ``kept`` when there are as many as units."""
    parts: list = []
    pending.add(out / name, file_chunks(dump, name, prefixes, starts, count, numbers, graphs, plan, parts, head, tail),
                direct=True)
    _keep_ends(kept, name, pending, head, np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64), units)


def _keep_ends(kept: dict, name: str, pending, head: bytes, ends, units: int) -> None:
    """Keep, for the memo, the end of each unit of the file ``name`` just added to
    ``pending``, when there are as many as units (else it is written in full next time)."""
    if len(ends) == units:
        kept[name] = (pending.pending[-1][0], len(head), ends)


class _Meanwhile:
    """At most one call running in a thread; :meth:`wait` joins it and raises what it
    raised.

    >>> m = _Meanwhile(); m.start(divmod, 1, 0)
    >>> m.wait()
    Traceback (most recent call last):
    ZeroDivisionError: integer division or modulo by zero
    """

    def __init__(self) -> None:
        self._thread = None
        self._box: dict = {}

    def start(self, fn, *args) -> None:
        import threading

        self.wait()
        box: dict = {}

        def run() -> None:
            try:
                fn(*args)
            except BaseException as exc:  # noqa: BLE001 - raised again by wait()
                box["error"] = exc

        self._thread, self._box = threading.Thread(target=run, name="graph file", daemon=True), box
        self._thread.start()

    def wait(self, quietly: bool = False) -> None:
        """Join the running call; raise its error unless ``quietly`` (another is being raised)."""
        thread, box = self._thread, self._box
        if thread is None:
            return
        thread.join()
        self._thread, self._box = None, {}
        if "error" in box and not quietly:
            raise box["error"]


# -- the memo --------------------------------------------------------------------------


def _fingerprint(path: Path) -> dict | None:
    """What identifies a file's bytes cheaply: size, modification time, inode and a
    hash of its first and last 64 KiB."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            h = hashlib.blake2b(fh.read(65536), digest_size=16)
            if st.st_size > 65536:
                fh.seek(max(65536, st.st_size - 65536))
                h.update(fh.read(65536))
    except OSError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino, "sample": h.hexdigest()}


def _salt(prefixes: dict[str, str]) -> str:
    from .cache import code_hash

    return hashlib.sha256(f"{FORMAT}|{code_hash()}|{sorted(prefixes.items())}".encode()).hexdigest()


class Previous:
    """The latest build's memo, mapped onto this build's terms: for each graph file still
    as that build wrote it, which units are the same (see :meth:`plan`)."""

    def __init__(self, folder: Path, index: dict, arrays: dict, described: set, term_map, graph_map, touched=None):
        self.folder, self.index, self.arrays, self.described = folder, index, arrays, described
        self.term_map, self.graph_map = term_map, graph_map
        self.touched = touched  # see matching_units
        self._found: dict = {}  # units' matches by kind of units (see plan)

    @classmethod
    def load(cls, cache_dir: Path | None, dump, prefixes: dict[str, str], files: dict[str, Path]) -> "Previous | None":
        """The memo in ``cache_dir``, or None: none, unreadable or damaged, of another code
        or prefixes, or describing none of ``files`` (name -> the output file now there),
        whose terms are then not mapped."""
        if cache_dir is None:
            return None
        folder = Path(cache_dir) / MEMO_DIR
        try:
            index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            if index.get("salt") != _salt(prefixes):
                return None
            described = {name for name, path in files.items() if _describes(index, name, path)}
            if not described:
                return None
            arrays = {k: np.load(folder / f"{k}.npy", allow_pickle=False) for k in ("ts", "tp", "to", "qt", "qg")}
            old_graphs = json.loads((folder / "graphs.json").read_text(encoding="utf-8"))
            if len(arrays["qt"]) != index["quads"] or not _arrays_hold(arrays, index["terms"], len(old_graphs)):
                return None
            term_map = _previous_ranks(dump, index) if index.get("terms_id") is not None else None
            touched = _changes_since(dump, index, old_graphs) if term_map is not None else None
            if term_map is None:
                term_map = map_sorted_texts(folder / "terms.txt", dump.texts, index["terms"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if term_map is None:
            return None
        # ranks fit 32 bits: the columns mapped through it (~8.6M statements each) are then
        # half the memory and the gathers faster than with 64-bit ranks
        term_map = np.asarray(term_map, dtype=np.int32) if index["terms"] < 2**31 else np.asarray(term_map)
        graph_rank = {t: i for i, t in enumerate(old_graphs)}
        graph_map = np.array([graph_rank.get(t, -1) for t in dump.graph_texts], dtype=np.int32)
        return cls(folder, index, arrays, described, term_map, graph_map, touched)

    def describes(self, name: str) -> bool:
        """Whether the output file of ``name`` was, when loaded, the one the memo describes."""
        return name in self.described

    def plan(self, name: str, out_file: Path, new_columns, key_width: int, new_starts):
        """(the previous file's path, the length of its prefix, its units' end offsets,
        the unit each new unit copies or -1), or None when the file is not the one the
        memo describes.  Files of the same units (Turtle, JSON-LD) are matched once."""
        if not self.describes(name):
            return None
        entry = self.index["files"][name]
        try:
            ends = np.load(self.folder / f"{name}.ends.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None
        kind = COLUMNS[name]
        if kind not in self._found:
            a = self.arrays
            old_columns, _, _ = kind(a["ts"], a["tp"], a["to"], a["qt"], a["qg"])
            old_starts = unit_starts(old_columns, key_width)
            through = [self.graph_map if name == "czt.trig" and i == 0 or name == "czt.nq" and i == 3 else self.term_map
                       for i in range(len(new_columns))]
            found = matching_units(new_columns, new_starts, old_columns, old_starts, key_width, through, self.touched)
            self._found[kind] = (found, len(old_starts))
        found, old_units = self._found[kind]
        prefix = entry["prefix"]
        if len(ends) != old_units or not _ends_hold(out_file, name, prefix, ends, found):
            return None
        return str(out_file), prefix, ends, found


def _previous_ranks(dump, index: dict):
    """Each term's rank in the memo, -1 for a new one, when the rdf stage found it already
    (its statements' memo came from the build this memo did: the same terms), else None."""
    previous = dump.previous_terms
    if previous is None or previous[0] != index["terms_id"] or len(previous[1]) != len(dump.texts):
        return None
    return previous[1]


def _changes_since(dump, index: dict, old_graphs: list[str]):
    """(whether each of the memo's terms is the subject of a statement that may differ
    from the memo's, whether each of its graphs holds one) when the rdf stage started
    from the very statements this memo's files were written from (see
    :meth:`graph.statement_memo.Memo._changes`), else None: the units are then
    all compared."""
    changes = dump.previous_changes
    if changes is None or index.get("statements_id") is None or changes[0] != index["statements_id"]:
        return None
    subjects = changes[1]
    if len(subjects) != index["terms"]:
        return None
    return subjects, np.array([g in changes[2] for g in old_graphs], dtype=bool)


def _describes(index: dict, name: str, path: Path) -> bool:
    """Whether ``path`` is still the file of ``name`` the memo's index describes."""
    entry = index.get("files", {}).get(name)
    return entry is not None and _fingerprint(path) == entry["fingerprint"]


def _arrays_hold(a: dict, terms: int, graphs: int) -> bool:
    """Whether a memo's arrays are of the lengths and ranks its index says (a damaged
    memo is not used)."""
    if not len(a["ts"]) == len(a["tp"]) == len(a["to"]) or len(a["qt"]) != len(a["qg"]):
        return False
    ranks_ok = all(len(a[k]) == 0 or (a[k].min() >= 0 and a[k].max() < terms) for k in ("ts", "tp", "to"))
    return ranks_ok and (len(a["qt"]) == 0 or (a["qt"].min() >= 0 and a["qt"].max() < len(a["ts"])
                                                and a["qg"].min() >= 0 and a["qg"].max() < graphs))


def _ends_hold(path: Path, name: str, prefix: int, ends, found) -> bool:
    """Whether the units' end offsets rise within the file and a unit's end mark is where
    each run to copy begins and ends (a memo damaged in a way its index does not show is
    then not used)."""
    if len(ends) == 0:
        return True
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    if ends[0] <= prefix or ends[-1] > size or (len(ends) > 1 and not np.all(ends[1:] > ends[:-1])):
        return False
    mark = UNIT_END[name]
    try:
        with open(path, "rb") as fh:
            for a, b, j in copy_runs(found):
                if j is None:
                    continue
                for at in ((int(ends[j - 1]),) if j else ()) + (int(ends[j + (b - a) - 1]),):
                    if os.pread(fh.fileno(), len(mark), at - len(mark)) != mark:
                        return False
    except OSError:
        return False
    return True


class MemoBeingSaved:
    """This build's memo, kept beside the current one until :func:`adopt` makes it current
    once the files are in place; skipped when it cannot be written.

    Its statements' arrays (~200 MB at 10,000 pages), its terms and graphs do not depend
    on the files: they are written by a thread from the start (:meth:`start`), while the
    files' units are matched; :meth:`finish` adds each file's unit ends and the index.
    Written at the end, they were the last ~0.8 s of a rebuild after one page more.
    """

    def __init__(self, cache_dir: Path, dump) -> None:
        self.cache_dir, self.dump = Path(cache_dir), dump
        self.tmp: Path | None = None
        self._writing = _Meanwhile()

    @classmethod
    def start(cls, cache_dir: Path, dump) -> "MemoBeingSaved":
        saving = cls(cache_dir, dump)
        saving.tmp = _new_folder(saving.cache_dir, MEMO_DIR)
        if saving.tmp is not None:
            saving._writing.start(saving._statements, saving.tmp)
        return saving

    def _statements(self, tmp: Path) -> None:
        dump = self.dump
        (ts, tp, to), (qt, qg) = dump.triple_ranks(), dump.quad_numbers()
        for key, arr in (("ts", ts), ("tp", tp), ("to", to), ("qt", qt), ("qg", qg)):
            _save_array(tmp / f"{key}.npy", arr)
        same = _terms_file_of(self.cache_dir, dump.terms_id(), len(dump.texts))
        if same is None or not _linked(same, tmp / "terms.txt"):
            _save_texts(tmp / "terms.txt", dump.texts)
        _save_bytes(tmp / "graphs.json", json.dumps(list(dump.graph_texts), ensure_ascii=False).encode("utf-8"))

    def finish(self, prefixes: dict[str, str], files: dict) -> None:
        """Add ``files`` (name -> (written file, its prefix's length, its units' end
        offsets)) and the index, and put the memo beside the current one."""
        tmp, self.tmp = self.tmp, None
        if tmp is None:
            return
        dump = self.dump

        def fill(folder: Path) -> None:
            self._writing.wait()
            index = {"salt": _salt(prefixes), "terms": len(dump.texts), "terms_id": dump.terms_id(),
                     "quads": int(dump.quad_count), "statements_id": dump.statements_id, "files": {}}
            for name, (path, prefix, ends) in files.items():
                _save_array(folder / f"{name}.ends.npy", ends)
                index["files"][name] = {"fingerprint": _fingerprint(Path(path)), "prefix": prefix}
            _save_bytes(folder / "index.json", json.dumps(index, sort_keys=True).encode("utf-8"))

        _fill_and_place(self.cache_dir, MEMO_DIR, self.cache_dir / NEW_MEMO_DIR, tmp, fill)

    def abandon(self) -> None:
        """Stop (once its thread is done) and remove what was written: the files failed."""
        tmp, self.tmp = self.tmp, None
        self._writing.wait(quietly=True)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _terms_file_of(cache_dir: Path, names: str, count: int) -> Path | None:
    """The statement memo's file of the terms' texts when it holds the very terms named
    ``names`` (see :meth:`graph.outputs.CanonicalDump.terms_id`; the rdf stage wrote it
    from them this build), else None."""
    from .statement_memo import MEMO_DIR as STATEMENTS_DIR

    folder = cache_dir / STATEMENTS_DIR
    try:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("terms_id") != names or index.get("terms") != count:
        return None
    return folder / "terms.txt"


def _linked(source: Path, target: Path) -> bool:
    """Whether ``target`` is now another name of the file ``source``: both memos keep the
    same terms' texts (~86 MB at 10,000 pages, ~0.2 s of the writer's CPU to write
    again). Memo files are never changed in place, only replaced whole."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def write_folder(cache_dir: Path, name: str, target: Path, fill) -> bool:
    """Write a memo folder whole: ``fill(folder)`` writes its files into a temporary folder
    in ``cache_dir`` (what a killed build left under ``name`` is swept first), which then
    replaces ``target``; nothing is left behind when it cannot be written (a cache is
    skipped, never an error).  Whether it was written."""
    tmp = _new_folder(cache_dir, name)
    return tmp is not None and _fill_and_place(cache_dir, name, target, tmp, fill)


def _new_folder(cache_dir: Path, name: str) -> Path | None:
    """A new temporary folder in ``cache_dir`` for the memo ``name`` (what a killed build
    left is swept first), or None when it cannot be made."""
    tmp = cache_dir / f".{name}.{os.getpid()}.tmp"
    for stale in cache_dir.glob(f".{name}.*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
    except OSError:
        return None
    return tmp


def _fill_and_place(cache_dir: Path, name: str, target: Path, tmp: Path, fill) -> bool:
    """``fill(tmp)``, then ``tmp`` replaces ``target``; ``tmp`` is removed when either fails."""
    try:
        fill(tmp)
        old = cache_dir / f".{name}.{os.getpid()}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    except (OSError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    return True


def discard(cache_dir: Path | None) -> None:
    """Remove the memo :class:`MemoBeingSaved` kept for files that were not put in place (a build
    that failed after writing them)."""
    if cache_dir is not None:
        shutil.rmtree(Path(cache_dir) / NEW_MEMO_DIR, ignore_errors=True)


def adopt(cache_dir: Path | None) -> None:
    """Make the memo :class:`MemoBeingSaved` kept the current one (its files are now the outputs);
    the previous memo goes.  Errors are ignored: without a memo, files are written in full."""
    if cache_dir is None:
        return
    new, current = Path(cache_dir) / NEW_MEMO_DIR, Path(cache_dir) / MEMO_DIR
    if not new.is_dir():
        return
    old = Path(cache_dir) / f".{MEMO_DIR}.{os.getpid()}.old"
    try:
        shutil.rmtree(old, ignore_errors=True)
        if current.exists():
            os.replace(current, old)
        os.replace(new, current)
    except OSError:
        pass
    shutil.rmtree(old, ignore_errors=True)


def _save_array(path: Path, arr) -> None:
    with open(path, "wb") as fh:
        np.save(fh, np.ascontiguousarray(arr), allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


def _save_texts(path: Path, texts: list[str], block: int = 65536) -> None:
    """The terms' texts, one a line (a term's text holds no line break: N-Triples
    escapes them), written a block at a time."""
    with open(path, "wb") as fh:
        for i in range(0, len(texts), block):
            fh.write(("\n".join(texts[i : i + block]) + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def _old_texts(path: Path, block: int = 1 << 24):
    """The texts :func:`_save_texts` wrote, in lists of about ``block`` bytes."""
    rest = b""
    with open(path, "rb") as fh:
        while True:
            data = fh.read(block)
            if not data:
                break
            data = rest + data
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                yield data[: cut - 1].decode("utf-8").split("\n")
    if rest:
        raise ValueError("the terms file does not end with a line break")


def map_sorted_texts(path: Path, texts: list[str], count: int, step: int = 512):
    """The previous rank of each of ``texts`` (sorted), -1 for a text it did not have,
    by merging them with the previous texts (sorted, read from ``path`` a block at a
    time): long stretches alike are compared a slice at a time.  None when ``path``
    does not hold ``count`` texts.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _save_texts(Path(d) / "t", ["a", "c", "d"])
    ...     map_sorted_texts(Path(d) / "t", ["b", "c", "d", "e"], 3).tolist()
    [-1, 1, 2, -1]
    """
    found = np.full(len(texts), -1, dtype=np.int64)
    i, n, j = 0, len(texts), 0
    for old in _old_texts(path):
        a, m = 0, len(old)
        while a < m and i < n:
            k = min(step, m - a, n - i)
            if texts[i : i + k] == old[a : a + k]:  # the common case: nothing new here
                found[i : i + k] = np.arange(j + a, j + a + k)
                i += k
                a += k
                continue
            for _ in range(k):  # one at a time past the difference
                if a >= m or i >= n:
                    break
                t, o = texts[i], old[a]
                if t == o:
                    found[i] = j + a
                    i += 1
                    a += 1
                elif t < o:
                    i += 1
                else:
                    a += 1
        j += m
    return found if j == count else None


def _save_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def mark_ends(data: bytes, name: str):
    """Where each end mark of a graph file's units (:data:`UNIT_END`) ends in ``data``
    (a chunk as written: no mark is ever cut between chunks).  The mark's last byte is
    found alone, then the bytes before it are checked at those places only.

    >>> mark_ends(b"a b c .\\nd e ;\\n\\tf g .\\n", "czt.ttl").tolist()
    [8, 21]
    """
    mark = UNIT_END[name]
    k = len(mark)
    arr = np.frombuffer(data, dtype=np.uint8)
    hits = np.flatnonzero(arr[k - 1 :] == mark[-1])  # where a mark would start
    for j in range(k - 1):
        if len(hits):
            hits = hits[arr[hits + j] == mark[j]]
    return hits + k


class EndsKept:
    """The end offset of each unit of a file written in full, found in its chunks as they
    pass (see :func:`mark_ends`); N-Quads lines are then picked at the ends of units."""

    def __init__(self, name: str, prefix: int):
        self.name, self.prefix = name, prefix
        self.parts: list = []
        self.at = 0

    def through(self, chunks):
        for chunk in chunks:
            self.parts.append(mark_ends(chunk, self.name) + self.at)
            self.at += len(chunk)
            yield chunk

    def ends(self, starts, count: int):
        """The units' ends (``starts``: where each unit's statements start, for N-Quads;
        ``count``: the file's statements)."""
        found = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int64)
        found = found[found > self.prefix]  # not the prefix's own marks (Turtle's @prefix lines)
        if self.name == "czt.nq" and count and len(found) == count:  # a line each: the units' last
            found = found[np.append(starts[1:], count) - 1]
        return found


# -- writing a file from the previous one ----------------------------------------------


def prefix_and_suffix(name: str, dump, prefixes: dict[str, str]) -> tuple[bytes, bytes]:
    """The bytes of a graph file before its first unit and after its last (some statements)."""
    from .outputs import _join_nodes

    if name == "czt.nq":
        return b"", b""
    if name == "czt.jsonld":
        return b"".join(_join_nodes(()))[: -len(b"]\n}\n")], b"\n ]\n}\n"
    head = terse.header(prefixes).encode("utf-8")
    if name == "czt.ttl":
        return head, b""
    _qt, qg = dump.quad_numbers()
    last = int(qg.max()) if len(qg) else 0  # TriG ends with the named graph of the highest rank
    return head, (terse.GRAPH_CLOSE.encode("utf-8") if dump.graph_texts[last] else b"")


class _UnitText:
    """The text of a file's units from this build's statements (units ``a`` to ``b``)."""

    def __init__(self, dump, name: str, prefixes: dict[str, str], starts, count: int, numbers, graphs):
        self.dump, self.name, self.prefixes = dump, name, prefixes
        self.bounds = np.append(starts, count)
        self.numbers, self.graphs = numbers, graphs  # TriG: each statement's triple and graph
        self.terms = terse.TurtleTerms(prefixes)
        self.nodes = None
        if name == "czt.nq":  # whether each line is its unit's last
            self.last_line = np.zeros(count, dtype=bool)
            self.last_line[self.bounds[1:] - 1] = True
            self._line = 0

    def chunks(self, a: int, b: int):
        """(bytes, the end offset of each unit in them) of units ``a`` to ``b``."""
        for chunk in self._chunks(a, b):
            found = mark_ends(chunk, self.name)
            if self.name == "czt.nq":  # a line each: the units' last
                lines = len(found)
                found = found[self.last_line[self._line : self._line + lines]]
                self._line += lines
            yield chunk, found

    def _chunks(self, a: int, b: int):
        sa, sb = int(self.bounds[a]), int(self.bounds[b])
        name, dump = self.name, self.dump
        if name == "czt.nq":
            from .outputs import lines_bytes

            self._line = sa
            for i in range(sa, sb, _GENERATE):
                yield lines_bytes(dump._quad_lines(i, min(sb, i + _GENERATE)))
        elif name == "czt.ttl":
            writer, out = terse._Statements(self.terms), []
            for i in range(sa, sb, _GENERATE):
                writer.write(dump.rows(slice(i, min(sb, i + _GENERATE))), out)
            out.append(" .\n")
            yield "".join(out).encode("utf-8")
        elif name == "czt.jsonld":
            from itertools import chain

            from .outputs import _JsonLdNodes

            if self.nodes is None:
                self.nodes = _JsonLdNodes()
            rows = chain.from_iterable(dump.rows(slice(i, min(sb, i + _GENERATE))) for i in range(sa, sb, _GENERATE))
            texts = list(self.nodes.node_texts(rows))
            yield (("," if a > 0 else "") + ",".join(texts)).encode("utf-8")
        else:
            yield from self._trig(sa, sb)

    def _trig(self, sa: int, sb: int):
        graphs, texts, terms = self.graphs, self.dump.graph_texts, self.terms
        out = []
        before = int(graphs[sa - 1]) if sa > 0 else None
        x = sa
        while x < sb:
            g = int(graphs[x])
            y = x + int(np.searchsorted(graphs[x:sb], g, "right"))
            named = bool(texts[g])
            if before == g:
                out.append("\t" if named else "")
            else:
                if before is not None and texts[before]:
                    out.append(terse.GRAPH_CLOSE)
                out.append(terse.graph_opening(terms, texts[g]))
            writer = terse._Statements(terms, "\t" if named else "")
            for i in range(x, y, _GENERATE):
                writer.write(self.dump.rows(self.numbers[i : min(y, i + _GENERATE)]), out)
            out.append(" .\n")
            yield "".join(out).encode("utf-8")
            out = []
            before, x = g, y


def file_chunks(dump, name: str, prefixes: dict[str, str], starts, count: int, numbers, graphs, plan, kept: list,
                head: bytes, tail: bytes):
    """A graph file's bytes: ``head``, runs of units the previous file holds as
    :class:`CopyRange` chunks, the others written (``plan``: see :meth:`Previous.plan`),
    ``tail`` (see :func:`prefix_and_suffix`); the end offset of each unit is appended to
    ``kept`` (arrays, in order) as they go."""
    path, prefix_len, ends, found = plan
    yield head
    at = len(head)
    text = _UnitText(dump, name, prefixes, starts, count, numbers, graphs)
    for a, b, j in copy_runs(found):
        if j is None:
            for chunk, chunk_ends in text.chunks(a, b):
                kept.append(chunk_ends + at)
                at += len(chunk)
                yield chunk
        else:
            begin = prefix_len if j == 0 else int(ends[j - 1])
            piece = CopyRange(path, begin, int(ends[j + (b - a) - 1]) - begin)
            kept.append(ends[j : j + (b - a)] - begin + at)
            at += piece.length
            yield piece
    yield tail
