"""Find entities the lexicon does not know: places, organisations, people.

jieba segments the text and its dictionary's part-of-speech table marks place names
(``ns``).  From those tokens three declared rules (``rules.toml`` [discover]) build
candidates:

* a place token (太原市, 东莞市, 墨脱县) is a Place, its class read from its suffix;
* a place followed by a run of noun tokens ending in an organisation suffix
  (太原市 + 规划 和 自然资源 + 局) is an Organization;
* a person's name after a title (市委书记李谦常, 副市长禹敏) or in a byline
  parenthesis ((记者 刘丹艳 通讯员 方翔)) is a Person, the title kept as their role.

Everything runs on the Simplified view; offsets are page offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import rules


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    tag: str


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, posseg.dt.word_tag_tab


def tokens(view: str, start: int, end: int) -> list[Token]:
    """jieba tokens (no HMM: deterministic dictionary segmentation) with POS tags."""
    jieba, tags = _jieba()
    out = []
    pos = start
    for word in jieba.cut(view[start:end], HMM=False):
        out.append(Token(pos, pos + len(word), word, tags.get(word, "x")))
        pos += len(word)
    return out


@lru_cache(maxsize=1)
def _config():
    d = rules()["discover"]
    return (
        frozenset(d["place_stopwords"]),
        tuple(sorted(d["place_suffix_classes"].items(), key=lambda kv: -len(kv[0]))),
        tuple(sorted(d["organization_suffixes"], key=len, reverse=True)),
        frozenset(d["organization_inner_words"]),
        re.compile(d["person_after_title"]),
        re.compile(d["person_in_byline"]),
    )


def place_class(name: str) -> str:
    _, suffixes, *_ = _config()
    for suffix, cls in suffixes:
        if name.endswith(suffix):
            return cls
    return "Region"


def places(toks: list[Token]) -> list[tuple[int, int, str, str]]:
    """(start, end, name, class) of place-name tokens."""
    stop, *_ = _config()
    return [
        (t.start, t.end, t.text, place_class(t.text))
        for t in toks
        if t.tag == "ns" and len(t.text) >= 2 and t.text not in stop and re.fullmatch(r"[一-龥]+", t.text)
    ]


def _noun_like(t: Token, inner: frozenset[str]) -> bool:
    if t.text in inner:
        return True
    if not re.fullmatch(r"[一-龥]+", t.text):
        return False
    return t.tag.startswith(("n", "j", "b")) or t.tag in ("vn", "x", "an", "l")


def organizations(toks: list[Token], place_starts: dict[int, int]) -> list[tuple[int, int]]:
    """(start, end) of place-anchored organisation names: 太原市 + 规划和自然资源局.

    ``place_starts`` maps the end offset of every place mention to its start.
    """
    _, _, suffixes, inner, *_ = _config()
    out = []
    by_start = {t.start: i for i, t in enumerate(toks)}
    place_ends_at = set(place_starts.values())  # another place starts here: the name has ended
    for p_end, p_start in place_starts.items():
        i = by_start.get(p_end)
        if i is None:
            continue
        best = None
        for j in range(i, min(i + 8, len(toks))):
            t = toks[j]
            if not _noun_like(t, inner) or (t.tag == "ns" and j > i) or (t.start in place_ends_at and j > i):
                break
            if t.text.endswith(suffixes):
                best = t.end
        if best is not None and best - p_start <= 24:
            out.append((p_start, best))
    return out


def people(view: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, role) of person names after titles and in byline parentheses."""
    *_, after_title, in_byline = _config()
    out = []
    for m in after_title.finditer(view, start, end):
        out.append((m.start("name"), m.end("name"), m.group("title")))
    for m in in_byline.finditer(view, start, end):
        body_start = m.start("body")
        for part in re.finditer(r"(?P<role>记者|实习生|通讯员|摄影|编辑)\s*(?P<names>[一-龥\s]+?)(?=记者|实习生|通讯员|摄影|编辑|$)", m.group("body")):
            for name in re.finditer(r"[一-龥]{2,4}", part.group("names")):
                out.append((body_start + part.start("names") + name.start(), body_start + part.start("names") + name.end(), part.group("role")))
    return out
