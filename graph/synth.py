"""Deterministic synthetic corpus of the real genre, for benchmarks and scale tests.

Pages look like the scraped pages of ``data/raw``: a headline, a date line, a
``【来源:…】`` line, an article of signings (X与Y签署…协议), meetings held in a
city, collective references (长株潭三市, 三市) and claimed counts ("等N项重大项目"),
a ``来源丨``/``编辑丨``/``审核丨`` byline, a notice, and one to three
"recommended article" teasers glued to the end.  Entities come from the project's
lexicon; sentences are templates written for this module.

Every page is drawn from its own random stream seeded by ``(seed, index)``, so
page *i* is the same whatever the corpus size: ``generate(1000)`` starts with
``generate(100)``, byte for byte (which is what an incremental-build test needs).

Encodings mix like the real collection: mostly UTF-8, some UTF-8 with BOM,
GBK/GB18030, and Big5 (Traditional characters) when every character of the page
encodes in Big5 (otherwise the page stays UTF-8).

Synthetic pages are written to a folder the caller names, never to ``data/raw``.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import Lexicon

SITE = " - 天天要闻"
#: the project's own pages: synthetic pages never go there
PROJECT_RAW = (Path(__file__).resolve().parent.parent / "data" / "raw").resolve()

TOPICS = (
    "产业协作", "交通互联", "生态环境联防联治", "文化旅游", "科技创新", "社会信用体系建设",
    "医疗卫生", "人才交流", "政务服务通办", "园区共建", "数据共享", "应急联动", "教育合作",
    "流域生态保护补偿", "知识产权保护", "市场监管", "农业农村", "招商引资", "水利建设",
)
SECTORS = ("轨道交通装备", "工程机械", "新材料", "先进电机", "电子信息", "生物医药", "新能源汽车", "数字经济")
MEETINGS = ("工作推进会", "联席会议", "座谈会", "协调会", "现场观摩会", "项目集中签约仪式", "专题调度会")
NOUNS = ("重大项目", "重点项目", "改革事项", "合作事项", "民生实事", "重大政策")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志明海涛晓东丽华文斌春梅国强新民振宇思远雅婷卫东红军小平德胜永刚玉兰秀英俊杰光辉子涵家豪文静嘉欣宏伟立新"
CATEGORIES = ("国内", "国际", "本地", "财经", "社会")
NOTICE = "声明:此文版权归原作者所有,若有来源错误或者侵犯您的合法权益,您可通过邮箱与我们取得联系,我们将及时进行处理。"

#: OpenCC's Traditional forms Big5 lacks → the Big5 forms real pages use
BIG5_VARIANTS = str.maketrans({"丨": "｜", "爲": "為", "羣": "群", "峯": "峰", "綫": "線", "裏": "裡"})

#: share of pages per encoding, out of 20 (the rest are UTF-8)
ENCODING_SLOTS = (("utf-8-sig", 2), ("gbk", 2), ("gb18030", 1), ("big5", 1))


@dataclass(frozen=True)
class Pools:
    """The lexicon entries the templates draw from, by role."""

    cities: tuple[str, ...]  # prefecture-level cities (full labels)
    czt: tuple[str, ...]  # 长沙市 株洲市 湘潭市
    counties: tuple[tuple[str, str], ...]  # (city, county or district of it)
    agencies: tuple[str, ...]
    companies: tuple[str, ...]
    universities: tuple[str, ...]
    projects: tuple[str, ...]
    reforms: tuple[str, ...]
    policies: tuple[str, ...]
    outlets: tuple[str, ...]


def pools_of(lexicon: Lexicon) -> Pools:
    """Sorted pools of labels (sorted: the lexicon's own order must not leak in)."""

    def labels(*classes: str, level: str | None = None) -> tuple[str, ...]:
        return tuple(sorted(e.label for e in lexicon.entries if e.cls in classes and (level is None or e.level == level)))

    cities = tuple(c for c in labels("City") if c.endswith("市"))
    czt = tuple(c for c in ("长沙市", "株洲市", "湘潭市") if c in cities)
    city_agencies = tuple(a for a in labels("GovernmentAgency") if any(a.startswith(c) for c in cities) and len(a) <= 16)
    return Pools(
        cities=cities,
        czt=czt,
        counties=tuple(
            (lexicon.by_label[c].part_of, c) for c in labels("County", "District") if lexicon.by_label[c].part_of in cities
        ),
        agencies=city_agencies,
        companies=labels("Company"),
        universities=labels("University", "ResearchInstitute"),
        projects=labels("Project", "Facility", "Platform", "Network", "Corridor"),
        reforms=labels("Reform"),
        policies=labels("Plan", "Strategy", "Regulation"),
        outlets=labels("MediaOutlet"),
    )


def _short(city: str) -> str:
    return city[:-1] if city.endswith("市") and len(city) > 2 else city


def _county(r: random.Random, p: Pools) -> str:
    city, county = r.choice(p.counties)
    return city + county


def _person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))


def _date(r: random.Random) -> tuple[int, int, int]:
    return r.choice((2023, 2024, 2025)), r.randint(1, 12), r.randint(1, 28)


def _signing(r: random.Random, p: Pools, md: str) -> str:
    a, b = r.sample(p.agencies, 2)
    topic = r.choice(TOPICS)
    where = r.choice(p.cities)
    return r.choice((
        f"{md},{a}与{b}在{_short(where)}签署{topic}合作协议。双方将在{r.choice(SECTORS)}、{r.choice(TOPICS)}等方面开展全面合作。",
        f"{a}与{b}共同签署《{_short(where)}{topic}框架协议》,明确了年度重点任务清单。",
        f"会上,{r.choice(p.companies)}与{r.choice(p.universities)}签署{r.choice(SECTORS)}战略合作协议。",
        f"长株潭三市{r.choice(('发改委', '商务局', '科技局', '交通运输局'))}与{_short(r.choice(p.cities))}市{r.choice(('发改委', '商务局'))}签署{topic}合作备忘录。",
    ))


def _meeting(r: random.Random, p: Pools, md: str) -> str:
    city = r.choice(p.cities)
    return r.choice((
        f"{md},长株潭一体化发展{r.choice(TOPICS)}{r.choice(MEETINGS)}在{_short(city)}召开。",
        f"{md},{r.choice(p.agencies)}在{_county(r, p)}召开{r.choice(TOPICS)}{r.choice(MEETINGS)}。",
        f"三市相关部门负责人参加{r.choice(MEETINGS)},{city}副市长{_person(r)}出席并讲话。",
    ))


def _claim(r: random.Random, p: Pools) -> str:
    k = r.randint(2, 3)
    items = "、".join(r.sample(p.projects, k))
    n = k + r.randint(0, 40)
    return r.choice((
        f"今年将加快推进{items}等{n}个{r.choice(NOUNS)},总投资{r.randint(10, 900)}亿元。",
        f"围绕{r.choice(p.policies)},全面深化{'、'.join(r.sample(p.reforms, 2))}等{r.randint(3, 60)}项重大改革。",
        f"本次会上,三市各职能部门、园区、企业间签署了合作协议{r.randint(3, 20)}个。",
    ))


def _filler(r: random.Random, p: Pools) -> str:
    return r.choice((
        f"据了解,今年以来,我市与{r.choice(p.cities)}已在{r.choice(TOPICS)}、{r.choice(TOPICS)}等领域签署合作文件{r.randint(2, 15)}份。",
        f"{r.choice(p.universities)}将牵头组建{r.choice(SECTORS)}创新联合体,推动成果在长株潭就地转化。",
        f"按照{r.choice(p.policies)}的部署,长株潭三市将把{r.choice(SECTORS)}产业链作为合作重点,共同打造全国重要增长极。",
        f"{_county(r, p)}负责人介绍,{r.choice(p.projects)}建设进展顺利,预计年内完工。",
        f"{r.choice(p.outlets)}记者了解到,{r.choice(p.companies)}今年在{r.choice(p.cities)}新增投资{r.randint(2, 80)}亿元。",
    ))


def _article(r: random.Random, p: Pools, paragraphs: int) -> tuple[str, list[str]]:
    y, m, d = _date(r)
    md = f"{m}月{d}日"
    a, b = r.sample(p.cities, 2)
    title = r.choice((
        f"{_short(a)}与{_short(b)}签署{r.choice(TOPICS)}合作协议",
        f"长株潭一体化发展{r.choice(MEETINGS)}在{_short(a)}举行",
        f"{_short(a)}:{r.choice(SECTORS)}产业链项目集中开工",
        f"三市携手推进{r.choice(TOPICS)} {r.choice(p.projects)}加快建设",
    ))
    body = []
    for i in range(paragraphs):
        kind = (_signing, _meeting, _claim, _filler)[(i + r.randint(0, 3)) % 4]
        args = (r, p, md) if kind in (_signing, _meeting) else (r, p)
        body.append(kind(*args) + _filler(r, p))
    head = [
        title,
        f"{y}年{m}月{d}日{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} {r.choice(CATEGORIES)} {r.randint(100, 9999)}",
        f"【来源:{r.choice(p.outlets)}】",
    ]
    return title, head + body


def page_text(index: int, seed: int, pools: Pools) -> str:
    """The decoded text of synthetic page ``index`` (same ``index``/``seed`` → same text)."""
    r = random.Random(f"czt-synth:{seed}:{index}")
    title, lines = _article(r, pools, r.randint(3, 8))
    lines.insert(4, f"{title}{SITE}")
    lines += [
        f"来源丨{r.choice(pools.outlets)}",
        f"编辑丨{_person(r)}",
        f"审核丨{_person(r)} {_person(r)}",
        NOTICE,
        "国内分类资讯推荐",
    ]
    out = "\n\n".join(lines) + "\n\n"
    for _ in range(r.randint(1, 3)):
        t_title, t_lines = _article(r, pools, r.randint(1, 2))
        out += f"{t_title}{SITE}\n\n{t_title}\n\n{t_lines[2]}{''.join(t_lines[3:])}\n"
    return out


def encoding_for(index: int, seed: int) -> str:
    slot = random.Random(f"czt-synth-enc:{seed}:{index}").randrange(20)
    for name, share in ENCODING_SLOTS:
        if slot < share:
            return name
        slot -= share
    return "utf-8"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def page_bytes(index: int, seed: int, pools: Pools) -> tuple[bytes, str]:
    """Encoded bytes of page ``index`` and the encoding used."""
    text = page_text(index, seed, pools)
    enc = encoding_for(index, seed)
    if enc == "big5":
        trad = _s2t().convert(text).translate(BIG5_VARIANTS)
        try:
            return trad.encode("big5"), "big5"
        except UnicodeEncodeError:
            enc = "utf-8"  # a character Big5 lacks: keep the page readable
    if enc in ("gbk", "gb18030"):
        try:
            return text.encode(enc), enc
        except UnicodeEncodeError:
            enc = "utf-8"
    return text.encode(enc), enc


def page_name(index: int, seed: int) -> str:
    return f"syn{seed:03d}_{index:06d}.txt"


def generate(n: int, lexicon: Lexicon, seed: int = 0) -> list[tuple[str, bytes]]:
    """``n`` synthetic pages as (file name, bytes), in name order."""
    pools = pools_of(lexicon)
    return [(page_name(i, seed), page_bytes(i, seed, pools)[0]) for i in range(n)]


def write_corpus(folder: Path, n: int, lexicon_dir: Path, lexicon: Lexicon, seed: int = 0) -> Path:
    """Write a data folder (``raw/`` of ``n`` pages + a copy of ``lexicon/``) and return it.

    Pages already present with the same bytes are left alone (mtime kept), so a
    bigger corpus can grow from a smaller one.  Never points at ``data/raw``.
    """
    folder = Path(folder)
    raw = folder / "raw"
    if raw.resolve() == PROJECT_RAW:
        raise ValueError(f"{raw}: synthetic pages never go into the project's data/raw")
    raw.mkdir(parents=True, exist_ok=True)
    lex = folder / "lexicon"
    if not lex.exists():
        shutil.copytree(lexicon_dir, lex)
    for name, data in generate(n, lexicon, seed):
        path = raw / name
        if path.exists() and path.read_bytes() == data:
            continue
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return folder
