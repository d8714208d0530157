"""Content-hash cache of per-page results (decoded page, documents, extractions).

A page's result depends only on its bytes, its path (kept in provenance), the base
IRI, the lexicon, and the code and rules that read it.  The key hashes all of
these, so an entry can never be stale: change one page and only that page misses;
change the lexicon, ``rules.toml``, the ontology or any module of the package and
every page misses.

Entries are pickles under ``<cache>/<2 hex>/<key>.pkl``, written atomically
(temporary file + rename).  A corrupt, truncated or foreign entry is ignored and
recomputed, never an error.  Only successful results are cached: unreadable pages
are cheap to find again and their message may depend on the file system.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .corpus import display_path
from .lexicon import Lexicon
from .records import DocumentRef, Extraction, ExtractionNames, Page, PageRef, replaced
from .resolve import document_names

PACKAGE_DIR = Path(__file__).resolve().parent
ONTOLOGY_DIR = PACKAGE_DIR.parent / "ontology"
#: bump when the entry layout changes
FORMAT = b"czt-kg page cache v2"


@lru_cache(maxsize=1)
def code_hash() -> str:
    """Hash of every module, rule file and ontology file the per-page stages may read."""
    h = hashlib.sha256(FORMAT)
    files = sorted(PACKAGE_DIR.glob("*.py")) + sorted(PACKAGE_DIR.glob("*.toml"))
    if ONTOLOGY_DIR.is_dir():
        files += sorted(ONTOLOGY_DIR.glob("*.ttl"))
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    try:
        from importlib.metadata import version

        h.update(version("czt-kg").encode())
    except Exception:  # not installed: the sources above identify the code
        pass
    return h.hexdigest()


class PageCache:
    """Per-page results on disk, keyed by content hash."""

    def __init__(self, folder: Path, lexicon: Lexicon, base: str):
        self.folder = Path(folder)
        self.salt = hashlib.sha256(f"{code_hash()}|{lexicon.content_hash}|{base}".encode()).hexdigest()
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()

    def key(self, path: str, data: bytes) -> str:
        """The entry's key: the page's bytes and file name, not the folder it was named
        by, so that ``--data data`` and ``--data /abs/path/data`` (or a run from another
        folder) share every entry; a hit is re-pointed at the path given now
        (:func:`at_path`).  The name stays in: it is the page's provenance.
        """
        h = hashlib.sha256(self.salt.encode())
        h.update(os.fsencode(os.path.basename(path)) + b"\0")  # file names need not be UTF-8
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return entry_path(self.folder, key)

    def keep(self, key: str) -> None:
        """Count the entry under ``key`` as this build's without reading it (a page taken
        from its summary, see :class:`PageSummaries`): :meth:`prune` keeps it."""
        self.hits += 1
        self.used.add(key)

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (one that is not counts as a miss;
        a stored one is counted when :meth:`get` reads it)."""
        if self._file(key).is_file():
            return True
        self.misses += 1
        return False

    def get(self, key: str) -> tuple[Page, tuple[Extraction, ...]] | None:
        """The cached result, or None when missing or unreadable in any way."""
        try:
            with open(self._file(key), "rb") as fh:
                stored_key, page, extractions = pickle.loads(fh.read())
            if stored_key != key or not isinstance(page, Page) or not all(isinstance(x, Extraction) for x in extractions):
                raise ValueError("foreign entry")
        except Exception:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return page, tuple(extractions)

    def put(self, key: str, page: Page, extractions: tuple[Extraction, ...]) -> None:
        """Store a result atomically; a cache that cannot be written is skipped silently."""
        self.used.add(key)
        write_entry(self.folder, key, encode_entry(key, page, extractions))

    def adopt(self, key: str, blob: bytes) -> tuple[Page, tuple[Extraction, ...]]:
        """The result in an entry a worker process encoded (and wrote, see
        :func:`write_entry`): counted as this build's, so :meth:`prune` keeps it."""
        self.used.add(key)
        return decode_entry(blob)

    def prune(self) -> int:
        """Delete the entries this build did not use (pages since edited or removed, an
        older code or lexicon) and files earlier versions kept here (:data:`RETIRED`):
        the cache stays the size of the current corpus.  Returns how many entries were
        deleted; errors are ignored."""
        for name in RETIRED:
            try:
                (self.folder / name).unlink()
            except OSError:
                pass
        removed = 0
        try:
            folders = [d for d in self.folder.iterdir() if d.is_dir() and len(d.name) == 2]
        except OSError:
            return 0
        for d in folders:
            try:
                entries = list(d.glob("*.pkl"))
            except OSError:
                continue
            for f in entries:
                if f.stem not in self.used:
                    try:
                        f.unlink()
                        removed += 1
                    except OSError:
                        pass
        return removed


def at_path(page: Page | PageRef, extractions: tuple, path: str) -> tuple:
    """``page`` and its documents' records (:class:`Extraction` or
    :class:`ExtractionNames`) as read from the file at ``path``: a cached page is keyed
    by its name and bytes (:meth:`PageCache.key`), so its entry may hold the path it was
    given by before (``data/raw/a.txt`` where ``/srv/data/raw/a.txt`` is given now).

    >>> p = Page("data/raw/a.txt", "a.txt", "00", "长沙", "utf-8")
    >>> at_path(p, (), "/srv/data/raw/a.txt")[0].path
    '/srv/data/raw/a.txt'
    >>> at_path(p, (), "data/raw/a.txt")[0] is p
    True
    """
    shown = display_path(path)
    if page.path == shown:
        return page, extractions
    moved = replaced(page, path=shown)
    documents: dict = {}  # one re-pointed document per document, as the entry shares them
    for x in extractions:
        if id(x.document) not in documents:
            documents[id(x.document)] = replaced(x.document, page=moved)
    return moved, tuple(replaced(x, document=documents[id(x.document)]) for x in extractions)


def encode_entry(key: str | None, page: Page, extractions: tuple[Extraction, ...]) -> bytes:
    """A page's result as the bytes of its cache entry: what a worker process sends back
    too (records pickled by field, see :class:`_RecordPickler`: about half the time of
    the dataclasses' own pickling, both ways)."""
    return _pickled_by_field((key, page, tuple(extractions)))


def _pickled_by_field(obj) -> bytes:
    """``obj`` pickled with its records as (class, field values) (:class:`_RecordPickler`)."""
    buf = io.BytesIO()
    _RecordPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def decode_entry(blob: bytes) -> tuple[Page, tuple[Extraction, ...]]:
    """(page, extractions) of bytes made by :func:`encode_entry`."""
    _key, page, extractions = pickle.loads(blob)
    return page, tuple(extractions)


def entry_path(folder: Path, key: str) -> Path:
    """Where the entry of ``key`` lives under the cache ``folder``."""
    return Path(folder) / key[:2] / f"{key}.pkl"


def write_entry(folder: Path, key: str, blob: bytes) -> None:
    """Write an entry atomically under ``folder``; a cache that cannot be written is
    skipped silently.  Safe from worker processes: each key is its own file."""
    _replace_quietly(entry_path(folder, key), blob, f".{key[:8]}.")


def _replace_quietly(path: Path, data: bytes, prefix: str) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``; on
    an OSError (full disk, read-only folder) nothing is left and nothing is raised."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


#: files of the cache folder no version since reads: the TriG and Turtle blocks of
#: the previous build, kept while Oxigraph wrote those files (writing them directly
#: costs less than looking the blocks up), and the JSON-LD nodes, since made part of
#: the graph files' memo (graph.reuse)
RETIRED = ("trig.memo", "turtle.memo", "jsonld.memo")


def _record_fields() -> dict:
    """The field names of every record class (frozen, slotted dataclasses of :mod:`graph.records`)."""
    import dataclasses

    from . import records

    out = {}
    for cls in vars(records).values():
        if isinstance(cls, type) and cls.__module__ == records.__name__ and dataclasses.is_dataclass(cls) \
                and "__slots__" in cls.__dict__:
            out[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return out


_RECORD_FIELDS = _record_fields()
#: each record class's slot setters, in field order (they bypass the frozen __setattr__)
_RECORD_SETTERS = {cls: tuple(cls.__dict__[name].__set__ for name in names) for cls, names in _RECORD_FIELDS.items()}


def _maker(cls):
    """A function making a ``cls`` record from its field values, positionally, that sets
    each slot directly: generated once per class (as dataclasses generate ``__init__``),
    so no loop over the fields and no frozen ``__setattr__`` for each of the ~1.75M
    records of 10,000 pages' entries (~20 % less time to load them than a loop)."""
    setters = _RECORD_SETTERS[cls]
    values = ", ".join(f"v{i}" for i in range(len(setters)))
    lines = [f"def make({values}):", "    obj = new(cls)", *(f"    set{i}(obj, v{i})" for i in range(len(setters))), "    return obj"]
    namespace = {"new": object.__new__, "cls": cls, **{f"set{i}": setter for i, setter in enumerate(setters)}}
    exec("\n".join(lines), namespace)  # noqa: S102 - code made here from the record classes' field count
    return namespace["make"]


_MAKERS = {cls: _maker(cls) for cls in _RECORD_SETTERS}


def _record(cls, values: tuple):
    """A record rebuilt from its field values, as a cache entry stores it.

    What the dataclass's own ``__setstate__`` does, without calling ``fields()`` for
    every object: loading a thousand pages' entries spent most of its time there.
    A class that is not a record (KeyError), or values that do not fit it (TypeError),
    fail: the entry is then recomputed (see :meth:`PageCache.get`).
    """
    return _MAKERS[cls](*values)


class _RecordPickler(pickle.Pickler):
    """Pickles records as (class, field values), rebuilt by :func:`_record`."""

    def reducer_override(self, obj):
        names = _RECORD_FIELDS.get(type(obj))
        if names is None:
            return NotImplemented
        return _record, (type(obj), tuple([getattr(obj, name) for name in names]))


class ResultMemo:
    """Whole-graph results (layouts, graph metrics) kept from one build to the next.

    A result is stored under the hash of everything it is computed from (the caller
    hashes that, see :func:`memo_key`), salted with the code, so a hit is exactly what
    computing it again would give.  One pickle file holds the entries the latest build
    used or made, no others: the file stays the size of one build's results.  An
    unreadable or foreign file is ignored.  ``salt``: what the results depend on
    besides the code and those libraries.
    """

    def __init__(self, path: Path, salt: str = ""):
        import numpy
        import networkx

        self.path = Path(path)
        material = f"{code_hash()}|{numpy.__version__}|{networkx.__version__}|{salt}"
        self.salt = hashlib.sha256(material.encode()).hexdigest()
        self.old: dict = {}
        self.new: dict = {}
        self.hits = 0
        self.misses = 0
        try:
            with open(self.path, "rb") as fh:
                salt, entries = pickle.load(fh)
            if salt == self.salt and isinstance(entries, dict):
                self.old = entries
        except Exception:
            pass

    def get(self, key: str):
        """The stored result, or None."""
        if key in self.new:
            self.hits += 1
            return self.new[key]
        if key in self.old:
            self.hits += 1
            self.new[key] = self.old[key]
            return self.new[key]
        self.misses += 1
        return None

    def put(self, key: str, value) -> None:
        self.new[key] = value

    def keep(self, keys) -> None:
        """Keep the previous build's entries of ``keys`` for the next one (a result that
        was found whole holds them: unread now, they would be left out of the file)."""
        for key in keys:
            if key not in self.new and key in self.old:
                self.new[key] = self.old[key]

    def save(self) -> None:
        """Write the entries of this build atomically (skipped silently if it cannot be)."""
        save_pickle(self.path, (self.salt, self.new))


#: what the latest build kept of each page for the next one's resolve stage, in the cache folder
SUMMARIES_FILE = "pages.memo"
SUMMARIES_FORMAT = "page summaries v1"


class PageSummaries:
    """Each page's :class:`~graph.records.ExtractionNames` (of its documents, by cache
    key), kept from one build to the next.

    After one page more among 10,000, reading every page's entry (~1.75M records) took
    ~2.3 s of the rebuild and ~0.6 GB, for the resolve stage, which reads only the
    names, and for the rdf stage, which takes those documents' statements from its memo
    anyway.  A page's summary is used (:meth:`usable`) only when that memo holds every
    one of its documents; the page's entry stays in the cache for whoever asks for the
    records.  Each page's summary is kept as its own pickle, made when the page is read,
    in one growing buffer (a build holds no more objects than before, nor ~10,000 small
    blocks of memory among the records'); the file holds the pages of the latest build,
    no others.  One that cannot be read, or of another salt, is not used, never an error.
    """

    def __init__(self, folder: Path, salt: str, lexicon: Lexicon, holds=None):
        self.path = Path(folder) / SUMMARIES_FILE
        self.salt, self.lexicon = salt, lexicon
        self.holds = holds  # names -> whether their statements are kept elsewhere; None: never
        self.old: dict = {}  # cache key -> (start, end) of its summary in self.old_bytes
        self.old_bytes = b""
        self.made: dict = {}  # the same of this build's summaries, in self.made_bytes
        self.made_bytes = bytearray()
        try:
            with open(self.path, "rb") as fh:
                fmt, salt_read, index, blob = pickle.loads(fh.read())
            if fmt == SUMMARIES_FORMAT and salt_read == salt and isinstance(index, dict) \
                    and isinstance(blob, bytearray):
                self.old, self.old_bytes = index, blob
        except Exception:
            pass

    @staticmethod
    def likely_of(folder: Path, salt: str) -> bool:
        """Whether the summaries in ``folder`` seem to be of ``salt``, from the file's first
        bytes (its pickle holds the format and the salt first) without loading it: what
        a rebuild decides early on (see :func:`graph.pipeline.warm_worker`); a wrong guess
        costs time, never a result.

        >>> import tempfile; folder = Path(tempfile.mkdtemp())
        >>> save_pickle(folder / SUMMARIES_FILE, (SUMMARIES_FORMAT, "s" * 64, {}, bytearray()))
        >>> PageSummaries.likely_of(folder, "s" * 64), PageSummaries.likely_of(folder, "t" * 64)
        (True, False)
        """
        try:
            with open(Path(folder) / SUMMARIES_FILE, "rb") as fh:
                head = fh.read(512)
        except OSError:
            return False
        return SUMMARIES_FORMAT.encode() in head and salt.encode() in head

    def _keep(self, key: str, blob) -> None:
        start = len(self.made_bytes)
        self.made_bytes += blob
        self.made[key] = (start, len(self.made_bytes))

    def has(self, key: str) -> bool:
        """Whether the previous build summarized the page under ``key``."""
        return key in self.old

    def usable(self, key: str) -> tuple | None:
        """The previous build's (PageRef, names of its documents) of the page under
        ``key``, if every one of its documents' statements is kept (see ``holds``)."""
        span = self.old.get(key)
        if span is None or self.holds is None:
            return None
        try:
            blob = memoryview(self.old_bytes)[span[0]:span[1]]
            ref, names = pickle.loads(blob)
            if not isinstance(ref, PageRef) or not all(isinstance(n, ExtractionNames) for n in names):
                return None
        except Exception:
            return None
        if not self.holds(names):
            return None
        self._keep(key, blob)
        return ref, names

    def note(self, key: str, page: Page, extractions) -> None:
        """Summarize a page read or extracted in full, for the next build."""
        ref = PageRef(page.path, page.name, page.sha256, page.chars)
        names = tuple(replaced(document_names(x, self.lexicon), document=DocumentRef(x.document.id, ref))
                      for x in extractions)
        self._keep(key, _pickled_by_field((ref, names)))

    def save(self) -> None:
        """Write this build's summaries atomically, unless they are the previous build's."""
        if self.made == self.old and self.made_bytes == self.old_bytes:
            return
        save_pickle(self.path, (SUMMARIES_FORMAT, self.salt, self.made, self.made_bytes))


@contextmanager
def memo_in(module, memo: "ResultMemo | None", attribute: str = "_MEMO"):
    """``with memo_in(module, memo):`` what ``module`` computes is looked up in and
    stored to ``memo`` inside the block (the module reads its ``attribute``), and no
    longer after it: the one way the build lends its memos to the stages that keep
    results between builds (names' syllables in :mod:`graph.slug`, layouts in
    :mod:`graph.visualize`, metrics in :mod:`graph.analysis`)."""
    previous = getattr(module, attribute)
    setattr(module, attribute, memo)
    try:
        yield memo
    finally:
        setattr(module, attribute, previous)


def save_pickle(path: Path, obj) -> None:
    """Write a cache file atomically: a temporary file beside it, renamed over it.

    A cache that cannot be written (full disk, read-only folder) is skipped, never an
    error: the next build recomputes what it would have held.
    """
    _replace_quietly(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), f".{path.name}.")


def memo_key(kind: str, material) -> str:
    """The key of a result computed from ``material`` (anything with a faithful repr)."""
    return kind + ":" + hashlib.sha256(repr(material).encode("utf-8")).hexdigest()


def graph_digest(graph) -> str:
    """A digest of a networkx graph's nodes and of each one's neighbours, in order: all
    the metrics and the page's layout read of it, as part of their results' keys.
    The neighbours are hashed as their places among the nodes, in integer arrays: the
    repr of every adjacency list took ~0.5 s at 10,000 pages, for each key made.

    >>> import networkx as nx
    >>> a, b = nx.Graph([("x", "y"), ("y", "z")]), nx.Graph([("x", "y"), ("x", "z")])
    >>> graph_digest(a) == graph_digest(nx.Graph(a)), graph_digest(a) == graph_digest(b)
    (True, False)
    """
    import numpy as np

    nodes = list(graph)
    place = {u: i for i, u in enumerate(nodes)}
    adjacency = list(graph.adjacency())  # (node, its neighbours' dict), in the nodes' order
    degrees = np.fromiter((len(around) for _u, around in adjacency), dtype=np.int64, count=len(nodes))
    neighbours = np.fromiter((place[v] for _u, around in adjacency for v in around), dtype=np.int64,
                             count=int(degrees.sum()))
    h = hashlib.sha256(repr(nodes).encode("utf-8"))
    h.update(degrees.tobytes())
    h.update(neighbours.tobytes())
    return h.hexdigest()
