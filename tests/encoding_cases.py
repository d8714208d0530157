"""Labelled page files for the encodings suite, generated deterministically.

Every case is ``(name, filename, data, expected_text, expect_uncertain)``:
``expected_text`` is what the decoded page must be (BOM removed, nothing else
changed; for a file whose last character was cut in half, that character is one
U+FFFD), ``expect_uncertain`` says the decoder must flag the page as uncertain
(damaged or mixed bytes: no decoder can be sure of those).

The sentences are our own, written in the genre (Simplified), with Traditional
forms made by OpenCC and a few Hong Kong sentences using HKSCS-only characters.
No randomness: the same list every run.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

SIMPLIFIED = [
    "长株潭三市发改委与萍乡市发改委共同签署跨区域社会信用体系建设合作协议。",
    "省长株潭一体化发展领导小组办公室印发《长株潭都市圈发展规划实施方案》的通知。",
    "湘潭市人民政府与株洲市人民政府在湘潭举行联席会议，研究湘江科教走廊建设。",
    "今年10月，长沙市发展和改革委员会召开新闻发布会，介绍43项重大项目和事项进展。",
    "韶山市政府与萍乡市安源区政府签署战略合作协议，在红色文化和干部教育培训等方面开展合作。",
    "湖南大学科创港、湘江科技创新院、新能源产业研究院等重大基础设施加快建设。",
    "株洲日报记者从市住建局获悉，长株潭中心城区突出内涝点整治工程已完成投资12亿元。",
    "会议强调，要持续深化要素市场化配置改革，推进农村集体经营性建设用地入市试点。",
    "岳阳市、常德市、益阳市三地签订洞庭湖生态经济区协同发展备忘录。",
    "江西省萍乡市与湖南省醴陵市共建湘赣边区域合作示范区，打造产业协作平台。",
    "市委书记在调研时指出，要把长株潭绿心国家植物园建设成为城市生态名片。",
    "《关于推进长株潭要素市场一体化的若干措施》明确了公平竞争审查互查等5项改革任务。",
    "郴州市商务局与广州南沙开发区管委会签订承接产业转移合作框架协议。",
    "湘江新区管委会发布通知，启动长沙绕城高速扩容提质工程沿线征地拆迁工作。",
    "2024年12月10日，长株潭一体化发展第六届市委书记联席会议在湘潭召开。",
    "娄底市人民政府办公室关于印发《娄底市优化营商环境三年行动计划》的通知。",
    "湖南省自然资源厅会同三市自然资源和规划局编制长株潭生态绿心保护规划。",
    "衡阳市与永州市签署湘南湘西承接产业转移示范区协同发展合作协议。",
    "长沙海关、株洲海关和湘潭海关联合推出通关便利化十项措施，服务外贸企业。",
    "怀化市国际陆港建设领导小组召开第三次全体会议，部署西部陆海新通道建设任务。",
]

#: Hong Kong news sentences with characters that only Big5-HKSCS encodes (嘅 咗 啲 㗎 噉).
HONG_KONG = [
    "特區政府今日公布嘅大灣區措施已經落實咗，粵港兩地會加強合作。",
    "發展局話北部都會區啲基建項目會分階段推展，㗎。",
    "運輸及物流局表示噉嘅安排有助深港跨境交通，唔會影響市民。",
    "立法會財委會今日通過撥款，用嚟興建港深創新及科技園嘅第一期大樓。",
]

#: Characters outside GB2312 (but inside GBK/GB18030): 镕 堃 喆 珺 昇 — names and place names.
OUTSIDE_GB2312 = [
    "朱镕基曾到长沙考察，市民喆、堃、珺三位代表发言，昇平街道完成改造。",
    "赟、玥、琰三名代表参加湘潭市人大会议，讨论湘江保护条例。",
]

#: Characters only GB18030 (4-byte sequences) encodes: CJK Extension A/B.
GB18030_ONLY = [
    "䶮字见于古籍，湘西州档案馆整理𠀀、𠀁等生僻字，完成数字化工作。",
]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("s2tw")


def traditional(text: str) -> str:
    return _t2s().convert(text)


def _paragraphs(sentences: list[str], i: int, n: int) -> str:
    """``n`` sentences starting at ``i`` (cyclic), one paragraph each, with a title line."""
    picked = [sentences[(i + k) % len(sentences)] for k in range(n)]
    title = picked[0][:14].rstrip("，。、")
    return title + "\n\n" + "\n\n".join(picked) + "\n"


def _truncate(data: bytes, encoding: str, text: str) -> tuple[bytes, str]:
    """Cut the last character of ``text`` in half; expected: that character becomes U+FFFD."""
    body = text.rstrip("\n")
    last = body[-1]
    while len(last.encode(encoding)) < 2:  # cut a multibyte character, not a newline or ASCII
        body = body[:-1]
        last = body[-1]
    head = body[:-1].encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        head = codecs.BOM_UTF16_LE + head if encoding.endswith("le") else codecs.BOM_UTF16_BE + head
    cut = last.encode(encoding)[:-1]
    return head + cut, body[:-1] + "\ufffd"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes
    text: str
    uncertain: bool = False

    @property
    def family(self) -> str:
        return self.name.split("/")[0]


def _html(text: str, charset: str) -> str:
    lines = text.strip("\n").split("\n\n")
    body = "".join(f"<p>{ln}</p>\n" for ln in lines[1:])
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">\n<title>{lines[0]}</title></head>\n'
        f"<body>\n<h1>{lines[0]}</h1>\n{body}</body></html>\n"
    )


def cases() -> list[Case]:
    out: list[Case] = []
    add = out.append
    S, H = SIMPLIFIED, HONG_KONG
    for i in range(len(S)):
        n = 1 + i % 4  # 1..4 sentences: short pages are the hard ones
        simp = _paragraphs(S, i, n)
        trad = traditional(simp)
        longer = _paragraphs(S, i, n + 3)
        add(Case(f"utf-8/{i}", f"p{i}.txt", simp.encode("utf-8"), simp))
        add(Case(f"utf-8-trad/{i}", f"p{i}.txt", trad.encode("utf-8"), trad))
        add(Case(f"utf-8-bom/{i}", f"p{i}.txt", codecs.BOM_UTF8 + simp.encode("utf-8"), simp))
        add(Case(f"gb18030/{i}", f"p{i}.txt", simp.encode("gb18030"), simp))
        add(Case(f"gbk/{i}", f"p{i}.txt", simp.encode("gbk"), simp))
        add(Case(f"gb2312/{i}", f"p{i}.txt", simp.encode("gb2312"), simp))
        add(Case(f"big5/{i}", f"p{i}.txt", trad.encode("big5"), trad))
        add(Case(f"utf-16-le/{i}", f"p{i}.txt", codecs.BOM_UTF16_LE + simp.encode("utf-16-le"), simp))
        add(Case(f"utf-16-be/{i}", f"p{i}.txt", codecs.BOM_UTF16_BE + trad.encode("utf-16-be"), trad))
        # mislabelled: the label says one thing, the bytes are another
        if i % 2 == 0:
            html = _html(simp, "gb2312")
            add(Case(f"mislabel-meta-gb2312-is-utf8/{i}", f"p{i}.html", html.encode("utf-8"), html))
        else:
            html = _html(trad, "big5")
            add(Case(f"mislabel-meta-big5-is-utf8/{i}", f"p{i}.html", html.encode("utf-8"), html))
        add(Case(f"mislabel-name-big5-is-utf8/{i}", f"p{i}.big5.txt", simp.encode("utf-8"), simp))
        html = _html(longer, "utf-8")
        add(Case(f"mislabel-meta-utf8-is-gbk/{i}", f"p{i}.html", html.encode("gbk"), html))
        add(Case(f"mislabel-name-gbk-is-big5/{i}", f"p{i}.gbk.txt", traditional(longer).encode("big5"), traditional(longer)))
        # truncated multibyte character at the end of the file
        enc = ("utf-8", "gb18030", "big5", "utf-16-le")[i % 4]
        src = trad if enc == "big5" else simp
        data, expected = _truncate(src.encode(enc), enc, src)
        add(Case(f"truncated-{enc}/{i}", f"p{i}.txt", data, expected, uncertain=True))
        # mixed: a UTF-8 page with one paragraph pasted in GBK
        if i % 2 == 0:
            parts = longer.split("\n\n")
            k = len(parts) // 2
            data = "\n\n".join(parts[:k]).encode("utf-8") + b"\n\n" + parts[k].encode("gbk") + b"\n\n" + "\n\n".join(parts[k + 1 :]).encode("utf-8")
            add(Case(f"mixed-utf8-gbk/{i}", f"p{i}.txt", data, longer, uncertain=True))
    # the label gb2312 with characters outside GB2312: must be read as GB18030
    for i, s in enumerate(OUTSIDE_GB2312 * 3):
        text = _paragraphs([s] + S[i:i + 2], 0, 2 + i % 2)
        add(Case(f"gbk-outside-gb2312/{i}", f"p{i}.txt", text.encode("gbk"), text))
        html = _html(text, "gb2312")
        add(Case(f"meta-gb2312-is-gbk/{i}", f"p{i}.html", html.encode("gb18030"), html))
    for i, s in enumerate(GB18030_ONLY * 2):
        text = _paragraphs([s] + S[i:i + 3], 0, 2 + i)
        add(Case(f"gb18030-4byte/{i}", f"p{i}.txt", text.encode("gb18030"), text))
    for i in range(len(H)):
        text = _paragraphs(H, i, 2 + i % 2)
        add(Case(f"big5-hkscs/{i}", f"p{i}.txt", text.encode("big5hkscs"), text))
        add(Case(f"big5-hkscs-name/{i}", f"p{i}.big5.txt", text.encode("big5hkscs"), text))
    # very short pages (a headline alone): the hardest for any detector
    for i, s in enumerate(S):
        head = s[:8 + i % 5]
        add(Case(f"short-gbk/{i}", f"s{i}.txt", head.encode("gbk"), head))
        add(Case(f"short-big5/{i}", f"s{i}.txt", traditional(head).encode("big5"), traditional(head)))
    names = [c.name for c in out]
    assert len(names) == len(set(names)), "case names must be unique"
    return out


def legacy_cases() -> list[Case]:
    """The GBK/GB18030/Big5 cases without BOM or label: what a detector alone must get right."""
    keep = ("gb18030/", "gbk/", "gb2312/", "big5/", "big5-hkscs/", "gbk-outside-gb2312/", "gb18030-4byte/", "short-")
    return [c for c in cases() if c.name.startswith(keep)]
