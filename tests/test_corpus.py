"""Corpus stage: decoding pages as they come and splitting them into documents."""

from __future__ import annotations

import codecs

import pytest

from graph.corpus import decode_bytes, decode_page, segment, sentences
from graph.errors import PageError
from graph.vocab import DEFAULT_BASE

from .conftest import SEED

SAMPLE = "长株潭三市发改委与萍乡市发改委共同签署跨区域社会信用体系建设合作协议。"
TRADITIONAL = "長株潭三市發改委與萍鄉市發改委共同簽署跨區域社會信用體系建設合作協議。"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SAMPLE.encode("utf-8"), SAMPLE, "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE, "utf-8-sig"),
        (SAMPLE.encode("utf-16"), SAMPLE, "utf-16"),
        ((SAMPLE * 3).encode("gb18030"), SAMPLE * 3, "gb18030"),
        ((TRADITIONAL * 3).encode("big5"), TRADITIONAL * 3, "big5hkscs"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "gb18030", "big5"],
)
def test_decoding_keeps_text_and_names_encoding(data, text, encoding):
    decoded, enc, _confident = decode_bytes(data, "x.txt")
    assert decoded == text
    assert enc == encoding


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 10, "not text"),
        (bytes(range(256)) * 4, "not text"),
    ],
    ids=["empty", "blank", "nul-bytes", "all-bytes"],
)
def test_bad_pages_raise_one_line_error_naming_the_file(data, message):
    with pytest.raises(PageError) as exc:
        decode_page(data, "raw/bad.txt")
    text = str(exc.value)
    assert text.startswith("raw/bad.txt: ")
    assert message in text
    assert "\n" not in text


def test_seed_page_splits_into_article_and_seven_teasers():
    page = decode_page(SEED.read_bytes(), str(SEED))
    docs = segment(page, DEFAULT_BASE)
    assert [d.kind for d in docs] == ["article"] + ["teaser"] * 7
    article = docs[0]
    assert article.title == "将长株潭作为一座特大城市一体打造!"
    assert (article.date, article.datetime) == ("2024-12-10", "2024-12-10T23:32:14")
    assert article.source == "新闻株洲"
    assert article.original_source == "湘潭广电"
    assert article.editors == ("余水清",)
    assert article.reviewers == ("彭建南", "曹艳")
    # the article stops before the recommendations; teasers are not part of it
    assert "太原市" not in article.text and "国际分类资讯推荐" not in article.text
    assert docs[1].title == "服务效能再提速 太原市倾力解决群众“登记难”"
    assert "太原市规划和自然资源局" in docs[1].text
    # every document span lies inside the page, and they do not overlap
    spans = [d.span for d in docs]
    assert all(0 <= a < b <= len(page.text) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_document_iris_depend_on_content_not_file_name():
    data = SEED.read_bytes()
    a = segment(decode_page(data, "a.txt"), DEFAULT_BASE)
    b = segment(decode_page(data, "renamed.txt"), DEFAULT_BASE)
    assert [d.id for d in a] == [d.id for d in b]


def test_sentences_are_exact_slices_and_skip_metadata_lines():
    page = decode_page(SEED.read_bytes(), str(SEED))
    article = segment(page, DEFAULT_BASE)[0]
    sents = sentences(article)
    assert all(page.text[s.start : s.end] == s.text for s in sents)
    texts = [s.text for s in sents]
    assert "“一厅”指在长株潭三市交界点及周边构建湖湘绿厅。" in texts
    assert not any(t.startswith(("编辑丨", "审核丨", "来源丨", "声明")) for t in texts)
    assert not any(t.endswith("- 天天要闻") for t in texts)


def test_page_of_only_teasers_has_no_article():
    text = (
        "甲乙丙新闻 - 天天要闻\n\n甲乙丙新闻\n\n长沙市召开会议。\n"
        "丁戊己新闻 - 天天要闻\n\n丁戊己新闻\n\n株洲市发布规划。\n"
    )
    docs = segment(decode_page(text.encode(), "t.txt"), DEFAULT_BASE)
    assert [d.kind for d in docs] == ["teaser", "teaser"]
    assert [d.title for d in docs] == ["甲乙丙新闻", "丁戊己新闻"]


_HEAD = "益阳召开园区建设推进会\n\n【来源：益阳日报】\n\n6月3日，益阳市召开园区建设推进会。会议部署下半年工作。\n\n"


@pytest.mark.parametrize(
    "tail, kinds, titles, sources",
    [
        # a header, then teasers with no chrome line; the first has a source, the second not
        (
            "相关阅读\n\n沅江市举办首届芦笋美食节\n\n【来源：沅江发布】近日，首届芦笋美食节在沅江市开幕。\n\n"
            "桃江县召开竹产业对接会\n\n桃江县日前召开竹产业对接会，十余家企业签约。\n",
            ["article", "teaser", "teaser"],
            ["益阳召开园区建设推进会", "沅江市举办首届芦笋美食节", "桃江县召开竹产业对接会"],
            ["益阳日报", "沅江发布", None],
        ),
        # the teaser's title written twice is one teaser
        (
            "推荐阅读\n安化黑茶产业园二期开工\n安化黑茶产业园二期开工\n安化县近日启动黑茶产业园二期建设。\n",
            ["article", "teaser"],
            ["益阳召开园区建设推进会", "安化黑茶产业园二期开工"],
            ["益阳日报", None],
        ),
        # no header and no chrome: title lines followed by a body after the closing bylines
        (
            "编辑丨周敏\n\n审核丨李强\n\n南县启动稻虾产业提质工程\n\n南县近日启动稻虾产业提质工程，计划三年投入2亿元。\n\n"
            "赫山区举行招商推介会\n\n【来源：赫山融媒】赫山区日前在长沙举行招商推介会。\n",
            ["article", "teaser", "teaser"],
            ["益阳召开园区建设推进会", "南县启动稻虾产业提质工程", "赫山区举行招商推介会"],
            ["益阳日报", None, "赫山融媒"],
        ),
        # other header words; a teaser's source and date lines are part of it
        (
            "往期回顾\n\n津市市召开盐化工产业座谈会\n来源：津市融媒 2025-05-30\n近日，津市市召开盐化工产业座谈会。\n",
            ["article", "teaser"],
            ["益阳召开园区建设推进会", "津市市召开盐化工产业座谈会"],
            ["益阳日报", None],
        ),
        # closing bylines followed by a short line and nothing else: no teaser
        ("编辑丨周敏\n\n审核丨李强\n\n扫码关注我们\n", ["article"], ["益阳召开园区建设推进会"], ["益阳日报"]),
        # no closing byline: a subheading and its paragraph stay in the article
        ("二、下一步工作\n\n会议要求各区县加快推进项目建设，确保完成全年目标任务。\n", ["article"], ["益阳召开园区建设推进会"], ["益阳日报"]),
    ],
    ids=["header-no-chrome", "repeated-title", "after-bylines", "other-header-word", "no-body-after-bylines", "subheading"],
)
def test_teasers_without_chrome_lines_are_their_own_documents(tail, kinds, titles, sources):
    text = _HEAD + tail
    docs = segment(decode_page(text.encode(), "t.txt"), DEFAULT_BASE)
    assert [d.kind for d in docs] == kinds
    assert [d.title for d in docs] == titles
    assert [d.source for d in docs] == sources
    # documents do not overlap, and each teaser starts at its title
    for a, b in zip(docs, docs[1:]):
        assert a.span[1] <= b.span[0]
    for d in docs[1:]:
        assert text[d.span[0] : d.span[1]].startswith(d.title)


# -- bad input: every kind gets a one-line message naming the file, or a documented
#    best effort; bounded time; never a traceback -----------------------------------

import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from graph.corpus import MAX_PAGE_BYTES, read_page  # noqa: E402

_rng = random.Random(20241210)
_ARTICLE = "长沙召开会议\n\n2024年12月10日\n\n长沙市人民政府与株洲市人民政府签署合作协议。\n"
_HTML = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>湘潭市发布规划 &amp; 通知</title>\n'
    '<script>var city = "岳阳市人民政府";</script><style>p { color: red }</style></head>\n'
    "<body><h1>湘潭市发布规划</h1>\n<p>长沙市人民政府与<b>株洲市人民政府</b>签署合作协议。</p>\n"
    "<!-- 常德市 -->\n</body></html>\n"
)
_TEASERS = (
    "甲乙丙新闻 - 天天要闻\n\n甲乙丙新闻\n\n长沙市召开会议。\n"
    "丁戊己新闻 - 天天要闻\n\n丁戊己新闻\n\n株洲市发布规划。\n"
)
_late_nul = ("长沙市召开会议。\n" * 800).encode() + b"\x00\x01" + "株洲市。\n".encode()

# (id, bytes, expected): "error: <words in the message>" or "ok: <check name>"
BAD_INPUT = [
    ("empty", b"", "error: page is empty"),
    ("blank", b" \r\n\t\n", "error: page is empty"),
    ("bom-only", codecs.BOM_UTF8, "error: no text"),
    ("utf16-bom-blank", codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"), "error: no text"),
    ("png", b"\x89PNG\r\n\x1a\n" + _rng.randbytes(4000), "error: not text"),
    ("zip", b"PK\x03\x04" + _rng.randbytes(4000), "error: not text"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _rng.randbytes(4000), "error: not text"),
    ("elf", b"\x7fELF\x02\x01\x01\x00" + bytes(200), "error: not text"),
    ("random-high-bytes", bytes(_rng.randrange(128, 256) for _ in range(6000)), "error: cannot be decoded"),
    ("short-garbage", bytes(_rng.randrange(128, 256) for _ in range(40)), "error: cannot be decoded"),
    ("utf16-bom-garbage", codecs.BOM_UTF16_LE + b"\x00\xd8" * 200, "error: undecodable"),
    ("too-big-20MB", b"a" * (20 * 1024 * 1024), "error: over the 4 MB limit"),
    ("html", _HTML.encode(), "ok: html"),
    ("only-teasers", _TEASERS.encode(), "ok: teasers"),
    ("utf16-no-bom", _ARTICLE.encode("utf-16-le"), "ok: uncertain"),
    ("western-cp1252", "Société régionale, économie à Paris.\n".encode("cp1252"), "ok: uncertain"),
    ("cut-last-char", _ARTICLE.encode("gb18030")[:-2], "ok: uncertain"),
    ("nul-after-8k", _late_nul, "ok: replaced"),
    ("lone-surrogate-utf16", codecs.BOM_UTF16_LE + "长沙".encode("utf-16-le") + b"\x00\xd8" + "株洲".encode("utf-16-le"), "ok: replaced"),
    ("crlf-and-u2028", "长沙市\r\n株洲市\u2028湘潭市\n".encode(), "ok: unchanged"),
]


def _check(name: str, page) -> None:
    docs = segment(page, DEFAULT_BASE)
    if name == "html":
        assert page.text == _HTML, "decoded text of an HTML page is the file's text"
        [article] = docs
        assert article.title == "湘潭市发布规划 & 通知"
        texts = [s.text for s in sentences(article)]
        assert "长沙市人民政府与<b>株洲市人民政府</b>签署合作协议。" in texts
        assert not any("岳阳市" in t or "常德市" in t or "color" in t for t in texts), texts
    elif name == "teasers":
        assert [d.kind for d in docs] == ["teaser", "teaser"]
    elif name == "uncertain":
        assert not page.encoding_confident
        assert "长沙" in page.text or "Société" in page.text
    elif name == "replaced":
        assert "\x00" not in page.text and "\ufffd" in page.text and not page.encoding_confident
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in page.text)
    elif name == "unchanged":
        assert page.text == "长沙市\r\n株洲市\u2028湘潭市\n" and page.encoding_confident
    for d in docs:
        assert 0 <= d.span[0] < d.span[1] <= len(page.text)
        for s in sentences(d):
            assert page.text[s.start : s.end] == s.text


@pytest.mark.parametrize("case, data, expected", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_gets_one_line_message_or_documented_best_effort(case, data, expected):
    path = f"raw/{case}.txt"
    t0 = time.monotonic()
    try:
        page = decode_page(data, path)
    except PageError as exc:
        message = str(exc)
        assert expected.startswith("error: "), f"{case}: refused with {message!r}, expected {expected}"
        assert message.startswith(f"{path}: ") and "\n" not in message, f"{case}: {message!r}"
        assert expected[7:] in message, f"{case}: {message!r} does not say {expected[7:]!r}"
    else:
        assert expected.startswith("ok: "), f"{case}: read as {page.encoding}, expected {expected}"
        _check(expected[4:], page)
    assert time.monotonic() - t0 < 10, f"{case}: took {time.monotonic() - t0:.1f} s"


def test_largest_allowed_page_decodes_and_segments_in_bounded_time_and_memory():
    import tracemalloc

    line = "长株潭三市发改委与萍乡市发改委共同签署跨区域社会信用体系建设合作协议。\n"
    data = ("标题\n\n" + line * (MAX_PAGE_BYTES // len(line.encode()) - 1)).encode()
    assert len(data) <= MAX_PAGE_BYTES
    tracemalloc.start()
    t0 = time.monotonic()
    page = decode_page(data, "big.txt")
    docs = segment(page, DEFAULT_BASE)
    n = len(sentences(docs[0]))
    elapsed = time.monotonic() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n > 30_000
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert peak < 40 * len(data), f"peak {peak / 1e6:.0f} MB for a {len(data) / 1e6:.0f} MB page"


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "dump.txt"
    with open(big, "wb") as f:
        f.truncate(20 * 1024 * 1024)  # sparse: 20 MB that cost nothing to write
    with pytest.raises(PageError, match=r"dump.txt: page is 20.0 MB, over the 4 MB limit"):
        read_page(big)
    with pytest.raises(PageError, match="is a folder"):
        read_page(tmp_path)


def _bad_pages(raw):
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (raw / "garbage.txt").write_bytes(bytes(_rng.randrange(128, 256) for _ in range(3000)))
    with open(raw / "dump.txt", "wb") as f:
        f.truncate(20 * 1024 * 1024)
    (raw / "page.html").write_text(_HTML, encoding="utf-8")
    (raw / "teasers.txt").write_text(_TEASERS, encoding="utf-8")
    return {"empty.txt": "page is empty", "image.txt": "not text", "garbage.txt": "cannot be decoded",
            "dump.txt": "over the 4 MB limit"}


def _cli(*args):
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONUNBUFFERED", None)  # buffered output, as on a user's machine: all of it must come out
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, timeout=300, env=env)


def _assert_one_line_each(stderr: str, expected: dict[str, str]):
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for name, words in expected.items():
        hits = [ln for ln in lines if name in ln]
        assert len(hits) == 1, f"{name}: expected one line, got {hits}"
        assert hits[0].startswith("czt-kg: ") and words in hits[0], hits[0]


def test_build_reports_each_bad_page_on_one_line_and_builds_the_others(data_copy, tmp_path):
    expected = _bad_pages(data_copy / "raw")
    out = tmp_path / "out"
    r = _cli("build", "--data", str(data_copy), "--out", str(out))
    assert r.returncode == 1, r.stderr
    _assert_one_line_each(r.stderr, expected)
    assert "pages: 3 read, 4 unreadable" in r.stdout, r.stdout
    ttl = (out / "czt.ttl").read_text(encoding="utf-8")
    assert "萍乡市" in ttl and "湘潭市发布规划" in ttl  # the seed page and the HTML page were built
    assert "岳阳市人民政府" not in ttl  # nothing from inside <script>


def test_extract_reports_bad_pages_and_prints_the_good_ones(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    expected = _bad_pages(raw)
    good = raw / "good.txt"
    good.write_bytes(_ARTICLE.encode("gb18030"))
    pages = [str(raw / n) for n in [*expected, "good.txt", "page.html", "teasers.txt"]]
    r = _cli("extract", *pages, "--format", "json")
    assert r.returncode == 1, r.stderr
    _assert_one_line_each(r.stderr, expected)
    import json

    records = json.loads(r.stdout)
    assert {rec["document"]["page"] for rec in records} == {str(good), str(raw / "page.html"), str(raw / "teasers.txt")}
    labels = {e["label"] for rec in records for e in rec["entities"]}
    assert {"长沙市人民政府", "株洲市人民政府"} <= labels
    r = _cli("extract", str(raw / "empty.txt"), "--format", "table")
    assert r.returncode == 1 and r.stderr.strip() == f"czt-kg: {raw / 'empty.txt'}: page is empty"
