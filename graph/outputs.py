"""Writers at the I/O edge: every output is written atomically.

A file is written to a temporary name in the same folder, flushed and fsynced, then
renamed over the old one, so a crash or a full disk leaves either the previous
complete file or the new complete file, never a partial one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from glob import escape as glob_escape
from operator import itemgetter
from pathlib import Path

from rdflib import Graph

from . import terse
from .errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot create output: {exc.strerror or exc}", path=path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write output ({exc.strerror or exc}); the previous file is unchanged", path=path) from None


class OutputSet:
    """Several outputs replaced together: all or none.

    :meth:`add` writes each file to a hidden temporary name and fsyncs it (so only
    one output's bytes are in memory at a time); :meth:`commit` renames them all
    into place.  A failure while adding (a full disk, a file-size limit) removes
    every temporary file and leaves every previous output as it was.
    """

    def __init__(self) -> None:
        self.pending: list[tuple[str, Path]] = []

    def add(self, path: Path, data) -> None:
        """Write ``data`` to a temporary file of ``path``: bytes, an iterable of bytes
        chunks, or a function writing to the (binary) file it is given."""
        path = Path(path)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                if isinstance(data, (bytes, bytearray, memoryview)):
                    fh.write(data)
                elif callable(data):
                    data(fh)
                else:
                    for chunk in data:
                        fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError as exc:
            if tmp is not None:
                unlink_quietly(tmp)
            self.abort()
            raise OutputError(f"cannot write output ({exc.strerror or exc}); the previous outputs are unchanged", path=path) from None
        except BaseException:  # the data's producer failed: no half-written temporary file stays
            if tmp is not None:
                unlink_quietly(tmp)
            raise
        self.pending.append((tmp, path))

    def commit(self) -> list[Path]:
        """Rename every written file into place, then sweep temporary files that killed builds left."""
        done = self._rename_all()
        mine = {tmp for tmp, _ in self.pending}
        for path in done:
            for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
                if str(stale) not in mine:
                    unlink_quietly(str(stale))
        self.pending = []
        return done

    def _rename_all(self) -> list[Path]:
        done = []
        try:
            for tmp, path in self.pending:
                os.replace(tmp, path)
                done.append(path)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot replace output: {exc.strerror or exc}", path=path) from None
        for folder in sorted({p.parent for p in done}):
            fsync_folder(folder)
        return done

    def abort(self) -> None:
        for tmp, _path in self.pending:
            unlink_quietly(tmp)
        self.pending = []


def unlink_quietly(path: str) -> None:
    """Remove a temporary file if it is there (cleanup must not mask the error being handled)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (best effort: not every platform allows it)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# -- graph files from one canonical text --------------------------------------------
#
# rdflib's writers take about a minute per format at a million triples.  Every graph
# file is written from one canonical text of the statements (:class:`CanonicalDump`):
# sorted, de-duplicated N-Quads lines, in Oxigraph's escaping; TriG and Turtle in
# Oxigraph's own form (:mod:`graph.terse`).


def prefixes_of(ns_source) -> dict[str, str]:
    from .rdf import PREFIXES

    wanted = set(PREFIXES) | {"id", "doc"}
    return {p: str(ns) for p, ns in sorted(ns_source.namespaces()) if p in wanted}


# -- N-Quads text straight from the rdflib terms ------------------------------------
#
# Converting a million rdflib terms to Oxigraph terms and back to text costs more
# than everything Oxigraph then does with them.  The text of a term is written here
# with exactly Oxigraph's N-Quads escaping (tests/test_rdf.py compares both on every
# ASCII control character, quotes, backslashes and non-ASCII text); every distinct
# IRI is still checked by Oxigraph once, so an IRI that is not one fails as before
# and can never smuggle a term boundary into a line.

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ESCAPE = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPE.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def _literal_text(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is not None:
        value = value.translate(_ESCAPE)
    return f'"{value}"'


class TermWriter:
    """rdflib term → its N-Quads text, IRIs memoised (by plain string: rdflib's
    ``__eq__`` never equals a ``str``) and validated by Oxigraph once each."""

    def __init__(self) -> None:
        import pyoxigraph as ox
        from rdflib import BNode, Literal, URIRef

        self._ox = ox
        self._types = (URIRef, Literal, BNode)
        self.iris: dict[str, str] = {}

    def iri(self, t) -> str:
        key = str(t)
        text = self.iris.get(key)
        if text is None:
            self._ox.NamedNode(key)  # raises ValueError on anything that is not an IRI
            text = self.iris[key] = f"<{key}>"
        return text

    def term(self, t) -> str:
        URIRef, Literal, BNode = self._types
        kind = type(t)
        if kind is URIRef or (kind is not Literal and isinstance(t, URIRef)):
            return self.iri(t)
        if kind is Literal or isinstance(t, Literal):
            lang = t.language
            if lang:
                return f"{_literal_text(str(t))}@{lang.lower()}"
            dt = t.datatype
            if dt is None or str(dt) == _XSD_STRING:
                return _literal_text(str(t))
            return f"{_literal_text(str(t))}^^{self.iri(dt)}"
        if isinstance(t, BNode):
            return f"_:{self._ox.BlankNode(str(t)).value}"
        raise TypeError(f"cannot write RDF term {t!r}")


_GRAPH = itemgetter(3)  # a quad's graph


class CanonicalDump:
    """The canonical text of a dataset and what every graph file is written from:
    ``czt.nq`` (sorted, unique N-Quads lines), TriG (default graph first, named
    graphs by IRI, lines sorted inside each), the merged graph's sorted N-Triples
    for Turtle, and JSON-LD.  Terms are turned into text once, in Python, straight
    from the rdflib terms; TriG, Turtle and JSON-LD are written from that text.

    A triple is held as the tuple of its terms' texts ``(s, p, o)``, each text made
    once per term and shared by every statement using it; its N-Triples line is
    ``" ".join(triple)``, made only while a file is written (with a string per line,
    the dump of 0.9M triples held 296 MB; with the tuples, 159 MB).  Tuples sort in
    the order of their lines: a term's text never holds a space outside a literal,
    and a literal is the last term, so comparing two lines stops inside the first
    term that differs, as comparing tuples does.

    One dict holds each distinct triple and the first quad it was seen in (the
    statement's own tuple: its terms and its graph, no copy); the few triples in more
    than one graph also have the list of their graphs' texts.  The N-Quads order is
    the triples' order, then graphs', so the quads' text is never held twice; every
    output is produced as a stream of chunks.
    """

    def __init__(self, quads) -> None:
        if not isinstance(quads, (list, tuple)):
            quads = list(quads)  # the memo below is by id(): every term must stay alive
        w = TermWriter()
        term = w.term
        # text of each term object: the rdf stage shares one object per repeated term,
        # so most look-ups hit by id (the quads keep every object alive meanwhile)
        memo: dict[int, str] = {}
        entries: dict[tuple, tuple] = {}  # (s, p, o) texts → its first quad (s, p, o, g), first seen first
        graph_of: dict[tuple, list] = {}  # triple in several graphs → their graphs' texts, first seen first
        gt_by_id: dict = {}  # id of a graph term → its text ("" or " <iri>"); entries keep the terms alive
        graphs: dict = {}
        n = 0
        # for validation by units (graph.validate.validate_core_cached): the graph
        # describing each subject (None: several), each graph's triples and the IRIs
        # its statements point to, and the rdf:type triples of each subject
        owner: dict = {}
        per_graph: dict = {}
        pointed: dict = {}
        type_of: dict = {}
        type_text = f"<{_RDF_TYPE}>"
        subclass_text = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
        classes: dict = {}  # class text -> one rdf:type triple with it
        multi: set = set()  # triples in more than one graph
        subclass: list = []
        last_g = lines_of_g = pointed_by_g = gt = owner  # "no graph yet": nothing is this object
        last_s = last_gt = owner
        for quad in quads:
            s, p, o, g = quad
            st = memo.get(id(s))
            if st is None:
                st = memo[id(s)] = term(s)
            pt = memo.get(id(p))
            if pt is None:
                pt = memo[id(p)] = term(p)
            ot = memo.get(id(o))
            if ot is None:
                ot = memo[id(o)] = term(o)
            triple = (st, pt, ot)
            if g is not last_g:  # the statements of a graph mostly come together
                gt = graphs.get(g)
                if gt is None:
                    gt = graphs[g] = "" if g is None else " " + w.iri(g)
                    per_graph[gt] = []
                    pointed[gt] = set()
                gt_by_id[id(g)] = gt
                last_g, lines_of_g, pointed_by_g = g, per_graph[gt], pointed[gt]
            if st is not last_s or gt is not last_gt:  # a subject's statements mostly come together too
                last_s, last_gt = st, gt
                own = owner.setdefault(st, gt)
                if own is not gt and own is not None and own != gt:
                    owner[st] = None
            first = entries.get(triple)
            if first is None:
                entries[triple] = quad
                if pt == type_text:
                    type_of.setdefault(st, []).append(triple)
                    if ot not in classes:
                        classes[ot] = triple
                elif pt == subclass_text:
                    subclass.append(triple)
            elif triple not in multi:
                other = gt_by_id[id(first[3])]
                if other == gt:
                    continue
                graph_of[triple] = [other, gt]
                multi.add(triple)
            else:
                other = graph_of[triple]
                if gt in other:
                    continue
                other.append(gt)
            n += 1
            lines_of_g.append(triple)
            if ot[0] != '"':
                pointed_by_g.add(ot)
        del w, memo
        self._entries = entries
        self._graph_of = graph_of
        self._gt_by_id = gt_by_id
        self._multi = multi
        self.units_index = {"owner": owner, "per_graph": per_graph, "pointed": pointed, "type_of": type_of,
                            "classes": classes, "subclass": subclass}
        #: the merged graph's triples as (s, p, o) texts, sorted (as their N-Triples lines)
        self.triples = sorted(entries)
        #: number of distinct quads
        self.quad_count = n

    def first_quads(self) -> list:
        """The quad each distinct triple was first seen in, in first-seen order (as an
        rdflib store keeps them; no copy of a term)."""
        return list(self._entries.values())

    def _graphs_of(self, t: tuple):
        """The text of the graph ``t`` is in (a str), or of the graphs (a list), for a triple of :attr:`triples`."""
        more = self._graph_of.get(t)
        return self._gt_by_id[id(self._entries[t][3])] if more is None else more

    def _graph_texts(self, block: list) -> list[str]:
        """The graph text of each triple of ``block``, all in one graph each (in C: no Python loop)."""
        return list(map(self._gt_by_id.__getitem__, map(id, map(_GRAPH, map(self._entries.__getitem__, block)))))

    def _quad_lines(self):
        # sorting "triple graph" lines = sorting by triple, then graph: a triple that
        # is a prefix of another is followed there by "@" or "^", both after " "
        graphs_of = self._graphs_of
        for t in self.triples:
            gt = graphs_of(t)
            line = " ".join(t)
            if type(gt) is str:
                yield line + gt
            else:
                for one in sorted(gt):
                    yield line + one

    @property
    def lines(self) -> list[str]:
        """The N-Quads lines (without " ."), sorted and unique."""
        return list(self._quad_lines())

    def nquads(self) -> bytes:
        return b"".join(self.nquads_chunks())

    def nquads_chunks(self, size: int = 8192):
        """The N-Quads text in chunks of ``size`` triples' lines (see :meth:`_quad_lines`;
        a block of triples each in one graph is joined without a Python-level loop)."""
        graphs_of, triples, multi = self._graphs_of, self.triples, self._multi
        for i in range(0, len(triples), size):
            block = triples[i : i + size]
            if multi.isdisjoint(block):
                yield lines_bytes(list(map(str.__add__, map(" ".join, block), self._graph_texts(block))))
            else:
                lines = []
                for t in block:
                    gt = graphs_of(t)
                    line = " ".join(t)
                    if type(gt) is str:
                        lines.append(line + gt)
                    else:
                        lines += [line + one for one in sorted(gt)]
                yield lines_bytes(lines)

    def ntriples(self) -> bytes:
        return lines_bytes(list(map(" ".join, self.triples)))

    def terms(self, triple: tuple) -> tuple:
        """The rdflib (s, p, o) of one of :attr:`triples`."""
        return self._entries[triple][:3]

    def _graph_parts(self):
        """(graph text, its triples sorted) of each graph with statements: the default
        graph first (text ""), then the named graphs by IRI (text " <iri>")."""
        per_graph = self.units_index["per_graph"]
        for gt in sorted(per_graph):
            if per_graph[gt]:
                yield gt, sorted(per_graph[gt])

    def trig_chunks(self, prefixes: dict[str, str], size: int = 8192):
        """TriG of the dataset (default graph first, named graphs by IRI, statements
        sorted inside each) in UTF-8 chunks, as Oxigraph writes it (see :mod:`graph.terse`)."""
        return terse.trig_chunks(self._graph_parts(), prefixes, size)

    def turtle_chunks(self, prefixes: dict[str, str], size: int = 8192):
        """Turtle of the merged graph (statements sorted) in UTF-8 chunks, as Oxigraph writes it."""
        return terse.turtle_chunks(self.triples, prefixes, size)

    def trig(self, prefixes: dict[str, str]) -> bytes:
        return b"".join(self.trig_chunks(prefixes))

    def turtle(self, prefixes: dict[str, str]) -> bytes:
        return b"".join(self.turtle_chunks(prefixes))

    def _subject_groups(self) -> list:
        """The merged graph's triples, one list per subject (consecutive when sorted); made once."""
        groups = getattr(self, "_groups", None)
        if groups is None:
            groups = self._groups = list(self._each_subject())
        return groups

    def _subject_keys(self) -> list:
        """The hash of each of :meth:`_subject_groups` (what the memos are keyed by); made once."""
        keys = getattr(self, "_keys", None)
        if keys is None:
            keys = self._keys = _group_keys(self._subject_groups())
        return keys

    def _each_subject(self):
        """The sorted triples, one list per subject.  The triples of a subject ``s`` are
        the interval from ``(s,)`` (a tuple sorts after its prefixes), and intervals
        come in the order of the subjects' texts: found by bisection from the subjects
        the dump saw."""
        from bisect import bisect_left

        triples = self.triples
        subjects = sorted(self.units_index["owner"])
        starts = [bisect_left(triples, (s,)) for s in subjects]
        starts.append(len(triples))
        if starts[0] != 0 or any(a >= b for a, b in zip(starts, starts[1:])):
            yield from self._each_subject_scan()  # not a partition: scan (never expected)
            return
        for a, b in zip(starts, starts[1:]):
            yield triples[a:b]

    def _each_subject_scan(self):
        prev = None
        group: list = []
        for t in self.triples:
            s = t[0]
            if s != prev:
                if group:
                    yield group
                prev, group = s, [t]
            else:
                group.append(t)
        if group:
            yield group

    def jsonld(self) -> bytes:
        return b"".join(self.jsonld_chunks())

    def jsonld_chunks(self, memo: Path | None = None):
        """The JSON-LD text in chunks.  With ``memo`` (a file), each node object's text is
        kept there under the hash of its subject's lines, and taken from it when those
        lines are the same in the next build (the file then holds this build's nodes only)."""
        if memo is None:
            return _join_nodes(_JsonLdNodes().node_texts(self.triples))
        return _join_node_bytes(self._memo_nodes(Path(memo)))

    def _memo_nodes(self, path: Path):
        """Each node object's text, reused from ``path`` or written; this build's texts
        go to the next memo as they are yielded (see :class:`_RecordFile`), so neither
        memo is ever whole in memory beside the other."""
        from .cache import code_hash

        salt = f"jsonld nodes v3|{code_hash()}"
        old = _RecordFile.load(path, salt)
        writer = _JsonLdNodes()
        new = _RecordFile(path, salt)
        try:
            for group, key in zip(self._subject_groups(), self._subject_keys()):
                # kept as UTF-8 (what the file holds): neither the memo nor the file
                # encodes or decodes the text of a reused node again
                text = old.pop(key, None)
                if type(text) is not bytes:  # missing, or not what this memo writes
                    (text,) = writer.node_texts(group)
                    text = text.encode("utf-8")
                new.add(key, text)
                yield text
            del old
            new.commit()
        finally:
            new.abort()  # after commit(): nothing left to do


class _RecordFile:
    """A memo written as it is produced: a pickle of the salt, then pickled batches of
    (key, value) pairs, to a temporary file renamed over ``path`` by :meth:`commit`.
    A memo that cannot be written is skipped, never an error (as :func:`graph.cache.save_pickle`)."""

    BATCH = 1024

    def __init__(self, path: Path, salt: str) -> None:
        import pickle

        self.path, self.batch, self.tmp, self.fh = Path(path), [], None, None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            self.fh = os.fdopen(fd, "wb")
            self.pickler = pickle.Pickler(self.fh, protocol=pickle.HIGHEST_PROTOCOL)
            self.pickler.dump(salt)
        except OSError:
            self.abort()

    def add(self, key, value) -> None:
        if self.fh is None:
            return
        self.batch.append((key, value))
        if len(self.batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        try:
            self.pickler.dump(self.batch)
            self.pickler.clear_memo()  # the values are not kept for back-references
        except OSError:
            self.abort()
        self.batch = []

    def commit(self) -> None:
        if self.fh is None:
            return
        if self.batch:
            self._flush()
        if self.fh is None:
            return
        try:
            self.fh.close()
            self.fh = None
            os.replace(self.tmp, self.path)
            self.tmp = None
        except OSError:
            self.abort()

    def abort(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        if self.tmp is not None:
            unlink_quietly(self.tmp)
            self.tmp = None
        self.batch = []

    @staticmethod
    def load(path: Path, salt: str) -> dict:
        """The pairs of a memo written with ``salt``; empty when missing, unreadable or of another salt."""
        import pickle

        out: dict = {}
        try:
            with open(path, "rb") as fh:
                reader = pickle.Unpickler(fh)
                if reader.load() != salt:
                    return {}
                while True:
                    try:
                        batch = reader.load()
                    except EOFError:
                        return out
                    out.update(batch)
        except Exception:  # missing, truncated or unreadable: everything is written afresh
            return {}


def _group_keys(groups: list) -> list[bytes]:
    """The hash of each group's lines (of (s, p, o) texts)."""
    import hashlib

    blake = hashlib.blake2b
    return [blake("\n".join(map(" ".join, g)).encode("utf-8"), digest_size=16).digest() for g in groups]


def lines_bytes(lines: list[str]) -> bytes:
    return (" .\n".join(lines) + " .\n").encode("utf-8") if lines else b""


def _join_nodes(texts, chunk: int = 4096):
    """The JSON-LD document (UTF-8 chunks) around node objects' texts."""
    from json.encoder import encode_basestring as q

    out = ["{\n \"@context\": {\n"]
    out.append(",\n".join(f"  {q(k)}: {q(v)}" for k, v in sorted(JSONLD_CONTEXT.items())))
    out.append("\n },\n \"@graph\": [")
    sep = ""
    for text in texts:
        out.append(sep + text)
        sep = ","
        if len(out) >= chunk:
            yield "".join(out).encode("utf-8")
            out = []
    out.append("\n ]\n}\n" if sep else "]\n}\n")
    yield "".join(out).encode("utf-8")


def _join_node_bytes(texts, chunk: int = 4096):
    """:func:`_join_nodes` of node objects' UTF-8 texts: the same bytes."""
    out = [b"".join(_join_nodes(()))[: -len(b"]\n}\n")]]  # the document's opening, up to "@graph": [
    sep = b""
    for text in texts:
        out.append(sep + text)
        sep = b","
        if len(out) >= chunk:
            yield b"".join(out)
            out = []
    out.append(b"\n ]\n}\n" if sep else b"]\n}\n")
    yield b"".join(out)


class _JsonLdNodes:
    """The text of each node object of the JSON-LD document (see :meth:`node_texts`)."""

    def __init__(self) -> None:
        self.prefixes = sorted(((ns, p) for p, ns in JSONLD_CONTEXT.items() if not p.startswith("@")), key=lambda x: -len(x[0]))
        self.memo: dict[str, str] = {}

    def compact(self, iri: str) -> str:
        c = self.memo.get(iri)
        if c is None:
            c = iri
            for ns, p in self.prefixes:
                if iri.startswith(ns) and len(iri) > len(ns):
                    c = f"{p}:{iri[len(ns):]}"
                    break
            self.memo[iri] = c
        return c

    @staticmethod
    def node(subject, props: dict) -> str:
        from json.encoder import encode_basestring as q

        parts = [f"\n  {{\n   \"@id\": {q(subject)}"]
        for key in sorted(props):  # as sort_keys: by the key itself, "@id" (first) aside
            parts.append(f",\n   {q(key)}: [\n" + ",\n".join(props[key]) + "\n   ]")
        parts.append("\n  }")
        return "".join(parts)

    def node_texts(self, lines):
        """The text of each node object of ``lines`` (sorted (s, p, o) N-Triples texts),
        in order, exactly as ``json.dumps(doc, indent=1, sort_keys=True,
        ensure_ascii=False)`` writes the node objects of ``{"@context": JSONLD_CONTEXT,
        "@graph": [...]}`` (json's indenting encoder is pure Python and took most of the
        time).

        Made from the statements' text, without the rdflib terms: a literal's N-Triples
        body is already its JSON string body, as both escape the quote, the backslash
        and \\b \\f \\n \\r \\t alike (only the other control characters differ,
        see :func:`_json_body`); an IRI holds nothing JSON escapes.  The text of a
        predicate or a node reference is made once per distinct text."""
        from json.encoder import encode_basestring as q

        compact, node = self.compact, self.node
        key_of: dict[str, tuple] = {}  # predicate text -> (its key, whether it is rdf:type)
        reference_of: dict[str, tuple] = {}  # IRI or blank node text -> (value text, "@type" text)
        type_text = f"<{_RDF_TYPE}>"
        subject = None
        props: dict = {}
        for s, p, o in lines:
            if s != subject:
                if subject is not None:
                    yield node(subject[1:-1] if subject[0] == "<" else subject, props)
                subject = s
                props = {}
            key = key_of.get(p)
            if key is None:
                key = key_of[p] = (compact(p[1:-1]), p == type_text)
            if o[0] == '"':
                key = key[0]
                close = o.rindex('"')
                body = o[1:close] if "\\u" not in o else _json_body(o[1:close])
                if close == len(o) - 1:
                    text = f'    "{body}"'
                elif o[close + 1] == "@":
                    text = f'    {{\n     "@language": "{o[close + 2:]}",\n     "@value": "{body}"\n    }}'
                else:
                    dt = compact(o[close + 4 : -1])
                    text = f'    {{\n     "@type": {q(dt)},\n     "@value": "{body}"\n    }}'
            else:
                ref = reference_of.get(o)
                if ref is None:
                    oid = o[1:-1] if o[0] == "<" else o
                    ref = reference_of[o] = (f"    {{\n     \"@id\": {q(oid)}\n    }}", f"    {q(compact(oid))}")
                if key[1]:
                    key, text = "@type", ref[1]
                else:
                    key, text = key[0], ref[0]
            group = props.get(key)
            if group is None:
                props[key] = [text]
            else:
                group.append(text)
        if subject is not None:
            yield node(subject[1:-1] if subject[0] == "<" else subject, props)


_U_ESCAPE = re.compile(r"\\(?:u([0-9A-F]{4})|.)")


def _json_body(body: str) -> str:
    """A literal's N-Triples body as the body of a JSON string (``json`` with
    ``ensure_ascii=False``): the two differ only on control characters other than
    \\b \\f \\n \\r \\t, which N-Triples writes \\u001F and JSON \\u001f, and on
    DEL, which N-Triples writes \\u007F and JSON leaves as it is.

    >>> _json_body(r"a\\u001Fb\\u007Fc\\\\u0041\\n")
    'a\\\\u001fb\\x7fc\\\\\\\\u0041\\\\n'
    """

    def one(m: re.Match) -> str:
        code = m.group(1)
        if code is None:
            return m.group(0)  # an escape both write alike
        return "\x7f" if code == "007F" else "\\u" + code.lower()

    return _U_ESCAPE.sub(one, body)


JSONLD_CONTEXT = {
    "@vocab": "https://w3id.org/czt-kg/ontology#",
    "czt": "https://w3id.org/czt-kg/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def jsonld_bytes(g: Graph) -> bytes:
    """``g`` as the build writes ``czt.jsonld``: the project's inline context, node objects
    sorted by @id, every property's values in an array, in N-Triples order.

    One JSON-LD writer for graph files and CONSTRUCT results alike (``czt-kg query
    --format jsonld``), so the two never disagree on form.
    """
    return CanonicalDump([(s, p, o, None) for s, p, o in g]).jsonld()


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
