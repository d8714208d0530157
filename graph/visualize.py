"""The interactive graph page ``out/graph.html``: offline, self-explaining and XSS-safe.

pyvis assembles the vis-network nodes, edges and options and renders the page through
our own Jinja2 template (pyvis 0.3.2's template is neither offline nor safe: it pulls
Bootstrap and vis-network from CDNs and writes the heading and tooltips as raw HTML).
The page therefore has

* every script and style inline: vis-network 9.1.2 from pyvis's own package folder,
  our CSS and our app script; a Content-Security-Policy with ``default-src 'none'``
  and the SHA-256 hashes of exactly those two scripts, so the page can make no
  request outside the file and no injected script or event handler could run;
* all text that comes from pages in a single ``<script type="application/json">``
  block, with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u003c`` etc.; the
  app builds every piece of UI from it with ``textContent``/``createElement`` only,
  and the hover tooltips are the page's own element, built the same way (vis-network
  items carry no ``title`` at all);
* a precomputed, deterministic layout with physics disabled, so the page is still
  as soon as it is drawn: stress majorization (Kamada-Kawai-like, numpy only, started
  from classical scaling) for up to ``_LEAF_MAX`` nodes; larger graphs are laid out
  group by group, each group placed among its siblings by a networkx spring layout
  (seed 42) and packed.  The groups follow the hubs (each entity under its most
  connected neighbour: a province, its cities, their agencies, their people) and are
  cut at content-defined places, so one page more changes only the groups near what
  it adds: their layouts are kept between builds, and the picture stays where it was.
  Nothing needs scipy.  Beyond
  ``overview_threshold`` nodes the page opens on the ``overview_size`` most connected
  entities, sized to be readable when fitted, and a "show all" button adds the rest;
* pyvis's global ``network`` (the ``vis.Network``), plus ``nodes``/``edges`` (the
  ``vis.DataSet``\\ s) and ``window.cztGraph`` (search, select, showAll) for tools.

The same graph always gives the same bytes: nodes and edges are sorted, the seeds are
fixed, numbers are rounded and nothing depends on the time or on hash order.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("urn:x:a", label="<b>长沙市</b>", type="Place", pinyin="chang sha shi")
>>> html = render_html(g)
>>> "<b>长沙市" in html, "\\\\u003cb\\\\u003e长沙市" in html
(False, True)
>>> html == render_html(g)
True
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import pathlib
import tempfile
import webbrowser
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Iterable

import jinja2
import networkx as nx
import numpy as np
import orjson
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from .louvain import louvain_communities
from .memory import give_back_free_memory

__all__ = ["render_html", "render_html_chunks", "write_html", "open_in_browser", "to_json_script", "TYPE_STYLES"]

#: Coarse type -> (Chinese name, colour, vis-network shape), in legend order.
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "Place": ("地点", "#4E79A7", "dot"),
    "Organization": ("机构", "#F28E2B", "square"),
    "Project": ("项目", "#59A14F", "triangle"),
    "Agreement": ("协议", "#E15759", "diamond"),
    "Policy": ("政策", "#B07AA1", "hexagon"),
    "Event": ("事件", "#17A2B8", "star"),
    "Person": ("人物", "#9C755F", "triangleDown"),
}
OTHER_TYPE = "Other"
OTHER_STYLE = ("其他", "#8C8C8C", "dot")

#: Colours for "colour by community" (community 0 is the largest).
COMMUNITY_PALETTE = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2",
    "#7F7F7F", "#BCBD22", "#17BECF", "#393B79", "#AD494A", "#637939", "#CE6DBD",
    "#3182BD", "#E6550D", "#31A354", "#756BB1", "#636363", "#8C6D31",
)  # fmt: skip

OVERVIEW_THRESHOLD = 1500  # graphs with more nodes open on an overview ...
OVERVIEW_SIZE = 500  # ... of this many most connected entities
LAYOUT_SEED = 42
_LEAF_MAX = 200  # groups up to this size are laid out directly (stress majorization, O(n^2))
_SPACING = 95.0  # roughly the distance between neighbouring nodes, in canvas pixels
_FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"


# --------------------------------------------------------------------------- JSON


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_BYTE_ESCAPES = [(ch.encode("utf-8"), esc.encode("ascii")) for ch, esc in _JSON_ESCAPES.items()]


def to_json_script(obj: Any) -> str:
    """JSON safe to put between ``<script type="application/json">`` tags.

    Keys are sorted and the separators fixed, so equal data gives equal text.  The
    characters that could end the script element or confuse an HTML or JS parser
    never appear literally: JSON only has them inside strings, where an escape
    means the same.

    >>> to_json_script({"b": "</script>", "a": "a&b\\u2028"})
    '{"a":"a\\\\u0026b\\\\u2028","b":"\\\\u003c/script\\\\u003e"}'
    """
    return _json_script_bytes(obj).decode("utf-8")


def _json_script_bytes(obj: Any) -> bytes:
    """:func:`to_json_script` in UTF-8, as the page is written.

    orjson rather than :mod:`json`: the page's data at 10,000 pages (36 MB) took the
    page drawer ~0.5 CPU s less, and the bytes are the same but for floats beyond
    1e16 or below 1e-4, which it writes without the exponent's sign and zero padding
    (``1e-5`` for ``1e-05``), the same numbers to any JSON reader.  NaN and the
    infinities, which are not JSON, come out as ``null``.
    """
    data = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    for ch, esc in _JSON_BYTE_ESCAPES:
        data = data.replace(ch, esc)
    return data


# --------------------------------------------------------------------------- data


def _text(value: Any) -> str:
    """Any attribute value as display text ('' for None)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _int(value: Any, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _local_name(iri: str) -> str:
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def _dicts(value: Any) -> list[dict]:
    if not value:
        return []
    return [v for v in value if isinstance(v, dict)]


def _strings(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [_text(v) for v in value if v is not None and _text(v)]


def _simple_graph(view: nx.MultiDiGraph, ids: list[str]) -> nx.Graph:
    """Undirected simple graph in sorted order (weight = number of parallel edges)."""
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for u, v in view.edges():
        if u != v:
            a, b = (u, v) if str(u) <= str(v) else (v, u)
            weights[(a, b)] += 1
    h = nx.Graph()
    h.add_nodes_from(ids)
    h.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))))
    return h


def _groups_from(parts: Iterable[Iterable[str]]) -> list[list[str]]:
    """Parts as sorted lists, largest first, ties by first member."""
    return sorted((sorted(p, key=str) for p in parts if p), key=lambda p: (-len(p), str(p[0])))


def _communities(h: nx.Graph, community_of: dict[str, int] | None) -> list[list[str]]:
    if community_of is None:
        if h.number_of_edges() == 0:
            return [[n] for n in h.nodes]
        return _groups_from(louvain_communities(h, seed=LAYOUT_SEED))
    by_id: dict[Any, list[str]] = defaultdict(list)
    loners = []
    for n in h.nodes:
        c = community_of.get(n)
        if c is None:
            loners.append([n])
        else:
            by_id[c].append(n)
    return _groups_from(list(by_id.values()) + loners)


# --------------------------------------------------------------------------- layout


def _group_adjacency(h: nx.Graph, nodes: list[str]) -> list[list[int]]:
    """Each of ``nodes``' neighbours among ``nodes``, as places in ``nodes`` (no loops)."""
    index, adj = {u: i for i, u in enumerate(nodes)}, h._adj  # the adjacency's own dicts: no view a node
    return [[j for j in map(index.get, adj[u]) if j is not None and j != i] for i, u in enumerate(nodes)]


def _hop_distances(adj: list[list[int]]) -> np.ndarray:
    """Shortest-path lengths in hops between the nodes of adjacency lists; pairs in
    different components one hop beyond the farthest pair.

    Breadth-first from every node at once: one matrix product a hop (the frontiers of
    all the searches times the adjacency matrix), ~3x faster than a search per node in
    Python for the groups of up to ``_LEAF_MAX`` nodes the layout measures; the lengths
    are whole numbers, the same either way.

    >>> _hop_distances([[1], [0, 2], [1], []]).tolist()
    [[0.0, 1.0, 2.0, 3.0], [1.0, 0.0, 1.0, 3.0], [2.0, 1.0, 0.0, 3.0], [3.0, 3.0, 3.0, 0.0]]
    """
    n = len(adj)
    step = np.zeros((n, n), dtype=np.float32)
    for i, row in enumerate(adj):
        step[i, row] = 1.0
    dist = np.full((n, n), np.inf)
    np.fill_diagonal(dist, 0)
    seen = np.eye(n, dtype=bool)
    frontier = np.eye(n, dtype=np.float32)  # row i: the nodes the search from i reached last
    hops = 0
    while True:
        hops += 1
        reached = (frontier @ step) > 0  # sums of at most n ones: exact in float32
        reached &= ~seen
        if not reached.any():
            break
        dist[reached] = hops
        seen |= reached
        frontier = reached.astype(np.float32)
    finite = dist[np.isfinite(dist)]
    dist[~np.isfinite(dist)] = (finite.max() if finite.size else 0) + 1  # the diagonal is 0: finite
    return dist


def _classical_mds(dist: np.ndarray) -> np.ndarray:
    """Torgerson's classical scaling: a good, deterministic start for stress majorization.

    The top two eigenvectors come from a fixed-start subspace iteration (cheaper than
    a full eigendecomposition, and with no sign ambiguity).
    """
    n = len(dist)
    d2 = dist**2
    b = -0.5 * (d2 - d2.mean(axis=0)[None, :] - d2.mean(axis=1)[:, None] + d2.mean())
    k = np.arange(n, dtype=float)
    q = np.stack([np.cos(k * 2.399963), np.sin(k * 2.399963)], axis=1)
    for _ in range(60):
        q, _r = np.linalg.qr(b @ q)
    vals = np.einsum("ik,ij,jk->k", q, b, q)
    return q * np.sqrt(np.clip(vals, 1e-9, None))


def _stress(dist: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Stress majorization (SMACOF): graph distance in hops ~ distance on screen.

    Evenly spaced like Kamada-Kawai, but needs numpy only.
    """
    n = len(dist)
    off = ~np.eye(n, dtype=bool)
    w = np.zeros((n, n))
    w[off] = 1.0 / dist[off] ** 2
    v = -w
    np.fill_diagonal(v, w.sum(axis=1))
    # V is a weighted Laplacian (rank n-1): its pseudo-inverse, the cheap way
    v_pinv = np.linalg.inv(v + 1.0 / n) - 1.0 / n
    x = _classical_mds(dist)
    # nodes with the same distances to all others (leaves of a star) start at the
    # same point and would never part: spread them on a small golden-angle spiral
    k = np.arange(n)
    x += 0.15 * np.sqrt((k + 1) / n)[:, None] * np.stack([np.cos(k * 2.399963), np.sin(k * 2.399963)], axis=1)
    wd = w * dist
    last = np.inf
    for it in range(iterations):
        dx = x[:, 0, None] - x[None, :, 0]
        dy = x[:, 1, None] - x[None, :, 1]
        dx *= dx
        dy *= dy
        dx += dy
        cur = np.sqrt(dx, out=dx)
        if it % 5 == 0:
            stress = float((w * (cur - dist) ** 2).sum())
            if last - stress < 1e-3 * max(last, 1e-12):
                break
            last = stress
        ratio = np.divide(wd, cur, out=np.zeros_like(cur), where=cur > 1e-9)
        b = -ratio
        np.fill_diagonal(b, ratio.sum(axis=1))
        x = v_pinv @ (b @ x)
    return x - x.mean(axis=0)


#: results of a previous build's layout (a graph.cache.ResultMemo), set by graph.build
#: through graph.cache.memo_in; None: every layout is computed
_MEMO = None


def _leaf(h: nx.Graph, nodes: list[str], hop: float = _SPACING) -> np.ndarray:
    """Layout of a small group by stress majorization, centred; one hop is ``hop`` pixels."""
    if len(nodes) == 1:
        return np.zeros((1, 2))
    adj = _group_adjacency(h, nodes)
    memo, key = _MEMO, None
    if memo is not None:
        from .cache import memo_key

        # hop distances (all the layout reads) depend on the nodes and edges only
        key = memo_key("leaf", (nodes, hop, [(i, j) for i, row in enumerate(adj) for j in sorted(row) if i < j]))
        found = memo.get(key)
        if found is not None:
            return found.copy()
    out = _stress(_hop_distances(adj)) * hop
    if memo is not None:
        memo.put(key, out.copy())
    return out


#: layout groups end at content-defined places, so that one page more changes only the
#: groups near what it adds: before a subtree whose root's id hashes to 0 modulo
#: ``_CUT_EVERY`` once the group holds ``_GROUP_MIN`` nodes, and before one that would not fit
_CUT_EVERY = 64
_GROUP_MIN = 64
#: a subtree of at least this many nodes is a group of its own, not put with its siblings
_PART_MIN = 24
#: parts placed together at one level at most (more are bunched, see :func:`_bunched`)
_MAX_PARTS = 160
#: deeper than this, a subtree's nodes are grouped in depth-first order, not by subtrees
_MAX_DEPTH = 8


def _leader_forest(h: nx.Graph, nodes: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Each node under its most connected neighbour, where that one is more connected
    (ties: the smaller id): the roots, and each node's children, both in the order of
    ``nodes`` (sorted ids).  Whom a node follows depends on its neighbours' degrees only,
    so a page more moves only nodes near what it adds; the trees follow the graph's hubs
    (a province, its cities, their agencies, their people).

    >>> g = nx.Graph([("a", "hub"), ("b", "hub"), ("d", "hub"), ("c", "b"), ("x", "y")])
    >>> _leader_forest(g, sorted(g))
    (['hub', 'x'], {'hub': ['a', 'b', 'd'], 'b': ['c'], 'x': ['y']})
    """
    adj = h._adj  # the adjacency's own dicts: a view a node took ~0.1 s at 10,000 pages
    degree = {u: len(adj[u]) for u in nodes}
    roots: list[str] = []
    children: dict[str, list[str]] = defaultdict(list)
    for u in nodes:
        best, best_key = None, (-degree[u], u)
        for v in adj[u]:
            key = (-degree[v], v)
            if key < best_key:
                best, best_key = v, key
        if best is None:
            roots.append(u)
        else:
            children[best].append(u)
    return roots, dict(children)


def _subtree_sizes(roots: list[str], children: dict[str, list[str]]) -> dict[str, int]:
    """Nodes in each node's subtree (itself included), without recursion."""
    size: dict[str, int] = {}
    for root in roots:
        stack = [(root, False)]
        while stack:
            u, done = stack.pop()
            if done:
                size[u] = 1 + sum(size[c] for c in children.get(u, ()))
                continue
            stack.append((u, True))
            stack.extend((c, False) for c in children.get(u, ()))
    return size


def _subtree_nodes(u: str, children: dict[str, list[str]]) -> list[str]:
    """``u`` and its descendants, depth first (children in order)."""
    out, stack = [], [u]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(children.get(n, ())))
    return out


def _cut_before(u: str, every: int = _CUT_EVERY, salt: int = 0) -> bool:
    """Whether a content-defined cut falls before ``u``: one id in ``every``, the same
    in every build and process (CRC-32 of the id, started from ``salt``)."""
    return zlib.crc32(u.encode("utf-8"), salt) % every == 0


def _tree_parts(items: list[str], own: str | None, children: dict[str, list[str]], size: dict[str, int],
                depth: int) -> list:
    """The layout groups of sibling subtrees ``items`` (and their parent ``own``, which
    joins the first group): a subtree of more than ``_LEAF_MAX`` nodes is a part of its
    own, grouped the same way one level down (below ``_MAX_DEPTH`` levels, its nodes in
    depth-first order instead: a long chain); one of ``_PART_MIN`` to ``_LEAF_MAX``
    nodes is a group of its own; the smaller ones go, whole and in order, into groups of
    at most ``_LEAF_MAX`` nodes cut at content-defined places.  A part is a list of node
    ids (a group laid out directly) or a list of parts."""
    parts: list = []
    group: list[str] = []
    for x in ([own] if own is not None else []) + items:
        n = 1 if x == own else size[x]
        if n > _LEAF_MAX:
            if depth >= _MAX_DEPTH:  # a long chain: its nodes in depth-first order
                parts += _tree_parts(_subtree_nodes(x, children), None, {}, defaultdict(lambda: 1), depth)
            else:
                sub = _tree_parts(children.get(x, []), x, children, size, depth + 1)
                parts.append(sub[0] if len(sub) == 1 else sub)
            continue
        if n >= _PART_MIN and x != own:  # a group of its own
            parts.append(_subtree_nodes(x, children))
            continue
        if group and (len(group) + n > _LEAF_MAX or (len(group) >= _GROUP_MIN and _cut_before(x))):
            parts.append(group)
            group = []
        group += [x] if x == own else _subtree_nodes(x, children)
    if group:
        parts.append(group)
    return _bunched(parts)


def _first_node(part: list) -> str:
    while not isinstance(part, str):
        part = part[0]
    return part


def _bunched(parts: list) -> list:
    """``parts`` as they are, or if there are more than ``_MAX_PARTS`` (too many to place
    side by side), in bunches of about ``len(parts) / _MAX_PARTS`` cut at content-defined
    places, each then placed as one part.

    >>> bunched = _bunched([[f"n{i}"] for i in range(500)])
    >>> len(bunched) <= _MAX_PARTS, [_first_node(b) for b in bunched][:4]
    (True, ['n0', 'n10', 'n13', 'n14'])
    """
    if len(parts) <= _MAX_PARTS:
        return parts
    every = math.ceil(len(parts) / _MAX_PARTS) + 1
    bunches: list = [[]]
    for p in parts:  # cut on a hash of the part's first node other than the groups' cuts
        if len(bunches[-1]) >= 2 * every or (bunches[-1] and _cut_before(_first_node(p), every, salt=1)):
            bunches.append([])
        bunches[-1].append(p)
    return _bunched([b[0] if len(b) == 1 else b for b in bunches])


def _overlaps(c: np.ndarray, reach: np.ndarray, eye: np.ndarray) -> tuple[np.ndarray, bool]:
    """One sweep pushing overlapping discs apart; (new centres, whether any overlapped).
    ``reach``: each pair's radii and the gap, summed (the same every sweep)."""
    d = c[:, None, :] - c[None, :, :]
    squares = d * d
    dist = np.sqrt(squares[:, :, 0] + squares[:, :, 1])
    over = reach - dist
    over[eye] = 0.0
    mask = over > 0
    if not mask.any():
        return c, False
    safe = np.where(dist > 1e-9, dist, 1.0)
    push = np.where(mask, over / safe, 0.0) * 0.5
    return c + (d * push[:, :, None]).sum(axis=1) * 0.5, True


def _pack(centres: np.ndarray, radii: np.ndarray, gap: float) -> np.ndarray:
    """Pack discs compactly around the origin, keeping their arrangement.

    Alternates a pull towards the centre with sweeps that remove overlaps, then
    removes what overlap is left.  Deterministic: no randomness, fixed sweeps.
    """
    p = len(centres)
    eye = np.eye(p, dtype=bool)
    reach = radii[:, None] + radii[None, :] + gap
    # a fixed tiny offset breaks exact ties without randomness
    c = centres + np.stack([np.arange(p) * 1e-3, np.arange(p) * -7e-4], axis=1)
    for _ in range(120):
        c = c * 0.93
        for _ in range(3):
            c, _any = _overlaps(c, reach, eye)
    for _ in range(400):
        c, more = _overlaps(c, reach, eye)
        if not more:
            break
    return c - c.mean(axis=0)


def _compose(h: nx.Graph, part: list) -> tuple[list[str], np.ndarray]:
    """The nodes of a part (see :func:`_tree_parts`) and their places: a group laid out
    directly, else its parts laid out each and then placed by their own spring layout."""
    if not part or isinstance(part[0], str):
        nodes = sorted(part)
        return nodes, _leaf(h, nodes)
    laid = [_compose(h, p) for p in part]
    return _place(h, laid)


def _place(h: nx.Graph, laid: list[tuple[list[str], np.ndarray]]) -> tuple[list[str], np.ndarray]:
    """Laid-out parts placed around each other (see :func:`_centres`); from the memo
    when the parts and the edges between them are the same (after one page more among
    10,000, most of the placings of the parts of unchanged groups)."""
    part_of = {n: i for i, (nodes, _a) in enumerate(laid) for n in nodes}
    adj = h._adj  # the adjacency's own dicts, its neighbours' parts counted a part at a time
    weights: dict[tuple[int, int], int] = {}
    for a, (nodes, _arr) in enumerate(laid):
        later = [b for u in nodes for b in map(part_of.get, adj[u]) if b is not None and b > a]
        weights.update(((a, b), count) for b, count in Counter(later).items())
    edges = sorted(weights.items())
    memo, key, centres = _MEMO, None, None
    if memo is not None:
        from .cache import memo_key

        parts = hashlib.sha256()  # the parts' nodes and places, and the edges: all it reads
        for nodes, arr in laid:
            parts.update(repr(nodes).encode("utf-8"))
            parts.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
        key = memo_key("place", (parts.hexdigest(), edges))
        centres = memo.get(key)
    if centres is None:
        centres = _centres(laid, edges)
        if memo is not None:
            memo.put(key, centres)
    nodes = [n for ns, _a in laid for n in ns]
    out = np.concatenate([arr + c for (_n, arr), c in zip(laid, centres)])
    return nodes, out - out.mean(axis=0)


def _centres(laid: list[tuple[list[str], np.ndarray]], edges: list) -> np.ndarray:
    """The centres of laid-out parts: a spring layout of the parts (``edges``: ((a, b),
    weight) between them), scaled to their area and packed without overlaps."""
    radii = np.array([max(np.sqrt((a**2).sum(axis=1)).max(), 0.0) + _SPACING * 0.3 for _n, a in laid])
    s = nx.Graph()
    s.add_nodes_from(range(len(laid)))
    s.add_weighted_edges_from((a, b, w) for (a, b), w in edges)
    sp = nx.spring_layout(s, seed=LAYOUT_SEED, method="force", iterations=100)
    centres = np.array([sp[i] for i in range(len(laid))], dtype=float)
    centres -= centres.mean(axis=0)
    extent = np.sqrt((centres**2).sum(axis=1)).max()
    area = math.sqrt(float((radii**2).sum()))
    if extent > 0:
        centres *= area / extent
    return _pack(centres, radii, _SPACING * 0.5)


def _layout(h: nx.Graph) -> dict[str, tuple[int, int]]:
    # the layout multiplies and inverts matrices of at most _LEAF_MAX rows, thousands of
    # times: OpenBLAS's extra threads spin on them and burnt about as much CPU as the
    # layout itself, for no gain in wall time (measured on 2 cores)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _layout_of(h)


def _layout_of(h: nx.Graph) -> dict[str, tuple[int, int]]:
    """The layout, from the memo when the graph is the same (its nodes and their
    neighbours are all it depends on).  A layout found there keeps its groups' entries
    too: the next build, with a page more, finds most of them."""
    nodes = list(h.nodes)
    if not nodes:
        return {}
    memo = _MEMO
    if memo is None:
        return _compute_layout(h, nodes)
    from .cache import graph_digest, memo_key

    key = memo_key("layout", graph_digest(h))
    found = memo.get(key)
    if found is None:
        before = set(memo.new)
        positions = _compute_layout(h, nodes)
        memo.put(key, (positions, sorted(k for k in memo.new if k not in before)))
    else:
        positions, groups = found
        memo.keep(groups)
    return dict(positions)


def _compute_layout(h: nx.Graph, nodes: list[str]) -> dict[str, tuple[int, int]]:
    if len(nodes) <= _LEAF_MAX:
        # small graphs: longer edges so that labels and edge labels breathe
        arr = _leaf(h, nodes, hop=150.0 if len(nodes) <= 80 else _SPACING)
    else:
        roots, children = _leader_forest(h, nodes)
        parts = _tree_parts(roots, None, children, _subtree_sizes(roots, children), 0)
        nodes, arr = _compose(h, parts if len(parts) > 1 else parts[0])
    return dict(zip(nodes, map(tuple, np.rint(arr).astype(np.int64).tolist())))  # rint: round()'s half to even


# --------------------------------------------------------------------------- page data


def _smooth_for(edges: list[tuple[str, str, Any]]) -> dict[int, dict]:
    """Curvature of parallel edges so that they do not hide each other."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, (u, v, _k) in enumerate(edges):
        if u != v:
            groups[(min(str(u), str(v)), max(str(u), str(v)))].append(j)
    out: dict[int, dict] = {}
    for (a, _b), js in groups.items():
        g = len(js)
        if g < 2:
            continue
        for k, j in enumerate(js):
            m = k - (g - 1) / 2
            if m == 0:
                out[j] = {"enabled": False}
                continue
            clockwise = m > 0
            if str(edges[j][0]) != a:  # drawn the other way round: flip the side
                clockwise = not clockwise
            out[j] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": round(0.3 * abs(m), 2)}
    return out


def _build(view: nx.MultiDiGraph, title: str, community_of: dict[str, int] | None, overview_threshold: int,
           overview_size: int, simple: nx.Graph | None = None):
    """A pyvis Network holding the vis items, and the rest of the page data."""
    ids = sorted(view.nodes, key=str)
    # the analysis's simple graph has the same nodes (in the same order, checked) and
    # neighbours; its edges' weights, which only Louvain reads, are not needed when the
    # communities are given (~0.35 s of the page at 10,000 pages)
    usable = simple is not None and community_of is not None and list(simple.nodes) == ids
    h = simple if usable else _simple_graph(view, ids)
    degree = dict(h.degree())
    communities = _communities(h, community_of)
    community = {n: i for i, p in enumerate(communities) for n in p}
    pos = _layout(h)
    give_back_free_memory()  # the layout's arrays, before the page's items are made

    del h, communities
    raw_edges = sorted(view.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    smooth = _smooth_for([(u, v, k) for u, v, k, _d in raw_edges])

    # the documents, numbered in the order the nodes' mentions and then the edges'
    # evidence name them: the page lists them before the items, which are made (a
    # block at a time, as they are encoded) only after
    docs: dict[tuple[str, str, str], int] = {}
    # the sentences, each written once and named by its number: at 10,000 pages the
    # mentions and the evidence quote ~326,000 sentences, ~82,000 of them different
    texts: dict[str, int] = {}

    def numbered(quotes: list[dict], field: str) -> list[tuple[int, int]]:
        """The (document, sentence) numbers of a node's mentions or an edge's evidence, as
        :func:`_dicts` gives them (~350,000 quotes at 10,000 pages: texts taken as they
        are when they are str)."""
        out = []
        for q in quotes:
            d, t, p, s = q.get("doc"), q.get("doc_title"), q.get("page"), q.get(field)
            key = (d if type(d) is str else _text(d), t if type(t) is str else _text(t),
                   p if type(p) is str else _text(p))
            number = docs.get(key)
            if number is None:
                number = docs[key] = len(docs)
            if type(s) is not str:
                s = _text(s)
            said = texts.get(s)
            if said is None:
                said = texts[s] = len(texts)
            out.append((number, said))
        return out

    def legend_type(typ: str) -> str:  # a type the legend shows, else "Other"
        return typ if typ in TYPE_STYLES else OTHER_TYPE

    type_counts: dict[str, int] = defaultdict(int)
    # each node's mentions' and each edge's sentences' (document, sentence) numbers, found once
    node_docs: list[list[tuple[int, int]]] = []
    for n in ids:
        a = view.nodes[n]
        type_counts[legend_type(_text(a.get("type")))] += 1
        node_docs.append(numbered(_dicts(a.get("mentions")), "sentence"))
    edge_quotes = [_dicts(d.get("evidence")) for _u, _v, _k, d in raw_edges]  # read twice, filtered once
    edge_docs = [numbered(quotes, "text") for quotes in edge_quotes]
    place = {n: i for i, n in enumerate(ids)}  # the edges name their ends by their places in the nodes

    def node_items():
        for n in ids:
            a = view.nodes[n]
            shape = (TYPE_STYLES.get(legend_type(_text(a.get("type")))) or OTHER_STYLE)[2]
            label = _text(a.get("label")) or _local_name(str(n))
            x, y = pos[n]
            # the options pyvis's Node would hold, made directly
            yield {"id": str(n), "label": label, "shape": shape, "x": x, "y": y, "value": round(math.sqrt(degree[n]), 4)}

    def node_info():
        for n, numbers in zip(ids, node_docs):
            a = view.nodes[n]
            typ = _text(a.get("type"))
            tkey = legend_type(typ)
            yield {
                "type": tkey,
                **({"typeRaw": typ} if typ != tkey else {}),
                "cls": _text(a.get("cls")),
                "en": _text(a.get("label_en")),
                "pinyin": _text(a.get("pinyin")),
                "aliases": _strings(a.get("aliases")),
                "mentions": numbers,  # (document, sentence) pairs, arrays in JSON
                "community": community.get(n, -1),
                "degree": degree[n],
            }

    def edge_items():
        for j, ((u, v, k, d), numbers) in enumerate(zip(raw_edges, edge_docs)):
            label = _text(d.get("label_zh")) or _text(d.get("label_en")) or _text(d.get("predicate")) or _text(k)
            sentences = len(numbers)  # one pair a sentence of its evidence
            # the options pyvis's Edge would hold (not directed: the arrow is set once for
            # all edges in the options), its ends named by their places in the nodes
            item: dict[str, Any] = {"id": f"e{j}", "label": label, "width": round(1.0 + min(3.0, math.log2(1 + sentences)) * 0.6, 2),
                                    "from": place[u], "to": place[v]}
            if j in smooth:
                item["smooth"] = smooth[j]
            yield item

    def edge_info():
        for (_u, _v, k, d), numbers, quotes in zip(raw_edges, edge_docs, edge_quotes):
            evidence = []
            for (doc, sentence), e in zip(numbers, quotes):
                start, end = e.get("start"), e.get("end")
                evidence.append([doc, sentence, start if type(start) is int else _int(start),
                                 end if type(end) is int else _int(end)])
            yield {"p": _text(d.get("predicate")) or _text(k), "zh": _text(d.get("label_zh")),
                   "en": _text(d.get("label_en")), "ev": evidence}

    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    n_nodes = len(ids)
    overview = None
    overview_scaling = None
    if n_nodes > overview_threshold:
        order = sorted(range(n_nodes), key=lambda i: (-degree[ids[i]], str(ids[i])))
        overview = sorted(order[:overview_size])
        span = max(1, max(max(pos[ids[i]][k] for i in overview) - min(pos[ids[i]][k] for i in overview) for k in (0, 1)))
        per_px = span / 850.0  # canvas pixels per screen pixel once the overview is fitted
        overview_scaling = {
            "min": round(4 * per_px, 1),
            "max": round(16 * per_px, 1),
            "label": {"enabled": True, "min": round(3 * per_px, 1), "max": round(16 * per_px, 1), "maxVisible": 28, "drawThreshold": 8},
        }

    xs = [abs(c) for p in pos.values() for c in p] or [0]
    extent = 2 * max(xs) + 1
    big = n_nodes > 800
    # the most connected labels should stay readable when the whole graph is fitted in
    label_max = int(min(220, max(22, 16 * extent / 1400)))
    node_max = int(min(160, max(34, 26 * extent / 2400)))
    net.options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": _FONT, "size": 15, "color": "#1f2328", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"min": 11, "max": node_max, "label": {"enabled": True, "min": 14, "max": label_max, "maxVisible": 30, "drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#a3adb8", "highlight": "#d9480f", "hover": "#57606a", "inherit": False},
            "smooth": False,
            "selectionWidth": 1.5,
            "hoverWidth": 0.8,
            "font": {"face": _FONT, "size": 11, "color": "#57606a", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
        },
    }

    types = []
    for key in list(TYPE_STYLES) + [OTHER_TYPE]:
        if type_counts.get(key):
            zh, color, shape = TYPE_STYLES.get(key) or OTHER_STYLE
            types.append({"key": key, "zh": zh, "en": key, "color": color, "shape": shape, "count": type_counts[key]})

    extra = {
        "title": title,
        "types": types,
        "palette": list(COMMUNITY_PALETTE),
        "docs": [list(k) for k in docs],
        "texts": list(texts),
        "nodes": _Items(len(ids), node_items),
        "info": _Items(len(ids), node_info),
        "edges": _Items(len(raw_edges), edge_items),
        "einfo": _Items(len(raw_edges), edge_info),
        "overview": overview,
        "overviewScaling": overview_scaling,
    }
    return net, extra


# --------------------------------------------------------------------------- page


@lru_cache(maxsize=1)
def _vis_js() -> str:
    path = pathlib.Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    js = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lowered = js.lower()
    if "</script" in lowered or "<!--" in js:  # would end (or confuse) the inline script element
        raise RuntimeError(f"{path} cannot be inlined safely")
    return js


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _csp(scripts: Iterable[str]) -> str:
    hashes = " ".join(_csp_hash(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>知识图谱 · Knowledge graph</title>
<style>{{ css }}</style>
</head>
<body>
<header id="bar">
<h1 id="title"></h1>
<div id="search-wrap">
<input id="search" type="search" placeholder="搜索：中文 / pinyin / English" autocomplete="off" spellcheck="false" aria-label="搜索实体 Search entities" aria-controls="search-results">
<ul id="search-results" role="listbox" hidden></ul>
</div>
<label class="toggle"><input type="checkbox" id="community-toggle"> 按社区着色 <span class="en">communities</span></label>
<label class="toggle"><input type="checkbox" id="english-toggle"> 英文标签 <span class="en">English</span></label>
<button type="button" id="fit">适应窗口 <span class="en">fit</span></button>
<button type="button" id="show-all" hidden></button>
<span id="stats"></span>
</header>
<div id="graph" aria-label="知识图谱画布 graph canvas"></div>
<aside id="legend" aria-label="图例 legend"></aside>
<aside id="details" aria-live="polite"></aside>
<div id="tip" role="tooltip" hidden></div>
<noscript><p class="noscript">此页面需要 JavaScript。This page needs JavaScript.</p></noscript>
<script type="application/json" id="czt-data">{{ graph_json(nodes, edges) }}</script>
<script>{{ vis_js }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""

_CSS = """
:root{--bar:54px;--panel:390px;--line:#d0d7de;--muted:#57606a;--ink:#1f2328;--accent:#0969da;
font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',system-ui,sans-serif;color:var(--ink);font-size:14px}
[hidden]{display:none!important}
html,body{margin:0;height:100%;overflow:hidden;background:#fff}
.en{color:var(--muted);font-size:.86em}
#bar{position:fixed;top:0;left:0;right:0;height:var(--bar);display:flex;align-items:center;gap:12px;padding:0 16px;background:#f6f8fa;border-bottom:1px solid var(--line);box-sizing:border-box;z-index:10}
#bar h1{font-size:18px;font-weight:600;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:24vw;flex:0 0 auto}
#search-wrap{position:relative;flex:0 1 340px;min-width:160px}
#search{width:100%;box-sizing:border-box;height:34px;border:1px solid var(--line);border-radius:6px;padding:0 10px;font:inherit;background:#fff}
#search:focus{outline:2px solid var(--accent);outline-offset:-1px}
#search-results{position:absolute;top:38px;left:0;right:0;max-height:60vh;overflow:auto;margin:0;padding:4px 0;list-style:none;background:#fff;border:1px solid var(--line);border-radius:6px;box-shadow:0 8px 24px rgba(140,149,159,.3);z-index:30}
#search-results li{padding:6px 10px;cursor:pointer;display:flex;gap:8px;align-items:baseline}
#search-results li.active,#search-results li:hover{background:#ddf4ff}
#search-results li.empty{cursor:default;color:var(--muted)}
#search-results .sub{color:var(--muted);font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button,.toggle{font:inherit;white-space:nowrap}
button{height:32px;padding:0 12px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
button:hover{background:#f3f4f6}
#show-all{background:#fff8c5;border-color:#d4a72c}
.toggle{display:flex;align-items:center;gap:4px;cursor:pointer}
#stats{margin-left:auto;color:var(--muted);font-size:13px;white-space:nowrap}
#graph{position:fixed;top:var(--bar);left:0;right:var(--panel);bottom:0;background:#fff}
#legend{position:fixed;top:calc(var(--bar) + 12px);left:12px;max-height:calc(100vh - var(--bar) - 40px);overflow:auto;background:rgba(255,255,255,.95);border:1px solid var(--line);border-radius:8px;padding:8px 12px;z-index:5;box-shadow:0 1px 3px rgba(31,35,40,.08)}
#legend h2{font-size:13px;margin:2px 0 6px;font-weight:600}
#legend label{display:flex;align-items:center;gap:6px;padding:2px 0;cursor:pointer;white-space:nowrap}
#legend .count{color:var(--muted);font-size:12px;margin-left:auto;padding-left:8px}
#legend .note{color:var(--muted);font-size:12px;margin:6px 0 0;max-width:220px}
#legend svg{flex:none}
.swatch{display:inline-block;width:12px;height:12px;border-radius:50%;flex:none}
#details{position:fixed;top:var(--bar);right:0;width:var(--panel);bottom:0;overflow:auto;border-left:1px solid var(--line);background:#fff;padding:16px 18px 40px;box-sizing:border-box;overflow-wrap:anywhere}
#details h2{font-size:20px;margin:0 0 2px}
#details h3{font-size:14px;margin:18px 0 6px;padding-bottom:4px;border-bottom:1px solid #eaeef2}
#details .subtitle{color:var(--muted);margin:0 0 8px}
#details .hint{color:var(--muted);line-height:1.7}
#details dl{display:grid;grid-template-columns:auto 1fr;gap:3px 10px;margin:8px 0;font-size:13px}
#details dt{color:var(--muted)}
#details dd{margin:0}
#details code{font-size:12px;background:#f6f8fa;border-radius:4px;padding:1px 4px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;color:#fff;margin-right:6px}
.chip{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 8px;margin:2px 4px 2px 0;font-size:12px}
.doc{margin:8px 0 12px}
.doc-title{font-weight:600;font-size:13px}
.doc-meta{color:var(--muted);font-size:12px}
blockquote{margin:6px 0;padding:6px 10px;border-left:3px solid #d0d7de;background:#f6f8fa;line-height:1.65}
mark{background:#fff1a8;padding:0 1px}
ul.rels{list-style:none;padding:0;margin:0}
ul.rels li{padding:4px 0;border-bottom:1px dashed #eaeef2;display:flex;gap:6px;align-items:baseline;flex-wrap:wrap}
.linklike{border:none;background:none;height:auto;padding:0;color:var(--accent);cursor:pointer;font:inherit;text-align:left}
.linklike:hover{text-decoration:underline;background:none}
.pred{font:inherit;font-size:12px;border-radius:4px;background:#eef1f4;padding:0 6px;cursor:pointer;border:none;height:auto;white-space:normal;text-align:left;overflow-wrap:anywhere;max-width:100%}
.arrow{color:var(--muted)}
.more{color:var(--muted);font-size:12px}
#tip{position:fixed;padding:6px 9px;max-width:340px;font-size:13px;line-height:1.5;background:#fff;color:var(--ink);border:1px solid var(--line);border-radius:6px;box-shadow:0 4px 12px rgba(31,35,40,.15);pointer-events:none;z-index:40}
#tip .tt-title{font-weight:600;font-size:14px}
#tip .tt-sub{color:var(--muted)}
.noscript{position:fixed;top:80px;left:20px}
"""

# The page script.  Everything that comes from the data reaches the DOM through
# textContent, createTextNode or as a vis-network item; never through innerHTML.
_APP_JS = r"""
var network = null;
var nodes = null;
var edges = null;
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('czt-data').textContent);
  var N = D.nodes.length, M = D.edges.length;
  // the data names each edge's ends by their places in D.nodes and each quoted sentence
  // by its place in D.texts (each written once); the page reads them as ids and text
  D.edges.forEach(function (e) { e.from = D.nodes[e.from].id; e.to = D.nodes[e.to].id; });
  D.info.forEach(function (x) { x.mentions.forEach(function (m) { m[1] = D.texts[m[1]]; }); });
  D.einfo.forEach(function (x) { x.ev.forEach(function (v) { v[1] = D.texts[v[1]]; }); });
  var TYPES = {};
  D.types.forEach(function (t) { TYPES[t.key] = t; });
  var OTHER = {key: 'Other', zh: '其他', en: 'Other', color: '#8C8C8C', shape: 'dot'};
  var index = new Map();
  D.nodes.forEach(function (n, i) { index.set(n.id, i); });
  var eindex = new Map();
  D.edges.forEach(function (e, j) { eindex.set(e.id, j); });
  var adj = [];
  for (var i0 = 0; i0 < N; i0++) adj.push([]);
  D.edges.forEach(function (e, j) {
    var a = index.get(e.from), b = index.get(e.to);
    adj[a].push(j);
    if (b !== a) adj[b].push(j);
  });
  var state = {
    community: false,
    english: false,
    hiddenTypes: new Set(),
    loadedN: new Uint8Array(N),
    loadedE: new Uint8Array(M),
    shownCount: 0
  };

  // ------------------------------------------------------------------ helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function typeOf(i) { return TYPES[D.info[i].type] || OTHER; }
  function labelOf(i) { return D.nodes[i].label; }
  function shownLabel(i) { return state.english && D.info[i].en ? D.info[i].en : D.nodes[i].label; }
  function shownEdgeLabel(j) { var x = D.einfo[j]; return state.english ? (x.en || x.p || D.edges[j].label) : D.edges[j].label; }
  function hexToRgb(h) { var v = parseInt(h.slice(1), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; }
  function mix(h, target, t) {
    var a = hexToRgb(h), b = target === 'w' ? [255, 255, 255] : [0, 0, 0];
    var c = a.map(function (x, k) { return Math.round(x + (b[k] - x) * t); });
    return '#' + c.map(function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  function colorObj(base) {
    var border = mix(base, 'b', 0.25), light = mix(base, 'w', 0.3);
    return {background: base, border: border,
            highlight: {background: light, border: '#d9480f'},
            hover: {background: light, border: border}};
  }
  function baseColor(i) {
    if (state.community) {
      var c = D.info[i].community;
      return c >= 0 && c < D.palette.length ? D.palette[c] : '#b0b7bf';
    }
    return typeOf(i).color;
  }
  function highlighted(text, terms) {
    // text with every occurrence of the terms wrapped in <mark>, built from text nodes
    var frag = document.createDocumentFragment();
    text = String(text);
    var list = terms.filter(function (t) { return t && t.length > 0; })
      .sort(function (a, b) { return b.length - a.length; });
    var pos = 0;
    while (pos < text.length) {
      var best = -1, bestTerm = null;
      for (var k = 0; k < list.length; k++) {
        var at = text.indexOf(list[k], pos);
        if (at >= 0 && (best < 0 || at < best)) { best = at; bestTerm = list[k]; }
      }
      if (best < 0) break;
      if (best > pos) frag.appendChild(document.createTextNode(text.slice(pos, best)));
      frag.appendChild(el('mark', null, bestTerm));
      pos = best + bestTerm.length;
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }
  function namesOf(i) { return [labelOf(i)].concat(D.info[i].aliases); }
  function truncate(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + '…' : s; }
  function predText(j) {
    var x = D.einfo[j];
    if (x.zh && x.en && x.zh !== x.en) return x.zh + ' · ' + x.en;
    return x.zh || x.en || x.p;
  }

  // ------------------------------------------------------------------ items
  function nodeTooltip(i) {
    var info = D.info[i], t = typeOf(i), box = el('div');
    box.appendChild(el('div', 'tt-title', labelOf(i)));
    var sub = [info.en, info.pinyin].filter(Boolean).join(' · ');
    if (sub) box.appendChild(el('div', 'tt-sub', sub));
    box.appendChild(el('div', null, t.zh + ' ' + t.en + (info.cls ? ' · ' + info.cls : '')));
    box.appendChild(el('div', 'tt-sub', '关系 ' + info.degree + ' · 提及 ' + info.mentions.length + ' · 点击查看详情'));
    return box;
  }
  function edgeTooltip(j) {
    var e = D.edges[j], x = D.einfo[j], box = el('div');
    box.appendChild(el('div', 'tt-title', predText(j)));
    box.appendChild(el('div', 'tt-sub', labelOf(index.get(e.from)) + ' → ' + labelOf(index.get(e.to))));
    if (x.ev.length) box.appendChild(el('div', null, truncate(x.ev[0][1], 140)));
    else box.appendChild(el('div', 'tt-sub', '来自词表 (from the lexicon)'));
    return box;
  }
  function nodeItem(i) {
    var n = D.nodes[i];
    return {id: n.id, label: shownLabel(i), shape: n.shape, x: n.x, y: n.y, value: n.value,
            color: colorObj(baseColor(i)),
            hidden: state.hiddenTypes.has(typeOf(i).key)};
  }
  function edgeHidden(j) {
    var e = D.edges[j];
    return state.hiddenTypes.has(typeOf(index.get(e.from)).key) || state.hiddenTypes.has(typeOf(index.get(e.to)).key);
  }
  function edgeItem(j) {
    var e = D.edges[j], item = {};
    for (var k in e) if (Object.prototype.hasOwnProperty.call(e, k)) item[k] = e[k];
    item.label = shownEdgeLabel(j);
    item.hidden = edgeHidden(j);
    return item;
  }
  function loadNodes(list) {
    var nItems = [], eItems = [], touched = [];
    list.forEach(function (i) {
      if (!state.loadedN[i]) { state.loadedN[i] = 1; nItems.push(nodeItem(i)); touched.push(i); }
    });
    touched.forEach(function (i) {
      adj[i].forEach(function (j) {
        var e = D.edges[j];
        if (!state.loadedE[j] && state.loadedN[index.get(e.from)] && state.loadedN[index.get(e.to)]) {
          state.loadedE[j] = 1; eItems.push(edgeItem(j));
        }
      });
    });
    state.shownCount += nItems.length;
    if (nodes) {
      if (nItems.length) nodes.add(nItems);
      if (eItems.length) edges.add(eItems);
    }
    return {nodes: nItems, edges: eItems};
  }

  // ------------------------------------------------------------------ header, legend
  var title = String(D.title || '');
  document.title = title || 'Knowledge graph';
  document.getElementById('title').textContent = title;

  function updateStats() {
    var s = '实体 ' + N + ' · 关系 ' + M;
    if (state.shownCount < N) s = '显示 ' + state.shownCount + ' / ' + N + ' 个实体（概览） · 关系 ' + M;
    document.getElementById('stats').textContent = s;
    var btn = document.getElementById('show-all');
    if (state.shownCount < N) {
      btn.hidden = false;
      btn.textContent = '显示全部 show all (' + N + ')';
    } else {
      btn.hidden = true;
    }
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function shapeIcon(shape, color) {
    var svg = document.createElementNS(SVGNS, 'svg');
    svg.setAttribute('width', '16'); svg.setAttribute('height', '16'); svg.setAttribute('viewBox', '0 0 16 16');
    var s;
    function poly(points) { s = document.createElementNS(SVGNS, 'polygon'); s.setAttribute('points', points); }
    if (shape === 'square') { s = document.createElementNS(SVGNS, 'rect'); s.setAttribute('x', '2'); s.setAttribute('y', '2'); s.setAttribute('width', '12'); s.setAttribute('height', '12'); }
    else if (shape === 'triangle') poly('8,1.5 14.5,14 1.5,14');
    else if (shape === 'triangleDown') poly('1.5,2 14.5,2 8,14.5');
    else if (shape === 'diamond') poly('8,1 15,8 8,15 1,8');
    else if (shape === 'hexagon') poly('4.5,1.9 11.5,1.9 15,8 11.5,14.1 4.5,14.1 1,8');
    else if (shape === 'star') poly('8,0.8 10.1,5.6 15.2,5.9 11.3,9.2 12.5,14.3 8,11.6 3.5,14.3 4.7,9.2 0.8,5.9 5.9,5.6');
    else { s = document.createElementNS(SVGNS, 'circle'); s.setAttribute('cx', '8'); s.setAttribute('cy', '8'); s.setAttribute('r', '6.5'); }
    s.setAttribute('fill', color); s.setAttribute('stroke', mix(color, 'b', 0.25)); s.setAttribute('stroke-width', '1');
    svg.appendChild(s);
    return svg;
  }
  var communityLegend = null;
  function buildLegend() {
    var box = document.getElementById('legend');
    box.appendChild(el('h2', null, '类型 Types'));
    D.types.forEach(function (t) {
      var lab = el('label');
      var cb = el('input'); cb.type = 'checkbox'; cb.checked = true; cb.dataset.type = t.key;
      cb.addEventListener('change', function () { setTypeVisible(t.key, cb.checked); });
      lab.appendChild(cb);
      lab.appendChild(shapeIcon(t.shape, t.color));
      lab.appendChild(el('span', null, t.zh));
      lab.appendChild(el('span', 'en', t.en));
      lab.appendChild(el('span', 'count', t.count));
      box.appendChild(lab);
    });
    communityLegend = el('div');
    communityLegend.hidden = true;
    box.appendChild(communityLegend);
    var sizes = new Map();
    for (var i = 0; i < N; i++) {
      var c = D.info[i].community;
      var cur = sizes.get(c);
      if (!cur) sizes.set(c, cur = {n: 0, top: i});
      cur.n++;
      if (D.nodes[i].value > D.nodes[cur.top].value) cur.top = i;
    }
    communityLegend.appendChild(el('h2', null, '社区 Communities'));
    var shown = 0;
    Array.from(sizes.keys()).sort(function (a, b) { return a - b; }).forEach(function (c) {
      if (c < 0 || shown >= 10) return;
      shown++;
      var row = el('label');
      var sw = el('span', 'swatch'); sw.style.background = c < D.palette.length ? D.palette[c] : '#b0b7bf';
      row.appendChild(sw);
      row.appendChild(el('span', null, labelOf(sizes.get(c).top) + ' 等'));
      row.appendChild(el('span', 'count', sizes.get(c).n));
      communityLegend.appendChild(row);
    });
    if (sizes.size > shown) communityLegend.appendChild(el('p', 'note', '其余社区为灰色或重复配色 (' + sizes.size + ' communities)'));
    box.appendChild(el('p', 'note', '大小 = 关联度 (size = degree)'));
  }

  function setTypeVisible(key, visible) {
    if (visible) state.hiddenTypes.delete(key); else state.hiddenTypes.add(key);
    var nu = [], eu = [];
    for (var i = 0; i < N; i++) if (state.loadedN[i] && typeOf(i).key === key) {
      nu.push({id: D.nodes[i].id, hidden: !visible});
      adj[i].forEach(function (j) { if (state.loadedE[j]) eu.push({id: D.edges[j].id, hidden: edgeHidden(j)}); });
    }
    nodes.update(nu);
    edges.update(eu);
  }
  function setCommunityColours(on) {
    state.community = on;
    var nu = [];
    for (var i = 0; i < N; i++) if (state.loadedN[i]) nu.push({id: D.nodes[i].id, color: colorObj(baseColor(i))});
    nodes.update(nu);
    communityLegend.hidden = !on;
  }

  function setEnglish(on) {
    state.english = on;
    var nu = [], eu = [];
    for (var i = 0; i < N; i++) if (state.loadedN[i]) nu.push({id: D.nodes[i].id, label: shownLabel(i)});
    for (var j = 0; j < M; j++) if (state.loadedE[j]) eu.push({id: D.edges[j].id, label: shownEdgeLabel(j)});
    nodes.update(nu);
    edges.update(eu);
  }

  // ------------------------------------------------------------------ details panel
  var panel = document.getElementById('details');
  function showHint() {
    var body = [el('h2', null, '详情 Details'),
      el('p', 'hint', '点击节点查看实体的类别、名称、别名、出处句子和关系；点击连线查看关系的证据句子与来源页面。'),
      el('p', 'hint', 'Click a node for its class, names, aliases, the sentences it is mentioned in and its relations; click an edge for its evidence sentence and source page.'),
      el('p', 'hint', '搜索支持中文、拼音（可不带空格，如 “pingxiang”）和英文。')];
    panel.replaceChildren.apply(panel, body);
  }
  function nodeButton(i) {
    var b = el('button', 'linklike', labelOf(i));
    b.type = 'button';
    b.addEventListener('click', function () { selectNode(i); });
    return b;
  }
  function docBlock(d) {
    var doc = D.docs[d], box = el('div', 'doc');
    box.appendChild(el('div', 'doc-title', doc[1] || '(无标题 untitled)'));
    var meta = el('div', 'doc-meta');
    meta.appendChild(document.createTextNode('来源页面 page: '));
    meta.appendChild(el('code', null, doc[2] || '?'));
    box.appendChild(meta);
    if (doc[0]) box.appendChild(el('div', 'doc-meta', doc[0]));
    return box;
  }
  function showNode(i) {
    var info = D.info[i], t = typeOf(i), out = [];
    out.push(el('h2', null, labelOf(i)));
    var sub = [info.en, info.pinyin].filter(Boolean).join(' · ');
    if (sub) out.push(el('p', 'subtitle', sub));
    var badges = el('div');
    var b = el('span', 'badge', t.zh + ' ' + t.en); b.style.background = t.color; badges.appendChild(b);
    if (info.cls) badges.appendChild(el('span', 'chip', info.cls));
    out.push(badges);
    var dl = el('dl');
    function row(k, v) { dl.appendChild(el('dt', null, k)); var dd = el('dd'); if (typeof v === 'string') dd.textContent = v; else dd.appendChild(v); dl.appendChild(dd); }
    row('类别 class', info.cls || info.typeRaw || t.en);
    row('中文名 zh', labelOf(i));
    row('英文名 en', info.en || '—');
    row('拼音 pinyin', info.pinyin || '—');
    row('IRI', el('code', null, D.nodes[i].id));
    row('社区 community', info.community >= 0 ? '#' + (info.community + 1) : '—');
    out.push(dl);
    if (info.aliases.length) {
      out.push(el('h3', null, '别名 Aliases (' + info.aliases.length + ')'));
      var al = el('div');
      info.aliases.forEach(function (a) { al.appendChild(el('span', 'chip', a)); });
      out.push(al);
    }
    out.push(el('h3', null, '提及 Mentions (' + info.mentions.length + ')'));
    if (!info.mentions.length) out.push(el('p', 'hint', '没有出处句子 (no mentions recorded)'));
    var byDoc = new Map();
    info.mentions.forEach(function (m) {
      if (!byDoc.has(m[0])) byDoc.set(m[0], []);
      byDoc.get(m[0]).push(m[1]);
    });
    var names = namesOf(i);
    byDoc.forEach(function (sentences, d) {
      var box = docBlock(d);
      sentences.forEach(function (s) { var q = el('blockquote'); q.appendChild(highlighted(s, names)); box.appendChild(q); });
      out.push(box);
    });
    var rels = adj[i].slice().sort(function (a, b2) {
      var ea = D.edges[a], eb = D.edges[b2];
      var oa = ea.from === D.nodes[i].id ? 0 : 1, ob = eb.from === D.nodes[i].id ? 0 : 1;
      if (oa !== ob) return oa - ob;
      return predText(a) < predText(b2) ? -1 : predText(a) > predText(b2) ? 1 : a - b2;
    });
    out.push(el('h3', null, '关系 Relations (' + rels.length + ')'));
    if (!rels.length) out.push(el('p', 'hint', '没有关系 (no relations)'));
    var ul = el('ul', 'rels'), LIMIT = 300;
    rels.slice(0, LIMIT).forEach(function (j) {
      var e = D.edges[j], li = el('li');
      var outgoing = e.from === D.nodes[i].id;
      var other = index.get(outgoing ? e.to : e.from);
      var p = el('button', 'pred', predText(j)); p.type = 'button';
      p.title = '查看证据 show evidence';
      p.addEventListener('click', function () { selectEdge(j); });
      if (outgoing) { li.appendChild(el('span', 'arrow', '→')); li.appendChild(p); li.appendChild(nodeButton(other)); }
      else { li.appendChild(el('span', 'arrow', '←')); li.appendChild(nodeButton(other)); li.appendChild(p); }
      li.appendChild(el('span', 'more', D.einfo[j].ev.length ? '证据 ' + D.einfo[j].ev.length : '词表'));
      ul.appendChild(li);
    });
    out.push(ul);
    if (rels.length > LIMIT) out.push(el('p', 'more', '另有 ' + (rels.length - LIMIT) + ' 条关系未列出'));
    panel.replaceChildren.apply(panel, out);
    panel.scrollTop = 0;
    panel.dataset.node = D.nodes[i].id;
    delete panel.dataset.edge;
  }
  function showEdge(j) {
    var e = D.edges[j], x = D.einfo[j], out = [];
    var a = index.get(e.from), b = index.get(e.to);
    out.push(el('h2', null, x.zh || x.en || x.p));
    var sub = [x.en, x.p].filter(function (s, k, arr) { return s && arr.indexOf(s) === k && s !== x.zh; }).join(' · ');
    if (sub) out.push(el('p', 'subtitle', sub));
    var line = el('p');
    line.appendChild(nodeButton(a));
    line.appendChild(el('span', 'arrow', '  —' + (x.zh || x.p) + '→  '));
    line.appendChild(nodeButton(b));
    out.push(line);
    out.push(el('h3', null, '证据 Evidence (' + x.ev.length + ')'));
    if (!x.ev.length) {
      out.push(el('p', 'hint', '来自词表 (from the lexicon)：这是背景知识，没有出处句子。'));
    }
    var names = namesOf(a).concat(namesOf(b));
    x.ev.forEach(function (ev) {
      var box = docBlock(ev[0]);
      var q = el('blockquote'); q.appendChild(highlighted(ev[1], names)); box.appendChild(q);
      if (ev[2] >= 0 && ev[3] >= 0) box.appendChild(el('div', 'doc-meta', '页面字符位置 chars ' + ev[2] + '–' + ev[3]));
      out.push(box);
    });
    panel.replaceChildren.apply(panel, out);
    panel.scrollTop = 0;
    panel.dataset.edge = e.id;
    delete panel.dataset.node;
  }

  // ------------------------------------------------------------------ selection
  function reveal(i) {
    var key = typeOf(i).key;
    if (state.hiddenTypes.has(key)) {
      var cb = document.querySelector('#legend input[data-type="' + key + '"]');
      if (cb) cb.checked = true;
      setTypeVisible(key, true);
    }
    if (!state.loadedN[i]) {
      var nb = [i];
      adj[i].forEach(function (j) { var e = D.edges[j]; nb.push(index.get(e.from), index.get(e.to)); });
      loadNodes(nb);
      updateStats();
    }
  }
  function selectNode(i) {
    reveal(i);
    var id = D.nodes[i].id;
    network.selectNodes([id], true);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 350, easingFunction: 'easeInOutQuad'}});
    showNode(i);
  }
  function selectEdge(j) {
    var e = D.edges[j];
    reveal(index.get(e.from));
    reveal(index.get(e.to));
    network.selectEdges([e.id]);
    showEdge(j);
  }

  // ------------------------------------------------------------------ search
  function norm(s) {
    return String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[\s'’\-·・._,，]/g, '');
  }
  var keys = D.nodes.map(function (n, i) {
    var info = D.info[i], k = [n.label].concat(info.aliases, [info.en, info.pinyin]);
    var syl = String(info.pinyin || '').trim().split(/\s+/).filter(Boolean);
    if (syl.length > 1) k.push(syl.map(function (s) { return s[0]; }).join(''));
    return k.filter(Boolean).map(norm).filter(Boolean);
  });
  function search(q) {
    q = norm(q);
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < N; i++) {
      var rank = 9, ks = keys[i];
      for (var k = 0; k < ks.length; k++) {
        var at = ks[k].indexOf(q);
        if (at < 0) continue;
        var r = ks[k] === q ? 0 : at === 0 ? 1 : 2;
        if (r < rank) rank = r;
      }
      if (rank < 9) hits.push([rank, -D.nodes[i].value, labelOf(i), i]);
    }
    hits.sort(function (a, b) {
      for (var k = 0; k < 3; k++) { if (a[k] < b[k]) return -1; if (a[k] > b[k]) return 1; }
      return a[3] - b[3];
    });
    return hits.slice(0, 30).map(function (h) { return h[3]; });
  }
  var input = document.getElementById('search'), list = document.getElementById('search-results');
  var results = [], active = 0;
  function renderResults() {
    var items = [];
    results.forEach(function (i, k) {
      var li = el('li'); li.setAttribute('role', 'option'); li.dataset.id = D.nodes[i].id;
      if (k === active) li.className = 'active';
      var sw = el('span', 'swatch'); sw.style.background = typeOf(i).color;
      li.appendChild(sw);
      li.appendChild(el('span', null, labelOf(i)));
      var info = D.info[i];
      li.appendChild(el('span', 'sub', [info.en, info.pinyin, typeOf(i).zh].filter(Boolean).join(' · ')));
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(k); });
      items.push(li);
    });
    if (!results.length && input.value.trim()) items.push(el('li', 'empty', '没有找到 no match'));
    list.replaceChildren.apply(list, items);
    list.hidden = items.length === 0;
  }
  function choose(k) {
    if (!results.length) return;
    var i = results[Math.max(0, Math.min(k, results.length - 1))];
    list.hidden = true;
    selectNode(i);
  }
  input.addEventListener('input', function () { results = search(input.value); active = 0; renderResults(); });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') { active = Math.min(active + 1, results.length - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { active = Math.max(active - 1, 0); renderResults(); ev.preventDefault(); }
    else if (ev.key === 'Enter') { results = search(input.value); choose(active); ev.preventDefault(); }
    else if (ev.key === 'Escape') { list.hidden = true; }
  });
  input.addEventListener('focus', function () { if (results.length) list.hidden = false; });
  input.addEventListener('blur', function () { list.hidden = true; });

  // ------------------------------------------------------------------ start
  var initial = [];
  if (D.overview === null) { for (var i1 = 0; i1 < N; i1++) initial.push(i1); }
  else initial = D.overview;
  var first = loadNodes(initial);
  nodes = new vis.DataSet(first.nodes);
  edges = new vis.DataSet(first.edges);
  buildLegend();
  updateStats();
  showHint();
  var container = document.getElementById('graph');
  function fitAll() {
    // like network.fit(), but around the labels too, with a margin, and clear of
    // the legend that floats over the left side of the canvas
    var ids = nodes.getIds({filter: function (n) { return !n.hidden; }});
    if (!ids.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    var pos = network.getPositions(ids);
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id), p = pos[id];
      if (!b || !isFinite(b.left)) b = {left: p.x, right: p.x, top: p.y, bottom: p.y};
      x0 = Math.min(x0, b.left, p.x); x1 = Math.max(x1, b.right, p.x);
      y0 = Math.min(y0, b.top, p.y); y1 = Math.max(y1, b.bottom, p.y);
    });
    var legend = document.getElementById('legend');
    var w = container.clientWidth || 1, h = container.clientHeight || 1;
    var lw = legend.offsetWidth ? legend.offsetWidth + 24 : 0, pad = 28;
    var s = Math.min((w - lw - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1), 1.4);
    s = Math.max(s, 0.005);
    network.moveTo({scale: s, position: {x: (x0 + x1) / 2 - lw / 2 / s, y: (y0 + y1) / 2}});
  }
  var startOptions = D.options;
  if (D.overview !== null && D.overviewScaling) {
    // the overview is sparse: nodes and labels sized to be readable when fitted
    startOptions = JSON.parse(JSON.stringify(D.options));
    startOptions.nodes.scaling = D.overviewScaling;
  }
  network = new vis.Network(container, {nodes: nodes, edges: edges}, startOptions);
  fitAll();
  network.once('afterDrawing', function () {
    fitAll();  // again, now that the labels have been measured
    window.cztReadyAt = performance.now();
    document.body.setAttribute('data-ready', '1');
  });
  var tip = document.getElementById('tip');
  function showTip(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var r = container.getBoundingClientRect();
    var x = r.left + pointer.x + 14, y = r.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, r.left + pointer.x - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, r.top + pointer.y - h - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; }
  network.on('hoverNode', function (p) { showTip(nodeTooltip(index.get(p.node)), p.pointer.DOM); });
  network.on('hoverEdge', function (p) { showTip(edgeTooltip(eindex.get(p.edge)), p.pointer.DOM); });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);
  container.addEventListener('mouseleave', hideTip);
  network.on('click', function (p) {
    if (p.nodes.length) showNode(index.get(p.nodes[0]));
    else if (p.edges.length) showEdge(eindex.get(p.edges[0]));
    else showHint();
  });
  document.getElementById('fit').addEventListener('click', function () { fitAll(); });
  document.getElementById('community-toggle').addEventListener('change', function (ev) { setCommunityColours(ev.target.checked); });
  document.getElementById('english-toggle').addEventListener('change', function (ev) { setEnglish(ev.target.checked); });
  document.getElementById('show-all').addEventListener('click', function () {
    // new data sets in one go: vis-network is several times faster at this than at
    // adding thousands of items to the ones it already shows
    var selected = network.getSelectedNodes(), nItems = [], eItems = [];
    for (var i = 0; i < N; i++) { state.loadedN[i] = 1; nItems.push(nodeItem(i)); }
    for (var j = 0; j < M; j++) { state.loadedE[j] = 1; eItems.push(edgeItem(j)); }
    state.shownCount = N;
    nodes = new vis.DataSet(nItems);
    edges = new vis.DataSet(eItems);
    if (D.overviewScaling) network.setOptions({nodes: {scaling: D.options.nodes.scaling}});
    network.setData({nodes: nodes, edges: edges});
    if (selected.length) network.selectNodes(selected);
    updateStats();
    fitAll();
  });
  window.cztGraph = {
    search: function (q) { return search(q).map(function (i) { return D.nodes[i].id; }); },
    select: function (id) { if (index.has(id)) selectNode(index.get(id)); },
    selectEdge: function (id) { if (eindex.has(id)) selectEdge(eindex.get(id)); },
    showAll: function () { document.getElementById('show-all').click(); },
    setCommunityColours: function (on) { document.getElementById('community-toggle').checked = !!on; setCommunityColours(!!on); }
  };
})();
"""


#: what the template holds in place of the page's data until it is encoded (see _render_chunks)
_DATA_MARK = "\x00czt-graph-data\x00"


def _render_chunks(net: Network, extra: dict):
    """The page as UTF-8 chunks, made as they are read: the template rendered around a
    mark, then the data (``to_json_script`` of it, byte for byte) a block of items at a
    time, each let go once encoded.  At 27,000 nodes the data's text, its escaped
    copies, the page's text and its bytes held at once took ~0.3 GB; a build writes
    the chunks to the page's file as they come."""
    vis_js, app_js = _vis_js(), _APP_JS
    env = jinja2.Environment(loader=jinja2.DictLoader({"czt_graph.html": _TEMPLATE}), autoescape=True, keep_trailing_newline=True)
    held: dict = {}

    def graph_json(_nodes: list, _edges: list) -> Markup:  # pyvis's own lists are empty: the items are in extra
        held["data"] = dict(extra, options=net.options)
        return Markup(_DATA_MARK)

    env.globals.update(
        graph_json=graph_json,
        csp=_csp([vis_js, app_js]),
        css=Markup(_CSS),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
    )
    net.templateEnv = env
    net.path = "czt_graph.html"
    page = net.generate_html(name="graph.html", local=True, notebook=False)
    net.html = None
    before, after = page.split(_DATA_MARK)  # the template holds the data once
    del page
    data = held.pop("data")
    extra.clear()  # the data holds the page's items now, made and let go a block at a time as encoded
    yield before.encode("utf-8")
    yield from _json_object_chunks(data)
    yield after.encode("utf-8")


#: items of a list encoded together (see _json_object_chunks)
_JSON_BLOCK = 1024


class _Items:
    """A list of the page's data made as it is encoded: ``count`` items from ``make()``
    (a generator), a block at a time (see :func:`_json_object_chunks`), so that the
    27,000 nodes' and 93,000 edges' dicts of 10,000 pages are never all held."""

    def __init__(self, count: int, make) -> None:
        self.count, self.make = count, make

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return self.make()


def _popped(items: list):
    """The items of ``items`` in order, each taken out of the list as it is yielded.

    >>> x = [1, 2, 3]; list(_popped(x)), x
    ([1, 2, 3], [])
    """
    items.reverse()
    while items:
        yield items.pop()


def _json_object_chunks(obj: dict):
    """``to_json_script(obj)`` in UTF-8 chunks, taking each entry out of ``obj``, and each
    block of a list's items out of the list (or from an :class:`_Items`, as made) as it
    is encoded.

    >>> data = {"b": ["</script>", 2] * 1500, "a": 1, "c": [], "d": _Items(3000, lambda: iter(range(3000)))}
    >>> text = to_json_script(dict(data, d=list(range(3000))))
    >>> b"".join(_json_object_chunks(data)).decode() == text, data
    (True, {})
    """
    from itertools import islice

    yield b"{"
    for i, key in enumerate(sorted(obj)):
        value = obj.pop(key)
        head = (b"," if i else b"") + _json_script_bytes(key) + b":"
        if isinstance(value, _Items):
            value = iter(value)
        elif not isinstance(value, list) or len(value) <= _JSON_BLOCK:
            yield head + _json_script_bytes(value)
            continue
        else:
            value = _popped(value)
        yield head + b"["
        first = True
        while block := list(islice(value, _JSON_BLOCK)):  # "[a,b]" of each block without its brackets, joined by ","
            yield (b"" if first else b",") + _json_script_bytes(block)[1:-1]
            first = False
            del block
        yield b"]"
    yield b"}"


def render_html_chunks(
    view: nx.MultiDiGraph,
    *,
    title: str = "长株潭知识图谱",
    community_of: dict[str, int] | None = None,
    overview_threshold: int = OVERVIEW_THRESHOLD,
    overview_size: int = OVERVIEW_SIZE,
    simple: nx.Graph | None = None,
):
    """The graph page as UTF-8 chunks, made as they are read (what the build writes to
    the page's file; see :func:`render_html`).  The page's layout and items are made
    on the call, the text as the chunks are read.  ``simple``: the view's simple graph
    as :func:`graph.analysis.simple_view` made it, if at hand: with ``community_of``
    the page reads it rather than make its own (the same nodes and neighbours)."""
    net, extra = _build(view, _text(title), community_of, overview_threshold, overview_size, simple)
    return _render_chunks(net, extra)


def render_html(view: nx.MultiDiGraph, **kw) -> str:
    """The graph page as a string (see the module docstring for what it guarantees);
    keywords as :func:`render_html_chunks`."""
    return b"".join(render_html_chunks(view, **kw)).decode("utf-8")


def write_html(view: nx.MultiDiGraph, path: pathlib.Path, **kw) -> None:
    """Render and write the page atomically (temp file in the same folder, fsync, replace).

    A failure at any point leaves the previous file as it was, and no temp file.
    """
    path = pathlib.Path(path)
    data = b"".join(render_html_chunks(view, **kw))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    from .outputs import fsync_folder

    fsync_folder(path.parent)


def open_in_browser(path) -> None:
    """Open the page in the default browser."""
    webbrowser.open(pathlib.Path(path).resolve().as_uri())
