"""graph.louvain: communities that are a function of the graph alone, good ones, and the
modularity figure the method stops on, computed on the merged graph."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.louvain import _aggregate, _modularity, louvain_communities


def _modularity_over_edges(adj, loops, community, m, resolution):
    """Modularity of ``community`` (a community per node) summed over the graph's edges,
    the textbook way: what :func:`graph.louvain._modularity` of the merged graph stands for."""
    inside: dict = {}
    total: dict = {}
    for u, a in enumerate(adj):
        c = community[u]
        inside[c] = inside.get(c, 0.0) + loops[u] + 0.5 * sum(w for v, w in a.items() if community[v] == c)
        total[c] = total.get(c, 0.0) + sum(a.values()) + 2.0 * loops[u]
    return sum(inside[c] / m - resolution * (total[c] / (2.0 * m)) ** 2 for c in inside)


def _random_weighted(rng: random.Random):
    """Adjacency dicts (sorted), loop weights and the total weight of a random multigraph
    with integer weights and some loops."""
    n = rng.randint(2, 60)
    adj: list[dict] = [{} for _ in range(n)]
    loops = [0.0] * n
    m = 0.0
    for _ in range(rng.randint(1, 4 * n)):
        u, v, w = rng.randrange(n), rng.randrange(n), rng.randint(1, 5)
        m += w
        if u == v:
            loops[u] += w
        else:
            adj[u][v] = adj[u].get(v, 0.0) + w
            adj[v][u] = adj[v].get(u, 0.0) + w
    return [dict(sorted(a.items())) for a in adj], loops, m


@pytest.mark.parametrize("seed", range(16))
def test_modularity_of_the_merged_graph_is_the_partitions_to_the_last_bit(seed):
    rng = random.Random(seed)
    adj, loops, m = _random_weighted(rng)
    n = len(adj)
    k = rng.randint(1, n)
    first: dict = {}
    community = [first.setdefault(c, len(first)) for c in (rng.randrange(k) for _ in range(n))]
    merged, merged_loops = _aggregate(adj, loops, community, len(first))
    for resolution in (0.5, 1.0, 2.0):
        assert _modularity(merged, merged_loops, m, resolution) == _modularity_over_edges(adj, loops, community, m, resolution)
    # one community a node: the graph itself
    assert _modularity(adj, loops, m, 1.0) == _modularity_over_edges(adj, loops, list(range(n)), m, 1.0)


def test_communities_are_a_function_of_the_graph_not_of_its_insertion_order():
    g = nx.les_miserables_graph()
    edges = list(g.edges(data="weight"))
    random.Random(3).shuffle(edges)
    h = nx.Graph()
    h.add_nodes_from(sorted(g, reverse=True))
    h.add_weighted_edges_from(edges)
    found = {frozenset(c) for c in louvain_communities(g)}
    assert found == {frozenset(c) for c in louvain_communities(h)}


@pytest.mark.parametrize(("graph", "at_least"), [
    (nx.karate_club_graph(), 0.37),  # networkx's own Louvain: 0.38-0.44 by seed
    (nx.les_miserables_graph(), 0.52),
    (nx.connected_caveman_graph(8, 6), 0.80),
])
def test_communities_have_high_modularity(graph, at_least):
    parts = louvain_communities(graph)
    assert sorted(n for c in parts for n in c) == sorted(graph)  # a partition of the nodes
    assert nx.community.modularity(graph, parts) >= at_least
