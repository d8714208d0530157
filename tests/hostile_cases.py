"""Hostile pages: XSS payloads placed where page text reaches the outputs.

Every payload, if it ever ran, would call the global ``__trip()`` (the browser test
defines it and counts calls) or ``alert()`` (counted by a dialog handler), or would
fetch ``evil.example`` (counted by the request hook).  Each payload goes on its own
page, in the page title, the 【来源】 line, entity names (a company, a 《…》 policy, a
leading group), the bylines, a teaser's title and its agreement name; a few also go in
the file name.
"""

from __future__ import annotations

from pathlib import Path

TRIP = "__trip()"

PAYLOADS: tuple[str, ...] = (
    "<script>__trip()</script>",
    "<SCRIPT>__trip()</SCRIPT>",
    "<script src=data:,__trip()></script>",
    "<img src=x onerror=__trip()>",
    '<img src="x" onerror="__trip()">',
    "<svg onload=__trip()>",
    "<svg/onload=__trip()>",
    "<svg><script>__trip()</script></svg>",
    "<body onload=__trip()>",
    '<iframe src="javascript:__trip()"></iframe>',
    '<iframe srcdoc="<script>parent.__trip()</script>"></iframe>',
    '<a href="javascript:__trip()">点击</a>',
    "javascript:__trip()",
    "JaVaScRiPt:__trip()",
    '" onmouseover="__trip()',
    "' onfocus='__trip()' autofocus='",
    '"><script>__trip()</script>',
    "'><img src=x onerror=__trip()>",
    "</script><script>__trip()</script>",
    "</title><script>__trip()</script>",
    "</textarea><script>__trip()</script>",
    "<!--<script>__trip()</script>-->",
    "]]><script>__trip()</script>",
    '{"a":"</script><script>__trip()</script>"}',
    "长沙\u2028__trip()//\u2029",
    "`${__trip()}`",
    "${__trip()}",
    "{{constructor.constructor('__trip()')()}}",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<div style="background:url(javascript:__trip())">',
    '<div style="width:expression(__trip())">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<img src=https://evil.example/beacon.png>",
    "<video><source onerror=__trip()></video>",
    "<details open ontoggle=__trip()>",
    "<input autofocus onfocus=__trip()>",
    "<marquee onstart=__trip()>",
    '<object data="javascript:__trip()">',
    '<embed src="javascript:__trip()">',
    "<math><mtext><table><mglyph><style><img src=x onerror=__trip()>",
    "<form action=javascript:__trip()><button>提交</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:__trip()">',
    '<base href="javascript:__trip()//">',
    "&lt;script&gt;__trip()&lt;/script&gt;",
    "&#60;img src=x onerror=__trip()&#62;",
    "%3Cscript%3E__trip()%3C/script%3E",
    '"href"',
    "href=javascript:__trip()",
    '\\"-__trip()-\\"',
    "\\';__trip();//",
    "</script><!--",
    "<scr<script>ipt>__trip()</scr</script>ipt>",
    "<img src=x:alert(1) onerror=eval(src)>",
    '<svg><a xlink:href="javascript:__trip()"><text>x</text></a></svg>',
    "data:text/html,<script>__trip()</script>",
    "<x onclick=__trip()>点我</x>",
    "\\x3cscript\\x3e__trip()\\x3c/script\\x3e",
    '"+__trip()+"',
    "'-alert(1)-'",
    "<img src=x onerror=&#x5F;&#x5F;trip()>",
    "<script>alert(document.domain)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=__trip()>\">",
    "<a href=\"https://evil.example/\">链接</a>",
    "\u202e<script>__trip()</script>\u202c",
    "\x1b[2J\x1b]0;pwned\x07<script>__trip()</script>",
)

#: Payloads that also go in a file name (no "/" allowed there).
NAMED = (0, 3, 5, 14, 18, 46)


def page_text(p: str) -> str:
    return (
        f"长沙市发布规划{p}\n\n"
        "2024年12月10日 10:00:00\n\n"
        f"【来源:{p}株洲日报】\n\n"
        f"长沙市人民政府与{p}有限公司签署合作协议。株洲市印发《{p}实施方案》。湘潭市{p}领导小组在长沙召开会议。\n\n"
        f"记者丨{p}\n\n编辑丨{p}\n\n"
        "相关推荐\n\n"
        f"{p}湘潭新闻 - 天天要闻\n\n{p}湘潭新闻\n\n"
        f"湘潭市人民政府与株洲市人民政府签署《{p}合作协议》。\n"
    )


def file_name(i: int, p: str) -> str:
    if i in NAMED:
        return f"hostile_{i:02d}_{p.replace('/', '_')}.txt"
    return f"hostile_{i:02d}.txt"


def write_pages(raw: Path) -> dict[str, str]:
    """Write one page per payload into ``raw``; returns {file name: payload}."""
    raw.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, p in enumerate(PAYLOADS):
        name = file_name(i, p)
        (raw / name).write_bytes(page_text(p).encode("utf-8"))
        out[name] = p
    return out
