"""The ``czt-kg extract`` contract (DESIGN.md): one JSON object per document."""

from __future__ import annotations

from collections import defaultdict

from .records import Entity, Extraction
from .vocab import CZT

#: Mentions made by these rules refer to an entity without naming it (我市, 三市, 市长,
#: 该区): they are evidence that the entity is present, never one of its aliases (the
#: same rule as graph/resolve.py, which feeds skos:altLabel).
NOT_A_NAME = ("coref:", "collective:")


def document_record(ex: Extraction, entities: dict[str, Entity]) -> dict:
    """The contract object of one resolved extraction."""
    doc = ex.document
    mentions = defaultdict(list)
    names = defaultdict(set)
    for m in sorted(ex.mentions, key=lambda m: (m.start, m.end, m.key)):
        item = m.span.as_dict()
        if item not in mentions[m.key]:
            mentions[m.key].append(item)
        if not m.via.startswith(NOT_A_NAME):
            names[m.key].add(m.span.text)
    ents = []
    for iri in sorted(mentions, key=lambda k: (mentions[k][0]["start"], k)):
        e = entities[iri]
        seen = sorted(names[iri] - {e.label})
        ents.append(
            {
                "id": e.id,
                "label": e.label,
                "type": e.type,
                "class": e.cls,
                "aliases": seen,
                "mentions": mentions[iri],
            }
        )
    rels = [
        {
            "subject": a.subject,
            "predicate": str(CZT[a.predicate]),
            "object": a.object,
            "evidence": a.evidence.as_dict() if a.evidence else None,
            **({"role": a.role} if a.role else {}),
        }
        for a in sorted(ex.assertions, key=lambda a: (a.evidence.start if a.evidence else -1, a.subject, a.predicate, a.object))
    ]
    return {
        "document": {
            "page": doc.page.path,
            "id": doc.id,
            "kind": doc.kind,
            "title": doc.title,
            "date": doc.date,
            "source": doc.source,
            "original_source": doc.original_source,
            "span": list(doc.span),
            "encoding": doc.page.encoding,
            "encoding_confident": doc.page.encoding_confident,
        },
        "entities": ents,
        "relations": rels,
        "claims": [
            {
                "count": c.count,
                "unit": c.unit,
                "noun": c.noun,
                "subject": c.subject,
                "items": list(c.items),
                "evidence": c.evidence.as_dict(),
            }
            for c in ex.claims
        ],
    }
