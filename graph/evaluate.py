"""``czt-kg evaluate``: precision, recall and F1 of extraction against hand-made gold.

Gold files (``data/gold/*.json``) name a page and, per document (article, teasers in
order), the entities (canonical label, coarse type, aliases) and relations (subject
label, predicate, object label) an analyst expects.  Scoring rules:

* documents are paired by position (the article first, then the teasers in page order);
* an extracted entity matches a gold entity when their coarse types are equal and
  their names overlap (label or any alias, compared in Simplified Chinese, quotes
  and 《》 removed); matching is one-to-one, exact label matches first;
* only **text-evidenced** relations are scored: the assertions the extractor read from
  the document, each with its evidence span.  Background facts the graph takes from
  the lexicon (安源区 partOf 萍乡市 because the lexicon says so) carry no evidence, are
  not part of a document's extraction and are never scored: the gold annotates what
  the text states or directly implies;
* an extracted relation matches a gold relation when it links the same pair of
  (matched) entities, in either direction — the official figure; a stricter figure
  that also requires the same predicate and direction is printed beside it.  Pairs
  are counted once per document on both sides (two gold relations between the same
  two entities, e.g. heldIn and participant, count as one pair, listed as missed
  only when no extracted relation links the two).

>>> prf(8, 10, 16)
(0.8, 0.5, 0.615385)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .contract import document_record
from .errors import DataError
from .extract import normalise_name
from .lexicon import Lexicon
from .pipeline import extract_all, read_corpus
from .records import COARSE_TYPES
from .resolve import resolve
from .script import to_simplified
from .vocab import DEFAULT_BASE


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (rounded to 6 places; 1.0 when both sides are empty)."""
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 6), round(r, 6), round(f, 6)


def _names(label: str, aliases) -> set[str]:
    return {to_simplified(normalise_name(n)) for n in (label, *aliases) if n}


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def as_dict(self) -> dict:
        p, r, f = prf(self.tp, self.pred, self.gold)
        return {"tp": self.tp, "predicted": self.pred, "gold": self.gold, "precision": p, "recall": r, "f1": f}


@dataclass
class DocumentScore:
    page: str
    kind: str
    title: str
    entities: Score
    relations: Score
    strict_relations: Score


def match_entities(pred: list[dict], gold: list[dict]) -> tuple[dict[int, int], Score]:
    """One-to-one matches (pred index → gold index) and the entity score."""
    pairs = []
    for gi, g in enumerate(gold):
        gnames = _names(g["label"], g.get("aliases", ()))
        for pi, p in enumerate(pred):
            if p["type"] != g["type"]:
                continue
            pnames = _names(p["label"], p.get("aliases", ()))
            if gnames & pnames:
                exact = to_simplified(normalise_name(p["label"])) == to_simplified(normalise_name(g["label"]))
                pairs.append((0 if exact else 1, gi, pi))
    matched: dict[int, int] = {}
    used_gold: set[int] = set()
    for _rank, gi, pi in sorted(pairs):
        if pi not in matched and gi not in used_gold:
            matched[pi] = gi
            used_gold.add(gi)
    s = Score(tp=len(matched), pred=len(pred), gold=len(gold))
    s.misses = [f"{g['label']} ({g['type']})" for gi, g in enumerate(gold) if gi not in used_gold]
    s.extras = [f"{p['label']} ({p['type']})" for pi, p in enumerate(pred) if pi not in matched]
    return matched, s


def match_relations(rec: dict, gold_doc: dict, matched: dict[int, int]) -> tuple[Score, Score]:
    """Pair score (official) and predicate+direction score of one document's relations."""
    index = {e["id"]: i for i, e in enumerate(rec["entities"])}
    glabel = {i: g["label"] for i, g in enumerate(gold_doc.get("entities", []))}
    gold_index = {g["label"]: i for i, g in enumerate(gold_doc.get("entities", []))}
    gold_rel = []
    for r in gold_doc.get("relations", []):
        s, o = gold_index.get(r["subject"]), gold_index.get(r["object"])
        if s is None or o is None:
            raise DataError(f"gold relation {r} names an entity not listed in its document")
        gold_rel.append((s, r["predicate"], o))
    pred_rel = []
    for r in rec["relations"]:
        if not r.get("evidence"):
            continue  # background facts (lexicon) are not text-evidenced: never scored
        ps, po = index.get(r["subject"]), index.get(r["object"])
        pred_rel.append((matched.get(ps, -1 - (ps or 0)), r["predicate"].rsplit("#", 1)[-1], matched.get(po, -1 - (po or 0)), r))
    label_of = {e["id"]: e["label"] for e in rec["entities"]}

    def score(key) -> Score:
        gold_keys = [key(s, p, o) for s, p, o in gold_rel]
        remaining = list(gold_keys)
        out = Score(pred=len(set(key(s, p, o) for s, p, o, _ in pred_rel)), gold=len(set(gold_keys)))
        seen, hit = set(), set()
        for s, p, o, r in pred_rel:
            k = key(s, p, o)
            if k in seen:
                continue
            seen.add(k)
            if k in remaining:
                remaining.remove(k)
                hit.add(k)
                out.tp += 1
            else:
                out.extras.append(f"{label_of.get(r['subject'])} —{p}→ {label_of.get(r['object'])}")
        out.misses = [
            f"{glabel[s]} —{p}→ {glabel[o]}" for (s, p, o), k in zip(gold_rel, gold_keys) if k not in hit
        ]
        out.gold = len(set(gold_keys))
        return out

    pair = score(lambda s, p, o: frozenset((s, o)))
    strict = score(lambda s, p, o: (s, p, o))
    return pair, strict


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"gold file is not readable JSON: {exc}", path=path) from None
    for d in gold.get("documents", []):
        for e in d.get("entities", []):
            if e.get("type") not in COARSE_TYPES:
                raise DataError(f"entity {e.get('label')!r} has type {e.get('type')!r}, expected one of {COARSE_TYPES}", path=path)
    if "page" not in gold:
        raise DataError("gold file has no 'page'", path=path)
    return gold


def evaluate(gold_dir: Path, lexicon: Lexicon, base: str = DEFAULT_BASE) -> list[DocumentScore]:
    """Score the extractor on every gold file of ``gold_dir``."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise DataError("no gold files (*.json) here", path=gold_dir)
    out = []
    for path in files:
        gold = load_gold(path)
        page = (path.parent / gold["page"]).resolve()
        read = read_corpus([page], base)
        if read.errors:
            raise DataError(f"gold page cannot be read: {read.errors[0]}", path=path)
        res = resolve(extract_all(read.documents, lexicon), lexicon, base)
        ents = res.by_id()
        records = [document_record(ex, ents) for ex in res.extractions]
        gold_docs = gold["documents"]
        for i in range(max(len(records), len(gold_docs))):
            rec = records[i] if i < len(records) else {"document": {"kind": "?", "title": ""}, "entities": [], "relations": []}
            gdoc = gold_docs[i] if i < len(gold_docs) else {"kind": "?", "title": "", "entities": [], "relations": []}
            matched, ent_score = match_entities(rec["entities"], gdoc.get("entities", []))
            pair, strict = match_relations(rec, gdoc, matched)
            out.append(
                DocumentScore(page.name, gdoc.get("kind") or rec["document"]["kind"], gdoc.get("title") or rec["document"]["title"], ent_score, pair, strict)
            )
    return out


def totals(scores: list[DocumentScore]) -> dict[str, Score]:
    t = {"entities": Score(), "relations": Score(), "strict_relations": Score()}
    for s in scores:
        t["entities"].add(s.entities)
        t["relations"].add(s.relations)
        t["strict_relations"].add(s.strict_relations)
    return t


def report(scores: list[DocumentScore], show_errors: bool = True) -> str:
    def fmt(s: Score) -> str:
        d = s.as_dict()
        return f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} ({s.tp}/{s.pred} pred, {s.gold} gold)"

    lines = []
    for s in scores:
        lines.append(f"{s.page} [{s.kind}] {s.title[:30]}")
        lines.append(f"  entities   {fmt(s.entities)}")
        lines.append(f"  relations  {fmt(s.relations)}   strict {fmt(s.strict_relations)}")
        if show_errors:
            for m in s.entities.misses:
                lines.append(f"    miss  entity   {m}")
            for x in s.entities.extras:
                lines.append(f"    extra entity   {x}")
            for m in s.relations.misses:
                lines.append(f"    miss  relation {m}")
            for x in s.relations.extras:
                lines.append(f"    extra relation {x}")
    t = totals(scores)
    lines.append("")
    lines.append(f"OVERALL entities  {fmt(t['entities'])}")
    lines.append(f"OVERALL relations {fmt(t['relations'])}")
    lines.append(f"OVERALL relations (same predicate and direction) {fmt(t['strict_relations'])}")
    return "\n".join(lines)


def as_json(scores: list[DocumentScore]) -> dict:
    return {
        "documents": [
            {
                "page": s.page,
                "kind": s.kind,
                "title": s.title,
                "entities": {**s.entities.as_dict(), "misses": s.entities.misses, "extras": s.entities.extras},
                "relations": {**s.relations.as_dict(), "misses": s.relations.misses, "extras": s.relations.extras},
                "strict_relations": s.strict_relations.as_dict(),
            }
            for s in scores
        ],
        "overall": {k: v.as_dict() for k, v in totals(scores).items()},
    }
