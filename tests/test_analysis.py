"""Relationship analysis (graph/analysis.py, graph/analysis_cli.py, graph/plotting.py).

Metrics are checked on small graphs whose answers are known by hand (a path, a star,
two cliques joined by a bridge); the projection and the domain analyses on
``tests/data/analysis_small.ttl`` (its header lists the known answers); the CLI and
exports for determinism and for what Gephi needs (scalar attributes).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal

from graph import analysis as A
from graph.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).resolve().parent / "data" / "analysis_small.ttl"
ID = "https://example.org/t/id/"


# --------------------------------------------------------------------------- fixtures


def labelled(g: nx.Graph, types: dict | None = None) -> nx.MultiDiGraph:
    """A projection-like MultiDiGraph (label/type attributes) of a plain graph."""
    view = nx.MultiDiGraph()
    for n in g:
        view.add_node(str(n), label=str(n), type=(types or {}).get(n, "Place"), cls="City", aliases=[], mentions=[], pinyin="", label_en=None)
    for u, v in g.edges():
        view.add_edge(str(u), str(v), key="partOf", predicate="partOf", label_zh="属于", label_en="part of", evidence=[], lexicon=True, roles=[])
    return view


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    return Graph().parse(SMALL, format="turtle")


@pytest.fixture(scope="module")
def small(small_graph) -> nx.MultiDiGraph:
    return A.project(small_graph)


@pytest.fixture
def path5() -> nx.MultiDiGraph:
    return labelled(nx.relabel_nodes(nx.path_graph(5), dict(enumerate("abcde"))))


@pytest.fixture
def star() -> nx.MultiDiGraph:
    g = nx.star_graph(4)  # 0 is the centre
    return labelled(nx.relabel_nodes(g, {0: "hub", 1: "l1", 2: "l2", 3: "l3", 4: "l4"}))


@pytest.fixture
def barbell() -> nx.MultiDiGraph:
    """Two 4-cliques, c0..c3 and d0..d3, joined by the bridge c3–d0."""
    g = nx.Graph()
    g.add_edges_from((f"c{i}", f"c{j}") for i in range(4) for j in range(i + 1, 4))
    g.add_edges_from((f"d{i}", f"d{j}") for i in range(4) for j in range(i + 1, 4))
    g.add_edge("c3", "d0")
    return labelled(g)


# --------------------------------------------------------------------------- metrics on known graphs


def test_path_graph_betweenness_degree_pagerank(path5):
    between, samples = A.betweenness(A.simple_view(path5))
    assert samples is None
    # pairs through b: (a,c),(a,d),(a,e) = 3 of C(4,2)=6 pairs not involving b
    assert between == pytest.approx({"a": 0.0, "b": 0.5, "c": 4 / 6, "d": 0.5, "e": 0.0})
    c = A.centrality(path5)
    assert [c[n]["degree"] for n in "abcde"] == [1, 2, 2, 2, 1]
    assert c["b"]["out_degree"] == 1 and c["b"]["in_degree"] == 1
    pr = {n: c[n]["pagerank"] for n in "abcde"}
    assert sum(pr.values()) == pytest.approx(1.0)
    assert pr["a"] == pytest.approx(pr["e"]) and pr["b"] == pytest.approx(pr["d"])
    assert pr["b"] > pr["a"]


def test_path_graph_bridges_and_articulation_points(path5):
    rows = A.bridges(path5)
    assert {(r["u"], r["v"]) for r in rows} == {("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")}
    # the middle edges cut off two nodes, the end edges one
    assert [r["separates"] for r in rows] == [2, 2, 1, 1]
    assert A.articulation_points(path5) == ["b", "c", "d"]


def test_star(star):
    between, _ = A.betweenness(A.simple_view(star))
    assert between["hub"] == pytest.approx(1.0)
    assert all(between[f"l{i}"] == 0 for i in range(1, 5))
    pr = A.pagerank(A.simple_view(star))
    # with k leaves: hub = (1-α)/(k+1) + α·k·leaf and leaf = (1-α)/(k+1) + α·hub/k
    alpha, k = 0.85, 4
    base = (1 - alpha) / (k + 1)
    hub = base * (1 + alpha * k) / (1 - alpha**2)
    leaf = base + alpha * hub / k
    assert pr["hub"] == pytest.approx(hub, abs=1e-8)
    assert pr["l1"] == pytest.approx(leaf, abs=1e-8)
    assert A.articulation_points(star) == ["hub"]
    assert len(A.bridges(star)) == 4
    ego = A.ego_network(star, "l1", radius=1)
    assert sorted(ego) == ["hub", "l1"]
    assert sorted(A.ego_network(star, "hub", radius=1)) == ["hub", "l1", "l2", "l3", "l4"]


def test_two_cliques_joined_by_a_bridge(barbell):
    rows = A.bridges(barbell)
    assert [(r["u"], r["v"], r["separates"]) for r in rows] == [("c3", "d0", 4)]
    assert A.articulation_points(barbell) == ["c3", "d0"]
    comm = A.communities(barbell)
    assert {comm[f"c{i}"] for i in range(4)} != {comm[f"d{i}"] for i in range(4)}
    assert len({comm[f"c{i}"] for i in range(4)}) == 1 and len({comm[f"d{i}"] for i in range(4)}) == 1
    assert A.communities(barbell) == comm  # fixed seed: same answer every time
    between, _ = A.betweenness(A.simple_view(barbell))
    assert max(between, key=lambda n: (between[n], n)) in ("c3", "d0")
    assert between["c3"] == pytest.approx(between["d0"])
    path = A.shortest_path(barbell, "c0", "d3")
    assert path == ["c0", "c3", "d0", "d3"]


@pytest.mark.parametrize("seed", range(40))
def test_bridges_and_articulation_points_match_networkx(seed):
    """The one-pass low-link search finds the bridges and cut points networkx finds,
    on sparse random graphs (trees, forests, cycles and isolated nodes among them)."""
    rng = random.Random(seed)
    n = rng.randint(1, 60)
    g = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=seed)
    g = nx.relabel_nodes(g, {i: f"{rng.randint(0, 999)}-{i}" for i in g})  # names not in visiting order
    bridges, cut = A._cuts(g)
    assert bridges == {tuple(sorted(e)) for e in nx.bridges(g)}
    assert cut == set(nx.articulation_points(g))


@pytest.mark.parametrize("seed", range(4))
def test_betweenness_and_pagerank_match_networkx(seed):
    g = nx.gnm_random_graph(40, 70 + 10 * seed, seed=seed)
    g.add_edge(100, 101)  # a second component
    g.add_node(200)  # an isolated node
    ours, _ = A.betweenness(g)
    ref = nx.betweenness_centrality(g, normalized=True)
    assert ours == pytest.approx(ref, abs=1e-12)
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[u] for u in g[v]] for v in nodes]
    assert A._brandes(adj, range(len(nodes))) == pytest.approx(A._brandes_numpy(adj, range(len(nodes))), abs=1e-9)
    pr = A.pagerank(g)
    if hasattr(nx.algorithms.link_analysis.pagerank_alg, "_pagerank_python"):
        ref_pr = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(g, tol=1e-12, max_iter=500)
        assert pr == pytest.approx(ref_pr, abs=1e-8)
    assert sum(pr.values()) == pytest.approx(1.0)


def test_sampled_betweenness_is_seeded_and_matches_networkx(monkeypatch):
    g = nx.gnm_random_graph(60, 120, seed=7)
    monkeypatch.setattr(A, "BETWEENNESS_EXACT_MAX", 10)
    monkeypatch.setattr(A, "BETWEENNESS_SAMPLES", 17)
    ours, k = A.betweenness(g, seed=42)
    assert k == 17
    assert A.betweenness(g, seed=42)[0] == ours
    ref = nx.betweenness_centrality(g, k=17, normalized=True, seed=42)
    assert ours == pytest.approx(ref, abs=1e-12)


def test_empty_graph():
    view = nx.MultiDiGraph()
    assert A.centrality(view) == {}
    assert A.bridges(view) == [] and A.articulation_points(view) == []
    assert A.communities(view) == {}
    s = A.summarize(view)
    assert s["nodes"] == 0 and s["degree"] == [] and s["components"]["count"] == 0
    json.dumps(s)


@pytest.mark.parametrize("top", [1, 3, 4, 10])
def test_summary_rankings_break_ties_at_the_cut_by_label(top):
    """The rankings keep the first ``top`` of a full order by (score, label, id), also
    when the cut falls inside a run of equal scores."""
    view = nx.MultiDiGraph()
    for leaf, label in [("x1", "丙"), ("x2", "甲"), ("x3", "乙"), ("x4", "甲")]:
        view.add_node(leaf, label=label)
        view.add_edge("hub", leaf, key="about")
    view.add_node("hub", label="中心")
    s = A.summarize(view, top=top)
    degree = A.metrics(view)["degree"]
    expected = sorted(degree, key=lambda n: (-degree[n], A._label(view, n), n))[:top]
    assert [row["id"] for row in s["degree"]] == expected
    assert [row["id"] for row in s["degree"]][:5] == ["hub", "x1", "x3", "x2", "x4"][:top]  # 丙 < 乙 < 甲 by code point


def test_simple_view_merges_parallel_edges_and_drops_self_loops():
    view = nx.MultiDiGraph()
    view.add_edge("a", "b", key="heldIn")
    view.add_edge("a", "b", key="about")
    view.add_edge("b", "a", key="partOf")
    view.add_edge("a", "a", key="partOf")
    simple = A.simple_view(view)
    assert list(simple.edges(data="predicates")) == [("a", "b", ["about", "heldIn", "partOf"])]


# --------------------------------------------------------------------------- projection


def test_project_nodes_and_attributes(small):
    assert small.number_of_nodes() == 16
    cs = small.nodes[ID + "changsha"]
    assert cs["label"] == "长沙市" and cs["label_en"] == "Changsha" and cs["type"] == "Place" and cs["cls"] == "City"
    assert cs["pinyin"] == "chang sha shi" and cs["aliases"] == ["星城", "长沙"]
    assert small.nodes[ID + "jiangxi"]["label_en"] is None
    assert small.nodes[ID + "xinyong"]["cls"] == "Agreement"  # no finer class: the coarse one
    # mentions: the covering sentence, or the surface text when no sentence covers it
    sentences = [m["sentence"] for m in cs["mentions"]]
    assert sentences == ["长沙市发改委与萍乡市发改委签署信用协议。", "星城"]
    assert cs["mentions"][0]["page"] == "001_test.txt" and cs["mentions"][0]["doc_title"] == "长株潭一体化新闻"
    # two mentions of 湘潭市 in the same sentence count once
    assert len(small.nodes[ID + "xiangtan"]["mentions"]) == 1


def test_project_edges_keep_predicates_parallel_edges_and_evidence(small):
    assert small.number_of_edges() == 17
    # heldIn and about between the same two nodes stay two typed edges
    assert sorted(small[ID + "huiyi"][ID + "xiangtan"]) == ["about", "heldIn"]
    d = small[ID + "xinyong"][ID + "cs-fgw"]["signatory"]
    assert d["predicate"] == "signatory" and d["label_zh"] and d["lexicon"] is False
    assert d["evidence"] == [
        {"text": "长沙市发改委与萍乡市发改委签署信用协议。", "doc": "https://example.org/t/doc/d1", "doc_title": "长株潭一体化新闻",
         "page": "001_test.txt", "start": 10, "end": 40}
    ]  # fmt: skip
    lex = small[ID + "shaoshan"][ID + "xiangtan"]["partOf"]
    assert lex["lexicon"] is True and lex["evidence"] == []
    assert small[ID + "caoyan"][ID + "xtgd"]["memberOf"]["roles"] == ["编辑"]
    # edges only between entities: the dangling locatedIn is not an edge
    assert all(n.startswith(ID) for n in small)
    assert sorted(v for _u, v in small.out_edges(ID + "gaosu")) == [ID + "changsha", ID + "jiaotong"]


def test_projection_report_says_what_was_dropped(small, small_graph):
    r = A.projection_report(small)
    assert r == A.projection_report(small_graph)
    assert r["triples"] == len(small_graph)
    assert r["literal_triples"] == sum(1 for _s, _p, o in small_graph if isinstance(o, Literal))
    assert r["provenance_nodes"] == {"Assertion": 17, "Claim": 1, "Document": 1, "Evidence": 4, "Lexicon": 1, "Mention": 4, "Page": 1}
    assert r["dangling_relations"] == 1
    assert r["relation_triples"] == 17 and r["edges"] == 17 and r["nodes"] == 16
    assert r["dropped_entity_triples"]["geo:lat"] == 1
    assert r["dropped_entity_triples"]["czt:mentionedIn"] == 2
    assert r["dropped_entity_triples"]["czt:eventDate"] == 1
    json.dumps(r)


def test_project_is_deterministic_and_independent_of_triple_order(small_graph):
    triples = list(small_graph)
    random.Random(3).shuffle(triples)
    other = Graph()
    for t in triples:
        other.add(t)
    a, b = A.project(small_graph), A.project(other)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert A.summarize(a, small_graph) == A.summarize(b, other)


def _copy_term(t):
    """An equal term that is another object (as a parsed or unpickled graph may hold)."""
    if isinstance(t, Literal):
        return Literal(str(t), lang=t.language, datatype=t.datatype)
    return type(t)(str(t))


@pytest.mark.parametrize("shared", [True, False])
def test_project_reads_shared_and_unshared_terms_alike(small_graph, shared):
    """The build's statements share one object per term and the projection then matches
    them by identity; statements whose equal terms are distinct objects (any term, the
    predicates too) project to the same view, and statements that share their terms
    although the caller did not say so do too."""
    from graph.rdf import TripleIndex

    triples = sorted(small_graph)
    copies = [tuple(_copy_term(t) for t in tr) for tr in triples]
    reference = A.project(small_graph)
    view = A.project(TripleIndex(triples if shared else copies, "https://w3id.org/czt-kg/", shares_terms=shared))
    unsaid = A.project(TripleIndex(triples, "https://w3id.org/czt-kg/"))
    for got in (view, unsaid):
        assert list(got.nodes(data=True)) == list(reference.nodes(data=True))
        assert list(got.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
        assert got.graph["projection"] == reference.graph["projection"]


def _pages_graph(lexicon):
    from graph.pipeline import run

    pages = sorted((ROOT / "data" / "gold" / "pages").glob("*.txt")) + sorted((ROOT / "data" / "heldout" / "pages").glob("*.txt"))
    return run(pages, lexicon, validate_graph=False).statements


def _synthetic_memo_graph(lexicon):
    """40 synthetic pages, their statements made from a memo of 39 of them (terms known
    by their text only): cities named in far more sentences than a node lists."""
    import tempfile

    from graph import statement_memo, synth
    from graph.pipeline import page_files, run

    base = "https://w3id.org/czt-kg/"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synth.write_corpus(folder, 40, ROOT / "data" / "lexicon", lexicon)
        pages = page_files(folder / "raw")
        statement_memo.statements([run(pages[:-1], lexicon, validate_graph=False).resolution], base, folder, "salt")
        dump = statement_memo.statements([run(pages, lexicon, validate_graph=False).resolution], base, folder, "salt")
    assert dump.previous_terms is not None  # made from the memo
    return dump


def _small_graph_statements(small_graph):
    from graph.outputs import CanonicalDump

    return CanonicalDump([(s, p, o, None) for s, p, o in sorted(small_graph)])


def _edge_case_statements(_small_graph):
    from graph.outputs import CanonicalDump

    g = Graph().parse(Path(__file__).resolve().parent / "data" / "projection_edge_cases.ttl", format="turtle")
    return CanonicalDump([(s, p, o, None) for s, p, o in sorted(g)])


@pytest.mark.parametrize("statements", [_small_graph_statements, _edge_case_statements, _pages_graph, _synthetic_memo_graph],
                         ids=["analysis_small", "edge-cases", "gold-and-heldout-pages", "synthetic-from-memo"])
def test_projection_read_from_the_builds_arrays_equals_the_triple_by_triple_one(statements, small_graph, lexicon):
    """The build projects its statements' integer arrays (graph.dump_projection), not
    rdflib triples: node for node, edge for edge and count for count the same view as
    reading the same triples one by one (on the hand-made graph with its dangling
    relations and stray triples, and on every gold and held-out page built together);
    the claims table likewise."""
    from graph.rdf import TripleIndex

    dump = statements(small_graph if statements in (_small_graph_statements, _edge_case_statements) else lexicon)
    base = "https://w3id.org/czt-kg/"
    by_triple = A.project(TripleIndex(dump.first_seen(), base, shares_terms=True))
    by_array = A.project(TripleIndex(dump.first_seen(), base, shares_terms=True, statements=dump))
    assert by_array.number_of_nodes() >= (4 if statements is _edge_case_statements else 10)
    assert by_array.number_of_edges() >= (3 if statements is _edge_case_statements else 10)
    assert list(by_array.nodes(data=True)) == list(by_triple.nodes(data=True))
    assert list(by_array.edges(keys=True, data=True)) == list(by_triple.edges(keys=True, data=True))
    assert by_array.graph["projection"] == by_triple.graph["projection"]
    if statements is _synthetic_memo_graph:  # nodes named more often than they list
        from collections import Counter

        from graph.vocab import ITSRDF

        named = Counter(str(o) for _s, p, o in dump.first_seen() if p == ITSRDF.taIdentRef)
        cap = A.MAX_MENTIONS_PER_NODE
        assert any(len(a["mentions"]) == cap < named[n] for n, a in by_array.nodes(data=True))
    # and the claims table (read from the arrays too)
    claims = A.claims_table(TripleIndex(dump.first_seen(), base, shares_terms=True, statements=dump))
    assert claims == A.claims_table(TripleIndex(dump.first_seen(), base, shares_terms=True))
    assert claims or statements in (_small_graph_statements, _edge_case_statements)


def test_projection_edge_cases_evidence_roles_and_quoted_sentences():
    """What the edge-case page means for an analyst (both projections give it, see above):
    one sentence per document and place (the last assertion's), facts stated only by
    assertions keep their role titles and lexicon flag, and a mention quotes the sentence
    that covers it, else its own text."""
    from graph.rdf import TripleIndex

    dump = _edge_case_statements(None)  # as the build reads them: in the statements' order
    view = A.project(TripleIndex(dump.first_seen(), "https://w3id.org/czt-kg/", shares_terms=True, statements=dump))
    e = "https://example.org/e/"
    located = view.edges[e + "id/zz", e + "id/xt", "locatedIn"]
    assert [(x["doc"][len(e):], x["text"], x["start"], x["end"]) for x in located["evidence"]] == [
        ("doc/d1", "没有起点的句子。", None, 20), ("doc/d2", "第二篇的句子。", 5, 15)]
    member = view.edges[e + "id/li", e + "id/bureau", "memberOf"]
    assert (member["roles"], member["lexicon"], len(member["evidence"])) == (["党组书记", "局长"], True, 1)
    assert view.edges[e + "id/bureau", e + "id/zz", "locatedIn"]["roles"] == ["无关"]
    assert [m["sentence"] for m in view.nodes[e + "id/zz"]["mentions"]] == ["一个长句，盖住后面。", "短句。", "株洲市区"]
    assert [(m["doc"][len(e):], m["sentence"]) for m in view.nodes[e + "id/xt"]["mentions"]] == [
        ("doc/d1", "株洲与湘潭签约。"), ("doc/d1", "一个长句，盖住后面。"), ("doc/d3", "湘潭市里")]
    assert [m["sentence"] for m in view.nodes[e + "id/li"]["mentions"]] == ["李局长"]


def test_project_does_not_query_per_node(small_graph, monkeypatch):
    """One pass over the triples: no per-node ``Graph.value`` lookups."""
    calls = []
    real = Graph.value

    def counting(self, *args, **kw):
        calls.append(args)
        return real(self, *args, **kw)

    monkeypatch.setattr(Graph, "value", counting)
    A.project(small_graph)
    assert calls == []


# --------------------------------------------------------------------------- lookups and paths


def test_find_node_by_label_alias_pinyin_english_and_iri(small):
    assert A.find_node(small, "长沙市") == ID + "changsha"
    assert A.find_node(small, "星城") == ID + "changsha"
    assert A.find_node(small, "changshashi") == ID + "changsha"
    assert A.find_node(small, "changsha") == ID + "changsha"
    assert A.find_node(small, ID + "changsha") == ID + "changsha"
    with pytest.raises(UsageError, match="no entity named"):
        A.find_node(small, "北京市")


def test_find_node_ambiguous():
    view = nx.MultiDiGraph()
    view.add_node("x1", label="甲", aliases=["同名"])
    view.add_node("x2", label="乙", aliases=["同名"])
    with pytest.raises(UsageError, match="names 2 entities"):
        A.find_node(view, "同名")


def test_explain_path_through_lexicon_facts(small):
    hops = A.explain_path(small, "韶山市", "长沙市")
    assert [(h["from_label"], h["predicate"], h["direction"], h["to_label"]) for h in hops] == [
        ("韶山市", "partOf", "forward", "湘潭市"),
        ("湘潭市", "partOf", "forward", "湖南省"),
        ("湖南省", "partOf", "backward", "长沙市"),
    ]
    assert hops[2]["subject"] == "长沙市" and hops[2]["object"] == "湖南省"
    assert all(h["source"] == "lexicon" and h["sentence"] is None for h in hops)
    text = A.format_path(hops)
    assert text.splitlines()[0] == "韶山市 → 长沙市" and "[lexicon background fact]" in text


def test_explain_path_gives_the_sentence_of_every_hop(small):
    hops = A.explain_path(small, "长沙市", "萍乡市")
    assert [h["to_label"] for h in hops] == ["长沙市发展和改革委员会", "信用协议", "萍乡市发展和改革委员会", "萍乡市"]
    assert [h["direction"] for h in hops] == ["backward", "backward", "forward", "forward"]
    assert all(h["sentence"] == "长沙市发改委与萍乡市发改委签署信用协议。" and h["page"] == "001_test.txt" for h in hops)
    assert all(h["source"] == "text" and h["evidence_count"] == 1 for h in hops)


def test_explain_path_prefers_evidenced_edges_and_text_only_mode(small):
    # 联席会议 → 湘潭市 has two parallel edges, both with a sentence: heldIn/about in key order
    hops = A.explain_path(small, "联席会议", "湘潭市")
    assert len(hops) == 1 and hops[0]["predicate"] == "about" and hops[0]["sentence"]
    # only lexicon facts link 韶山市 to anything: no text-only path
    assert A.explain_path(small, "韶山市", "长沙市", evidence_only=True) == []
    assert A.explain_path(small, "长沙市", "长沙") == []  # the same entity
    # not connected at all
    view = labelled(nx.Graph([("a", "b")]))
    view.add_node("z", label="z")
    assert A.explain_path(view, "a", "z") == []
    assert A.format_path([]) == "(no path)"


def test_shortest_path_tie_break_prefers_evidence():
    view = nx.MultiDiGraph()
    for n in "sabt":
        view.add_node(n, label=n)
    view.add_edge("s", "a", key="partOf", evidence=[])
    view.add_edge("a", "t", key="partOf", evidence=[])
    view.add_edge("s", "b", key="partOf", evidence=[{"text": "x", "doc": "d", "start": 0, "end": 1}])
    view.add_edge("b", "t", key="partOf", evidence=[{"text": "y", "doc": "d", "start": 2, "end": 3}])
    assert A.shortest_path(view, "s", "t") == ["s", "b", "t"]


# --------------------------------------------------------------------------- domain analyses


def test_city_portfolio(small):
    p = A.city_portfolio(small)
    assert list(p) == ["湘潭市", "萍乡市", "长沙市"]
    assert p["长沙市"]["province"] == "湖南省" and p["萍乡市"]["province"] == "江西省"
    cs = p["长沙市"]
    assert [i["label"] for i in cs["agencies"]] == ["长沙市发展和改革委员会"]
    assert [i["label"] for i in cs["projects"]] == ["绕城高速工程"]
    assert cs["agreements"] == [
        {"id": ID + "xinyong", "label": "信用协议", "cls": "Agreement", "via": "signatory 长沙市发展和改革委员会 → locatedIn 长沙市"}
    ]
    xt = p["湘潭市"]
    assert [i["label"] for i in xt["places"]] == ["韶山市"]
    assert [i["label"] for i in xt["events"]] == ["联席会议"]
    assert [i["label"] for i in xt["agencies"]] == ["湘潭广电"]
    assert A.city_portfolio(small, ["长沙"]).keys() == {"长沙市"}


def test_cross_boundary_ties(small):
    rows = A.cross_boundary_ties(small)
    assert len(rows) == 1
    t = rows[0]
    assert t["agreement"] == "信用协议"
    assert t["core"] == [{"party": "长沙市发展和改革委员会", "city": "长沙市", "province": "湖南省"}]
    assert t["outside"] == [{"party": "萍乡市发展和改革委员会", "city": "萍乡市", "province": "江西省"}]
    assert t["cross_province"] is True
    assert t["sentence"] == "长沙市发改委与萍乡市发改委签署信用协议。"
    # with 萍乡市 in the core the agreement no longer crosses the boundary
    assert A.cross_boundary_ties(small, core=("长沙市", "萍乡市")) == []
    assert A.cross_boundary_ties(small, core=("北京市",)) == []


def test_program_tree_is_a_transitive_reduction(small):
    trees = A.program_trees(small)
    assert len(trees) == 1
    t = trees[0]
    assert t["label"] == "一厅一道" and t["descendants"] == 3
    assert [c["label"] for c in t["children"]] == ["四张网"]  # 地上交通网 sits under 四张网 only
    assert [c["label"] for c in t["children"][0]["children"]] == ["地上交通网"]
    assert [c["label"] for c in t["children"][0]["children"][0]["children"]] == ["绕城高速工程"]
    assert A.tree_lines(t)[0] == "一厅一道 [Program] (3 parts)"
    assert A.program_tree(small, "四张网")["descendants"] == 2


def test_program_tree_survives_cycles():
    view = nx.MultiDiGraph()
    for n in ("p", "a", "b"):
        view.add_node(n, label=n, cls="Program" if n == "p" else "Project", type="Project")
    view.add_edge("a", "p", key="partOf")
    view.add_edge("b", "a", key="partOf")
    view.add_edge("a", "b", key="partOf")  # a cycle a <-> b
    t = A.program_tree(view, "p")
    assert t["children"][0]["label"] == "a"


def test_claims_table(small_graph):
    rows = A.claims_table(small_graph)
    assert len(rows) == 1
    r = rows[0]
    assert (r["claimed"], r["unit"], r["noun"], r["subject"], r["enumerated"]) == (43, "项", "重大项目", "一厅一道", 1)
    assert r["items"] == ["绕城高速工程"]
    assert r["named_parts"] == 3 and r["parts"] == ["四张网", "地上交通网", "绕城高速工程"]
    assert r["sentence"] == "一厅一道共43项重大项目，包括绕城高速工程。" and r["start"] == 71 and r["page"] == "001_test.txt"


def test_city_agency_graph(small):
    b = A.city_agency_graph(small)
    cities = sorted(b.nodes[n]["label"] for n, side in b.nodes(data="bipartite") if side == 0)
    assert cities == ["湘潭市", "萍乡市", "长沙市"]
    assert b.has_edge(ID + "changsha", ID + "cs-fgw") and b[ID + "changsha"][ID + "cs-fgw"]["via"] == "locatedIn 长沙市"
    assert nx.is_bipartite(b)


# --------------------------------------------------------------------------- summary and report


def test_summarize_is_json_and_deterministic(small, small_graph):
    s = A.summarize(small, small_graph)
    text = json.dumps(s, ensure_ascii=False, sort_keys=True)
    assert text == json.dumps(A.summarize(A.project(small_graph), small_graph), ensure_ascii=False, sort_keys=True)
    for key in ("nodes", "edges", "entities_by_type", "edges_by_predicate", "degree", "betweenness", "pagerank", "communities", "claims",
                "projection", "bridges", "articulation_points", "portfolios", "cross_boundary_ties", "program_trees", "components"):  # fmt: skip
        assert key in s
    assert s["entities_by_type"] == {"Agreement": 1, "Event": 1, "Organization": 3, "Person": 1, "Place": 6, "Project": 4}
    assert (s["degree"][0]["label"], s["degree"][0]["score"]) == ("湘潭市", 4)  # 韶山市, 湖南省, 湘潭广电, 联席会议
    assert s["program_trees"][0]["claims"] == [{"claimed": 43, "unit": "项", "noun": "重大项目", "enumerated": 1, "named_parts": 3}]
    assert s["portfolios"]["长沙市"]["counts"]["agreements"] == 1
    assert s["cross_boundary_ties"][0]["agreement"] == "信用协议"
    assert sorted(x for c in s["communities"] for x in c) == sorted(small.nodes[n]["label"] for n in small)


def test_report_lines_and_markdown(small, small_graph):
    s = A.summarize(small, small_graph)
    lines = A.report_lines(s)
    assert lines[0] == "Entities: 16, relations: 17"
    assert any(line.startswith("Cross-boundary: 信用协议") and "[cross-province]" in line for line in lines)
    assert any(line.startswith("Claim: 一厅一道: 43项重大项目 — 1 named; 3 parts in the graph") for line in lines)
    md = A.report_markdown(s)
    assert md.startswith("# czt-kg relationship analysis")
    for heading in ("## Centrality", "## City portfolios", "## Cross-boundary ties", "## Program trees", "## Claimed vs. named", "## Projection"):
        assert heading in md
    assert md == A.report_markdown(A.summarize(A.project(small_graph), small_graph))


# --------------------------------------------------------------------------- exports


def test_graphml_and_gexf_have_scalar_attributes_and_round_trip(small):
    gml = A.graphml_bytes(small)
    gexf = A.gexf_bytes(small)
    assert gml == A.graphml_bytes(small) and gexf == A.gexf_bytes(small)
    assert b"lastmodifieddate" not in gexf
    back = nx.read_graphml(io.BytesIO(gml))
    assert back.number_of_nodes() == 16 and back.number_of_edges() == 17
    node = back.nodes[ID + "changsha"]
    assert node["label"] == "长沙市" and json.loads(node["aliases"]) == ["星城", "长沙"]
    assert {"degree", "betweenness", "pagerank", "community"} <= set(node)
    edges = {(u, v, d["predicate"]): d for u, v, d in back.edges(data=True)}
    d = edges[(ID + "xinyong", ID + "cs-fgw", "signatory")]
    assert json.loads(d["evidence"])[0]["start"] == 10 and d["sentence"] == "长沙市发改委与萍乡市发改委签署信用协议。"
    assert len({k for _u, _v, k in back.edges(keys=True)}) == 17  # unique edge ids
    g2 = nx.read_gexf(io.BytesIO(gexf))
    assert g2.number_of_nodes() == 16 and g2.number_of_edges() == 17
    for _n, attrs in A.export_graph(small).nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())


def test_node_and_edge_tables(small):
    nodes = A.node_table(small)
    assert len(nodes) == 16 and {"label", "type", "degree", "betweenness", "pagerank", "community"} <= set(nodes.columns)
    assert nodes.set_index("label").loc["长沙市", "degree"] == 3
    edges = A.edge_table(small)
    assert len(edges) == 17
    assert set(edges["predicate"]) == {"partOf", "locatedIn", "signatory", "heldIn", "about", "memberOf"}
    assert A.edge_table(small, per_evidence=True).shape[0] == 17  # one sentence per evidenced edge here
    assert list(A.node_table(small, with_metrics=False).columns) == ["id", "label", "label_en", "type", "cls", "pinyin", "aliases", "mentions"]


def test_query_frame(small_graph):
    from graph.query import run_query

    res = run_query(small_graph, 'SELECT ?l WHERE { ?x <https://w3id.org/czt-kg/ontology#coarseType> "Place" ; <http://www.w3.org/2000/01/rdf-schema#label> ?l . FILTER(lang(?l) = "zh") } ORDER BY ?l')
    df = A.query_frame(res)
    assert list(df.columns) == ["l"] and df["l"].tolist()[0] == "江西省" and len(df) == 6


# --------------------------------------------------------------------------- CLI


def test_cli_analyze_writes_four_files_deterministically(tmp_path, capsys):
    from graph.cli import main

    shutil.copy(SMALL, tmp_path / "czt.ttl")
    assert main(["analyze", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Cross-boundary: 信用协议" in out
    files = {name: (tmp_path / name).read_bytes() for name in A.ANALYSIS_FILES}
    summary = json.loads(files["analysis.json"])
    assert summary["nodes"] == 16 and summary["claims"][0]["claimed"] == 43
    assert files["analysis.md"].decode("utf-8").startswith("# czt-kg relationship analysis")
    assert main(["analyze", "--out", str(tmp_path), "--quiet"]) == 0
    assert {name: (tmp_path / name).read_bytes() for name in A.ANALYSIS_FILES} == files
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_analyze_missing_graph(tmp_path, capsys):
    from graph.cli import main

    assert main(["analyze", "--out", str(tmp_path)]) == 2
    assert "czt.ttl" in capsys.readouterr().err


def test_cli_path(tmp_path, capsys):
    from graph.cli import main

    shutil.copy(SMALL, tmp_path / "czt.ttl")
    assert main(["path", "长沙市", "萍乡市", "--graph", str(tmp_path / "czt.ttl")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "长沙市 → 萍乡市" and "信用协议" in out
    assert main(["path", "韶山市", "长沙市", "--graph", str(tmp_path / "czt.ttl"), "--text-only", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == []
    assert main(["path", "北京市", "长沙市", "--graph", str(tmp_path / "czt.ttl")]) == 2


def test_cli_does_not_import_pandas_or_matplotlib():
    code = "import sys, graph.cli, graph.analysis, graph.analysis_cli; graph.cli.parser(); print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------- plotting


def test_cjk_font_renders_chinese_without_missing_glyphs(small, small_graph, tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from graph import plotting

    name = plotting.use_cjk_font()
    assert name is not None, "no CJK font installed (Debian: fonts-noto-cjk)"
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("长株潭一体化 韶山市 萍乡市")
        ax.bar(["长沙市", "株洲市", "湘潭市"], [3, 2, 1])
        fig.savefig(tmp_path / "cjk.png")
        plt.close(fig)
        for draw in (
            lambda: plotting.plot_communities(small),
            lambda: plotting.plot_city_agency(A.city_agency_graph(small)),
            lambda: plotting.plot_claims(A.claims_table(small_graph)),
            lambda: plotting.plot_ranking(A.summarize(small)["pagerank"], "PageRank 排名"),
        ):
            ax = draw()
            ax.figure.savefig(tmp_path / "plot.png")
            plt.close(ax.figure)
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    assert glyphs == []
    assert (tmp_path / "cjk.png").stat().st_size > 1000


# --------------------------------------------------------------------------- the bundled data


def test_bundled_data_findings(seed_build):
    result, out = seed_build
    s = result.summary
    assert s["nodes"] > 0 and s["edges"] > 0
    assert json.loads((out / "analysis.json").read_text(encoding="utf-8")) == json.loads(json.dumps(s))
    view = A.project(result.kg.graph)
    assert set(s["entities_by_type"]) <= set(A.COARSE_TYPES)
    # how is 韶山市 connected to 长沙市? every hop names its predicate and direction
    hops = A.explain_path(view, "韶山市", "长沙市")
    assert hops and hops[0]["from_label"] == "韶山市" and hops[-1]["to_label"] == "长沙市"
    assert all(h["direction"] in ("forward", "backward") and h["predicate"] in A.ENTITY_PREDICATES for h in hops)
    # 萍乡 signed with 长株潭 bodies
    ties = A.cross_boundary_ties(view)
    assert any(any(x["city"] == "萍乡市" for x in t["outside"]) for t in ties)
    # the 43 claimed projects and matters of 一厅一道一园一廊四张网
    claims = [c for c in s["claims"] if c["claimed"] == 43]
    assert claims and claims[0]["enumerated"] < 43


@pytest.mark.parametrize("value, expected", [(float("nan"), None), (float("-inf"), None), (3.2e-05, 3.2e-05), (0.25, 0.25)])
def test_analysis_json_is_standard_json_whatever_the_numbers(value, expected):
    """analysis.json's bytes (keys sorted, two-space indent, UTF-8): a centrality that is
    NaN comes out as null, which any JSON reader takes, not as the bare NaN it cannot."""
    from graph.outputs import json_bytes

    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    text = json_bytes({"长沙市": {"pagerank": value}, "a": []}).decode("utf-8")
    assert text.startswith('{\n  "a": [],\n  "长沙市": {\n    "pagerank": ') and text.endswith("}\n")
    assert json.loads(text, parse_constant=refuse) == {"a": [], "长沙市": {"pagerank": expected}}
