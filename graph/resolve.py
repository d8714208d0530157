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

from .lexicon import Lexicon
from .records import Assertion, Claim, Entity, Extraction, LexiconEntry, replaced
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


def resolve(extractions: list[Extraction], lexicon: Lexicon, base: str, rewrite=None) -> Resolution:
    """Merge the keys of all documents into canonical entities with stable IRIs.

    ``rewrite(extraction)``, if given, says which extractions to rewrite to IRIs; the
    others are kept as extracted, for a caller that takes their statements from
    elsewhere (the build's rdf stage, from the previous build's: see
    :mod:`graph.statement_memo`), since rewriting ~1M records costs ~1 s at 10,000 pages.
    """
    extractions = [_people_apart(ex, lexicon) for ex in extractions]
    surfaces: dict[str, set[str]] = defaultdict(set)
    found_types: dict[str, Counter] = defaultdict(Counter)
    referred: dict[str, Counter] = defaultdict(Counter)
    for ex in extractions:
        for m in ex.mentions:
            if m.via.startswith(("collective:", "coref:")):
                surfaces.setdefault(m.key, set())  # 三市 and 我市 refer to it but are not its names
                if m.key not in lexicon.by_label:  # a body only implied by a title (贺州市|副市长)
                    referred[m.key][(m.type, m.cls)] += 1
                continue
            surfaces[m.key].add("".join(ch for ch in m.span.text if ch not in "“”\"《》「」『』").strip())
            if m.key not in lexicon.by_label:
                found_types[m.key][(m.type, m.cls)] += 1
        for a in ex.assertions:
            for key in (a.subject, a.object):
                if key not in lexicon.by_label and key not in found_types and key not in referred:
                    found_types[key][("Agreement", "Agreement")] += 1
    for key, types in referred.items():
        if key not in found_types:
            found_types[key] = types

    curated = _ancestors({k for k in surfaces if k in lexicon.by_label} | _keys_in_assertions(extractions, lexicon), lexicon)
    key_to_iri: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for label in sorted(curated):
        ent = _from_entry(lexicon.by_label[label], base, surfaces.get(label, set()))
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

    resolved = tuple(_rewrite(ex, key_to_iri) if rewrite is None or rewrite(ex) else ex for ex in extractions)
    background = []
    for label in sorted(curated):
        e = lexicon.by_label[label]
        for pred, parent in (("partOf", e.part_of), ("locatedIn", e.located_in)):
            if parent and parent in key_to_iri:
                background.append(Assertion(key_to_iri[label], pred, key_to_iri[parent], None, None, LEXICON_SOURCE))
    return Resolution(
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        extractions=resolved,
        background=tuple(background),
    )


def _keys_in_assertions(extractions: list[Extraction], lexicon: Lexicon) -> set[str]:
    return {k for ex in extractions for a in ex.assertions for k in (a.subject, a.object) if k in lexicon.by_label}


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
