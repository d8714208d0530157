"""Extract stage: a :class:`Document` → typed mentions, assertions and numeric claims.

Known entities come from the lexicon (every label and alias, longest match first);
unknown ones from the declared patterns of ``rules.toml``; collective and coreferent
words (三市, 我市, 该区) are expanded to what they refer to.  Relations are read per
sentence by the relation rules, each with the sentence as evidence.  Every rule
records its name in ``via`` (mentions) or ``extractedBy`` (assertions) so a fact can
be explained.  The rules, all driven by ``rules.toml``:

mentions
    lexicon (Aho-Corasick) · collectives and 我市/我省 · bodies with their unit left
    out (市财政局 → the page's city) · shared-suffix enumerations (岳塘、雨湖两区) ·
    bodies implied by a title (株洲市市长 → 株洲市人民政府) · entity patterns (agreements,
    《…》 titles, meetings, ceremonies, campaigns, plans, things built) · project lists
    after a lead-in (包括A、B和C等) · names defined in brackets (以下简称“专项行动”) ·
    unknown places, bodies, zones and facilities anchored on a place (graph/discover.py)
    · people in bylines and after titles · repeats of a pattern-found name · anaphora
    (该局, 该区, 该公司; a generic 仪式 → the ceremony before it)
relations
    signatory (A与B签署X; 签约了A与B《X》、C与D《Y》) · heldIn (E在P举行; A与B在P召开E;
    agreements signed at an event) · organizer · participant (出席; speakers at an event)
    · issuedBy (X印发《P》) · partOf (adjacent places 湖北省赤壁市; a department in its
    government; components in their programme; listed projects in their list) ·
    locatedIn (a body in its unit; X西起A东至B) · about (what an agreement covers; a
    press conference's meeting; a signing ceremony's agreements) · memberOf (bylines,
    posts) · claims ("43项…", "等11项")

Matching runs on a Simplified view of the text of the same length, so offsets
always index the original characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick

from . import discover
from .corpus import sentences
from .dates import resolve_dates
from .lexicon import Lexicon
from .ontology import coarse_type_of
from .records import Assertion, Claim, Document, Extraction, LexiconEntry, Mention, Span
from .rules import rules
from .script import simplified_view, to_simplified

ENTITY_TYPES_THAT_SIGN = ("Organization", "Place")
QUOTES = "“”\"「」『』《》"


@dataclass(frozen=True)
class Matcher:
    """An Aho-Corasick automaton over every lexicon surface form (longest match first)."""

    lexicon: Lexicon
    automaton: object
    collectives: dict[str, tuple[str, ...]]
    this_city: tuple[str, ...]
    this_province: tuple[str, ...]


@lru_cache(maxsize=4)
def _matcher_for(lexicon_id: int, lexicon: Lexicon) -> Matcher:
    coref = rules()["coreference"]
    collectives = {k: tuple(v) for k, v in coref["collectives"].items()}
    words = set(lexicon.surfaces) | set(collectives) | set(coref["this_city"]) | set(coref["this_province"])
    automaton = ahocorasick.Automaton()
    for w in sorted(words):
        if w:
            automaton.add_word(w, w)
    automaton.make_automaton()
    return Matcher(
        lexicon=lexicon,
        automaton=automaton,
        collectives=collectives,
        this_city=tuple(coref["this_city"]),
        this_province=tuple(coref["this_province"]),
    )


def matcher(lexicon: Lexicon) -> Matcher:
    return _matcher_for(id(lexicon), lexicon)


# -- mentions ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    span: Span
    entries: tuple[tuple[str, str, str], ...]  # (key, type, class) — several for collectives
    via: str
    nested: bool = False  # kept even when inside a longer mention


#: (document, its values): the last document only
_DOC_CACHE: list = [None, {}]


def _doc_cache(doc: Document) -> dict:
    """Per-document values computed once (sentences, skip intervals); the cache holds
    the last document only, checked by identity, so nothing leaks across documents."""
    if _DOC_CACHE[0] is not doc:
        _DOC_CACHE[:] = [doc, {}]
    return _DOC_CACHE[1]


def _simplified_of(doc: Document, text: str) -> str:
    """:func:`to_simplified` of a title or source name of ``doc``, converted once per document:
    several passes ask for the same source (home city, byline, implied bodies) and title."""
    cache = _doc_cache(doc).setdefault("simplified", {})
    if text not in cache:
        cache[text] = to_simplified(text)
    return cache[text]


def _skip_index(doc: Document) -> tuple[list[int], list[int]]:
    """The document's skip spans merged into disjoint sorted intervals (starts, ends)."""
    cache = _doc_cache(doc)
    if "skip" not in cache:
        merged: list[list[int]] = []
        for a, b in sorted(doc.skip_spans):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        cache["skip"] = ([a for a, _ in merged], [b for _, b in merged])
    return cache["skip"]


class _SpanIndex:
    """Candidates sorted by start, for "which overlap / lie inside [s, e)" by bisect
    instead of a scan of every candidate per query (pages of 1 MB stay linear)."""

    def __init__(self, cands):
        self.cands = sorted(cands, key=lambda c: c.span.start)
        self.starts = [c.span.start for c in self.cands]
        self.longest = max((c.span.end - c.span.start for c in self.cands), default=0)

    def overlapping(self, s: int, e: int) -> list:
        lo = bisect_left(self.starts, s - self.longest)
        hi = bisect_left(self.starts, e)
        return [c for c in self.cands[lo:hi] if c.span.start < e and s < c.span.end]

    def inside(self, s: int, e: int) -> list:
        lo = bisect_left(self.starts, s)
        hi = bisect_left(self.starts, e)
        return [c for c in self.cands[lo:hi] if c.span.end <= e]


def _in_skip(doc: Document, start: int, end: int) -> bool:
    """Does [start, end) overlap a skip span?  (bisect over merged intervals)"""
    if not doc.skip_spans:
        return False
    cache = _DOC_CACHE[1] if _DOC_CACHE[0] is doc else _doc_cache(doc)
    starts, ends = cache["skip"] if "skip" in cache else _skip_index(doc)
    i = bisect_left(starts, end) - 1  # the last interval starting before ``end``
    return i >= 0 and ends[i] > start


def _sentences(doc: Document) -> tuple[Span, ...]:
    cache = _doc_cache(doc)
    if "sents" not in cache:
        sents = sentences(doc)
        cache["sents"] = (sents, [st.start for st in sents])
    return cache["sents"][0]


def _sentence_at(doc: Document, start: int, end: int | None = None) -> Span | None:
    """The sentence containing [start, end) (``end`` defaults to ``start + 1``), by bisect."""
    _sentences(doc)
    sents, starts = _doc_cache(doc)["sents"]
    i = bisect_right(starts, start) - 1
    end = start + 1 if end is None else end
    if i >= 0 and sents[i].start <= start and end <= sents[i].end:
        return sents[i]
    return None


@lru_cache(maxsize=64)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` sorted longest first (stable), once per word list, not once per call."""
    return tuple(sorted(words, key=len, reverse=True))


def _entry_triple(e: LexiconEntry) -> tuple[str, str, str]:
    return (e.label, e.type, e.cls)


@lru_cache(maxsize=1)
def _inline_source_re() -> re.Pattern:
    return re.compile(rules()["discover"]["inline_source"])


def inline_source(doc: Document) -> Span | None:
    """"2025-07-18 08:05:12 来源：怀化日报", "信息来源：华声在线": a source named inside a
    date line of the document's head (the first lines before the text), when the page
    reader found no 来源 line of its own."""
    if doc.source or doc.original_source:
        return None
    cache = _doc_cache(doc)
    if "inline_source" not in cache:
        cache["inline_source"] = _find_inline_source(doc)
    return cache["inline_source"]


@lru_cache(maxsize=1)
def _inline_source_gate() -> str | None:
    """A character every line the inline-source pattern matches holds as written: 源 of
    来源, which no Traditional character or phrase becomes in OpenCC's t2s tables (源 is
    in none of their values; a character they do not list stays itself), so a line
    without it is not converted to be searched.  None (no gate) for another pattern."""
    pattern = rules()["discover"]["inline_source"]
    return "源" if pattern.startswith(("(?:信息)?来源", "来源")) else None


def _find_inline_source(doc: Document) -> Span | None:
    text = doc.page.text
    gate = _inline_source_gate()
    pos, lines = doc.span[0], 0
    while pos < doc.span[1] and lines < 6:
        end = text.find("\n", pos, doc.span[1])
        end = doc.span[1] if end < 0 else end
        m = _inline_source_re().search(to_simplified(text[pos:end])) if gate is None or text.find(gate, pos, end) >= 0 else None
        if m:
            return Span(pos + m.start("value"), pos + m.end("value"), text[pos + m.start("value") : pos + m.end("value")])
        pos, lines = end + 1, lines + (1 if text[pos:end].strip() else 0)
    return None


def _home_city(doc: Document, lex: Lexicon) -> LexiconEntry | None:
    """The city a page's 我市 refers to: where its (original) source outlet is located
    (computed once per document and lexicon)."""
    cache = _doc_cache(doc)
    key = ("home", id(lex))
    if key not in cache:
        cache[key] = _find_home_city(doc, lex)
    return cache[key]


def _find_home_city(doc: Document, lex: Lexicon) -> LexiconEntry | None:
    src = inline_source(doc)
    # (the inline source stands for the document's: no copy of the document is made for it)
    names = (doc.original_source, src.text if src is not None else doc.source)
    simplified = {name: _simplified_of(doc, name) for name in names if name}  # (each once)
    for name in names:
        outlet = lex.lookup(simplified[name]) if name else None
        place = lex.by_label.get(outlet.located_in) if outlet and outlet.located_in else None
        if place is not None:
            return place
    for name in names:
        # an outlet the lexicon does not know is usually named after its city (益阳日报)
        name = simplified[name] if name else ""
        for n in range(min(len(name) - 1, 6), 1, -1):
            place = lex.lookup(name[:n])
            if place is not None and place.cls in ("City", "County"):
                return place
    if not (names[0] or names[1]):
        return _title_city(_simplified_of(doc, doc.title or ""), lex)
    return None


def _title_city(title: str, lex: Lexicon) -> LexiconEntry | None:
    """A document with no source at all (a teaser without a 来源 line): its 我市 is the
    first city its title names ("郴州永兴县举行…" → 郴州市), the city of a county or
    district named first otherwise."""
    for i in range(len(title)):
        for n in range(min(8, len(title) - i), 1, -1):
            e = lex.lookup(title[i : i + n])
            if e is None or e.type != "Place":
                continue
            if e.cls == "City":
                return e
            parent = lex.by_label.get(e.part_of or "")
            if e.cls in ("County", "District") and parent is not None and parent.cls == "City":
                return parent
    return None


_TITLE_UNITS: dict[tuple[int, str, str], LexiconEntry | None] = {}


def _title_unit(title: str, lex: Lexicon, cls: str) -> LexiconEntry | None:
    """The first place of class ``cls`` a title names ("祁东县黄花菜产业发展大会召开" → 祁东县)."""
    key = (id(lex), title, cls)
    if key not in _TITLE_UNITS:
        if len(_TITLE_UNITS) > 4096:
            _TITLE_UNITS.clear()
        _TITLE_UNITS[key] = _first_unit(title, lex, cls)
    return _TITLE_UNITS[key]


def _first_unit(title: str, lex: Lexicon, cls: str) -> LexiconEntry | None:
    for i in range(len(title)):
        for n in range(min(8, len(title) - i), 1, -1):
            e = lex.lookup(title[i : i + n])
            if e is not None and e.type == "Place" and e.cls == cls:
                return e
    return None


def _province_of(place: LexiconEntry | None, lex: Lexicon) -> LexiconEntry | None:
    if place is None or place.cls == "Province":
        return place
    chain = list(lex.parents(place, 6))
    # the first province above it; past six steps, the sixth unit (as the walk always gave)
    return next((p for p in chain if p.cls == "Province"), chain[5] if len(chain) == 6 else None)


@lru_cache(maxsize=1)
def _department_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    c = rules()["coreference"]
    return tuple(c["department_words"]), tuple(c["department_kinds"])


def _collective_with_tail(m: Matcher, members: tuple[str, ...], view: str, end: int) -> tuple[int, list[LexiconEntry]]:
    """长株潭三市 + 发改委 → the three cities' agencies; returns (new end, entries)."""
    lex = m.lexicon
    for length in range(min(14, len(view) - end), 0, -1):
        tail = view[end : end + length]
        found = []
        for label in members:
            unit = lex.by_label.get(label)
            if unit is None:
                break
            shorts = (unit.label, *unit.aliases)
            hit = next((lex.lookup(s + tail) for s in shorts if lex.lookup(s + tail)), None)
            words, kinds = _department_words()
            if hit is None and tail.endswith(words) and len(tail) > 2:
                # "两市工信部门": the kind's department of each unit (工信局, 发改委, 文旅厅)
                stem = tail[: -len(next(w for w in words if tail.endswith(w)))]
                hit = next((lex.lookup(s + stem + k) for k in kinds for s in shorts if lex.lookup(s + stem + k)), None)
            if hit is None and unit.level is None and unit.cls in _UNIT_CHARS.values():
                found.append(unit)  # a unit the lexicon has no bodies for (湖北's 通城县): named below
                continue
            if hit is None or hit.label == unit.label:
                break
            found.append(hit)
        if len(found) == len(members):
            # "平江县与湖北省通城县…两县公安局": a body another member has under exactly that name
            # (平江县 + 公安局) is the same body of the unit the lexicon has none for
            model = next((h for h, u in zip(found, members) if h.label != u and h.label == u + tail), None)
            if model is None and any(h.label == u for h, u in zip(found, members)):
                continue
            return end + length, [LexiconEntry(u + tail, model.cls, model.type) if h.label == u else h for h, u in zip(found, members)]
    return end, []


def lexicon_candidates(doc: Document, view: str, m: Matcher) -> list[_Candidate]:
    """Every lexicon, collective and coreference match in the document."""
    lex = m.lexicon
    text = doc.page.text
    out: list[_Candidate] = []
    home = _home_city(doc, lex)
    for last, word in m.automaton.iter_long(view, doc.span[0], doc.span[1]):
        e = last + 1
        s = e - len(word)
        if _in_skip(doc, s, e):
            continue
        if word in m.collectives:
            members = m.collectives[word]
            new_end, agencies = _collective_with_tail(m, members, view, e)
            if agencies:
                span = Span(s, new_end, text[s:new_end])
                out.append(_Candidate(span, tuple(_entry_triple(a) for a in agencies), f"collective:{word}"))
            else:
                entries = tuple(_entry_triple(lex.by_label[x]) for x in members if x in lex.by_label)
                out.append(_Candidate(Span(s, e, text[s:e]), entries, f"collective:{word}"))
            continue
        if word in m.this_city or word in m.this_province:
            target = home if word in m.this_city else _province_of(home, lex)
            if target is not None:
                out.append(_Candidate(Span(s, e, text[s:e]), (_entry_triple(target),), f"coref:{word}"))
            continue
        entry = lex.lookup(word)
        if entry is None:
            continue
        if entry.type == "Place" and discover.is_common_place_word(word) and not _after_parent(entry, view, s, lex):
            continue  # "城区酒店": a common word, the unit of that name (汕尾市城区) only after its parent
        split = _parent_prefix(entry, word, lex)
        if split:  # "长沙市望城区": the city and its district, two mentions side by side
            parent, k = split
            out.append(_Candidate(Span(s, s + k, text[s : s + k]), (_entry_triple(parent),), "lexicon"))
            out.append(_Candidate(Span(s + k, e, text[s + k : e]), (_entry_triple(entry),), "lexicon"))
            continue
        out.append(_Candidate(Span(s, e, text[s:e]), (_entry_triple(entry),), "lexicon"))
        # an agency named with its place ("萍乡市发改委") also names the place
        out.extend(_named_places(entry, Span(s, e, text[s:e]), lex, view[s:e]))
    return _contextual_collectives(out, lex)


@lru_cache(maxsize=1)
def _contextual_words() -> frozenset[str]:
    return frozenset(rules()["coreference"].get("contextual_collectives", ()))


def _contextual_collectives(out: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"三市" is 长株潭's three cities only on a page that names one of them; elsewhere it is the
    last three distinct cities named before it ("张家界、吉首、怀化…三市"), or nothing
    (rules.toml coreference.contextual_collectives)."""
    words = _contextual_words()
    coll = [c for c in out if c.via.startswith("collective:") and c.via.split(":", 1)[1] in words]
    if not coll:
        return out
    named = {c.entries[0][0] for c in out if c.via == "lexicon" and len(c.entries) == 1}
    keep = []
    for c in out:
        if c not in coll:
            keep.append(c)
            continue
        labels = [e[0] for e in c.entries]
        units = {lex.by_label[e[0]].located_in or lex.by_label[e[0]].label for e in c.entries if e[0] in lex.by_label}
        if named & (set(labels) | units):
            keep.append(c)
            continue
        cities: list[str] = []
        for o in sorted(out, key=lambda o: -o.span.end):
            if o.span.end <= c.span.start and o.via == "lexicon" and len(o.entries) == 1 and o.entries[0][2] == "City" and o.entries[0][0] not in cities:
                cities.append(o.entries[0][0])
        if len(cities) >= 3 and all(e[1] == "Place" for e in c.entries):
            keep.append(replace(c, entries=tuple(_entry_triple(lex.by_label[x]) for x in reversed(cities[:3]))))
    return keep


def _after_parent(entry: LexiconEntry, view: str, s: int, lex: Lexicon) -> bool:
    """The place ``entry`` is written right after its parent unit (汕尾市|城区)."""
    parent = lex.by_label.get(entry.part_of) if entry.part_of else None
    return parent is not None and any(n and view.endswith(n, 0, s) for n in (parent.label, *parent.aliases))


def _parent_prefix(entry: LexiconEntry, word: str, lex: Lexicon) -> tuple[LexiconEntry, int] | None:
    """A county or district written after its city as one alias ("长沙市望城区"): the city
    and the length of its part, when the rest is itself a name of the unit."""
    if entry.cls not in ("County", "District") or not entry.part_of or word == entry.label:
        return None
    parent = lex.by_label.get(entry.part_of)
    if parent is None or parent.cls != "City":
        return None
    for name in (parent.label, *parent.aliases):
        if word.startswith(name) and len(word) > len(name) and lex.lookup(word[len(name):]) is entry:
            return parent, len(name)
    return None


@lru_cache(maxsize=4)
def _tail_index(lex: Lexicon) -> tuple[dict[str, dict[str, LexiconEntry]], frozenset[str]]:
    """Surface forms of each unit's bodies with the unit's name cut off (财政局 →
    长沙市财政局 under 长沙市), and the first two characters of every such tail."""
    index: dict[str, dict[str, LexiconEntry]] = {}
    for surface, entry in sorted(lex.surfaces.items()):
        unit = lex.by_label.get(entry.located_in or "") if entry.type == "Organization" else None
        tail = surface[len(unit.label) :] if unit is not None and surface.startswith(unit.label) else ""
        # "市委书记": a party committee's one-character tail counts too
        if len(tail) > 1 or (tail == "委" and entry.cls == "PartyCommittee"):
            index.setdefault(unit.label, {}).setdefault(tail, entry)
    heads = frozenset(t[:2] for tails in index.values() for t in tails)
    return index, heads


_UNIT_TAILS: dict[int, tuple[object, dict[tuple[str, str], tuple[str, str]]]] = {}


def _unit_tails(lex: Lexicon) -> dict[tuple[str, str], tuple[str, str]]:
    """(unit class, tail as written) → (label template, class) of the bodies every unit
    of that class has, read off the lexicon's generated departments: ("City", "发展改革委")
    → ("{unit}发展和改革委员会", "GovernmentAgency")."""
    hit = _UNIT_TAILS.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    index, _heads = _tail_index(lex)
    table: dict[tuple[str, str], tuple[str, str]] = {}
    for unit_label, tails in sorted(index.items()):
        unit = lex.by_label[unit_label]
        for tail, entry in tails.items():
            if unit_label in entry.label:
                table.setdefault((unit.cls, tail), (entry.label.replace(unit_label, "{unit}", 1), entry.cls))
    _UNIT_TAILS.clear()
    _UNIT_TAILS[id(lex)] = (lex, table)
    return table


def _unit_body(place: "_Candidate", tail: str, lex: Lexicon) -> tuple[str, str, str] | None:
    """A body of a unit the lexicon does not know, named like the bodies of units it
    knows ("贺州市发展改革委" → 贺州市发展和改革委员会, "黔东南州州委" → 中共黔东南州委员会)."""
    label, typ, cls = place.entries[0]
    if typ != "Place":
        return None
    hit = _unit_tails(lex).get((cls, tail))
    if hit is None:
        return None
    return hit[0].replace("{unit}", label), "Organization", hit[1]


def _expanded(name: str) -> str:
    for k, v in rules()["discover"].get("body_expansions", {}).items():
        if name.endswith(k):
            return name[: -len(k)] + v
    return name


def _zone_in_body(view: str, place: "_Candidate", end: int, lex: Lexicon):
    """"江华高新区管委会" → (end of the zone, the zone 江华高新技术产业开发区, the body's full
    name 江华高新技术产业开发区管理委员会): a zone written right after its place and a body
    of it (rules.toml discover.zone_suffixes, body_expansions)."""
    d = rules()["discover"]
    p_end = place.span.end
    sfx = next((z for z in _longest_first(tuple(d["zone_suffixes"])) if view.startswith(z, p_end, end)), None)
    if sfx is None or place.entries[0][2] not in ("City", "County", "District"):
        return None
    z_end = p_end + len(sfx)
    rest = view[z_end:end]
    if not rest:
        return None
    short = view[place.span.start : p_end]
    entry = lex.lookup(short + sfx) or lex.lookup(short + d["zone_suffixes"][sfx])
    z_triple = _entry_triple(entry) if entry else (short + d["zone_suffixes"][sfx], "Place", "Area")
    for k, v in d.get("body_expansions", {}).items():
        if rest.endswith(k):
            rest = rest[: -len(k)] + v
            break
    return z_end, z_triple, z_triple[0] + rest


def _issuer_city(doc: Document, known: list[_Candidate], lex: Lexicon) -> LexiconEntry | None:
    """The city whose body issues a notice titled "X关于印发…" (岳阳市人民政府办公室关于…):
    the city of the first body named in the document's first line before 关于."""
    first = _line_span(doc, Span(doc.span[0], doc.span[0], ""))
    about = first.text.find("关于")
    if about < 0:
        return None
    for c in known:
        if c.span.start >= first.start + about:
            break
        if c.span.start < first.start or len(c.entries) != 1 or c.entries[0][1] != "Organization":
            continue
        entry = lex.by_label.get(c.entries[0][0])
        place = entry
        for _ in range(4):  # the body's unit, or the unit of the government it is part of
            if place is None or place.cls in ("City", "County"):
                break
            place = lex.by_label.get(place.located_in or "") or lex.by_label.get(place.part_of or "")
        if place is not None and place.cls in ("City", "County"):
            return place
    return None


_LONGEST: dict[int, tuple[dict, int]] = {}  # the longest tail of a tail table (tables live as long as their lexicon)


def elided_unit_candidates(doc: Document, view: str, lex: Lexicon, known: list[_Candidate]) -> list[_Candidate]:
    """"市财政局", "省发展改革委": bodies of a city or province with the unit left out —
    the city (province) named last before it in its sentence, else the city whose body
    issues the notice (岳阳市人民政府办公室关于印发…), else the page's."""
    homes: dict[str, LexiconEntry | None] = {}

    def home_units() -> dict[str, LexiconEntry | None]:
        # (the page's units, worked out when a body first needs them: most documents name
        # no elided body, or only ones whose unit is named before them)
        if not homes:
            home = _home_city(doc, lex)
            issuer = _issuer_city(doc, known, lex)
            if issuer is not None:
                home = issuer
            title = _simplified_of(doc, doc.title or "")
            county = home if home is not None and home.cls == "County" else _title_unit(title, lex, "County")
            prefecture = home if home is not None and home.cls == "City" and home.label.endswith("州") else None
            if prefecture is None:  # "湘西州与怀化市…" (an outlet the lexicon does not know): the title's prefecture
                first = _title_unit(title, lex, "City")
                prefecture = first if first is not None and first.label.endswith("州") else None
            homes.update({"city": home, "province": _province_of(home, lex), "county": county, "prefecture": prefecture})
        return homes

    levels = {"city": ("City",), "province": ("Province",), "county": ("County",), "prefecture": ("City",)}
    text = doc.page.text
    out = []
    class_tails: dict[str, dict[str, LexiconEntry]] = {}
    pools: dict[tuple[str, ...], tuple[list[_Candidate], list[int]]] = {}
    for char, kind in rules()["coreference"]["elided_units"].items():
        index, heads = _tail_index(lex)
        i = view.find(char, doc.span[0], doc.span[1])
        while i >= 0:
            if view[i + 1 : i + 3] not in heads and not (view.startswith("委", i + 1) and not view.startswith("委员", i + 1)):
                i = view.find(char, i + 1, doc.span[1])
                continue
            if levels[kind] not in pools:  # (built when a unit character first heads a body)
                pools[levels[kind]] = _unit_pool(known, levels[kind])
            pool, ends = pools[levels[kind]]
            sent = _sentence_at(doc, i)
            clause = _clause_bounds(text, sent, i)[0] if sent is not None else i
            j = bisect_right(ends, i) - 1
            named = [pool[j]] if sent is not None and j >= 0 and pool[j].span.start >= clause else []
            if not named and sent is not None and j >= 0 and pool[j].span.start >= sent.start and _OFFICIAL_BEFORE.search(view, max(sent.start, clause - 14), clause):
                named = [pool[j]]  # "常德市委副书记、市长X，市政协主席Y": the unit of the list of officials
            unit = lex.by_label.get(max(named, key=lambda c: c.span.end).entries[0][0]) if named else home_units()[kind]
            if unit is None:
                i = view.find(char, i + 1, doc.span[1])
                continue
            tails = index.get(unit.label, {})
            if not tails and not unit.level:
                # a unit listed without its bodies (a county of a neighbouring province): its
                # bodies by the templates of the units of its class (阳春市|委 → 中共阳春市委员会)
                if unit.label not in class_tails:
                    class_tails[unit.label] = {
                        t: LexiconEntry(label=tpl.replace("{unit}", unit.label), cls=cls, type="Organization", located_in=unit.label)
                        for (ucls, t), (tpl, cls) in _unit_tails(lex).items()
                        if ucls == unit.cls
                    }
                tails = class_tails[unit.label]
            longest = _LONGEST.get(id(tails))
            if longest is None or longest[0] is not tails:
                if len(_LONGEST) > 1024:  # (per-document tables of units without bodies come and go)
                    _LONGEST.clear()
                longest = _LONGEST[id(tails)] = (tails, max(map(len, tails), default=0))
            longest = longest[1]
            closes_name = any(
                lex.lookup(view[i - k : i + 1]) or discover.is_place_word(view[i - k : i + 1])
                for k in range(1, 5)
                if i - k >= doc.span[0]
            )
            if not closes_name:
                for n in range(min(longest, doc.span[1] - i - 1), 0, -1):
                    entry = tails.get(view[i + 1 : i + 1 + n])
                    if entry is not None:
                        e = i + 1 + n
                        if not _in_skip(doc, i, e):
                            out.append(_Candidate(Span(i, e, text[i:e]), (_entry_triple(entry),), f"elided-unit:{char}"))
                        break
            i = view.find(char, i + 1, doc.span[1])
    return out


def _unit_pool(known: list[_Candidate], classes: tuple[str, ...]) -> tuple[list[_Candidate], list[int]]:
    """The known places of ``classes`` (not coreferences) sorted by end, and their ends:
    the unit an elided body belongs to is the last one named before it."""
    pool = sorted(
        (c for c in known if len(c.entries) == 1 and c.entries[0][2] in classes and not c.via.startswith("coref")),
        key=lambda c: c.span.end,
    )
    return pool, [c.span.end for c in pool]


def committee_post_candidates(doc: Document, view: str, lex: Lexicon, bodies: list[_Candidate]) -> list[_Candidate]:
    """"长沙市委常委、宣传部部长": a body of the party committee named before 常委、 (its
    宣传部, 组织部, 政法委 …), written without the committee's name."""
    index, _heads = _tail_index(lex)
    text = doc.page.text
    out = []
    for c in bodies:
        if len(c.entries) != 1 or c.entries[0][2] != "PartyCommittee" or not view.startswith("常委、", c.span.end):
            continue
        entry = lex.by_label.get(c.entries[0][0])
        tails = index.get(entry.located_in or "", {}) if entry is not None else {}
        pos = c.span.end + 3
        for n in range(min(8, doc.span[1] - pos), 1, -1):
            body = tails.get("委" + view[pos : pos + n])
            if body is not None and body.label != entry.label:
                if not _in_skip(doc, pos, pos + n):
                    out.append(_Candidate(Span(pos, pos + n, text[pos : pos + n]), (_entry_triple(body),), "elided-unit:committee"))
                break
    return out


_PAIR_ACTS = ("签署", "签订", "共同签署", "还签署", "联合签署", "签约")
_PAIR_ENUMERATED = "、"  # "湘潭、娄底两市": the enumeration names them already


def pair_collective_candidates(doc: Document, view: str, m: Matcher, known: list[_Candidate]) -> list[_Candidate]:
    """"两市发改委签署…": a pair word plus a body names that body of each of the last two
    distinct units of that level named before it (rules.toml coreference.pair_collectives).
    A bare pair word (两市将…) is left alone: it names no new entity."""
    table = rules()["coreference"]["pair_collectives"]
    text = doc.page.text
    out = []
    for word, cls in table.items():
        i = view.find(word, doc.span[0], doc.span[1])
        if i < 0:
            continue
        units = sorted(
            (c for c in known if len(c.entries) == 1 and c.entries[0][2] == cls and not c.via.startswith(("coref", "collective"))),
            key=lambda c: c.span.end,
        )
        while i >= 0:
            e = i + len(word)
            members: list[str] = []
            count = 3 if word.startswith("三") else 2
            for c in reversed(units[: bisect_right([u.span.end for u in units], i)]):
                if c.entries[0][0] not in members:
                    members.append(c.entries[0][0])
                if len(members) == count:
                    break
            if len(members) == count and not _in_skip(doc, i, e):
                new_end, agencies = _collective_with_tail(m, tuple(reversed(members)), view, e)
                if agencies:
                    out.append(_Candidate(Span(i, new_end, text[i:new_end]), tuple(_entry_triple(a) for a in agencies), f"collective:{word}"))
                elif view.startswith(_PAIR_ACTS, e) and view[i - 1 : i] not in _PAIR_ENUMERATED:
                    # "两市签署…", "两市将…": the pair itself acts (signs, attends, agrees)
                    units_ = tuple(reversed(members))
                    out.append(_Candidate(Span(i, e, text[i:e]), tuple(_entry_triple(m.lexicon.by_label[u]) for u in units_), f"collective:{word}"))
            i = view.find(word, e, doc.span[1])
    return out


def _named_places(entry: LexiconEntry, span: Span, lex: Lexicon, simplified: str | None = None) -> list[_Candidate]:
    """The places (and the parent body of an office) named inside a body's name, found in
    the Simplified view of the span (``simplified``) so that Traditional pages match too."""
    vtext = span.text if simplified is None else simplified
    if entry.cls not in _body_classes() or not entry.located_in:
        return []  # 湖南 in 湖南工业大学 is part of a proper name, not a mention of 湖南省
    out = []
    place = lex.by_label.get(entry.located_in)
    chain = []
    while place is not None and len(chain) < 3:
        chain.append(place)
        place = lex.by_label.get(place.part_of or "")
    parent = lex.by_label.get(entry.part_of or "")
    if parent is not None and span.text.endswith(tuple(rules()["relations"]["office_suffixes"])):
        for form in (parent.label, *parent.aliases):  # 省长株潭一体化发展领导小组|办公室
            i = vtext.find(form)
            if i >= 0 and form != vtext:
                sub = Span(span.start + i, span.start + i + len(form), span.text[i : i + len(form)])
                out.append(_Candidate(sub, (_entry_triple(parent),), "lexicon:nested", nested=True))
                break
    for p in chain:
        for form in (p.label, *p.aliases):
            i = vtext.find(form)
            if i >= 0 and form != vtext:
                sub = Span(span.start + i, span.start + i + len(form), span.text[i : i + len(form)])
                out.append(_Candidate(sub, (_entry_triple(p),), "lexicon:nested", nested=True))
                break
    return out


def _any_word_re(words) -> re.Pattern | None:
    """Every position where one of ``words`` starts (the longest one there), overlaps included."""
    if not words:
        return None
    return re.compile("(?=(" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + "))")


@lru_cache(maxsize=1)
def _entity_patterns():
    out = []
    for ent in rules()["entity"]:
        cls = ent["class"]
        out.append(
            (
                ent["name"],
                re.compile(ent["regex"]),
                cls,
                coarse_type_of(cls),
                frozenset(ent.get("generic", ())),
                _any_word_re(ent.get("cut_after", ())),
                tuple((sfx, c, coarse_type_of(c)) for sfx, c in ent.get("class_by_suffix", {}).items()),
                tuple(ent.get("drop_prefixes", ())),
                re.compile(ent["reject"]) if ent.get("reject") else None,
                frozenset(ent.get("trim_tags", ())),
                # (one search for any of the words a match needs, not one scan per word)
                re.compile("|".join(map(re.escape, ent["needs"]))) if ent.get("needs") else None,
                (tuple(ent.get("planned_groups", ())), tuple(ent.get("planned_suffixes", ())), ent.get("planned_class")),
                re.compile(ent["future_sessions"]) if ent.get("future_sessions") else None,
                re.compile(ent["ordinal_sessions"]) if ent.get("ordinal_sessions") else None,
                re.compile(ent["keep_whole"]) if ent.get("keep_whole") else None,
                (ent["pair_dash"], frozenset(ent.get("pair_stop_tags", ())), int(ent.get("pair_left_max", 4))) if ent.get("pair_dash") else None,
                re.compile(ent["nested_before"]) if ent.get("nested_before") else None,
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _pattern_widths() -> tuple[int, ...]:
    """The longest match (group 0, lookarounds take no width) of each entity pattern, in
    the order of :func:`_entity_patterns`; the string's length bound when unknown."""
    return tuple(_regex_bounds(ent["regex"])[0] for ent in rules()["entity"])


@lru_cache(maxsize=1)
def _pattern_reaches() -> tuple[int | None, ...]:
    """How far past a start each entity pattern may read, in the order of
    :func:`_entity_patterns` (:func:`_regex_bounds`)."""
    return tuple(_regex_bounds(ent["regex"])[1] for ent in rules()["entity"])


def _regex_bounds(pattern: str) -> tuple[int, int | None]:
    """The longest match of ``pattern`` (group 0, lookarounds take no width; the string's length
    bound when unknown) and how far past a start a match attempt may read (lookarounds counted
    as consuming, an anchor as two characters; None when unbounded or when a match may be
    empty): a search cut that far past a start decides that start as the whole string does."""
    from re import _constants, _parser  # (Python 3.11's names, the oldest the project runs on)

    try:
        tree = _parser.parse(pattern)
        least, most = tree.getwidth()
    except Exception:  # pragma: no cover - (no width: scan the whole document)
        return 1 << 62, None
    reach = _reach(tree, _constants)
    return int(most), reach if least > 0 else None


def _reach(items, c) -> int | None:
    """An upper bound on the characters a match attempt of the parsed ``items`` reads from its
    start (None when unbounded)."""
    total = 0
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            n = 1
        elif op is c.AT:
            n = 2  # ($ reads the next character and whether it ends the string)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            n = _reach(av[1], c)
        elif op is c.SUBPATTERN:
            n = _reach(av[-1], c)
        elif op is c.ATOMIC_GROUP:
            n = _reach(av, c)
        elif op is c.BRANCH:
            alts = [_reach(b, c) for b in av[1]]
            n = None if None in alts else max(alts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            one = _reach(av[2], c)
            n = None if one is None or av[1] == c.MAXREPEAT else av[1] * one
        else:
            n = None
        if n is None:
            return None
        total += n
    return total


@lru_cache(maxsize=1)
def _needs_marks() -> tuple[frozenset[str] | None, ...]:
    """The last character of each word an entity pattern needs, in the order of
    :func:`_entity_patterns`: a page holding none of them holds none of the words, and
    one set test skips the pattern without a scan for the words."""
    return tuple(frozenset(w[-1] for w in ent["needs"]) if ent.get("needs") else None for ent in rules()["entity"])


@lru_cache(maxsize=1)
def _pattern_scans() -> tuple:
    """(marks, rule, width, reach) of each entity pattern (:func:`_needs_marks`,
    :func:`_entity_patterns`, :func:`_pattern_widths`, :func:`_pattern_reaches`), zipped once:
    a pattern its marks skip is not unpacked."""
    return tuple(zip(_needs_marks(), _entity_patterns(), _pattern_widths(), _pattern_reaches()))


def _needed_hits(regex: re.Pattern, needs: re.Pattern, width: int, reach: int | None, view: str, lo: int, hi: int):
    """The matches of ``regex.finditer(view, s, hi)`` for any ``s`` up to ``width`` before the first
    of the words ``needs`` (a match holds one, and is at most ``width`` long), each found by a search
    near the next such word, cut ``reach`` past the starts it decides, not one scan of the rest of
    the page: most words are no part of a name."""
    pos = lo
    while (word := needs.search(view, pos, hi)) is not None:
        q = word.start()
        if reach is None:  # (no bound, or an empty match finditer steps over: one scan of the rest)
            yield from regex.finditer(view, max(pos, q - width), hi)
            return
        cut = min(hi, q + 2 * reach)
        hit = regex.search(view, max(pos, q - width), cut)
        if hit is not None and (cut == hi or hit.start() <= cut - reach):
            yield hit
            pos = hit.end()
        elif cut == hi:
            return
        else:
            pos = cut - reach + 1  # (no match starts in [pos, cut - reach])


def _pair_left_start(view: str, s: int, d: int, stop_tags: frozenset[str], most: int) -> int | None:
    """Where the left place of a dash-joined pair starts in ``view[s:d]`` (``d`` the dash): the last
    words before the dash that jieba tags as no verb, particle, preposition … (``stop_tags``), at
    most ``most`` characters ("两地共建|华容—石首…", "争取将|宜章—乐昌…")."""
    k = d
    for word, tag in reversed(discover.cut_words(view[s:d])):
        if tag in stop_tags or d - k + len(word) > most:
            break
        k -= len(word)
    return k if d - k >= 2 else None  # (a verb right before a lone character: "经开|区至…" names no pair)


_COUNTED = re.compile(r"[\d一二两三四五六七八九十百几多]+\s*[项个条类家份]")


def normalise_name(surface: str) -> str:
    """Canonical label of a pattern-found name: quotes and book-title marks removed."""
    return surface.translate(_NO_QUOTES).strip()  # (the quotes deleted in one C pass)


_NO_QUOTES = str.maketrans("", "", QUOTES)


def _trim_leading(view: str, s: int, e: int, tags: frozenset[str]) -> int:
    """"将联合推介莽山国家森林公园": verbs, adverbs, prepositions and particles (jieba's tags
    ``tags``) that open a name found from its clause's start are not part of it."""
    pos, opened = s, False
    for word, tag in discover.cut_words(view[s:e]):
        # a verb is dropped only after an adverb or a preposition ("将联合推介X"): a name may
        # start with a word jieba also reads as a verb (通道 in 通道转兵纪念馆)
        if (tag not in tags and not (opened and tag in _TRIM_VERB_TAGS)) or e - (pos + len(word)) < 4:
            break
        opened = True
        pos += len(word)
    return pos


_TRIM_VERB_TAGS = frozenset({"v", "vd"})


#: jieba's tags of proper names that may open a site's name (a place, a body, a transliterated name)
_PROPER_TAGS = frozenset({"ns", "nt", "nrt"})


def _after_verb_before_place(view: str, s: int, e: int) -> int:
    """A run that holds a verb right before a place or proper word names what follows the verb:
    "退出|南洞庭湖湿地", "沅江湘阴携手守护|南洞庭湖湿地", "将联合推介|东山书院" (the places
    before a verb are its subject, the verb's object is the name).  At least four
    characters must be left, so a name that opens with a verb-like word stays whole
    ("通道转兵纪念馆": 转 is read as a verb, but what follows it is no place)."""
    pos, start = s, s
    words = discover.cut_words(view[s:e])
    for (word, tag), (_next, next_tag) in zip(words, words[1:]):
        pos += len(word)
        if tag in _TRIM_VERB_TAGS and next_tag in _PROPER_TAGS and e - pos >= 4:
            start = pos
    return start


@lru_cache(maxsize=1)
def _never_start():
    n = rules()["names"]
    words = sorted(set(n["never_start"]), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), re.compile(n["never_start_keep"]), int(n["never_start_min"]), re.compile(n["clause_in_name"])


_TITLED_TYPES = frozenset({"Agreement", "Policy", "Event"})


def _name_start(view: str, s: int, e: int, least: int | None = None) -> int:
    """Where a name found in ``view[s:e]`` really starts: after the particles, modals,
    subjects and building verbs that open the run (rules.toml [names] never_start), and
    after a clause inside it (a subject and its verb: "两地共建|X旅游区", [names] clause_in_name)."""
    words, keep, least0, clause = _never_start()
    least = least0 if least is None else least
    for m in clause.finditer(view, s, e):  # (the last clause whose end leaves a name)
        if e - m.end() >= least:
            s = m.end()
    while True:
        m = words.match(view, s, e)
        # (keep's ^ anchors at the string's start, never at a pos argument: match the slice)
        if m is None or e - m.end() < least or keep.match(view[s:e]):
            return s
        s = m.end()


def _glued_rest(view: str, s: int, e: int) -> int | None:
    """Where the rest of ``view[s:e]`` starts when a never_start word opens it but leaves fewer than
    never_start_min characters (so :func:`_name_start` kept it), else None."""
    words, keep, least, _clause = _never_start()
    m = words.match(view, s, e)
    if m is None or e - m.end() >= least or e - m.end() < 1 or keep.match(view[s:e]):
        return None
    return m.end()


#: how far before a pattern's match a cut word (rules.toml entity cut_after) may start
_CUT_REACH = 3


def pattern_candidates(doc: Document, view: str) -> list[_Candidate]:
    """Entities not in the lexicon, found by the declared entity patterns."""
    text = doc.page.text
    out = []
    planned_keys: dict[str, tuple[str, str, str]] = {}
    lo, hi = doc.span
    chars = frozenset(view[lo:hi])
    for marks, rule, width, reach in _pattern_scans():
        if marks is not None and marks.isdisjoint(chars):
            continue  # no match can hold none of its words
        name, regex, cls0, coarse0, generic, cut_after, by_suffix, drop, reject, trim, needs, planned, future, ordinal, keep, pair, nest = rule
        # (a pattern with words its matches need is searched near them only: lookbehinds see
        # before ``pos``, ^ matches at the string's start only)
        hits = regex.finditer(view, lo, hi) if needs is None else _needed_hits(regex, needs, width, reach, view, lo, hi)
        for hit in hits:
            s, e = hit.span("name")
            if _in_skip(doc, s, e) or _COUNTED.search(hit.group("name")):
                continue
            if cut_after is not None:  # the name starts after the last cut word inside it
                # (or one that opens before it and ends inside it: "治|理酉水河" → 酉水河); a cut
                # word that leaves less than two characters is part of the kind ("自然保护|区")
                # (a cut word inside a whole name of the rule's `keep_whole` form ending the run does
                # not count: "中国物流|与|采购联合会", "湖南大学经济|与|贸易学院")
                inner = e
                if keep is not None and (km := keep.search(view, s, e)):
                    inner = km.start() + 2
                s = max(s, max((m.start() + len(m.group(1)) for m in cut_after.finditer(view, max(doc.span[0], s - _CUT_REACH), e) if m.start() + len(m.group(1)) < e - 1 and m.start() < inner), default=s))
            if future is not None and (fm := future.match(view, s, e)) and normalise_name(view[fm.end() : e]) in generic:
                continue  # "下一次联席会议": a later session, no entity
            if ordinal is not None and (om := ordinal.match(view, s, e)) and (rest := normalise_name(view[om.end() : e])) in generic and any(
                o.via == f"pattern:{name}" and o.span.end <= s and o.entries[0][0].endswith(rest) for o in out
            ):
                continue  # "第三次联席会议" after the 联席会议 named before: a session of it
            s += next((len(p) for p in drop if view.startswith(p, s, e)), 0)
            if trim:
                s = _trim_leading(view, s, e, trim)
                s = _after_verb_before_place(view, s, e)
            if coarse0 not in _TITLED_TYPES:  # (a titled name may open with its verb: 共建X合作协议)
                s = _name_start(view, s, e)
            if pair is not None and (d := view.find(pair[0], s, e)) > s:  # "两地共建|华容—石首跨江…"
                left = _pair_left_start(view, s, d, pair[1], pair[2])
                if left is None:
                    continue
                s = left
            key = normalise_name(view[s:e])
            if len(key) < 2 or reject is not None and reject.search(key):
                continue
            if reject is not None and coarse0 not in _TITLED_TYPES and (g := _glued_rest(view, s, e)) is not None and reject.search(normalise_name(view[g:e])):
                continue  # "从沿江到沿海": too short to strip 从, and 沿江 is no name of the kind
            cls, coarse = next(((c, t) for sfx, c, t in by_suffix if key.endswith(sfx)), (cls0, coarse0))
            if planned[2] and key.endswith(planned[1]) and (any(hit.group(g) for g in planned[0]) or _planned_in_clause(view, doc.span[0], hit.start())):
                cls, coarse = planned[2], coarse_type_of(planned[2])  # "双方将共建X研究院": not yet a body
            via = f"pattern:{name}" + (":generic" if key in generic else "")
            # (a name the rule's `nested_before` follows opens a longer name: "齐白石|故居" keeps the person)
            out.append(_Candidate(Span(s, e, text[s:e]), ((key, coarse, cls),), via, nest is not None and nest.match(view, e) is not None))
            if planned[2] and cls == planned[2] and key.endswith(planned[1]):
                planned_keys[key] = (key, coarse, cls)
    if planned_keys:  # a headline's "共建X研究院" is the one the text says 将共建: planned too
        out = [replace(c, entries=(planned_keys[c.entries[0][0]],)) if c.entries[0][0] in planned_keys else c for c in out]
    return meeting_short_forms(out)


_CLAUSE_MARK = re.compile(r"[，,。；;：:！？!?\n]")
#: "X将与Y共同组建Z研究院", "双方拟于明年联合组建…": a modal earlier in the clause plans what the verb builds
_PLANNED_MODAL = re.compile(r"将|拟|计划|准备|筹备")
_DONE_VERBS = ("建成", "挂牌", "成立")


def _planned_in_clause(view: str, lo: int, verb_at: int) -> bool:
    """A modal (将, 拟, 计划) between the clause's start and the building verb at ``verb_at``; a
    verb of completion (建成, 挂牌) or one after 已 says the body exists ("将依托已建成的X研究院")."""
    if view.startswith(_DONE_VERBS, verb_at) or view[verb_at - 1 : verb_at] == "已":
        return False
    start = max(lo, verb_at - 40)
    cut = None
    for cut in _CLAUSE_MARK.finditer(view, start, verb_at):
        pass
    return _PLANNED_MODAL.search(view, cut.end() if cut else start, verb_at) is not None


def meeting_short_forms(cands: list[_Candidate]) -> list[_Candidate]:
    """"市文旅联席会议" after "永州市文旅产业发展联席会议": an event named by a unit character
    (市, 县, 区, 州, 省), some of a named event's characters after that unit, in order, and the same
    event word is that event (a short form, written after it)."""
    events = [c for c in cands if c.entries[0][1] == "Event" and len(c.entries) == 1]
    if len(events) < 2:
        return cands
    out, ids = [], {id(c) for c in events}
    for c in cands:
        key = c.entries[0][0]
        if id(c) in ids and key[:1] in _UNIT_CHARS and len(key) >= 5:
            for full in events:
                fkey = full.entries[0][0]
                if full.span.start >= c.span.start or len(fkey) <= len(key):
                    continue
                at = fkey.find(key[0], 2, 9)  # the unit character after the unit's own name
                head = _common_tail(fkey, key)
                if at < 0 or len(head) < 2 or not _is_subsequence(key[1 : len(key) - len(head)], fkey[at + 1 : len(fkey) - len(head)]) or key[1:2] != fkey[at + 1 : at + 2]:
                    continue
                c = replace(c, entries=full.entries)
                break
        out.append(c)
    return out


_UNIT_CHARS = frozenset("市县区州省")


def _common_tail(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


@lru_cache(maxsize=4)
def _line_re(lexicon_id: int, lex: Lexicon) -> tuple[re.Pattern, str]:
    """The railway/road pattern of rules.toml [lines] with {abbr} filled from the lexicon."""
    d = rules()["lines"]
    chars = set(d["abbreviation_chars"])
    county_city = d.get("county_level_suffix")
    for e in lex.entries:
        if e.cls in ("City", "Province") or county_city and e.cls == "County" and e.label.endswith(county_city):
            chars.update(n[0] for n in (e.label, *e.aliases) if n)
    abbr = "[" + "".join(sorted(c for c in chars if "\u4e00" <= c <= "\u9fa5")) + "]"
    weak_classes = set(d.get("weak_classes", ()))
    weak = {n[0] for e in lex.entries if e.cls in weak_classes for n in (e.label, *e.aliases) if n} - chars
    weak = "[" + "".join(sorted(c for c in weak if "\u4e00" <= c <= "\u9fa5")) + "]" if weak else "(?!)"
    return re.compile(d["regex"].replace("{abbr}", abbr).replace("{weak}", weak)), d["class"]


def line_candidates(doc: Document, view: str, lex: Lexicon) -> list[_Candidate]:
    """"长益常高铁", "黔张常铁路": a line named from the short forms of the places it joins."""
    regex, cls = _line_re(id(lex), lex)
    text, out = doc.page.text, []
    for hit in regex.finditer(view, doc.span[0], doc.span[1]):
        s, e = hit.span("name")
        run = view[s:e].removesuffix(hit.group("kind")) if "kind" in regex.groupindex else ""
        if run and lex.lookup(run) is not None:
            continue  # "咸宁城际公交": one place's name before the kind joins no places
        if not _in_skip(doc, s, e) and lex.lookup(view[s:e]) is None:
            out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Project", cls),), "pattern:line"))
    return out


def zone_short_candidates(doc: Document, view: str, found: list[_Candidate], known: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"衡阳松木经济开发区" … "松木经开区(管委会)": the zone's own name with a short suffix
    (rules.toml discover.zone_short_forms) names the same zone, and its 管委会 the zone's body."""
    if not any(c.entries[0][1] == "Place" and c.entries[0][2] == "Area" for c in found):
        return []  # (only a found zone has short forms to look for)
    forms = rules()["discover"]["zone_short_forms"]
    text, out, done = doc.page.text, [], set()
    places_at = {k.span.end: k for k in known if k.via == "lexicon" and k.entries[0][2] in ("City", "County")}
    for c in found:
        label, typ, cls = c.entries[0]
        if typ != "Place" or cls != "Area" or label in done:
            continue
        full = next((f for f in _longest_first(tuple(forms)) if label.endswith(f)), None)
        if full is None:
            continue
        head = label[: -len(full)]
        stem = next((head[n:] for n in range(len(head) - 2, 1, -1) if (p := lex.lookup(head[:n])) is not None and p.cls in ("City", "County")), "")
        city = places_at.get(c.span.start)
        if not stem and city is not None and not city.span.text.endswith(("市", "县")) and view[c.span.start : c.span.end] == label:
            # "郴州|白露塘经济开发区": the city's short form starts the zone's name
            stem, label = head, city.span.text + label
            c = _Candidate(Span(city.span.start, c.span.end, text[city.span.start : c.span.end]), ((label, typ, cls),), "pattern:zone")
            out.append(c)
        done.add(label)
        if len(stem) < 2 or lex.lookup(stem) is not None:
            continue
        for short in dict.fromkeys(stem + f for f in (full, *forms[full])):
            i = view.find(short, doc.span[0], doc.span[1])
            while i >= 0:
                j = i + len(short)
                if not (c.span.start <= i < c.span.end) and not _in_skip(doc, i, j):
                    body = next((b for b in _ZONE_BODY if view.startswith(b, j)), None)
                    if body is not None:
                        k = j + len(body)
                        org = label + "管理委员会"
                        out.append(_Candidate(Span(i, k, text[i:k]), ((org, "Organization", _org_class(org)),), "pattern:organization"))
                        out.append(_Candidate(Span(i, j, text[i:j]), (c.entries[0],), "lexicon:nested", nested=True))
                    else:
                        out.append(_Candidate(Span(i, j, text[i:j]), (c.entries[0],), "pattern:zone"))
                i = view.find(short, j, doc.span[1])
    return out


_ZONE_BODY = ("管委会", "管理委员会")
#: characters that may stand right before a zone's own name ("与松木经开区", "市白露塘高新区")
_ZONE_STEM_BOUNDARY = "在与和及、于赴到将同向由的是市县区对为从户驻进察研访"  # (…落户|入驻|走进|考察|调研|走访)


@lru_cache(maxsize=1)
def _zone_short_rule() -> tuple[re.Pattern, dict[str, str], re.Pattern]:
    """rules.toml discover: the stem reject pattern, short form → full suffix, and one
    pattern for any short form."""
    d = rules()["discover"]
    fulls: dict[str, str] = {}
    for full, shorts in d["zone_short_forms"].items():
        for short in shorts:
            fulls.setdefault(short, full)
    return re.compile(d["zone_stem_reject"]), fulls, re.compile("|".join(map(re.escape, fulls)) or "(?!)")


def zone_abbreviation_candidates(doc: Document, view: str, taken: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"松木经开区" on a page of 衡阳 with no full name of the zone: 衡阳松木经济开发区 (the
    home city's short name, the zone's own name, the full suffix), and "…经开区管委会" its
    body.  A stem that names a city or county (or anything the lexicon knows) is left alone."""
    home = _home_city(doc, lex)
    if home is None or home.cls != "City" or not home.label.endswith("市"):
        return []
    prefix = home.label[:-1]
    reject, fulls, any_short = _zone_short_rule()
    if any_short.search(view, doc.span[0], doc.span[1]) is None:
        return []  # (no short form in the document: nothing to expand, no coverage to build)
    text, out = doc.page.text, []
    covered = bytearray(doc.span[1] + 1)
    for c in taken:
        covered[c.span.start : c.span.end] = b"\x01" * (c.span.end - c.span.start)
    for short, full in fulls.items():
        j = view.find(short, doc.span[0], doc.span[1])
        while j >= 0:
            nxt = view.find(short, j + len(short), doc.span[1])
            stem_at = next(
                (i for i in range(j - 2, max(doc.span[0], j - 4) - 1, -1)
                 if i == doc.span[0] or not "\u4e00" <= view[i - 1] <= "\u9fa5" or view[i - 1] in _ZONE_STEM_BOUNDARY),
                None,
            )
            k = j + len(short)
            if stem_at is None or covered.find(1, stem_at, k) >= 0 or _in_skip(doc, stem_at, k):
                j = nxt
                continue
            stem = view[stem_at:j]
            if reject.search(stem) or lex.lookup(stem) is not None or lex.lookup(stem + short) is not None or not all("\u4e00" <= ch <= "\u9fa5" for ch in stem):
                j = nxt
                continue
            entry = lex.lookup(prefix + stem + full)
            zone = _entry_triple(entry) if entry is not None else (prefix + stem + full, "Place", "Area")
            body = next((b for b in _ZONE_BODY if view.startswith(b, k)), None)
            if body is not None:
                e = k + len(body)
                org = zone[0] + "管理委员会"
                out.append(_Candidate(Span(stem_at, e, text[stem_at:e]), ((org, "Organization", _org_class(org)),), "pattern:organization"))
                out.append(_Candidate(Span(stem_at, k, text[stem_at:k]), (zone,), "lexicon:nested", nested=True))
            else:
                out.append(_Candidate(Span(stem_at, k, text[stem_at:k]), (zone,), "pattern:zone"))
            j = nxt
    return out


def zone_body_candidates(doc: Document, view: str, zones: list[_Candidate]) -> list[_Candidate]:
    """"永州经开区管委会" where the zone was found by its kind (not in the lexicon, no full name
    on the page): the zone's 管委会 is its body, labelled with the zone's full name, and the
    zone stays a (nested) mention of its own."""
    text, out = doc.page.text, []
    for c in zones:
        body = next((b for b in _ZONE_BODY if view.startswith(b, c.span.end)), None)
        if body is None or c.nested or len(c.entries) != 1:
            continue
        e = c.span.end + len(body)
        org = c.entries[0][0] + "管理委员会"
        out.append(_Candidate(Span(c.span.start, e, text[c.span.start : e]), ((org, "Organization", _org_class(org)),), "pattern:organization"))
        out.append(replace(c, nested=True, via="lexicon:nested"))
    return out

_LISTED_STATION_RE = re.compile("(?:、|和|及|以及)(?P<name>(?:(?![的在和与及等、，,。；;站])[一-龥]){2,5}站)(?=[、和及，,。；;）)\\s]|$|等|将|已|均|为|是|也|都)")
_STATION_REJECT = re.compile("^(?:[该本此各这那每其新老原]|车站|高铁站|火车站|客运站|汽车站|加油站|服务站|工作站|充电站|换电站|首站|终点站|始发站)")


def listed_station_candidates(doc: Document, view: str, stations: list[_Candidate]) -> list[_Candidate]:
    """"衡柳铁路永州站、东安东站和全州南站": names ending in 站 listed right after a station
    found on its own are stations too (a place the lexicon does not know may open them)."""
    text, out = doc.page.text, []
    for c in stations:
        end = c.span.end
        while True:
            m = _LISTED_STATION_RE.match(view, end, min(doc.span[1], end + 10))
            if m is None or _STATION_REJECT.search(m.group("name")) or _in_skip(doc, m.start("name"), m.end("name")):
                break
            a, b = m.span("name")
            out.append(_Candidate(Span(a, b, text[a:b]), ((view[a:b], "Project", c.entries[0][2]),), "pattern:listed-station"))
            end = b
    return out

@lru_cache(maxsize=1)
def _definition_rule():
    r = rules()["relations"]
    return re.compile(r["component_definition"]), tuple(r["component_regions"])


_QUOTED = re.compile(r'[“"「](?P<q>[^”"」\s]{2,16})[”"」]')


def definition_candidates(doc: Document, view: str) -> list[_Candidate]:
    """"推进“一园一带”建设：「一园」即X，「一带」即Y": X and Y are components (the short
    forms their aliases) of the quoted programme 一园一带."""
    regex, regions = _definition_rule()
    text, out = doc.page.text, []
    hits = [h for h in regex.finditer(view, doc.span[0], doc.span[1]) if not _in_skip(doc, h.start(), h.end())]
    if not hits:
        return out
    terms = set()
    for h in hits:
        name = h.group("name")
        triple = (name, "Place", "Area") if name.endswith(regions) and not name.endswith("走廊") else (name, "Project", "Corridor" if name.endswith("走廊") else "Project")
        s, e = h.span("name")
        out.append(_Candidate(Span(s, e, text[s:e]), (triple,), "pattern:component"))
        ts, te = h.span("term")
        out.append(_Candidate(Span(ts, te, text[ts:te]), (triple,), "pattern:component"))
        terms.add(h.group("term"))
    for q in _QUOTED.finditer(view, doc.span[0], doc.span[1]):
        name = q.group("q")
        if name not in terms and any(t in name for t in terms) and not _in_skip(doc, *q.span("q")):
            s, e = q.span("q")
            out.append(_Candidate(Span(s, e, text[s:e]), ((name, "Project", "Program"),), "pattern:programme"))
    return out


def _definition_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    regex, _ = _definition_rule()
    programmes = [c for c in chosen if c.via == "pattern:programme"]
    if not programmes:
        return []
    at = {c.span.start: c for c in chosen if c.via == "pattern:component"}
    out = []
    for h in regex.finditer(view, doc.span[0], doc.span[1]):
        c = at.get(h.start("name"))
        if c is None:
            continue
        term = h.group("term")
        for p in programmes:
            if term in p.entries[0][0] and p.span.start < h.start():
                out.append(Assertion(c.entries[0][0], "partOf", p.entries[0][0], doc.id, _sentence_of(doc, c.span), "component-defined"))
                break
    return out


def _joins_lines(c: _Candidate, lines: list[_Candidate], view: str) -> bool:
    """"建设长赣高铁和黔张常铁路": a pattern name that runs over a line and a conjunction
    after it is two names, not one."""
    return any(c.span.start <= ln.span.start and ln.span.end < c.span.end and view[ln.span.end] in "和与及、" for ln in lines)


_UNIT_CHARS = {"市": "City", "县": "County", "州": "City", "区": "District"}
_UNIT_ENDINGS = ("市", "县", "区", "镇", "乡", "縣", "區", "鄉", "鎮")
_HOLD_VERBS = ("举行", "召开", "举办", "开幕", "闭幕", "签约", "签署", "落地", "开工")


#: jieba tags of words that open a clause before a strong-suffix place ("这|是|湘西…自治州")
_STRONG_TRIM = frozenset({"r", "p", "d", "c", "u", "ad"})


@lru_cache(maxsize=1)
def _strong_place_rules():
    d = rules()["discover"]
    return (
        tuple(sorted(d["strong_place_classes"].items(), key=lambda kv: -len(kv[0]))),
        tuple(d.get("strong_place_with_city", ())),
        tuple(sorted(d.get("strong_place_verbs", ()), key=len, reverse=True)),
        tuple(d.get("clause_subject_verbs", ())),
        tuple(d.get("clause_building_verbs", ())),
    )


@lru_cache(maxsize=1)
def _zone_suffix_rules():
    zones = rules()["discover"]["zone_suffixes"]
    return zones, tuple(sorted(zones, key=len, reverse=True)), tuple(rules()["discover"]["organization_suffixes"])


@lru_cache(maxsize=1)
def _chain_split_re() -> re.Pattern:
    return re.compile(rules()["discover"].get("chain_place_split", "(?!)"))


#: units a body written after a chain of units belongs to (the last of the chain)
_CHAIN_UNITS = frozenset({"City", "County", "District", "Town"})


def discovered_candidates(doc: Document, view: str, known: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """Places, organisations and people the lexicon does not know (graph/discover.py)."""
    text = doc.page.text
    covered = bytearray(doc.span[1] - doc.span[0] + 1)
    for c in known:
        if not c.nested:
            covered[c.span.start - doc.span[0] : c.span.end - doc.span[0]] = b"\x01" * (c.span.end - c.span.start)

    first, find = doc.span[0], covered.find  # (bound once: asked for every place word found)

    def is_known(s: int, e: int) -> bool:  # every character covered (no 0 byte in the range)
        return find(0, s - first, e - first) < 0

    out: list[_Candidate] = []
    anchors: list[_Candidate] = []
    split = _chain_split_re()
    for s, e, name, cls in discover.places(view, doc.span[0], doc.span[1], is_known):
        if not _in_skip(doc, s, e) and (m := split.match(name)) is not None:
            # "云南省|迪庆藏族自治州": a chain jieba keeps as one word is the province and the unit after it
            mid = s + m.end("head")
            for a, b in ((s, mid), (mid, e)):
                if not is_known(a, b):
                    out.append(_Candidate(Span(a, b, text[a:b]), ((view[a:b], "Place", discover.place_class(view[a:b])),), "pattern:place"))
            continue
        if not _in_skip(doc, s, e):
            # a word that is no place name on its own (城陵矶, 通江) still anchors a
            # facility or body named after it (城陵矶港), never an entity by itself
            if discover.is_place_name(name) and not discover.continues_a_name(view, e, name):
                out.append(_Candidate(Span(s, e, text[s:e]), ((name, "Place", cls),), "pattern:place"))
            else:
                anchors.append(_Candidate(Span(s, e, text[s:e]), ((name, "Place", cls),), "anchor:weak"))
    # "在凯里举行": a found city or county written without its unit, where a place is
    # expected (after 在/赴/到, before a verb of holding or punctuation)
    stems_done: set[str] = set()
    for c in list(out) + [k for k in known if k.via == "lexicon"]:
        label, _t, cls = c.entries[0]
        if cls not in ("City", "County") or label[-1:] not in "市县" or len(label) < 3 or label in stems_done:
            continue
        stems_done.add(label)
        if label[:-1] in lex.surfaces:
            continue  # the lexicon already knows the short form
        stem = label[:-1]
        i = view.find(stem, doc.span[0], doc.span[1])
        while i >= 0:
            j = i + len(stem)
            before = view[i - 1] if i > doc.span[0] else "，"
            if (before in "在赴到于、与和" or not "\u4e00" <= before <= "\u9fa5") and (
                j >= doc.span[1] or not "\u4e00" <= view[j] <= "\u9fa5" or view.startswith(_HOLD_VERBS, j)
            ) and not is_known(i, j) and not _in_skip(doc, i, j):
                out.append(_Candidate(Span(i, j, text[i:j]), (c.entries[0],), "pattern:place"))
            i = view.find(stem, j, doc.span[1])
    d = rules()["discover"]
    strong_classes, with_city, strong_verbs, subject_verbs, building_verbs = _strong_place_rules()
    city_ending = {c.span.end: c for c in known if c.via == "lexicon" and not c.nested and c.entries[0][2] in ("City", "County")} if with_city else {}
    # (every hit's name ends with a suffix of strong_place_classes: a page holding none is not searched)
    strong = any(view.find(sfx, doc.span[0], doc.span[1]) >= 0 for sfx, _c in strong_classes)
    for hit in discover.strong_places(view, doc.span[0], doc.span[1]) if strong else ():
        s, e = hit.span("name")
        if _in_skip(doc, s, e) or is_known(s, e):
            continue
        name = hit.group("name")
        # "这是湘西土家族苗族自治州": words that open the clause are not part of the name, nor
        # a verb ("支持融水苗族自治县")
        verb = next((v for v in strong_verbs if view.startswith(v, s)), None)
        cut = len(verb) if verb else _trim_leading(view, s, e, _STRONG_TRIM) - s
        cut = max(cut, _name_start(view, s, e) - s)  # "会议由|湘西土家族苗族自治州", "目前|X自治县"
        if 0 < cut < len(hit.group("anchor")) - 1:
            s, name = s + cut, name[cut:]
        cls = next(c for sfx, c in strong_classes if name.endswith(sfx))
        city = city_ending.get(s) if name.endswith(with_city) else None
        if city is not None:  # "荆州|车阳河港区": a port or logistics area holds its city's name
            s, name = city.span.start, view[city.span.start : e]
        out.append(_Candidate(Span(s, e, text[s:e]), ((name, "Place", cls),), "pattern:place"))
        if city is not None:
            continue
        anchor = hit.group("anchor")[cut:] if 0 < cut < len(hit.group("anchor")) - 1 else hit.group("anchor")
        short = next((v for k, v in d.get("strong_place_short", {}).items() if name.endswith(k)), None)
        if short and hit.group("ethnic"):  # "富川瑶族自治县" is also written 富川县
            i = view.find(anchor + short, doc.span[0], doc.span[1])
            while i >= 0:
                j = i + len(anchor) + len(short)
                if not _in_skip(doc, i, j):
                    out.append(_Candidate(Span(i, j, text[i:j]), ((name, "Place", cls),), "pattern:place"))
                i = view.find(anchor + short, j, doc.span[1])
        i = view.find(anchor, doc.span[0], doc.span[1])
        while i >= 0:  # "翠山湖" starts the names of the bodies of 翠山湖产业园区
            if i != s:
                anchors.append(_Candidate(Span(i, i + len(anchor), text[i : i + len(anchor)]), ((name, "Place", cls),), "anchor"))
            i = view.find(anchor, i + len(anchor), doc.span[1])
    places = {
        c.span.end: c for c in known + out + anchors if len(c.entries) == 1 and c.entries[0][1] == "Place" and not c.nested
    }
    known_index = _SpanIndex(known)
    place_at: dict[int, _Candidate] = {}
    for c in places.values():
        place_at.setdefault(c.span.start, c)
    units = frozenset(c.span.start for c in places.values() if c.entries[0][2] in _CHAIN_UNITS)
    provinces = frozenset(end for end, c in places.items() if c.entries[0][2] == "Province")
    bodies = discover.organizations(view, doc.span[1], {end: c.span.start for end, c in places.items()}, units, provinces)
    longest = {}
    for s, e in bodies:
        longest[e] = min(s, longest.get(e, s))
    # (a shorter reading of the same body is none, nor is its place a mention: "湖南省|洞庭湖水利事务中心")
    for s, e in bodies:
        if longest[e] < s:
            continue
        if _in_skip(doc, s, e) or any(c.entries[0][1] != "Place" for c in known_index.overlapping(s, e)):
            continue  # a known body (韶山市政府) is not re-read as a longer unknown one
        name = view[s:e]
        entry = lex.lookup(name)
        place = place_at[s]
        if entry is None and view.startswith(building_verbs, place.span.end) and view.endswith(subject_verbs, max(doc.span[0], s - 4), s):
            continue  # "支持芷江侗族自治县|建设…中心": the place builds it, no body is named
        triple = _entry_triple(entry) if entry else _unit_body(place, view[place.span.end : e], lex) or (name, "Organization", _org_class(name))
        unit_char = view[place.span.end] if place.span.end < e else ""
        if entry is None and triple[0] == name and unit_char in _UNIT_CHARS and e > place.span.end + 1 and place.via != "lexicon":
            # "阳江|市委": a bare place word and its unit's body → 阳江市, 中共阳江市委员会
            label0 = place.entries[0][0]
            bare = label0 == view[place.span.start : place.span.end]
            if bare or label0.endswith(unit_char):  # "恩施|州委" when 恩施 anchors 恩施土家族苗族自治州
                unit = replace(place, span=Span(place.span.start, place.span.end + 1, text[place.span.start : place.span.end + 1]),
                               entries=((label0 + unit_char if bare else label0, "Place", _UNIT_CHARS[unit_char] if bare else place.entries[0][2]),))
                body = _unit_body(unit, view[unit.span.end : e], lex)
                if body is not None:
                    triple, place = body, unit
        zone = _zone_in_body(view, place, e, lex) if entry is None else None
        if zone is not None:  # "江华高新区管委会": the zone's body, named in full
            z_end, z_triple, label = zone
            triple = (label, "Organization", _org_class(label))
            if not _in_skip(doc, s, z_end):
                out.append(_Candidate(Span(s, z_end, text[s:z_end]), (z_triple,), "lexicon:nested", nested=True))
        elif triple[0] == name:  # "X管委会" → X管理委员会 (rules.toml discover.body_expansions)
            triple = (_expanded(name), triple[1], triple[2])
            p_label, p_surface = place.entries[0][0], view[place.span.start : place.span.end]
            if (triple[2] in _body_classes() and p_label != p_surface and place.via.startswith("lexicon") and p_label.startswith(p_surface[:1]) and place.entries[0][2] != "Country"
                    and not name.endswith(tuple(rules()["discover"]["short_named_bodies"]))):
                # "黔东南州投资促进局": a body of a known unit is named with the unit's full name
                triple = (p_label + triple[0][len(p_surface) :], triple[1], triple[2])
        out.append(_Candidate(Span(s, e, text[s:e]), (triple,), "pattern:organization"))
        if zone is not None:
            continue
        # (a country opening a body's name is part of the name, not a place of the text: "中国民用航空局",
        # "中国…协会"; the body keeps the name as written)
        if triple[2] in _body_classes() and place.via != "anchor:weak" and place.entries[0][2] != "Country":
            out.append(replace(place, nested=True, via="lexicon:nested"))
    zones, zones_longest, org_suffixes = _zone_suffix_rules()
    zone_words = zones_longest
    for end, c in sorted(places.items()):
        if not view.startswith(zone_words, end):
            continue  # (one C call decides most places: no zone suffix follows)
        sfx = next((z for z in zones_longest if view.startswith(z, end)), None)
        if sfx is None or c.entries[0][2] not in ("City", "County", "District"):
            continue
        s, e = c.span.start, end + len(sfx)
        name = view[s:end] + zones[sfx]
        entry = lex.lookup(view[s:e]) or lex.lookup(name)
        triple = _entry_triple(entry) if entry else (name, "Place", "Area")
        if not _in_skip(doc, s, e):
            out.append(_Candidate(Span(s, e, text[s:e]), (triple,), "pattern:zone"))
    for s, e, cls in discover.facilities(view, doc.span[1], {end: c.span.start for end, c in places.items()}):
        if _in_skip(doc, s, e) or lex.lookup(view[s:e]) or view.endswith(org_suffixes, s, e) or any(
            c.entries[0][1] != "Place" for c in known_index.overlapping(s, e)
        ):
            continue
        out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Project", cls),), "pattern:facility"))
    for s, e, role in discover.people(view, doc.span[0], doc.span[1]):
        if not _in_skip(doc, s, e):
            out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Person", "Person"),), f"pattern:person:{role}"))
    return out


_PAIR_JOIN = re.compile("与|和")  # "A与B两县": a pair joined by a conjunction (rules.toml [enumeration] regex)


@lru_cache(maxsize=1)
def _enumeration_pair_rule() -> tuple[re.Pattern, re.Pattern, int, int | None]:
    """The pair pattern, its words (every hit holds one) and its bounds (:func:`_regex_bounds`)."""
    e = rules()["enumeration"]
    pattern = e.get("pair_regex", "(?!)")
    return re.compile(pattern), re.compile("|".join(map(re.escape, e.get("pair_words", ()))) or "(?!)"), *_regex_bounds(pattern)


@lru_cache(maxsize=1)
def _enumeration_rule():
    e = rules()["enumeration"]
    return re.compile(e["regex"]), dict(e["counts"]), dict(e["unknown_classes"])


def _members_bodies(view: str, pos: int, end: int, members, lex: Lexicon) -> list[tuple[str, str, str]] | None:
    """The bodies of every member of "湖南、湖北、江西三省|文化和旅游厅" (the longest tail after the
    unit word that names a body of each member in the lexicon), or None."""
    for n in range(min(12, end - pos), 1, -1):
        tail = view[pos : pos + n]
        found = [lex.lookup(triple[0] + tail) for _a, _b, triple in members]
        if all(e is not None and e.cls in _body_classes() for e in found):
            return [_entry_triple(e) for e in found]
    # "新晃侗族自治县与玉屏侗族自治县两县|人民政府": a unit of another province the lexicon has no
    # bodies for still has its government (rules.toml enumeration.shared_bodies)
    tail = next((w for w in _longest_first(tuple(rules()["enumeration"]["shared_bodies"])) if view.startswith(w, pos, end)), None)
    if tail is not None and all(triple[1] == "Place" for _a, _b, triple in members):
        out = []
        for _a, _b, triple in members:
            e = lex.lookup(triple[0] + tail)
            name = _expanded(triple[0] + tail)
            out.append(_entry_triple(e) if e is not None else (name, "Organization", _org_class(name)))
        return out
    return None


@lru_cache(maxsize=1)
def _mixed_suffixes() -> frozenset[str]:
    return frozenset(rules()["enumeration"].get("mixed_suffixes", ()))


def _mixed_lookup(lex: Lexicon, suffix: str):
    """"浏阳、醴陵、上栗三县市": the unit a member names with one of the suffix's unit words."""
    def look(name: str):
        return next((e for ch in suffix if (e := lex.lookup(name + ch)) is not None and e.type == "Place"), None)
    return look


def enumeration_candidates(doc: Document, view: str, known: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """Members of a shared-suffix enumeration: "岳塘、雨湖两区" → 岳塘区, 雨湖区.

    Each member's span is its item ("岳塘"); the first item's start is where a name
    plus the suffix is known ("常德计划在武陵、…" → 武陵).  All members share the
    via ``enumeration:<start>`` so relations can treat them as one group.
    """
    regex, counts, unknown = _enumeration_rule()
    if not any(view.find(k, doc.span[0], doc.span[1]) >= 0 for k in counts):
        return []  # (a hit names members only when its count word is one of ``counts``)
    text = doc.page.text
    places_ending = {c.span.end: c for c in known if c.entries and c.entries[0][1] == "Place" and not c.nested}
    out: list[_Candidate] = []
    # ("A与B两县": rarely written, searched near its words only)
    hits = [*regex.finditer(view, doc.span[0], doc.span[1]), *_needed_hits(*_enumeration_pair_rule(), view, doc.span[0], doc.span[1])]
    for hit in hits:
        suffix = hit.group("suffix")
        items, pos = [], hit.start("items")
        joined = hit.group("items")
        for part in joined.split("、") if "、" in joined else _PAIR_JOIN.split(joined, maxsplit=1):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        if counts.get(hit.group("count")) != len(items):
            continue
        members: list[tuple[int, int, tuple[str, str, str]]] = []
        prefixes: list[str] = []
        a0, b0 = items[0]
        look = _mixed_lookup(lex, suffix) if suffix in _mixed_suffixes() else (lambda n, _s=suffix: lex.lookup(n + _s))
        for a in range(b0 - 1, a0 - 1, -1):  # shortest first item that names something known
            name = view[a:b0]
            entry = look(name)
            if entry is None and name.endswith(suffix) and len(name) > len(suffix):
                entry = lex.lookup(name)  # "道县、恭城两县": the first item is written whole
            if entry is None and a in places_ending:  # "株洲市" + "交通运输" + "局"
                entry = lex.lookup(places_ending[a].entries[0][0] + name + suffix)
            if entry is not None:
                members.append((a, b0, _entry_triple(entry)))
                break
        if not members and suffix in unknown:
            # a first item the lexicon does not know: the whole item when it opens its clause
            # ("，天柱、锦屏两县"), else the shortest tail jieba knows as a place word
            # (or the part after a known place or a 的 that opens it: "龙山县|里耶、洗车河两镇", "…的|洪安、迓驾两镇")
            whole = a0 == doc.span[0] or not "\u4e00" <= view[a0 - 1] <= "\u9fa5"
            after = next((k for k in range(b0 - 2, max(a0, b0 - 4) - 1, -1) if k in places_ending or view[k - 1] == "的"), None) if b0 - a0 > 2 else None
            a = a0 if whole and 2 <= b0 - a0 <= 4 else after if after is not None else next(
                (k for k in range(b0 - 2, a0 - 1, -1) if discover.is_place_word(view[k:b0]) and discover.is_place_name(view[k:b0])), None
            )
            if a is not None and all(b - a_ >= 2 for a_, b in items[1:]):
                cls = unknown[suffix]
                members.append((a, b0, (view[a:b0] + suffix, coarse_type_of(cls), cls)))
        if not members:
            continue
        first = lex.by_label.get(members[0][2][0])
        if first is not None:
            for parent in (first.located_in, first.part_of):
                p = lex.by_label.get(parent or "")
                if p is not None:
                    prefixes += [p.label, *p.aliases]
        for a, b in items[1:]:
            name = view[a:b]
            whole = name.endswith(suffix) and len(name) > len(suffix)  # "…与玉屏侗族自治县两县": written whole
            entry = look(name) or (lex.lookup(name) if whole else None) or next((look(p + name) for p in prefixes if look(p + name)), None)
            if entry is not None:
                members.append((a, b, _entry_triple(entry)))
            elif suffix in unknown and len(name) >= 2:
                cls = unknown[suffix]
                members.append((a, b, (name if whole else name + suffix, coarse_type_of(cls), cls)))
        if len(members) != len(items):
            continue
        group = f"enumeration:{members[0][0]}"
        # "湖南、湖北、江西三省文化和旅游厅": a body after the unit word is each member's body
        bodies = _members_bodies(view, hit.end(), doc.span[1], members, lex)
        for k, (a, b, triple) in enumerate(members):
            if not _in_skip(doc, a, b):
                out.append(_Candidate(Span(a, b, text[a:b]), (triple,), group, nested=bodies is not None))
                if bodies is not None:
                    out.append(_Candidate(Span(a, b, text[a:b]), (bodies[k],), group))
    project_regex = _enumeration_project_rule()
    lead_ins = rules()["enumeration"]["project_lead_ins"]
    places_starting = {c.span.start for c in known if c.entries and c.entries[0][1] == "Place"}
    for hit in project_regex.finditer(view, doc.span[0], doc.span[1]):
        parts = hit.group("items").split("、")
        if counts.get(hit.group("count")) != len(parts):
            continue
        tail = hit.group("mid") + hit.group("suffix")
        pos, spans = hit.start("items"), []
        for part in parts:
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        # the last item's span runs to the suffix so the shared words are covered once
        spans[-1] = (spans[-1][0], hit.end("suffix"))
        # the first item: whole when it opens its clause, else its shortest tail naming a
        # place ("共建岳阳、…" → 岳阳); a first item naming nothing known drops the list
        a0, b0 = spans[0]
        whole = (a0 == doc.span[0] or not "\u4e00" <= view[a0 - 1] <= "\u9fa5") and b0 - a0 <= 4
        a = next((k for k in range(b0 - 2, a0 - 1, -1) if k in places_starting or lex.lookup(view[k:b0]) is not None), a0 if whole else None)
        if a is None:  # "加快建设大塘、…": after the last lead-in verb
            cut = max((view.rfind(v, a0, b0) + len(v) for v in lead_ins if view.rfind(v, a0, b0) >= 0), default=-1)
            a = cut if cut >= 0 and b0 - cut >= 2 else None
        if a is None:
            continue
        a = _name_start(view, a, b0, 2)
        if a in places_starting:  # "株洲市已在汽配、新材料两个示范园": the subject place and
            p_end = max(c.span.end for c in known if c.span.start == a and c.entries[0][1] == "Place")
            if p_end < b0 and _name_start(view, p_end, b0, 2) > p_end:  # what opens the clause after it
                a = _name_start(view, p_end, b0, 2)
        spans[0], parts[0] = (a, b0), view[a:b0]
        group = f"enumeration:{spans[0][0]}"
        for (a, b), part in zip(spans, parts):
            if not _in_skip(doc, a, b):
                out.append(_Candidate(Span(a, b, text[a:b]), ((part + tail, "Project", "Project"),), group))
    return out


def _shared_body(place: "_Candidate", tail: str, lex: Lexicon) -> tuple[str, str, str]:
    """The body ``tail`` of a listed place ("零陵区" + "人民政府"): the lexicon's, else one named
    like the bodies of the units it knows, else the place's label and the tail (a zone's
    管委会 written in full)."""
    label, _typ, cls = place.entries[0]
    entry = lex.lookup(label + tail) or lex.lookup(place.span.text + tail)
    if entry is not None:
        return _entry_triple(entry)
    body = _unit_body(place, tail, lex)
    if body is not None:
        return body
    key = label + (_expanded(tail) if cls == "Area" else tail)
    return key, "Organization", _org_class(key)


def shared_body_candidates(doc: Document, view: str, known: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"零陵区、冷水滩区人民政府", "邵东经开区、武冈经开区管委会": places listed with 、 whose last
    one is followed by a body (one the lexicon or a pattern found, or one of rules.toml
    enumeration.shared_bodies) each name that body too, with no count word (the counted
    form is enumeration_candidates').  Each earlier place's span names its body, and the
    place stays a mention of its own nested in it."""
    lo, hi = doc.span
    if view.find("、", lo, hi) < 0:
        return []
    places: dict[int, _Candidate] = {}
    bodies: dict[int, int] = {}
    for c in known:  # (a place nested in a body counts: "冷水滩区" in 冷水滩区人民政府)
        if len(c.entries) != 1:
            continue
        typ = c.entries[0][1]
        if typ == "Place" and (c.span.start not in places or c.span.end > places[c.span.start].span.end):
            places[c.span.start] = c
        elif typ == "Organization" and c.entries[0][2] in _body_classes():
            bodies[c.span.start] = max(bodies.get(c.span.start, 0), c.span.end)
    tails = _shared_tails()
    text, out, used = doc.page.text, [], set()
    for start in sorted(places):
        if start in used:
            continue
        chain = [places[start]]
        while view.startswith("、", chain[-1].span.end) and chain[-1].span.end + 1 in places:
            chain.append(places[chain[-1].span.end + 1])
        if len(chain) < 2:
            continue
        last = chain[-1]
        used.update(c.span.start for c in chain)
        end = bodies.get(last.span.start, 0)
        if end > last.span.end:
            tail = view[last.span.end:end]
        else:
            m = tails.match(view, last.span.end, hi)
            if m is None:
                continue
            tail = m.group(0)
            key = _shared_body(last, tail, lex)
            out.append(_Candidate(Span(last.span.start, m.end(), text[last.span.start:m.end()]), (key,), "enumeration:shared-body"))
            out.append(replace(last, nested=True))
        # each earlier place names its body (the mention the signing and attending relations
        # see), and stays a place of its own (nested in it)
        for c in chain[:-1]:
            if not _in_skip(doc, c.span.start, c.span.end):
                out.append(_Candidate(c.span, (_shared_body(c, tail, lex),), "enumeration:shared-body"))
                out.append(replace(c, nested=True))
    return out


@lru_cache(maxsize=1)
def _shared_tails() -> re.Pattern:
    words = rules()["enumeration"]["shared_bodies"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@lru_cache(maxsize=1)
def _owner_project_rule():
    r = rules()["owner_project"]
    return re.compile(r["regex"]), frozenset(r["owner_classes"]), tuple(r["not_after"]), re.compile(r["tail_reject"])


def owner_project_candidates(doc: Document, view: str, owners: list[_Candidate]) -> list[_Candidate]:
    """A project named after its owner company ("湖南华菱钢铁集团有限公司年产50万吨汽车板项目"):
    the project keeps the whole name and the company stays a (nested) mention of its own."""
    regex, classes, not_after, tail_reject = _owner_project_rule()
    text = doc.page.text
    out: list[_Candidate] = []
    for o in owners:
        if o.nested or len(o.entries) != 1 or o.entries[0][2] not in classes:
            continue
        if view.startswith(not_after, o.span.end):
            continue
        m = regex.match(view, o.span.end, doc.span[1])
        if m is None or not any("\u4e00" <= ch <= "\u9fa5" for ch in m.group()[:-2]) or tail_reject.match(m.group()):
            continue
        a, b = o.span.start, m.end()
        if _in_skip(doc, a, b):
            continue
        out.append(_Candidate(Span(a, b, text[a:b]), ((view[a:b], "Project", "Project"),), "pattern:owner-project"))
        out.append(replace(o, nested=True))
    return out


@lru_cache(maxsize=1)
def _enumeration_project_rule() -> re.Pattern:
    return re.compile(rules()["enumeration"]["project_regex"])


@lru_cache(maxsize=1)
def _title_chain() -> re.Pattern:
    return re.compile(rules()["discover"]["title_chain"])


def _chain_start(view: str, pos: int, floor: int) -> int:
    """Where a run of titles before ``pos`` starts ("市委常委、|副市长")."""
    chain = _title_chain()
    while True:
        m = chain.search(view, max(floor, pos - 8), pos)
        if m is None or m.end() != pos:
            return pos
        pos = m.start()


#: words that stand for the two parties named before ("双方签署…")
_PAIR_WORDS = ("双方", "两地", "两市", "两州", "两区", "两县", "两省", "三方")

#: words after which a bare title ("副市长") names nobody's place but the page's
_TITLE_OPENERS = frozenset("由和与及、是经请")


def implied_body_candidates(doc: Document, view: str, known: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"株洲市市长钟启年": the title after a place names the body (株洲市人民政府).

    The mention is the title itself, marked as coreference (it is not a name of the body).
    """
    table = rules()["discover"]["implied_bodies"]
    text = doc.page.text
    places = {c.span.end: c for c in known if not c.nested and len(c.entries) == 1 and c.entries[0][1] == "Place"}
    nested_places = {c.span.end: c for c in known if c.nested and len(c.entries) == 1 and c.entries[0][1] == "Place"}
    province = _province_of(_home_city(doc, lex), lex)
    # the city a bare 市长 belongs to: the notice's issuer, or the city an outlet is named
    # after (怀化日报); not where a provincial outlet happens to sit (红网 in 长沙)
    city = _issuer_city(doc, known, lex)
    if city is None:
        home = _home_city(doc, lex)
        source = _simplified_of(doc, (inline_source(doc) or Span(0, 0, "")).text or doc.original_source or doc.source or "")
        if home is not None and any(source.startswith(n) for n in (home.label, *home.aliases[:1])):
            city = home
    # (a prefecture's page: "分管农业的副州长X" is the 州's)
    prefecture = city if city is not None and city.label.endswith("州") else None
    # (a county-level city counts: "市长" on a 阳春市 page is 阳春市's)
    city = city if city is not None and (city.cls == "City" or city.label.endswith("市")) else None
    portfolio = re.compile(rules()["discover"].get("portfolio_before_title", "(?!)"))
    out = []
    units_by_end: dict[int, str] = {}  # the unit of each titled person, by the end of the name
    for s, e, title in discover.people(view, doc.span[0], doc.span[1]):
        # (a colon, an ASCII comma or a space may stand between the title and the name:
        # "…副市长,刘海峰", "…主任：贺新民")
        gap = next((k for k in (0, 1, 2) if k == 2 or s - k - 1 < doc.span[0] or view[s - k - 1] not in "：:, \u3000"), 0)
        s -= gap
        t_start = s - len(title)
        template = table.get(title.removeprefix("常务").removeprefix("副"))
        if template is None:
            continue
        c_start = _chain_start(view, t_start, doc.span[0])
        place = places.get(c_start)
        if place is None and c_start != t_start:  # "铜仁市委常委、副市长": the place inside 铜仁市委
            place = nested_places.get(c_start)
        if place is None and title.removeprefix("常务").removeprefix("副")[:1] in "省市县区州" and c_start + 1 in places:
            over = places[c_start + 1]  # "江华县|委书记": the place's own 县 opens the title
            if view[over.span.end - 1] == title.removeprefix("常务").removeprefix("副")[0]:
                place, t_start = over, c_start + 1 if c_start == t_start else t_start
        unit = place.entries[0][0] if place is not None else None
        if unit is None and title.removeprefix("常务").removeprefix("副").startswith("省") and province is not None:
            unit = province.label  # "副省长…" on a page of that province
        if unit is None and title.removeprefix("常务").removeprefix("副") == "市长" and city is not None and (
            t_start == doc.span[0] or not "\u4e00" <= view[t_start - 1] <= "\u9fa5" or view[t_start - 1] in _TITLE_OPENERS
        ):
            unit = city.label  # "由副市长赵明川主持": the page's (the notice's) city
        if unit is None and t_start > doc.span[0] and portfolio.search(view, max(doc.span[0], t_start - 16), t_start):
            # "分管工业的副市长X", "分管农业的副州长Y": a portfolio names the page's city's (prefecture's) body
            bare = title.removeprefix("常务").removeprefix("副")
            home = city if bare == "市长" else prefecture if bare == "州长" else None
            unit = home.label if home is not None else None
        bare_title = title.removeprefix("常务").removeprefix("副")
        if unit is None and t_start > doc.span[0] and view[t_start - 1] == "、" and units_by_end.get(t_start - 1, "")[-1:] == bare_title[:1]:
            unit = units_by_end[t_start - 1]  # "浏阳市委书记X、市长Y": the place of the first title
        if unit is None:
            inner = nested_places.get(c_start + 1) if view[c_start : c_start + 1] == bare_title[:1] else None
            if inner is not None:  # "浏阳市委|书记X" (the committee is a name of its own): remember the place
                units_by_end[e] = inner.entries[0][0]
            continue
        units_by_end[e] = unit
        body = lex.lookup(template.replace("{unit}", unit))
        if body is not None:
            triple = _entry_triple(body)
        elif lex.lookup(unit) is None or not lex.lookup(unit).level:
            # a unit the lexicon does not know (贺州市副市长, 黔东南州州长): its body by the template
            name = template.replace("{unit}", unit)
            triple = (name, "Organization", "PartyCommittee" if name.startswith("中共") else "GovernmentAgency")
        else:
            continue
        if not _in_skip(doc, t_start, s):
            out.append(_Candidate(Span(t_start, s, text[t_start:s]), (triple,), f"coref:title:{title}"))
    return out


@lru_cache(maxsize=1)
def _project_list_rule():
    r = rules()["project_list"]
    sfx = "|".join(map(re.escape, sorted(r["suffixes"], key=len, reverse=True)))
    seps = "|".join(map(re.escape, sorted(r["separators"], key=len, reverse=True)))
    phase = r.get("phase", "(?!)")
    follow = "".join(f"|{re.escape(w)}(?=[，,。；;]|$)" for w in r.get("item_followers", ()))
    follow += "".join(f"|{re.escape(w)}" for w in r.get("item_filed", ()))
    item = re.compile(
        rf"(?P<item>[^、，,。；;：:等的和及\s]{{2,60}}?(?:{sfx})(?:{phase})?)(?P<paren>[（(][^()（）]{{1,8}}[)）])?(?=(?:{seps})|等|的|[，,。；;]|${follow})"
    )
    adverbs = "|".join(map(re.escape, r.get("lead_in_adverbs", ())))
    not_before = r.get("lead_in_not_before")  # ("推介|会上发布了…": a lead-in that opens an event word is none)
    lead = re.compile(
        (f"(?:{adverbs})?" if adverbs else "") + "(?:" + "|".join(map(re.escape, sorted(r["lead_ins"], key=len, reverse=True))) + ")"
        + (f"(?!{not_before})" if not_before else "") + r"[，,：:]?"
    )
    colon_seps = "|".join(map(re.escape, sorted(list(r.get("colon_separators", ())) + list(r["separators"]), key=len, reverse=True)))
    loose = re.compile(rf"(?P<item>[^、，,。；;：:等\s]{{3,40}}?)(?=(?:{seps})|等)")
    return (
        lead, item, re.compile(rf"(?:{seps})"), frozenset(r["drop_parentheticals"]), frozenset(r["nested_classes"]),
        re.compile(rf"(?:{colon_seps})"), loose, re.compile(r.get("closing_nouns", "(?!)")),
    )


@lru_cache(maxsize=1)
def _lead_words() -> tuple[re.Pattern, int, int | None]:
    """The lead-ins one of which every lead-in hit holds (after its optional adverb), and the
    bounds of the lead-in pattern (:func:`_regex_bounds`), for :func:`_needed_hits`."""
    words = rules()["project_list"]["lead_ins"]
    return re.compile("|".join(map(re.escape, words))), *_regex_bounds(_project_list_rule()[0].pattern)


@lru_cache(maxsize=1)
def _item_action_re() -> re.Pattern:
    r = rules()["project_list"]
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(f"(?:{alt(r['item_action_kinds'])})(?:{alt(r['item_actions'])})$")


def _without_action(view: str, s: int, e: int) -> int:
    """"永州南站改造", "零陵机场迁建": a listed item that is a facility and the work done to it
    names the facility (rules.toml project_list.item_actions)."""
    m = _item_action_re().search(view, s, e)
    if m is None or m.start() - s < 2:
        return e
    kinds = rules()["project_list"]["item_action_kinds"]
    kind = next(k for k in sorted(kinds, key=len, reverse=True) if view.startswith(k, m.start()))
    return m.start() + len(kind)


def _strong_lead(view: str, s: int, e: int) -> bool:
    return any(view.find(w, s, e) >= 0 for w in rules()["project_list"].get("strong_lead_ins", ()))


def project_list_candidates(doc: Document, view: str, known: list[_Candidate]) -> list[_Candidate]:
    """Projects listed after a lead-in ("包括A、B和C等"), with the known bodies and
    programmes named inside them kept as nested mentions."""
    lead, item_re, sep_re0, drop, nested_classes, colon_sep_re, loose_re, closing = _project_list_rule()
    item_classes = rules()["project_list"].get("item_classes", {})
    text = doc.page.text
    out: list[_Candidate] = []
    known_index = None  # (built when a list is found: most documents have none)
    for sent in _sentences(doc):
        for li in _needed_hits(lead, *_lead_words(), view, sent.start, sent.end):
            pos, items = li.end(), []
            nxt = lead.match(view, pos, sent.end)
            while nxt is not None and nxt.end() > pos:  # "将加快推进…": the list starts after the last
                pos = nxt.end()
                nxt = lead.match(view, pos, sent.end)
            start = pos
            sep_re = colon_sep_re if view[pos - 1] in "：:" else sep_re0
            while True:
                m = item_re.match(view, pos, sent.end)
                if m is None:
                    break
                s, e = m.span("item")
                s = _name_start(view, s, e)
                paren = m.group("paren")
                if paren and paren[1:-1] not in drop:
                    e = m.end("paren")
                items.append((s, e))
                pos = m.end()
                sep = sep_re.match(view, pos, sent.end)
                if sep is None:
                    break
                pos = sep.end()
            closed = pos < sent.end and view[pos] == "等"
            if (not closed or len(items) < 2) and closing.search(view, start, sent.end):
                # "实施A一期、B扩建、C等重大项目": items of any ending, closed by 等…项目
                loose, p2 = [], start
                while True:
                    m = loose_re.match(view, p2, sent.end)
                    if m is None:
                        break
                    loose.append(m.span("item"))
                    p2 = m.end()
                    sep = sep_re.match(view, p2, sent.end)
                    if sep is None:
                        break
                    p2 = sep.end()
                if len(loose) >= 2 and len(loose) > len(items) and closing.match(view, p2, sent.end):
                    items, closed = loose, True
            if len(items) < (1 if closed else 2):
                continue
            if any(_strong_lead(view, s, e) for s, e in items[:1]):
                continue  # "开工项目包括A、B": the list starts after the later lead-in
            for s, e in items:
                if _in_skip(doc, s, e):
                    continue
                e = _without_action(view, s, e)
                cls = next((c for sfx, c in item_classes.items() if view.endswith(sfx, s, e)), "Project")
                out.append(_Candidate(Span(s, e, text[s:e]), ((normalise_name(view[s:e]), coarse_type_of(cls), cls),), "pattern:project-list"))
                if known_index is None:
                    known_index = _SpanIndex(known)
                for c in known_index.inside(s, e):
                    if (c.span.start, c.span.end) != (s, e) and len(c.entries) == 1:
                        _key, typ, cls = c.entries[0]
                        if typ == "Organization" or cls in nested_classes:
                            out.append(replace(c, nested=True, via="lexicon:in-name"))
    return out


def _list_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """Listed projects are part of the programme they serve ("服务于「P」建设，包括…") and
    of the list the document says they are in ("均已列入《L》")."""
    r = rules()["project_list"]
    serve, listed_in = tuple(r["serve_verbs"]), tuple(r["listed_in_verbs"])
    plan_words, prefix_classes = tuple(r["plan_words"]), frozenset(r["prefix_place_classes"])
    items = [c for c in chosen if c.via == "pattern:project-list"]
    if not items and not any(c.via in _PREFIXED_PROJECTS for c in chosen):
        return []
    out = []
    places = _SpanIndex([c for c in chosen if len(c.entries) == 1 and c.entries[0][1] == "Place" and c.entries[0][2] in prefix_classes])
    for c in [c for c in chosen if c.via in _PREFIXED_PROJECTS]:  # "双峰县农机产业园": the county opening a project's name
        for z in places.inside(c.span.start, c.span.end):
            if z.span.start == c.span.start and z.span.end < c.span.end:
                out.append(Assertion(c.entries[0][0], "locatedIn", z.entries[0][0], doc.id, _sentence_of(doc, c.span), "place-in-name"))
    # "常德高新区智能制造产业园二期": a zone opening a listed project's name is where it lies
    zones = _SpanIndex([c for c in chosen if c.nested and len(c.entries) == 1 and c.entries[0][2] == "Area"])
    for c in items:
        for z in zones.inside(c.span.start, c.span.end):
            if z.span.start == c.span.start and z.span.end < c.span.end:
                out.append(Assertion(c.entries[0][0], "locatedIn", z.entries[0][0], doc.id, _sentence_of(doc, c.span), "site-in-name"))
    for sent in _sentences(doc):
        ms = _mentions_in(sent, chosen)
        local = view[sent.start : sent.end]
        for verb in serve:
            vi = local.find(verb)
            if vi < 0:
                continue
            vpos = sent.start + vi + len(verb)
            target = next(((c, e) for c, e in ms if c.span.start >= vpos and e[1] == "Project" and c.via != "pattern:project-list"), None)
            if target is None or view.startswith(("、", "和", "及"), target[0].span.end):
                continue  # ("围绕A港、B港和C港": the first item of the list, not the programme)
            for c in items:
                if sent.start <= c.span.start and c.span.end <= sent.end and c.span.start > target[0].span.end:
                    out.append(Assertion(c.entries[0][0], "partOf", target[1][0], doc.id, sent, "serves-program"))
        # "方案还列出了A、B等项目": the plan opening the clause of the list holds its items
        mine = [c for c in items if sent.start <= c.span.start and c.span.end <= sent.end]
        if mine:  # (a first item another rule named, "实施|A工程、B工程和C工程", is the list's too)
            lead = next((c for c, e in ms if e[1] == "Project" and not c.nested and c.via != "pattern:project-list"
                         and c.span.end + 1 == mine[0].span.start and view[c.span.end] in "、和及"), None)
            mine = [lead] + mine if lead is not None else mine
            c_start, _ = _clause_bounds(doc.page.text, sent, mine[0].span.start)
            plan = next((e for c, e in ms if c_start <= c.span.start < mine[0].span.start and e[1] == "Policy"), None)
            if plan is None:
                word = next((w for w in plan_words if view.startswith(w, c_start)), None)
                plan = _latest_policy(chosen, c_start, word) if word else None
            if plan is None and c_start - 1 > sent.start and view[c_start - 1] in "，,":
                # "《P》提出，重点推进A、B等项目": the plan stating the list in the clause before
                said = next((v for v in r.get("plan_statement_verbs", ()) if view.startswith(v, c_start - 1 - len(v))), None)
                if said is not None:
                    at = c_start - 1 - len(said)
                    plan = next((e for c, e in ms if e[1] == "Policy" and at - 1 <= c.span.end <= at), None)
            if plan is not None:
                for c in mine:
                    out.append(Assertion(c.entries[0][0], "partOf", plan[0], doc.id, sent, "listed-in-plan"))
        for verb in listed_in:
            vi = local.find(verb)
            if vi < 0 or "项目" not in local:
                continue
            vpos = sent.start + vi + len(verb)
            target = next(((c, e) for c, e in ms if c.span.start >= vpos and e[1] == "Policy"), None)
            if target is None:
                continue
            for c in items:
                out.append(Assertion(c.entries[0][0], "partOf", target[1][0], doc.id, sent, "listed-in"))
    return out


_PREFIXED_PROJECTS = frozenset({"pattern:project-list", "pattern:built", "pattern:prefixed-project"})


def _latest_policy(chosen: list[_Candidate], before: int, word: str) -> tuple[str, str, str] | None:
    """The last policy named before ``before`` whose name ends with ``word`` (方案 → …方案)."""
    best = None
    for c in chosen:
        if c.span.end > before:
            break
        e = c.entries[0]
        if e[1] == "Policy" and e[0].endswith(word):
            best = e
    return best


def _span_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"X西起A，东至B": the project X lies in A and B."""
    markers = tuple(rules()["relations"]["span_markers"])
    out = []
    for sent in _sentences(doc):
        ms = _mentions_in(sent, chosen)
        projects = [(c, e) for c, e in ms if e[1] == "Project"]
        for c, e in projects:
            if not view.startswith(markers, c.span.end):
                continue
            for pc, pe in ms:
                if pc.span.start > c.span.end and pe[1] == "Place" and view[pc.span.start - 2 : pc.span.start] in markers:
                    while True:  # "止于株洲市荷塘区": the last place of the run
                        nxt = next((qe for q, qe in ms if q.span.start == pc.span.end and qe[1] == "Place" and not q.nested), None)
                        if nxt is None:
                            break
                        pc, pe = next((q, qe) for q, qe in ms if q.span.start == pc.span.end and qe[1] == "Place" and not q.nested)
                    out.append(Assertion(e[0], "locatedIn", pe[0], doc.id, sent, "runs-between"))
    return out


def _signing_event_relations(doc: Document, view: str, chosen: list[_Candidate], facts: list[Assertion]) -> list[Assertion]:
    """A signing ceremony is about the agreements signed in the document, held where they
    were signed; the people speaking "在仪式上"/"仪式上" take part in it."""
    words = tuple(rules()["relations"]["signing_events"])
    out = []
    # "签约仪式后，A与B签署…": an agreement signed after the ceremony is not part of it
    after = tuple(w + "后" for w in words) + tuple(w + "结束后" for w in words) + ("仪式后", "仪式结束后", "活动结束后")
    signed = sorted({a.subject for a in facts if a.predicate == "signatory" and not any(w in a.evidence.text for w in after)})
    held: dict[str, dict[str, None]] = {}  # places in first-seen order, each once
    for a in facts:
        if a.predicate == "heldIn":
            held.setdefault(a.subject, {})[a.object] = None
    # which agreements a ceremony is about: a generic one ("签约仪式上") the agreement whose
    # signatories qualify it (_qualify_signing_events: the nearest signed before it, else
    # the first after it); a named one those signed in its own sentence.  Not every
    # agreement of the document: a meeting's 签约仪式 is not about last year's agreement.
    signers: dict[str, set[str]] = {}
    signed_in: dict[str, set[int]] = {}
    for a in facts:
        if a.predicate == "signatory":
            signers.setdefault(a.subject, set()).add(a.object)
            signed_in.setdefault(a.subject, set()).add(a.evidence.start)
    pacts = [c for c in chosen if c.entries[0][1] == "Agreement" and c.entries[0][0] in signed]
    for c in chosen:
        key, typ, _cls = c.entries[0]
        if typ != "Event":
            continue
        sent = _sentence_of(doc, c.span)
        if key.endswith(words):
            if c.via.endswith(":generic"):
                two = [a for a in pacts if len(signers.get(a.entries[0][0], ())) >= 2]
                before = [a for a in two if a.span.end <= c.span.start]
                ags = [(before[-1] if before else two[0]).entries[0][0]] if two else []
            else:
                ags = [ag for ag in signed if sent.start in signed_in.get(ag, ())]
            for ag in ags:
                out.append(Assertion(key, "about", ag, doc.id, sent, "signing-ceremony"))
                for place in held.get(ag, ()):
                    out.append(Assertion(key, "heldIn", place, doc.id, sent, "signing-ceremony"))
        if view.startswith("上", c.span.end):
            for pc, pe in _mentions_in(sent, chosen):
                if pe[1] == "Person" and pc.span.start > c.span.end:
                    out.append(Assertion(key, "participant", pe[0], doc.id, sent, "spoke-at"))
    return out


@lru_cache(maxsize=1)
def _later_session() -> re.Pattern:
    return re.compile(rules()["relations"].get("later_session", "(?!)"))


@lru_cache(maxsize=1)
def _event_role_rules():
    r = rules()["relations"]
    words = tuple(sorted(r["event_words"], key=len, reverse=True))
    passive = re.compile(
        "(?P<word>" + "|".join(map(re.escape, words)) + ")?由(?P<agents>[^，,。；;]{2,60}?)(?:共同|联合)?(?P<verb>"
        + "|".join(map(re.escape, sorted(r["passive_roles"], key=len, reverse=True))) + ")"
    )
    return tuple(sorted(r["convene_verbs"], key=len, reverse=True)), words, passive, dict(r["passive_roles"])


def _passive_hits(local: str):
    """The passive-role hits in a sentence ("会议由A主办"), searched from the longest event word
    before its first 由: every hit holds 由 right after its optional event word, which the
    pattern otherwise tries at every character before it."""
    at = local.find("由")
    if at < 0:
        return ()
    _convene, words, passive, _roles = _event_role_rules()  # (words: longest first)
    return passive.finditer(local, max(0, at - len(words[0]))) if words else passive.finditer(local)


def _latest_event(chosen: list[_Candidate], before: int, word: str | None) -> tuple[str, str, str] | None:
    """The event a generic word (座谈会, 会议, 座谈) points back to: the last event named
    before ``before`` whose name contains the word (any event for 会议/活动/会)."""
    best = heads = None
    anyword = word is None or word in _any_event_words()
    for c in chosen:
        if c.span.end > before:
            break
        e = c.entries[0]
        if e[1] == "Event" and not c.via.endswith(":generic") and (anyword or word in e[0]):
            best = e
            if word is not None and e[0].endswith(word):
                heads = e
    # "峰会由…主办" after "峰会开幕式": the event the word ends, before one it is inside
    return heads or best


@lru_cache(maxsize=1)
def _count_words() -> frozenset[str]:
    """What may stand between a verb and the event it holds ("召开一次…推进会", "举行了…")."""
    drops = {p for ent in rules()["entity"] if ent["class"] in ("Meeting", "Ceremony") for p in ent.get("drop_prefixes", ())}
    return frozenset({""} | drops)


@lru_cache(maxsize=1)
def _any_event_words() -> frozenset[str]:
    return frozenset(rules()["relations"].get("any_event_words", ("会议", "活动", "会")))


def _qualifies_person(c: _Candidate, ms) -> bool:
    """A body or place written right before a title and a name ("怀化市委书记龙振宇",
    "铜仁市副市长吴清和") qualifies the person; it does not attend on its own."""
    for pc, pe in ms:
        if pe[1] == "Person" and c.span.end <= pc.span.start <= c.span.end + 10:
            return True
    return False


_AT_EVENT = ("上", "期间", "现场")
_SUB_EVENT_OPS = frozenset({"上", "期间", "中"})  # "博览会期间，X座谈会举行": X is part of the 博览会


_BY_AGENT_STOPS = ("分别", "共同", "联合", "牵头", "负责", "轮流", "按", "每")


def _event_role_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """Who convenes and who attends an event (rules.toml relations.convene_verbs,
    passive_roles, event_words):

    * "A与B联合举办E", "市人民政府每季度召开E": the bodies and places before the verb in
      its clause organise the event named right after it;
    * "E由A和B共同主办", "本次座谈会由A主办", "推进会由副市长X主持": the agents organise
      (主持: take part in) the event before 由, or the one a generic word names;
    * "A、B出席会议并讲话", "C有关负责人参加座谈": attendance of an event named by a
      generic word (the last event of that kind before it); people's bodies and places
      written before their titles are not attendees.
    """
    convene, words, _passive, roles = _event_role_rules()
    convene = _words_in_doc(doc, view, convene)
    participate_verbs = _words_in_doc(doc, view, tuple(rules()["relations"]["participate_verbs"]))
    text = doc.page.text
    out = []
    for sent in _sentences(doc):
        ms = _mentions_in(sent, chosen)
        if not ms:
            continue
        local = view[sent.start : sent.end]
        for verb, vi in _occurrences(local, convene):
            vpos = sent.start + vi
            c_start, c_end = _clause_bounds(text, sent, vpos)
            at = view.rfind("在", c_start, vpos)
            gap = vpos + len(verb)
            events = [(c, e) for c, e in ms if e[1] == "Event" and gap <= c.span.start <= gap + 2 and view[gap : c.span.start] in _count_words()]
            # "A、B共同主办本次会议": a generic word after the verb is the last event of its kind
            events = [_latest_event(chosen, c.span.start, e[0]) if c.via.endswith(":generic") else e for c, e in events]
            events = [e for e in events if e is not None]
            if not events and at < 0:
                rest = gap + next((len(p) for p in _longest_first(tuple(_count_words())) if p and view.startswith(p, gap)), 0)
                word = next((w for w in words if view.startswith(w, rest)), None)
                if word is not None and view[rest + len(word) : c_end].strip("".join(_TERMINATORS)) == "":  # "共同主办本次会议" (the word ends the clause)
                    ev = _latest_event(chosen, vpos, word)
                    events = [ev] if ev is not None else []
            if events and at < 0:
                # "A召集B、C召开E": A convenes, those it calls together take part
                called = view.find("召集", c_start, vpos)
                agents = _signers(ms, c_start, vpos)
                if not agents and c_start > sent.start:
                    # "由三市分别牵头…，每半年轮流召开一次E": the agents after 由 opening the clause
                    # before (the clause of the verb names none) convene it
                    p_start, _ = _clause_bounds(text, sent, c_start - 1)
                    if view.startswith("由", p_start):
                        stop = min([i for i in (view.find(w, p_start, c_start) for w in _BY_AGENT_STOPS) if i >= 0] + [c_start])
                        agents = _signers(ms, p_start + 1, stop)
                for oc, o in agents:
                    role = "participant" if 0 <= called < oc.span.start else "organizer"
                    out.append(Assertion(events[0][0], role, o[0], doc.id, sent, "convened-by" if role == "organizer" else "called-together"))
        for hit in _passive_hits(local):
            by = sent.start + hit.start("agents") - 1
            if hit.group("word") and _later_session().search(view, max(doc.span[0], sent.start + hit.start("word") - 4), sent.start + hit.start("word")):
                continue  # "下一轮联席会议由浏阳承办": a later session, not the one named before
            if hit.group("word"):
                named = [e for c, e in ms if c.span.end == sent.start + hit.end("word") and e[1] == "Event"]
                event = named[0] if named else _latest_event(chosen, sent.start + hit.start("word"), hit.group("word"))
            else:
                named = [e for c, e in ms if c.span.end == by and e[1] == "Event"]
                if not named and view.startswith("的", sent.start + hit.end("verb")):  # "由A主办的E"
                    after = sent.start + hit.end("verb") + 1
                    named = [e for c, e in ms if c.span.start == after and e[1] == "Event"]
                if not named and view[by - 1 : by] in "，,":  # "E在凯里举行，由A承办"
                    # (not an event that only dates it: "X在Y博览会期间召开，由A召集")
                    named = [e for c, e in ms if c.span.end < by and e[1] == "Event" and not c.via.endswith(":generic") and not _DURING.match(view, c.span.end)][-1:]
                event = named[0] if named else None
            if event is None:
                continue
            a0, a1 = sent.start + hit.start("agents"), sent.start + hit.end("agents")
            role = roles[hit.group("verb")]
            agents = [e for c, e in ms if a0 <= c.span.start and c.span.end <= a1 and e[1] == "Person"]
            if role == "organizer" or not agents:
                agents += [e for c, e in _signers(ms, a0, a1) if not _qualifies_person(c, ms)]
            for e in agents:
                out.append(Assertion(event[0], role, e[0], doc.id, sent, "by-agent"))
        for c, e in ms:  # "市长X在座谈会上表示": a person speaking at the event the word names
            if e[1] != "Person" or not view.startswith("在", c.span.end):
                continue
            word = next((w for w in words + ("会",) if view.startswith(w, c.span.end + 1)), None)  # (在会上: any event)
            if word is not None and view.startswith(_AT_EVENT, c.span.end + 1 + len(word)):
                event = _latest_event(chosen, c.span.start, word)
                if event is not None:
                    out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "spoke-at"))
        for verb, vi in _occurrences(local, participate_verbs):
            vpos = sent.start + vi
            after = vpos + len(verb)
            after += 1 if view.startswith("了", after) and any(view.startswith(w, after + 1) for w in words) else 0  # "参加了对接会"
            word = next((w for w in words if view.startswith(w, after)), None)
            named = [c for c, e in ms if c.span.start == after and e[1] == "Event"]
            if word is None and not named and (after >= sent.end or view[after] in "并，,。；;和、"):
                # "E召开，副省长X出席并讲话": the event named earlier in the sentence
                earlier = [e for c, e in ms if c.span.end <= vpos and e[1] == "Event" and not c.via.endswith(":generic") and not _DURING.match(view, c.span.end)]
                if earlier:
                    c_start, _ = _clause_bounds(text, sent, vpos)
                    p_start = _listed_people_start(text, sent, c_start, ms)
                    for e in [e for c, e in ms if p_start <= c.span.start and c.span.end <= vpos and e[1] == "Person"]:
                        out.append(Assertion(earlier[-1][0], "participant", e[0], doc.id, sent, "attended"))
                    # "E开幕，A公司等120余家企业参展": bodies of the verb's clause too
                    for e in [e for c, e in _signers(ms, c_start, vpos) if e[1] == "Organization" and not _qualifies_person(c, ms)]:
                        out.append(Assertion(earlier[-1][0], "participant", e[0], doc.id, sent, "attended"))
            if word is not None and not named:
                event = _latest_event(chosen, vpos, word)
                c_start, _ = _clause_bounds(text, sent, vpos)
                if event is not None:
                    p_start = _listed_people_start(text, sent, c_start, ms)
                    people = [e for c, e in ms if p_start <= c.span.start and c.span.end <= vpos and e[1] == "Person"]
                    bodies = [e for c, e in _signers(ms, c_start, vpos) if not _qualifies_person(c, ms) and not _place_before_de(view, c, e, vpos)]
                    for e in people + bodies:
                        out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "attended"))
    return out


def _line_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"京广高铁郴州西站": a station right after its line is part of it; "在A、B两县共建X":
    what is built lies in the places between 在 and the verb (rules.toml relations)."""
    r = rules()["relations"]
    lines, stations = tuple(r["line_suffixes"]), tuple(r["station_suffixes"])
    # (the verbs can only end a gap of this document: those absent from it are left out,
    # and the building verbs are sorted, longest first, once per document, not per place run)
    verbs = _words_in_doc(doc, view, _longest_first(tuple(r["build_verbs"])))
    subject_verbs = _words_in_doc(doc, view, tuple(r["start_verbs"]))
    place_starts = {c.span.start for c in chosen if not c.nested and any(e[1] == "Place" for e in c.entries)}
    out = []
    by_start: dict[int, list[_Candidate]] = {}
    for c in chosen:
        by_start.setdefault(c.span.start, []).append(c)
    for c in chosen:
        key, typ, _cls = c.entries[0]
        if typ != "Project" or not (key.endswith(lines) or c.span.text.endswith(lines)):
            continue
        for o in by_start.get(c.span.end, ()):
            if o.entries[0][1] == "Project" and o.entries[0][0].endswith(stations):
                out.append(Assertion(o.entries[0][0], "partOf", key, doc.id, _sentence_of(doc, o.span), "station-on-line"))
    # "长益常高铁通车后，沿线的益阳南站、常德站…": stations in a sentence that names one line
    named_line = any(e[1] == "Project" and (e[0].endswith(lines) or c.span.text.endswith(lines)) for c in chosen for e in c.entries)
    for sent in _sentences(doc) if named_line else ():
        ms = _mentions_in(sent, chosen)
        on = {e[0]: c.span.end for c, e in ms if e[1] == "Project" and (e[0].endswith(lines) or c.span.text.endswith(lines))}
        if len(on) != 1:
            continue
        line, end = next(iter(on.items()))
        for c, e in ms:  # (written after the line: "…站枢纽改造，方便换乘X铁路" is no part of X)
            if e[1] == "Project" and e[0].endswith(stations) and not c.nested and c.span.start >= end:
                out.append(Assertion(e[0], "partOf", line, doc.id, sent, "station-on-line"))
    for sent in _sentences(doc) if verbs or subject_verbs else ():
        local = view[sent.start : sent.end]
        at = local.find("在") if verbs else -1
        while at >= 0:
            a0 = sent.start + at + 1
            if a0 not in place_starts and a0 + 1 not in place_starts:  # (no run of places can open here)
                at = local.find("在", at + 1)
                continue
            c_start, c_end = _clause_bounds(doc.page.text, sent, a0)
            ms = _mentions_in(Span(a0, c_end, ""), chosen)
            places, prev = [], a0
            for c, e in ms:  # a run of places right after 在, joined by 、和与及
                if e[1] != "Place" or c.nested or c.span.start - prev > 1 or (c.span.start > prev and view[prev] not in "、和与及"):
                    break
                places.append((c, e))
                prev = c.span.end
            if places:
                end = max(c.span.end for c, _ in places)
                gap = view[end:c_end]
                verb = next((v for v in verbs if gap.startswith(v) or gap[2:].startswith(v)), None)
                if verb is not None:
                    vend = end + gap.find(verb) + len(verb)
                    built = [e for c, e in ms if c.span.start == vend and e[1] in ("Project", "Place") and e[2] not in ("City", "County", "District", "Province", "Town")]
                    for b in built[:1]:
                        for _, p in places:
                            out.append(Assertion(b[0], "locatedIn", p[0], doc.id, sent, "built-in"))
            at = local.find("在", at + 1)
        # "新邵县近日启动X工程": a place that opens its clause and starts or builds a project
        for c, e in _mentions_in(sent, chosen) if subject_verbs else ():
            if e[1] != "Place" or c.nested or (e[2] not in _ranks() and e[2] != "Area"):
                continue
            window = view[c.span.end : c.span.end + 8]  # (the gap below lies in it and ends with a verb)
            if not any(v in window for v in subject_verbs):
                continue
            c_start, c_end = _clause_bounds(doc.page.text, sent, c.span.start)
            ms = _mentions_in(Span(c_start, c_end, ""), chosen)
            if not ms or ms[0][0] is not c and not (ms[0][0].span.end == c.span.start and ms[0][1][1] == "Place"):
                continue  # the place must open the clause (or follow its own parent: 邵阳市新邵县)
            nxt = next(((o, oe) for o, oe in ms if o.span.start >= c.span.end and o is not c), None)
            if nxt is None or nxt[1][1] != "Project":
                continue
            gap = view[c.span.end : nxt[0].span.start]
            if len(gap) <= 8 and gap.endswith(subject_verbs) and not any(ch in gap for ch in "在与和、"):
                out.append(Assertion(nxt[1][0], "locatedIn", e[0], doc.id, sent, "started-by-place"))
    return out


@lru_cache(maxsize=1)
def _section_re() -> re.Pattern:
    return re.compile(rules()["relations"]["section"])


def section_candidates(doc: Document, view: str, chosen: list[_Candidate], known: list[_Candidate] = ()) -> list[_Candidate]:
    """"郴赣铁路郴州段": the line a section names is an entity of its own (nested); a line
    the lexicon knows keeps its label ("京广高铁长沙至株洲段" → 京广高速铁路)."""
    out = []
    text = doc.page.text
    lexicon_at = {(k.span.start, k.span.end): k.entries for k in known if len(k.entries) == 1 and k.entries[0][1] == "Project"}
    for c in chosen:
        if c.nested or c.entries[0][1] != "Project":
            continue
        m = _section_re().match(view[c.span.start : c.span.end])
        if m:
            s, e = c.span.start, c.span.start + m.end("line")
            entries = lexicon_at.get((s, e), ((view[s:e], "Project", "Project"),))
            out.append(_Candidate(Span(s, e, text[s:e]), entries, "section-of", nested=True))
    return out


def _section_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    out = []
    for c in chosen:
        if c.via == "section-of":
            outer = next(o for o in chosen if not o.nested and o.span.start == c.span.start and o.span.end > c.span.end)
            out.append(Assertion(outer.entries[0][0], "partOf", c.entries[0][0], doc.id, _sentence_of(doc, outer.span), "section-of"))
    return out


def _in_name_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    """A listed project is part of the programme named inside it (湖湘绿厅株洲片区景观工程 → 湖湘绿厅)."""
    nested_classes = _project_list_rule()[4]
    out = []
    owners = [o for o in chosen if not o.nested]  # sorted by start, disjoint
    owner_starts = [o.span.start for o in owners]
    for c in chosen:
        if c.via != "lexicon:in-name" or c.entries[0][2] not in nested_classes or c.entries[0][1] != "Project":
            continue
        k = bisect_right(owner_starts, c.span.start) - 1
        outer = owners[k] if k >= 0 and c.span.end <= owners[k].span.end else None
        if outer is not None and outer.entries[0][1] == "Project":
            out.append(Assertion(outer.entries[0][0], "partOf", c.entries[0][0], doc.id, _sentence_of(doc, outer.span), "component-in-name"))
    return out


def repeated_candidates(doc: Document, view: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A name found by a pattern once ("共同建设株潭产业走廊") names the same entity
    wherever else it is written in the document ("株潭产业走廊西起…")."""
    text = doc.page.text
    out = []
    seen: set[str] = set()
    for c in chosen:
        if not c.via.startswith("pattern:") or c.nested or len(c.entries) != 1 or len(c.span.text) < 4:
            continue
        surface = view[c.span.start : c.span.end]
        if surface in seen:
            continue
        seen.add(surface)
        i = view.find(surface, doc.span[0], doc.span[1])
        while i >= 0:
            e = i + len(surface)
            if i != c.span.start and not _in_skip(doc, i, e):
                out.append(_Candidate(Span(i, e, text[i:e]), c.entries, "repeat:" + c.via))
            i = view.find(surface, e, doc.span[1])
    return out


def anaphora_candidates(doc: Document, view: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """"该局", "该区", "该公司": the nearest earlier mention whose name has that head."""
    table = rules()["coreference"]["anaphora"]
    text = doc.page.text
    out = []
    # "仪式现场还签约了…": a generic event word is the nearest earlier event it heads
    named_events = [o for o in chosen if o.entries[0][1] == "Event" and not o.via.endswith(":generic")]
    by_end = sorted(range(len(named_events)), key=lambda k: (named_events[k].span.end, -k))
    event_ends = [named_events[k].span.end for k in by_end]
    for c in chosen:
        key, typ, _cls = c.entries[0]
        if typ == "Event" and c.via.endswith(":generic"):
            j = bisect_right(event_ends, c.span.start) - 1
            while j >= 0 and not named_events[by_end[j]].entries[0][0].endswith(key):
                j -= 1  # the latest earlier event this word heads (first of equal ends)
            if j < 0 and key in _any_event_words():  # "出席开幕式": of the last event named
                j = bisect_right(event_ends, c.span.start) - 1
            if j >= 0:
                out.append(replace(c, entries=named_events[by_end[j]].entries, via=f"coref:{key}"))
    for word, heads in table.items():
        i = view.find(word, doc.span[0], doc.span[1])
        if i < 0:
            continue
        # the antecedents, ordered like max((end, -start)): the last one ending before i wins
        pool = [
            c
            for _, c in sorted(
                ((k, c) for k, c in enumerate(chosen) if len(c.entries) == 1 and not c.via.startswith("byline") and c.entries[0][0].endswith(tuple(heads))),
                key=lambda kc: (kc[1].span.end, -kc[1].span.start, -kc[0]),
            )
        ]
        ends = [c.span.end for c in pool]
        while i >= 0:
            e = i + len(word)
            j = bisect_right(ends, i) - 1
            if j >= 0 and not _in_skip(doc, i, e):
                out.append(_Candidate(Span(i, e, text[i:e]), pool[j].entries, f"coref:{word}"))
            i = view.find(word, e, doc.span[1])
    return out


@lru_cache(maxsize=1)
def _abbreviation_rule():
    r = rules()["abbreviation"]
    return re.compile(r["regex"]), tuple(sorted(r["classes"].items(), key=lambda kv: -len(kv[0]))), tuple(r.get("cut_after", ()))


def _abbreviation_hits(regex: re.Pattern, view: str, start: int, end: int):
    """The regex's matches, searched only in the short window before each "简称" (the
    name is at most 40 characters plus a bracket and 以下): linear in the page size."""
    last = start
    k = view.find("简称", start, end)
    while k >= 0:
        hit = regex.search(view, max(last, k - 48), min(end, k + 24))
        while hit is not None and hit.end() <= k:
            hit = regex.search(view, hit.end(), min(end, k + 24))
        if hit is not None and hit.start() <= k < hit.end():
            yield hit
            last = hit.end()
        k = view.find("简称", max(k + 2, last), end)


def abbreviation_candidates(doc: Document, view: str, lex: Lexicon) -> list[_Candidate]:
    """"X（以下简称“Y”）": X is an entity and every later Y names it."""
    regex, classes, cut_after = _abbreviation_rule()
    text = doc.page.text
    out: list[_Candidate] = []
    defined: dict[str, list[tuple[int, tuple[str, str, str]]]] = {}
    for hit in _abbreviation_hits(regex, view, doc.span[0], doc.span[1]):
        s, e = hit.span("name")
        s = max([s] + [view.rfind(v, s, e) + len(v) for v in cut_after if view.rfind(v, s, e) >= 0])
        name = normalise_name(view[s:e])
        entry = lex.lookup(name)
        if entry is not None:
            triple = _entry_triple(entry)
        else:
            cls = next((c for sfx, c in classes if name.endswith(sfx)), None)
            if cls is None and name.endswith(tuple(rules()["organization_suffixes"])):
                cls = _org_class(name)
            if cls is None:
                continue
            triple = (name, coarse_type_of(cls), cls)
        if _in_skip(doc, s, e):
            continue
        out.append(_Candidate(Span(s, e, text[s:e]), (triple,), "pattern:abbreviation"))
        defined.setdefault(hit.group("short"), []).append((hit.end(), triple))
    # every later use of a short form names what its latest definition before it defined
    # (each short form is searched once, however often it is defined: linear, not N×M)
    for short, defs in sorted(defined.items()):
        ends = [d for d, _ in defs]
        i = view.find(short, defs[0][0], doc.span[1])
        while i >= 0:
            k = bisect_right(ends, i) - 1
            if not _in_skip(doc, i, i + len(short)):
                out.append(_Candidate(Span(i, i + len(short), text[i : i + len(short)]), (defs[k][1],), "alias:defined"))
            i = view.find(short, i + len(short), doc.span[1])
    return out


@lru_cache(maxsize=1)
def _about_words() -> tuple[re.Pattern, re.Pattern]:
    r = rules()["relations"]
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(alt(r["about_verbs"])), re.compile(alt(r["about_context_words"]))


def _object_of_about_verb(text: str, view: str, sent: Span, c: _Candidate) -> bool:
    """Is ``c`` taken by a verb of rules.toml relations.about_verbs in its own clause, with
    no context word (依托, 在, 经 …) between that verb and it?"""
    verbs, context = _about_words()
    a, _b = _clause_bounds(text, sent, c.span.start)
    last_verb = max((m.end() for m in verbs.finditer(view, a, c.span.start)), default=-1)
    if last_verb < 0:
        return False
    return not context.search(view, last_verb, c.span.start)


@lru_cache(maxsize=1)
def _line_words() -> tuple[str, ...]:
    """Endings of railway and road names (relations.line_suffixes, and roads)."""
    return tuple(rules()["relations"]["line_suffixes"]) + ("高速公路", "高速")


def _covers(doc: Document, view: str, sent: Span, c: _Candidate, e: tuple[str, str, str]) -> bool:
    """Can the mention ``c`` (entity ``e``) in ``sent`` be what an agreement is about?"""
    if e[1] == "Place" and view[c.span.start - 1 : c.span.start] == "在":
        return False  # "根据协议，两市将在衡阳高新区共建X": where X is built, not what is agreed
    # "将依托岳阳港共建X": what it is done with, not what is agreed (the counties and
    # districts it names are read as before: gold g09, "在汝城、崇义两县共建X")
    # "按照协议，南岳衡山、崀山、雪峰山等景区将实行年卡互认": the sites a list names as what will be done
    # (closed by 等 and a kind before 将) are what is agreed
    if _LISTED_SUBJECT.match(view, c.span.end, sent.end):
        return True
    return e[2] in _ranks() or _object_of_about_verb(doc.page.text, view, sent, c)


def _listed_site(view: str, sent: Span, c: "_Candidate", e: tuple[str, str, str]) -> bool:
    """A named site (a mountain or scenic place, no unit) in a list closed by 等 before 将."""
    return e[1] == "Place" and _rank(e) is None and not c.nested and _LISTED_SUBJECT.match(view, c.span.end, sent.end) is not None


_LISTED_SUBJECT = re.compile("(?:[、和及与][^，,。；;将]{1,40}?)?等[一-龥]{0,6}?(?:均|都|也)?将")


def _governed_river(view: str, sent: Span, c: "_Candidate", e: tuple[str, str, str]) -> bool:
    """"双方将共同治理酉水河和清水江沿岸环境": a river after a verb of governing waters in its
    clause (rules.toml relations.about_river_verbs) is what the agreement covers; a river
    named otherwise ("以湘江为纽带") is not."""
    if e[2] != "River" or c.nested:
        return False
    k = max((view.rfind(p, sent.start, c.span.start) for p in "，,；;：:"), default=-1)
    clause = view[max(k + 1, sent.start) : c.span.start]
    return any(v in clause for v in rules()["relations"].get("about_river_verbs", ()))


def _about_relations(doc: Document, view: str, chosen: list[_Candidate], known: list[_Candidate], facts: list[Assertion]) -> list[Assertion]:
    """What an agreement covers (rules.toml relations.about_*)."""
    r = rules()["relations"]
    followers, classes, in_name = tuple(r["about_followers"]), frozenset(r["about_classes"]), frozenset(r["about_in_name_classes"])
    explicit = tuple(r["about_explicit"])
    sents = _sentences(doc)
    out = []
    last_agreement = None
    signers: dict[str, set[str]] = {}
    for a in facts:
        if a.predicate == "signatory":
            signers.setdefault(a.subject, set()).add(a.object)
    inner = sorted(((c, e) for c in known for e in c.entries if e[2] in in_name), key=lambda ce: ce[0].span.start)
    inner_starts = [c.span.start for c, _ in inner]
    for i, sent in enumerate(sents):
        ms = _mentions_in(sent, chosen)
        agreements = [(c, e) for c, e in ms if e[1] == "Agreement"]
        if not agreements:
            if last_agreement is not None and view.startswith(explicit, sent.start) and not (
                i > 0 and any(e[1] == "Agreement" for _, e in _mentions_in(sents[i - 1], chosen))
            ):
                for _c, e in ms:
                    if e[2] in classes and _covers(doc, view, sent, _c, e):
                        out.append(Assertion(last_agreement, "about", e[0], doc.id, sent, "agreement-about"))
            continue
        ac, ae = agreements[-1]
        if i + 1 < len(sents):
            # "按照协议" / "按照备忘录": the last agreement of that kind, not simply the last one
            word = next((w for w in explicit if view.startswith(w, sents[i + 1].start)), "")
            kind = next((k for k in ("备忘录", "协议") if k in word), None)
            of_kind = [(c, e) for c, e in agreements if kind and kind in e[0]]
            if of_kind:
                ac, ae = of_kind[-1]
        last_agreement = ae[0]
        parties = signers.get(ae[0], set())
        targets = []
        after = view[ac.span.end : min(sent.end, ac.span.end + 6)].lstrip("》”」』\"，,、 ")
        # "…签署《X》，约定共建A、B" (relations.about_clause_openers): what the clause provides for
        if "将" in view[ac.span.end : sent.end] or after.startswith(tuple(r.get("about_clause_openers", ()))):
            targets += [(c, e, sent) for c, e in ms if c.span.start >= ac.span.end and (e[2] in classes or _governed_river(view, sent, c, e) or _listed_site(view, sent, c, e))]
        if i + 1 < len(sents) and view.startswith(followers, sents[i + 1].start):
            nxt = sents[i + 1]
            targets += [(c, e, nxt) for c, e in _mentions_in(nxt, chosen) if e[2] in classes or _governed_river(view, nxt, c, e) or _listed_site(view, nxt, c, e)]
        ends = {c.span.start for c, _e, _s in targets}
        for _c, e, ev in targets:
            if not (_covers(doc, view, ev, _c, e) or _governed_river(view, ev, _c, e)):
                continue
            if _c.span.end in ends and (e[1] == "Place" and e[2] in _ranks() or e[0].endswith(_line_words())):
                continue  # "新化县紫鹊界梯田", "沪昆高铁萍乡北站": the county or line qualifies the site
            if e[0] not in parties:
                out.append(Assertion(ae[0], "about", e[0], doc.id, ev, "agreement-about"))
        for c, e in inner[bisect_left(inner_starts, ac.span.start) : bisect_left(inner_starts, ac.span.end)]:
            if c.span.end <= ac.span.end:
                out.append(Assertion(ae[0], "about", e[0], doc.id, sent, "agreement-about:in-name"))
    return out


def _nest_events(cands: list[_Candidate]) -> list[_Candidate]:
    """A meeting named inside a press conference's name is kept as its own entity."""
    events = _SpanIndex([c for c in cands if c.entries[0][1] == "Event"])
    out = []
    for c in cands:
        inside = c.entries[0][1] == "Event" and any(
            o is not c and o.span.start <= c.span.start and c.span.end <= o.span.end and o.span != c.span
            for o in events.overlapping(c.span.start, c.span.end)
        )
        out.append(replace(c, nested=True) if inside else c)
    return out


def _org_class(name: str, default: str = "Organization") -> str:
    """Fine class of an organisation from its name's suffix (rules.toml organization_suffixes)."""
    for suffix, cls in _org_suffixes():
        if name.endswith(suffix):
            return cls
    return default


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(rules()["organization_suffixes"].items(), key=lambda kv: -len(kv[0])))


def byline_candidates(doc: Document, lex: Lexicon) -> list[_Candidate]:
    """Outlets and people named in the metadata lines (来源丨, 编辑丨, 审核丨 …), and a
    source named inside the date line (:func:`inline_source`)."""
    out = []
    spans = list(doc.byline_spans)
    src = inline_source(doc)
    if src is not None and not any(role == "source" for role, _ in spans):
        spans.append(("source", src))
    for role, span in spans:
        if role == "source":
            # "阳春市人民政府-阳春要闻": the body before a column name
            name = re.split(r"\s*[-_|｜]\s*", span.text, maxsplit=1)[0]
            span = Span(span.start, span.start + len(name), name)
            entry = lex.lookup(_simplified_of(doc, name))
            if entry is not None and entry.type != "Organization":
                continue  # a source named like a place ("长沙") is no outlet people work for
            triple = _entry_triple(entry) if entry else (normalise_name(name), "Organization", _org_class(name, "MediaOutlet"))
            out.append(_Candidate(span, (triple,), "byline:source"))
        else:
            out.append(_Candidate(span, ((span.text, "Person", "Person"),), f"byline:{role}"))
    out += _multi_role_bylines(doc, {sp.start for _, sp in spans})
    return out


@lru_cache(maxsize=1)
def _multi_byline_res() -> tuple[re.Pattern, re.Pattern, dict]:
    roles = {k: v for k, v in rules()["page"]["byline_roles"].items() if v != "source"}
    labels = "|".join(map(re.escape, sorted(roles, key=len, reverse=True)))
    pair = rf"(?:{labels})[ \t]*[：:丨|｜][ \t]*[一-龥]{{2,4}}"
    line = re.compile(rf"(?m)^[ \t]*{pair}(?:[ \t]+{pair})+[ \t]*$")
    one = re.compile(rf"(?P<label>{labels})[ \t]*[：:丨|｜][ \t]*(?P<name>[一-龥]{{2,4}})")
    return line, one, roles


def _multi_role_bylines(doc: Document, taken: set[int]) -> list[_Candidate]:
    """"作者：刘思琪 通讯员：邓凯": a line of several labelled roles names one person each (a
    line of one role is the corpus's byline)."""
    text = doc.page.text
    if "：" not in text and ":" not in text and "丨" not in text and "|" not in text and "｜" not in text:
        return []
    line, one, roles = _multi_byline_res()
    out = []
    for m in line.finditer(text, doc.span[0], doc.span[1]):
        for p in one.finditer(text, m.start(), m.end()):
            s, e = p.span("name")
            if s not in taken:
                out.append(_Candidate(Span(s, e, text[s:e]), ((text[s:e], "Person", "Person"),), f"byline:{roles[p.group('label')]}"))
    return out


@lru_cache(maxsize=65536)
def is_name(key: str) -> bool:
    """A name has at least one letter, digit or CJK character: markup and punctuation
    from hostile source lines (``'``, ``<!``, ``\\';``) never name an entity.

    (``[^\\W_]`` is exactly :meth:`str.isalnum` per character, searched in C.)"""
    return _NAME_CHAR.search(key) is not None


_NAME_CHAR = re.compile(r"[^\W_]")


def select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest non-overlapping candidates, leftmost first; nested ones are kept as well.
    Candidates whose name is not a name (:func:`is_name`) are dropped.

    ``select(select(x)) == select(x)`` (same objects, same order): the non-nested
    candidates it keeps are pairwise disjoint, so all are kept again, with the same
    owners for the nested ones, and both sorts are stable."""
    # (keys are checked once each, not once per candidate and pass: most are names; is_name inlined,
    # and a key opening with a letter, digit or CJK character needs no search)
    name_char = _NAME_CHAR.search
    not_names = {k for k in {e[0] for c in candidates for e in c.entries} if not k[:1].isalnum() and name_char(k) is None}
    if not_names:
        candidates = [c for c in candidates if not any(e[0] in not_names for e in c.entries)]
    if not candidates:
        return []
    chosen: list[_Candidate] = []
    lo = min(c.span.start for c in candidates)
    hi = max(c.span.end for c in candidates)
    taken = bytearray(hi - lo)  # 1 where a chosen mention lies
    ordered = sorted(candidates, key=lambda c: (-(c.span.end - c.span.start), c.span.start, c.via))
    for c in ordered:
        a, b = c.span.start - lo, c.span.end - lo
        if c.nested or taken.find(1, a, b) >= 0:
            continue
        chosen.append(c)
        taken[a:b] = b"\x01" * (b - a)
    owners = sorted((c.span.start, c.span.end) for c in chosen)  # disjoint
    owner_starts = [a for a, _ in owners]
    for c in ordered:
        if c.nested:
            k = bisect_right(owner_starts, c.span.start) - 1
            if k >= 0 and c.span.end <= owners[k][1]:
                chosen.append(c)
    return sorted(chosen, key=lambda c: (c.span.start, c.span.end, c.via))


# -- relations -----------------------------------------------------------------------


@dataclass
class _Sentence:
    span: Span
    mentions: list[tuple[_Candidate, tuple[str, str, str]]]  # expanded: one row per entity


def _mentions_in(span: Span, chosen: list[_Candidate]) -> tuple[tuple[_Candidate, tuple[str, str, str]], ...]:
    """The mentions inside ``span`` (``chosen`` sorted by start), one row per entity.
    The relation passes ask for the same sentences many times: the answer is kept per
    (list, start, end) while the list is the current one (a tuple: nobody changes it)."""
    hit = _LAST_INDEX[0]
    if hit is None or hit[0] is not chosen or len(hit[1]) != len(chosen):
        hit = _index(chosen)
    key = (span.start, span.end)
    out = hit[2].get(key)
    if out is None:
        starts = hit[1]
        rows = []
        for k in range(bisect_left(starts, span.start), bisect_left(starts, span.end)):
            c = chosen[k]  # no slice copy of the rest of the list: linear on 1 MB pages
            if c.span.end <= span.end:
                rows.extend((c, e) for e in c.entries)
        out = hit[2][key] = tuple(rows)
    return out


#: [(list, its start offsets, sentence answers)] for the last list only
_LAST_INDEX: list = [None]


def _index(chosen: list[_Candidate]) -> tuple[list, list[int], dict]:
    hit = _LAST_INDEX[0]
    if hit is None or hit[0] is not chosen or len(hit[1]) != len(chosen):
        hit = _LAST_INDEX[0] = (chosen, [c.span.start for c in chosen], {})
    return hit


def _starts(chosen: list[_Candidate]) -> list[int]:
    """Start offsets of a sorted candidate list, computed once per list."""
    return _index(chosen)[1]


def _words_in_doc(doc: Document, view: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of ``words`` (their order kept) that occur in the document at all.

    The relation passes look for each verb of a list in every sentence, and most verbs
    occur in no sentence of a given document: one scan of the document per word first
    leaves the per-sentence loops only the words that can match there."""
    # (kept per document and list: some lists are asked for twice)
    cache = _DOC_CACHE[1] if _DOC_CACHE[0] is doc else _doc_cache(doc)
    memo = cache.get("words_in_doc")
    if memo is None:
        memo = cache["words_in_doc"] = {}
    hit = memo.get(words)
    if hit is not None and hit[0] is view:
        return hit[1]
    lo, hi = doc.span
    find = view.find
    out = tuple([w for w in words if find(w, lo, hi) >= 0])
    memo[words] = (view, out)
    if len(out) > 1 and out not in _SUBSET_RE:
        # (_occurrences' one-scan test may use the whole list's pattern, compiled once for
        # all documents, rather than compile one for each document's subset: a word of the
        # whole list not in the subset cannot occur in the document's sentences anyway)
        if len(_SUBSET_RE) > 4096:
            _SUBSET_RE.clear()
        _SUBSET_RE[out] = _words_re(words)
    return out


_SUBSET_RE: dict[tuple[str, ...], re.Pattern] = {}


def _occurrences(local: str, words):
    """Each (word, index) where a word of ``words`` occurs in ``local``, word by word, left to right."""
    if not isinstance(words, tuple):
        words = tuple(words)
    if len(words) > 1:  # (most sentences hold none: one scan, not one per word)
        rx = _SUBSET_RE.get(words)
        if not (rx or _words_re(words)).search(local):
            return
    elif not words:
        return
    for word in words:
        at = local.find(word)
        while at >= 0:
            yield word, at
            at = local.find(word, at + len(word))


def _sentences_holding(doc: Document, view: str, words):
    """Each sentence of ``doc`` holding one of ``words``, with its text in the view."""
    holds = _words_re(tuple(words)).search  # (one scan of each sentence, not one per word)
    for sent in _sentences(doc):
        local = view[sent.start : sent.end]
        if holds(local):
            yield sent, local


def _occurrences_apart(local: str, words):
    """:func:`_occurrences` without those starting inside one yielded before: with ``words``
    longest first, "同属于" is read once, not again as "属于"."""
    taken: set[int] = set()
    for word, at in _occurrences(local, words):
        if at not in taken:
            taken.update(range(at, at + len(word)))
            yield word, at


@lru_cache(maxsize=256)  # (keys are the per-document subsets of each word list: many on a varied corpus)
def _words_re(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _clause_bounds(text: str, s: Span, pos: int) -> tuple[int, int]:
    """Start and end (page offsets) of the clause containing ``pos`` (split at ，,；;：:, and
    at the spaces that separate the parts of a headline)."""
    if pos <= s.start:
        a = pos
    else:  # one backward-greedy match to the last separator before pos, not one rfind per separator
        m = _CLAUSE_START_RE.match(text, s.start, pos)
        a = m.end() if m else s.start
    m = _CLAUSE_SEP_RE.search(text, pos, s.end)
    return a, (m.start() if m else max(pos, s.end))


_CLAUSE_SEPS = "，,；;：: \u3000"
_CLAUSE_SEP_RE = re.compile("[" + re.escape(_CLAUSE_SEPS) + "]")
_CLAUSE_START_RE = re.compile(".*[" + re.escape(_CLAUSE_SEPS) + "]", re.S)


def _listed_people_start(text: str, s: Span, c_start: int, ms) -> int:
    """"岳阳市委书记周建平，咸宁市副市长陈晓，修水县县长黄卫出席": clauses before the verb's
    that are only a title and a name list more attendees; where that list starts."""
    person_ends = {c.span.end for c, e in ms if e[1] == "Person"}
    while c_start > s.start + 1 and text[c_start - 1] in "，,":
        a, b = _clause_bounds(text, s, c_start - 2)
        if b not in person_ends or b - a > 30:
            break
        c_start = a
    return c_start


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _located_verbs() -> tuple[str, ...]:
    return tuple(sorted(rules()["relations"]["located_verbs"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _relation_rules():
    r = rules()["relations"]
    return (
        re.compile(r["held_in"]),
        tuple(sorted(r["sign_verbs"], key=len, reverse=True)),
        r["location_marker"],
        re.compile(r["definition"]),
        re.compile(r["claim"]),
        re.compile(r["claim_after_noun"]),
        tuple(r["claim_nouns"]),
        tuple(r["lead_ins"]),
    )


def relations(doc: Document, view: str, chosen: list[_Candidate], lex: Lexicon) -> tuple[list[Assertion], list[Claim], dict[int, str]]:
    """Apply the relation rules sentence by sentence.

    Returns assertions, claims and a map from agreement-candidate start offset to a
    qualified key for generic agreement names ("A与B战略合作协议").
    """
    held_in, sign_verbs, loc_marker, definition, claim_re, claim_after, claim_nouns, lead_ins = _relation_rules()
    located_verbs = _words_in_doc(doc, view, _located_verbs())
    issue_verbs = _words_in_doc(doc, view, tuple(rules()["relations"]["issue_verbs"]))
    participate_verbs = _words_in_doc(doc, view, tuple(rules()["relations"]["participate_verbs"]))
    sign_verbs = _words_in_doc(doc, view, sign_verbs)
    links = _words_in_doc(doc, view, _subsidiary_links())
    signed_at: list[tuple[str, str, Span]] = []
    present = {e[0] for c in chosen for e in c.entries}
    text = doc.page.text
    out: list[Assertion] = []
    claims: list[Claim] = []
    requalified: dict[int, str] = {}

    def add(subj: str, pred: str, obj: str, ev: Span, via: str, role: str | None = None) -> None:
        if subj != obj:
            out.append(Assertion(subj, pred, obj, doc.id, ev, via, role))

    for sent in _sentences(doc):
        ms = _mentions_in(sent, chosen)
        local = view[sent.start : sent.end]
        # -- numeric claims and what is enumerated beside them
        claims.extend(_claims(doc, sent, local, ms, claim_re, claim_after, claim_nouns, add))
        if not ms:
            continue

        # -- X在Y举行: the event before 在 is held in the place after it
        for hit in held_in.finditer(local):
            ps, pe = sent.start + hit.start("place"), sent.start + hit.end("place")
            places = [e for c, e in ms if ps <= c.span.start and c.span.end <= pe and e[1] == "Place" and not _qualifies(c, ms)]
            at = sent.start + hit.start()
            c_start, c_end = _clause_bounds(text, sent, at)
            events = [(c, e) for c, e in ms if c_start <= c.span.start and c.span.end <= at and e[1] == "Event"]
            if places and events:  # "E在P举行"
                last_end = max(c.span.end for c, _ in events)
                for c, e in events:
                    if c.span.end == last_end:
                        for p in places:
                            add(e[0], "heldIn", p[0], sent, "held-in")
            elif places:  # "A与B在P召开E": E held in P, convened by A and B
                after = [(c, e) for c, e in ms if sent.start + hit.end() <= c.span.start and c.span.end <= c_end and e[1] == "Event"]
                for c, e in after[:1]:
                    for p in places:
                        add(e[0], "heldIn", p[0], sent, "held-in")
                    for _, o in _signers(ms, c_start, at):
                        add(e[0], "organizer", o[0], sent, "organizer")

        # -- "X印发《P》": the policy is issued by the nearest body (or city) before the verb
        for verb, vi in _occurrences(local, issue_verbs):
            vpos = sent.start + vi
            c_start, c_end = _clause_bounds(text, sent, vpos)
            policies = [(c, e) for c, e in ms if vpos < c.span.start and c.span.end <= c_end and e[1] == "Policy"]
            issuers = [(c, e) for c, e in _signers(ms, c_start, vpos)]
            by = view.rfind("由", c_start, vpos)
            if not policies and by >= 0 and issuers:  # "《P》由A、B联合印发": P named before 由
                policies = [(c, e) for c, e in ms if c.span.end <= by and e[1] == "Policy" and not c.nested][-1:]
                issuers = [(c, e) for c, e in issuers if c.span.start > by]
            if policies and issuers:
                last = max(c.span.end for c, _ in issuers)
                # "A、B联合印发", "A和B共同制定": every body of the joined run ending at the last
                joint = _joint_issuers(view, issuers, last, vpos)
                for c, e in issuers:
                    if c.span.end != last and c.span.end not in joint:
                        continue
                    issuer = e[0]
                    if e[1] == "Place":
                        gov = lex.lookup(e[0] + "人民政府")
                        issuer = gov.label if gov is not None and gov.label in present else e[0]
                    for _, pe in policies[:1]:
                        add(pe[0], "issuedBy", issuer, sent, "issued-by")

        # -- signing: "A与B签署X" (parties before the verb) or "签约了A与B《X》、C与D《Y》"
        #    (parties between the verb or the previous agreement and each agreement)
        # every signing verb of the sentence, longest first where two overlap, in text order
        # ("A与B签署《X》，C与D签署Y备忘录": each clause signs its own agreement)
        sign_hits: list[tuple[int, str]] = []
        for verb, vi in _occurrences(local, sign_verbs):
            if not any(h <= vi < h + len(v) or vi <= h < vi + len(verb) for h, v in sign_hits):
                sign_hits.append((vi, verb))
        done_clauses: set[int] = set()
        for vi, verb in sorted(sign_hits):
            vpos = sent.start + vi
            c_start, c_end = _clause_bounds(text, sent, vpos)
            if c_start in done_clauses:
                continue
            done_clauses.add(c_start)
            after = sorted(
                ((c, e) for c, e in ms if vpos < c.span.start and c.span.end <= c_end and e[1] == "Agreement"),
                key=lambda ce: ce[0].span.start,
            )
            if not after:
                continue
            at = text.rfind(loc_marker, c_start, vpos)
            parties_end = at if at >= 0 else vpos
            topic = _sign_topic(view, ms, c_start, parties_end)
            if topic is not None:  # "A与B围绕X港…签订": X is what is agreed, not a party
                parties_end = topic[0]
            before = _signers(ms, c_start, parties_end)
            if not before and view[c_start:vpos].startswith(_PAIR_WORDS):
                # "10月8日，A与B在P举行…仪式，双方签署《X》": the parties named earlier in
                # the sentence (before 在, where the place follows)
                at0 = text.find(loc_marker, sent.start, c_start)
                before = _signers(ms, sent.start, at0 if at0 >= 0 else c_start)
                if not before:  # "A与B山水相连。11月27日，两地在P签订《X》": the pair of the sentence before
                    before = _pair_before(doc, view, sent, chosen)
            where = [(c, e) for c, e in ms if at >= 0 and at < c.span.start and c.span.end <= vpos and e[1] == "Place" and not _qualifies(c, ms)]
            boundary = vpos + len(verb)
            at_events = [e[0] for c, e in ms if c.span.end <= vpos and e[1] == "Event"]
            # the event the sentence holds in an earlier clause ("E在P召开，A与B签订…")
            held_before = [e for c, e in ms if c.span.end <= c_start and e[1] == "Event" and not c.via.endswith(":generic")
                           and _HELD_AFTER.match(view, c.span.end, c_start)][-1:]
            if not at_events:  # "会上，A与B签订…": signed at the last event of that kind
                opened = _opener_re().match(view, sent.start, sent.end)
                word = opened.group("word") if opened else None
                ev = _latest_event(chosen, sent.start, word) if word else None
                at_events = [ev[0]] if ev else []
            for ac, ae in after:
                signers = _signers(ms, boundary, ac.span.start) or before
                boundary = ac.span.end
                key = ae[0]
                if ac.via.endswith(":generic") and signers:
                    names = list(dict.fromkeys(e[0] for _, e in signers))
                    key = "与".join(names) + key
                    requalified[ac.span.start] = key
                for _, e in signers:
                    add(key, "signatory", e[0], sent, "signatory")
                if topic is not None:
                    for c, e in ms:
                        if topic[1] <= c.span.start and c.span.end <= vpos and not c.nested and (
                            e[2] in _about_classes() and not _qualifies(c, ms) or e[2] == "River"
                        ):
                            add(key, "about", e[0], sent, "signed-about")
                for _, e in where:
                    add(key, "heldIn", e[0], sent, "signed-in")
                signed_at.extend((key, ev, sent) for ev in at_events[-1:])
                if held_before:  # "E在P召开，A与B签订了X": the signers are at E
                    for _, e in signers:
                        add(held_before[0][0], "participant", e[0], sent, "signed-at-held-event")

        # -- "A、B和C有关负责同志出席仪式": those before the verb take part in the event
        for verb, vi in _occurrences(local, participate_verbs):
            vpos = sent.start + vi
            c_start, c_end = _clause_bounds(text, sent, vpos)
            events = [(c, e) for c, e in ms if vpos < c.span.start and c.span.end <= c_end and e[1] == "Event"]
            p_start = _listed_people_start(text, sent, c_start, ms)
            for c, e in events[:1]:
                people = [(pc, pe) for pc, pe in ms if p_start <= pc.span.start and pc.span.end <= vpos and pe[1] == "Person"]
                bodies = [(bc, be) for bc, be in _signers(ms, c_start, vpos) if not _qualifies_person(bc, ms) and not _place_before_de(view, bc, be, vpos)]
                for bc, p in bodies + people:
                    if p[1] == "Place" and view[bc.span.start - 1 : bc.span.start] in _GOING_TO and bc.span.end == vpos:
                        add(e[0], "heldIn", p[0], sent, "went-to")  # "赴郴州参加E": where E is held
                    else:
                        add(e[0], "participant", p[0], sent, "participant")

        # -- "湖北省赤壁市", "萍乡市安源区", "长沙天心、雨花两区": a place right after a
        #    place of a higher rank lies in it
        by_end: dict[int, list] = {}
        for q, qe in ms:
            by_end.setdefault(q.span.end, []).append((q, qe))
        for c, e in ms:
            for q, qe in by_end.get(c.span.start, ()):
                if _rank(qe) is not None and _rank(e) is not None and (
                    _rank(qe) < _rank(e)
                    or (  # "清远市连州市": a county-level city the lexicon does not know
                        qe[2] == e[2] == "City" and e[0] not in lex.by_label and view[q.span.end - 1] == view[c.span.end - 1] == "市"
                    )
                ):
                    for _, me in _group(c, ms):
                        add(me[0], "partOf", qe[0], sent, "adjacent-place")

        # -- "A旗下的B有限公司", "A控股的B": company B is part of company A
        for c, e in ms if links else ():
            if e[1] != "Organization" or c.nested:
                continue
            for link in links:
                for q, qe in by_end.get(c.span.start - len(link), ()):
                    if qe[1] == "Organization" and not q.nested and qe[0] != e[0] and view.startswith(link, q.span.end):
                        add(e[0], "partOf", qe[0], sent, "subsidiary")

        # -- "赫山区是X的重要组成部分": the places and zones before 是 in the clause are part of X
        for hit in _component_re().finditer(local):
            w0, w1 = sent.start + hit.start("whole"), sent.start + hit.end("whole")
            whole = [e for c, e in ms if c.span.start == w0 and c.span.end == w1 and e[1] in ("Place", "Project", "Policy")]
            if not whole:
                continue
            c_start, _ = _clause_bounds(text, sent, sent.start + hit.start())
            for c, e in ms:
                if c_start <= c.span.start and c.span.end <= sent.start + hit.start() and not c.nested and e[1] in ("Place", "Project") and e[0] != whole[0][0]:
                    add(e[0], "partOf", whole[0][0], sent, "component-of")

        # -- "新化县紫鹊界梯田", "南县罗文村": a site written right after a place lies in it;
        #    "位于赫山区的X", "X位于赫山区": X lies in the place after 位于
        for c, e in ms:
            # (a mountain too: "宜章县的莽山", "湘潭县的隐山脚下")
            if c.nested or not (e[1] == "Place" and (e[2] in _SITE_CLASSES or e[2] == "Region" and e[0].endswith(_MOUNTAIN_ENDINGS)) or e[1] == "Project" and e[2] == "Facility"):
                continue
            # (or after the place and 的: "桑植县的八大公山国家级自然保护区")
            after = by_end.get(c.span.start, ())
            pred = "locatedIn"
            if not after and view[c.span.start - 1 : c.span.start] == "的":
                after = by_end.get(c.span.start - 1, ())
                # (a township is part of its county, as "醴陵市东富镇" is: "凤凰县的山江镇")
                pred = "partOf" if e[2] == "Town" and e[0].endswith(("镇", "乡", "街道")) else "locatedIn"
            for q, qe in after:
                if not q.nested and _rank(qe) is not None and qe[2] != "Province":
                    add(e[0], pred, qe[0], sent, "site-after-place")
        # -- "在郴州高新技术产业开发区，X项目已进入…", "在韶山市,Y项目已经完工": a project opening the
        #    clause after a sentence-opening "在P，" lies in P (the last place of the run)
        if local.startswith("在"):
            place = next(((q, qe) for q, qe in ms if q.span.start == sent.start + 1 and qe[1] == "Place" and not q.nested and len(q.entries) == 1), None)
            while place is not None and view[place[0].span.end : place[0].span.end + 1] not in ("，", ","):
                place = next(((q, qe) for q, qe in ms if q.span.start == place[0].span.end and qe[1] == "Place" and not q.nested and len(q.entries) == 1), None)
            if place is not None:
                for c, e in ms:
                    # (the clause's subject: not the first of a list or a modifier, "A遗址和B遗址的保护工程")
                    if c.span.start == place[0].span.end + 1 and e[1] == "Project" and not c.nested and view[c.span.end : c.span.end + 1] not in ("和", "与", "及", "、", "的"):
                        add(e[0], "locatedIn", place[1][0], sent, "opening-place")
        for verb, vi in _occurrences(local, located_verbs):
            v0 = sent.start + vi
            p0 = v0 + len(verb)
            # (one place: "地处长株潭三市交界处" names no single place)
            place = next(((q, qe) for q, qe in ms if q.span.start == p0 and qe[1] == "Place" and not q.nested and len(q.entries) == 1), None)
            while place is not None:  # "布局在我市湘乡市": the last place of the run
                nxt = next(((q, qe) for q, qe in ms if q.span.start == place[0].span.end and qe[1] == "Place" and not q.nested), None)
                if nxt is None:
                    break
                place = nxt
            if place is not None:
                pend = place[0].span.end
                site = None
                if view.startswith("的", pend):
                    site = next((e for c, e in ms if c.span.start == pend + 1 and e[1] in ("Place", "Project", "Organization")), None)
                else:
                    gap = 1 + next((len(w) for w in _LOCATED_ADVERBS if view.startswith(w, v0 - len(w))), 0)
                    gap += 1 if view[v0 - 1 : v0] in "，," else 0  # "X工程，建设地点为P"
                    before = [e for c, e in ms if v0 - gap <= c.span.end <= v0 and e[1] in ("Place", "Project", "Organization") and not c.nested]
                    site = before[-1] if before else None
                if site is not None and site[0] != place[1][0]:
                    add(site[0], "locatedIn", place[1][0], sent, "located-at")
                    # "…为益阳市赫山区和娄底市娄星区": a second run of places after 和/、/及
                    if view.startswith(("和", "、", "及"), pend):
                        more = next(((q, qe) for q, qe in ms if q.span.start == pend + 1 and qe[1] == "Place" and not q.nested), None)
                        while more is not None:
                            nxt = next(((q, qe) for q, qe in ms if q.span.start == more[0].span.end and qe[1] == "Place" and not q.nested), None)
                            if nxt is None:
                                break
                            more = nxt
                        if more is not None and more[1][0] != site[0]:
                            add(site[0], "locatedIn", more[1][0], sent, "located-at")

        # -- “一厅”指…: components of the program whose name contains the short form
        d = definition.match(local)
        if d:
            term = d.group("term")
            after_def = [(c, e) for c, e in ms if c.span.start >= sent.start + d.end()]
            defined = [(c, e) for c, e in ms if c.span.start < sent.start + d.end() and normalise_name(c.span.text) == term]
            programs = sorted(
                {e[0] for c, e in _all_mentions(chosen) if e[2] == "Program" and term in e[0] and e[0] != term}
            )
            projectish = [(c, e) for c, e in after_def if e[1] in ("Project", "Organization") and e[2] != "GovernmentAgency"]
            component = defined[0][1] if defined else next(((c, e) for c, e in projectish if e[1] == "Project"), (None, None))[1]
            if component is not None:
                for p in programs:
                    add(component[0], "partOf", p, sent, "definition")
                for c, e in projectish:
                    if e[0] != component[0]:
                        add(e[0], "partOf", component[0], sent, "definition:member")

    # agreements signed at an event are signed where the event was held
    held: dict[str, dict[str, None]] = {}  # places in first-seen order, each once
    for a in out:
        if a.predicate == "heldIn":
            held.setdefault(a.subject, {})[a.object] = None
    for key, ev, sent in signed_at:
        for place in held.get(ev, ()):
            add(key, "heldIn", place, sent, "signed-at-event")
    return out, claims, requalified


def _place_before_de(view: str, c: _Candidate, e: tuple[str, str, str], vpos: int) -> bool:
    """A place followed by 的 before the attending verb at ``vpos`` qualifies who attends and does
    not attend itself: "来自江西宜春、广东清远的客商参加开幕式" (where they come from), "A、B和C的
    应急管理部门参加演练" (whose unnamed body)."""
    return e[1] == "Place" and view.find("的", c.span.end, vpos) >= 0


_HELD_AFTER = re.compile("(?:在[一-龥]{1,12}?)?(?:隆重|正式)?(?:召开|举行|举办|开幕)[，,]")
_ENUM_COUNT = re.compile("^[两三四五六七八九十]+[市县区省州地]")
_ISSUER_JOINERS = ("、", "和", "与", "及", "以及", "会同", "联合", "携手")


def _joint_issuers(view: str, issuers: list, last: int, vpos: int) -> frozenset[int]:
    """End offsets of the bodies issuing together with the last one before an issue verb:
    "省林业局、省发展改革委联合印发《…》", "A和B共同制定": a run of bodies joined by 、/和/与/及
    (relations.joint_issue_words between the last one and the verb, or nothing) all issue it;
    so do the members of a shared-suffix enumeration ("长沙、株洲、湘潭三市联合印发")."""
    words = _joint_issue_words()
    gap = _ENUM_COUNT.sub("", view[last:vpos], count=1)  # ("…湘潭三市联合印发": the count goes with the list)
    if gap and gap not in words:
        return frozenset()
    by_end = {c.span.end: c for c, e in issuers}
    cur = next((c for c, e in issuers if c.span.end == last), None)
    out = set()
    if cur is not None and cur.via.startswith("enumeration:"):  # "长沙、株洲、湘潭三市联合印发"
        out.update(c.span.end for c, _e in issuers if c.via == cur.via)
    while cur is not None:
        j = next((j for j in _ISSUER_JOINERS if view.startswith(j, cur.span.start - len(j))), None)
        prev = by_end.get(cur.span.start - len(j)) if j else None
        if prev is None:
            break
        out.add(prev.span.end)
        cur = prev
    return frozenset(out)


@lru_cache(maxsize=1)
def _joint_issue_words() -> frozenset[str]:
    return frozenset(rules()["relations"].get("joint_issue_words", ()))


@lru_cache(maxsize=1)
def _about_classes() -> frozenset[str]:
    return frozenset(rules()["relations"]["about_classes"])


@lru_cache(maxsize=1)
def _sign_topic_markers() -> tuple[str, ...]:
    return tuple(rules()["relations"].get("sign_topic_markers", ()))


def _sign_topic(view: str, ms, start: int, end: int) -> tuple[int, int] | None:
    """Where a topic marker (relations.sign_topic_markers) opens the object of a signing
    clause before its verb: (marker start, marker end), after at least one party or a pair
    word (双方围绕…); 就 only right after a party or a pair word (双方就…)."""
    ends = {c.span.end for c, e in ms if e[1] in ENTITY_TYPES_THAT_SIGN}
    for w in _sign_topic_markers():
        i = view.find(w, start, end)
        while i >= 0:
            # ("双方围绕X签署": after a pair word too)
            if w != "就" and (any(start <= x <= i for x in ends) or view[max(start, i - 2) : i] in _PAIR_WORDS) or w == "就" and (i in ends or view[max(start, i - 2) : i] in _PAIR_WORDS):
                return i, i + len(w)
            i = view.find(w, i + 1, end)
    return None


@lru_cache(maxsize=1)
def _subsidiary_links() -> tuple[str, ...]:
    return tuple(rules()["relations"]["subsidiary_links"])


@lru_cache(maxsize=1)
def _component_re() -> re.Pattern:
    return re.compile(rules()["relations"]["component_of"])


_SITE_CLASSES = ("Area", "Town", "River")
_MOUNTAIN_ENDINGS = ("山", "岭", "峰")  # (a reservoir or river after its county: "沅陵县的五强溪水库")
_LOCATED_ADVERBS = ("将", "已", "拟", "也", "均", "已经", "计划")


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return dict(rules()["place_rank"])


def _rank(e: tuple[str, str, str]) -> int | None:
    return _ranks().get(e[2]) if e[1] == "Place" else None


def _group(c: _Candidate, ms) -> list:
    """The members of ``c``'s enumeration ("岳塘、雨湖两区"), or ``c`` alone."""
    if c.via.startswith("enumeration:"):
        return [(o, e) for o, e in ms if o.via == c.via]
    return [(c, e) for o, e in ms if o is c]


def _qualifies(c: _Candidate, ms) -> bool:
    """A place written right before a place inside it ("湖北省" in 湖北省赤壁市) only qualifies it;
    so do places written right before bodies ("长沙、湘潭两市工信部门", "萍乡市|两地发改部门"):
    the bodies are the agents, not their places."""
    if any(
        o.span.start == c.span.end and _rank(e) is not None and _rank(ce) is not None and _rank(ce) < _rank(e)
        for o, e in ms
        for ce in c.entries
    ):
        return True
    if c.entries[0][1] != "Place":
        return False
    end = c.span.end  # (an enumeration's places qualify together: the body follows the last one)
    if c.via.startswith("enumeration:"):
        end = max(o.span.end for o, _e in ms if o.via == c.via)
    return any(o.span.start == end and e[1] == "Organization" and not o.nested for o, e in ms)


def _pair_before(doc: Document, view: str, sent: Span, chosen: list[_Candidate]) -> list:
    """"醴陵市与江西省萍乡市湘东区地域相邻。…两地签订…": the two parties joined by one of
    relations.pair_joiners that open the sentence right before ``sent`` (in its paragraph)."""
    sents = _sentences(doc)
    i = next((k for k, st in enumerate(sents) if st.start == sent.start), 0)
    if i == 0 or "\n" in view[sents[i - 1].end : sent.start]:
        return []
    prev = sents[i - 1]
    ms = _mentions_in(prev, chosen)
    _, p_end = _clause_bounds(doc.page.text, prev, prev.start)
    got = _signers(ms, prev.start, p_end)
    if len({e[0] for _, e in got}) != 2 or got[0][0].span.start != prev.start:
        return []
    joiners = tuple(rules()["relations"].get("pair_joiners", ()))
    a, b = got[0][0], got[-1][0]
    if not view[a.span.end : b.span.start].startswith(joiners):
        return []
    return [got[0], got[-1]]


def _signers(ms, start: int, end: int) -> list:
    """Bodies and places between ``start`` and ``end`` that can sign (qualifiers left out)."""
    return [
        (c, e)
        for c, e in ms
        if start <= c.span.start
        and c.span.end <= end
        and e[1] in ENTITY_TYPES_THAT_SIGN
        and not c.nested
        and not _qualifies(c, ms)
    ]


def _all_mentions(chosen: list[_Candidate]):
    return [(c, e) for c in chosen for e in c.entries]


def _claims(doc, sent, local, ms, claim_re, claim_after, claim_nouns, add) -> list[Claim]:
    if _words_re(claim_nouns).search(local) is None:
        return []  # (a hit counts only when its noun, part of the sentence, ends with a claim noun)
    text = doc.page.text
    out = []
    prev_end = sent.start
    hits = sorted(
        [(h.start(), h) for h in claim_re.finditer(local)] + [(h.start(), h) for h in claim_after.finditer(local)],
        key=lambda x: x[0],
    )
    for _, h in hits:
        noun = h.group("noun")
        if not noun.endswith(claim_nouns):
            continue
        cs, ce = sent.start + h.start(), sent.start + h.end()
        count = int(h.group("count"))
        clause_start, _ = _clause_bounds(text, sent, cs)
        scope_start = max(clause_start, prev_end)
        noun_start = sent.start + h.start("noun")
        subject = None
        # the entity the count is about: named as the counted noun, or right before the number
        for c, e in ms:
            if c.span.start == noun_start and c.span.end == sent.start + h.end("noun"):
                subject = e[0]
        if subject is None:
            for c, e in ms:
                gap = text[c.span.end : cs]
                if c.span.end <= cs and len(gap) <= 1 and all(ch in QUOTES for ch in gap) and e[1] != "Place":
                    subject = e[0]
        items = tuple(
            dict.fromkeys(
                e[0]
                for c, e in ms
                if scope_start <= c.span.start and c.span.end <= cs and e[0] != subject and e[1] != "Place"
            )
        )
        out.append(
            Claim(count, h.group("unit"), noun, doc.id, sent, subject=subject, items=items)
        )
        if subject is not None:
            for item in items:
                add(item, "partOf", subject, sent, "claim:enumeration")
        prev_end = ce
    return out


BYLINE_ROLES = ("记者", "实习生", "通讯员", "摄影", "编辑", "审核", "校对", "作者")


@lru_cache(maxsize=1)
def _outlet_roles() -> frozenset[str]:
    return frozenset(rules()["discover"]["outlet_member_roles"])


def _byline_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    """People in bylines work for the outlet that published the document; officials for
    the body named right before their title (市关工委主任方建荣)."""
    outlets = [c for c in chosen if c.via == "byline:source" and c.entries[0][1] == "Organization"]
    outlet = outlets[-1].entries[0][0] if outlets else None  # 来源丨 (original) comes last
    text = doc.page.text
    out = []
    for c in chosen:
        if c.via.startswith("byline:") and c.via != "byline:source" and outlet:
            role = c.via.split(":", 1)[1]
            if role in _outlet_roles():
                out.append(Assertion(c.entries[0][0], "memberOf", outlet, doc.id, _line_span(doc, c.span), "byline", role))
        elif c.via.startswith("pattern:person:"):
            role = c.via.rsplit(":", 1)[1]
            sent = _sentence_of(doc, c.span)
            if role in BYLINE_ROLES:
                if outlet and role in _outlet_roles():
                    out.append(Assertion(c.entries[0][0], "memberOf", outlet, doc.id, sent, "byline", role))
                continue
            colon = len(text[max(doc.span[0], c.span.start - 2) : c.span.start]) - len(text[max(doc.span[0], c.span.start - 2) : c.span.start].rstrip("：:, \u3000"))
            colon = min(colon, 2)  # "…董事长：刘建华", "…主任 刘明华" (a guest line), "…副市长,刘海峰" (ASCII)
            # (the title chain read on the Simplified view: "岳陽市委副書記、市長龔立新" on a Big5 page)
            title_start = _chain_start(simplified_view(text), c.span.start - colon - len(role), doc.span[0])
            floor = max(doc.span[0], title_start - 8)
            # "X有限公司（以下简称“Y”）董事长Z": a bracket between the body and the title
            bracket = _BRACKET_BEFORE.search(text, max(doc.span[0], title_start - 24), title_start)
            if bracket is not None:
                floor = max(doc.span[0], min(floor, bracket.start() - 8))
            for o in _ending_between(chosen, floor, c.span.start):
                # the body right before the title (省发展改革委主任), named in it (湘潭市委|书记)
                # or implied by it (株洲市|市长 → 株洲市人民政府); a unit of the body may come
                # between them (…有限公司市场部|部长, …集团党委|书记)
                if (
                    floor <= o.span.end <= c.span.start
                    and (o.span.end >= title_start or _sub_unit().fullmatch(simplified_view(text), o.span.end, title_start) or bracket is not None and o.span.end == bracket.start())
                    and o.span.start < c.span.start
                    and o.entries[0][1] == "Organization"
                    and not o.nested
                ):
                    out.append(Assertion(c.entries[0][0], "memberOf", o.entries[0][0], doc.id, sent, "post", role))
    return out


_BRACKET_BEFORE = re.compile(r"[（(][^（）()\n]{1,20}[）)]$")

_ENDS: dict[int, tuple[list, list[int], list]] = {}


def _ending_between(chosen: list[_Candidate], a: int, b: int) -> list[_Candidate]:
    """The candidates whose end lies in [a, b], in ``chosen`` order (bisect over ends)."""
    hit = _ENDS.get(id(chosen))
    if hit is None or hit[0] is not chosen:
        _ENDS.clear()
        order = sorted(range(len(chosen)), key=lambda k: chosen[k].span.end)
        hit = (chosen, [chosen[k].span.end for k in order], order)
        _ENDS[id(chosen)] = hit
    _, ends, order = hit
    picked = sorted(order[bisect_left(ends, a) : bisect_right(ends, b)])
    return [chosen[k] for k in picked]


def _sentence_of(doc: Document, span: Span) -> Span:
    return _sentence_at(doc, span.start, span.end) or _line_span(doc, span)


def _line_span(doc: Document, span: Span) -> Span:
    text = doc.page.text
    a = text.rfind("\n", 0, span.start) + 1
    b = text.find("\n", span.end)
    b = len(text) if b < 0 else b
    return Span(a, b, text[a:b])


@lru_cache(maxsize=1)
def _sub_unit() -> re.Pattern:
    return re.compile(rules()["discover"]["sub_unit"])


@lru_cache(maxsize=1)
def _body_classes() -> frozenset[str]:
    return frozenset(rules()["relations"]["body_classes"])


def _body_relations(doc: Document, chosen: list[_Candidate], lex: Lexicon) -> list[Assertion]:
    """A government or party body named in the document is part of its government when
    that government is named too (长沙市财政局 → 长沙市人民政府), else located in its unit
    when the unit is named (中共长沙市委宣传部 → 长沙市); the evidence is the first
    sentence naming the body.  Companies, universities and media are left alone: 湖南
    in 湖南工业大学 is part of a proper name, not a statement of where it is."""
    present = {e[0] for c in chosen for e in c.entries}
    places = sorted({e[0] for c in chosen for e in c.entries if e[1] == "Place"}, key=len, reverse=True)
    out = []
    done: set[str] = set()
    for c in chosen:
        key0, _t0, cls0 = c.entries[0]
        if len(c.entries) == 1 and cls0 in _body_classes() and lex.by_label.get(key0) is None:
            # a body of a unit the lexicon does not know (贺州市发展和改革委员会, 黔东南州人民政府):
            # part of that unit's government or party committee when named, else in the unit
            bare = key0.removeprefix("中共")
            unit = next((p for p in places if bare.startswith(p) and len(bare) > len(p)), None)
            if unit is None or key0 in done:
                continue
            done.add(key0)
            sent = _sentence_of(doc, c.span)
            gov, party = f"{unit}人民政府", f"中共{unit}委员会"
            head = party if key0.startswith("中共") else gov
            if key0 not in (gov, party) and head in present:
                out.append(Assertion(key0, "partOf", head, doc.id, sent, "body-of-government"))
            else:
                out.append(Assertion(key0, "locatedIn", unit, doc.id, sent, "body-in-unit"))
            continue
        for key, _typ, cls in c.entries:
            entry = lex.by_label.get(key)
            if key in done or entry is None or cls not in _body_classes():
                continue
            done.add(key)
            sent = _sentence_of(doc, c.span)
            if entry.part_of and entry.part_of in present:
                out.append(Assertion(key, "partOf", entry.part_of, doc.id, sent, "body-of-government"))
            elif entry.located_in and entry.located_in in present:
                out.append(Assertion(key, "locatedIn", entry.located_in, doc.id, sent, "body-in-unit"))
    return out


# -- recall on unseen pages (rules.toml [recall]) ----------------------------------


@lru_cache(maxsize=1)
def _recall():
    r = rules()["recall"]
    return {
        "town": re.compile(r["town"]),
        "town_alone": re.compile(r["town_alone"]) if r.get("town_alone") else None,
        "town_reject": re.compile(r["town_reject"]),
        "heads": tuple(sorted(r["abbreviation_heads"], key=len, reverse=True)),
        "legal": tuple(sorted(r["legal_forms"], key=len, reverse=True)),
        "abbr_min": int(r.get("abbreviation_min", 3)),
        "abbr_generic": frozenset(r.get("abbreviation_generic", ())),
        "located_name": re.compile(r["located_project_name"]),
        "located_verbs": re.compile(r["located_project_verbs"]),
        "located_reject": re.compile(r["located_project_reject"]),
        "built_in": tuple(r["built_in_verbs"]),
        "headed_item": _headed_item_re(),
        "group_roles": re.compile(r["group_roles"]),
        "report_verbs": tuple(sorted(r["report_verbs"], key=len, reverse=True)),
        "zone_subjects": tuple(sorted(r["zone_subjects"], key=len, reverse=True)),
        "within": tuple(r["within_words"]),
        "within_verbs": tuple(sorted(r["within_verbs"], key=len, reverse=True)),
        "located_after": re.compile(r["located_after"]),
        "headed_seps": re.compile("|".join(map(re.escape, sorted(r["headed_separators"], key=len, reverse=True)))),
        "openers": tuple(r["at_event_openers"]),
        "at_verbs": tuple(sorted(r["at_event_verbs"], key=len, reverse=True)),
        "chained": dict(r["chained_roles"]),
        "title_after_name": re.compile(r["title_after_name"]),
        "surnames": frozenset(r["surnames"]),
        "section_tails": tuple(sorted(rules()["lines"].get("section_tails", ()), key=len, reverse=True)),
    }


def _headed_item_re() -> re.Pattern:
    r, pl = rules()["recall"], rules()["project_list"]
    sfx = "|".join(map(re.escape, sorted(pl["suffixes"], key=len, reverse=True)))
    seps = "|".join(map(re.escape, sorted(r["headed_separators"], key=len, reverse=True)))
    follow = "|".join(map(re.escape, sorted(r["headed_followers"], key=len, reverse=True)))
    return re.compile(rf"(?P<item>[^、，,。；;：:等的和及\s]{{2,40}}?(?:{sfx})(?:{pl.get('phase', '(?!)')})?)(?=(?:{seps})|[，,。；;：:]|$|(?:{follow}))")


def town_candidates(doc: Document, view: str, known: list[_Candidate]) -> list[_Candidate]:
    """"醴陵市东富镇": a town written right after a known county, county-level city or
    district (rules.toml recall.town)."""
    cfg = _recall()
    text, out = doc.page.text, []
    if all(view.find(w, doc.span[0], doc.span[1]) < 0 for w in ("镇", "乡", "街道")):
        return out
    for c in known:
        if c.nested or len(c.entries) != 1 or c.entries[0][2] not in ("County", "District", "City") or view[c.span.end - 1 : c.span.end] not in ("县", "市", "区"):
            continue
        m = cfg["town"].match(view, c.span.end, min(doc.span[1], c.span.end + 6))
        if m is None or cfg["town_reject"].search(m.group("name")):
            continue
        s, e = m.span("name")
        if not _in_skip(doc, s, e):
            out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Place", "Town"),), "pattern:town"))
    if cfg["town_alone"] is not None:
        done = {c.span.start for c in out}
        for m in cfg["town_alone"].finditer(view, doc.span[0], doc.span[1]):
            s, e = m.span("name")
            if s in done or cfg["town_reject"].search(m.group("name")) or _in_skip(doc, s, e):
                continue
            out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Place", "Town"),), "pattern:town"))
    return out


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=1)
def _opener_re() -> re.Pattern:
    """"会上", "会议期间", "活动中" at a sentence's start: an event word (longest first) and an opener."""
    words = _event_role_rules()[1] + ("会",)
    openers = _recall()["openers"]
    return re.compile("(?P<word>" + "|".join(map(re.escape, words)) + ")(?P<op>" + "|".join(map(re.escape, openers)) + ")")


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def org_abbreviation_candidates(doc: Document, view: str, orgs: list[_Candidate]) -> list[_Candidate]:
    """"省交水建集团" after "湖南省交通水利建设集团有限公司": a short form made of some of the
    full name's characters, in order, before the same head word (集团, 大学 …) names the
    same organisation.  The longest such run before the head is taken."""
    cfg = _recall()
    text, out, seen = doc.page.text, [], set()
    lo, hi = doc.span
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in orgs:
        spans.setdefault(c.entries[0][0], []).append((c.span.start, c.span.end))
    for c in orgs:
        key = c.entries[0][0]
        if key in seen or len(key) < 6:
            continue
        seen.add(key)
        out += _branch_short_forms(doc, view, c, spans[key])
        bare = next((key[: -len(f)] for f in cfg["legal"] if key.endswith(f)), key)
        head = next((h for h in cfg["heads"] if bare.endswith(h)), None)
        if head is not None:
            stem = bare[: -len(head)]
        elif bare != key:  # "湖南省水利发展投资有限公司" → "省水投公司"
            head, stem = "公司", bare
        else:
            continue
        if len(stem) < cfg["abbr_min"]:
            continue
        stem_chars, openers = frozenset(stem), frozenset(stem[:3] + "省市县区")
        # a short form follows the full name ("湖南省交通水利建设集团有限公司 … 省交水建集团"): a
        # name like it written before ("邵阳学院、邵阳职业技术学院") is an organisation of its own
        pos = view.find(head, min(a for a, _b in spans[key]), hi)
        while pos >= 0:
            s = None
            if pos - 1 < lo or view[pos - 1] not in stem_chars or any(a < pos < b for a, b in spans[key]):
                pos = view.find(head, pos + len(head), hi)
                continue  # (the last character before the head must be one of the name's; not the name itself)
            for n in range(min(len(stem), 8), 1, -1):
                a = pos - n
                if a < lo or view[a] not in (openers if n >= cfg["abbr_min"] else stem_chars):
                    continue  # (the first character decides most runs: no slice for them)
                short = view[a:pos]
                if not all("\u4e00" <= ch <= "\u9fa5" for ch in short):
                    continue
                two_ok = short[0] == stem[0] or short in stem and short not in cfg["abbr_generic"]
                if (short != stem or bare != key) and (n >= cfg["abbr_min"] or two_ok) and _is_subsequence(short, stem):
                    s = a
                    break
            if s is not None and not _in_skip(doc, s, pos + len(head)):
                e = pos + len(head)
                out.append(_Candidate(Span(s, e, text[s:e]), c.entries[:1], "pattern:org-abbreviation"))
            pos = view.find(head, pos + len(head), hi)
    return out


_BRANCH = "分公司"


def _branch_short_forms(doc: Document, view: str, c: _Candidate, full_spans: list[tuple[int, int]]) -> list[_Candidate]:
    """"株洲分公司" after "中国电信股份有限公司株洲分公司", "岳阳石油分公司" after "中国石油化工股份
    有限公司湖南岳阳石油分公司": a branch is written later by the end of its own name (what follows the
    legal form), at least two characters before 分公司; the longest such tail is taken."""
    key = c.entries[0][0]
    if not key.endswith(_BRANCH):
        return []
    legal = max((key.find(f) + len(f) for f in _recall()["legal"] if key.find(f) >= 0), default=-1)
    own = key[legal:] if legal > 0 else ""
    if len(own) < 2 + len(_BRANCH):
        return []
    text, out = doc.page.text, []
    lo, hi = doc.span
    first = min(a for a, _b in full_spans)
    pos = view.find(_BRANCH, first, hi)
    while pos >= 0:
        e = pos + len(_BRANCH)
        if not any(a <= pos < b for a, b in full_spans):
            for n in range(len(own) - len(_BRANCH), 1, -1):
                s = pos - n
                if s >= lo and view[s:e] == own[len(own) - len(_BRANCH) - n :] and not _in_skip(doc, s, e):
                    out.append(_Candidate(Span(s, e, text[s:e]), c.entries[:1], "pattern:org-abbreviation"))
                    break
        pos = view.find(_BRANCH, e, hi)
    return out


def section_after_line_candidates(doc: Document, view: str, lines: list[_Candidate], known: list[_Candidate]) -> list[_Candidate]:
    """"长浏城际株洲延伸段": a line, a known place right after it and a section word name a
    section of the line (rules.toml lines.section_tails)."""
    if not lines:
        return []
    tails = _recall()["section_tails"]
    direct = tuple(rules()["lines"].get("section_direct_tails", ()))
    places_at = {c.span.start: c for c in known if not c.nested and c.entries[0][1] == "Place"}
    text, out = doc.page.text, []
    for ln in lines:
        d = next((t for t in direct if view.startswith(t, ln.span.end)), None)
        if d is not None:  # "郴资桂高速北延段"
            s, e = ln.span.start, ln.span.end + len(d)
            out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Project", "Project"),), "pattern:section"))
            continue
        p = places_at.get(ln.span.end)
        if p is None:
            continue
        end = p.span.end
        if view.startswith("至", end) and end + 1 in places_at:  # "衡阳至茶陵段"
            end = places_at[end + 1].span.end
        tail = next((t for t in tails if view.startswith(t, end)), None)
        if tail is None:
            continue
        s, e = ln.span.start, end + len(tail)
        out.append(_Candidate(Span(s, e, text[s:e]), ((view[s:e], "Project", "Project"),), "pattern:section"))
    return out


#: jieba tags that end the name of a university's institute ("湘潭大学碳基材料研究院|与企业…")
_UNIT_STOP_TAGS = frozenset({"v", "vd", "p", "c", "d", "u", "uj", "ul", "r", "ad", "m", "q", "f", "t"})
_UNIT_HEAD_STOP = ("与", "和", "及", "的", "在", "将", "是", "为", "对", "向", "同", "等")
_HAN_WORD = re.compile(r"[一-龥]+")
_SUB_BODY = re.compile(r"[一-龥]{2,6}?(?:办公室|办公厅|研究室|事务中心|服务中心|信息中心)(?=[，,。；;、\s（(]|$|召开|举行|举办|印发|发布|主办|承办|与|和|及|的|等|在|将|已|联合|会同|负责|主任|副主任|组织)")


def _sub_body_candidates(doc: Document, view: str, known: list[_Candidate]) -> tuple[list[_Candidate], list[tuple[_Candidate, _Candidate]]]:
    """"湖南省人民政府新闻办公室": an office written right after a known government or party
    body is a body of its own, part of it (the known body stays, nested)."""
    text, out, pairs = doc.page.text, [], []
    for k in known:
        if k.nested or len(k.entries) != 1 or k.entries[0][1] != "Organization" or k.entries[0][2] not in ("GovernmentAgency", "PartyCommittee"):
            continue
        m = _SUB_BODY.match(view, k.span.end, min(doc.span[1], k.span.end + 8))
        if m is None or any(o.span.start == k.span.end for o in known if o is not k and len(o.entries) == 1 and o.entries[0][1] == "Organization"):
            continue
        s, e = k.span.start, m.end()
        c = _Candidate(Span(s, e, text[s:e]), ((k.entries[0][0] + view[k.span.end : e], "Organization", "GovernmentAgency"),), "pattern:sub-body")
        nk = replace(k, nested=True, via="lexicon:nested")
        out += [c, nk]
        pairs.append((c, nk))
    # "吉首大学武陵山区发展研究院", "中南大学湘雅医院": an institute or hospital named right after its
    # university or college (noun words and one of rules.toml discover.university_units) is a body
    # of its own, part of it (the university stays, nested)
    units = _longest_first(tuple(rules()["discover"].get("university_units", ())))
    colleges = {k.span.end: k for k in known if not k.nested and len(k.entries) == 1 and k.entries[0][2] == "University"} if units else {}
    for k_end, k in sorted(colleges.items()):
        window = view[k_end : min(doc.span[1], k_end + 16)]
        if not window.startswith(_UNIT_HEAD_STOP) and any(u in window for u in units):
            pos, e = k_end, None
            for word, tag in discover.cut_words(window):  # words that are no verb, particle or pronoun
                if tag in _UNIT_STOP_TAGS or not _HAN_WORD.fullmatch(word):
                    break
                pos += len(word)
                if word.endswith(units):
                    e = pos
            if e is None or e - k_end < 3 or any(o.span.start == k_end and o.entries[0][1] == "Organization" for o in known if o is not k):
                continue
            s = k.span.start
            name = k.entries[0][0] + view[k.span.end : e]
            c = _Candidate(Span(s, e, text[s:e]), ((name, "Organization", _org_class(name)),), "pattern:sub-body")
            nk = replace(k, nested=True, via="lexicon:nested")
            out += [c, nk]
            pairs.append((c, nk))
    return out, pairs


def _sub_body_relations(doc: Document, chosen: list[_Candidate], pairs) -> list[Assertion]:
    have = {(c.span.start, c.span.end, c.via) for c in chosen}
    out = []
    for c, k in pairs:
        if (c.span.start, c.span.end, c.via) in have:
            out.append(Assertion(c.entries[0][0], "partOf", k.entries[0][0], doc.id, _sentence_of(doc, c.span), "sub-body"))
    return out


def _phase_candidates(doc: Document, view: str, cands: list[_Candidate]) -> list[_Candidate]:
    """"郴州国际陆港二期": a phase written right after a facility or project is part of its name."""
    phase = _PHASE
    text, out = doc.page.text, []
    for c in cands:
        if c.nested or c.entries[0][1] != "Project":
            continue
        m = phase.match(view, c.span.end, min(doc.span[1], c.span.end + 4))
        if m is not None:
            s, e = c.span.start, m.end()
            out.append(_Candidate(Span(s, e, text[s:e]), ((c.entries[0][0] + view[c.span.end : e], "Project", c.entries[0][2]),), "pattern:phase"))
    return out


_PROJECT_END_RE = re.compile("项目|工程|园|基地|枢纽|风光带|中心|平台|公路|通道")  # (the last characters of recall.prefixed_project's kinds)


@lru_cache(maxsize=1)
def _prefixed_project_rules() -> tuple[re.Pattern, re.Pattern, frozenset[str], re.Pattern, re.Pattern]:
    r = rules()["recall"]
    return (re.compile(r["prefixed_project"]), re.compile(r["prefixed_project_reject"]), frozenset(r["prefixed_project_units"]),
            re.compile(r["prefixed_project_short_kinds"]), re.compile(r["prefixed_project_zone_verbs"]))


#: units opening a prefixed project: written in full (an autonomous prefecture written 湘西州 too), or a zone
_PREFIX_UNIT_ENDINGS = _UNIT_ENDINGS + ("州",)
_PREFIX_ZONE_ENDINGS = tuple(rules()["recall"]["prefixed_project_zones"])


def prefixed_project_candidates(doc: Document, view: str, known: list[_Candidate]) -> list[_Candidate]:
    """"华容县芥菜精深加工项目已开工", "冷水滩区铁路货场扩建工程": a project named after a unit
    written in full (rules.toml recall.prefixed_project, prefixed_project_units); a county,
    district or town opening the name is where it lies (as for listed items,
    _PREFIXED_PROJECTS, project_list.prefix_place_classes); a city is only part of the name."""
    regex, reject, classes, short_kinds, zone_verbs = _prefixed_project_rules()
    text, out = doc.page.text, []
    # (where a project word ends: a unit can open a name only up to 24 characters before one)
    ends = [m.end() for m in _PROJECT_END_RE.finditer(view, doc.span[0], doc.span[1])]
    if not ends:
        return out
    place_starts = {k.span.start for k in known if k.entries and k.entries[0][1] == "Place"}
    place_ends = {k.span.end: k.span.start for k in known if k.entries and k.entries[0][1] == "Place" and not k.nested}
    for c in known:
        if c.nested or len(c.entries) != 1 or c.entries[0][1] != "Place":
            continue
        # a zone or an area written in full or abbreviated ("湘西经开区新材料产业园项目", "株洲清水塘老工业区产业新城
        # 二期项目": the place before the area opens the name too); a unit written in full ("龙山县…", "湘西州…"), or
        # short before a centre or a platform ("秀山农特产品展销中心", "安化农特产品展销中心")
        zone = c.span.text.endswith(_PREFIX_ZONE_ENDINGS)
        full = c.entries[0][2] in classes and c.span.text.endswith(_PREFIX_UNIT_ENDINGS)
        short = not zone and not full and c.entries[0][2] in classes and len(c.span.text) >= 2
        if not (zone or full or short):
            continue
        if c.span.end in place_starts:  # "湘潭市雨湖区…": the unit after it opens the name, if any
            continue
        k = bisect_left(ends, c.span.end + 3)
        if k == len(ends) or ends[k] > c.span.end + 24:
            continue
        m = regex.match(view, c.span.end, min(doc.span[1], c.span.end + 24))
        if m is None or reject.search(m.group("name")) or _in_skip(doc, c.span.start, m.end("name")):
            continue
        if short and not short_kinds.search(m.group("name")):
            continue
        # a zone is the subject of what follows it more often than the head of a name ("湘潭经开区布局|湘潭新能源装备
        # 产业园"): a verb after the zone, or a place inside the rest, is no name of one project
        if zone and (zone_verbs.match(m.group("name")) or any(p in place_starts for p in range(c.span.end + 1, m.end("name")))):
            continue
        s, e = c.span.start, m.end("name")
        if zone and s in place_ends:
            s = place_ends[s]
        out.append(_Candidate(Span(s, e, text[s:e]), ((normalise_name(view[s:e]), "Project", "Project"),), "pattern:prefixed-project"))
    return out

def located_project_candidates(doc: Document, view: str) -> list[_Candidate]:
    """"株洲北站综合交通枢纽项目位于石峰区", "Y产业园在袁州区动工": a project named at its
    clause's start before a verb of location; "位于荷塘区的株洲轨道科技城": one after
    "位于P的" (rules.toml recall.located_project, located_after)."""
    cfg = _recall()
    text, out = doc.page.text, []
    lo, hi = doc.span
    spans = []
    for v in cfg["located_verbs"].finditer(view, lo, hi):
        e = v.start()
        cs = max(max(view.rfind(ch, max(lo, e - 31), e) for ch in _CLAUSE_MARKS) + 1, lo)
        if e - cs >= 3 and cfg["located_name"].fullmatch(view, cs, e):
            spans.append((cs, e))
    if any(view.find(w, lo, hi) >= 0 for w in ("位于", "境内的", "辖区内的", "范围内的")):
        spans += [hit.span("name") for hit in cfg["located_after"].finditer(view, lo, hi)]
    for s, e in spans:
        k = view.rfind("的", s, e)
        if k >= 0:  # "永州经开区境内的X项目": the name starts after 的
            s = k + 1
        s = _trim_leading(view, s, e, _LOCATED_TRIM)
        s = _name_start(view, s, e)
        key = normalise_name(view[s:e])
        if len(key) < 4 or cfg["located_reject"].search(key) or _in_skip(doc, s, e) or _COUNTED.search(key):
            continue
        out.append(_Candidate(Span(s, e, text[s:e]), ((key, "Project", "Project"),), "pattern:located-project"))
    return out


_HEAD_MARKS = frozenset("：:的")
_LINE_HINT = re.compile("城际|高铁|铁路|高速")
_FILED_IN = re.compile("(?:列入|纳入)(清单|名单)")
_CLAUSE_MARKS = "，,。；;：:\n\t \u3000"
_HEADED_END = re.compile("[；;。\n：:]")
_LIST_VERBS = tuple(sorted(set(rules()["project_list"]["lead_ins"]) | set(rules()["project_list"]["lead_in_adverbs"]), key=len, reverse=True))
#: what one item after "Y的" must end with to be a project ("怀化市的…提质工程", "耒阳市的…产业园")
_OFFICIAL_BEFORE = re.compile(r"(?:书记|省长|市长|县长|区长|州长|主任|主席|局长|厅长|部长|秘书长|委员|常委)[一-龥]{2,3}[，,]$")
_ZONE_ENDINGS = ("开发区", "高新区", "经开区", "产业园区", "工业园区", "示范区", "合作区", "保税区", "综保区", "新区")
_PHASE = re.compile(rules()["project_list"]["phase"] + "(?![一-龥]{0,2}(?:工程|项目))")
_HEAD_OPENERS = tuple(rules()["project_list"]["strong_lead_ins"])
_ONE_ITEM_SUFFIXES = ("项目", "工程", "产业园", "物流园", "工业园", "科技园", "示范园", "基地", "枢纽", "科技城")
_GOING_TO = frozenset("赴到往")
_TERMINATORS = frozenset(rules()["sentences"]["terminators"])
_LINE_KINDS = ("高速铁路", "城际铁路", "高铁", "铁路", "城际", "高速公路", "高速")
_LOCATED_TRIM = frozenset({"d", "p", "c", "u", "ad", "r", "t"})


def headed_list_candidates(doc: Document, view: str, known: list[_Candidate], zones: list[_Candidate] = ()) -> tuple[list[_Candidate], list[tuple[_Candidate, _Candidate]]]:
    """"天元区：A、B；渌口区：C", "常德市的A、B和C项目": items ending like listed projects,
    each lying in the place heading them.  Returns the items and (item, place) pairs."""
    cfg = _recall()
    item_re = cfg["headed_item"]
    text, out, pairs = doc.page.text, [], []
    for p in known:
        if view[p.span.end : p.span.end + 1] not in _HEAD_MARKS or p.nested or len(p.entries) != 1 or p.entries[0][1] != "Place":
            continue  # (the character after the place decides most candidates)
        pos = p.span.end
        colon = view.startswith(("：", ":"), pos)
        if colon:
            if p.span.start > doc.span[0] and view[p.span.start - 1] not in "：:；;。\n，,）)、." and not view.endswith(_HEAD_OPENERS, doc.span[0], p.span.start):
                continue  # (after a clause mark, or after 其中/包括: "其中汉寿县：A、B")
        elif not view.startswith("的", pos) or view[p.span.start - 1 : p.span.start] in ("至", "到", "从", "经") or view.startswith("位于", p.span.start - 2):
            continue  # ("株洲至湘潭的…": a route's end heads nothing; "位于P的X" is read as a site)
        pos += 1
        stop = _HEADED_END.search(view, pos, doc.span[1])
        end = stop.start() if stop else doc.span[1]
        items, at = [], pos
        while at < end:
            m = item_re.match(view, at, end)
            if m is None:
                break
            s, e = m.span("item")
            if _recall()["located_reject"].search(view[s:e]) or view.startswith(_LIST_VERBS, s) or _COUNTED.search(view, s, e):
                break  # "郴州：加快建设X": a verb opens a clause, not a list
            items.append((s, e))
            at = m.end()
            sep = cfg["headed_seps"].match(view, at, end)
            if sep is None:
                break
            at = sep.end()
        if colon and len(items) == 1 and view.rfind("\n", doc.span[0], p.span.start) < 0 and view.startswith(("\n", "\r"), items[0][1]):
            continue  # a headline "汝城：红色足迹串起湘粤赣边文旅新线路" (place, colon, the rest of the title) lists nothing
        if not items or (not colon and len(items) < 2 and (items[0][1] - items[0][0] < 6 or not view.startswith(_ONE_ITEM_SUFFIXES, items[0][1] - 3) and not view.startswith(_ONE_ITEM_SUFFIXES, items[0][1] - 2))):
            continue  # ("Y的A、B", or one long name: "怀化市的通道转兵纪念馆提质工程")
        if not colon and not any(view.startswith(w, items[-1][1]) for w in ("项目", "等", "将", "已", "均", "正", "，", ",", "。", "；")):
            pass
        for s, e in items:
            if _in_skip(doc, s, e):
                continue
            key = normalise_name(view[s:e])
            c = _Candidate(Span(s, e, text[s:e]), ((key, "Project", "Project"),), "pattern:headed-list")
            out.append(c)
            pairs.append((c, p))
            for z in zones:  # "郴州高新区电子信息产业园三期": the zone opening the item is its site too
                if z.span.start == s and z.span.end < e:
                    nz = replace(z, nested=True)
                    out.append(nz)
                    pairs.append((c, nz))
    return out, pairs


def _headed_list_relations(doc: Document, chosen: list[_Candidate], pairs) -> list[Assertion]:
    """The items of a place-headed list lie in that place; the list written right after a
    sentence naming a 清单/名单 (a Policy) is part of it."""
    # (the item may have been chosen from another rule with the same span: "…物流枢纽" as a facility)
    spans = {(c.span.start, c.span.end): c for c in chosen if not c.nested and c.entries[0][1] == "Project"}
    out = []
    if not spans:
        return out
    lists_named = [(q, q.entries[0]) for q in chosen if q.entries[0][1] == "Policy" and q.entries[0][0].endswith(("清单", "名单"))]
    for c, p in pairs:
        got = spans.get((c.span.start, c.span.end))
        if got is None:
            continue
        sent = _sentence_of(doc, c.span)
        out.append(Assertion(got.entries[0][0], "locatedIn", p.entries[0][0], doc.id, sent, "headed-list"))
        para = _line_span(doc, c.span)
        lists = [e for q, e in lists_named if para.start <= q.span.start and q.span.end <= c.span.start]
        filed = _FILED_IN.search(doc.page.text, c.span.end, sent.end)
        if not lists and filed is not None:  # "…已列入清单": the last 清单 named before, anywhere
            lists = [e for q, e in lists_named if q.span.end <= c.span.start and e[0].endswith(filed.group(1))]
        if lists:
            out.append(Assertion(got.entries[0][0], "partOf", lists[-1][0], doc.id, sent, "headed-list:in-list"))
    return out


def _built_in_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"X项目将在赫山区建设", "Y产业园在宜春市袁州区动工": the project before 在 lies in the
    last place of the run after it, when a verb of building follows the places."""
    verbs = _recall()["built_in"]
    out = []
    found = []
    for c in chosen:
        if c.nested or c.entries[0][1] != "Project":
            continue
        at = c.span.end
        at += next((len(w) for w in _LOCATED_ADVERBS if view.startswith(w, at)), 0)
        if view.startswith("在", at):
            found.append((c, at))
    if not found:
        return out
    starts = {c.span.start: c for c in chosen if not c.nested and c.entries[0][1] == "Place"}
    for c, at in found:
        place, q = None, starts.get(at + 1)
        while q is not None:
            place, q = q, starts.get(q.span.end)
        if place is None:
            continue
        tail = place.span.end + (2 if view.startswith("境内", place.span.end) else 0)
        if view.startswith(verbs, tail):
            out.append(Assertion(c.entries[0][0], "locatedIn", place.entries[0][0], doc.id, _sentence_of(doc, c.span), "built-in"))
    return out


def name_before_title_candidates(doc: Document, view: str, orgs: list[_Candidate]) -> tuple[list[_Candidate], list[tuple[_Candidate, _Candidate, str]]]:
    """"王海峰，国网湖南省电力有限公司副总经理，…", "刘湘宁(…有限公司总经理)": a name written
    before a body and a title (rules.toml recall.title_after_name)."""
    cfg = _recall()
    text, out, posts = doc.page.text, [], []
    for o in orgs:
        s = o.span.start
        if s - 3 < doc.span[0] or view[s - 1] not in "，,（(":
            continue
        t = cfg["title_after_name"].match(view, o.span.end, min(doc.span[1], o.span.end + 8))
        if t is None or t.end() >= doc.span[1] or view[t.end()] not in "，,）)":
            continue
        if view[s - 1] in "（(" and view[t.end()] not in "）)":
            continue
        for n in (3, 2):
            a = s - 1 - n
            if a < doc.span[0]:
                continue
            name = view[a : s - 1]
            before = view[a - 1] if a > doc.span[0] else "\n"
            if all("\u4e00" <= ch <= "\u9fa5" for ch in name) and name[0] in cfg["surnames"] and not "\u4e00" <= before <= "\u9fa5":
                c = _Candidate(Span(a, s - 1, text[a : s - 1]), ((name, "Person", "Person"),), f"pattern:person-before:{t.group()}")
                out.append(c)
                posts.append((c, o, t.group()))
                break
    return out, posts


_PLACE_TITLE_RE = re.compile("(?P<t>(?:常务)?副?(?:省长|市长|县长|区长|州长)|委副?书记)(?=[，,）)])")


def name_before_place_title_candidates(doc: Document, view: str, known: list[_Candidate], lex: Lexicon) -> tuple[list[_Candidate], list[tuple[_Candidate, _Candidate, str]]]:
    """"王海，湘潭市副市长，在会上…", "李明（平江县县长）介绍": a name written before a place and a
    government title (discover.implied_bodies) holds the post in the body the title implies."""
    table = rules()["discover"]["implied_bodies"]
    surnames = _recall()["surnames"]
    text, out, posts = doc.page.text, [], []
    lo, hi = doc.span
    for c in known:
        s = c.span.start
        if c.nested or len(c.entries) != 1 or c.entries[0][1] != "Place" or s - 3 < lo or view[s - 1] not in "，,（(":
            continue
        t = _PLACE_TITLE_RE.match(view, c.span.end, min(hi, c.span.end + 8))
        if t is None or (view[s - 1] in "（(") != (view[t.end()] in "）)"):
            continue
        title = t.group("t")
        bare = title.removeprefix("常务").removeprefix("副")
        if bare.startswith("委"):
            bare = view[c.span.end - 1] + "委书记"
        template = table.get(bare)
        if template is None:
            continue
        unit = c.entries[0][0]
        body = lex.lookup(template.replace("{unit}", unit))
        triple = _entry_triple(body) if body is not None else (template.replace("{unit}", unit), "Organization", "PartyCommittee" if template.startswith("中共") else "GovernmentAgency")
        for n in (3, 2):
            a = s - 1 - n
            name = view[a : s - 1]
            before = view[a - 1] if a > lo else "\n"
            if a >= lo and all("\u4e00" <= ch <= "\u9fa5" for ch in name) and name[0] in surnames and not "\u4e00" <= before <= "\u9fa5":
                person = _Candidate(Span(a, s - 1, text[a : s - 1]), ((name, "Person", "Person"),), f"pattern:person-before:{title}")
                office = _Candidate(Span(c.span.end, t.end(), text[c.span.end : t.end()]), (triple,), f"coref:title:{title}")
                out += [person, office]
                posts.append((person, office, title))
                break
    return out, posts

def _name_before_title_relations(doc: Document, chosen: list[_Candidate], posts) -> list[Assertion]:
    if not posts:
        return []
    have = {(c.span.start, c.span.end) for c in chosen if c.via.startswith("pattern:person-before:")}
    bodies = {(c.span.start, c.span.end): c for c in chosen if c.entries[0][1] == "Organization"}
    out = []
    for c, o, title in posts:
        body = bodies.get((o.span.start, o.span.end))
        if (c.span.start, c.span.end) in have and body is not None:
            out.append(Assertion(c.entries[0][0], "memberOf", body.entries[0][0], doc.id, _sentence_of(doc, c.span), "post", title))
    return out


_NAMED_OPENER = re.compile("在?[^，,。；;]{2,40}?(?:会|节|坛|赛|式|活动)(?:上|期间|中)[，,]")
_PLACE_AT_EVENT_VERBS = frozenset({"推介", "参加"})
_PLACE_TO_VERB = re.compile("[、，,和及与]*(?:分别|共同|均|都|也|还|现场|先后|依次|集中|重点|派员|组团)*")


def _event_context_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """Participants and organisers named away from their event:

    * "会上，A与B签署…", "会议期间，C作了发言", "活动中，D致辞": in a sentence opened by an
      event word and 上/期间/中, the bodies and people before an action verb in each clause
      take part in the last event of that kind;
    * "由A主办，B承办，C等单位参加": the clauses after a passive role keep naming roles;
    * "X，…，在会上介绍": a person opening the sentence of 在会上 takes part.
    """
    cfg = _recall()
    _convene, words, _passive, _roles = _event_role_rules()
    text = doc.page.text
    out = []
    chained = cfg["chained"]
    chain_verbs = _longest_first(tuple(chained))
    if not any(c.entries[0][1] == "Event" for c in chosen):
        return out
    opener = _opener_re()
    at_re = _any_of(tuple("在" + w + "上" for w in words + ("会",)))
    for sent in _sentences(doc):
        opened = opener.match(view, sent.start, sent.end)
        at_hit = at_re.search(view, sent.start, sent.end) if view.find("在", sent.start, sent.end) >= 0 else None
        # ("湘赣旅游推介会上，…", "在X博览会期间，…": the named event opens the sentence)
        named_open = opened is None and _NAMED_OPENER.match(view, sent.start, sent.end) is not None
        if not (opened or named_open or at_hit or view.find("由", sent.start, sent.end) >= 0):
            continue  # (cheap test before the mentions of the sentence are gathered)
        ms = _mentions_in(sent, chosen)
        if not ms:
            continue
        local = view[sent.start : sent.end]
        # -- "会上，…" / "会议期间，…"
        word = opened.group("word") if opened else None
        op = opened.group("op") if opened else None
        event = _latest_event(chosen, sent.start, word) if word is not None else None
        pos = sent.start + len(word) + len(op) if word is not None else sent.end
        if named_open:
            first = next(((c, e) for c, e in ms if e[1] == "Event" and not c.nested and not c.via.endswith(":generic")), None)
            lead = view[sent.start : first[0].span.start] if first else None
            op = next((o for o in cfg["openers"] if first and view.startswith(o + "，", first[0].span.end)), None) if lead in ("", "在") else None
            if op is not None:
                word, event, pos = first[1][0], first[1], first[0].span.end + len(op)
        if word is not None:
            if event is not None:
                opener_end = pos
                # "博览会期间，X座谈会在P举行，由A召集，B、C参加": an event named after the opener is
                # held during (part of) the opened one, and the clauses from its own on speak of it
                # (its organisers and attendees are read by the passive and chained rules), not of
                # the opened event
                # (a generic 签约仪式 counts: it is qualified by its signatories later)
                sub = next((e for c, e in ms if c.span.start >= pos and e[1] == "Event" and not c.nested and e[0] != event[0]
                            and (not c.via.endswith(":generic") or e[0].endswith(tuple(rules()["relations"]["signing_events"])))
                            and not c.via.startswith(("coref", "anaphora"))), None)
                sub_at = next((c.span.start for c, e in ms if sub is not None and e is sub), sent.end)
                if sub is not None and op in _SUB_EVENT_OPS:
                    out.append(Assertion(sub[0], "partOf", event[0], doc.id, sent, "sub-event"))
                # (those who sign at a 签约仪式 held during the event are at the event too)
                signing_sub = sub is not None and sub[0].endswith(tuple(rules()["relations"]["signing_events"]))
                stop = _clause_bounds(text, sent, sub_at)[0] if sub is not None and not signing_sub else sent.end
                while pos < stop:
                    c_start, c_end = _clause_bounds(text, sent, pos)
                    c_start = max(c_start, opener_end)
                    vpos = vword = None
                    for v in cfg["at_verbs"]:
                        i = view.find(v, c_start, c_end)
                        if i >= 0 and (vpos is None or i < vpos):
                            vpos, vword = i, v
                    if vpos is not None:
                        # (places that sign take part too: "会上，A县与B县签署…"; not a place that
                        # only qualifies the next one, "重庆市|秀山…自治县")
                        signing = vword in _sign_verbs()
                        # (places that 推介/参加 at the event take part as places that sign do:
                        # "推介会上，株洲市、萍乡市分别推介了…"; not one qualifying a body or person)
                        acting = signing or vword in _PLACE_AT_EVENT_VERBS
                        starts = {c.span.start for c, e in ms if e[1] == "Place" and not c.nested}
                        if acting and not signing:
                            # (the place, joined to the next one or the verb by 、/和/分别 only)
                            nxt = sorted({c.span.start for c, e in ms if not c.nested and c_start <= c.span.start < vpos} | {vpos})
                            starts |= {c.span.end for c, e in ms if not c.nested and e[1] == "Place" and c.span.end <= vpos
                                       and not _PLACE_TO_VERB.fullmatch(view, c.span.end, next(x for x in nxt if x >= c.span.end))}
                        for c, e in ms:
                            if c_start <= c.span.start and c.span.end <= vpos and not c.nested and (
                                e[1] == "Person" or e[1] == "Organization" and not _qualifies_person(c, ms)
                                # (nor the levels of a chain before a body: "江西省|赣州市崇义县人民政府")
                                or acting and e[1] == "Place" and c.span.end not in starts and not _qualifies(c, ms)
                            ):
                                out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "at-event"))
                    pos = c_end + 1
        # -- "由A主办，B承办，C等单位参加"
        for hit in _passive_hits(local):
            if hit.group("word"):
                event = _latest_event(chosen, sent.start + hit.start("word"), hit.group("word"))
            else:
                by = sent.start + hit.start("agents") - 1
                named = [e for c, e in ms if c.span.end <= by and e[1] == "Event" and not c.via.endswith(":generic") and not _DURING.match(view, c.span.end)]
                event = named[-1] if named else None
            if event is None:
                continue
            pos = sent.start + hit.end()
            while pos < sent.end and view[pos] in "，,":
                c_start, c_end = _clause_bounds(text, sent, pos + 1)
                while c_end > c_start and view[c_end - 1] in _TERMINATORS:
                    c_end -= 1
                verb = next((v for v in chain_verbs if view.startswith(v, c_end - len(v)) and c_end - len(v) > c_start), None)
                if verb is None:
                    break
                vpos = c_end - len(verb)
                for c, e in ms:
                    if c_start <= c.span.start and c.span.end <= vpos and not c.nested and e[1] in ("Organization", "Person") and not _qualifies_person(c, ms):
                        out.append(Assertion(event[0], chained[verb], e[0], doc.id, sent, "chained-role"))
                pos = c_end
        # -- "王海峰，…副总经理，在会上介绍…"
        for w in (at_hit.group()[1:-1],) if at_hit else ():
            i = at_hit.start() - sent.start
            if i <= 0:
                continue
            event = _latest_event(chosen, sent.start + i, w)
            if event is None:
                continue
            if local[i - 1] in "，,":  # "王海峰，…副总经理，在会上介绍": the people before it
                people = [e for c, e in ms if c.span.end <= sent.start + i and e[1] == "Person"]
            else:  # "A、B、C三市在会上签订…", "X公司在会上介绍…": the subjects of the clause
                c_start, c_end = _clause_bounds(text, sent, sent.start + i)
                signs = any(view.find(v, sent.start + i, c_end) >= 0 for v in rules()["relations"]["sign_verbs"])
                people = [
                    e for c, e in ms
                    if c_start <= c.span.start and c.span.end <= sent.start + i and not c.nested
                    and (e[1] == "Person" or e[1] == "Organization" and not _qualifies_person(c, ms) or e[1] == "Place" and signs and not _qualifies(c, ms))
                ]
            for e in people:
                out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "spoke-at"))
            break
    return out


def _sentences_with_verbs(doc: Document, view: str, chosen: list[_Candidate], verbs: tuple[str, ...]):
    """The sentences holding one of ``verbs``, with their text and mentions, in a document
    that names an event at all: where the rules attaching people and bodies to an event
    named elsewhere look (nothing is read when the document has no event or no verb)."""
    if not any(c.entries[0][1] == "Event" for c in chosen):
        return
    verbs_re = _any_of(tuple(verbs))
    if verbs_re.search(view, doc.span[0], doc.span[1]) is None:
        return
    for sent in _sentences(doc):
        if verbs_re.search(view, sent.start, sent.end) is not None:
            yield sent, view[sent.start : sent.end], _mentions_in(sent, chosen)


def _speaker_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"会议由…主办，县农业农村局局长王德明通报了…": a person right before a verb of
    reporting, in a sentence that names an event or an event word, takes part in it (the
    event named before the person in the sentence, else the last one of that word)."""
    verbs = _recall()["report_verbs"]
    words = _event_role_rules()[1]
    out = []
    for sent, _, ms in _sentences_with_verbs(doc, view, chosen, verbs):
        people = [(c, e) for c, e in ms if e[1] == "Person" and view.startswith(verbs, c.span.end)]
        if not people:
            continue
        for c, e in people:
            named = [ee for cc, ee in ms if ee[1] == "Event" and cc.span.end <= c.span.start and not cc.via.endswith(":generic")]
            event = named[-1] if named else None
            if event is None:
                local = view[sent.start : c.span.start]
                word = next((w for w in words if w in local), None)
                event = _latest_event(chosen, c.span.start, word) if word else None
            if event is not None:
                out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "reported-at"))
    return out


def _zone_subject_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"园区将加快建设A、B和C", "园区则集聚了X有限公司": a clause opened by a word for the
    zone speaks of the last zone named before it; its projects and companies lie there."""
    cfg = _recall()
    subjects, text = cfg["zone_subjects"], doc.page.text
    out = []
    if _any_of(subjects).search(view, doc.span[0], doc.span[1]) is None:
        return out
    for sent, local in _sentences_holding(doc, view, subjects):
        ms = _mentions_in(sent, chosen)
        for w in subjects:
            i = local.find(w)
            if i < 0:
                continue
            pos = sent.start + i
            if pos > sent.start and view[pos - 1] not in "，,：:；;。":
                continue
            zone = None
            for c in chosen:
                if c.span.end > pos:
                    break
                if c.entries[0][2] == "Area" and c.entries[0][0].endswith(("开发区", "高新区", "经开区", "园区", "示范区", "合作区")):
                    zone = c.entries[0]
            if zone is None:
                break
            _, c_end = _clause_bounds(text, sent, pos + len(w))
            for c, e in ms:
                if pos + len(w) <= c.span.start and c.span.end <= c_end and not c.nested and (e[1] == "Project" or e[2] == "Company"):
                    out.append(Assertion(e[0], "locatedIn", zone[0], doc.id, sent, "zone-subject"))
            break
    return out


def _within_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"在益阳境内设益阳南站": what is set up or built after "在P境内" lies in P; a line
    opening the sentence ("常益长高铁…，在益阳境内设X") has X as a part."""
    cfg = _recall()
    out = []
    if _any_of(cfg["within"]).search(view, doc.span[0], doc.span[1]) is None:
        return out
    for sent, local in _sentences_holding(doc, view, cfg["within"]):
        ms = _mentions_in(sent, chosen)
        for c, e in ms:
            if e[1] != "Place" or c.nested:
                continue
            w = next((w for w in cfg["within"] if view.startswith(w, c.span.end)), None)
            if w is None:
                continue
            at = c.span.end + len(w)
            if view.startswith("的", at):  # "永州经开区境内的X项目"
                for q, qe in ms:
                    if q.span.start == at + 1 and qe[1] == "Project" and not q.nested:
                        out.append(Assertion(qe[0], "locatedIn", e[0], doc.id, sent, "within"))
                continue
            if view[c.span.start - 1 : c.span.start] != "在":
                continue
            v = next((v for v in cfg["within_verbs"] if view.startswith(v, at)), None)
            if v is None:
                continue
            after = [(q, qe) for q, qe in ms if q.span.start == at + len(v) and qe[1] == "Project" and not q.nested]
            for q, qe in after:
                out.append(Assertion(qe[0], "locatedIn", e[0], doc.id, sent, "within"))
                head = next(((hc, he) for hc, he in ms if hc.span.start == sent.start and he[1] == "Project" and he[2] == "Facility" and not hc.nested), None)
                if head is not None and head[1][0] != qe[0]:
                    out.append(Assertion(qe[0], "partOf", head[1][0], doc.id, sent, "within:line"))
    return out


def _pair_signers_from_event(doc: Document, view: str, chosen: list[_Candidate], known: list[_Candidate], facts: list[Assertion]) -> list[Assertion]:
    """"湖南大学—宁乡市校地合作签约仪式…。仪式上，双方签署《X》": when 双方/两地 sign an agreement
    and no party is named in the sentence, the parties are the two bodies or places the last
    event's name joins; signing at it (仪式上, 会上) they take part in it too."""
    signed = {a.subject for a in facts if a.predicate == "signatory"}
    agreements = [c for c in chosen if c.entries[0][1] == "Agreement" and not c.nested and c.entries[0][0] not in signed]
    if not agreements:
        return []
    sign_verbs = tuple(rules()["relations"]["sign_verbs"])
    cfg = _recall()
    words = _event_role_rules()[1] + ("会",)
    out = []
    for a in agreements:
        sent = _sentence_of(doc, a.span)
        local = view[sent.start : a.span.start]
        pair = next((w for w in _PAIR_WORDS if w in local), None)
        if pair is None or not any(v in local[local.find(pair) :] for v in sign_verbs):
            continue
        event = None
        for c in chosen:
            if c.span.end > sent.start:
                break
            if c.entries[0][1] == "Event" and not c.nested and not c.via.startswith("coref") and not c.via.endswith(":generic"):
                event = c
        if event is None:
            continue
        parties = list(dict.fromkeys(
            k.entries[0][0] for k in known
            if len(k.entries) == 1 and k.entries[0][1] in ("Organization", "Place") and not k.nested
            and event.span.start <= k.span.start and k.span.end <= event.span.end
        ))
        if len(parties) != 2:
            continue
        at_event = _opener_re().match(view, sent.start, sent.end) is not None
        for p in parties:
            out.append(Assertion(a.entries[0][0], "signatory", p, doc.id, sent, "signatory:pair-of-event"))
            if at_event:
                out.append(Assertion(event.entries[0][0], "participant", p, doc.id, sent, "at-event:pair"))
    return out


def _group_member_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"成立由市长X任组长的Y领导小组": X leads Y; "A、B为领导小组成员": A and B belong to the
    last leading group named (rules.toml recall.group_roles)."""
    groups = [c for c in chosen if c.entries[0][2] == "LeadingGroup" and not c.nested]
    if not groups:
        return []
    role_re = _recall()["group_roles"]
    text = doc.page.text
    out = []
    for sent in _sentences(doc):
        local = view[sent.start : sent.end]
        if "组长" not in local and "成员" not in local and "指挥" not in local:
            continue
        ms = _mentions_in(sent, chosen)
        for m in role_re.finditer(local):
            r0, r1 = sent.start + m.start(), sent.start + m.end()
            after = [c for c in groups if r1 <= c.span.start <= r1 + 32 and view.startswith("的", r1) and sent.start <= c.span.start < sent.end]
            group = after[0] if after else next((c for c in reversed(groups) if c.span.end <= r0), None)
            if group is None:
                continue
            c_start, _ = _clause_bounds(text, sent, r0)
            p_start = _listed_people_start(text, sent, c_start, ms)
            for c, e in ms:
                if e[1] == "Person" and p_start <= c.span.start and c.span.end <= r0:
                    out.append(Assertion(e[0], "memberOf", group.entries[0][0], doc.id, sent, "group-role"))
    return out


@lru_cache(maxsize=1)
def _sign_verbs() -> frozenset[str]:
    return frozenset(rules()["relations"]["sign_verbs"])


def _signed_at_event_places(doc: Document, view: str, chosen: list[_Candidate], facts: list[Assertion]) -> list[Assertion]:
    """"会上，A与B签订X" after "赴郴州参加E": an agreement signed in a sentence opened by an
    event word and 上/期间/中 is signed where that event was held (whatever rule found the
    place of the event)."""
    held: dict[str, list[str]] = {}
    for a in facts:
        if a.predicate == "heldIn":
            held.setdefault(a.subject, []).append(a.object)
    if not held:
        return []
    cfg = _recall()
    words = _event_role_rules()[1] + ("会",)
    out = []
    opener = _opener_re()
    for sent in _sentences(doc):
        opened = opener.match(view, sent.start, sent.end)
        if opened is None:
            continue
        word = opened.group("word")
        event = _latest_event(chosen, sent.start, word)
        if event is None or event[0] not in held:
            continue
        for c, e in _mentions_in(sent, chosen):
            if e[1] == "Agreement" and not c.nested:
                for place in dict.fromkeys(held[event[0]]):
                    out.append(Assertion(e[0], "heldIn", place, doc.id, sent, "signed-at-event"))
    return out


def _event_in_name_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    """"湘赣边区域合作示范区建设推进会": a zone or river named inside an event's name is what
    the event is about (rules.toml relations.about_in_name_classes)."""
    in_name = frozenset(rules()["relations"]["about_in_name_classes"])
    inner = [c for c in chosen if c.nested and c.via in ("lexicon:nested", "pattern:nested") and c.entries[0][2] in in_name]
    out = []
    for ev in chosen:
        if ev.nested or ev.entries[0][1] != "Event":
            continue
        for c in inner:
            if ev.span.start <= c.span.start and c.span.end <= ev.span.end:
                out.append(Assertion(ev.entries[0][0], "about", c.entries[0][0], doc.id, _sentence_of(doc, ev.span), "event-about:in-name"))
    return out


_COMMITTEE_MEETING = re.compile("(?:中共)?(?P<unit>[一-龥]{1,10}?[省市县区州])(?P<again>[省市县区州]?)委(?!书记|副书记|常委、|委员)[一-龥]{0,20}?(?:工作会议|全体会议|全会|扩大会议|常委会会议|常委会|会议)$")


def committee_meeting_candidates(doc: Document, view: str, chosen: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """"株洲市委经济工作会议", "中共攸县县委农村工作会议": the party committee (a known unit and
    委, the unit's character written twice or not) opening a meeting's name is a body of its own,
    nested in the name (gold: a committee implied by a title is an entity, 市委书记 → 中共X市委员会)."""
    out = []
    for ev in chosen:
        if ev.nested or len(ev.entries) != 1 or ev.entries[0][1] != "Event" or "委" not in ev.span.text and "委" not in view[ev.span.start : ev.span.end]:
            continue
        m = _COMMITTEE_MEETING.match(view, ev.span.start, ev.span.end)
        if m is None or m.group("again") and m.group("again") != m.group("unit")[-1]:
            continue
        unit = m.group("unit")
        place, body = lex.lookup(unit), lex.lookup(unit + "委")
        if place is None or body is None or body.cls != "PartyCommittee" or place.type != "Place":
            continue
        s0 = m.start("unit")
        end = m.end("again") + 1
        out.append(_Candidate(Span(s0, end, doc.page.text[s0:end]), (_entry_triple(body),), "lexicon:committee-meeting", nested=True))
    return out


def _committee_meeting_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    """The committee nested at the start of a meeting's name organises the meeting."""
    out = []
    for c in chosen:
        if c.via != "lexicon:committee-meeting":
            continue
        ev = next((e for e in chosen if not e.nested and e.entries[0][1] == "Event" and e.span.start <= c.span.start and c.span.end < e.span.end), None)
        if ev is not None:
            out.append(Assertion(ev.entries[0][0], "organizer", c.entries[0][0], doc.id, _sentence_of(doc, ev.span), "committee-meeting"))
    return out


def _bare_attendance_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"常德市副市长吕文清，望城区区长唐晓峰出席。", "益阳市委书记贺建湘致辞。": a participation
    verb ending its clause, in a sentence that names no event, attends the last event
    named before it in the document; the people listed before it (and bodies not
    qualifying a person) take part."""
    participate_verbs = tuple(rules()["relations"]["participate_verbs"])
    words = _event_role_rules()[1]
    text = doc.page.text
    out = []
    for sent, local, ms in _sentences_with_verbs(doc, view, chosen, participate_verbs):
        if not ms or any(e[1] == "Event" and not c.via.endswith(":generic") and not c.via.startswith("coref") for c, e in ms):
            continue
        if local.startswith(("由", "会上", "会后")) or any(local.startswith(w) for w in words):
            continue
        for vpos, event, c_start in _attendance_clauses(text, view, sent, local, chosen, participate_verbs):
            p_start = _listed_people_start(text, sent, c_start, ms)
            people = [e for c, e in ms if p_start <= c.span.start and c.span.end <= vpos and e[1] == "Person"]
            bodies = [e for c, e in _signers(ms, c_start, vpos) if not _qualifies_person(c, ms) and e[1] == "Organization"]
            for e in people + bodies:
                out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "attended-last-event"))
    return out


@lru_cache(maxsize=1)
def _genre_rules():
    r = rules()["relations"]
    longest = lambda key: tuple(sorted(r.get(key, ()), key=len, reverse=True))  # noqa: E731
    return {
        "span": longest("span_verbs"),
        "meet": longest("meet_verbs"),
        "border": longest("border_words"),
        "within": longest("within_links"),
        "bank": longest("bank_words"),
        "through": longest("through_words"),
        "pair": tuple(w for w in _PAIR_WORDS if w.startswith("两")),
        "delegation": tuple(r.get("delegation_words", ())),
        "signed": longest("signed_project_verbs"),
        "launched": longest("launched_project_verbs"),
        "sub_prefixes": longest("subsidiary_prefixes"),
        "sub_heads": longest("subsidiary_heads"),
        "generic_parents": longest("generic_parents"),
        "organize": longest("bare_organize_verbs"),
        "belongs": longest("belongs_verbs"),
        "governs": longest("governs_links"),
    }


def _place_run(ms, start: int, end: int) -> list:
    """The units (places with a rank, not only qualifying the next one) in [start, end),
    members of a shared-suffix enumeration included ("修水、平江两县")."""
    out = []
    for c, e in ms:
        if start <= c.span.start and c.span.end <= end and not c.nested and _rank(e) is not None and not _qualifies(c, ms):
            out.append((c, e))
    return out


def _spanned_unit_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """Where natural features, areas and lines lie, from how the text places them
    (rules.toml relations.span_verbs, meet_verbs, border_words, within_links):

    * "华容河流经石首市、华容县", "幕阜山横跨湖南、湖北、江西三省": the feature right before
      the verb lies in each unit named after it in its clause;
    * "湘江和潇水在我市交汇": the waters before 在 lie in the place after it;
    * "X地处A与B交界处": the site before the verb lies in each unit before the border word;
    * "华容县境内的桃花山风景名胜区": a site after its unit and 境内(的) lies in it.
    """
    g = _genre_rules()
    words = g["span"] + g["meet"] + g["border"] + g["within"] + g["bank"] + g["through"]
    out = []
    if not words or _any_of(words).search(view, doc.span[0], doc.span[1]) is None and _SITE_IN_RE.search(view, doc.span[0], doc.span[1]) is None:
        return out
    text = doc.page.text
    any_word = _any_of(words).search  # (one scan of the sentence, not one per word)
    for sent in _sentences(doc):
        local = view[sent.start : sent.end]
        if any_word(local) is None and _SITE_IN_RE.search(local) is None:
            continue
        ms = _mentions_in(sent, chosen)
        if not ms:
            continue
        # -- "X流经A、B": the feature ends right before the verb (or before 也/还/自西向东…)
        for verb, vi in _occurrences(local, g["span"]):
            vpos = sent.start + vi
            c_start, c_end = _clause_bounds(text, sent, vpos)
            feature = lambda c, e: not c.nested and (e[1] == "Place" and _rank(e) is None or e[1] == "Project")  # noqa: E731
            subj = [(c, e) for c, e in ms if c_start <= c.span.start and c.span.end <= vpos and vpos - c.span.end <= 2 and feature(c, e)]
            if not subj and vpos == c_start:  # "…，流经A、B两县": the feature opening the sentence
                subj = [(c, e) for c, e in ms if c.span.start == sent.start and feature(c, e)]
            if not subj:
                continue
            run = _place_run(ms, vpos + len(verb), c_end)
            pair = next((w for w in g["pair"] if view.startswith(w, vpos + len(verb))), None)
            if not run and pair is not None:
                # "醴陵市与攸县相邻，京港澳高速贯穿两县": the two units paired before it in the sentence
                # (or opening the sentence before)
                units = list(dict.fromkeys(e[0] for c, e in ms if c.span.end <= subj[-1][0].span.start and not c.nested
                                           and _rank(e) is not None and e[2] != "Province" and not _qualifies(c, ms)))
                if len(units) != 2:
                    units = [e[0] for _, e in _pair_before(doc, view, sent, chosen) if _rank(e) is not None]
                run = [(None, (u,)) for u in units] if len(units) == 2 else []
            for _, p in run:
                out.append(Assertion(subj[-1][1][0], "locatedIn", p[0], doc.id, sent, "spans"))
        # -- "沪昆高铁在新晃、玉屏两县穿境而过": the feature right before 在 lies in each unit
        # named in a row before one of relations.through_words
        for word, wi in _occurrences(local, g["through"]):
            wpos = sent.start + wi
            c_start, _ = _clause_bounds(text, sent, wpos)
            at = view.rfind("在", c_start, wpos)
            if at < 0:
                continue
            subj = [e for c, e in ms if c.span.end == at and not c.nested and (e[1] == "Place" and _rank(e) is None or e[1] == "Project")]
            got, end = _unit_chain(ms, view, at + 1, wpos)
            count = _ENUM_COUNT.match(view[end:wpos])
            if subj and got and (end == wpos or count is not None and count.end() == wpos - end):
                for _, p in got:
                    out.append(Assertion(subj[-1][0], "locatedIn", p[0], doc.id, sent, "passes-through"))
        # -- "湘江沿岸的株洲市、湘潭市", "资水两岸的新化、安化两县": the river right before the
        # bank word lies in each unit named in a row right after it
        for word, wi in _occurrences(local, g["bank"]):
            wpos = sent.start + wi
            river = [e for c, e in ms if c.span.end == wpos and not c.nested and e[1] == "Place" and _rank(e) is None]
            if not river:
                continue
            _, c_end = _clause_bounds(text, sent, wpos)
            got, _at = _unit_chain(ms, view, wpos + len(word), c_end)
            for _, p in got:
                out.append(Assertion(river[-1][0], "locatedIn", p[0], doc.id, sent, "on-banks"))
        # -- "A和B在P交汇"
        for verb, vi in _occurrences(local, g["meet"]):
            vpos = sent.start + vi
            at = view.rfind("在", sent.start, vpos)
            if at < 0:
                continue
            c_start, _ = _clause_bounds(text, sent, at)
            places = _place_run(ms, at + 1, vpos)
            waters = [e for c, e in ms if c_start <= c.span.start and c.span.end <= at and not c.nested and e[1] == "Place" and _rank(e) is None]
            if places and waters and view[places[-1][0].span.end : vpos] == "":
                for w in waters:
                    out.append(Assertion(w[0], "locatedIn", places[-1][1][0], doc.id, sent, "meets-in"))
        # -- "X地处A与B交界处"
        for word, wi in _occurrences(local, g["border"]):
            wpos = sent.start + wi
            c_start, _ = _clause_bounds(text, sent, wpos)
            verb = next(((v, view.rfind(v, c_start, wpos)) for v in _located_verbs() if view.rfind(v, c_start, wpos) >= 0), None)
            if verb is None:
                continue
            v0 = verb[1]
            # (each unit named on its own: "地处长株潭三市交界处" names no single place, gold g03)
            places = [(c, e) for c, e in _place_run(ms, v0 + len(verb[0]), wpos) if len(c.entries) == 1 and not c.via.startswith("collective")]
            site = [e for c, e in ms if c_start <= c.span.start and c.span.end <= v0 and v0 - c.span.end <= 2 and not c.nested
                    and e[1] in ("Place", "Project") and _rank(e) is None and not c.via.startswith(("coref", "anaphora"))]
            if len(places) >= 2 and site:
                for _, p in places:
                    out.append(Assertion(site[-1][0], "locatedIn", p[0], doc.id, sent, "at-border"))
        # -- "华容县境内的X"
        by_end = {c.span.end: (c, e) for c, e in ms if not c.nested and _rank(e) is not None and e[2] != "Province"}
        for c, e in ms:
            if c.nested or not (e[1] == "Place" and _rank(e) is None or e[1] == "Project"):
                continue
            link = next((w for w in g["within"] if view.startswith(w, c.span.start - len(w))), None)
            q = by_end.get(c.span.start - len(link)) if link else None
            if q is not None:
                out.append(Assertion(e[0], "locatedIn", q[1][0], doc.id, sent, "within-unit"))
            # "东江湖风景名胜区在资兴市境内", "澧水在桑植县境内蜿蜒流淌", "灰汤温泉国家旅游度假区在宁乡市。":
            # the site right before 在 lies in the unit after it when 境内/辖区内 or the clause's end
            # follows the unit (not "…在长沙举行")
            if view.startswith("在", c.span.end):
                q = next(((o, oe) for o, oe in ms if o.span.start == c.span.end + 1 and not o.nested and _rank(oe) is not None
                          and oe[2] != "Province" and (any(view.startswith(w, o.span.end) for w in g["within"])
                                                       or view[o.span.end : o.span.end + 1] in _SITE_IN_END)), None)
                if q is not None:
                    out.append(Assertion(e[0], "locatedIn", q[1][0], doc.id, sent, "in-unit-within"))
    return out


_PASSIVE_SIGNED = re.compile("(?:[0-9０-９]{1,4}年)?(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?(?:上午|下午|晚|当天|当日|日前|近日|正式|已)?在(?P<place>[一-龥]{2,16}?)(?:正式|顺利|成功)?(?:签署|签订|签约|续签)")


def _passive_signed_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"《X协议》在天元区签署", "《X》10月8日在株洲市天元区正式签订": an agreement right before
    (a date and) 在P and a signing verb was signed in P (the last place of the run after 在)."""
    out = []
    if "签" not in view[doc.span[0] : doc.span[1]]:
        return out
    for c in chosen:
        if c.nested or c.entries[0][1] != "Agreement":
            continue
        end = c.span.end + (1 if view[c.span.end : c.span.end + 1] in "》" and not c.span.text.endswith("》") else 0)
        m = _PASSIVE_SIGNED.match(view, end)
        if m is None:
            continue
        sent = _sentence_of(doc, c.span)
        ms = _mentions_in(sent, chosen)
        places = [(q, qe) for q, qe in ms if m.start("place") <= q.span.start and q.span.end <= m.end("place") and qe[1] == "Place" and not q.nested]
        if places and places[-1][0].span.end == m.end("place"):
            out.append(Assertion(c.entries[0][0], "heldIn", places[-1][1][0], doc.id, sent, "signed-in:passive"))
    return out


_SITE_IN_END = frozenset(("，", ",", "。", "；", ";", "\n"))
_SITE_IN_RE = re.compile("在[一-龥]{1,12}?[市县区州][，,。；;\n]")  # (the cheap test of a sentence for it)


def _may_lie_in(lex: Lexicon, unit: str, parent: str) -> bool:
    """Whether ``parent`` can hold ``unit``: the lexicon either does not place the unit or
    has ``parent`` among its ancestors (醴陵市 lies in 株洲市 and 湖南省, not in 长沙市)."""
    entry = lex.by_label.get(unit)
    return entry is None or not entry.part_of or any(p.label == parent for p in lex.parents(entry))


def _listed_unit_relations(doc: Document, view: str, chosen: list[_Candidate], facts: list[Assertion], lex: Lexicon | None = None) -> list[Assertion]:
    """"湖北省荆州市监利市、石首市", "我市零陵区、冷水滩区和东安县", "湘潭市的雨湖区、岳塘区": the
    units listed after one written right after its parent (or after it and 的, not a province's)
    are part of the same parent (same rank, joined by 、/和/及).  Only the sentences holding such
    a unit are read."""
    adjacent: dict[tuple[str, int], str] = {}
    sents: dict[int, Span] = {}
    for a in facts:
        if a.via == "adjacent-place" and a.predicate == "partOf":
            adjacent[(a.subject, a.evidence.start)] = a.object
            sents[a.evidence.start] = a.evidence
    out = []
    # "湘潭市的雨湖区、岳塘区和湘潭县": a unit after a unit of a higher rank and 的 is part of it too
    units = [c for c in chosen if not c.nested and len(c.entries) == 1 and _rank(c.entries[0]) is not None]
    unit_ends = {c.span.end: c for c in units}
    for c in units:
        q = unit_ends.get(c.span.start - 1) if view[c.span.start - 1 : c.span.start] == "的" else None
        if q is not None and _rank(q.entries[0]) < _rank(c.entries[0]) and q.entries[0][2] != "Province":
            sent = _sentence_at(doc, c.span.start, c.span.end)
            if sent is not None:
                out.append(Assertion(c.entries[0][0], "partOf", q.entries[0][0], doc.id, sent, "unit-after-de"))
                adjacent[(c.entries[0][0], sent.start)] = q.entries[0][0]
                sents[sent.start] = sent
    for sent in sents.values():
        units = sorted(
            {c.span.start: c for c, e in _mentions_in(sent, chosen) if not c.nested and len(c.entries) == 1 and _rank(e) is not None}.values(),
            key=lambda c: c.span.start,
        )
        ends = {c.span.end: c for c in units}
        parent_of: dict[int, str] = {}
        for c in units:
            e = c.entries[0]
            parent = adjacent.get((e[0], sent.start))
            if parent is not None and (c.span.start in ends or view[c.span.start - 1 : c.span.start] == "的"):  # written right after its parent
                parent_of[c.span.end] = parent
                continue
            sep = next((s for s in ("、", "和", "及", "以及") if view.startswith(s, c.span.start - len(s))), None)
            prev = ends.get(c.span.start - len(sep)) if sep else None
            if prev is None or prev.span.end not in parent_of or _rank(prev.entries[0]) != _rank(e):
                continue
            parent = parent_of[prev.span.end]
            if lex is not None and not _may_lie_in(lex, e[0], parent):
                continue  # "长沙市浏阳市和醴陵市": the lexicon puts 醴陵市 in 株洲市, the list ends here
            if parent != e[0]:
                out.append(Assertion(e[0], "partOf", parent, doc.id, sent, "listed-after-place"))
                parent_of[c.span.end] = parent
    return out


def _delegated_attendance_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"…监利市、石首市和…安乡县等地派员参加", "岳阳市、咸宁市有关部门…派员参加": in a sentence
    naming no event, places before a participation verb ending its clause, with a word of
    delegation (relations.delegation_words) between them and the verb, attend the last
    event named before (the bodies of such a sentence are read by _bare_attendance_relations)."""
    participate_verbs = tuple(rules()["relations"]["participate_verbs"])
    marks = _genre_rules()["delegation"]
    text = doc.page.text
    out = []
    if not any(c.entries[0][1] == "Event" for c in chosen) or not any(view.find(m, doc.span[0], doc.span[1]) >= 0 for m in marks):
        return out
    verbs_re = _any_of(participate_verbs)
    for sent in _sentences(doc):
        local = view[sent.start : sent.end]
        if not any(m in local for m in marks) or verbs_re.search(local) is None:
            continue  # (string tests before the sentence's mentions are gathered)
        ms = _mentions_in(sent, chosen)
        if any(e[1] == "Event" and not c.via.endswith(":generic") and not c.via.startswith("coref") for c, e in ms):
            continue
        for vpos, event, c_start in _attendance_clauses(text, view, sent, local, chosen, participate_verbs):
            for c, e in _signers(ms, c_start, vpos):
                # (a unit sends people, not a river: "资水沿岸的新化县、安化县派员参加")
                if e[1] == "Place" and _rank(e) is not None and not _qualifies_person(c, ms) and any(m in view[c.span.end : vpos] for m in marks):
                    out.append(Assertion(event[0], "participant", e[0], doc.id, sent, "delegated"))
    return out


def _attendance_clauses(text: str, view: str, sent: Span, local: str, chosen: list[_Candidate], verbs: tuple[str, ...]):
    """(verb position, the last event named before it, start of its clause) for each
    attendance verb of ``sent`` that closes its clause ("…出席。", "…参加并致辞")."""
    for verb, vi in _occurrences(local, verbs):
        vpos = sent.start + vi
        after = vpos + len(verb)
        if not (after >= sent.end or view[after] in "并，,。；;"):
            continue
        event = _latest_event(chosen, vpos, None)
        if event is None:
            continue
        yield vpos, event, _clause_bounds(text, sent, vpos)[0]


@lru_cache(maxsize=1)
def _event_project_opener() -> re.Pattern | None:
    words = rules()["relations"].get("event_project_openers", ())
    return re.compile("|".join(words)) if words else None


def _signed_project_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"推介会上共签约12个项目，…其中A、B和C", "会议期间共签约文旅项目15个，其中包括A和B": in a
    sentence opened by an event word and 上/期间/中 (or naming the event before the verb), that
    signs (relations.signed_project_verbs) and names no agreement, the projects after the verb
    are what the event is about."""
    verbs = _genre_rules()["signed"]
    out = []
    opener = _opener_re()
    for sent, local, ms in _sentences_with_verbs(doc, view, chosen, verbs):
        if any(e[1] == "Agreement" for _, e in ms):
            continue
        # (the first verb outside a name: "X项目签约活动在P举行，签约项目包括A、B")
        inside = [(c.span.start, c.span.end) for c, _e in ms if not c.nested]
        at = [sent.start + i for _v, i in _occurrences(local, verbs)]
        at = [p for p in at if not any(a <= p < b for a, b in inside)]
        if not at:
            continue
        vpos = min(at)
        c_start, c_end = _clause_bounds(doc.page.text, sent, vpos)
        if "项目" not in view[c_start:c_end]:  # "签约12个项目", "A等8个项目集中签约" (not "签约共建X")
            continue
        named = [e for c, e in ms if e[1] == "Event" and c.span.end <= vpos and not c.via.endswith(":generic")]
        event = named[-1] if named else None
        if event is None:
            opened = opener.match(view, sent.start, sent.end)
            event = _latest_event(chosen, sent.start, opened.group("word")) if opened else None
        if event is None:
            continue
        for c, e in ms:  # (after the verb, or before it in its clause: "会上，A、B等8个项目集中签约")
            if (c.span.start > vpos or c_start <= c.span.start) and e[1] == "Project" and not c.nested:
                out.append(Assertion(event[0], "about", e[0], doc.id, sent, "signed-at-event"))
    # "在主会场开工的项目中，A、B、C…", "集中签约的项目有A和B": a sentence opened by the projects
    # an event launches (relations.event_project_openers) lists projects of the last event named
    lister = _event_project_opener()
    if lister is not None:
        for sent in _sentences(doc):
            m = lister.match(view, sent.start, sent.end)
            if m is None:
                continue
            event = _latest_event(chosen, sent.start, None)
            if event is None:
                continue
            for c, e in _mentions_in(sent, chosen):
                if c.span.start >= m.end() and e[1] == "Project" and not c.nested:
                    out.append(Assertion(event[0], "about", e[0], doc.id, sent, "listed-at-event"))
    # "推介会上，重点推介了A、B和C", "会上启动了X工程": in a sentence opened by the event's word
    launched = _genre_rules()["launched"]
    for sent, local, ms in _sentences_with_verbs(doc, view, chosen, launched):
        opened = opener.match(view, sent.start, sent.end)
        event = _latest_event(chosen, sent.start, opened.group("word")) if opened else None
        if event is None:  # "同日举行的X推介会上，推介了A和B": the event named before 上/期间 and a comma
            at = [e for c, e in ms if e[1] == "Event" and not c.nested and not c.via.endswith(":generic")
                  and any(view.startswith(o + p, c.span.end) for o in ("上", "期间") for p in "，,")]
            event = at[-1] if at else None
        if event is None or any(e[1] == "Agreement" for _, e in ms):
            continue
        for verb, vi in _occurrences(local, launched):
            vpos = sent.start + vi + len(verb)
            _, c_end = _clause_bounds(doc.page.text, sent, vpos)
            for c, e in ms:
                if vpos <= c.span.start and c.span.end <= c_end and e[1] == "Project" and not c.nested:
                    out.append(Assertion(event[0], "about", e[0], doc.id, sent, "launched-at-event"))
    return out


def _subsidiary_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"A及其核心子公司B", "A的控股子公司B", "集团及其核心子公司B": company B is part of A
    (relations.subsidiary_prefixes + subsidiary_heads; a bare 集团/公司 before them is the
    last company named before it in the sentence)."""
    g = _genre_rules()
    heads = g["sub_heads"]
    out = []
    words = heads + _subsidiary_links()
    if not words or _any_of(words).search(view, doc.span[0], doc.span[1]) is None:
        return out
    for sent, local in _sentences_holding(doc, view, words):
        ms = _mentions_in(sent, chosen)
        orgs = [(c, e) for c, e in ms if e[1] == "Organization" and not c.nested]
        for c, e in orgs:
            head = next((h for h in heads if view.startswith(h, c.span.start - len(h))), None)
            if head is None:
                continue
            pos = c.span.start - len(head)
            pre = next((p for p in g["sub_prefixes"] if view.startswith(p, pos - len(p))), "")
            pos -= len(pre)
            parent = next((qe for q, qe in orgs if q.span.end == pos and qe[0] != e[0]), None)
            if parent is None and pre:
                gen = next((w for w in g["generic_parents"] if view.startswith(w, pos - len(w))), None)
                if gen is not None:
                    earlier = [qe for q, qe in orgs if q.span.end <= pos - len(gen) and qe[0] != e[0] and qe[2] == "Company"]
                    parent = earlier[-1] if earlier else None
            if parent is not None:
                out.append(Assertion(e[0], "partOf", parent[0], doc.id, sent, "subsidiary"))
        # "集团下属X有限公司", "该集团旗下的Y公司": a bare 集团/公司 before a link is the last
        # company named before it in the sentence
        for c, e in orgs:
            link = next((w for w in _subsidiary_links() if view.startswith(w, c.span.start - len(w))), None)
            if link is None:
                continue
            pos = c.span.start - len(link)
            gen = next((w for w in g["generic_parents"] if view.startswith(w, pos - len(w))), None)
            if gen is None or any(q.span.end == pos for q, _ in orgs):
                continue
            earlier = [qe for q, qe in orgs if q.span.end <= pos - len(gen) and qe[0] != e[0] and qe[2] == "Company"]
            if earlier:
                out.append(Assertion(e[0], "partOf", earlier[-1][0], doc.id, sent, "subsidiary"))
        # "A有限公司（B集团全资子公司）": the bracket names A's parent
        by_start = {c.span.start: (c, e) for c, e in orgs}
        for c, e in orgs:
            if view[c.span.end : c.span.end + 1] not in ("（", "("):
                continue
            q = by_start.get(c.span.end + 1)
            if q is None or q[1][0] == e[0]:
                continue
            rest = view[q[0].span.end : q[0].span.end + 8]
            rest = rest[1:] if rest[:1] == "的" else rest
            head = next((h for h in heads if rest.startswith(h)), None)
            if head is not None and view[q[0].span.end + (view[q[0].span.end] == "的") + len(head)] in "）)":
                out.append(Assertion(e[0], "partOf", q[1][0], doc.id, sent, "subsidiary"))
        # "A是B的核心子公司", "A为B的全资子公司"
        starts = {c.span.start: e for c, e in orgs}
        for c, e in orgs:
            link = view[c.span.end : c.span.end + 1]
            whole = starts.get(c.span.end + 1) if link in ("是", "为", "系") else None
            if whole is None or whole[0] == e[0]:
                continue
            end = next(q.span.end for q, qe in orgs if q.span.start == c.span.end + 1)
            if view.startswith("的", end):
                rest = view[end + 1 : end + 12]
                rest = rest[2:] if rest[:2] in ("核心", "全资", "控股", "重要", "直属", "骨干") else rest
                if rest.startswith(heads):
                    out.append(Assertion(e[0], "partOf", whole[0], doc.id, sent, "subsidiary"))
    return out



def _belonging_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"攸县隶属于株洲市", "株洲市下辖的醴陵市", "X集团所属的Y公司" (relations.belongs_verbs,
    governs_links): part of, between places of a lower and a higher rank, or between bodies."""
    g = _genre_rules()
    words = g["belongs"] + g["governs"]
    out = []
    if not words or _any_of(words).search(view, doc.span[0], doc.span[1]) is None:
        return out

    def fits(part, whole) -> bool:
        if part[1] == whole[1] == "Place":
            return _rank(part) is not None and _rank(whole) is not None and _rank(part) > _rank(whole)
        return part[1] == whole[1] == "Organization"

    for sent, local in _sentences_holding(doc, view, words):
        ms = [(c, e) for c, e in _mentions_in(sent, chosen) if not c.nested and len(c.entries) == 1]
        by_end = {c.span.end: e for c, e in ms}
        by_start = {c.span.start: e for c, e in ms}
        for verb, vi in _occurrences(local, g["belongs"]):
            vpos = sent.start + vi
            part, whole = by_end.get(vpos), by_start.get(vpos + len(verb))
            if part is not None and whole is not None and fits(part, whole):
                out.append(Assertion(part[0], "partOf", whole[0], doc.id, sent, "belongs-to"))
        for link, li in _occurrences(local, g["governs"]):
            lpos = sent.start + li
            whole, part = by_end.get(lpos), by_start.get(lpos + len(link))
            if part is not None and whole is not None and fits(part, whole):
                out.append(Assertion(part[0], "partOf", whole[0], doc.id, sent, "governed-by"))
    return out


def _shared_region_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"邵东市、新邵县同属湘南湘西承接产业转移示范区", "芷江、新晃两县均属武陵山片区": the units of
    the clause before a verb of shared belonging (relations.shared_region_verbs) are each part of
    the region, zone or unit of a higher rank right after the verb."""
    verbs = _longest_first(tuple(rules()["relations"].get("shared_region_verbs", ())))
    out = []
    if not verbs or _any_of(verbs).search(view, doc.span[0], doc.span[1]) is None:
        return out
    text = doc.page.text
    verbs_re = _any_of(verbs)
    for sent in _sentences(doc):
        if verbs_re.search(view, sent.start, sent.end) is None:
            continue
        local = view[sent.start : sent.end]
        ms = _mentions_in(sent, chosen)
        for verb, vi in _occurrences_apart(local, verbs):
            vpos = sent.start + vi
            whole = next((e for c, e in ms if c.span.start == vpos + len(verb) and e[1] == "Place" and not c.nested), None)
            if whole is None:
                continue
            c_start, _ = _clause_bounds(text, sent, vpos)
            parts = _place_run(ms, c_start, vpos)
            if not parts and c_start > sent.start and view[c_start:vpos] in ("也", "还", "并", "且", "也均", "而且"):
                parts = _place_run(ms, _clause_bounds(text, sent, c_start - 1)[0], c_start)  # "…，也都在X内"
            for _, p in parts:
                if p[0] != whole[0] and (_rank(whole) is None or _rank(whole) < _rank(p)):
                    # ("都在X内": lies in it, as gold g35 reads it; "同属X": part of it)
                    out.append(Assertion(p[0], "locatedIn" if verb.endswith("在") else "partOf", whole[0], doc.id, sent, "shared-region"))
    return out


_CHAIN_GAPS = ("", "、", "和", "及", "与", "以及")


@lru_cache(maxsize=1)
def _membership_rules():
    r = rules()["relations"]
    longest = lambda key: tuple(sorted(r.get(key, ()), key=len, reverse=True))  # noqa: E731
    return (longest("membership_regions"), longest("membership_verbs"), longest("membership_made_of"),
            longest("membership_roles"), longest("membership_within"))


def _unit_chain(ms, view: str, start: int, end: int) -> tuple[list, int]:
    """The units named in a row from ``start`` ("A、B和C", "A、B两市", "三市"), not provinces:
    (their (candidate, entry) pairs, the end of the run)."""
    by_start: dict[int, list] = {}
    for c, e in ms:
        if not c.nested and _rank(e) is not None and e[2] != "Province" and start <= c.span.start and c.span.end <= end:
            by_start.setdefault(c.span.start, []).append((c, e))
    got: list = []
    at = start
    gaps = _longest_first(_CHAIN_GAPS) if by_start else ()
    while True:
        gap = next((g for g in gaps if (g or not got) and view.startswith(g, at) and at + len(g) in by_start), None)
        if gap is None:
            return got, at
        group = by_start.pop(at + len(gap))
        got.extend(group)
        at = max(q.span.end for q, _ in group)


def _membership_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """Members of a metropolitan area or city cluster when the text states membership
    (rules.toml relations.membership_*): "R包括A、B、C三市", "R由A、B、C组成", "R内的A、B、C三市"
    (R or only its kind word: "都市圈内的…" about the one R the document names),
    "A作为R(的)核心城市" → each unit partOf R."""
    regions, verbs, made_of, roles, within = _membership_rules()
    coll_links = _longest_first(tuple(rules()["relations"].get("membership_collective_links", ())))
    out: list[Assertion] = []
    if not regions or _any_of(regions).search(view, doc.span[0], doc.span[1]) is None:
        return out
    named = {e[0] for c, e in _all_mentions(chosen) if e[1] == "Place" and _rank(e) is None and e[0].endswith(regions)}
    if not named:
        return out
    text = doc.page.text
    gaps = _CHAIN_GAPS

    def chain(ms, start: int, end: int, forward: bool = True) -> list:
        units: dict[tuple[int, int], list] = {}
        for c, e in ms:
            if not c.nested and _rank(e) is not None and e[2] != "Province" and start - 40 <= c.span.start and c.span.end <= end:
                units.setdefault((c.span.start, c.span.end), []).append(e)
        got: list = []
        at = start
        order = sorted(units) if forward else sorted(units, reverse=True)
        for sp in order:
            if forward and sp[0] >= at and view[at : sp[0]] in (gaps if got else ("",)):
                got.extend(units[sp])
                at = sp[1]
            elif not forward and sp[1] <= at and view[sp[1] : at] in (gaps if got else ("",)):
                got.extend(units[sp])
                at = sp[0]
        return got

    for sent, local in _sentences_holding(doc, view, regions):
        ms = _mentions_in(sent, chosen)
        if not ms:
            continue
        seen: set[tuple[str, str]] = set()

        def add(unit: tuple[str, str, str], region: str, how: str) -> None:
            if unit[0] != region and (unit[0], region) not in seen:
                seen.add((unit[0], region))
                out.append(Assertion(unit[0], "partOf", region, doc.id, sent, how))

        for c, e in ms:
            if c.nested or e[0] not in named:
                continue
            c_start, c_end = _clause_bounds(text, sent, c.span.start)
            # -- "R包括A、B、C", "R范围包括…"
            v = next((w for w in verbs if view.startswith(w, c.span.end)), None)
            if v is not None:
                for u in chain(ms, c.span.end + len(v), c_end):
                    add(u, e[0], "member-listed")
            # -- "R由A、B、C三市组成"
            if view.startswith("由", c.span.end):
                tail = view[c.span.end : c_end]
                if any(w in tail for w in made_of):
                    for u in chain(ms, c.span.end + 1, c_end):
                        add(u, e[0], "member-made-of")
            # -- "A作为R(的)核心城市", "A是R的成员城市"
            after = c.span.end + (1 if view.startswith("的", c.span.end) else 0)
            if any(view.startswith(w, after) for w in roles):
                for link in ("作为", "是", "为"):
                    if view.startswith(link, c.span.start - len(link)):
                        for u in chain(ms, c.span.start - len(link), c.span.end, forward=False):
                            add(u, e[0], "member-role")
                        break
        # -- "长株潭都市圈三市", "长江中游城市群岳阳、九江两市", "都市圈三市…": R right before its
        # members written as a collective (or a run of units closed by a count), or R the last
        # region named before a collective later in its sentence
        for c, e in ms:
            if c.nested or e[0] not in named:
                continue
            _, c_end = _clause_bounds(text, sent, c.span.end)
            for link in coll_links:
                if not view.startswith(link, c.span.end):
                    continue
                got, at = _unit_chain(ms, view, c.span.end + len(link), c_end)
                one = {id(q) for q, _ in got}
                if got and (len(one) == 1 and got[0][0].via.startswith("collective") or _ENUM_COUNT.match(view[at : at + 4])):
                    for _, u in got:
                        add(u, e[0], "member-collective")
                    break
        regions_at = sorted((c.span.end, e[0]) for c, e in ms if not c.nested and e[0] in named)
        for c, e in ms:
            if c.nested or not c.via.startswith("collective") or len(c.entries) < 2 or _rank(e) is None:
                continue
            before = [r for end, r in regions_at if end <= c.span.start]
            if before:
                add(e, before[-1], "member-collective")
        # -- "(R|都市圈)内的A、B、C三市"
        for w, wi in _occurrences_apart(local, within):
            if True:
                wpos = sent.start + wi
                kind = next((k for k in regions if view.startswith(k, wpos - len(k))), None)
                if kind is None:
                    continue
                region = next((e[0] for c, e in ms if c.span.end == wpos and e[0] in named), None)
                if region is None:
                    of_kind = sorted(n for n in named if n.endswith(kind))
                    if len(of_kind) != 1:
                        continue
                    region = of_kind[0]
                _, c_end = _clause_bounds(text, sent, wpos)
                for u in chain(ms, wpos + len(w), c_end):
                    add(u, region, "member-within")
    return out


_NOTICE_TITLE = re.compile("印发《(?P<name>[^》]{2,60})》(?:的)?通知")
_SECTION_HEAD = re.compile(r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])(?P<head>[^\n]*)")
_TOP_HEAD = re.compile(r"[一二三四五六七八九十]+、")


def _notice_components(doc: Document, view: str, chosen: list[_Candidate]) -> list[tuple[_Candidate, str, Span]]:
    """"…关于印发《P方案》的通知" … "（一）建设A基地、B产业园。（二）组建C研究院。": the items
    a notice's task sections build are components of the notice's own programme P
    (relations.notice_task_verbs, notice_item_suffixes, notice_other_sections).  Each
    (item, P's key, sentence).  Only an article whose title issues P is read, only after its
    first section heading, and not in sections that set no tasks."""
    out: list[tuple[_Candidate, str, Span]] = []
    if doc.kind != "article" or "印" not in doc.title or "通知" not in doc.title:
        return out
    t = _NOTICE_TITLE.search(_simplified_of(doc, doc.title))
    if t is None:
        return out
    key = normalise_name(t.group("name"))
    if not any(c.entries[0][0] == key and c.entries[0][1] == "Policy" for c in chosen):
        return out
    r = rules()["relations"]
    verbs = tuple(sorted(r.get("notice_task_verbs", ()), key=len, reverse=True))
    suffixes = tuple(r.get("notice_item_suffixes", ()))
    other = tuple(r.get("notice_other_sections", ()))
    tail_words = tuple(sorted(r.get("notice_item_tails", ("建设",)), key=len, reverse=True))
    tails = re.compile("(?:等[一-龥]{0,8}?)?(?:" + "|".join(map(re.escape, tail_words)) + ")")
    lo, hi = doc.span
    heads = list(_SECTION_HEAD.finditer(view, lo, hi))
    if not heads or not verbs:
        return out
    # (start, end) of the parts under a task heading: from a heading to the next top heading
    # ("一、") that sets no tasks; a top heading naming one of `other` closes the task part
    spans, start = [], None
    for h in heads:
        top = _TOP_HEAD.match(view, h.start() + len(h.group()) - len(h.group().lstrip(" \t\u3000"))) is not None
        if top and any(w in h.group("head") for w in other):
            if start is not None:
                spans.append((start, h.start()))
                start = None
        elif start is None and not any(w in h.group("head") for w in other):
            start = h.start()
    if start is not None:
        spans.append((start, hi))
    text = doc.page.text
    for s0, s1 in spans:
        for sent in _sentences(doc):
            if sent.start < s0 or sent.end > s1:
                continue
            local = view[sent.start : sent.end]
            if not any(v in local for v in verbs) and not any(v in local for v in tail_words):
                continue
            ms = _mentions_in(sent, chosen)
            # "加快推进A基地、B产业园建设", "支持A机场改扩建", "A、B等平台建设要加快推进": the
            # items before 建设 (or another tail), with a verb of pushing on in the clause
            for c, e in ms:
                if not c.nested and len(c.entries) == 1 and e[1] in ("Project", "Organization") and e[0].endswith(suffixes) and e[0] != key:
                    tail = tails.match(view, c.span.end + _list_tail(view, c.span.end, ms))
                    if tail is None:
                        continue
                    c_start, c_end = _clause_bounds(text, sent, c.span.start)
                    if any(view.find(w, c_start, c.span.start) >= 0 or view.find(w, tail.end(), c_end) >= 0 for w in _NOTICE_PUSH):
                        out.append((c, key, sent))
            for verb, vi in _occurrences_apart(local, verbs):
                vpos = sent.start + vi
                _, c_end = _clause_bounds(text, sent, vpos)
                for c, e in ms:
                    if vpos + len(verb) <= c.span.start and c.span.end <= c_end and not c.nested and len(c.entries) == 1 \
                            and e[1] in ("Project", "Organization") and e[0].endswith(suffixes) and e[0] != key:
                        out.append((c, key, sent))
    return out


_NOTICE_PUSH = ("推进", "推动", "加快", "支持", "启动", "做好", "抓好", "实施")


def _list_tail(view: str, end: int, ms) -> int:
    """How far the list an item ends goes on ("A、B和C建设": from A's end to C's end)."""
    starts = {c.span.start: c.span.end for c, _e in ms if not c.nested}
    pos = end
    while True:
        sep = next((s for s in ("、", "和", "及", "以及") if view.startswith(s, pos)), None)
        nxt = starts.get(pos + len(sep)) if sep else None
        if nxt is None:
            return pos - end
        pos = nxt


def _notice_component_relations(doc: Document, items: list[tuple[_Candidate, str, Span]]) -> list[Assertion]:
    return [Assertion(c.entries[0][0], "partOf", key, doc.id, sent, "notice-task") for c, key, sent in items]


def _station_on_line_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"益阳南站是常益长高铁的重要站点", "邵阳北站位于沪昆高铁上": a station, a link of
    relations.station_on_line_links, and a line right after it, followed by 的/上/沿线 (the
    line named in the station's clause), make the station part of the line."""
    links = tuple(sorted(rules()["relations"].get("station_on_line_links", ()), key=len, reverse=True))
    line_sfx = tuple(rules()["relations"]["line_suffixes"]) + ("城际", "高速铁路")
    out = []
    if not links or view.find("站", doc.span[0], doc.span[1]) < 0:
        return out
    projects = [c for c in chosen if not c.nested and len(c.entries) == 1 and c.entries[0][1] == "Project"]
    stations = [c for c in projects if c.span.text.endswith("站") and view.startswith(links, c.span.end)]
    if not stations:
        return out
    starts: dict[int, list[_Candidate]] = {}
    for c in projects:
        starts.setdefault(c.span.start, []).append(c)
    for c in stations:
        e = c.entries[0]
        link = next((w for w in links if view.startswith(w, c.span.end)), None)
        if link is None:
            continue
        line = next((o for o in starts.get(c.span.end + len(link), ()) if o.entries[0][0].endswith(line_sfx) or o.span.text.endswith(line_sfx)), None)
        if line is None or not view.startswith(("的", "上", "沿线"), line.span.end):
            continue
        sent = _sentence_at(doc, c.span.start, line.span.end)
        if sent is not None:
            out.append(Assertion(e[0], "partOf", line.entries[0][0], doc.id, sent, "station-is-on-line"))
    return out


_DURING = re.compile("(?:举办|举行|召开|开幕)?期间")


def _during_event_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"X联席会议在Y博览会期间召开", "在Y博览会举办期间召开的X座谈会", "Y博览会期间，X座谈会在P
    举行": an event named with 期间 after it holds the other event the sentence names (before
    在 and it, or after 期间 in the sentence), which is part of it."""
    out = []
    if view.find("期间", doc.span[0], doc.span[1]) < 0:
        return out
    for sent in _sentences(doc):
        if view.find("期间", sent.start, sent.end) < 0:
            continue
        ms = _mentions_in(sent, chosen)
        events = [(c, e) for c, e in ms if e[1] == "Event" and not c.nested and not c.via.endswith(":generic") and not c.via.startswith(("coref", "anaphora"))]
        if len(events) < 2:
            continue
        for c, e in events:
            d = _DURING.match(view, c.span.end, sent.end)
            if d is None:
                continue
            sub = None
            at = c.span.start - 1  # "X在Y期间召开"
            if view[at : at + 1] == "在":
                sub = next((o for oc, o in events if oc.span.end == at and o[0] != e[0]), None)
            if sub is None:  # "Y期间，X举行", "在Y举办期间召开的X"
                sub = next((o for oc, o in events if oc.span.start >= d.end() and o[0] != e[0]), None)
            if sub is not None:
                out.append(Assertion(sub[0], "partOf", e[0], doc.id, sent, "held-during"))
    return out


def _bare_organizer_relations(doc: Document, view: str, chosen: list[_Candidate]) -> list[Assertion]:
    """"湖南、江西两省交通运输厅联合主办。": in a sentence naming no event (and no 由, read by the
    passive rule), the bodies and places before an organising verb that ends its clause
    (relations.bare_organize_verbs) organise the last event named before it."""
    verbs = _genre_rules()["organize"]
    text = doc.page.text
    out = []
    for sent, local, ms in _sentences_with_verbs(doc, view, chosen, verbs):
        if "由" in local or any(e[1] == "Event" and not c.via.endswith(":generic") for c, e in ms):
            continue
        seen: set[int] = set()
        for verb, vi in _occurrences(local, verbs):
            vpos = sent.start + vi
            after = vpos + len(verb)
            if vpos in seen or not (after >= sent.end or view[after] in "，,。；;"):
                continue
            seen.update(range(vpos, after))
            event = _latest_event(chosen, vpos, None)
            if event is None:
                continue
            c_start, _ = _clause_bounds(text, sent, vpos)
            for c, e in _signers(ms, c_start, vpos):
                if not _qualifies_person(c, ms):
                    out.append(Assertion(event[0], "organizer", e[0], doc.id, sent, "organised-last-event"))
    return out


def _drop_enumeration_counts(chosen: list[_Candidate]) -> list[_Candidate]:
    """"常德、益阳、长沙三市": a collective word (三市) written right after an enumeration is the
    enumeration's count, not 长株潭's three cities: the enumerated members are the places."""
    colls = [c for c in chosen if c.via.startswith("collective:")]
    if not colls:
        return chosen
    ends = {c.span.end for c in chosen if c.via.startswith("enumeration:")}
    if not ends or not any(c.span.start in ends for c in colls):
        return chosen
    # (a collective of bodies after it, "益阳、常德两市工信部门", names the places' bodies: kept)
    return [c for c in chosen if not (c.via.startswith("collective:") and c.span.start in ends and all(e[1] == "Place" for e in c.entries))]


def _known_river_variants(patterns: list[_Candidate], lexicon: Lexicon) -> list[_Candidate]:
    """"酉水河" for the known 酉水: a river found by its kind whose name is a known river's
    name and a kind word (rules.toml recall.river_variant_kinds) is that river."""
    kinds = tuple(rules()["recall"].get("river_variant_kinds", ()))
    out = []
    for c in patterns:
        name = c.entries[0][0]
        if c.via == "pattern:water" and name.endswith(kinds):
            entry = lexicon.lookup(name[:-1])
            if entry is not None and entry.cls == "River":
                c = replace(c, entries=(_entry_triple(entry),))
        out.append(c)
    return out


def extract(doc: Document, lexicon: Lexicon) -> Extraction:
    """Read one document: mentions, assertions (with evidence), claims, dates."""
    view = simplified_view(doc.page.text)
    m = matcher(lexicon)
    known = lexicon_candidates(doc, view, m)
    patterns = _nest_events(pattern_candidates(doc, view))
    # companies found by their legal form are owners inside listed project names too
    companies = [c for c in patterns if c.entries[0][1] == "Organization"]
    patterns = _known_river_variants(patterns, lexicon)
    found = discovered_candidates(doc, view, known, lexicon)
    found_places = [c for c in found if c.via == "pattern:place" and c.entries[0][1] == "Place"]
    # zones found by their suffix are the sites inside listed project names too
    zones = [c for c in found if c.via == "pattern:zone"]
    listed_items = project_list_candidates(doc, view, known + companies + zones)
    listed = {c.span for c in listed_items}
    # a listed item ("…游客服务中心等合作项目") is a project, not a body of unknown kind
    found = [c for c in found if not (c.via == "pattern:organization" and c.entries[0][2] == "Organization" and c.span in listed)]
    elided = elided_unit_candidates(doc, view, lexicon, known)
    lines = line_candidates(doc, view, lexicon)
    towns = town_candidates(doc, view, known)
    if towns:  # "桃江县灰山港镇": no facility or body runs into a town's name
        found = [c for c in found if not any(t.span.start < c.span.end < t.span.end for t in towns)]
    orgs = [c for c in known + companies + found if not c.nested and len(c.entries) == 1 and c.entries[0][1] == "Organization"]
    before_title, posts = name_before_title_candidates(doc, view, orgs)
    before_place_title, place_posts = name_before_place_title_candidates(doc, view, known, lexicon)
    before_title, posts = before_title + before_place_title, posts + place_posts
    phased = _phase_candidates(doc, view, found + patterns + lines)
    sub_bodies, sub_pairs = _sub_body_candidates(doc, view, known + [c for c in patterns + found if c.entries[0][2] == "University"])
    line_like = lines + [c for c in known if c.entries[0][2] == "Facility" and c.span.text.endswith(_LINE_KINDS)] if _LINE_HINT.search(view, doc.span[0], doc.span[1]) else []
    found += zone_short_candidates(doc, view, found, known, lexicon)
    found += zone_abbreviation_candidates(doc, view, known + found + companies, lexicon)
    headed, headed_pairs = headed_list_candidates(doc, view, known, [c for c in known + found if c.entries[0][2] == "Area" and not c.nested and c.entries[0][0].endswith(_ZONE_ENDINGS)])
    # (a listed item already names its owner's project with the list's relations)
    owned = [
        c for c in owner_project_candidates(doc, view, known + companies)
        if not any(i.span.start <= c.span.start and c.span.end <= i.span.end for i in listed_items)
    ]
    chosen = select(
        known
        + owned
        + enumeration_candidates(doc, view, known, lexicon)
        + shared_body_candidates(doc, view, known + found, lexicon)
        + elided
        + committee_post_candidates(doc, view, lexicon, known + elided)
        + pair_collective_candidates(doc, view, m, known)
        + implied_body_candidates(doc, view, known + found_places, lexicon)
        + listed_items
        + abbreviation_candidates(doc, view, lexicon)
        + [c for c in patterns if not _joins_lines(c, lines, view)]
        + lines
        + definition_candidates(doc, view)
        + byline_candidates(doc, lexicon)
        + found
        + towns
        + org_abbreviation_candidates(doc, view, orgs)
        + section_after_line_candidates(doc, view, line_like, known)
        + located_project_candidates(doc, view)
        + zone_body_candidates(doc, view, [c for c in found if c.via == "pattern:zone"])
        + listed_station_candidates(doc, view, [c for c in patterns + known + found if c.entries[0][1] == "Project" and c.entries[0][0].endswith("站") and not c.nested])
        + [c for c in prefixed_project_candidates(doc, view, known + [z for z in found if z.entries[0][1] == "Place" and not z.nested and z.span.text.endswith(_PREFIX_ZONE_ENDINGS)]) if not any(i.span.start < c.span.end and c.span.start < i.span.end for i in listed_items)]
        + headed
        + before_title
        + phased
        + sub_bodies
    )
    chosen = _drop_enumeration_counts(chosen)
    # (select of a list it returned is that list again: an empty addition needs no pass)
    more = repeated_candidates(doc, view, chosen)
    if more:
        chosen = select(chosen + more)
    more = section_candidates(doc, view, chosen, known)
    if more:
        chosen = select(chosen + more)
    coref = anaphora_candidates(doc, view, chosen)
    replaced = {c.span for c in coref}
    chosen = sorted([c for c in chosen if c.span not in replaced] + coref, key=lambda c: (c.span.start, c.span.end, c.via))
    # a river or area named inside an agreement's name is what it is about: it stays a
    # (nested) mention of its own
    in_name = frozenset(rules()["relations"]["about_in_name_classes"])
    have = {(c.span.start, c.span.end) for c in chosen}
    # (and inside an event's name: "湘赣边区域合作示范区建设推进会" is about the zone)
    agreements = [c for c in chosen if c.entries[0][1] in ("Agreement", "Event") and not c.nested]
    extra = []
    if agreements:
        extra = [
            replace(k, nested=True, via="lexicon:nested")
            for k in known
            if k.entries[0][2] in in_name and (k.span.start, k.span.end) not in have
            and any(a.span.start <= k.span.start and k.span.end <= a.span.end for a in agreements)
        ]
        # a zone found by its kind inside an event's name ("湘南湘西承接产业转移示范区建设推进会")
        events_only = [a for a in agreements if a.entries[0][1] == "Event"]
        taken = {(k.span.start, k.span.end) for k in extra}
        extra += [
            replace(k, nested=True, via="pattern:nested")
            for k in patterns
            if k.entries[0][2] in in_name and k.entries[0][1] == "Place" and (k.span.start, k.span.end) not in have | taken
            and any(a.span.start == k.span.start and k.span.end < a.span.end for a in events_only)
        ]
    # a county or district opening a listed project's name ("双峰县农机产业园") is where it lies
    item_at = {c.span.start: c for c in chosen if c.via in _PREFIXED_PROJECTS}
    if item_at:
        prefix = frozenset(rules()["project_list"]["prefix_place_classes"])
        extra += [
            replace(k, nested=True, via="lexicon:nested")
            for k in known
            if k.span.start in item_at and k.span.end < item_at[k.span.start].span.end and len(k.entries) == 1
            and k.entries[0][2] in prefix and k.via == "lexicon" and (k.span.start, k.span.end) not in have
            and k.span.text.endswith(_UNIT_ENDINGS)  # written with its unit: "鼎城蔬菜…" is only a name
        ]
    if "委" in view[doc.span[0] : doc.span[1]]:  # "株洲市委经济工作会议": the committee inside the name
        extra += [k for k in committee_meeting_candidates(doc, view, chosen, lexicon) if (k.span.start, k.span.end) not in have]
    if extra:
        chosen = sorted(chosen + extra, key=lambda c: (c.span.start, c.span.end, c.via))
    notice_items = _notice_components(doc, view, chosen)
    if notice_items:  # "组建X研究院" as a notice's task: planned, a project (gold convention)
        planned = {c.entries[0][0] for c, _k, _s in notice_items if c.entries[0][1] == "Organization"}
        if planned:
            chosen = [replace(c, entries=((c.entries[0][0], "Project", "Project"),)) if len(c.entries) == 1 and c.entries[0][0] in planned else c for c in chosen]
    assertions, claims, requalified = relations(doc, view, chosen, lexicon)
    if requalified:
        chosen = [
            replace(c, entries=((requalified[c.span.start], c.entries[0][1], c.entries[0][2]),))
            if c.span.start in requalified
            else c
            for c in chosen
        ]
    assertions += _byline_relations(doc, chosen) + _body_relations(doc, chosen, lexicon)
    assertions += _event_relations(doc, chosen) + _in_name_relations(doc, chosen)
    assertions += _event_role_relations(doc, view, chosen) + _line_relations(doc, view, chosen)
    assertions += _section_relations(doc, chosen) + _definition_relations(doc, view, chosen)
    assertions += _about_relations(doc, view, chosen, known, assertions)
    assertions += _list_relations(doc, view, chosen) + _span_relations(doc, view, chosen)
    assertions += _signing_event_relations(doc, view, chosen, assertions)
    assertions += _event_context_relations(doc, view, chosen) + _bare_attendance_relations(doc, view, chosen)
    assertions += _headed_list_relations(doc, chosen, headed_pairs) + _built_in_relations(doc, view, chosen)
    assertions += _name_before_title_relations(doc, chosen, posts) + _event_in_name_relations(doc, chosen)
    assertions += _speaker_relations(doc, view, chosen) + _zone_subject_relations(doc, view, chosen) + _within_relations(doc, view, chosen)
    assertions += _sub_body_relations(doc, chosen, sub_pairs)
    assertions += _pair_signers_from_event(doc, view, chosen, known, assertions) + _group_member_relations(doc, view, chosen)
    assertions += _signed_at_event_places(doc, view, chosen, assertions)
    assertions += _spanned_unit_relations(doc, view, chosen) + _listed_unit_relations(doc, view, chosen, assertions, lexicon)
    assertions += _delegated_attendance_relations(doc, view, chosen) + _signed_project_relations(doc, view, chosen) + _subsidiary_relations(doc, view, chosen)
    assertions += _belonging_relations(doc, view, chosen) + _bare_organizer_relations(doc, view, chosen)
    assertions += _shared_region_relations(doc, view, chosen) + _notice_component_relations(doc, notice_items)
    assertions += _passive_signed_relations(doc, view, chosen) + _membership_relations(doc, view, chosen) + _committee_meeting_relations(doc, chosen)
    assertions += _station_on_line_relations(doc, view, chosen) + _during_event_relations(doc, view, chosen)
    assertions = _drop_unlocated(chosen, assertions)
    chosen, assertions = _qualify_signing_events(chosen, assertions)
    chosen, assertions = _drop_bare_events(chosen, assertions)
    chosen, assertions = _drop_generic_names(chosen, assertions, lexicon)
    chosen, assertions = _event_editions(chosen, assertions)
    mentions = _one_mention_per_span(doc, chosen)
    discovered = tuple(sorted({(mn.key, mn.type, mn.cls) for mn in mentions if mn.key not in lexicon.by_label}))
    dates = resolve_dates(doc, chosen_events(mentions))
    return Extraction(
        document=doc,
        mentions=mentions,
        assertions=_unique_facts(assertions),
        claims=tuple(claims),
        discovered=discovered,
        dates=dates,
    )


def _one_mention_per_span(doc: Document, chosen: list[_Candidate]) -> tuple[Mention, ...]:
    """The mentions of ``chosen``, one per span and entity.

    A nested name can be found by two rules (the lexicon's company and the legal-form
    pattern inside "三一重工股份有限公司智能装备再制造基地"); a mention's IRI is made of its
    span and key, so the first rule in (start, end, via) order reads it alone.
    """
    seen: set[tuple[int, int, str]] = set()
    add = seen.add
    out = []
    doc_id = doc.id
    for c in chosen:
        span = c.span
        start, end = span.start, span.end
        for key, typ, cls in c.entries:
            k = (start, end, key)
            if k in seen:
                continue
            add(k)
            out.append(Mention(doc_id, span, key, typ, cls, c.via))
    return tuple(out)


def _drop_unlocated(chosen: list[_Candidate], assertions: list[Assertion]) -> list[Assertion]:
    """No locatedIn for policies, agreements, events and people, nor for campaigns in an
    administrative unit (rules.toml relations.unlocated_types / unlocated_in_units)."""
    r = rules()["relations"]
    types, classes = frozenset(r["unlocated_types"]), frozenset(r["unlocated_in_units"])
    kinds: dict[str, set[tuple[str, str]]] = {}
    for c in chosen:
        for e in c.entries:
            kinds.setdefault(e[0], set()).add((e[1], e[2]))

    def unlocated(a: Assertion) -> bool:
        mine = kinds.get(a.subject)
        if not mine:
            return False
        if all(t in types for t, _ in mine):
            return True
        return all(k in classes for _, k in mine) and any(k in _ranks() for _, k in kinds.get(a.object, ()))

    return [a for a in assertions if a.predicate != "locatedIn" or not unlocated(a)]


def _qualify_signing_events(chosen: list[_Candidate], assertions: list[Assertion]):
    """A generic signing event ("签约仪式", "出席签约活动") that names no event of its own is
    qualified by the signatories of the agreement signed nearest before it (else the
    first one after it): "怀化市人民政府与铜仁市人民政府签约仪式", like a generic agreement."""
    words = tuple(rules()["relations"]["signing_events"])
    generic = [c for c in chosen if c.entries[0][1] == "Event" and c.via.endswith(":generic") and c.entries[0][0].endswith(words)]
    if not generic:
        return chosen, assertions
    signers: dict[str, list[str]] = {}
    for a in assertions:
        if a.predicate == "signatory" and a.object not in signers.setdefault(a.subject, []):
            signers[a.subject].append(a.object)
    agreements = [c for c in chosen if c.entries[0][1] == "Agreement" and len(signers.get(c.entries[0][0], ())) >= 2]
    if not agreements:
        return chosen, assertions
    names: dict[str, str] = {}
    for c in generic:
        key = c.entries[0][0]
        if key in names:
            continue
        before = [a for a in agreements if a.span.end <= c.span.start]
        ag = before[-1] if before else agreements[0]
        names[key] = "与".join(signers[ag.entries[0][0]]) + key
    return _renamed_events(chosen, assertions, names)


def _drop_bare_events(chosen: list[_Candidate], assertions: list[Assertion]):
    """A bare meeting word ("会议", "座谈会", "全体会议") that points back to no named event
    names nothing: it is no entity, and nothing is said of it."""
    bare = _bare_event_words()
    gone = {c.entries[0][0] for c in chosen if c.entries[0][1] == "Event" and c.via.endswith(":generic") and c.entries[0][0] in bare}
    if not gone:
        return chosen, assertions
    kept = [c for c in chosen if not (c.entries[0][1] == "Event" and c.entries[0][0] in gone and c.via.endswith(":generic"))]
    still = {c.entries[0][0] for c in kept if c.entries[0][1] == "Event"}
    gone -= still
    return kept, [a for a in assertions if a.subject not in gone and a.object not in gone]


@lru_cache(maxsize=1)
def _generic_name_re() -> re.Pattern:
    g = rules()["generic_names"]
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(f"(?:{alt(g['modifiers'])})*(?:{alt(g['kinds'])})")


@lru_cache(maxsize=1)
def _known_descriptive_re() -> re.Pattern:
    """Names that describe a part of the country even where the lexicon lists them (中部地区)."""
    return re.compile(rules()["generic_names"].get("known_descriptive", "(?!)"))


@lru_cache(maxsize=1)
def _national_prefixes() -> tuple[str, ...]:
    return tuple(sorted(rules()["generic_names"].get("national_prefixes", ()), key=len, reverse=True)) or ("\uffff",)


@lru_cache(maxsize=1)
def _descriptive_rule() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    g = rules()["generic_names"]
    return (
        tuple(sorted((*g["descriptive_heads"], *g.get("descriptive_more_heads", ())), key=len, reverse=True)),
        frozenset(g["descriptive_types"]),
        frozenset(g["proper_tags"]),
        frozenset(g.get("not_proper_words", ())),
    )


@lru_cache(maxsize=4)
def _abbreviation_chars(lexicon_id: int, lex: Lexicon) -> frozenset[str]:
    """Characters that stand alone for a city or province ([lines] abbreviation_chars and the
    first characters of the lexicon's cities and provinces)."""
    chars = set(rules()["lines"]["abbreviation_chars"])
    for e in lex.entries:
        if e.cls in ("City", "Province"):
            chars.update(n[0] for n in (e.label, *e.aliases) if n)
    return frozenset(chars)


def _only_descriptive(key: str, heads: tuple[str, ...], proper_tags: frozenset[str], lex: Lexicon, common: frozenset[str] = frozenset()) -> bool:
    """Is ``key`` a descriptive head after a modifier with nothing proper in it?"""
    head = next(h for h in heads if key.endswith(h))
    modifier = key[: len(key) - len(head)]
    if not modifier:
        return False  # a bare head is the other table's business (kinds)
    if any(not "\u4e00" <= ch <= "\u9fa5" for ch in modifier):
        return False  # digits, Latin letters, quotes, brackets: a brand, a model, a title
    if modifier.startswith(_national_prefixes()) and len(modifier) > max(map(len, _national_prefixes())):
        return False  # "国家级农业科技示范区": a national designation is a name
    auto = matcher(lex).automaton
    if any(len(w) >= 2 and lex.lookup(w) is not None for _end, w in auto.iter(key)):
        return False  # a place, body or programme the lexicon knows
    abbr = _abbreviation_chars(id(lex), lex)
    words = discover.cut_words(modifier)
    for i, (word, tag) in enumerate(words):
        # (a lone character jieba reads as a surname is no name: "森林|康|养|基地")
        if tag in proper_tags and not (len(word) == 1 and tag == "nr") and word not in common:
            return False
        # (a lone place character is an abbreviation, "湘|赣…", "长|益|常…"; one jieba reads as an adjective
        # is that only beside another such character: "化工|新|材料|基地" is no 新疆)
        if len(word) == 1 and word in abbr and (tag != "a" or any(
            len(w) == 1 and w in abbr for w, _t in words[max(0, i - 1) : i] + words[i + 1 : i + 2]
        )):
            return False
    return True


def _drop_generic_names(chosen: list[_Candidate], assertions: list[Assertion], lexicon: Lexicon):
    """A name the lexicon does not know that is only generic words ("入口", "周边城市",
    "会师旧址", "工作对接会") names nothing: it is no entity, and nothing is said of it."""
    generic = _generic_name_re()
    known_descriptive = _known_descriptive_re()
    gone = {
        e[0] for c in chosen for e in c.entries
        if e[1] in ("Place", "Project", "Event") and (e[0] not in lexicon.by_label and generic.fullmatch(e[0]) or known_descriptive.fullmatch(e[0]))
    }
    # "推进长株潭一体化发展": a policy written as the process it names is no mention of it
    process = tuple(rules()["generic_names"]["process_endings"])
    processes = [
        c for c in chosen
        if len(c.entries) == 1 and c.entries[0][1] == "Policy" and not c.via.startswith("pattern:document-title")
        and c.span.text[-1:] != "》" and normalise_name(c.span.text).endswith(process)
    ]
    if processes:
        chosen = [c for c in chosen if c not in processes]
        still = {e[0] for c in chosen for e in c.entries}
        gone |= {c.entries[0][0] for c in processes} - still
    heads, types, proper_tags, common = _descriptive_rule()
    gone |= {
        e[0] for c in chosen for e in c.entries
        if e[1] in types and e[0].endswith(heads) and e[0] not in lexicon.by_label and e[0] not in gone
        and not c.via.startswith("pattern:document-title") and _only_descriptive(e[0], heads, proper_tags, lexicon, common)
    }
    if not gone:
        return chosen, assertions
    kept = []
    for c in chosen:
        entries = tuple(e for e in c.entries if e[0] not in gone)
        if entries:
            kept.append(c if len(entries) == len(c.entries) else _Candidate(c.span, entries, c.via, nested=c.nested))
    return kept, [a for a in assertions if a.subject not in gone and a.object not in gone]


@lru_cache(maxsize=1)
def _bare_event_words() -> frozenset[str]:
    return frozenset(next(ent for ent in rules()["entity"] if ent["name"] == "meeting").get("generic", ()))


def _event_editions(chosen: list[_Candidate], assertions: list[Assertion]):
    """"湘粤桂…合作峰会" in a title and "第三届湘粤桂…合作峰会" (or "2025…论坛") in the text
    are one event: the short form is an alias of the name with its edition."""
    edition = _edition_re()
    by_type: dict[str, set[str]] = {}
    for c in chosen:
        if len(c.entries) == 1 and c.entries[0][1] in ("Event", "Agreement", "Project", "Policy"):
            if c.entries[0][1] == "Event" or not c.via.endswith(":generic"):
                by_type.setdefault(c.entries[0][1], set()).add(c.entries[0][0])
    keys = by_type.get("Event", set())
    names = {}
    for k in sorted(keys):
        m = edition.match(k)
        if m and len(k) - m.end() >= 4 and k[m.end() :] in keys:
            names.setdefault(k[m.end() :], k)
    # "湘粤赣边产业推介会" in a title, "湘粤赣边·有色金属精深加工产业推介会" in the text ("长株潭文旅座谈会",
    # "长株潭三市红色文旅融合发展座谈会"): a name with the start and the event word of exactly one longer event
    # name of the document, and its other characters in order in it, is that event
    for k in sorted(keys):
        if k in names or len(k) < 6:
            continue
        longer = [o for o in keys if len(o) > len(k) and o.startswith(k[:2]) and o.endswith(k[-3:]) and _is_subsequence(k, o)]
        if len(longer) == 1:
            names[k] = longer[0]
    # "签署协同发展框架协议" in a title, 《恩施湘西协同发展框架协议》 in the text: one agreement
    # when exactly one longer agreement name of the document ends with the shorter one
    for typ in ("Agreement", "Project", "Policy"):  # (and a campaign or plan named short in a title)
        pacts = by_type.get(typ, set())
        if len(pacts) < 2:
            continue
        for k in sorted(pacts):
            longer = [o for o in pacts if o != k and o.endswith(k)]
            if len(k) >= 5 and len(longer) == 1:
                names.setdefault(k, longer[0])
    if not names:
        return chosen, assertions
    return _renamed_events(chosen, assertions, names)


@lru_cache(maxsize=1)
def _edition_re() -> re.Pattern:
    return re.compile(rules()["coreference"]["event_edition"])


def _renamed_events(chosen: list[_Candidate], assertions: list[Assertion], names: dict[str, str]):
    """Events renamed (old key → new key) in the mentions and the facts of a document."""
    chosen = [
        replace(c, entries=((names[c.entries[0][0]],) + c.entries[0][1:],) + c.entries[1:]) if c.entries[0][0] in names and c.entries[0][1] in ("Event", "Agreement", "Project", "Policy") else c
        for c in chosen
    ]
    assertions = [
        replace(a, subject=names.get(a.subject, a.subject), object=names.get(a.object, a.object))
        if a.subject in names or a.object in names
        else a
        for a in assertions
    ]
    return chosen, assertions


def _unique_facts(assertions: list[Assertion]) -> tuple[Assertion, ...]:
    """One assertion per (subject, predicate, object, evidence): when two rules read the
    same fact from the same span, the first rule (in rule order) is the one recorded."""
    seen: dict[tuple, Assertion] = {}
    for a in assertions:
        seen.setdefault((a.subject, a.predicate, a.object, a.doc_id, a.evidence, a.role), a)
    return tuple(seen.values())


def chosen_events(mentions) -> list[Mention]:
    return [mn for mn in mentions if mn.type in ("Event", "Agreement")]


def _event_relations(doc: Document, chosen: list[_Candidate]) -> list[Assertion]:
    """"X联席会议新闻发布会": the press conference is about the meeting it names."""
    out = []
    for c in chosen:
        key, typ, cls = c.entries[0]
        if cls not in ("PressConference", "Ceremony"):
            continue
        for inner in chosen:
            ik, it, icls = inner.entries[0]
            if inner is not c and it == "Event" and icls not in ("PressConference", "Ceremony") and key.startswith(ik) and len(key) > len(ik):
                sent = _sentence_of(doc, c.span)
                if cls == "PressConference":
                    out.append(Assertion(key, "about", ik, doc.id, sent, "press-conference-of"))
                else:  # "X峰会开幕式": the opening is part of the meeting it names
                    out.append(Assertion(key, "partOf", ik, doc.id, sent, "ceremony-of"))
    return out
