"""Readable, stable IRI slugs from Chinese names (pinyin), never from run order.

>>> slugify("长沙市")
'chang-sha-shi'
>>> slugify("“六医联动”智能化信息平台")
'liu-yi-lian-dong-zhi-neng-hua-xin-xi-ping-tai'
>>> slugify("5G+工业互联网")
'5g-gong-ye-hu-lian-wang'
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

_NON_SLUG = re.compile(r"[^a-z0-9]+")


#: syllables of the names an earlier build read (a graph.cache.ResultMemo), lent by
#: graph.build through graph.cache.memo_in (resolve slugs some 24,000 found names at
#: 10,000 pages, ~1 s of pypinyin, though only a new page's are new); None: pypinyin
#: is asked for every name
_MEMO = None

#: syllables the build's extraction workers worked out for the names of their pages,
#: while the build takes them (see :func:`offers_taken`); None: none are taken
_OFFERED: "_Offers | None" = None

#: the pypinyin module once a name's reading was asked of it (see :func:`_pypinyin`)
_PYPINYIN = None


def _pypinyin():
    """pypinyin, imported on the first reading asked of it, with the domain readings
    taught (:func:`add_phrases`): importing it loads its phrase dictionary (~0.25 s,
    ~55 MB that every process forked after it would hold too), which a build whose
    names the memo and its workers (:func:`offer`) know does not need."""
    global _PYPINYIN
    if _PYPINYIN is None:
        import pypinyin

        if _READINGS:
            _teach(pypinyin, _READINGS)
        _PYPINYIN = pypinyin
    return _PYPINYIN


def _teach(pypinyin, readings: dict[str, str]) -> None:
    """Give pypinyin ``readings`` (phrase -> syllables separated by spaces)."""
    pypinyin.load_phrases_dict({k: [[s] for s in v.split()] for k, v in readings.items()})


def _syllables(text: str) -> tuple[str, ...]:
    """The toneless pinyin syllables and ASCII words of ``text``, lower case: what both
    :func:`pinyin` and :func:`slugify` are made of (pypinyin is asked once a name, and
    not at all for a name in :data:`_MEMO` or offered by a worker)."""
    memo = _MEMO
    if memo is not None:
        found = memo.get(text)
        if found is not None:
            return found
    found = _OFFERED.get(text) if _OFFERED is not None else None
    if found is None:
        found = _reading(text)
    if memo is not None:
        memo.put(text, found)
    return found


@lru_cache(maxsize=65536)
def _reading(text: str) -> tuple[str, ...]:
    pypinyin = _pypinyin()
    words = pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=lambda s: [s])
    return tuple(p for w in words for p in _NON_SLUG.split(w.lower()) if p)


def readings(texts) -> tuple[str, bytes]:
    """(:func:`readings_salt`, each of ``texts``' syllables as :func:`pinyin` and
    :func:`slugify` read them, pickled): what the build's extraction workers work out
    for their pages' names (see :func:`offer`)."""
    return readings_salt(), pickle.dumps({text: _reading(text) for text in texts}, protocol=pickle.HIGHEST_PROTOCOL)


class _Offers:
    """The syllables offered to a build, kept as the bytes they came in until a name
    is first looked up (resolve), so that the many small objects they make are not
    scattered among the pages' records while those are extracted: their memory would
    then not be given back when the records go, at the build's peak."""

    def __init__(self) -> None:
        self.pending: list[bytes] = []
        self.found: dict[str, tuple[str, ...]] = {}

    def get(self, text: str) -> tuple[str, ...] | None:
        if self.pending:
            for blob in self.pending:
                self.found.update(pickle.loads(blob))
            self.pending.clear()
        return self.found.get(text)


@contextmanager
def offers_taken():
    """``with offers_taken():`` syllables offered (:func:`offer`) inside the block are
    used for the names looked up in it (until :func:`offers_used`)."""
    global _OFFERED
    previous, _OFFERED = _OFFERED, _Offers()
    try:
        yield
    finally:
        _OFFERED = previous


def offers_used() -> None:
    """Let go of the syllables offered so far (resolve has read them): a name looked up
    after this is read by pypinyin."""
    if _OFFERED is not None:
        _OFFERED.pending.clear()
        _OFFERED.found.clear()


def taking_offers() -> bool:
    """Whether syllables offered now would be taken (inside :func:`offers_taken`)."""
    return _OFFERED is not None


def offer(found: tuple[str, bytes] | None) -> None:
    """Syllables another process of this build worked out (:func:`readings`), taken
    inside :func:`offers_taken` if they were read under this process's pypinyin and
    domain readings (a worker that was not forked from it may lack the readings), so
    that the build process need not load pypinyin for them.

    >>> from graph import slug
    >>> with offers_taken():
    ...     offer(("another salt", pickle.dumps({"长株潭": ("zhang", "zhu", "tan")})))
    ...     offer(readings(["长沙"]))
    ...     slug._OFFERED.get("长株潭"), slug._OFFERED.get("长沙")
    (None, ('chang', 'sha'))
    """
    if _OFFERED is not None and found:
        salt, syllables = found
        if salt == readings_salt():
            _OFFERED.pending.append(syllables)


def readings_salt() -> str:
    """What a name's syllables depend on besides the code: pypinyin and the domain
    readings (its version read from its installed metadata, without importing it)."""
    return _pypinyin_version() + json.dumps(_READINGS, sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=1)
def _pypinyin_version() -> str:
    """pypinyin's installed version, read once a process (~0.4 ms a read, and the salt is
    asked for each chunk of pages a worker sends and the build takes)."""
    from importlib.metadata import version

    return version("pypinyin")


def pinyin(text: str) -> str:
    """Space-separated toneless pinyin of the Han characters of ``text``.

    >>> pinyin("萍乡市")
    'ping xiang shi'
    """
    return " ".join(_syllables(text))


def slugify(text: str) -> str:
    """Lower-case ASCII slug: pinyin syllables and ASCII words joined by ``-``."""
    slug = "-".join(_syllables(text))
    return slug or "x-" + short_hash(text)


def cache_dir() -> Path | None:
    """Where computed slugs are cached (``$CZT_KG_CACHE`` or ``~/.cache/czt-kg``)."""
    root = os.environ.get("CZT_KG_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "czt-kg")
    return Path(root)


_READINGS: dict[str, str] = {}


def slugs_for(labels: list[str]) -> dict[str, str]:
    """Slugs of many labels at once, cached on disk between runs.

    pypinyin needs ~45 µs a character; a lexicon of thousands of generated agency
    names would cost seconds at every start.  The cache file is keyed by the pypinyin
    version and the domain readings, so a change to either recomputes.
    """
    key = short_hash(readings_salt(), 12)
    folder = cache_dir()
    path = folder / f"slugs-{key}.json" if folder else None
    cached: dict[str, str] = {}
    if path is not None and path.is_file():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = {}
    missing = [label for label in dict.fromkeys(labels) if label not in cached]
    for label in missing:
        cached[label] = slugify(label)
    if missing and path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(cached, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home only costs time
    return {label: cached[label] for label in labels}


def add_phrases(readings: dict[str, str]) -> None:
    """Teach pypinyin domain readings it gets wrong (长株潭 is cháng, not zhǎng).

    ``readings`` maps a phrase to its space-separated toneless or toned pinyin,
    one syllable per character.  Taught at once if pypinyin is loaded, else when it is
    (see :func:`_pypinyin`).
    """
    _READINGS.update(readings)
    if _PYPINYIN is not None:
        _teach(_PYPINYIN, readings)
    _reading.cache_clear()


def short_hash(text: str, n: int = 6) -> str:
    """First ``n`` hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]
