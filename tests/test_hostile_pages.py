"""Hostile pages: XSS payloads in page titles, entity names, teasers, source lines,
bylines and file names go through a real build; nothing they contain may run.

Figures printed: payloads tried, payloads that reached the graph page's data,
unescaped occurrences in graph.html / report.txt, executed in the browser (with the
page's CSP, and again with CSP bypassed so the escaping alone is tested), dialogs,
requests that left the file.  Every failure names the payload.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from graph.build import build
from graph.corpus import _UNREPRESENTABLE
from graph.errors import ValidationFailed

from .conftest import DATA
from .figures import report
from .hostile_cases import PAYLOADS, write_pages

try:
    from tests.test_browser import Loaded, browser_state, need  # noqa: F401 - browser_state is a fixture
except ImportError:  # pragma: no cover - tests/ run as rootdir
    from test_browser import Loaded, browser_state, need  # noqa: F401

#: Strings that only a payload puts there: if one shows up in markup, code or a URL, a payload got through.
MARKERS = ("__trip", "evil.example", "alert(", "javascript:", "onerror", "onload", "onfocus", "ontoggle", "onmouseover")


def normalized(p: str) -> str:
    """The payload as it stands in the decoded page (C0 controls become U+FFFD)."""
    return _UNREPRESENTABLE.sub("\ufffd", p)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(DATA / "lexicon", data / "lexicon")
    pages = write_pages(data / "raw")
    out = root / "out"
    try:
        result = build(data, out)
    except ValidationFailed as exc:  # a hostile page must not be able to fail everyone's build
        pytest.fail(f"the build of the hostile pages failed SHACL: {exc.report[:3000]}")
    return result, out, pages


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script, self._buf = dict(attrs), []

    def handle_data(self, data):
        if self._in_script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None


def _graph_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="czt-data">(.*?)</script>', html, re.S)
    assert m, "graph.html has no data script"
    return json.loads(m.group(1))


def test_hostile_pages_build_and_nothing_is_unescaped(hostile_build, request):
    result, out, pages = hostile_build
    assert len(PAYLOADS) >= 50
    assert not result.page_errors, [str(e) for e in result.page_errors]
    html = (out / "graph.html").read_text(encoding="utf-8")
    text_report = (out / "report.txt").read_text(encoding="utf-8")
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))

    # every payload reached the graph page's data (else this suite proves nothing)
    data_strings = list(_strings(_graph_data(html)))
    missing = [p for p in PAYLOADS if not any(normalized(p) in s for s in data_strings)]
    assert not missing, f"payloads that never reached graph.html: {missing}"

    # graph.html: no payload with markup characters stands raw in the source, and the
    # parsed document has no tag, attribute or code that a payload brought
    problems: list[str] = []
    for p in PAYLOADS:
        if re.search(r"[<>]", p) and normalized(p) in html:
            problems.append(f"raw in graph.html: {p!r}")
    parsed = _Markup()
    parsed.feed(html)
    allowed = {"html", "head", "meta", "title", "style", "script", "body", "header", "h1", "div", "input", "ul",
               "label", "span", "button", "aside", "noscript", "p"}
    for tag, attrs in parsed.tags:
        if tag not in allowed:
            problems.append(f"unexpected <{tag}> in graph.html")
        for name, value in attrs:
            if name.startswith("on") or any(m in (value or "") for m in MARKERS):
                problems.append(f"<{tag} {name}={value!r}> in graph.html")
    for attrs, code in parsed.scripts:
        if attrs.get("type") == "application/json":
            json.loads(code)  # data stays data: it parses, and nothing broke out of it
        elif "__trip" in code or "evil.example" in code:
            problems.append("a payload inside an executable <script>")
    # report.txt is plain text: no control characters (terminal escapes), no forged lines
    for ch in sorted(set(re.findall(r"[\x00-\x08\x0b-\x1f\x7f]", text_report))):
        problems.append(f"control character {ch!r} in report.txt")
    # analysis.json is JSON: the payload names in it round-trip exactly
    a_strings = list(_strings(analysis))
    in_analysis = sum(1 for p in PAYLOADS if any(normalized(p) in s for s in a_strings))
    report(
        request,
        f"hostile pages: {len(PAYLOADS)} payloads in {len(pages)} pages, {len(PAYLOADS) - len(missing)} reached graph.html, "
        f"{in_analysis} reached analysis.json, unescaped in graph.html/report.txt: {len(problems)}",
    )
    assert not problems, problems


PAGE_CHECK = r"""() => {
  const sel = 'img, iframe, object, embed, video, audio, source, svg[onload], math, form, base, x, marquee, details,'
    + ' link, meta[http-equiv="refresh"], a[href], [onerror], [onload], [onclick], [onfocus], [onmouseover], [ontoggle],'
    + ' [onstart], [style*="javascript"], [style*="expression"], [srcdoc]';
  const bad = Array.from(document.querySelectorAll(sel)).filter(e => !e.closest('#graph'))
    .concat(Array.from(document.querySelectorAll('body *')).filter(e => e.tagName !== 'SCRIPT'
      && Array.from(e.attributes).some(a => /__trip|evil\.example|javascript:/i.test(a.value))));
  const code = Array.from(document.scripts).filter(s => s.type !== 'application/json')
    .filter(s => s.textContent.includes('__trip')).length;
  return {injected: bad.map(e => e.outerHTML.slice(0, 80)), code: code, pwned: window.__pwned || 0};
}"""


EXERCISE = r"""([nodes, edges, queries]) => {
  let steps = 0;
  for (const id of nodes) { cztGraph.select(id); steps++; }
  for (const id of edges) { cztGraph.selectEdge(id); steps++; }
  const input = document.getElementById('search');
  for (const q of queries) {  // what typing does: input events, then Enter on the first result
    input.value = q;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    steps++;
  }
  return steps;
}"""


def _exercise(page, node_ids: list[str], edge_ids: list[str]) -> dict:
    """Select every node and edge, search for every payload (in page), then a sample by
    real mouse and keyboard: hover and click nodes, type payloads, toggle views."""
    pw = page.page
    queries = list(PAYLOADS) + ["href", "script", "javascript", "trip", "onerror"]
    steps = page.eval(EXERCISE, [node_ids, edge_ids, queries])
    for n in node_ids[:12]:
        try:
            x, y = page.screen_xy(n)
        except Exception:  # noqa: BLE001 - a node hidden in the overview has no position
            continue
        pw.mouse.move(x, y)
        pw.mouse.click(x, y)
        steps += 1
    for q in queries[:: max(1, len(queries) // 8)]:
        pw.fill("#search", q)
        pw.press("#search", "Enter")
        steps += 1
    for toggle in ("#community-toggle", "#english-toggle"):
        pw.check(toggle)
        pw.uncheck(toggle)
    pw.wait_for_timeout(300)
    state = page.eval(PAGE_CHECK)
    state["steps"] = steps
    return state


@pytest.mark.parametrize("csp", ["with-csp", "csp-bypassed"])
def test_graph_page_of_hostile_pages_executes_nothing(hostile_build, browser_state, csp, request):
    browser = need(browser_state)
    _result, out, _pages = hostile_build
    data = _graph_data((out / "graph.html").read_text(encoding="utf-8"))
    node_ids = [n["id"] for n in data["nodes"]]
    edge_ids = [e["id"] for e in data["edges"] if "id" in e] or [f"e{j}" for j in range(len(data["edges"]))]

    original = browser.new_context
    tripwire = "window.__trip = function () { window.__pwned = (window.__pwned || 0) + 1; };"

    def context(**kw):  # Loaded opens its own context: add the tripwire (and the CSP bypass) to it
        ctx = original(**kw, bypass_csp=(csp == "csp-bypassed"))
        ctx.add_init_script(tripwire)
        return ctx

    browser.new_context = context
    try:
        page = Loaded(browser, out / "graph.html")
    finally:
        browser.new_context = original
    try:
        assert page.eval("typeof window.__trip") == "function"
        state = _exercise(page, node_ids, edge_ids)
        executed = state["pwned"] + len(page.dialogs) + state["code"]
        report(
            request,
            f"hostile graph page ({csp}): {len(PAYLOADS)} payloads, {len(node_ids)} nodes and {len(edge_ids)} edges "
            f"selected, {state['steps']} interactions; executed {executed}, dialogs {len(page.dialogs)}, "
            f"injected elements {len(state['injected'])}, requests that left the file {len(page.external)}",
        )
        assert state["pwned"] == 0, "a payload called __trip()"
        assert page.dialogs == [], page.dialogs
        assert state["injected"] == [], state["injected"]
        assert state["code"] == 0
        assert page.external == [], page.external
        assert page.errors == [], page.errors
        if csp == "csp-bypassed":  # the tripwire works: markup that did get in would have been counted
            page.eval("() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__trip()>')")
            page.page.wait_for_function("() => (window.__pwned || 0) > 0", timeout=5000)
    finally:
        page.close()
