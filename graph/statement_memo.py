"""The rdf stage made from the previous build's statements, record by record.

A document's statements depend only on its page (name and bytes), the lexicon (with
its pinyin readings), the base IRI and the code: an entity's IRI comes from its name
(:mod:`graph.resolve`), never from the other documents.  An entity's and a background
fact's statements depend only on the record's fields.  Making them again for each of
30,000 documents and 27,000 entities after one more page took ~23 s of a 10,000-page
rebuild (rdflib terms for every statement, then each term's text and number).  A memo
in the cache keeps, of the latest build, every term's text (sorted: a term's rank is
its place) and hash, the statements as rank columns in the order made, and where each
record's run of them ends (keyed by the document's page, or by a hash of the entity's
or fact's fields).  The next build makes the statements of the records it does not
find there, numbers their terms, merges their new texts into the previous ones and
puts the columns together in the order a build without the memo makes them; the dump
is then the very same (``tests/test_statement_memo.py``).

The terms of the statements taken from the memo are known by their text only; an
rdflib term is made from it when a reader asks (:class:`graph.outputs.TermObjects`).

The memo is a cache keyed by content: written whole (a temporary folder renamed) as
soon as the statements are known, whatever becomes of the build; one that cannot be
read, or whose arrays disagree with its index, is not used, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_left
from pathlib import Path

import numpy as np

from .outputs import (CanonicalDump, TermObjects, _graph_term, narrow_graph_ranks, numbered_terms, terms_id,
                      text_hashes, unlink_quietly)
from .rdf import document_quads, entity_quads, fact_quads, forget_shared_terms, lexicon_quads, split_dump, taken_records

#: the memo's folder, in the cache folder
MEMO_DIR = "statements.memo"
#: the text of rdf:type, a term of the memo's
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
FORMAT = "statements memo v2"
_COLUMNS = ("s", "p", "o", "g")


def document_key(doc) -> str:
    """What a document's statements are kept under: its IRI, its page's name and hash."""
    return f"{doc.id}\t{doc.page.name}\t{doc.page.sha256}"


def record_key(record) -> str:
    """What a record's statements are kept under: :func:`document_key` for a document;
    for an entity or a background fact (whose statements depend on its fields only),
    its kind and a hash of its fields."""
    from .records import Document

    if isinstance(record, Document):
        return document_key(record)
    return f"{type(record).__name__}\t{hashlib.blake2b(repr(record).encode('utf-8'), digest_size=16).hexdigest()}"


def memo_salt(page_salt: str) -> str:
    """The memo's salt: the page cache's (code, lexicon, base IRI), the pinyin readings
    and the versions of the libraries that turn names into IRIs."""
    from importlib.metadata import PackageNotFoundError, version

    from .slug import _READINGS

    parts = [FORMAT, page_salt, json.dumps(_READINGS, sort_keys=True, ensure_ascii=False)]
    for package in ("pypinyin", "opencc"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} -")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


#: "load the memo": the default of :func:`statements`'s ``previous``
_LOAD = object()


def statements(holder: list, base: str, cache_dir: Path, salt: str, previous=_LOAD, jobs: int = 1) -> CanonicalDump:
    """The rdf stage of the resolution taken out of ``holder`` (a one-item list, see
    :func:`graph.rdf.taken_records`), from the memo in ``cache_dir`` (or
    ``previous``, the :class:`Memo` loaded from it, None for none) where it holds a
    document's statements; then this build's memo is kept for the next.  The
    extractions of the documents the memo holds are not read: they need not be
    rewritten to IRIs (see :meth:`Memo.lacks`).  Without a memo, and with more than
    one job, a forked process makes the later documents' statements meanwhile (see
    :func:`graph.rdf.split_dump`)."""
    entities, background, extractions = taken_records(holder)
    if previous is _LOAD:
        previous = Memo.load(cache_dir, salt)
    hashes: dict = {}  # the terms' hashes (see CanonicalDump.term_hashes), made with the memo
    saved: list = []  # the memo's name if it was written (its statements' order is then added)
    if previous is None:
        ends: list = []

        def keep(columns, texts, graph_texts) -> None:
            hashes["terms"] = text_hashes(texts)
            saved.append(save(cache_dir, salt, columns, texts, graph_texts, ends, hashes["terms"]))

        def keep_order(order) -> None:
            if saved and saved[0]:
                save_order(cache_dir, order)

        dump = split_dump(entities, background, extractions, base, jobs=jobs, ends=ends, key=record_key,
                          on_ranked=keep, on_sorted=keep_order)
    else:
        ranked, ends, hashes["terms"], previous_ranks, hint, changes = previous.statements(
            entities, background, extractions, base)
        previous_terms = (previous.terms_id, previous_ranks)
        previous_changes = (previous.memo_id, *changes) if previous.memo_id is not None else None
        del changes
        del previous
        saving = _Beside()

        def keep(columns, texts, graph_texts) -> None:
            # written by a thread while the statements are sorted (both mostly outside the
            # GIL: file writes, numpy's sort): the memo's ~0.8 s at 10,000 pages left the
            # second core idle in the rebuild's serial start.  Not so in a build without a
            # memo: the columns the thread holds would stay in memory at that build's peak
            saving.start(lambda *args: saved.append(save(*args)),
                         cache_dir, salt, list(columns), texts, graph_texts, ends, hashes["terms"])

        order: list = []  # the statements' sorted order, added to the memo once it is written
        try:
            dump = CanonicalDump(ranked=ranked, on_ranked=keep, order_hint=hint, on_sorted=order.append)
        except BaseException:
            saving.join(raising=False)  # this error, not the save's, is the one to see
            raise
        del hint
        # TriG's order, which the forked writer and validator both read, made once here
        # beside the memo's save (numpy's sort runs outside the GIL; a core was idle)
        ordering = _Beside()
        ordering.start(dump.keep_by_graph, name="czt-kg TriG order")
        try:
            saving.join()  # before the build forks, and with the error of the save if any
            if saved and saved[0] and order:
                save_order(cache_dir, order.pop())
        finally:
            ordering.join(raising=False)  # if it failed, whoever reads the order makes it
        dump.previous_terms, dump.previous_changes = previous_terms, previous_changes
    dump.adopt_term_hashes(hashes["terms"])
    # names the memo written: the graph files' memo notes which statements it describes
    dump.statements_id = saved[0] if saved else None
    return dump


class _Beside:
    """A call run by a thread beside this one: :meth:`join` waits for it and raises its error."""

    def __init__(self) -> None:
        self._thread = None
        self._error: BaseException | None = None

    def start(self, fn, *args, name: str = "czt-kg memo save") -> None:
        import threading

        def call() -> None:
            try:
                fn(*args)
            except BaseException as exc:  # raised again by join, in the caller's thread
                self._error = exc

        self._thread = threading.Thread(target=call, name=name, daemon=True)
        self._thread.start()

    def join(self, raising: bool = True) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None and raising:
            raise error


class Memo:
    """The latest build's statements, as :func:`save` kept them."""

    def __init__(self, columns: list, texts: list[str], graph_texts: list[str], spans: dict, hashes, terms_id: str,
                 order=None, memo_id: str | None = None, head: int = 0):
        self.columns, self.texts, self.graph_texts, self.hashes = columns, texts, graph_texts, hashes
        self.terms_id = terms_id  # names the terms (see graph.outputs.terms_id)
        self.memo_id = memo_id  # names what this memo holds (see save; None in a memo without)
        self.head = head  # the lexicon's statements: the first ``head``
        self.spans = spans  # record key (see record_key) -> (start, end) of its statements in the columns
        self.order = order  # the statements' positions as they sorted (see save_order), or None

    @classmethod
    def load(cls, cache_dir: Path, salt: str) -> "Memo | None":
        """The memo in ``cache_dir``, or None: none, of another salt, unreadable, or
        with arrays that disagree with its index."""
        from .reuse import _old_texts

        folder = Path(cache_dir) / MEMO_DIR
        try:
            index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            if index.get("salt") != salt:
                return None
            count, terms, graphs = index["statements"], index["terms"], index["graphs"]
            columns = [np.load(folder / f"{c}.npy", allow_pickle=False) for c in _COLUMNS]
            if any(len(c) != count or c.dtype.kind not in "iu" for c in columns):
                return None
            if count and any(int(c.min()) < 0 or int(c.max()) >= limit
                             for c, limit in zip(columns, (terms, terms, terms, graphs))):
                return None
            if [int(c.sum(dtype=np.int64)) for c in columns] != index["sums"]:
                return None
            texts = [t for block in _old_texts(folder / "terms.txt") for t in block]
            graph_texts = json.loads((folder / "graphs.json").read_text(encoding="utf-8"))
            hashes = np.load(folder / "hashes.npy", allow_pickle=False)
            if len(texts) != terms or len(graph_texts) != graphs or hashes.shape != (terms, 2) or hashes.dtype != "<u8":
                return None
            if terms_id(hashes) != index["terms_id"]:
                return None
            spans, start = {}, int(index["head"])  # the lexicon's statements come first
            for key, end in index["records"]:
                if not start <= end <= count:
                    return None
                spans[key] = (start, end)
                start = end
            if start != count:
                return None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        order = None  # optional: a hint the merge checks (see graph.outputs._merged_order)
        try:
            order = np.load(folder / ORDER_FILE, allow_pickle=False)
            if order.shape != (count,) or order.dtype.kind not in "iu":
                order = None
        except (OSError, ValueError):
            pass
        memo_id = index.get("id")
        return cls(columns, texts, graph_texts, spans, hashes, index["terms_id"], order,
                   memo_id if isinstance(memo_id, str) else None, int(index["head"]))

    def lacks(self, extraction) -> bool:
        """Whether the memo does not hold the statements of ``extraction``'s document."""
        return document_key(extraction.document) not in self.spans

    def statements(self, entities, background, extractions: list, base: str) -> tuple:
        """(what :class:`CanonicalDump` takes as ``ranked``, the (record key, end) list
        :func:`save` keeps, the terms' hashes, each term's rank in the memo or -1) of this
        build's statements: those of the records the memo holds taken from it, the others
        made (``extractions`` is emptied as it is read, so each document's records go
        once read); and what may have changed since the memo's build (see
        :attr:`graph.outputs.CanonicalDump.previous_changes`)."""
        fresh = lexicon_quads(base)
        lexicon = len(fresh)  # the lexicon's statements, made again: the memo's first (see _changes)
        runs: list = [[True, 0, len(fresh)]]  # [made here?, start, end]: in ``fresh`` or in the memo's columns
        ends: list = [(None, len(fresh))]
        total = len(fresh)
        spans = self.spans

        def take(key: str, record, quads) -> None:
            """The statements of ``record`` (``quads(record, base)``) from the memo, else made."""
            nonlocal total
            span = spans.get(key)
            if span is None:
                start = len(fresh)
                fresh.extend(quads(record, base))
                run = [True, start, len(fresh)]
            else:
                run = [False, *span]
            last = runs[-1]
            if last[0] == run[0] and last[2] == run[1]:
                last[2] = run[2]
            else:
                runs.append(run)
            total += run[2] - run[1]
            ends.append((key, total))

        for e in entities:
            take(record_key(e), e, entity_quads)
        for a in background:
            take(record_key(a), a, fact_quads)
        for i in range(len(extractions)):
            ex, extractions[i] = extractions[i], None
            take(document_key(ex.document), ex, document_quads)
            del ex
        hint = self._order_hint(runs)
        forget_shared_terms()
        (fs, fp, fo, fg), made_texts, made_objects, made_graphs, _graph_objects = numbered_terms([fresh])
        del fresh
        texts, old_rank, made_rank = merged_ranks(self.texts, made_texts)
        changes = self._changes(runs, [made_rank[c[lexicon:]] for c in (fs, fp, fo)] + [fg[lexicon:]], made_graphs,
                                texts, old_rank)
        graph_texts, old_graph, made_graph = merged_ranks(self.graph_texts, made_graphs)
        old = self.columns
        columns = []
        for c, (made, mapping, made_mapping) in enumerate(zip((fs, fp, fo, fg), (old_rank,) * 3 + (old_graph,),
                                                              (made_rank,) * 3 + (made_graph,))):
            pieces = []
            for here, a, b in runs:
                if here:
                    pieces.append(made_mapping[made[a:b]])
                else:
                    piece = old[c][a:b]
                    pieces.append(piece if mapping is None else mapping[piece])
            columns.append(np.concatenate(pieces).astype(np.int32, copy=False))
        self.columns = None
        known = dict(zip(made_rank.tolist(), made_objects))
        hashes = self.hashes
        if old_rank is not None:  # the new texts' hashes made, the others kept
            hashes = np.empty((len(texts), 2), dtype=np.uint64)
            hashes[old_rank] = self.hashes
            new = np.ones(len(texts), dtype=bool)
            new[old_rank] = False
            new = np.flatnonzero(new)
            hashes[new] = text_hashes([texts[i] for i in new.tolist()])
        columns, texts, known, hashes, kept = _without_unused(columns, texts, known, hashes)
        # each term's previous rank: through the merge, then without the unused terms
        previous = np.full(len(texts), -1, dtype=np.int64)
        merged = old_rank if old_rank is not None else np.arange(len(self.texts), dtype=np.int64)
        if kept is not None:
            merged = kept[merged]
        found = merged >= 0
        previous[merged[found]] = np.flatnonzero(found)
        s, p, o, g = columns
        graph_used = np.zeros(len(graph_texts), dtype=bool)
        graph_used[g] = True
        if not graph_used.all():
            rank, graph_texts = _kept(graph_used, graph_texts)
            g = rank[g]
        graph_objects = [_graph_term(t) for t in graph_texts]
        g = narrow_graph_ranks(g, len(graph_texts))
        columns = [s.astype(np.int32, copy=False), p.astype(np.int32, copy=False), o.astype(np.int32, copy=False), g]
        del s, p, o, g
        ranked = (columns, texts, TermObjects(texts, known), graph_texts, graph_objects)
        return ranked, ends, hashes, previous, hint, changes

    def _changes(self, runs: list, made: list, made_graph_texts: list[str], merged_texts: list[str], old_rank) -> tuple:
        """What may have changed since the memo's build, by the memo's ranks: (whether each
        of its terms is the subject of a statement this build may not have in common with
        it, the texts of the graphs holding such a statement, whether each term's rdf:type
        statements may differ).  Such a statement is one made here for a new or changed
        record (``made``: their (s, p, o) as ranks among ``merged_texts``, g among
        ``made_graph_texts``) or one of the memo's not taken (a record gone).  The lexicon's
        statements, made again every build, are the memo's first: the same ones, as the
        memo's salt holds the lexicon.  Every other subject has the very statements it
        had: its graph files' units can be copied without comparing them (see
        :func:`graph.reuse.matching_units`), its validation carried (see
        :func:`graph.validate._carried_keys`, which reads the types of what a unit points
        to: fewer change, as an entity's record changes with every page naming it, its
        types seldom).  A subject is retyped when the types made here differ from the
        memo's not taken (those kept are in both).

        >>> m = Memo([np.array([0, 1, 1, 2]), np.array([0, 0, 0, 0]), np.array([1, 2, 2, 1]), np.array([0, 1, 1, 2])],
        ...          [_TYPE, "b", "c"], ["", " <g>", " <h>"], {}, None, "", head=1)
        >>> made = [np.array([1, 1]), np.array([0, 3]), np.array([2, 2])]  # b: its type again, and (b, d, c)
        >>> touched, graphs, retyped = m._changes([[True, 0, 1], [False, 3, 4], [True, 1, 3]],
        ...                                       made + [np.array([0, 0])], [" <k>"], [_TYPE, "b", "c", "d"], None)
        >>> touched.tolist(), sorted(graphs), retyped.tolist()
        ([False, True, False], [' <g>', ' <k>'], [False, False, False])
        """
        old_s, old_p, old_o, old_g = self.columns
        kept = np.zeros(len(old_s), dtype=bool)  # the lexicon's and the taken records' statements
        kept[: self.head] = True
        for here, a, b in runs:
            if not here:
                kept[a:b] = True
        gone = ~kept
        del kept
        to_old = np.full(len(merged_texts), -1, dtype=np.int64)  # a merged rank's in the memo, -1 for a new text
        to_old[old_rank if old_rank is not None else np.arange(len(self.texts))] = np.arange(len(self.texts))
        s, p, o, g = made
        made_s = to_old[s]
        touched = np.zeros(len(self.texts), dtype=bool)
        touched[old_s[gone]] = True
        touched[made_s[made_s >= 0]] = True
        graphs = frozenset([self.graph_texts[r] for r in np.unique(old_g[gone]).tolist()]
                           + [made_graph_texts[r] for r in np.unique(g).tolist()])
        retyped = np.zeros(len(self.texts), dtype=bool)
        at = bisect_left(merged_texts, _TYPE)
        if at < len(merged_texts) and merged_texts[at] == _TYPE:
            is_type = p == at
            made_pairs = set(zip(made_s[is_type].tolist(), to_old[o[is_type]].tolist()))
            is_type = gone & (old_p == to_old[at])
            gone_pairs = set(zip(old_s[is_type].tolist(), old_o[is_type].tolist()))
            # a subject new here (-1) is no memo term: nothing pointed to it before
            retyped[[subject for subject, _o in made_pairs ^ gone_pairs if subject >= 0]] = True
        return touched, graphs, retyped

    def _order_hint(self, runs: list):
        """(the positions of this build's statements the memo held, in the order they
        sorted in; the positions of the others, rising), from the runs of the columns
        being made ([made here?, start, end], in order); None without the memo's order.
        The memo's statements keep their sorted order: ranks are renumbered in their
        texts' order, which new texts do not change (see :func:`merged_ranks`)."""
        order, self.order = self.order, None
        if order is None or (len(order) and (int(order.min()) < 0 or int(order.max()) >= len(order))):
            return None  # none kept, or not positions of the memo's statements (a torn file)
        total = sum(b - a for _here, a, b in runs)
        kind = np.int32 if total < 2**31 else np.int64  # positions as the sort keeps them
        at = np.full(len(order), -1, dtype=kind)  # a memo statement's position now
        fresh, place = [], 0
        for here, a, b in runs:
            if here:
                fresh.append(np.arange(place, place + b - a, dtype=kind))
            else:
                at[a:b] = np.arange(place, place + b - a, dtype=kind)
            place += b - a
        carried = at[order]
        del at, order
        carried = carried[carried >= 0]
        return carried, np.concatenate(fresh) if fresh else np.zeros(0, dtype=kind)


def touched_now(dump, before: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(``before``, a mask over the previous build's terms such as
    :meth:`Memo._changes` returns, as a mask over this build's; which of this build's
    terms the previous build did not have), a new term counting as touched; None when
    ``dump`` was not made from the statements memo, or ``before`` is not of its terms.

    >>> class Dump: previous_terms, texts = ("id", [2, -1, 0]), ["a", "b", "c"]
    >>> [m.tolist() for m in touched_now(Dump(), np.array([True, False, False]))]
    [[False, True, True], [False, True, False]]
    """
    previous = getattr(dump, "previous_terms", None)
    if previous is None:
        return None
    ranks = np.asarray(previous[1])
    if len(ranks) != len(dump.texts) or len(ranks) and int(ranks.max()) >= len(before):
        return None
    new = ranks < 0
    mask = np.ones(len(ranks), dtype=bool)
    mask[~new] = before[ranks[~new]]
    return mask, new


def merged_ranks(old: list[str], made: list[str]) -> tuple:
    """(the texts of ``old`` (sorted, distinct) and ``made`` (distinct) together, sorted;
    each old text's place there, None when it is its own; each made text's place).

    >>> texts, old_rank, made_rank = merged_ranks(["a", "c"], ["c", "b", "d"])
    >>> texts, old_rank.tolist(), made_rank.tolist()
    (['a', 'b', 'c', 'd'], [0, 2], [2, 1, 3])
    """
    at = [bisect_left(old, t) for t in made]
    n = len(old)
    missing = sorted(t for t, i in zip(made, at) if i >= n or old[i] != t)
    # the ranks as 32-bit integers when they fit: the memo's columns are mapped through
    # them into the 32-bit columns the rdf stage keeps, with no 64-bit copy between
    rank_type = np.int32 if n + len(missing) < 2**31 else np.int64
    if not missing:
        return old, None, np.asarray(at, dtype=rank_type)
    inserted = np.asarray([bisect_left(old, t) for t in missing], dtype=np.int64)  # rising
    old_rank = np.arange(n, dtype=rank_type)
    old_rank += np.searchsorted(inserted, old_rank, side="right").astype(rank_type)
    texts: list[str] = []
    before = 0
    for k, (t, i) in enumerate(zip(missing, inserted.tolist())):
        texts += old[before:i]
        texts.append(t)
        before = i
    texts += old[before:]
    new_rank = {t: i + k for k, (t, i) in enumerate(zip(missing, inserted.tolist()))}
    made_rank = np.asarray([new_rank[t] if t in new_rank else int(old_rank[i]) for t, i in zip(made, at)],
                           dtype=rank_type)
    return texts, old_rank, made_rank


def _without_unused(columns: list, texts: list[str], known: dict, hashes) -> tuple:
    """The (s, p, o, g) columns, texts, known terms and hashes without the terms no
    statement holds any more (a page edited or removed), and each term's new rank
    (-1 for one gone; None when none went)."""
    s, p, o, g = columns
    used = np.zeros(len(texts), dtype=bool)
    for c in (s, p, o):
        used[c] = True
    if used.all():
        return columns, texts, known, hashes, None
    rank, texts = _kept(used, texts)
    known = {int(rank[r]): t for r, t in known.items() if used[r]}
    return [rank[s], rank[p], rank[o], g], texts, known, hashes[used], np.where(used, rank, -1)


def _kept(used, texts: list[str]) -> tuple:
    """(each rank's rank among the ranks ``used``, the texts of those), for a mask ``used``."""
    return np.cumsum(used) - 1, [texts[i] for i in np.flatnonzero(used).tolist()]


def save(cache_dir: Path, salt: str, columns: list, texts: list[str], graph_texts: list[str], ends: list,
         hashes) -> str | None:
    """Keep this build's statements (rank ``columns`` in the order made, the terms' and
    the graphs' texts, each record's (key, end) after the lexicon's (None, end), the
    terms' hashes) as the memo, replacing the previous one whole; skipped when it
    cannot be written.  The memo's name (see :attr:`Memo.memo_id`) if it was written
    (:func:`save_order` then adds their sorted order), else None."""
    from .reuse import _save_array, _save_bytes, _save_texts, write_folder

    if not ends or ends[0][0] is not None:
        return None
    named: list = []

    def fill(tmp: Path) -> None:
        for name, column in zip(_COLUMNS, columns):
            _save_array(tmp / f"{name}.npy", column)
        _save_texts(tmp / "terms.txt", texts)
        _save_array(tmp / "hashes.npy", hashes)
        _save_bytes(tmp / "graphs.json", json.dumps(list(graph_texts), ensure_ascii=False).encode("utf-8"))
        index = {
            "salt": salt,
            "statements": int(len(columns[0])),
            "terms": len(texts),
            "terms_id": terms_id(hashes),
            "graphs": len(graph_texts),
            "sums": [int(c.sum(dtype=np.int64)) for c in columns],
            "head": int(ends[0][1]),
            "records": [[key, int(end)] for key, end in ends[1:]],
        }
        # its name: what it holds follows from its salt and its records' keys (a record's
        # statements from its key), so two memos of one name hold the same statements
        index["id"] = hashlib.sha256(json.dumps(index, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
        named.append(index["id"])
        _save_bytes(tmp / "index.json", json.dumps(index, ensure_ascii=False).encode("utf-8"))

    return named[0] if write_folder(Path(cache_dir), MEMO_DIR, Path(cache_dir) / MEMO_DIR, fill) else None


#: the memo's file of its statements' sorted order (see :func:`save_order`)
ORDER_FILE = "order.npy"


def save_order(cache_dir: Path, order) -> None:
    """Add to the memo :func:`save` has just written the order the statements sorted in
    (their positions sorted by triple, ties by position: what the next build merges its
    own into instead of sorting, see :func:`graph.outputs._merged_order`).  Written
    after the memo, as the statements are sorted after it is saved; a file that is
    missing, torn or stale costs the next build its sort only (the merge checks its
    result); skipped when it cannot be written."""
    from .reuse import _save_array

    folder = Path(cache_dir) / MEMO_DIR
    tmp = folder / f".{ORDER_FILE}.{os.getpid()}.tmp"
    try:
        _save_array(tmp, order)
        os.replace(tmp, folder / ORDER_FILE)
    except (OSError, ValueError):
        unlink_quietly(tmp)
