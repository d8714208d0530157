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
from math import log

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


#: stands for every character no place word uses when the automaton scans a text
_OTHER = "\ue000"
#: never occurs in a scanned text (it is not a place-word character either)
_NEVER = "\ue001"


@lru_cache(maxsize=1)
def _place_automaton():
    """Aho-Corasick over jieba's place-name words (tag ``ns``), built once at start-up.

    Returns ``(automaton, others)``: scan ``others.sub(_OTHER, text)``, see
    :func:`_place_hits`.  pyahocorasick finds a node's child by a linear scan of its
    children, and the root has one child per first character of a word (~1,400), so
    scanning the page as it is cost a long root scan for almost every character (the
    largest cost of this step).  Hence every character the words use gets a root child
    (a word ``c + _NEVER`` that can never match), most frequent first by jieba's
    single-character frequency, with ``_OTHER`` before them all; the text is scanned
    with every character outside the words' alphabet replaced by ``_OTHER`` (same
    length, so offsets hold).  The added words end in ``_NEVER``, which no scanned text
    holds, so the matches are exactly the place words' matches in the original text.
    """
    import ahocorasick

    jieba, tags = _jieba()
    stop = _config()[0]
    words = sorted(w for w, tag in tags.items() if tag == "ns" and len(w) >= 2 and w not in stop and _HAN.fullmatch(w))
    alphabet = sorted({c for w in words for c in w}, key=lambda c: (-jieba.dt.FREQ.get(c, 0), c))
    auto = ahocorasick.Automaton()
    for c in [_OTHER, *alphabet]:
        auto.add_word(c + _NEVER, None)
    for word in words:
        auto.add_word(word, word)
    auto.make_automaton()
    return auto, re.compile("[^" + "".join(alphabet) + "]")


def _place_hits(view: str, start: int, end: int):
    """(start, end, word) of every jieba place word in ``view[start:end]`` (overlaps included)."""
    auto, others = _place_automaton()
    for last, word in auto.iter(others.sub(_OTHER, view[start:end])):
        yield start + last + 1 - len(word), start + last + 1, word


_HAN = re.compile(r"[一-龥]+")


def is_place_word(word: str) -> bool:
    """True when jieba's dictionary tags ``word`` as a place name (ns)."""
    return _jieba()[1].get(word) == "ns"

#: a run of the characters jieba segments together (its ``re_han_default``): jieba
#: cuts each run independently of the rest of the text
_ONE_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_CLAUSE_END = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    jieba, tags = _jieba()
    words = _segment_block(text) if _ONE_BLOCK.fullmatch(text) else jieba.cut(text, HMM=False)
    if len(_TAGS) > _SCORES_MAX:
        _TAGS.clear()
    memo = _TAGS.get
    out = []
    for w in words:
        tag = memo(w)
        if tag is None:  # (a small table of the words seen: jieba's has 350,000 entries)
            tag = _TAGS[w] = tags.get(w, "x")
        out.append((w, tag))
    return tuple(out)


#: word → jieba's tag ("x" when it has none), for the words segmented so far
_TAGS: dict[str, str] = {}


#: word → its score ``log(freq) - log(total)`` (``_PREFIX`` for a prefix of frequency 0,
#: ``_NOWORD`` for no word or prefix), for the (dictionary, total) in ``_SCORES[0]``
_SCORES: list = [None, None, {}]
_PREFIX = object()
_NOWORD = object()
#: the memo is cleared past this many fragments (a long run over varied text)
_SCORES_MAX = 1 << 20


def _best_splits(block: str, freq: dict, logtotal: float) -> list[int]:
    """For every start k, the last index of the first word of jieba's best
    segmentation of ``block[k:]`` (``Tokenizer.get_DAG`` + ``Tokenizer.calc`` in one
    backward pass).

    The words starting at k are the prefixes ``block[k:i + 1]`` with a non-zero
    dictionary frequency (the dictionary also lists every prefix of a word, with
    frequency 0, so the scan stops at the first non-prefix), or the single character
    k when there is none.  A word scores ``log(freq) - log(total)`` plus the best
    score of the rest, added in the same order as jieba so the floats are the same;
    ascending i with ``>=`` lets the later end win a tie, as ``max`` over
    ``(score, i)`` does.  A fragment's own score (the same float: it depends on the
    dictionary alone) is computed once and kept (``_SCORES``): the ``log`` per word
    was half the cost of the pass.
    """
    if _SCORES[0] is not freq or _SCORES[1] != logtotal or len(_SCORES[2]) > _SCORES_MAX:
        _SCORES[:] = [freq, logtotal, {}]
    memo = _SCORES[2]
    mget = memo.get
    get = freq.get
    n = len(block)
    score = [0.0] * (n + 1)  # best log-probability of block[k:]
    last = [0] * n
    for k in range(n - 1, -1, -1):
        best, best_i = None, k
        i, frag = k, block[k]
        while i < n:
            v = mget(frag)
            if v is None:
                f = get(frag)
                v = memo[frag] = _NOWORD if f is None else (log(f) - logtotal if f else _PREFIX)
            if v is _NOWORD:  # no dictionary word starts with frag
                break
            if v is not _PREFIX:
                s = v + score[i + 1]
                if best is None or s >= best:
                    best, best_i = s, i
            i += 1
            frag = block[k : i + 1]
        if best is None:  # no word starts here: the character alone
            best = log(get(block[k]) or 1) - logtotal + score[k + 1]
        score[k], last[k] = best, best_i
    return last


def _segment_block(block: str) -> list[str]:
    """``jieba.cut(block, HMM=False)`` for a text that is one run of jieba's block
    characters (no punctuation or space), as the clauses and windows segmented here are.

    The same dictionary, DAG, scores and tie-break (:func:`_best_splits`), and single
    ASCII letters or digits are joined as jieba joins them, so the words are identical
    (checked against ``jieba.cut`` on every block of the bundled pages and 30,000
    random ones).  What it saves is jieba's per-call work (regex split, generators, a
    DAG dict and a route dict of tuples), which costs more than the segmentation itself
    on the short texts cut here.
    """
    jieba, _ = _jieba()
    last = _best_splits(block, jieba.dt.FREQ, log(jieba.dt.total))
    n = len(block)
    words, ascii_run, k = [], "", 0
    while k < n:
        word = block[k : last[k] + 1]
        k = last[k] + 1
        if len(word) == 1 and word in _ASCII_ALNUM:
            ascii_run += word  # "5G", "G60": jieba keeps a run of single ASCII characters whole
            continue
        if ascii_run:
            words.append(ascii_run)
            ascii_run = ""
        words.append(word)
    if ascii_run:
        words.append(ascii_run)
    return words


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
    hits = sorted(((s, e, w) for s, e, w in _place_hits(view, start, end) if not known(s, e)), key=lambda h: (h[0], -h[1]))
    clauses = _ONE_BLOCK.finditer(view, start, end)  # the runs jieba segments on their own, in order
    clause = None
    out = []
    verified: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for s, e, w in hits:
        while clause is None or clause.end() < e:  # a place word lies inside one run
            clause = next(clauses)
        if clause.span() not in verified:
            verified[clause.span()] = _place_tokens(view, *clause.span())
        if (s, e) in verified[clause.span()] and not _suffix_only().fullmatch(w):
            out.append((s, e, w, place_class(w)))
    return out


def _place_tokens(view: str, a: int, b: int) -> set[tuple[int, int]]:
    """(start, end) of the tokens jieba tags ``ns`` in its segmentation of view[a:b]."""
    toks, pos = set(), a
    for word, tag in _cut(view[a:b]):
        if tag == "ns":
            toks.add((pos, pos + len(word)))
        pos += len(word)
    return toks


def is_place_name(word: str) -> bool:
    """An unknown place word needs a real administrative suffix (太原市, 墨脱县, 阿拉善盟)
    or, without one, enough support in jieba's dictionary to be a name people write
    (巴黎, 越南, 东南亚: frequency ≥ rules.toml discover.bare_place_min_freq): the
    dictionary also tags rare readings of common words as places (通江 in 通江达海, 临港
    in 临港产业, 阳湖 in 松阳湖, 山水相连).  Stop words never count."""
    stop, suffixes, *_ = _config()
    if word in stop or len(word) < 2 or _suffix_only().fullmatch(word) or _place_reject().match(word):
        return False
    if any(word.endswith(sfx) and len(word) > len(sfx) for sfx, _cls in suffixes):
        return True
    jieba, _tags = _jieba()
    return jieba.dt.FREQ.get(word, 0) >= rules()["discover"]["bare_place_min_freq"]


def _noun_like(word: str, tag: str, inner: frozenset[str]) -> bool:
    if word in inner:
        return True
    if not _HAN.fullmatch(word):
        return False
    return tag.startswith(("n", "j", "b")) or tag in ("vn", "x", "an", "l")


ORG_WINDOW = 24


def organizations(view: str, end: int, place_starts: dict[int, int], units: frozenset[int] = frozenset(), provinces: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) of place-anchored organisation names: 太原市 + 规划和自然资源局.

    ``units`` are the starts of administrative units and ``provinces`` the ends of provinces:
    a body written after a chain of units is the last unit's ("荆州市|公安县人民政府"), and a
    province before a place that is no unit opens the body's name ("湖南省洞庭湖水利事务中心")."""
    _, _, suffixes, inner, *_ = _config()
    return named_after_place(view, end, place_starts, suffixes, inner, through_places=False, units=units, provinces=provinces)


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
    view: str, end: int, place_starts: dict[int, int], suffixes: tuple[str, ...], inner: frozenset[str], through_places: bool,
    units: frozenset[int] = frozenset(), provinces: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """(start, end) of names made of a place, noun words and one of ``suffixes``.

    ``place_starts`` maps the end offset of every place mention to its start.  Only
    the short window after a place that contains a suffix is segmented.
    """
    out = []
    place_ends_at = set(place_starts.values())  # another place starts here: the name has ended
    has_suffix = _any_of(suffixes).search
    stopwords = _suffix_stopwords()
    common = _config()[0]  # place stop words (城市, 中心): common nouns, no other place
    end_of = {s: e for e, s in place_starts.items()} if provinces else {}
    for p_end, p_start in sorted(place_starts.items()):
        # a place that is no unit right after a province is read whole into the body's name
        # ("湖南省|南岳衡山|风景名胜区管理局"): its words are no other place there
        inside = end_of.get(p_end, p_end) if p_end in provinces and p_end not in units else p_end
        window = view[p_end : min(end, p_end + ORG_WINDOW)]
        cut = _CLAUSE_END.search(window)
        if cut:
            window = window[: cut.start()]
        if not window or not has_suffix(window):
            continue
        best, pos = None, p_end
        for j, (word, tag) in enumerate(_cut(window)):
            w_start, pos = pos, pos + len(word)
            if j < 8 and len(word) == 1 and view.endswith(suffixes, p_end, pos):
                best = pos  # a suffix spread over tokens, ending in a character ("发展改革|委")
                continue
            if j >= 8 or not _noun_like(word, tag, inner):
                break
            if not through_places and word not in suffixes and pos > inside and (
                w_start in units  # a lower unit: the body is its own, even right after its parent ("荆州市|公安县人民政府")
                or (tag == "ns" and word not in common and not (j == 0 and p_end in provinces))
                or (w_start in place_ends_at and j > 0)
            ):
                break  # another place: the body is its own ("清远市|连州市人民政府"; not a common word: "中国|城市|规划设计研究院";
                # a lake or a region right after its province is part of the body's name: "湖南省|洞庭湖水利事务中心")
            if word in stopwords:
                break  # "主办", "承办": a verb that ends like 办, not a body's name
            if word.endswith(suffixes):
                best = pos
        if best is not None and best - p_start <= ORG_WINDOW:
            out.append((p_start, best))
    return out


@lru_cache(maxsize=1)
def _suffix_only() -> re.Pattern:
    return re.compile(rules()["discover"]["suffix_only_place"])


@lru_cache(maxsize=1)
def _place_reject() -> re.Pattern:
    """Words no place is named by (rules.toml discover.place_reject): "三镇", "两县"."""
    return re.compile(rules()["discover"].get("place_reject", "(?!)"))


@lru_cache(maxsize=1)
def _continuations() -> tuple[str, ...]:
    return tuple(sorted(rules()["discover"].get("place_name_continuations", ()), key=len, reverse=True))


def continues_a_name(view: str, end: int, word: str) -> bool:
    """A place word without a unit's suffix written right before a kind of place
    (rules.toml discover.place_name_continuations: "南山|国家公园", "松山|湖") opens a longer
    name: it is no place of its own."""
    _, suffixes, *_ = _config()
    if any(word.endswith(sfx) for sfx, _cls in suffixes):
        return False
    return view.startswith(_continuations(), end)


def is_common_place_word(word: str) -> bool:
    """A word of rules.toml discover.place_stopwords (城区, 古镇): a common noun, even where
    a gazetteer also lists it as a unit's name (汕尾市城区)."""
    return word in _config()[0]


@lru_cache(maxsize=1)
def _suffix_stopwords() -> frozenset[str]:
    return frozenset(rules()["discover"].get("suffix_stopwords", ()))


def strong_places(view: str, start: int, end: int):
    """Matches of the declared strong-suffix place pattern (民族乡, 产业园区 …)."""
    return _config()[-1].finditer(view, start, end)


def people(view: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, role) of person names after titles and in byline parentheses."""
    return list(_people(view, start, end))


@lru_cache(maxsize=1)
def _people(view: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """:func:`people`, kept for the last (view, span) only: the extract stage asks twice
    per document (for the people, and for the bodies their titles imply), and the title
    pattern is a long alternation tried at every character.  A pure function of its
    arguments, so nothing carries over between documents but the answer to the same
    question."""
    *_, after_title, in_byline, byline_line, _strong = _config()
    out = []
    for m in after_title.finditer(view, start, end):
        out.append((m.start("name"), m.end("name"), m.group("title")))
    out.extend(_speakers(view, start, end))
    # (endpos reads the text as if it ended at ``end``, as slicing it there would)
    for m in [*in_byline.finditer(view, start, end), *byline_line.finditer(view, start, end)]:
        body_start = m.start("body")
        for part in _BYLINE_PART.finditer(m.group("body")):
            for name in _BYLINE_NAME.finditer(part.group("names")):
                out.append((body_start + part.start("names") + name.start(), body_start + part.start("names") + name.end(), part.group("role")))
    return tuple(out)


@lru_cache(maxsize=1)
def _speaker_rules():
    d = rules()["discover"]
    surnames = frozenset(rules()["recall"]["surnames"])
    return re.compile(d["interview_page"]), re.compile(d["speaker_line"]), surnames, tuple(d["compound_surnames"])


def _speakers(view: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Speakers of an interview ("记者:…?" then "欧阳建华:我们…"): a name of two to four characters
    opening a line before a colon, on a page with an interviewer's line (rules.toml discover
    interview_page, speaker_line).  The name opens with a surname (recall.surnames or
    discover.compound_surnames) and is no dictionary word of another kind (时间, 任务: jieba tags
    them as nouns), so section labels ("主要任务:") are not taken."""
    page, line, surnames, compound = _speaker_rules()
    if page.search(view, start, end) is None:
        return []
    tags = _jieba()[1]
    out = []
    for m in line.finditer(view, start, end):
        name = m.group("name")
        if not (name.startswith(compound) or (name[0] in surnames and len(name) <= 3)):
            continue
        tag = tags.get(name)
        if tag is not None and not tag.startswith("nr"):
            continue
        out.append((m.start("name"), m.end("name"), "受访者"))
    return out


_BYLINE_PART = re.compile(r"(?P<role>记者|实习生|通讯员|摄影|编辑)\s*(?P<names>[一-龥\s]+?)(?=记者|实习生|通讯员|摄影|编辑|$)")
_BYLINE_NAME = re.compile(r"[一-龥]{2,4}")
