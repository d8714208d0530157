"""Plots for the notebooks, readable with Chinese labels.

:func:`use_cjk_font` selects an installed CJK font (Noto Sans CJK SC from Debian's
``fonts-noto-cjk`` first) for matplotlib, so 长沙市 renders as text instead of
"missing glyph" boxes.  The plotting helpers take the structures of
:mod:`graph.analysis` and return the matplotlib ``Axes``; matplotlib is imported
inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import math
from typing import Iterable

import networkx as nx

#: Tried in order; the first one matplotlib knows is used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Arial Unicode MS",
)

#: Coarse type -> colour, the same palette as the graph page.
TYPE_COLOURS = {
    "Place": "#4E79A7",
    "Organization": "#F28E2B",
    "Project": "#59A14F",
    "Agreement": "#E15759",
    "Policy": "#B07AA1",
    "Event": "#17A2B8",
    "Person": "#9C755F",
}
_PALETTE = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
            "#393B79", "#AD494A", "#637939", "#CE6DBD", "#3182BD", "#E6550D", "#31A354", "#756BB1", "#636363", "#8C6D31")  # fmt: skip


def find_cjk_font() -> str | None:
    """The name of the first installed font of :data:`CJK_FONTS`, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text with an installed CJK font.

    Puts the font first in ``font.sans-serif``, selects the sans-serif family and
    draws the minus sign as ASCII (CJK fonts may lack U+2212).  Returns the font
    name, or None (with a warning) when no CJK font is installed (on Debian:
    ``apt-get install fonts-noto-cjk``).
    """
    import warnings

    import matplotlib as mpl

    name = find_cjk_font()
    if name is None:
        warnings.warn("no CJK font found; Chinese labels will show as boxes (install fonts-noto-cjk)", stacklevel=2)
        return None
    current = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.sans-serif"] = [name, *current]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def _axes(ax, size=(8, 6)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=size)
    return ax


def _top_nodes(g: nx.Graph, max_nodes: int) -> list:
    order = sorted(g, key=lambda n: (-g.degree(n), str(g.nodes[n].get("label", n)), str(n)))
    return order[:max_nodes]


def plot_communities(view: nx.MultiDiGraph, community_of: dict | None = None, ax=None, max_nodes: int = 120, label_top: int = 18, seed: int = 42):
    """The largest connected component (at most ``max_nodes`` of its most connected
    entities) coloured by Louvain community.

    Spring layout with a fixed seed; the ``label_top`` most connected nodes are
    labelled.  ``community_of``: node → community (default: :func:`graph.analysis.communities`).
    """
    from . import analysis

    ax = _axes(ax, (11, 9))
    simple = analysis.simple_view(view)
    community_of = community_of if community_of is not None else analysis.communities(view)
    if simple.number_of_nodes() == 0:
        ax.set_axis_off()
        return ax
    largest = max(nx.connected_components(simple), key=lambda c: (len(c), sorted(c)[0]))
    h = simple.subgraph(_top_nodes(simple.subgraph(largest), max_nodes)).copy()
    pos = nx.spring_layout(h, seed=seed, k=2.2 / math.sqrt(max(h.number_of_nodes(), 1)), iterations=300)
    colours = [_PALETTE[community_of.get(n, 0) % len(_PALETTE)] for n in h]
    sizes = [50 + 35 * h.degree(n) for n in h]
    nx.draw_networkx_edges(h, pos, ax=ax, edge_color="#b0b7bf", width=0.8, alpha=0.8)
    nx.draw_networkx_nodes(h, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0.5, edgecolors="white")
    labelled = _top_nodes(h, label_top)
    nx.draw_networkx_labels(h, pos, labels={n: h.nodes[n].get("label", n) for n in labelled}, ax=ax, font_size=8,
                            font_family="sans-serif", bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})  # fmt: skip
    shown = len({community_of.get(n) for n in h})
    ax.set_title(f"社区 Communities (Louvain, seed {seed}): largest component, {h.number_of_nodes()}/{simple.number_of_nodes()} entities, {shown} communities")
    ax.set_axis_off()
    return ax


def plot_city_agency(bipartite: nx.Graph, ax=None):
    """The city–agency bipartite view (:func:`graph.analysis.city_agency_graph`):
    cities on the left, the bodies anchored in them on the right."""
    ax = _axes(ax, (9, max(4, 0.32 * bipartite.number_of_nodes())))
    left = sorted((n for n, b in bipartite.nodes(data="bipartite") if b == 0), key=lambda n: bipartite.nodes[n]["label"])
    right = sorted((n for n, b in bipartite.nodes(data="bipartite") if b == 1), key=lambda n: (min(bipartite.nodes[c]["label"] for c in bipartite[n]), bipartite.nodes[n]["label"]))
    pos = {}
    for side, nodes, x in ((0, left, 0.0), (1, right, 1.0)):
        for i, n in enumerate(nodes):
            pos[n] = (x, -(i + 0.5) * (len(right) / max(len(nodes), 1)) if side == 0 else -(i + 0.5))
    nx.draw_networkx_edges(bipartite, pos, ax=ax, edge_color="#9aa4ae", width=1.0)
    nx.draw_networkx_nodes(bipartite, pos, nodelist=left, ax=ax, node_color=TYPE_COLOURS["Place"], node_size=420)
    nx.draw_networkx_nodes(bipartite, pos, nodelist=right, ax=ax, node_color=TYPE_COLOURS["Organization"], node_size=120, node_shape="s")
    for n in left:
        ax.annotate(bipartite.nodes[n]["label"], pos[n], xytext=(-12, 0), textcoords="offset points", ha="right", va="center", fontsize=10)
    for n in right:
        ax.annotate(bipartite.nodes[n]["label"], pos[n], xytext=(10, 0), textcoords="offset points", ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.6, 1.9)
    ax.set_title("城市–机构 City–agency ties")
    ax.set_axis_off()
    return ax


def plot_claims(claims: Iterable[dict], ax=None):
    """Claimed counts beside the items the sentence enumerates and the parts the
    graph names (rows of :func:`graph.analysis.claims_table`), one bar group per claim."""
    import numpy as np

    rows = list(claims)
    ax = _axes(ax, (10, max(3, 0.5 * len(rows) + 1)))
    names = [f"{r['claimed']}{r['unit']}{r['noun']}" + (f"（{r['subject']}）" if r.get("subject") and r["subject"] != r["noun"] else "") for r in rows]
    y = np.arange(len(rows))
    h = 0.27
    ax.barh(y - h, [r["claimed"] for r in rows], height=h, color="#4E79A7", label="claimed 声称")
    ax.barh(y, [r["enumerated"] for r in rows], height=h, color="#E15759", label="enumerated in the sentence 列举")
    ax.barh(y + h, [r.get("named_parts", 0) for r in rows], height=h, color="#59A14F", label="parts in the graph 图中组成")
    ax.set_yticks(y, names, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("count 数量")
    ax.set_title("声称数量 vs 实际列举 Claimed vs. enumerated")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_ranking(rows: list[dict], title: str, ax=None, colour: str = "#4E79A7"):
    """A horizontal bar chart of a ranked list (``summary["pagerank"]`` etc.)."""
    ax = _axes(ax, (7, max(3, 0.35 * len(rows) + 1)))
    ax.barh(range(len(rows)), [r["score"] for r in rows], color=colour)
    ax.set_yticks(range(len(rows)), [r["label"] for r in rows], fontsize=9)
    ax.invert_yaxis()
    ax.set_title(title)
    return ax


__all__ = ["use_cjk_font", "find_cjk_font", "plot_communities", "plot_city_agency", "plot_claims", "plot_ranking", "TYPE_COLOURS", "CJK_FONTS"]
