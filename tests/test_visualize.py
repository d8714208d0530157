"""The graph page: offline, UTF-8, deterministic, safe against page text, written atomically.

The browser-side behaviour (clicks, search, no requests, no script execution) is in
``test_browser.py``; these tests read the HTML itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pytest

from graph import visualize
from graph.visualize import render_html, write_html

DATA = pathlib.Path(__file__).parent / "data"
ROOT = pathlib.Path(__file__).parent.parent
HOSTILE = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    '"href"',
)
BASE = "https://example.org/czt/"
DOC1 = BASE + "doc/001"
DOC2 = BASE + "doc/002"
S1 = "长沙市、株洲市、湘潭市三市政府签署《长株潭一体化合作协议》，推动区域协同发展。"
S2 = "萍乡市与长沙市代表出席湘赣边区域合作示范区建设推进会。"
S3 = "长沙市发布城际铁路建设计划，连接株洲市和湘潭市。"


def _m(doc: str, sentence: str, title: str = "长株潭一体化发展新闻", page: str = "000_6b0e262946a652f8.txt") -> dict:
    return {"doc": doc, "doc_title": title, "page": page, "sentence": sentence}


def _ev(text: str, doc: str = DOC1, start: int = 120, title: str = "长株潭一体化发展新闻", page: str = "000_6b0e262946a652f8.txt") -> dict:
    return {"text": text, "doc": doc, "doc_title": title, "page": page, "start": start, "end": start + len(text)}


def czt_nodes() -> list[tuple[str, dict]]:
    e = BASE + "entity/"
    doc2 = dict(title="湘赣边合作推进会召开", page="001_a1b2c3d4e5f60718.txt")
    return [
        (e + "changsha", dict(label="长沙市", label_en="Changsha", pinyin="chang sha shi", type="Place", cls="City", aliases=["星城", "长沙"], mentions=[_m(DOC1, S1), _m(DOC1, S3), _m(DOC2, S2, **doc2)])),
        (e + "zhuzhou", dict(label="株洲市", label_en="Zhuzhou", pinyin="zhu zhou shi", type="Place", cls="City", aliases=["株洲"], mentions=[_m(DOC1, S1)])),
        (e + "xiangtan", dict(label="湘潭市", label_en="Xiangtan", pinyin="xiang tan shi", type="Place", cls="City", aliases=[], mentions=[_m(DOC1, S1)])),
        (e + "pingxiang", dict(label="萍乡市", label_en="Pingxiang", pinyin="ping xiang shi", type="Place", cls="City", aliases=["萍乡"], mentions=[_m(DOC2, S2, **doc2)])),
        (e + "hunan", dict(label="湖南省", label_en="Hunan", pinyin="hu nan sheng", type="Place", cls="Province", aliases=["湘"], mentions=[])),
        (e + "agreement", dict(label="长株潭一体化合作协议", label_en="Changsha-Zhuzhou-Xiangtan Integration Agreement", pinyin="chang zhu tan yi ti hua he zuo xie yi", type="Agreement", cls="CooperationAgreement", aliases=[], mentions=[_m(DOC1, S1)])),
        (e + "gov", dict(label="湖南省人民政府", label_en="People's Government of Hunan Province", pinyin="hu nan sheng ren min zheng fu", type="Organization", cls="GovernmentAgency", aliases=["省政府"], mentions=[])),
        (e + "railway", dict(label="长株潭城际铁路", label_en="Chang-Zhu-Tan Intercity Railway", pinyin="chang zhu tan cheng ji tie lu", type="Project", cls="InfrastructureProject", aliases=[], mentions=[_m(DOC1, S3)])),
        (e + "plan", dict(label="长株潭区域一体化发展规划纲要", label_en=None, pinyin="chang zhu tan qu yu yi ti hua fa zhan gui hua gang yao", type="Policy", cls="Plan", aliases=[], mentions=[])),
        (e + "meeting", dict(label="湘赣边区域合作示范区建设推进会", label_en="Hunan-Jiangxi Border Cooperation Meeting", pinyin="xiang gan bian qu yu he zuo shi fan qu jian she tui jin hui", type="Event", cls="Meeting", aliases=[], mentions=[_m(DOC2, S2, **doc2)])),
    ]


def czt_edges() -> list[tuple[str, str, str, dict]]:
    e = BASE + "entity/"

    def rel(pred: str, zh: str, evidence: list) -> dict:
        return dict(predicate=pred, label_zh=zh, label_en=pred, evidence=evidence)

    return [
        (e + "agreement", e + "changsha", "signatory", rel("signatory", "签署方", [_ev(S1)])),
        (e + "agreement", e + "zhuzhou", "signatory", rel("signatory", "签署方", [_ev(S1)])),
        (e + "agreement", e + "xiangtan", "signatory", rel("signatory", "签署方", [_ev(S1)])),
        (e + "changsha", e + "hunan", "partOf", rel("partOf", "属于", [])),
        (e + "zhuzhou", e + "hunan", "partOf", rel("partOf", "属于", [])),
        (e + "xiangtan", e + "hunan", "partOf", rel("partOf", "属于", [])),
        (e + "gov", e + "hunan", "locatedIn", rel("locatedIn", "位于", [])),
        (e + "plan", e + "gov", "issuedBy", rel("issuedBy", "发布机构", [])),
        (e + "railway", e + "changsha", "locatedIn", rel("locatedIn", "位于", [_ev(S3, start=300)])),
        (e + "railway", e + "changsha", "about", rel("about", "涉及", [_ev(S3, start=300)])),
        (e + "meeting", e + "pingxiang", "participant", rel("participant", "参与方", [_ev(S2, doc=DOC2, start=40, title="湘赣边合作推进会召开", page="001_a1b2c3d4e5f60718.txt")])),
        (e + "meeting", e + "changsha", "participant", rel("participant", "参与方", [_ev(S2, doc=DOC2, start=40, title="湘赣边合作推进会召开", page="001_a1b2c3d4e5f60718.txt")])),
    ]


def czt_view(reverse: bool = False) -> nx.MultiDiGraph:
    """A few 长株潭 entities; ``reverse`` inserts everything in the opposite order."""
    nodes, edges = czt_nodes(), czt_edges()
    if reverse:
        nodes, edges = nodes[::-1], edges[::-1]
    g = nx.MultiDiGraph()
    for n, attrs in nodes:
        g.add_node(n, **attrs)
    for u, v, k, attrs in edges:
        g.add_edge(u, v, key=k, **attrs)
    return g


def xss_view() -> tuple[nx.MultiDiGraph, str]:
    spec = json.loads((DATA / "xss_view.json").read_text(encoding="utf-8"))
    g = nx.MultiDiGraph()
    for n in spec["nodes"]:
        attrs = dict(n)
        g.add_node(attrs.pop("id"), **attrs)
    for e in spec["edges"]:
        attrs = dict(e)
        g.add_edge(attrs.pop("from"), attrs.pop("to"), key=attrs.pop("key"), **attrs)
    return g, spec["title"]


_DATA_BLOCK = re.compile(r'<script type="application/json" id="czt-data">(.*?)</script>', re.S)


def split_data(html: str) -> tuple[str, str]:
    """(the JSON data block, the page without it)."""
    blocks = _DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return blocks[0], _DATA_BLOCK.sub("", html)


def page_data(html: str) -> dict:
    return json.loads(split_data(html)[0])


class _Collector(HTMLParser):
    """Tags, attributes and the text of <script>/<style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a), []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            text = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], text))
            else:
                self.styles.append(text)
            self._in = None


def collect(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


@pytest.fixture(scope="module")
def czt_html() -> str:
    return render_html(czt_view())


@pytest.fixture(scope="module")
def xss_html() -> str:
    view, title = xss_view()
    return render_html(view, title=title)


# --------------------------------------------------------------------------- offline


def _is_remote(url: str) -> bool:
    u = url.strip().strip("'\"").lower()
    return u.startswith(("http:", "https:", "//", "ftp:", "ws:", "wss:")) or "//cdn" in u


def test_no_external_resources(czt_html):
    page = collect(czt_html)
    urls = []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background", "manifest"):
                urls.append((tag, name, value))
        assert tag not in ("link", "iframe", "object", "embed", "base", "img", "video", "audio"), tag
        if tag == "script":
            assert "src" not in attrs, attrs
        if "style" in attrs:
            urls.extend(("style-attr", "url", u) for u in re.findall(r"url\(([^)]*)\)", attrs["style"]))
    for css in page.styles:
        assert "@import" not in css
        urls.extend(("style", "url", u) for u in re.findall(r"url\(([^)]*)\)", css))
    remote = [u for u in urls if _is_remote(u[2])]
    assert remote == []
    assert "//cdn" not in czt_html.lower()
    assert "bootstrap" not in czt_html.lower()


def test_everything_is_inline_and_pinned_by_csp(czt_html):
    page = collect(czt_html)
    executable = [text for attrs, text in page.scripts if attrs.get("type", "text/javascript") != "application/json"]
    assert len(executable) == 2  # vis-network and the app
    assert "vis.Network" in executable[1] and "var network" in executable[1]
    vis_path = pathlib.Path(visualize.pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    assert executable[0] == vis_path.read_text(encoding="utf-8").replace("\r\n", "\n")
    csp = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(csp) == 1
    policy = csp[0]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    for text in executable:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_utf8_meta_charset(czt_html, tmp_path):
    head = czt_html.split("</head>", 1)[0]
    assert '<meta charset="utf-8">' in head
    assert head.index('<meta charset="utf-8">') < head.index("<title>")
    out = tmp_path / "graph.html"
    write_html(czt_view(), out)
    raw = out.read_bytes()
    assert raw == czt_html.encode("utf-8")
    assert "长沙市" in raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")


# --------------------------------------------------------------------------- content


def test_page_data_explains_nodes_and_edges(czt_html):
    data = page_data(czt_html)
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids) and len(ids) == 10
    by_label = {n["label"]: (n, info) for n, info in zip(data["nodes"], data["info"])}
    node, info = by_label["萍乡市"]
    assert info["pinyin"] == "ping xiang shi" and info["en"] == "Pingxiang" and info["cls"] == "City"
    assert node["shape"] == "dot" and isinstance(node["x"], int) and isinstance(node["y"], int)
    assert by_label["长株潭一体化合作协议"][0]["shape"] == "diamond"
    changsha = by_label["长沙市"][1]
    assert [data["docs"][d][2] for d, _s in changsha["mentions"]] == ["000_6b0e262946a652f8.txt"] * 2 + ["001_a1b2c3d4e5f60718.txt"]
    # a quoted sentence is written once, in "texts", and named by its place there
    texts = data["texts"]
    assert len(texts) == len(set(texts)) and S1 in texts
    assert texts[changsha["mentions"][0][1]] == S1 and changsha["aliases"] == ["星城", "长沙"]
    # bigger nodes for more connected entities
    assert by_label["长沙市"][0]["value"] > by_label["萍乡市"][0]["value"]
    assert len(data["edges"]) == 12 and data["options"]["edges"]["arrows"]["to"]["enabled"] is True
    signatory = [j for j, x in enumerate(data["einfo"]) if x["p"] == "signatory"]
    assert len(signatory) == 3
    assert all(data["edges"][j]["label"] == "签署方" and data["einfo"][j]["en"] == "signatory" for j in signatory)
    assert texts[data["einfo"][signatory[0]]["ev"][0][1]] == S1
    quoted = [m[1] for x in data["info"] for m in x["mentions"]] + [v[1] for x in data["einfo"] for v in x["ev"]]
    assert sorted(set(quoted)) == list(range(len(texts)))  # every entry of the table is quoted
    lexicon = [x for x in data["einfo"] if x["p"] == "partOf"]
    assert lexicon and all(x["ev"] == [] for x in lexicon)
    # the two edges railway -> changsha are curved to opposite sides
    # an edge names its ends by their places in the nodes
    assert sorted((ids[e["from"]], ids[e["to"]]) for e in data["edges"]) == sorted((str(u), str(v)) for u, v in czt_view().edges())
    pair = [e for e in data["edges"] if ids[e["from"]].endswith("railway")]
    assert len(pair) == 2 and {e["smooth"]["type"] for e in pair} == {"curvedCW", "curvedCCW"}
    assert data["options"]["physics"] == {"enabled": False}
    assert data["overview"] is None
    assert {t["key"] for t in data["types"]} == {"Place", "Organization", "Project", "Agreement", "Policy", "Event"}
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == len(data["nodes"])


def test_community_of_is_used(czt_html):
    view = czt_view()
    given = {n: (0 if "chang" in n or "rail" in n else 1) for n in view}
    data = page_data(render_html(view, community_of=given))
    communities = {n["id"]: info["community"] for n, info in zip(data["nodes"], data["info"])}
    ours = {communities[n] for n in view if given[n] == 0}
    assert len(ours) == 1 and len(set(communities.values())) == 2
    computed = page_data(czt_html)
    assert all(info["community"] >= 0 for info in computed["info"])


def test_empty_and_single_node_graphs():
    empty = page_data(render_html(nx.MultiDiGraph()))
    assert empty["nodes"] == [] and empty["edges"] == []
    g = nx.MultiDiGraph()
    g.add_node("urn:x:1")  # no attributes at all
    one = page_data(render_html(g))
    assert one["nodes"][0]["label"] == "1" and one["info"][0]["type"] == "Other"


# --------------------------------------------------------------------------- determinism


def test_byte_identical_renders(czt_html):
    assert render_html(czt_view()) == czt_html
    assert render_html(czt_view(reverse=True)) == czt_html


@pytest.mark.parametrize("make", [czt_view, lambda: synthetic_view(700)], ids=["bundled", "synthetic-700"])
def test_the_analysis_simple_graph_gives_the_same_page(make):
    """The build's page drawer lends the page the analysis's simple graph: the page must
    be the one drawn without it, byte for byte."""
    from graph import analysis

    view = make()
    simple = analysis.simple_view(view)
    communities = analysis.communities(view, simple=simple)
    lent = b"".join(c if isinstance(c, bytes) else c.encode() for c in
                    visualize.render_html_chunks(view, community_of=communities, simple=simple))
    assert lent.decode("utf-8") == render_html(view, community_of=communities)


def test_byte_identical_across_processes(tmp_path):
    """Hash randomisation must not leak into the layout or the communities."""
    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
        "from test_visualize import czt_view, synthetic_view; from graph.visualize import render_html;"
        "print(hashlib.sha256(render_html(czt_view()).encode()).hexdigest(),"
        " hashlib.sha256(render_html(synthetic_view(700)).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2", "987"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(ROOT / "tests")], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def synthetic_view(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """Clustered graph of n entities, deterministic."""
    import random

    rnd = random.Random(seed)
    types = list(visualize.TYPE_STYLES)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"urn:s:{i:05d}", label=f"实体{i}", label_en=f"Entity {i}", pinyin=f"shi ti {i}", type=types[i % len(types)], cls="Thing", aliases=[], mentions=[])
    cluster = 40
    for i in range(n):
        base = i - i % cluster
        for _ in range(2):
            j = base + rnd.randrange(cluster) if rnd.random() < 0.9 else rnd.randrange(n)
            if j < n and j != i:
                g.add_edge(f"urn:s:{i:05d}", f"urn:s:{j:05d}", key="partOf", predicate="partOf", label_zh="属于", label_en="partOf", evidence=[])
    return g


def test_large_graph_layout_and_overview():
    view = synthetic_view(1700)
    data = page_data(render_html(view))
    assert len(data["nodes"]) == 1700
    assert data["overview"] is not None and len(data["overview"]) == visualize.OVERVIEW_SIZE
    assert data["overview"] == sorted(data["overview"])
    # the overview holds the most connected entities
    degree = dict(nx.Graph(nx.to_undirected(view)).degree())
    top = sorted(degree.values(), reverse=True)[visualize.OVERVIEW_SIZE - 1]
    assert all(degree[data["nodes"][i]["id"]] >= top for i in data["overview"])
    xy = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(xy) > 0.98 * len(data["nodes"])  # nodes are spread out, not stacked
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True
    small = page_data(render_html(view, overview_threshold=5000))
    assert small["overview"] is None


@pytest.mark.parametrize("shape", ["path", "star"])
def test_large_chains_and_stars_are_laid_out_spread(shape):
    """A chain of 1,000 entities (each under the next: a thousand levels of subtrees) and a
    hub with 999 spokes are laid out without running out of stack, their nodes apart."""
    g = nx.MultiDiGraph()
    ids = [f"urn:s:{i:04d}" for i in range(1000)]
    for n in ids:
        g.add_node(n, label=n[-4:], type="Place", mentions=[])
    for i in range(1, 1000):
        u = ids[i - 1] if shape == "path" else ids[0]
        g.add_edge(u, ids[i], key="partOf", predicate="partOf", label_zh="属于", evidence=[])
    nodes = page_data(render_html(g))["nodes"]
    assert len({(n["x"], n["y"]) for n in nodes}) > 0.98 * len(nodes)


def _render_with_memo(view, path):
    """The page of ``view`` drawn with the layout memo at ``path`` (as a build lends it),
    which is then saved; the memo, for its hits and misses."""
    from graph.cache import ResultMemo, memo_in

    memo = ResultMemo(path)
    with memo_in(visualize, memo):
        html = render_html(view)
    memo.save()
    return html, memo


def _one_page_more(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``view`` and what one more page adds: a new person working for an existing
    organization, and a new tie between two entities of different clusters."""
    g = view.copy()
    g.add_node("urn:s:new", label="新人", label_en="Newcomer", pinyin="xin ren", type="Person", cls="Person", aliases=[], mentions=[])
    g.add_edge("urn:s:new", "urn:s:00401", key="memberOf", predicate="memberOf", label_zh="任职于", label_en="memberOf", evidence=[])
    g.add_edge("urn:s:00123", "urn:s:01234", key="partOf", predicate="partOf", label_zh="属于", label_en="partOf", evidence=[])
    return g


def test_a_page_more_lays_out_few_groups_again(tmp_path):
    """After one page more, the large graph's layout redoes only the groups near what the
    page added (the others come from the memo), even when the build before found the
    whole layout there; and the result is the layout drawn without any memo."""
    memo_file = tmp_path / "results.memo"
    view = synthetic_view(1700)
    first, made = _render_with_memo(view, memo_file)
    groups = made.misses - 1  # every group, and the whole layout
    assert groups >= 8
    again, unchanged = _render_with_memo(view, memo_file)  # a build with no page more
    assert again == first and unchanged.misses == 0
    more = _one_page_more(view)
    html, rebuilt = _render_with_memo(more, memo_file)
    assert rebuilt.misses <= 1 + 4, f"{rebuilt.misses - 1} of {groups} layout groups laid out again"
    assert html == render_html(more)


def test_parts_around_unchanged_groups_are_placed_from_the_memo(tmp_path):
    """After a change inside one layout group, that group and the parts holding it are
    laid out again, and the part of two unchanged groups is placed as the memo has it;
    the result is the layout made without any memo."""
    from graph.cache import ResultMemo, memo_in

    h = nx.Graph()
    groups = [[f"urn:g{g}:{i:02d}" for i in range(30)] for g in range(4)]
    for nodes in groups:
        nx.add_path(h, nodes)
    h.add_edges_from([(groups[0][0], groups[1][0]), (groups[2][0], groups[3][0]), (groups[1][5], groups[2][5])])
    tree = [[groups[0], groups[1]], [groups[2], groups[3]]]
    changed = nx.Graph(h)
    changed.add_edge(groups[3][0], groups[3][10])  # a tie inside the last group
    memo_file = tmp_path / "results.memo"
    for graph in (h, changed):
        memo = ResultMemo(memo_file)
        with memo_in(visualize, memo):
            nodes, places = visualize._compose(graph, tree)
        memo.save()
    made = Counter(key.split(":")[0] for key in memo.new if key not in memo.old)
    assert made == {"leaf": 1, "place": 2}, made  # the last group, its part, the whole
    assert memo.hits == 4  # the three other groups, and the part of the first two
    without = visualize._compose(changed, tree)
    assert nodes == without[0] and np.array_equal(places, without[1])


# --------------------------------------------------------------------------- safety


def test_hostile_text_never_reaches_markup(xss_html):
    block, rest = split_data(xss_html)
    for s in HOSTILE:
        assert s not in rest, s
    assert "window.__pwned" not in rest
    ours = rest.replace(visualize._vis_js(), "")  # vis-network itself uses img.onerror
    for s in ("onerror", "onload", "onclick", "</title><script>"):
        assert s not in ours, s
    # the data block has nothing that could end it or start markup
    for ch in ("<", ">", "&", "\u2028", "\u2029"):
        assert ch not in block
    data = json.loads(block)
    view, title = xss_view()
    assert data["title"] == title  # escaped, not mangled
    assert {n["label"] for n in data["nodes"]} == {view.nodes[n]["label"] for n in view}
    assert "前文<script>window.__pwned=1</script>后文\u2028行\u2029段" in [data["texts"][m[1]] for info in data["info"] for m in info["mentions"]]


def test_hostile_page_structure(xss_html):
    page = collect(xss_html)
    assert [t for t, _a in page.tags if t == "script"] == ["script"] * 3
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "javascript:" not in " ".join(attrs.values()).lower()
    assert [a.get("type") for a, _t in page.scripts] == ["application/json", None, None]


def test_no_pyvis_unsafe_template_paths(xss_html):
    # pyvis's own template: raw heading, select menu ids, innerHTML tooltips, CDNs
    for marker in ("htmlTitle", "innerHTML", "select-node", "tom-select", "bootstrap", "cdnjs", "jsdelivr", "unpkg"):
        assert marker not in split_data(xss_html)[1].replace(visualize._vis_js(), ""), marker
    assert ".innerHTML" not in visualize._APP_JS and "insertAdjacentHTML" not in visualize._APP_JS
    assert "document.write" not in visualize._APP_JS and "eval(" not in visualize._APP_JS


def test_json_escaping():
    text = visualize.to_json_script({"k": "</script><!--\u2028\u2029&<>"})
    assert text == '{"k":"\\u003c/script\\u003e\\u003c!--\\u2028\\u2029\\u0026\\u003c\\u003e"}'
    assert json.loads(text) == {"k": "</script><!--\u2028\u2029&<>"}


def _strict(text):
    """json.loads refusing NaN and the infinities, which are not JSON."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value, expected", [
    (float("nan"), None), (float("inf"), None), (2.5e-05, 2.5e-05), (1e22, 1e22), ("长沙", "长沙"), (-0.0, -0.0),
])
def test_page_data_is_standard_json_whatever_the_numbers(value, expected):
    """A number JSON cannot write (a metric gone NaN) must not make the page's data
    unreadable to the browser: it is written as null; other numbers read back equal."""
    text = visualize.to_json_script({"v": [value], "a": 1})
    assert text.startswith('{"a":1,"v":[')
    assert _strict(text) == {"a": 1, "v": [expected]}


# --------------------------------------------------------------------------- writing


def test_write_html_is_atomic(tmp_path, monkeypatch):
    out = tmp_path / "out" / "graph.html"
    write_html(czt_view(), out, title="第一版")
    before = out.read_bytes()
    assert "第一版" in page_data(before.decode("utf-8"))["title"]

    def boom(*_a, **_k):
        raise OSError("disk full")

    # a failure after part of the file was written (fsync fails)
    monkeypatch.setattr(visualize.os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        write_html(czt_view(), out, title="第二版")
    monkeypatch.undo()
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]

    # a failure while rendering
    monkeypatch.setattr(visualize, "render_html_chunks", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("bad graph")))
    with pytest.raises(RuntimeError):
        write_html(czt_view(), out)
    monkeypatch.undo()
    assert out.read_bytes() == before

    # a failure at the rename
    monkeypatch.setattr(visualize.os, "replace", boom)
    with pytest.raises(OSError):
        write_html(czt_view(), out, title="第三版")
    monkeypatch.undo()
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]

    write_html(czt_view(), out, title="第四版")
    assert page_data(out.read_text(encoding="utf-8"))["title"] == "第四版"
    assert (out.stat().st_mode & 0o777) == 0o644


def test_open_in_browser(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(visualize.webbrowser, "open", opened.append)
    path = tmp_path / "图 graph.html"
    path.write_text("x", encoding="utf-8")
    visualize.open_in_browser(path)
    assert opened == [path.resolve().as_uri()] and opened[0].startswith("file://")
