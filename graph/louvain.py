"""Louvain communities that stay put when the graph grows by a page.

The Louvain method (Blondel et al., 2008) moves one node at a time to the neighbouring
community that raises modularity most, then merges each community into one node and
repeats.  Which partition it ends in depends on the order the nodes are visited.
networkx visits them in a seeded shuffle of the node list, so one node more reshuffles
every position: after one page was added to 1,000, only 9 of 49 communities were the
same, and every metric and layout computed per community had to be made again.

Here a node's place in the visiting order is a keyed hash of its name (and a merged
community's, the smallest of its members' places), so a new node is slotted in and
every other node keeps its order.  Communities the new page does not touch then come
out the same, which is what an analyst comparing two builds expects, and what lets the
graph page keep their layouts (:mod:`graph.visualize`).  The result is still a
function of the graph alone: same nodes, edges and seed, same communities.

>>> import networkx as nx
>>> g = nx.barbell_graph(5, 0)
>>> sorted(sorted(c) for c in louvain_communities(g))
[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
"""

from __future__ import annotations

from hashlib import blake2b

import networkx as nx


def visiting_key(node, seed: int) -> bytes:
    """A node's place in the visiting order: a hash of its name keyed by ``seed``.

    >>> visiting_key("长沙市", 42) == visiting_key("长沙市", 42) != visiting_key("长沙市", 7)
    True
    """
    return blake2b(str(node).encode("utf-8", "surrogatepass"), digest_size=8,
                   key=int(seed).to_bytes(8, "big", signed=True)).digest()


def louvain_communities(graph: nx.Graph, seed: int = 42, weight: str = "weight",
                        resolution: float = 1.0, threshold: float = 1e-7) -> list[set]:
    """Communities of an undirected graph, as sets of nodes (in no particular order).

    Edge weights come from the ``weight`` attribute (1 when missing).  A level is
    kept when it raises modularity; the method stops once a level raises it by
    ``threshold`` or less, as networkx's ``louvain_communities`` does.
    """
    edges = ((u, v, data.get(weight, 1) if weight else 1) for u, v, data in graph.edges(data=True))
    return louvain_partition(list(graph), edges, seed, resolution, threshold)


def louvain_partition(nodes: list, edges, seed: int = 42, resolution: float = 1.0,
                      threshold: float = 1e-7) -> list[set]:
    """:func:`louvain_communities` of the graph of ``nodes`` and ``edges`` ((u, v, weight)
    triples, each edge once), for a caller that has them without a networkx graph.

    >>> sorted(sorted(c) for c in louvain_partition("abcd", [("a", "b", 1), ("c", "d", 1)]))
    [['a', 'b'], ['c', 'd']]
    """
    nodes = list(nodes)
    if not nodes:
        return []
    order = sorted(range(len(nodes)), key=lambda i: (visiting_key(nodes[i], seed), str(nodes[i])))
    place = {nodes[i]: k for k, i in enumerate(order)}
    # level 0: node k is the k-th node visited; neighbours kept in visiting order
    n = len(nodes)
    adj: list[dict[int, float]] = [{} for _ in range(n)]
    loops = [0.0] * n
    m = 0.0
    for u, v, w in edges:
        w = float(w)
        m += w
        a, b = place[u], place[v]
        if a == b:
            loops[a] += w
        else:
            adj[a][b] = adj[a].get(b, 0.0) + w
            adj[b][a] = adj[b].get(a, 0.0) + w
    members = [[nodes[i]] for i in order]
    if m == 0:
        return [set(c) for c in members]
    adj = [dict(sorted(a.items())) for a in adj]
    mod = _modularity(adj, loops, m, resolution)
    while True:
        community, moved = _one_level(adj, loops, m, resolution)
        if not moved:
            break
        # renumber the communities by their first member's place: the next level's order
        first: dict[int, int] = {}
        for c in community:
            first.setdefault(c, len(first))
        community = [first[c] for c in community]
        grouped: list[list] = [[] for _ in first]
        for k, c in enumerate(community):
            grouped[c].extend(members[k])
        members = grouped
        adj, loops = _aggregate(adj, loops, community, len(first))
        # the partition's modularity is that of the merged graph, one node a community
        new_mod = _modularity(adj, loops, m, resolution)
        if new_mod - mod <= threshold:
            break
        mod = new_mod
    return [set(c) for c in members]


def _one_level(adj: list[dict[int, float]], loops: list[float], m: float, resolution: float) -> tuple[list[int], bool]:
    """Move nodes (in index order, passes until none moves) to their best neighbouring community."""
    n = len(adj)
    degree = [sum(a.values()) + 2.0 * loops[k] for k, a in enumerate(adj)]
    total = degree[:]  # per community: the sum of its members' degrees
    community = list(range(n))
    scale = resolution / (2.0 * m)
    moved_any = False
    moves = 1
    while moves:
        moves = 0
        for u in range(n):
            own = community[u]
            du = degree[u]
            links: dict[int, float] = {}
            for v, w in adj[u].items():
                c = community[v]
                links[c] = links.get(c, 0.0) + w
            total[own] -= du
            best, best_gain = own, 0.0
            stay = links.get(own, 0.0) - scale * total[own] * du
            for c, w in links.items():
                if c != own:
                    gain = w - scale * total[c] * du - stay
                    if gain > best_gain:
                        best, best_gain = c, gain
            total[best] += du
            if best != own:
                community[u] = best
                moves += 1
                moved_any = True
    return community, moved_any


def _modularity(adj: list[dict[int, float]], loops: list[float], m: float, resolution: float) -> float:
    """Modularity of the partition of one community a node (after :func:`_aggregate`, the
    partition it merged): each node's loops are the weight inside its community, its
    degree the community's total.  Summed over the merged graph's nodes, not the edges
    of the graph it was merged from (with integer weights every partial sum is exact, so
    the figure is the same to the last bit as summing over those edges).

    >>> _modularity([{1: 1.0}, {0: 1.0}], [0.0, 0.0], 1.0, 1.0)
    -0.5
    >>> _modularity([{}], [1.0], 1.0, 1.0)
    0.0
    """
    q = 0.0
    two_m = 2.0 * m
    for a, inside in zip(adj, loops):
        total = sum(a.values()) + 2.0 * inside
        q += inside / m - resolution * (total / two_m) ** 2
    return q


def _aggregate(adj: list[dict[int, float]], loops: list[float], community: list[int], k: int):
    """One node per community; edges between communities summed, edges inside become loops."""
    new_adj: list[dict[int, float]] = [{} for _ in range(k)]
    new_loops = [0.0] * k
    for u, a in enumerate(adj):
        cu = community[u]
        new_loops[cu] += loops[u]
        row = new_adj[cu]
        for v, w in a.items():
            cv = community[v]
            if cv == cu:
                new_loops[cu] += 0.5 * w  # seen from both ends
            else:
                row[cv] = row.get(cv, 0.0) + w
    return [dict(sorted(a.items())) for a in new_adj], new_loops
