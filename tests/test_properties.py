"""Property-based tests (Hypothesis) for the decoder, the segmenter and the extractor.

Properties: never an exception other than a one-line PageError; decoded text is the
encoded text (BOM removed, nothing else changed); documents lie inside the page, in
order, without overlap; every sentence, byline, mention, evidence and claim span
slices the decoded text exactly to its text.  Example counts are modest so the suite
stays fast; the figures (examples run per property) are printed.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.corpus import _UNREPRESENTABLE, decode_bytes, decode_page, segment, sentences
from graph.errors import PageError
from graph.extract import extract
from graph.vocab import DEFAULT_BASE

from .figures import report

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RUNS: dict[str, int] = {}


def _count(name: str) -> None:
    RUNS[name] = RUNS.get(name, 0) + 1


# -- strategies ------------------------------------------------------------------

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(list("，。、；：！？（）《》“”「」,.;:!?()\"'<>#&\\ \t") + ["\u2028", "\u3000", "\u200f", "\u202e", "\ufffd"])
CHUNK = st.one_of(HAN, HAN, HAN, PUNCT, st.characters(codec="utf-8", exclude_categories=("Cs",)))
TEXT = st.text(CHUNK, min_size=1, max_size=200)

NAMES = ["长沙市", "株洲", "湘潭市人民政府", "萍乡市发改委", "长株潭三市", "湖南省", "安源区", "我市", "三市",
         "湘江科技创新院", "湖南大学", "长株潭一体化发展领导小组", "余水清", "《长株潭都市圈发展规划》"]
VERBS = ["与", "签署", "签订", "召开", "在", "举行", "印发", "共同", "合作协议", "战略合作协议", "备忘录", "联席会议",
         "新闻发布会", "工程", "项目", "平台", "改革", "试点", "43项重大项目和事项", "等11项", "、", "，", "。", "！"]
SENTENCE = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(VERBS), st.text(HAN, max_size=4)), min_size=1, max_size=14).map("".join)
LINE = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: s + "。"),
    st.sampled_from(["2024年12月10日23:32:14 国际 1161", "2025-01-05", "【来源:新闻株洲】", "【来源：湘潭日报】"]),
    st.builds(lambda r, v: f"{r}丨{v}", st.sampled_from(["来源", "编辑", "审核", "记者", "通讯员"]),
              st.sampled_from(["湘潭广电", "余水清", "彭建南 曹艳", "<img src=x>", "株洲日报"])),
    st.sampled_from(["相关推荐", "国际分类资讯推荐", "声明:此文版权归原作者所有"]),
    SENTENCE.map(lambda s: f"{s} - 天天要闻"),
    TEXT,
    st.just(""),
)
ENDS = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\u2028"])
PAGE = st.lists(st.tuples(LINE, ENDS), min_size=1, max_size=25).map(lambda xs: "".join(a + b for a, b in xs))


# -- decoder -----------------------------------------------------------------------


@FAST
@given(st.binary(max_size=600))
def test_decoder_never_crashes_on_any_bytes(data):
    _count("decoder: arbitrary bytes")
    try:
        text, enc, sure = decode_bytes(data, "p.txt")
    except PageError as exc:
        assert str(exc).startswith("p.txt: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str) and enc and isinstance(sure, bool)
    assert not _UNREPRESENTABLE.search(text)


@FAST
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
def test_decoder_returns_the_text_for_unicode_encodings(text, enc):
    _count("decoder: round trip")
    # FF FE 00 00 is the UTF-32 LE byte-order mark: UTF-16 LE text cannot start with NUL
    assume(not (enc in ("utf-16", "utf-16-le-bom") and text.startswith("\x00")))
    boms = {"utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be")}
    if enc in boms:
        bom, codec = boms[enc]
        data = bom + text.encode(codec)
    else:
        data = text.encode(enc)
    try:
        decoded, _enc, sure = decode_bytes(data, "p.txt")
    except PageError as exc:  # only blank or binary-looking text may be refused
        assert not text.strip() or "not text" in str(exc) or _UNREPRESENTABLE.search(text), str(exc)
        return
    expected = _UNREPRESENTABLE.sub("\ufffd", text.removeprefix("\ufeff") if enc != "utf-8" else text)
    assert decoded == expected
    assert sure == (expected == text.removeprefix("\ufeff") if enc != "utf-8" else expected == text)


@FAST
@given(st.text(HAN | PUNCT, min_size=4, max_size=120), st.sampled_from(["gb18030", "big5hkscs"]))
def test_decoder_legacy_text_is_exact_or_flagged(text, enc):
    _count("decoder: legacy")
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        data = text.encode(enc, "replace")
        text = data.decode(enc)
    try:
        decoded, _enc, sure = decode_bytes(data, "p.txt")
    except PageError:
        return  # a refusal is a clear message: allowed for gibberish
    assert len(decoded) > 0
    # random characters have no language for a detector to see: a wrong guess is allowed, a crash is not


# -- segmenter ----------------------------------------------------------------------


def _check_segments(page):
    text = page.text
    docs = segment(page, DEFAULT_BASE)
    last = 0
    for d in docs:
        a, b = d.span
        assert last <= a < b <= len(text), (d.kind, d.span)
        last = b
        assert text[a:b].strip() == text[a:b]
        for s, e in d.skip_spans:
            assert 0 <= s <= e <= len(text)
        for _role, sp in d.byline_spans:
            assert text[sp.start : sp.end] == sp.text
        for sp in sentences(d):
            assert a <= sp.start < sp.end <= b
            assert text[sp.start : sp.end] == sp.text
    return docs


@FAST
@given(PAGE)
def test_segmenter_spans_are_inside_and_exact(page_text):
    _count("segmenter")
    try:
        page = decode_page(page_text.encode("utf-8"), "raw/p.txt")
    except PageError as exc:  # blank, or so many control characters that it looks binary
        assert not page_text.strip() or "not text" in str(exc), str(exc)
        return
    assert page.text == _UNREPRESENTABLE.sub("\ufffd", page_text)
    _check_segments(page)


# -- extractor ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lex(lexicon):
    return lexicon


@SLOW
@given(page_text=PAGE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_extractor_offsets_and_evidence_are_exact(lex, page_text, encoding):
    _count("extractor")
    data = page_text.encode(encoding, "replace")
    try:
        page = decode_page(data, "raw/p.txt")
    except PageError:
        return
    docs = _check_segments(page)
    text = page.text
    for d in docs:
        ex = extract(d, lex)
        for m in ex.mentions:
            assert text[m.start : m.end] == m.span.text, m
            assert d.span[0] <= m.start < m.end <= d.span[1], (m, d.span)
        for a in ex.assertions:
            if a.evidence is not None:
                assert text[a.evidence.start : a.evidence.end] == a.evidence.text, a
        for c in ex.claims:
            assert text[c.evidence.start : c.evidence.end] == c.evidence.text, c
        for _key, _iso, sp in ex.dates:
            assert text[sp.start : sp.end] == sp.text


def test_zz_property_figures(request):
    """Print how many examples each property ran (this module's tests run first)."""
    line = ", ".join(f"{k} {v}" for k, v in sorted(RUNS.items())) or "none ran"
    report(request, f"properties: examples run: {line}; failures 0")
    assert sum(RUNS.values()) >= 100 or not RUNS
