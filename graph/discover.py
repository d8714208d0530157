"""Find entities the lexicon does not know: places, organisations, people.

jieba's dictionary marks place names (``ns``); an Aho-Corasick automaton over those
words finds candidates and jieba segments only the clause around a candidate (or the
short window after a place) to confirm it, which keeps the extract stage fast (see
``benchmarks/bench_extract.py``).  Three declared rules (``rules.toml`` [discover])
build candidates:

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


@lru_cache(maxsize=1)
def _place_automaton():
    """Aho-Corasick over jieba's place-name words (tag ``ns``), built once at start-up."""
    import ahocorasick

    _, tags = _jieba()
    stop = _config()[0]
    auto = ahocorasick.Automaton()
    for word, tag in tags.items():
        if tag == "ns" and len(word) >= 2 and word not in stop and _HAN.fullmatch(word):
            auto.add_word(word, word)
    auto.make_automaton()
    return auto


_HAN = re.compile(r"[一-龥]+")


def is_place_word(word: str) -> bool:
    """True when jieba's dictionary tags ``word`` as a place name (ns)."""
    return _jieba()[1].get(word) == "ns"

#: jieba segments runs of these characters independently of each other
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
_CLAUSE_END = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    jieba, tags = _jieba()
    return tuple((w, tags.get(w, "x")) for w in jieba.cut(text, HMM=False))


def cut_words(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of ``text`` (no HMM) with their dictionary tags."""
    return _cut(text)


def tokens(view: str, start: int, end: int) -> list[Token]:
    """jieba tokens (no HMM: deterministic dictionary segmentation) with POS tags."""
    out = []
    pos = start
    for word, tag in _cut(view[start:end]):
        out.append(Token(pos, pos + len(word), word, tag))
        pos += len(word)
    return out


def _clause(view: str, start: int, end: int, s: int, e: int) -> tuple[int, int]:
    a = s
    while a > start and _BLOCK.match(view[a - 1]):
        a -= 1
    b = e
    while b < end and _BLOCK.match(view[b]):
        b += 1
    return a, b


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
        re.compile(d["person_byline_line"]),
        re.compile(d["strong_places"]),
    )


def place_class(name: str) -> str:
    _, suffixes, *_ = _config()
    for suffix, cls in suffixes:
        if name.endswith(suffix):
            return cls
    return "Region"


def places(view: str, start: int, end: int, known=lambda s, e: False) -> list[tuple[int, int, str, str]]:
    """(start, end, name, class) of place names the lexicon does not know.

    Candidates are jieba's place words (``ns``) found by Aho-Corasick; a candidate
    counts only where jieba's segmentation of its clause makes it a whole token, so
    the result equals segmenting the whole text while only clauses with a candidate
    are segmented.  ``known(s, e)`` tells spans already named by the lexicon.
    """
    hits = []
    for e, w in _place_automaton().iter(view, start, end):
        s = e + 1 - len(w)
        if not known(s, e + 1):
            hits.append((s, e + 1, w))
    hits.sort(key=lambda h: (h[0], -h[1]))
    out = []
    verified: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for s, e, w in hits:
        a, b = _clause(view, start, end, s, e)
        if (a, b) not in verified:
            toks, pos = set(), a
            for word, tag in _cut(view[a:b]):
                if tag == "ns":
                    toks.add((pos, pos + len(word)))
                pos += len(word)
            verified[(a, b)] = toks
        if (s, e) in verified[(a, b)] and not _suffix_only().fullmatch(w):
            out.append((s, e, w, place_class(w)))
    return out


def is_place_name(word: str) -> bool:
    """An unknown place word needs a real administrative suffix (太原市, 墨脱县, 阿拉善盟)
    or, without one, enough support in jieba's dictionary to be a name people write
    (巴黎, 越南, 东南亚: frequency ≥ rules.toml discover.bare_place_min_freq): the
    dictionary also tags rare readings of common words as places (通江 in 通江达海, 临港
    in 临港产业, 阳湖 in 松阳湖, 山水相连).  Stop words never count."""
    stop, suffixes, *_ = _config()
    if word in stop or len(word) < 2 or _suffix_only().fullmatch(word):
        return False
    if any(word.endswith(sfx) and len(word) > len(sfx) for sfx, _cls in suffixes):
        return True
    jieba, _tags = _jieba()
    return jieba.dt.FREQ.get(word, 0) >= rules()["discover"]["bare_place_min_freq"]


def _noun_like(t: Token, inner: frozenset[str]) -> bool:
    if t.text in inner:
        return True
    if not _HAN.fullmatch(t.text):
        return False
    return t.tag.startswith(("n", "j", "b")) or t.tag in ("vn", "x", "an", "l")


ORG_WINDOW = 24


def organizations(view: str, end: int, place_starts: dict[int, int]) -> list[tuple[int, int]]:
    """(start, end) of place-anchored organisation names: 太原市 + 规划和自然资源局."""
    _, _, suffixes, inner, *_ = _config()
    return named_after_place(view, end, place_starts, suffixes, inner, through_places=False)


_CONJUNCTIONS = frozenset({"和", "及", "与"})


def facilities(view: str, end: int, place_starts: dict[int, int]) -> list[tuple[int, int, str]]:
    """(start, end, class) of place-anchored facilities: 萍乡 + 北站, 广州 + 南沙 + 港."""
    table = rules()["discover"]["facility_suffixes"]
    suffixes = tuple(sorted(table, key=len, reverse=True))
    inner = _config()[3] - _CONJUNCTIONS  # "…高速公路和衡阳南岳机场" is two names
    out = []
    for s, e in named_after_place(view, end, place_starts, suffixes, inner, through_places=True):
        sfx = next(x for x in suffixes if view.endswith(x, s, e))
        out.append((s, e, table[sfx]))
    return out


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)))


def named_after_place(
    view: str, end: int, place_starts: dict[int, int], suffixes: tuple[str, ...], inner: frozenset[str], through_places: bool
) -> list[tuple[int, int]]:
    """(start, end) of names made of a place, noun words and one of ``suffixes``.

    ``place_starts`` maps the end offset of every place mention to its start.  Only
    the short window after a place that contains a suffix is segmented.
    """
    out = []
    place_ends_at = set(place_starts.values())  # another place starts here: the name has ended
    for p_end, p_start in sorted(place_starts.items()):
        w_end = min(end, p_end + ORG_WINDOW)
        window = view[p_end:w_end]
        cut = _CLAUSE_END.search(window)
        if cut:
            window = window[: cut.start()]
        if not window or not _any_of(suffixes).search(window):
            continue
        best, pos = None, p_end
        for j, (word, tag) in enumerate(_cut(window)):
            t = Token(pos, pos + len(word), word, tag)
            pos = t.end
            if j < 8 and len(t.text) == 1 and view.endswith(suffixes, p_end, t.end):
                best = t.end  # a suffix spread over tokens, ending in a character ("发展改革|委")
                continue
            if j >= 8 or not _noun_like(t, inner):
                break
            if not through_places and (t.tag == "ns" or (t.start in place_ends_at and j > 0)) and t.text not in suffixes:
                break  # another place: the body is its own ("清远市|连州市人民政府")
            if t.text in _suffix_stopwords():
                break  # "主办", "承办": a verb that ends like 办, not a body's name
            if t.text.endswith(suffixes):
                best = t.end
        if best is not None and best - p_start <= ORG_WINDOW:
            out.append((p_start, best))
    return out


@lru_cache(maxsize=1)
def _suffix_only() -> re.Pattern:
    return re.compile(rules()["discover"]["suffix_only_place"])


@lru_cache(maxsize=1)
def _suffix_stopwords() -> frozenset[str]:
    return frozenset(rules()["discover"].get("suffix_stopwords", ()))


def strong_places(view: str, start: int, end: int):
    """Matches of the declared strong-suffix place pattern (民族乡, 产业园区 …)."""
    return _config()[-1].finditer(view, start, end)


def people(view: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, role) of person names after titles and in byline parentheses."""
    *_, after_title, in_byline, byline_line, _strong = _config()
    out = []
    for m in after_title.finditer(view, start, end):
        out.append((m.start("name"), m.end("name"), m.group("title")))
    for m in [*in_byline.finditer(view, start, end), *byline_line.finditer(view[:end], start)]:
        body_start = m.start("body")
        for part in re.finditer(r"(?P<role>记者|实习生|通讯员|摄影|编辑)\s*(?P<names>[一-龥\s]+?)(?=记者|实习生|通讯员|摄影|编辑|$)", m.group("body")):
            for name in re.finditer(r"[一-龥]{2,4}", part.group("names")):
                out.append((body_start + part.start("names") + name.start(), body_start + part.start("names") + name.end(), part.group("role")))
    return out
