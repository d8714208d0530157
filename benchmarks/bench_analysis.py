"""How long relationship analysis takes on a large graph: ``project`` + ``summarize``.

    python benchmarks/bench_analysis.py             # a 100,000-triple graph
    python benchmarks/bench_analysis.py 20000 200000 --exports

The graphs are synthetic but shaped like ``czt-kg build`` output (see graph/rdf.py):
provinces, cities, districts, agencies, projects under programs, agreements, events,
policies and people, with labels, aliases and pinyin; background facts from a
"lexicon" (reified ``czt:Assertion`` without evidence); documents whose sentences
(``czt:Evidence``) back reified assertions, mentions (``czt:Mention``) and numeric
claims (``czt:Claim``).  The generator is seeded, so the same size gives the same
graph.  The budget is 10 s for project + summarize at 100k triples; figures are
printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

from rdflib import PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from graph import analysis  # noqa: E402
from graph.vocab import CZT, ITSRDF, NIF  # noqa: E402

BASE = "https://example.org/czt-bench/"
CHARS = "长株潭湘萍乡湖南江西岳阳衡州邵娄底一体化合作区域发展规划协议会议中心新城高铁园"
SYLLABLES = "chang zhu tan xiang ping hu nan jiang xi yue yang heng zhou shao lou di yi ti hua he zuo".split()


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


class _Builder:
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.g = Graph()
        self.n = 0
        self.by_cls: dict[str, list[URIRef]] = {}
        self.label: dict[URIRef, str] = {}
        self.city_of: dict[URIRef, URIRef] = {}
        self.lexicon = URIRef(BASE + "lexicon")
        self.g.add((self.lexicon, RDF.type, CZT.Lexicon))
        self.g.add((self.lexicon, RDFS.label, Literal("词表", lang="zh")))

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def entity(self, coarse: str, cls: str, suffix: str) -> URIRef:
        rnd = self.rnd
        self.n += 1
        iri = URIRef(f"{BASE}id/{cls.lower()}-{self.n:06d}")
        syl = [rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))]
        label = "".join(rnd.choice(CHARS) for _ in syl) + f"{self.n}" + suffix
        self.add(iri, RDF.type, CZT[cls])
        if cls != coarse:
            self.add(iri, RDF.type, CZT[coarse])
        self.add(iri, RDFS.label, Literal(label, lang="zh"))
        self.add(iri, SKOS.prefLabel, Literal(label, lang="zh"))
        self.add(iri, CZT.coarseType, Literal(coarse))
        self.add(iri, CZT.pinyin, Literal(" ".join(syl)))
        if rnd.random() < 0.5:
            self.add(iri, RDFS.label, Literal(" ".join(s.capitalize() for s in syl) + f" {self.n}", lang="en"))
        if rnd.random() < 0.3:
            self.add(iri, SKOS.altLabel, Literal(label[:-1], lang="zh"))
        self.by_cls.setdefault(cls, []).append(iri)
        self.label[iri] = label
        return iri

    def fact(self, s, pred: str, o, doc=None, sentence=None):
        """A fact triple and its reified assertion (lexicon or document provenance)."""
        self.n += 1
        a = URIRef(f"{BASE}assertion/{self.n:08d}")
        p = CZT[pred]
        self.add(s, p, o)
        self.add(a, RDF.type, CZT.Assertion)
        self.add(a, RDF.subject, s)
        self.add(a, RDF.predicate, p)
        self.add(a, RDF.object, o)
        if doc is None:
            self.add(a, PROV.wasDerivedFrom, self.lexicon)
            self.add(a, CZT.extractedBy, Literal("lexicon"))
        else:
            self.add(a, PROV.wasDerivedFrom, doc)
            self.add(a, CZT.document, doc)
            self.add(a, CZT.extractedBy, Literal("pattern"))
            self.add(a, CZT.evidence, sentence)

    def pick(self, cls: str) -> URIRef:
        return self.rnd.choice(self.by_cls[cls])


def synthetic_kg(target: int = 100_000, seed: int = 42) -> Graph:
    """A KG-shaped rdflib graph of about ``target`` triples (deterministic)."""
    b = _Builder(seed)
    rnd = b.rnd
    scale = max(1, target // 8_000)  # about one entity per 30 triples, as in czt-kg builds
    provinces = [b.entity("Place", "Province", "省") for _ in range(3 + scale)]
    for _ in range(10 * scale):
        c = b.entity("Place", "City", "市")
        b.fact(c, "partOf", rnd.choice(provinces))
        b.city_of[c] = c
    cities = b.by_cls["City"]
    for _ in range(30 * scale):
        d = b.entity("Place", "District", "区")
        c = rnd.choice(cities)
        b.fact(d, "partOf", c)
        b.city_of[d] = c
    for _ in range(90 * scale):
        o = b.entity("Organization", rnd.choice(["GovernmentAgency", "GovernmentAgency", "PartyCommittee", "Company", "University"]), "局")
        c = rnd.choice(cities)
        b.fact(o, "locatedIn", rnd.choice([c, c, *[d for d in b.by_cls["District"] if b.city_of[d] == c][:1]]))
        b.city_of[o] = c
    for _ in range(2 * scale):
        prog = b.entity("Project", "Program", "工程")
        for _ in range(rnd.randint(3, 6)):
            comp = b.entity("Project", rnd.choice(["Network", "Corridor", "Platform"]), "网")
            b.fact(comp, "partOf", prog)
    components = b.by_cls.get("Network", []) + b.by_cls.get("Corridor", []) + b.by_cls.get("Platform", [])
    for _ in range(60 * scale):
        pr = b.entity("Project", rnd.choice(["Project", "Facility"]), "项目")
        b.fact(pr, "locatedIn", rnd.choice(cities + b.by_cls["District"]))
        if rnd.random() < 0.5:
            b.fact(pr, "partOf", rnd.choice(components))
    for _ in range(6 * scale):
        cat = b.entity("Policy", "Reform", "改革")
        for _ in range(rnd.randint(1, 4)):
            b.fact(b.entity("Policy", "Reform", "试点"), "partOf", cat)
    for _ in range(20 * scale):
        b.fact(b.entity("Person", "Person", ""), "memberOf", b.pick("GovernmentAgency"))
    for _ in range(20 * scale):
        b.entity("Agreement", rnd.choice(["Agreement", "Memorandum"]), "协议")
    for _ in range(15 * scale):
        b.entity("Event", rnd.choice(["Meeting", "Ceremony", "PressConference"]), "会议")

    entities = [e for es in b.by_cls.values() for e in es]
    templates = [
        ("Agreement", "signatory", "GovernmentAgency"),
        ("Agreement", "signatory", "PartyCommittee"),
        ("Meeting", "heldIn", "City"),
        ("Ceremony", "organizer", "GovernmentAgency"),
        ("Reform", "issuedBy", "GovernmentAgency"),
        ("Project", "locatedIn", "District"),
        ("Facility", "partOf", "Network"),
        ("PressConference", "about", "Meeting"),
        ("Person", "memberOf", "Company"),
        ("Meeting", "participant", "PartyCommittee"),
    ]
    k = 0
    while len(b.g) < target:
        k += 1
        page = URIRef(f"{BASE}page/{k:06d}")
        doc = URIRef(f"{BASE}doc/{k:06d}")
        for t in [
            (doc, RDF.type, CZT.Document),
            (doc, DCTERMS.title, Literal(f"长株潭一体化新闻第{k}篇")),
            (doc, CZT.documentKind, Literal("article")),
            (doc, CZT.page, page),
            (doc, NIF.beginIndex, _int(0)),
            (doc, NIF.endIndex, _int(2000)),
            (page, RDF.type, CZT.Page),
            (page, CZT.fileName, Literal(f"{k:06d}.txt")),
        ]:
            b.add(*t)
        pos = 0
        for _j in range(rnd.randint(4, 9)):  # sentences
            length = rnd.randint(30, 120)
            ev = URIRef(f"{doc}/sentence/{pos}-{pos + length}")
            facts = []
            for _ in range(rnd.randint(1, 3)):
                s_cls, pred, o_cls = rnd.choice(templates)
                if s_cls in b.by_cls and o_cls in b.by_cls:
                    facts.append((b.pick(s_cls), pred, b.pick(o_cls)))
            text = "，".join(f"{b.label[s]}与{b.label[o]}" for s, _p, o in facts) + "。"
            for t in [
                (ev, RDF.type, CZT.Evidence),
                (ev, NIF.beginIndex, _int(pos)),
                (ev, NIF.endIndex, _int(pos + length)),
                (ev, NIF.anchorOf, Literal(text)),
                (ev, CZT.document, doc),
            ]:
                b.add(*t)
            for s, pred, o in facts:
                b.fact(s, pred, o, doc, ev)
                for ent, off in ((s, 0), (o, 5)):
                    m = URIRef(f"{doc}/mention/{pos + off}-{pos + off + 3}-{b.n}")
                    b.n += 1
                    for t in [
                        (m, RDF.type, CZT.Mention),
                        (m, NIF.beginIndex, _int(pos + off)),
                        (m, NIF.endIndex, _int(pos + off + 3)),
                        (m, NIF.anchorOf, Literal(b.label[ent][:3])),
                        (m, ITSRDF.taIdentRef, ent),
                        (m, CZT.document, doc),
                        (m, CZT.extractedBy, Literal("lexicon")),
                        (ent, CZT.mentionedIn, doc),
                    ]:
                        b.add(*t)
            if rnd.random() < 0.15:  # a numeric claim in this sentence
                c = URIRef(f"{doc}/claim/{pos}")
                items = rnd.sample(entities, rnd.randint(0, 3))
                subject = rnd.choice(b.by_cls["Program"] + b.by_cls["Reform"])
                for t in [
                    (c, RDF.type, CZT.Claim),
                    (c, CZT.claimedCount, _int(rnd.randint(3, 60))),
                    (c, CZT.countUnit, Literal("项")),
                    (c, CZT.countedNoun, Literal("重大项目")),
                    (c, CZT.enumeratedCount, _int(len(items))),
                    (c, CZT.document, doc),
                    (c, CZT.evidence, ev),
                    (c, CZT.claimSubject, subject),
                    *[(c, CZT.enumeratedItem, i) for i in items],
                ]:
                    b.add(*t)
            pos += length + 1
    return b.g


def bench(target: int, exports: bool) -> None:
    t0 = time.perf_counter()
    g = synthetic_kg(target)
    t1 = time.perf_counter()
    view = analysis.project(g)
    t2 = time.perf_counter()
    m = analysis.metrics(view)
    summary = analysis.summarize(view, g, precomputed=m)
    t3 = time.perf_counter()
    print(
        f"{len(g):>8} triples: {view.number_of_nodes()} entities, {view.number_of_edges()} relations, "
        f"{len(summary['claims'])} claims, {len(summary['communities'])} communities | "
        f"generate {t1 - t0:.2f} s | project {t2 - t1:.2f} s | summarize {t3 - t2:.2f} s | "
        f"analysis total {t3 - t1:.2f} s (budget 10 s)"
        + (f" | betweenness sampled ({summary['betweenness_samples']} pivots)" if summary["betweenness_samples"] else "")
    )
    if exports:
        t4 = time.perf_counter()
        gml = analysis.graphml_bytes(view, m)
        t5 = time.perf_counter()
        gexf = analysis.gexf_bytes(view, m)
        t6 = time.perf_counter()
        md = analysis.report_markdown(summary)
        t7 = time.perf_counter()
        print(
            f"{'':>8}          exports: GraphML {len(gml) / 1e6:.1f} MB in {t5 - t4:.2f} s | "
            f"GEXF {len(gexf) / 1e6:.1f} MB in {t6 - t5:.2f} s | analysis.md {len(md) / 1e3:.0f} kB in {t7 - t6:.2f} s"
        )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sizes", nargs="*", type=int, default=[100_000], help="target triple counts (default: 100000)")
    p.add_argument("--exports", action="store_true", help="also time the GraphML/GEXF/Markdown exports")
    args = p.parse_args(argv)
    for size in args.sizes:
        bench(size, args.exports)


if __name__ == "__main__":
    main()
