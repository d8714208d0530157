"""Pages whose text and file names carry characters that RDF writers get wrong.

Each entry: (file name as bytes, page bytes, strings that must come out unchanged in
the graph).  The strings are what the decoded page holds (see graph/corpus.py: NUL
and lone surrogates become U+FFFD, one for one).
"""

from __future__ import annotations

import codecs

BIG = "长" * 350_000  # about 1 MB in UTF-8

NAMES = {
    "quotes": '《关于"引号"与\'单引号\'的"""三引号"""规划》',
    "backslashes": "《长沙\\市\\\\株洲\\n湘潭\\u0041规划》",
    "u2028": "《湘潭\u2028市\u2029规划》",
    "rtl": "《\u202e长沙\u202c市\u200f株洲\u200e规划》",
    "markup": "《长沙 <市> #1 & 株洲%20湘潭 {规划}|^`》",
    "replacement": "《长沙\ufffd市规划》",
    "emoji": "《长沙🚄高铁𠀀规划》",
}


def _page(title: str, body: str, source: str = "株洲日报") -> str:
    return f"{title}\n\n2024年12月10日 10:00:00\n\n【来源:{source}】\n\n{body}\n\n编辑丨余水清\n"


def cases() -> list[tuple[bytes, bytes, list[str]]]:
    out = []
    for key, name in NAMES.items():
        body = f"长沙市人民政府印发{name}。株洲市人民政府与湘潭市人民政府签署合作协议。"
        title = f"标题{name[1:-1]}"
        out.append((f"lit_{key}.txt".encode(), _page(title, body).encode("utf-8"), [name[1:-1], title]))
    # file names: quotes, backslash, <>#, spaces, RTL, a newline, bytes that are not UTF-8
    fname = 'lit "q" \\ <a> #1 \u202e.txt'.encode() 
    out.append((fname, _page("文件名测试", "长沙市召开会议。").encode(), []))
    out.append((b"lit_bad_\xff\xfe_\n.txt", _page("坏文件名测试", "株洲市召开会议。").encode(), []))
    # NUL after the first 8 KB (earlier it is a binary file): U+FFFD in the decoded text
    pad = "长沙市召开会议。\n" * 700
    data = _page("空字符测试", pad + "《湘潭\x00市规划》印发。").encode()
    out.append((b"lit_nul.txt", data, ["湘潭\ufffd市规划"]))
    # a lone surrogate in UTF-16: U+FFFD
    text = _page("代理项测试", "长沙市人民政府印发《长沙\ud800市规划》。")
    out.append((b"lit_surrogate.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass"), ["长沙\ufffd市规划"]))
    # 1 MB strings: a page title and a policy name
    out.append((b"lit_big.txt", _page("大" + BIG, f"长沙市人民政府印发《{BIG}规划》。").encode(), ["大" + BIG]))
    return out
