"""How the graph page scales: generation time, file size, time until the layout is still.

    python benchmarks/bench_html.py                 # 500, 2,000 and 10,000 nodes
    python benchmarks/bench_html.py 500 3000 --screenshots out/bench

The graphs are synthetic and deterministic: clusters of related entities of the seven
coarse types (cluster sizes vary), a few hubs, cross-cluster links, mentions and
evidence sentences.  "Still" is measured in headless Chromium (``/usr/bin/chromium``
or ``$CZT_CHROMIUM``): the time from navigation start until the node positions stop
changing; it is skipped when there is no browser.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import sys
import tempfile
import time

import networkx as nx

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from graph.visualize import TYPE_STYLES, render_html, write_html  # noqa: E402

CHROMIUM = os.environ.get("CZT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PREDICATES = [("partOf", "属于"), ("locatedIn", "位于"), ("signatory", "签署方"), ("participant", "参与方"), ("organizer", "主办方"), ("issuedBy", "发布机构"), ("about", "涉及"), ("memberOf", "成员")]
SYLLABLES = "chang zhu tan xiang ping hu nan jiang xi yue yang heng zhou shao lou di yi ti hua he zuo".split()
CHARS = "长株潭湘萍乡湖南江西岳阳衡州邵娄底一体化合作区域发展规划协议会议中心新城高铁园"


def synthetic_view(n: int, seed: int = 42) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    types = list(TYPE_STYLES)
    g = nx.MultiDiGraph()
    clusters: list[list[int]] = []
    i = 0
    while i < n:
        size = min(n - i, rnd.choice([3, 5, 8, 12, 20, 35, 60]))
        clusters.append(list(range(i, i + size)))
        i += size
    iri = [f"https://example.org/czt/entity/e{k:06d}" for k in range(n)]
    for k in range(n):
        syl = [rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))]
        label = "".join(rnd.choice(CHARS) for _ in range(len(syl))) + str(k)
        doc = f"https://example.org/czt/doc/{k % 97:03d}"
        g.add_node(
            iri[k],
            label=label,
            label_en=" ".join(s.capitalize() for s in syl) + f" {k}" if rnd.random() < 0.7 else None,
            pinyin=" ".join(syl),
            type=types[rnd.randrange(len(types))],
            cls="Thing",
            aliases=[label[:-1]] if rnd.random() < 0.3 else [],
            mentions=[
                {"doc": doc, "doc_title": f"新闻 {k % 97}", "page": f"{k % 97:03d}_page.txt", "sentence": f"{label}参与了长株潭一体化建设的第{j}项工作。"}
                for j in range(rnd.randint(0, 3))
            ],
        )
    hubs = rnd.sample(range(n), max(1, n // 200))
    for members in clusters:
        head = members[0]
        for k in members[1:]:
            other = head if rnd.random() < 0.5 else rnd.choice(members)
            if other != k:
                _edge(g, rnd, iri[k], iri[other])
        for _ in range(len(members) // 4):
            _edge(g, rnd, iri[rnd.choice(members)], iri[rnd.choice(hubs)])
    for _ in range(n // 10):
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b:
            _edge(g, rnd, iri[a], iri[b])
    return g


def _edge(g: nx.MultiDiGraph, rnd: random.Random, u: str, v: str) -> None:
    pred, zh = PREDICATES[rnd.randrange(len(PREDICATES))]
    ev = []
    if rnd.random() < 0.8:
        text = f"{g.nodes[u]['label']}与{g.nodes[v]['label']}的关系见于本文。"
        start = rnd.randrange(5000)
        ev.append({"text": text, "doc": "https://example.org/czt/doc/001", "doc_title": "新闻", "page": "001_page.txt", "start": start, "end": start + len(text)})
    g.add_edge(u, v, key=pred, predicate=pred, label_zh=zh, label_en=pred, evidence=ev)


# Runs in the page before its own scripts: when the page marks itself ready (first
# frame drawn), note the time and the node positions at once, without a round trip.
_WATCH_READY = """
new MutationObserver(function (changes, obs) {
  if (document.body && document.body.hasAttribute('data-ready')) {
    window.__benchReady = [performance.now(), JSON.stringify(network.getPositions())];
    obs.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
"""


def time_to_still(browser, path: pathlib.Path, screenshot: pathlib.Path | None = None) -> dict:
    """Milliseconds from navigation start to the first frame and to a still layout.

    The layout counts as still from the last moment its positions changed (or from
    the first frame if they never did), watched for a second.
    """
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    external: list[str] = []
    page.add_init_script(_WATCH_READY)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else (external.append(r.request.url), r.abort()))
    page.goto(path.as_uri())
    page.wait_for_function("window.__benchReady !== undefined", timeout=60_000)
    still_at, last = page.evaluate("window.__benchReady")
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        now, pos = page.evaluate("[performance.now(), JSON.stringify(network.getPositions())]")
        if pos != last:
            last, still_at = pos, now
        page.wait_for_timeout(100)
    result = {
        "first_draw_ms": page.evaluate("window.cztReadyAt"),
        "still_ms": still_at,
        "shown": page.evaluate("network.body.data.nodes.length"),
        "external": len(external),
    }
    if screenshot:
        page.screenshot(path=str(screenshot))
    if page.is_visible("#show-all"):
        t0 = page.evaluate("performance.now()")
        page.click("#show-all")
        # a frame has been drawn with everything once this resolves
        result["show_all_ms"] = page.evaluate("t0 => new Promise(r => requestAnimationFrame(() => r(performance.now() - t0)))", t0)
        result["shown_after_all"] = page.evaluate("network.body.data.nodes.length")
        if screenshot:
            page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-all.png")))
    page.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[500, 2000, 10000])
    ap.add_argument("--screenshots", type=pathlib.Path, default=None, help="folder for screenshots of each page")
    args = ap.parse_args()
    browser = pw = None
    try:
        from playwright.sync_api import sync_playwright

        if os.path.exists(CHROMIUM):
            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    except ImportError:
        pass
    if browser is None:
        print(f"(no browser at {CHROMIUM}: time-to-still not measured)")
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            view = synthetic_view(n)
            t0 = time.perf_counter()
            html = render_html(view)
            gen = time.perf_counter() - t0
            path = pathlib.Path(tmp) / f"graph-{n}.html"
            write_html(view, path)
            line = f"{n:>6} nodes {view.number_of_edges():>6} edges | generate {gen:6.2f} s | size {len(html.encode('utf-8')) / 1e6:6.2f} MB"
            if browser is not None:
                shot = args.screenshots / f"graph-{n}.png" if args.screenshots else None
                r = time_to_still(browser, path, shot)
                line += f" | first draw {r['first_draw_ms']:6.0f} ms | still at {r['still_ms']:6.0f} ms | shown {r['shown']}"
                if "show_all_ms" in r:
                    line += f" | show all {r['show_all_ms']:6.0f} ms ({r['shown_after_all']})"
                line += f" | external requests {r['external']}"
            print(line, flush=True)
    if browser is not None:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()
