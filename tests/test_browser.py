"""The graph page in a real browser (headless Chromium through Playwright).

Skipped when Chromium or Playwright is missing, unless ``CI`` is set: then a missing
browser is a failure, so CI can never pass without having run these.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import time

import pytest

from graph.visualize import OVERVIEW_SIZE, write_html
try:  # tests/ may or may not be a package
    from tests.test_visualize import HOSTILE, S1, S2, czt_view, synthetic_view, xss_view
except ImportError:
    from test_visualize import HOSTILE, S1, S2, czt_view, synthetic_view, xss_view

CHROMIUM = os.environ.get("CZT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def browser_state():
    """(browser, None) or (None, why there is none). Never fails by itself."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        yield None, f"playwright is not installed ({exc})"
        return
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        yield None, f"no Chromium at {CHROMIUM}"
        return
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    except Exception as exc:  # present but broken: always a failure
        pw.stop()
        yield None, f"LAUNCH: Chromium at {CHROMIUM} did not start: {exc}"
        return
    yield browser, None
    browser.close()
    pw.stop()


def need(state):
    browser, why = state
    if browser is not None:
        return browser
    if os.environ.get("CI") or why.startswith("LAUNCH:"):
        pytest.fail(f"browser tests cannot run: {why}")
    pytest.skip(why)


class Loaded:
    """A page opened from disk with every non-file request blocked and recorded."""

    def __init__(self, browser, path: pathlib.Path, viewport=(1440, 900)):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("request", self._request)
        self.page.on("websocket", lambda ws: self.external.append(ws.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.started = time.monotonic()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]", timeout=15_000)

    @staticmethod
    def _local(url: str) -> bool:
        return url.startswith(("file:", "data:", "about:", "blob:"))

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _request(self, request):
        if not self._local(request.url) and request.url not in self.external:
            self.external.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()

    # -- helpers on the graph
    def eval(self, js: str, arg=None):
        return self.page.evaluate(js, arg)

    def screen_xy(self, node_id: str) -> tuple[float, float]:
        """Where a node is on the screen (page coordinates)."""
        xy = self.eval(
            """id => { const p = network.getPositions([id])[id]; const d = network.canvasToDOM(p);
                       const r = document.getElementById('graph').getBoundingClientRect();
                       return [r.left + d.x, r.top + d.y]; }""",
            node_id,
        )
        return xy[0], xy[1]

    def click_node(self, node_id: str) -> None:
        x, y = self.screen_xy(node_id)
        self.page.mouse.click(x, y)

    def details(self) -> str:
        return self.page.inner_text("#details")


def node_id(view, label: str) -> str:
    return next(n for n in view if view.nodes[n]["label"] == label)


@pytest.fixture(scope="module")
def czt_page_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "graph.html"
    write_html(czt_view(), path)
    return path


@pytest.fixture()
def czt_page(browser_state, czt_page_path):
    """The 长株潭 page, opened when the test calls this fixture's value, so
    that a missing browser under CI is a test *failure*, not a fixture error."""
    pages: list[Loaded] = []

    def open_() -> Loaded:
        pages.append(Loaded(need(browser_state), czt_page_path))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


def test_offline_no_errors_all_nodes(czt_page):
    czt = czt_page()
    view = czt_view()
    assert czt.eval("network.body.data.nodes.length") == view.number_of_nodes()
    assert czt.eval("network.body.data.edges.length") == view.number_of_edges()
    assert czt.eval("typeof network.getPositions") == "function"
    assert czt.eval("document.characterSet") == "UTF-8"
    assert czt.eval("document.title") == "长株潭知识图谱"
    assert czt.page.inner_text("#title") == "长株潭知识图谱"
    legend = czt.page.inner_text("#legend")
    for name in ("地点", "机构", "项目", "协议", "政策", "事件"):
        assert name in legend
    czt.page.wait_for_timeout(300)
    assert czt.external == []
    assert czt.errors == []


def test_layout_still_within_two_seconds(czt_page):
    czt = czt_page()
    ready_ms = czt.eval("window.cztReadyAt")
    assert ready_ms < 2000, ready_ms
    first = czt.eval("network.getPositions()")
    t_first = czt.eval("performance.now()")
    czt.page.wait_for_timeout(400)
    assert czt.eval("network.getPositions()") == first
    assert t_first < 2000 + 500  # sampled (and already still) shortly after load
    # still = exactly where the precomputed layout put the nodes
    data = json.loads(czt.eval("document.getElementById('czt-data').textContent"))
    for n in data["nodes"]:
        assert first[n["id"]] == {"x": n["x"], "y": n["y"]}
    assert czt.eval("network.physics.options.enabled") is False


def test_click_node_shows_details_and_screenshot(czt_page):
    czt = czt_page()
    view = czt_view()
    changsha = node_id(view, "长沙市")
    czt.click_node(changsha)
    czt.page.wait_for_function("document.getElementById('details').dataset.node !== undefined")
    assert czt.eval("network.getSelectedNodes()") == [changsha]
    text = czt.details()
    for expected in ("长沙市", "Changsha", "chang sha shi", "City", "星城", S1, S2, "000_6b0e262946a652f8.txt", "长株潭一体化发展新闻", "签署方", "属于"):
        assert expected in text, expected
    # the entity's name is highlighted in its sentences
    assert czt.eval("document.querySelectorAll('#details blockquote mark').length") >= 3
    czt.page.mouse.move(*czt.screen_xy(node_id(view, "株洲市")))
    czt.page.wait_for_selector("#tip", state="visible", timeout=3000)
    assert "株洲市" in czt.page.inner_text("#tip")
    czt.page.mouse.move(5, 500)
    ARTIFACTS.mkdir(exist_ok=True)
    czt.page.screenshot(path=str(ARTIFACTS / "graph.png"))
    assert czt.errors == [] and czt.external == []


def test_click_edge_shows_evidence(czt_page):
    czt = czt_page()
    view = czt_view()
    agreement, zhuzhou = node_id(view, "长株潭一体化合作协议"), node_id(view, "株洲市")
    xy = czt.eval(
        """([a, b]) => { const p = network.getPositions([a, b]);
             const m = {x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2};
             const d = network.canvasToDOM(m); const r = document.getElementById('graph').getBoundingClientRect();
             return [r.left + d.x, r.top + d.y]; }""",
        [agreement, zhuzhou],
    )
    czt.page.mouse.click(*xy)
    czt.page.wait_for_function("document.getElementById('details').dataset.edge !== undefined")
    text = czt.details()
    assert "签署方" in text and "signatory" in text and S1 in text and "000_6b0e262946a652f8.txt" in text
    # a background fact from the lexicon says so
    lexicon = czt.eval("network.body.data.edges.get().filter(e => e.label === '属于')[0].id")
    czt.eval("id => cztGraph.selectEdge(id)", lexicon)
    assert "from the lexicon" in czt.details()
    assert czt.errors == []


@pytest.mark.parametrize("query", ["pingxiang", "PingXiang", "ping xiang", "Pingxiang", "萍乡", "pxs"])
def test_search_finds_pingxiang(czt_page, query):
    czt = czt_page()
    pingxiang = node_id(czt_view(), "萍乡市")
    czt.page.fill("#search", query)
    czt.page.wait_for_selector("#search-results li[data-id]", timeout=3000)
    first = czt.page.get_attribute("#search-results li[data-id]", "data-id")
    assert first == pingxiang
    assert "萍乡市" in czt.page.inner_text("#search-results")
    czt.page.press("#search", "Enter")
    assert czt.eval("network.getSelectedNodes()") == [pingxiang]
    assert czt.page.inner_text("#details h2") == "萍乡市"
    assert S2 in czt.details()
    assert czt.errors == []


def test_filter_and_community_toggle(czt_page):
    czt = czt_page()
    view = czt_view()
    places = [n for n in view if view.nodes[n]["type"] == "Place"]
    czt.page.uncheck('#legend input[data-type="Place"]')
    hidden = czt.eval("ids => ids.map(id => network.body.data.nodes.get(id).hidden)", places)
    assert all(hidden)
    assert czt.eval("network.body.data.nodes.get().filter(n => !n.hidden).length") == len(view) - len(places)
    czt.page.check('#legend input[data-type="Place"]')
    assert not any(czt.eval("ids => ids.map(id => network.body.data.nodes.get(id).hidden)", places))
    before = czt.eval("network.body.data.nodes.get().map(n => n.color.background)")
    czt.page.check("#community-toggle")
    after = czt.eval("network.body.data.nodes.get().map(n => n.color.background)")
    assert before != after and len(set(after)) >= 2
    assert "社区" in czt.page.inner_text("#legend")
    czt.page.uncheck("#community-toggle")
    assert czt.eval("network.body.data.nodes.get().map(n => n.color.background)") == before
    # English labels: entities and predicates
    pingxiang = node_id(view, "萍乡市")
    czt.page.check("#english-toggle")
    assert czt.eval("id => network.body.data.nodes.get(id).label", pingxiang) == "Pingxiang"
    assert "signatory" in czt.eval("network.body.data.edges.get().map(e => e.label)")
    czt.page.uncheck("#english-toggle")
    assert czt.eval("id => network.body.data.nodes.get(id).label", pingxiang) == "萍乡市"
    assert czt.errors == []


def test_hostile_names_execute_nothing(browser_state, tmp_path):
    browser = need(browser_state)
    view, title = xss_view()
    path = tmp_path / "xss.html"
    write_html(view, path, title=title)
    page = Loaded(browser, path)
    try:
        pwned = "typeof window.__pwned"
        assert page.eval(pwned) == "undefined"
        assert page.eval("document.title") == title
        assert page.page.inner_text("#title") == title.replace("\u2028", "")
        assert page.eval("network.body.data.nodes.length") == view.number_of_nodes()
        for n in sorted(view):
            page.page.mouse.move(*page.screen_xy(n))
            page.page.wait_for_selector("#tip", state="visible", timeout=3000)
            assert view.nodes[n]["label"] in page.page.inner_text("#tip")
            page.click_node(n)
            page.page.wait_for_timeout(50)
            assert page.eval("document.getElementById('details').dataset.node") == n
            assert view.nodes[n]["label"] in page.details()
            assert page.eval(pwned) == "undefined"
        for j in range(view.number_of_edges()):
            page.eval("id => cztGraph.selectEdge(id)", f"e{j}")
            assert page.eval(pwned) == "undefined"
        for query in HOSTILE + ("href", "script", "javascript"):
            page.page.fill("#search", query)
            page.page.wait_for_timeout(30)
            page.page.press("#search", "Enter")
            page.page.hover("#search-results") if page.page.is_visible("#search-results") else None
            assert page.eval(pwned) == "undefined"
        page.page.check("#community-toggle")
        page.page.wait_for_timeout(300)
        # the hostile strings are there, as text: no element was created from them
        assert page.eval("document.querySelectorAll('img, iframe, object, embed, a[href], [onerror], [onload], [onclick]').length") == 0
        assert page.eval("document.scripts.length") == 3
        assert page.eval(pwned) == "undefined"
        assert page.dialogs == []
        assert page.external == []
        assert page.errors == []
    finally:
        page.close()


def test_large_graph_opens_on_overview(browser_state, tmp_path):
    browser = need(browser_state)
    view = synthetic_view(1800)
    path = tmp_path / "big.html"
    write_html(view, path)
    page = Loaded(browser, path)
    try:
        assert page.eval("window.cztReadyAt") < 2000
        assert page.eval("network.body.data.nodes.length") == OVERVIEW_SIZE
        assert page.page.is_visible("#show-all")
        # searching for an entity outside the overview brings it in
        outside = page.eval("cztGraph.search('实体1799')")[0]
        page.eval("id => cztGraph.select(id)", outside)
        assert outside in page.eval("network.body.data.nodes.getIds()")
        page.page.click("#show-all")
        assert page.eval("network.body.data.nodes.length") == view.number_of_nodes()
        assert page.eval("network.body.data.edges.length") == view.number_of_edges()
        assert not page.page.is_visible("#show-all")
        first = page.eval("network.getPositions()")
        page.page.wait_for_timeout(300)
        assert page.eval("network.getPositions()") == first
        assert page.external == [] and page.errors == []
    finally:
        page.close()
