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
import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """Space-separated toneless pinyin of the Han characters of ``text``.

    >>> pinyin("萍乡市")
    'ping xiang shi'
    """
    words = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [s])
    return " ".join(p for w in words for p in _NON_SLUG.split(w.lower()) if p)


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lower-case ASCII slug: pinyin syllables and ASCII words joined by ``-``."""
    words = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [s])
    parts = [p for w in words for p in _NON_SLUG.split(w.lower()) if p]
    slug = "-".join(parts)
    return slug or "x-" + short_hash(text)


def add_phrases(readings: dict[str, str]) -> None:
    """Teach pypinyin domain readings it gets wrong (长株潭 is cháng, not zhǎng).

    ``readings`` maps a phrase to its space-separated toneless or toned pinyin,
    one syllable per character.
    """
    from pypinyin import load_phrases_dict

    load_phrases_dict({k: [[s] for s in v.split()] for k, v in readings.items()})
    pinyin.cache_clear()
    slugify.cache_clear()


def short_hash(text: str, n: int = 6) -> str:
    """First ``n`` hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]
