"""Resolve stage: entity keys → canonical :class:`Entity` records with stable IRIs.

Lexicon entries keep their curated label, English name and coordinates; entities
found by patterns get their (Simplified) name as label.  IRIs are derived from the
label's pinyin, never from run order, so the same name gives the same IRI in every
run and every document.  The places and bodies that mentioned entities belong to
(安源区 → 萍乡市 → 江西省) are brought in from the lexicon as background, with the
lexicon as their provenance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from .lexicon import Lexicon
from .records import Assertion, Claim, Entity, Extraction, ExtractionNames, LexiconEntry, replaced
from .script import to_simplified
from .slug import pinyin, short_hash, slugify

#: Provenance of background facts (the curated lexicon).
LEXICON_SOURCE = "lexicon"
MAX_ANCESTRY = 8


def entity_iri(base: str, label: str, curated: bool) -> str:
    """``{base}id/{pinyin-slug}`` for curated entries, with a short hash for found names.

    >>> entity_iri("https://w3id.org/czt-kg/", "长沙市", True)
    'https://w3id.org/czt-kg/id/chang-sha-shi'
    """
    slug = slugify(label)
    return f"{base}id/{slug}" if curated else f"{base}id/{slug}-{short_hash(label)}"


@dataclass(frozen=True)
class Resolution:
    """The canonical entities of a corpus and its extractions rewritten to IRIs."""

    entities: tuple[Entity, ...]
    extractions: tuple[Extraction, ...]
    background: tuple[Assertion, ...]  # partOf/locatedIn facts from the lexicon

    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}


def _from_entry(e: LexiconEntry, base: str, seen: set[str]) -> Entity:
    return Entity(
        id=f"{base}id/{e.slug}" if e.slug else entity_iri(base, e.label, True),
        label=e.label,
        type=e.type,
        cls=e.cls,
        en=e.en,
        pinyin=pinyin(e.label),
        aliases=tuple(sorted(set(e.aliases) | (seen - {e.label}))),
        lat=e.lat,
        lon=e.lon,
    )


def _ancestors(labels: set[str], lex: Lexicon) -> set[str]:
    out = set(labels)
    frontier = list(labels)
    depth = 0
    while frontier and depth < MAX_ANCESTRY:
        nxt = []
        for label in frontier:
            e = lex.by_label.get(label)
            for parent in (e.part_of, e.located_in) if e else ():
                if parent and parent not in out:
                    out.add(parent)
                    nxt.append(parent)
        frontier = nxt
        depth += 1
    return out


#: Marks a person's key that is spelt like a lexicon entry of another type (a reporter
#: named 韩国 in "编辑丨韩国"): the two must not become one resource.  Never in a label.
_PERSON_MARK = "\u0000Person"


def _base_key(key: str) -> str:
    return key.removesuffix(_PERSON_MARK)


def _people_apart(ex: Extraction, lexicon: Lexicon) -> Extraction:
    """Give a person whose name is also a lexicon label of another type (the country
    韩国, the place 江南 …) a key of their own in this document: their mentions, and the
    ends of facts only a person can hold (memberOf's subject), move to it.
    """
    shadowed = {
        m.key for m in ex.mentions
        if m.type == "Person" and (e := lexicon.by_label.get(m.key)) is not None and e.type != "Person"
    }
    if not shadowed:
        return ex
    moved = lambda k: k + _PERSON_MARK if k in shadowed else k  # noqa: E731
    return replaced(
        ex,
        mentions=tuple(replaced(m, key=moved(m.key)) if m.type == "Person" else m for m in ex.mentions),
        assertions=tuple(replaced(a, subject=moved(a.subject)) if a.predicate == "memberOf" else a for a in ex.assertions),
    )


_QUOTES = "“”\"《》「」『』"


def document_names(ex: Extraction | ExtractionNames, lexicon: Lexicon) -> ExtractionNames:
    """What :func:`resolve` reads of one document's extraction (one already read is
    given back): its mentions' keys, types and surfaces counted, its assertions' ends.

    >>> from graph.lexicon import Lexicon
    >>> from graph.records import Document, Mention, Page, Span
    >>> page = Page("p.txt", "p.txt", "0" * 64, "长沙市", "utf-8")
    >>> doc = Document(page, "urn:doc", "article", (0, 3))
    >>> m = Mention("urn:doc", Span(0, 3, "长沙市"), "长沙市", "Place", "City")
    >>> document_names(Extraction(doc, (m, m), (), ()), Lexicon([], {})).named
    (('长沙市', 'Place', 'City', '长沙市', 2),)
    """
    if isinstance(ex, ExtractionNames):
        return ex
    ex = _people_apart(ex, lexicon)
    named: dict = {}
    referring: dict = {}
    for m in ex.mentions:
        if m.via.startswith(("collective:", "coref:")):
            k = (m.key, m.type, m.cls)
            referring[k] = referring.get(k, 0) + 1
        else:
            k = (m.key, m.type, m.cls, "".join(ch for ch in m.span.text if ch not in _QUOTES).strip())
            named[k] = named.get(k, 0) + 1
    ends = dict.fromkeys(key for a in ex.assertions for key in (a.subject, a.object))
    return ExtractionNames(
        ex.document,
        tuple((*k, n) for k, n in named.items()),
        tuple((*k, n) for k, n in referring.items()),
        tuple(ends),
        len(ex.assertions),
        len(ex.claims),
    )


def pinyin_labels(extractions: Iterable[Extraction], lexicon: Lexicon) -> set[str]:
    """The labels whose pinyin :func:`resolve` may read for the entities of
    ``extractions`` (a few more at most): each key's as a found name (its IRI and
    ``czt:pinyin``), and each lexicon entry's that a key names, with the places and
    bodies above it.

    >>> from graph.lexicon import Lexicon
    >>> from graph.records import Document, Mention, Page, Span
    >>> page = Page("p.txt", "p.txt", "0" * 64, "長沙縣", "utf-8")
    >>> doc = Document(page, "urn:doc", "article", (0, 3))
    >>> m = Mention("urn:doc", Span(0, 3, "長沙縣"), "長沙縣", "Place", "County")
    >>> pinyin_labels([Extraction(doc, (m,), (), ())], Lexicon([], {}))
    {'长沙县'}
    """
    by_label = lexicon.by_label
    keys: set[str] = set()
    for ex in extractions:
        keys.update(m.key for m in ex.mentions)
        for a in ex.assertions:
            keys.add(a.subject)
            keys.add(a.object)
    curated = _ancestors({key for key in keys if key in by_label}, lexicon)
    return {by_label[label].label for label in curated} | {to_simplified(_base_key(key)) for key in keys}


def resolve(extractions: list, lexicon: Lexicon, base: str, rewrite=None) -> Resolution:
    """Merge the keys of all documents into canonical entities with stable IRIs.

    ``rewrite(extraction)``, if given, says which extractions to rewrite to IRIs; the
    others are kept as extracted, for a caller that takes their statements from
    elsewhere (the build's rdf stage, from the previous build's: see
    :mod:`graph.statement_memo`), since rewriting ~1M records costs ~1 s at 10,000 pages.
    Such a caller may give, instead of those extractions, their :class:`ExtractionNames`
    (all resolve reads of them, see :class:`graph.cache.PageSummaries`).
    """
    by_label = lexicon.by_label
    surfaces: dict[str, set[str]] = defaultdict(set)
    found_types: dict[str, Counter] = defaultdict(Counter)
    referred: dict[str, Counter] = defaultdict(Counter)
    in_assertions: set[str] = set()
    for ex in extractions:
        n = document_names(ex, lexicon)
        for key, typ, cls, count in n.referring:
            surfaces.setdefault(key, set())  # 三市 and 我市 refer to it but are not its names
            if key not in by_label:  # a body only implied by a title (贺州市|副市长)
                referred[key][(typ, cls)] += count
        for key, typ, cls, surface, count in n.named:
            surfaces[key].add(surface)
            if key not in by_label:
                found_types[key][(typ, cls)] += count
        for key in n.ends:
            if key in by_label:
                in_assertions.add(key)
            elif key not in found_types and key not in referred:
                found_types[key][("Agreement", "Agreement")] += 1
    for key, types in referred.items():
        if key not in found_types:
            found_types[key] = types

    curated = _ancestors({k for k in surfaces if k in by_label} | in_assertions, lexicon)
    key_to_iri: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for label in sorted(curated):
        ent = _from_entry(by_label[label], base, surfaces.get(label, set()))
        entities[ent.id] = ent
        key_to_iri[label] = ent.id
    for key in sorted(found_types):
        name = _base_key(key)
        label = to_simplified(name)
        (typ, cls), _ = sorted(found_types[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        iri = entity_iri(base, label, False)  # a found name's IRI carries a hash: never a curated one's
        key_to_iri[key] = iri
        aliases = (surfaces.get(key, set()) | ({name} if name != label else set())) - {label}
        if iri in entities:  # the same name seen in Traditional and Simplified
            old = entities[iri]
            entities[iri] = replaced(old, aliases=tuple(sorted(set(old.aliases) | aliases)))
            continue
        entities[iri] = Entity(iri, label, typ, cls, None, pinyin(label), tuple(sorted(aliases)))

    resolved = []
    for ex in extractions:
        if rewrite is None or rewrite(ex):
            if isinstance(ex, ExtractionNames):
                raise ValueError(f"the records of {ex.document.id} are needed to rewrite them to IRIs")
            ex = _rewrite(_people_apart(ex, lexicon), key_to_iri)
        resolved.append(ex)
    background = []
    for label in sorted(curated):
        e = by_label[label]
        for pred, parent in (("partOf", e.part_of), ("locatedIn", e.located_in)):
            if parent and parent in key_to_iri:
                background.append(Assertion(key_to_iri[label], pred, key_to_iri[parent], None, None, LEXICON_SOURCE))
    return Resolution(
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        extractions=tuple(resolved),
        background=tuple(background),
    )


def _rewrite(ex: Extraction, iri: dict[str, str]) -> Extraction:
    return replaced(
        ex,
        mentions=tuple(replaced(m, key=iri[m.key]) for m in ex.mentions),
        assertions=tuple(replaced(a, subject=iri[a.subject], object=iri[a.object]) for a in ex.assertions),
        claims=tuple(
            replaced(c, subject=iri.get(c.subject) if c.subject else None, items=tuple(iri[i] for i in c.items))
            for c in ex.claims
        ),
        dates=tuple((iri[k], d, s) for k, d, s in ex.dates),
    )


def claims_of(resolution: Resolution) -> list[Claim]:
    return [c for ex in resolution.extractions for c in ex.claims]
